"""The compare page's rows: funding, who may apply, how to apply, status and next deadline at the build date."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from generator.facts import Amount, Application, Call, Funding
from generator.model import Text
from generator.pipeline import check
from generator.project import Project
from generator.render.pages import render_catalogue

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(scope="module")
def pages():
    """The compare page in each language, with the first programme given funding, an application route and calls."""
    catalogue, strings = check(Project(REPO))
    first = catalogue.programs[0]
    changed = dataclasses.replace(
        first,
        funding=Funding(given="amounts", amounts=(Amount(min=50000, max=100000, currency="EUR", per="project"),)),
        application=Application(route="not-known"),
        eligibility=dataclasses.replace(first.eligibility, applicant_countries=("NL",), foreign_companies="yes"),
        status=dataclasses.replace(first.status, value="active", as_of="2026-01"),
        calls=(
            Call(
                id="round-1", title=Text(ko="1차", en="Round 1"), mode="dated", opens="2026-05-01", closes="2026-06-30"
            ),
            Call(id="round-0", title=Text(ko="0차", en="Round 0"), mode="dated", closes="2025-06-30"),
            Call(id="round-00", title=Text(ko="00차", en="Round 00"), mode="dated", closes="2024-06-30"),
        ),
    )
    catalogue = dataclasses.replace(catalogue, programs=(changed, *catalogue.programs[1:]))
    files = render_catalogue(Project(REPO), catalogue, strings, today=TODAY)
    return {lang: files[f"{lang}/compare.md"].decode("utf-8") for lang in ("ko", "en")}, first.id


def row(text: str, program_id: str) -> str:
    return next(line for line in text.splitlines() if f"programs/{program_id}.md" in line and line.startswith("|"))


def test_amounts_are_written_per_language_with_their_unit(pages):
    by_lang, pid = pages
    assert "€50,000–€100,000 per project" in row(by_lang["en"], pid)
    assert "과제당 €50,000–€100,000" in row(by_lang["ko"], pid)


def test_who_may_apply_and_the_next_deadline_at_the_build_date(pages):
    by_lang, pid = pages
    en = row(by_lang["en"], pid)
    assert "Applicants from: Netherlands" in en and "Foreign companies: May apply" in en
    assert "Open until Jun 30, 2026 \\(29 days left\\)" in en  # the date as each language writes it
    assert "2026년 6월 30일까지 접수 중 \\(D\\-29\\)" in row(by_lang["ko"], pid)
    # The next deadline and how many calls are past, not a line per past call (issue 19).
    assert "Next deadline: Jun 30, 2026 (Round 1) · 2 past calls" in en and "Round 0" not in en
    assert "다음 마감: 2026년 6월 30일 (1차) · 지난 공고 2건" in row(by_lang["ko"], pid)


def test_not_stated_and_not_known_carry_the_same_marker(pages):
    by_lang, pid = pages
    en = row(by_lang["en"], pid)
    assert '<span class="kb-not-stated" data-same="not-stated">Not known</span>' in en  # how to apply
    other = next(
        line for line in by_lang["en"].splitlines() if line.startswith("| [") and f"programs/{pid}.md" not in line
    )
    assert other.count('data-same="not-stated"') >= 4  # funding, two of who may apply, how to apply, deadline


def keys(program, lang: str = "en", today: datetime.date = TODAY) -> dict[str, str]:
    """Every keyed column's key of one programme."""
    from generator.render.compare_keys import KEYS, compare_key

    return {column: compare_key(program, column, lang, today, 2) for column in KEYS}


def test_a_key_is_the_answer_not_its_wording_labels_or_citations(bundled):
    catalogue, _ = bundled
    first = catalogue.programs[0]
    money = (Amount(min=50000, max=100000, currency="EUR", per="project"),)
    funded = dataclasses.replace(first, funding=Funding(given="amounts", amounts=money))
    reworded = dataclasses.replace(
        funded,
        funding=Funding(
            given="amounts",
            amounts=(dataclasses.replace(money[0], label=Text(ko="보조금", en="Grant")),),
            cites=funded.funding.cites,
        ),
        cost=dataclasses.replace(funded.cost, note=Text(ko="다르게 쓴 설명", en="Worded otherwise")),
        delivery=dataclasses.replace(funded.delivery, note=Text(ko="다른 설명", en="Another note")),
    )
    assert keys(reworded) == keys(funded)
    more = dataclasses.replace(
        funded, funding=Funding(given="amounts", amounts=(dataclasses.replace(money[0], max=2),))
    )
    changed = {column for column, key in keys(more).items() if key != keys(funded)[column]}
    assert changed == {"funding"}


def test_no_key_can_end_the_markdown_table_cell_it_sits_in(bundled):
    catalogue, _ = bundled
    first = catalogue.programs[0]
    piped = dataclasses.replace(first, operator=dataclasses.replace(first.operator, name=Text(ko="가|나", en="A|B")))
    assert all("|" not in key for key in keys(piped).values())
    assert all("|" not in key for program in catalogue.programs for key in keys(program).values())


def test_prose_columns_carry_no_key_and_keyed_ones_one_each(pages):
    texts, program_id = pages
    for text in texts.values():
        line = row(text, program_id)
        assert line.count('class="kb-cmp-key"') == 10  # kind ... deadline; not name, eligibility, process, ...
