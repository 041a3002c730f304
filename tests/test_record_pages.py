"""Record pages of issue 9: the summary card, numbered citations, the old-information notice and the
home page's provenance, in both languages, against a fixed build date."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest
from project_copy import copy_project, keep_article_records

from generator.facts import Amount, Application, Call, Citation, Funding, Link
from generator.model import Source, Status, Text
from generator.pipeline import check
from generator.project import Project
from generator.render import card
from generator.render.pages import render_catalogue
from generator.text import render_rich_text

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 3, 1)
YEARS = 2
OFFICIAL = "https://example.org/programme"
OPERATOR = "https://example.org/"


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """The article's records as first written (one source each, from 2013), checked in a project copy."""
    project = keep_article_records(copy_project(tmp_path_factory.mktemp("article")))
    return project, check(project)


@pytest.fixture(scope="module")
def kisti(article):
    """A programme with one source, the 2013 article: its groups cite that source without `cites`."""
    return article[1][0].program_by_id["kisti-knowledge-mentoring"]


def show(bundled, program, lang: str) -> str:
    catalogue, strings = bundled
    return str(
        card.summary_card(
            program,
            TODAY,
            YEARS,
            lang,
            strings.bound(lang),
            lambda vocabulary, term: catalogue.label(vocabulary, term, lang),
        )
    )


def dd(html: str, label: str) -> str:
    """The value of one row of the card, without its citation marks."""
    found = re.search(rf"<dt>{re.escape(label)}</dt>\n<dd>(.*?)</dd>", html)
    assert found, html
    return re.sub(r'<sup class="kb-cite">.*?</sup>', "", found.group(1))


def call(mode: str, opens: str | None = None, closes: str | None = None, cutoffs: tuple[str, ...] = ()) -> Call:
    title = Text(ko="2026년 공고", en="2026 call")
    return Call(f"call-{mode}", title, mode, opens=opens, closes=closes, cutoffs=cutoffs)


STATUS_CASES = [
    (
        Status("active", "2025-11"),
        {
            "ko": "운영 중 (2025년 11월 기준), 정해진 공고 일정 없음 · 신청: 운영기관에 문의",
            "en": "Running (as of Nov 2025), no call dates · apply: ask the operator",
        },
    ),
    (Status("active", "2013"), {"ko": "2013년에 운영 중이었음 (마지막 확인)", "en": "Last known running in 2013"}),
    (Status("ended", "2014-06"), {"ko": "종료 (2014년 6월 기준)", "en": "Ended (as of Jun 2014)"}),
]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("status", "expected"), STATUS_CASES)
def test_card_status_is_derived_against_the_build_date(bundled, kisti, lang, status, expected):
    html = show(bundled, dataclasses.replace(kisti, status=status), lang)
    assert dd(html, bundled[1].get("status", lang)) == expected[lang]


FUNDING_CASES = [
    (None, {"ko": "출처에 없음", "en": "Not stated in the sources"}),
    (Funding("not-stated"), {"ko": "출처에 없음", "en": "Not stated in the sources"}),
    (Funding("none"), {"ko": "없음 (자금을 지원하지 않음)", "en": "None (no money is given)"}),
    (
        Funding("amounts", (Amount(max=50_000_000, currency="KRW", per="project"),)),
        {"ko": "₩50,000,000 과제당", "en": "₩50,000,000 per project"},
    ),
    (
        Funding("amounts", (Amount(min=10_000, max=60_000, currency="EUR", per="company"),)),
        {"ko": "€10,000 – €60,000 기업당", "en": "€10,000 – €60,000 per company"},
    ),
]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("funding", "expected"), FUNDING_CASES)
def test_card_funding_none_is_not_not_stated(bundled, kisti, lang, funding, expected):
    html = show(bundled, dataclasses.replace(kisti, funding=funding), lang)
    assert dd(html, bundled[1].get("what_you_get", lang)) == expected[lang]


NO_DEADLINE = {"ko": "예정된 마감 없음", "en": "No deadline ahead"}
#: (calls, the card's status line, its next-deadline line) at TODAY; the programme's status dates from 2013.
CALL_CASES = [
    ((), {"ko": "2013년에 운영 중이었음 (마지막 확인)", "en": "Last known running in 2013"}, NO_DEADLINE),
    (
        (call("dated", "2026-02-01", "2026-03-31"),),
        {"ko": "2026년 3월 31일까지 접수 중 (D-30)", "en": "Open until Mar 31, 2026 (30 days left)"},
        {"ko": "2026년 3월 31일 (D-30) — 2026년 공고", "en": "Mar 31, 2026 (30 days left) — 2026 call"},
    ),
    (
        (call("dated", "2026-04-01", "2026-04-30"),),
        {"ko": "2026년 4월 1일 접수 시작", "en": "Opens on Apr 1, 2026"},
        {"ko": "2026년 4월 1일 접수 시작 예정 — 2026년 공고", "en": "Opens Apr 1, 2026 — 2026 call"},
    ),
    (  # a past call is evidence the programme ran then (within the limit): its last call closed
        (call("dated", "2025-01-01", "2025-02-28"),),
        {
            "ko": "마지막 공고가 2025년 2월 28일에 마감됨, 다음 공고는 알려지지 않음",
            "en": "Last call closed Feb 28, 2025; no next call known",
        },
        NO_DEADLINE,
    ),
    (  # one older than the limit: last known running in its year
        (call("dated", "2023-01-01", "2023-02-28"),),
        {"ko": "2023년에 운영 중이었음 (마지막 확인)", "en": "Last known running in 2023"},
        NO_DEADLINE,
    ),
    (
        (call("dated", "2026-01-01", "2026-03-01"),),
        {"ko": "2026년 3월 1일까지 접수 중 (D-day)", "en": "Open until Mar 1, 2026 (closes today)"},
        {"ko": "2026년 3월 1일 (D-day) — 2026년 공고", "en": "Mar 1, 2026 (closes today) — 2026 call"},
    ),
    (  # an open call comes before one that opens later
        (call("dated", "2026-04-01", "2026-04-30"), call("cutoffs", "2026-02-01", None, ("2026-03-02", "2026-05-01"))),
        {"ko": "2026년 3월 2일까지 접수 중 (D-1)", "en": "Open until Mar 2, 2026 (1 day left)"},
        {"ko": "2026년 3월 2일 (D-1) — 2026년 공고", "en": "Mar 2, 2026 (1 day left) — 2026 call"},
    ),
]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("calls", "status", "deadline"), CALL_CASES)
def test_card_status_and_next_deadline_come_from_the_calls(bundled, kisti, lang, calls, status, deadline):
    html = show(bundled, dataclasses.replace(kisti, calls=calls), lang)
    assert dd(html, bundled[1].get("status", lang)) == status[lang]
    assert dd(html, bundled[1].get("next_deadline", lang)).removesuffix(' <a href="#calls">↓</a>') == deadline[lang]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_card_apply_button_or_ask_the_operator(bundled, kisti, lang):
    labels = bundled[1].bound(lang)
    applying = dataclasses.replace(kisti, application=Application("online", url=OFFICIAL + "/apply"))
    assert f'class="md-button md-button--primary" href="{OFFICIAL}/apply">{labels["apply_button"]}</a>' in show(
        bundled, applying, lang
    )
    official = dataclasses.replace(kisti, links=(Link("official", OFFICIAL, "ko"),))
    assert f'href="{OFFICIAL}">{labels["apply_button"]}' in show(bundled, official, lang)
    with_operator = dataclasses.replace(kisti, links=(Link("operator", OPERATOR, "ko"),))
    assert f'{labels["no_route"]} <a href="{OPERATOR}">' in show(bundled, with_operator, lang)
    bare = show(bundled, dataclasses.replace(kisti, links=()), lang)
    assert f'<p class="kb-no-route">{labels["no_route"]}</p>' in bare and "md-button" not in bare


def test_card_who_may_apply_and_its_citation(bundled, kisti):
    html = show(bundled, kisti, "en")
    assert dd(html, "Who may apply") == "Small and medium-sized enterprises · No sector named"
    # kisti has one source: a group without `cites` cites it.
    assert (
        '<dd>Small and medium-sized enterprises · No sector named<sup class="kb-cite">'
        '<a href="#source-1">[1]</a></sup></dd>' in html
    )


def two_sources(record):
    second = Source(
        "second",
        "news",
        "두 번째 기사",
        Text(ko="두 번째 기사", en="The second article"),
        url="https://example.org/second",
        date="2025-05",
    )
    return dataclasses.replace(record, sources=(*record.sources, second))


def test_citations_are_numbered_by_the_source_list_and_link_to_its_anchors(kisti):
    program = two_sources(kisti)
    assert str(card.cite_marks(program, (Citation("second"), Citation(kisti.sources[0].id, "p. 2")))) == (
        '<sup class="kb-cite"><a href="#source-2">[2]</a><a href="#source-1" title="p. 2">[1]</a></sup>'
    )
    assert str(card.cite_marks(program, ())) == ""  # two sources: an uncited group cites none
    listed = str(card.source_list(program, "en"))
    assert '<li id="source-1">' in listed
    assert '<li id="source-2"><a href="https://example.org/second">The second article [두 번째 기사]</a>' in listed
    korean = str(card.source_list(program, "ko"))
    assert '<li id="source-2"><a href="https://example.org/second">두 번째 기사</a>' in korean


def test_inline_markers_become_citations_and_stay_inert(kisti):
    program = two_sources(kisti)
    rendered = card.inline_citations(render_rich_text("See [@second] and [@nope] <b>x</b>."), program)
    assert '<a href="#source-2">[2]</a>' in rendered and "[@nope]" in rendered and "<b>" not in rendered


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pages_open_with_the_notice_when_the_newest_source_is_old(bundled, kisti, lang):
    labels = bundled[1].bound(lang)
    old = str(card.stale_notice(kisti, TODAY, YEARS, labels, OPERATOR))
    assert labels["stale_notice"].format(year="2013") in old and f'<a href="{OPERATOR}">' in old
    # One date of record: a newer source does not make the page current while its status dates from 2013.
    assert labels["stale_notice"].format(year="2013") in str(
        card.stale_notice(two_sources(kisti), TODAY, YEARS, labels, None)
    )
    current = dataclasses.replace(kisti, status=Status("active", "2025-05"))
    assert str(card.stale_notice(current, TODAY, YEARS, labels, OPERATOR)) == ""
    text = {
        "ko": "이 정보는 2013년 자료입니다. 행동하기 전에 운영기관에 확인하세요.",
        "en": "This information is from 2013; check with the operator before you act.",
    }[lang]
    assert text in old


def test_rendered_programme_page_has_card_notice_sources_and_no_empty_cases(bundled):
    catalogue, strings = bundled
    files = render_catalogue(Project(REPO), catalogue, strings, today=TODAY)
    page = files["en/programs/gri-sme-technology-support.md"].decode()
    assert page.index("kb-stale") < page.index('<div class="kb-card">') < page.index('<ol class="kb-sources">')
    assert "Success stories" not in page.split('<div class="kb-card">')[1]  # no cases: no section
    for anchor in set(re.findall(r'href="#(source-\d+)"', page)):
        assert f'<li id="{anchor}">' in page
    home = files["ko/index.md"].decode()
    assert f"지원 프로그램·네트워크 {len(catalogue.programs)}개" in home
    years = sorted({s.date[:4] for r in (*catalogue.programs, *catalogue.cases) for s in r.sources if s.date})
    span = f"{years[0]}년부터 {years[-1]}년까지의 자료" if len(years) > 1 else f"모두 {years[0]}년 자료"
    assert span in home  # where the catalogue's information comes from, and how old it is
    assert f"{len(catalogue.programs)} programmes and networks" in files["en/index.md"].decode()


def test_case_page_shows_the_relation_certainty_and_its_citation(article):
    project, checked = article
    files = render_catalogue(project, *checked, today=TODAY)
    page = files["en/cases/charmcare-france-supply.md"].decode()
    assert "(suggested by the source, not confirmed)" in page
    assert re.search(r"not confirmed\).*<sup class=\"kb-cite\"><a href=\"#source-1\">\[1\]</a></sup>", page)


def test_inline_citations_take_several_sources_and_locators():
    """`[@a; @b]` and `[@a, Phase 2]` (Pandoc's forms) become numbered marks; an unknown id stays as written."""
    from markupsafe import Markup

    from generator.records.validate import validate_catalogue
    from generator.render.card import inline_citations

    catalogue = validate_catalogue(Project(Path(__file__).resolve().parent.parent))
    record = next(p for p in catalogue.programs if len(p.sources) >= 2)
    first, second = record.sources[0].id, record.sources[1].id
    html = str(inline_citations(Markup(f"a [@{first}; @{second}] b [@{first}, Phase 2] c [@nowhere]"), record))
    assert f"[@{first}" not in html and "[@nowhere]" in html
    assert html.count("#source-1") == 2 and html.count("#source-2") == 1
