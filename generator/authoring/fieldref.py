"""The field reference of the contributor guide, generated from the JSON Schemas.

The schemas in site_config/schema/ are the one definition of the record format, so the
reference is generated from them: one table row per field, with whether it is required,
what kind of value it takes and what it means. Both descriptions sit in the schema, side by
side: English in `description`, Korean in the annotation `x-description-ko` (JSON Schema
ignores keywords it does not know). A field without Korean is listed by `untranslated`, and
tests/test_fields.py fails on it.
"""

from __future__ import annotations

import dataclasses
import html
import re

from ..languages import CODES
from ..records.schema import SchemaSet

_WORDS = {
    "en": {
        "field": "Field",
        "required": "Required",
        "value": "Value",
        "meaning": "Meaning",
        "yes": "yes",
        "text": "text (ko, en)",
        "rich_text": "rich text (ko, en), a small Markdown subset",
        "date": "date YYYY-MM-DD",
        "partial_date": "year, year-month or date (2013, 2013-02, 2013-02-01)",
        "url": "web address (http:// or https://)",
        "record_id": "record id",
        "string": "text (one language)",
        "integer": "whole number",
        "number": "number",
        "object": "group of the fields below",
        "list": "a list, each item: {}",
        "term": "term from `{}`",
        "ref": "id of a {} in {}/",
        "enum": "one of: {}",
        "when": "required when `{}` is given",
        "place": "place: ISO 3166-1 country code or region id",
        "country": "place: ISO 3166-1 country code or region id",
        "https_url": "web address (https:// only)",
        "source_id": "source id",
        "as_of": "year, year-month or date",
        "citation": "source id, or source: and at:",
    },
    "ko": {
        "field": "항목",
        "required": "필수",
        "value": "값",
        "meaning": "뜻",
        "yes": "예",
        "text": "글 (ko, en)",
        "rich_text": "서식 있는 글 (ko, en), 간단한 Markdown",
        "date": "날짜 YYYY-MM-DD",
        "partial_date": "연도, 연-월 또는 날짜 (2013, 2013-02, 2013-02-01)",
        "url": "웹 주소 (http:// 또는 https://)",
        "record_id": "레코드 id",
        "string": "글 (한 언어)",
        "integer": "정수",
        "number": "숫자",
        "object": "아래 항목의 묶음",
        "list": "{} 목록",
        "term": "`{}` 어휘의 용어",
        "ref": "{1}/ 폴더의 {0} id",
        "enum": "다음 중 하나: {}",
        "when": "`{}` 항목이 있으면 필수",
        "place": "장소: ISO 3166-1 국가 코드 또는 지역 id",
        "country": "장소: ISO 3166-1 국가 코드 또는 지역 id",
        "https_url": "웹 주소 (https://만)",
        "source_id": "출처 id",
        "as_of": "연도, 연-월 또는 날짜",
        "citation": "출처 id, 또는 source:와 at:",
    },
}
#: The annotation that holds a field's Korean description, beside its English `description`.
KOREAN_DESCRIPTION = "x-description-ko"
_KIND_WORDS = {
    "program": {"en": "programme", "ko": "프로그램"},
    "case": {"en": "case", "ko": "사례"},
    "call": {"en": "call", "ko": "공고"},
}
_FOLDERS = {"program": "programs", "case": "cases", "call": "calls/<source>"}
_NAMED_DEFS = {
    "text",
    "rich_text",
    "date",
    "partial_date",
    "url",
    "record_id",
    "place",
    "country",
    "https_url",
    "source_id",
    "as_of",
    "citation",
}
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
    return set(schema.get("properties", {})) == set(CODES)


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
    """The meaning of a field in one language (the English description where no translation is given)."""
    english = row.schema.get("description", "")
    return row.schema.get(f"x-description-{lang}", english)  # the schema's own text is English


def untranslated(schemas: SchemaSet) -> list[str]:
    """The dotted paths ("program:reach[].unit") of fields without a Korean description beside the English one."""
    return [
        f"{kind}:{row.path}"
        for kind in _FOLDERS
        for row in reference_fields(schemas, kind)
        if not row.schema.get(KOREAN_DESCRIPTION) or not row.schema.get("description")
    ]


def field_reference(schemas: SchemaSet, kind: str, lang: str) -> str:
    """The field reference of a record kind as a Markdown table, in the language `lang`."""
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


GUIDES = {code: f"docs/{code}/contributing.md" for code in CODES}
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
