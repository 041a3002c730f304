"""The CSV cells of issue 9's groups: links, how to apply, contact, funding, calls, who may apply,
verification, and a case's sectors and relation certainties.

Each group is flattened to cells that fit one spreadsheet row. Where a group holds several items
(amounts, calls, links), each column holds one line per item, in the record's order, so the lines
of `funding_min`, `funding_max` and `funding_currency` belong together, as do those of `calls_ko`,
`calls_en` and `call_ids`. Values stay as the record gives them (codes, ISO dates and amounts); the
one derived value is `next_deadline`, the programme's next deadline at the build date, which the
caller works out (exports.program_next_deadline) so that these cells need no clock. A call's own
state is in api/calls.csv. The JSON export has every field, citations included.
"""

from __future__ import annotations

from ..facts import Amount, Call
from ..languages import LANGUAGES
from ..model import Case, Program, Text
from ..paths import text_columns

LIST_SEPARATOR = "\n"

#: The columns of the issue 9 groups of a programme, by the model field they come from.
PROGRAM_FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "links": ("official_url", "links"),
    "application": ("application_route", *text_columns("application"), "apply_url"),
    "contact": (*text_columns("contact_office"), "contact_email", "contact_phone", "contact_url"),
    "funding": ("funding_given", "funding_min", "funding_max", "funding_currency", "funding_per", "covers_percent"),
    "calls": (*text_columns("calls"), "call_ids", "next_deadline"),
    "verification": ("verification", "verification_date"),
}
#: Columns added to the `eligibility` group (who may apply and where they sell).
ELIGIBILITY_COLUMNS = ("applicant_countries", "foreign_companies", "target_markets")


def _lines(values) -> str:
    """Items for one cell, one per line; an item's own whitespace runs become one space."""
    return LIST_SEPARATOR.join(" ".join(str(value).split()) for value in values)


def _text(name: str, text: Text | None) -> dict:
    return {
        column: text.get(lang.code) if text else "" for column, lang in zip(text_columns(name), LANGUAGES, strict=True)
    }


def _number(value: int | float | None) -> str:
    return "" if value is None else str(value)


def eligibility_cells(program: Program) -> dict:
    """Who may apply (country or region codes), whether foreign companies may, and target markets."""
    eligibility = program.eligibility
    return {
        "applicant_countries": _lines(eligibility.applicant_countries),
        "foreign_companies": eligibility.foreign_companies or "",
        "target_markets": _lines(eligibility.target_markets),
    }


def _links_cells(program: Program) -> dict:
    official = next((link.url for link in program.links if link.kind == "official"), "")
    return {"official_url": official, "links": _lines(f"{link.kind} {link.url}" for link in program.links)}


def _application_cells(program: Program) -> dict:
    application = program.application
    return {
        "application_route": application.route if application else "",
        **_text("application", application.text if application else None),
        "apply_url": (application.url or "") if application else "",
    }


def _contact_cells(program: Program) -> dict:
    contact = program.contact
    return {
        **_text("contact_office", contact.office if contact else None),
        "contact_email": (contact.email or "") if contact else "",
        "contact_phone": (contact.phone or "") if contact else "",
        "contact_url": (contact.url or "") if contact else "",
    }


def _funding_cells(program: Program) -> dict:
    funding = program.funding
    amounts: tuple[Amount, ...] = funding.amounts if funding else ()
    return {
        "funding_given": funding.given if funding else "",
        "funding_min": _lines(_number(a.min) for a in amounts),
        "funding_max": _lines(_number(a.max) for a in amounts),
        "funding_currency": _lines(a.currency or "" for a in amounts),
        "funding_per": _lines(a.per or "" for a in amounts),
        "covers_percent": _number(funding.covers_percent) if funding else "",
    }


def call_line(call: Call, lang: str) -> str:
    """'2026 call: dated 2026-01-08/2026-03-12': the title, the mode and the ISO 8601 interval when dated."""
    dates = f"{call.opens or '..'}/{call.closes or '..'}" if call.mode == "dated" else ""
    return f"{call.title.get(lang)}: {call.mode}{' ' + dates if dates else ''}"


def program_fact_cells(program: Program, next_deadline: str | None = None) -> dict:
    """Every column of PROGRAM_FACT_COLUMNS and ELIGIBILITY_COLUMNS for one programme (`next_deadline`:
    its next deadline at the build date, worked out by the caller)."""
    verification = program.verification
    calls = {
        column: _lines(call_line(c, lang.code) for c in program.calls)
        for column, lang in zip(text_columns("calls"), LANGUAGES, strict=True)
    }
    return {
        **_links_cells(program),
        **_application_cells(program),
        **_contact_cells(program),
        **_funding_cells(program),
        **calls,
        "call_ids": _lines(c.id for c in program.calls),
        "next_deadline": next_deadline or "",
        **eligibility_cells(program),
        "verification": verification.method if verification else "",
        "verification_date": verification.date if verification else "",
    }


def case_fact_cells(case: Case) -> dict:
    """A case's sectors and the certainty of each programme relation (lines aligned with `programs`)."""
    return {"sectors": _lines(case.sectors), "program_certainty": _lines(r.certainty for r in case.program_links)}
