"""The field reference of the contributor guide, generated from the JSON Schemas.

The schemas in site_config/schema/ are the one definition of the record format, so the
reference is generated from them: one table row per field, with whether it is required,
what kind of value it takes and what it means. English descriptions come from the
schema; Korean ones from `KO` below, keyed by the English text, so a description that
changes in the schema shows up as untranslated (tests/test_docs.py fails on it).
"""

from __future__ import annotations

import dataclasses
import html
import re

from ..records.schema import SchemaSet

#: Korean for every field description in the schemas, keyed by the English description.
KO = {
    "programme or network.": "지원 프로그램(programme)인지 네트워크(network)인지.",
    "Full name.": "정식 이름.",
    "Short name used in tables and links.": "표와 링크에 쓰는 짧은 이름.",
    "The organisation that runs it.": "운영기관.",
    "Short name or acronym, such as KISTI.": "약칭 또는 머리글자(예: KISTI).",
    "What kind of body it is.": "어떤 종류의 기관인지.",
    "Where it is based.": "소재 국가.",
    "Region or city, where the source gives one.": "지역이나 도시(출처에 있을 때).",
    "Its part in the programme or case.": "프로그램이나 사례에서 맡은 역할.",
    "Its head, where the source names one.": "기관장(출처에 이름이 나올 때).",
    "Person's name.": "사람 이름.",
    "Their position, such as chairman.": "직위(예: 이사장).",
    "Partner organisations and their roles.": "협력기관과 그 역할.",
    "Where it runs: a country, or a region such as europe.": "운영 국가 또는 지역(예: europe).",
    "Region within the country, or the area it covers.": "국내 지역 또는 대상 지역.",
    "One or two plain sentences for lists and search results.": "목록과 검색 결과에 쓰는 한두 문장의 요약.",
    "What it does, in a few paragraphs.": "무엇을 하는지, 몇 문단으로.",
    "Kinds of support it gives.": "지원 유형.",
    "Who it is for.": "지원 대상.",
    "Who can take part, as the source says it.": "참여 자격(출처의 표현대로).",
    "Company sizes or stages it serves.": "대상 기업 규모나 성장 단계.",
    "What it costs the SME.": "중소기업이 내는 비용.",
    "free, unknown, ...": "free(무료), unknown(출처에 없음) 등.",
    "Details.": "자세한 설명.",
    "How the support is delivered.": "지원 방식.",
    "The delivery model.": "지원 방식 용어.",
    "The steps a company goes through, in order (at most 30).": "기업이 거치는 절차, 순서대로(30단계까지).",
    "Short name of the step.": "단계의 짧은 이름.",
    "What happens in it.": "그 단계에서 하는 일.",
    "What happens when a need is too hard for the programme alone.":
        "프로그램만으로 풀기 어려운 요구를 어떻게 처리하는지.",
    "Support after the programme ends.": "지원이 끝난 뒤의 후속 지원.",
    "Who takes part (for networks and platforms).": "참여 주체(네트워크·플랫폼의 경우).",
    "What the programme produces, such as research agendas.": "프로그램의 산출물(예: 연구 의제).",
    "Announced plans, as of the source.": "출처 시점에 발표된 계획.",
    "Dated events in its history.": "날짜가 있는 연혁.",
    "When, as exact as known.": "언제(아는 만큼 정확히).",
    "What happened.": "무슨 일이 있었는지.",
    "Figures on its reach or size.": "지원 규모를 나타내는 수치.",
    "The number, digits only (250, not 'about 250').": "숫자만(‘약 250’이 아니라 250).",
    "How exact the number is: about, more-than or exactly.":
        "수치가 얼마나 정확한지: about(약), more-than(이상), exactly(정확히).",
    "What is counted, such as companies.": "세는 단위(예: 개 기업).",
    "What the number measures, in a short phrase.": "무엇을 센 수치인지, 짧게.",
    "When the number held.": "그 수치의 기준 시점.",
    "Networks and expert groups it draws on: another record (program) or a named group (name).":
        "활용하는 네트워크와 전문가 그룹: 다른 레코드(program) 또는 이름만 있는 그룹(name).",
    "Id of a record in programs/.": "programs/ 폴더에 있는 레코드의 id.",
    "Name of a group that has no record.": "레코드가 없는 그룹의 이름.",
    "What it contributes.": "그 네트워크가 하는 일.",
    "Awards and other recognition.": "수상 등 외부 인정.",
    "Name of the award.": "상 이름.",
    "Contest or event where it was given.": "상을 받은 대회나 행사.",
    "Who gave or hosted it.": "시상·주관 기관.",
    "Year.": "연도.",
    "When it started: a year or a year-month.": "시작 시점: 연도 또는 연-월.",
    "Whether it runs, as of a date (sources age).": "운영 여부와 그 기준 시점(출처는 낡기 마련입니다).",
    "active, planned, ended or unknown.": "active(운영 중), planned(계획), ended(종료), unknown(알 수 없음).",
    "The sources of the record's facts; at least one.": "레코드 내용의 출처. 하나 이상.",
    "Title as published, in its own language.": "발표된 그대로의 제목(원래 언어로).",
    "Author, with their position where the source gives it.": "저자(출처에 있으면 직위 포함).",
    "Publisher, where known.": "발행처(알 때).",
    "Publication date, as exact as known.": "발행일(아는 만큼 정확히).",
    "Address, only when known.": "웹 주소(알 때만).",
    "Language of the source.": "출처의 언어.",
    "What the record takes from it, or what is uncertain.": "출처에서 가져온 내용이나 불확실한 점.",
    "When someone last checked the record against its sources.": "누군가 레코드를 출처와 마지막으로 대조한 날짜.",
    "Ids from the 'tags' vocabulary in site_config/taxonomy.yaml.":
        "site_config/taxonomy.yaml의 'tags' 어휘에 있는 id.",
    "Headline.": "제목.",
    "The company the story is about.": "사례의 주인공인 기업.",
    "Company name.": "회사 이름.",
    "What it makes or does.": "무엇을 만들거나 하는 회사인지.",
    "Its standing in its market, as the source puts it.": "시장에서의 위치(출처의 표현대로).",
    "Partner companies or bodies, with their roles.": "협력한 기업이나 기관과 그 역할.",
    "What came of it; a figure where the source gives one.": "성과. 출처에 수치가 있으면 수치도.",
    "What the outcome is.": "성과의 내용.",
    "The number, digits only.": "숫자만.",
    "How exact the number is.": "수치가 얼마나 정확한지.",
    "What is counted.": "세는 단위.",
    "When.": "언제.",
    "The story, in a few paragraphs.": "사례 이야기, 몇 문단으로.",
    "A quote, where the source has one.": "인용문(출처에 있을 때).",
    "The words.": "인용한 말.",
    "Who said it, where known.": "말한 사람(알 때).",
    "Year of the outcome; where the source gives none, the year it was reported.":
        "성과가 난 연도. 출처에 없으면 보도된 연도.",
    ("Sectors it serves, as KSIC sections (A to U, which follow ISIC Rev. 4); 'any' when open to every "
     "sector, 'not-stated' when the source names none."):
        "대상 업종. 한국표준산업분류(KSIC) 대분류 A~U(ISIC Rev. 4와 같음). "
        "모든 업종이면 'any', 출처에 없으면 'not-stated'.",
    'Where an applicant must be based: countries or regions.': '신청 기업의 소재지 조건: 국가 또는 지역.',
    'Whether companies based abroad may apply: yes, no or not-stated.':
        '해외 기업도 신청할 수 있는지: yes(가능), no(불가), not-stated(출처에 없음).',
    'For export help: the markets it helps companies reach.': '수출 지원의 경우, 진출을 돕는 시장.',
    'The date the source states who may apply.': '출처가 말하는 지원 자격의 기준 시점.',
    'The sources this fact comes from, by id. With one source in the record it may be left out.':
        '이 내용의 출처 id. 레코드에 출처가 하나뿐이면 생략할 수 있습니다.',
    'When that was true (required for active and planned).': '그 상태의 기준 시점(active, planned이면 필수).',
    "Web pages of the programme: the official page, the operator's site, where to apply, guides.":
        '프로그램의 웹페이지: 공식 페이지, 운영기관 누리집, 신청 페이지, 안내 자료.',
    'What the page is: official, operator, apply, guide, call or contact.':
        '페이지 종류: official, operator, apply, guide, call, contact.',
    'The address (https only).': '주소(https만).',
    "The page's language: ko, en or other.": '페이지의 언어: ko, en, other.',
    'When someone last checked that the page works.': '페이지가 열리는지 마지막으로 확인한 날.',
    'A label for the link.': '링크에 붙일 이름.',
    'How to apply.': '신청 방법.',
    'The route: online, email, post, in-person, invitation, through-operator or not-known.':
        '신청 경로: online, email, post, in-person, invitation, through-operator, not-known.',
    "The route in plain words, such as 'online through the agency's portal'.":
        "신청 방법을 쉬운 말로(예: '기관 포털에서 온라인 신청').",
    'Where to apply.': '신청하는 곳의 주소.',
    'The date the source states the route for.': '출처가 말하는 신청 방법의 기준 시점.',
    "The public contact of the operator's office, as the operator publishes it; never a private person's details.":
        '운영기관이 공개한 부서 연락처. 개인의 연락처는 적지 않습니다.',
    'The office or desk (not a person).': '담당 부서나 창구(사람 이름이 아님).',
    'Its public e-mail address.': '공개된 전자우편 주소.',
    'Its public phone number: digits, spaces, +, - and brackets.': '공개된 전화번호: 숫자, 빈칸, +, -, 괄호.',
    'Its contact page.': '문의 페이지.',
    'The date the source states the contact for.': '출처가 말하는 연락처의 기준 시점.',
    "What the SME gets: money, services in kind, or nothing; 'not-stated' is not 'none'.":
        "중소기업이 받는 것: 자금, 현물·서비스, 또는 없음. 'not-stated'(출처에 없음)는 'none'(없음)과 다릅니다.",
    'amounts, in-kind, none or not-stated.':
        'amounts(자금), in-kind(현물·서비스), none(없음), not-stated(출처에 없음).',
    'Amounts of money it gives.': '지원 금액.',
    'What the amount is for, such as Phase 1.': '금액의 대상(예: 1단계).',
    'The smallest amount, digits only.': '최소 금액, 숫자만.',
    'The largest amount, digits only.': '최대 금액, 숫자만.',
    'The ISO 4217 currency code, such as KRW or EUR.': 'ISO 4217 통화 코드(예: KRW, EUR).',
    'What the amount is given per: project, phase, company, year or call.':
        '금액의 단위: project(과제), phase(단계), company(기업), year(연), call(공고).',
    'The date the source states the amount for.': '출처가 말하는 금액의 기준 시점.',
    'The share of the costs it pays, in per cent (0 to 100).': '비용 가운데 지원하는 비율, 퍼센트(0~100).',
    'Services it gives instead of money.': '자금 대신 제공하는 서비스.',
    'How long the support lasts.': '지원 기간.',
    'Shortest duration, in months.': '가장 짧은 기간, 개월.',
    'Longest duration, in months.': '가장 긴 기간, 개월.',
    'The date the source states the funding for.': '출처가 말하는 지원 내용의 기준 시점.',
    'Calls or rounds for applications; past rounds stay as history.':
        '신청 공고나 모집 회차. 지난 회차도 기록으로 남깁니다.',
    'Name of the call or round.': '공고나 회차의 이름.',
    'dated (opens and closes on dates), rolling (open all year) or invitation.':
        'dated(정해진 기간), rolling(상시 접수), invitation(초청).',
    'The day it opens.': '접수 시작일.',
    'The last day to apply (required for a dated call).': '접수 마감일(dated이면 필수).',
    "The call's page.": '공고 페이지.',
    "How the record was checked: against the operator's own page, or taken from a secondary source and not re-checked.":
        '레코드를 확인한 방법: 운영기관 페이지와 대조했는지, 2차 출처에서 가져와 다시 확인하지 않았는지.',
    'operator-page or secondary.': 'operator-page(운영기관 페이지와 대조) 또는 secondary(2차 출처).',
    'When it was checked.': '확인한 날.',
    "With operator-page: the id of the operator's page among the sources.":
        'operator-page일 때, 출처 가운데 운영기관 페이지의 id.',
    'A short id that facts cite, unique in the record, such as article-2013.':
        '내용이 인용하는 짧은 id. 레코드 안에서 겹치지 않게(예: article-2013).',
    'What kind of source it is: operator-page, news, column, report, portal, press-release, paper or law.':
        '출처의 종류: operator-page, news, column, report, portal, press-release, paper, law.',
    "The title in the site's languages, where it differs from the original.":
        '원제와 다를 때, 사이트 언어로 옮긴 제목.',
    "The author's name and position in the site's languages.": '사이트 언어로 적은 글쓴이 이름과 직위.',
    'When someone read the source for this record (required with an address).':
        '이 레코드를 위해 출처를 읽은 날(주소가 있으면 필수).',
    'The programmes linked to the story (files in programs/), each with how sure the link is.':
        '사례와 연결된 프로그램(programs/ 폴더의 파일)과 그 연결이 얼마나 확실한지.',
    'confirmed (the source names the programme) or suggested (the source only points to it).':
        'confirmed(출처가 프로그램을 밝힘) 또는 suggested(출처가 짐작만 하게 함).',
    'Why the link is made, and what the source leaves open.': '연결한 까닭과 출처가 밝히지 않는 점.',
    'Countries or regions the outcome reaches.': '성과가 닿은 국가나 지역.',
    "The company's sectors, as KSIC sections (A to U).": '기업의 업종, 한국표준산업분류 대분류(A~U).',
}

_WORDS = {
    "en": {
        "field": "Field", "required": "Required", "value": "Value", "meaning": "Meaning", "yes": "yes",
        "text": "text (ko, en)", "rich_text": "rich text (ko, en), a small Markdown subset",
        "date": "date YYYY-MM-DD", "partial_date": "year, year-month or date (2013, 2013-02, 2013-02-01)",
        "url": "web address (http:// or https://)", "record_id": "record id", "string": "text (one language)",
        "integer": "whole number", "number": "number", "object": "group of the fields below",
        "list": "a list, each item: {}", "term": "term from `{}`", "ref": "id of a {} in {}/", "enum": "one of: {}",
        "when": "required when `{}` is given",
        "place": "place: ISO 3166-1 country code or region id",
        "country": "place: ISO 3166-1 country code or region id",
        "https_url": "web address (https:// only)", "source_id": "source id", "as_of": "year, year-month or date",
        "citation": "source id, or source: and at:",
    },
    "ko": {
        "field": "항목", "required": "필수", "value": "값", "meaning": "뜻", "yes": "예",
        "text": "글 (ko, en)", "rich_text": "서식 있는 글 (ko, en), 간단한 Markdown",
        "date": "날짜 YYYY-MM-DD", "partial_date": "연도, 연-월 또는 날짜 (2013, 2013-02, 2013-02-01)",
        "url": "웹 주소 (http:// 또는 https://)", "record_id": "레코드 id", "string": "글 (한 언어)",
        "integer": "정수", "number": "숫자", "object": "아래 항목의 묶음",
        "list": "{} 목록", "term": "`{}` 어휘의 용어", "ref": "{1}/ 폴더의 {0} id", "enum": "다음 중 하나: {}",
        "when": "`{}` 항목이 있으면 필수",
        "place": "장소: ISO 3166-1 국가 코드 또는 지역 id", "country": "장소: ISO 3166-1 국가 코드 또는 지역 id",
        "https_url": "웹 주소 (https://만)", "source_id": "출처 id", "as_of": "연도, 연-월 또는 날짜",
        "citation": "출처 id, 또는 source:와 at:",
    },
}
_KIND_WORDS = {"program": {"en": "programme", "ko": "프로그램"}, "case": {"en": "case", "ko": "사례"}}
_FOLDERS = {"program": "programs", "case": "cases"}
_NAMED_DEFS = {"text", "rich_text", "date", "partial_date", "url", "record_id", "place", "country", "https_url",
               "source_id", "as_of", "citation"}
_MD_SPECIAL = re.compile(r"([\\`*_|\[\]])")


@dataclasses.dataclass(frozen=True)
class FieldRow:
    """One field of a record kind: its dotted path, whether it is required, and its schema."""

    path: str
    required: str  # "" (optional), "yes", or the name of the field that makes it required
    schema: dict
    base: str  # the schema document that `schema` lives in, for resolving its references
    definition: str  # the `$defs` name the field refers to, or ""


def reference_fields(schemas: SchemaSet, kind: str) -> list[FieldRow]:
    """Every field of a record kind, parents before children, in schema order."""
    schema, base = schemas.resolve(*schemas.root(kind))
    rows: list[FieldRow] = []
    _collect(schemas, schema, base, "", rows)
    return rows


def _collect(schemas: SchemaSet, schema: dict, base: str, prefix: str, rows: list[FieldRow]) -> None:
    required = set(schema.get("required", ()))
    dependent = {need: given for given, needs in schema.get("dependentRequired", {}).items() for need in needs}
    for name, raw in schema.get("properties", {}).items():
        resolved, where = schemas.resolve(raw, base)
        path = f"{prefix}{name}"
        needed = "yes" if name in required else dependent.get(name, "")
        rows.append(FieldRow(path, needed, resolved, where, _definition(raw)))
        if _is_text(resolved):
            continue
        if resolved.get("type") == "object":
            _collect(schemas, resolved, where, f"{path}.", rows)
        items = resolved.get("items")
        if resolved.get("type") == "array" and isinstance(items, dict):
            item, item_base = schemas.resolve(items, where)
            if item.get("type") == "object" and not _is_text(item):
                _collect(schemas, item, item_base, f"{path}[].", rows)


def _definition(raw: dict) -> str:
    ref = raw.get("$ref", "")
    return ref.rpartition("/")[2] if "#/$defs/" in ref else ""


def _is_text(schema: dict) -> bool:
    return set(schema.get("properties", {})) == {"ko", "en"}


def describe_value(schemas: SchemaSet, row: FieldRow, lang: str) -> str:
    """What kind of value a field takes, in plain words."""
    return _value_words(schemas, row.schema, row.base, row.definition, lang)


def _value_words(schemas: SchemaSet, schema: dict, base: str, definition: str, lang: str) -> str:
    words = _WORDS[lang]
    if "x-ref" in schema:
        target = schema["x-ref"]
        return words["ref"].format(_KIND_WORDS[target][lang], _FOLDERS[target])
    if "x-taxonomy" in schema:
        return words["term"].format(schema["x-taxonomy"])
    if definition == "text" and schema.get("x-rich"):
        return words["rich_text"]
    if definition in _NAMED_DEFS:
        return words[definition]
    if _is_text(schema):
        return words["rich_text" if schema.get("x-rich") else "text"]
    if "enum" in schema:
        return words["enum"].format(", ".join(f"`{v}`" for v in schema["enum"]))
    kind = schema.get("type")
    if kind == "array" and isinstance(schema.get("items"), dict):
        item, item_base = schemas.resolve(schema["items"], base)
        inner = _value_words(schemas, item, item_base, _definition(schema["items"]), lang)
        return words["list"].format(inner)
    return words.get(kind, words["string"])


def describe_field(row: FieldRow, lang: str) -> str:
    """The meaning of a field in one language (English falls back when Korean is missing)."""
    english = row.schema.get("description", "")
    return KO.get(english, english) if lang == "ko" else english


def untranslated(schemas: SchemaSet) -> list[str]:
    """English field descriptions that have no Korean translation in `KO`."""
    missing = []
    for kind in _FOLDERS:
        for row in reference_fields(schemas, kind):
            english = row.schema.get("description", "")
            if english and english not in KO and english not in missing:
                missing.append(english)
    return missing


def field_reference(schemas: SchemaSet, kind: str, lang: str) -> str:
    """The field reference of a record kind as a Markdown table, in `lang` ("ko" or "en")."""
    words = _WORDS[lang]
    lines = [
        f"| {words['field']} | {words['required']} | {words['value']} | {words['meaning']} |",
        "|---|---|---|---|",
    ]
    for row in reference_fields(schemas, kind):
        required = words["yes"] if row.required == "yes" else ""
        value = describe_value(schemas, row, lang)
        meaning = _cell(describe_field(row, lang))
        if row.required not in ("", "yes"):
            meaning += f" ({words['when'].format(row.required)})"
        lines.append(f"| `{row.path}` | {required} | {value} | {meaning} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Plain text made safe for a Markdown table cell."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


GUIDES = {"ko": "docs/ko/contributing.md", "en": "docs/en/contributing.md"}
_SECTION = re.compile(r"(<!-- field-reference:(\w+):start -->\n).*?(<!-- field-reference:\2:end -->)", re.DOTALL)


def render_guide(text: str, schemas: SchemaSet, lang: str) -> str:
    """The guide with every `<!-- field-reference:KIND:start/end -->` section regenerated."""

    def replace(match: re.Match) -> str:
        kind = match.group(2)
        if kind not in _FOLDERS:
            return match.group(0)
        return match.group(1) + "\n" + field_reference(schemas, kind, lang) + "\n" + match.group(3)

    return _SECTION.sub(replace, text)


def update_guides(project, write: bool = True) -> list[str]:
    """Regenerate the field reference in each language's guide; return the guides that changed."""
    schemas = SchemaSet(project.schema_dir)
    changed = []
    for lang, rel in GUIDES.items():
        path = project.root / rel
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        fresh = render_guide(text, schemas, lang)
        if fresh != text:
            changed.append(rel)
            if write:
                path.write_text(fresh, "utf-8", newline="\n")
    return changed
