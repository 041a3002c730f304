"""What a comparison cell answers, as a key: the ids and figures behind an SME's question.

compare.js marks a row of the side-by-side table as differing only where these keys differ, so
wording, labels and citations make no difference (two programmes that are both free differ in their
cost notes, not in their cost). A column without a key is prose, read rather than compared, and is
never marked. The template names each column's key (compare.md.j2); the keys are worked out here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import jinja2

from ..freshness import next_deadline, running_status
from ..model import Program

NOT_STATED = "not-stated"


def _funding(p: Program) -> str:
    f = p.funding
    if not f or f.given == NOT_STATED:
        return NOT_STATED
    amounts = sorted(f"{a.currency} {a.min}-{a.max}/{a.per}" for a in f.amounts)
    return ";".join([f.given, *amounts, *([f"{f.covers_percent}%"] if f.covers_percent else [])])


def _who(p: Program) -> str:
    e = p.eligibility
    foreign = e.foreign_companies if e.foreign_companies in ("yes", "no") else NOT_STATED
    parts = (sorted(e.company_sizes), sorted(e.sectors), sorted(e.applicant_countries or (NOT_STATED,)), [foreign])
    return ";".join(",".join(part) for part in parts)  # no "|": the key sits in a Markdown table


def _application(p: Program) -> str:
    a = p.application
    return NOT_STATED if not a or a.route == "not-known" else a.route


KEYS: dict[str, Callable[..., str]] = {
    "kind": lambda p, **_: p.kind,
    "operator": lambda p, lang, **_: p.operator.name.get(lang),
    "country": lambda p, **_: p.country,
    "support_types": lambda p, **_: ",".join(sorted(p.support_types)),
    "funding": lambda p, **_: _funding(p),
    "cost": lambda p, **_: NOT_STATED if p.cost.model == "unknown" else p.cost.model,
    "delivery": lambda p, **_: p.delivery.model,
    "who_may_apply": lambda p, **_: _who(p),
    "application": lambda p, **_: _application(p),
    "deadline": lambda p, today, years, **_: _deadline(p, today, years),
}


def _deadline(p: Program, today: datetime.date, years: int) -> str:
    call = next_deadline(p, today)
    return f"{running_status(p, today, years).state};{call.closes if call else ''}"


def compare_key(program: Program, column: str, lang: str, today: datetime.date, years: int) -> str:
    """The key of one programme's cell in one column (a KEYS name)."""
    # A "|" would end the cell of the Markdown table the key sits in.
    return KEYS[column](program, lang=lang, today=today, years=years).replace("|", "/")


@jinja2.pass_context
def compare_key_filter(ctx, program: Program, column: str) -> str:
    """`compare_key` as the templates ask it: `p | cmp_key("funding")`, at the page's build date."""
    return compare_key(program, column, ctx["lang"], ctx["today"], ctx["years"])
