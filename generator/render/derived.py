"""What the templates derive at the build date: running status, call status, next deadline, amounts.

Registered on the renderer's Jinja2 environment (`install`), so the templates ask these helpers
of generator/freshness.py instead of reading the clock or comparing dates themselves.
"""

from __future__ import annotations

import datetime

import jinja2

from ..facts import Amount, Call
from ..figures import amount_text
from ..freshness import RunningStatus, call_status, next_deadline, running_status
from ..model import Catalogue, Program


def install(env: jinja2.Environment, catalogue: Catalogue, today: datetime.date) -> None:
    """Give the templates `today` and the derived values of a programme at that date."""
    years = catalogue.freshness_years

    def running(program: Program) -> RunningStatus:
        return running_status(program, today, years)

    def call_state(program: Program, call: Call) -> str:
        return call_status(call, today, running(program).state == "running")

    env.globals.update(
        today=today, running=running, call_state=call_state, deadline=lambda program: next_deadline(program, today)
    )
    env.filters.update(amount=_amount, day=_day)


@jinja2.pass_context
def _amount(ctx, amount: Amount) -> str:
    """An amount in the page's language, with its unit ('€50,000 per project')."""
    per = ctx["cat"].label("funding_units", amount.per, ctx["lang"]) if amount.per else ""
    return amount_text(amount, ctx["lang"], ctx["s"], per)


@jinja2.pass_context
def _day(ctx, value: str) -> str:
    """A date in the page's language with Babel: '2026년 12월 31일' / 'Dec 31, 2026'."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMd", datetime.date.fromisoformat(value), locale=ctx["lang"])
