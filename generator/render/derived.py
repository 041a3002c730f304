"""What the templates derive at the build date: a programme's state, its calls in order, the calls open or
upcoming across the catalogue, call status, next deadline, amounts.

Registered on the renderer's Jinja2 environment (`install`), so the templates ask these helpers
of generator/freshness.py instead of reading the clock or comparing dates themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import jinja2

from ..facts import Amount, Call
from ..figures import amount_text
from ..freshness import (
    CLOSED,
    OPEN,
    UPCOMING,
    ProgramState,
    RunningStatus,
    call_status,
    days_left,
    next_close,
    next_deadline,
    program_state,
    running_status,
)
from ..model import Catalogue, Program
from . import card

#: The calls page lists the calls open at the build date and those opening within this many days.
UPCOMING_DAYS = 90


def install(env: jinja2.Environment, catalogue: Catalogue, today: datetime.date) -> None:
    """Give the templates `today` and the derived values of a programme at that date."""
    years = catalogue.freshness_years

    def running(program: Program) -> RunningStatus:
        return running_status(program, today, years)

    def call_state(program: Program | None, call: Call) -> str:
        return call_status(call, today, program is None or running(program).state == "running")

    env.globals.update(
        today=today,
        running=running,
        call_state=call_state,
        deadline=lambda program: next_deadline(program, today),
        state=lambda program: program_state(program, today, years),
        call_groups=lambda program: call_groups(program.calls, today, running(program).state == "running"),
        next_close=lambda call: next_close(call, today),
        days_left=lambda day: days_left(day, today),
    )
    env.filters.update(amount=_amount, day=_day, state_text=_state_text, short_state=_short_state, days=_days)


def call_groups(
    calls: Iterable[Call], today: datetime.date, running: bool = True
) -> tuple[list[Call], dict[str, list[Call]]]:
    """A programme's calls as its page lists them: open and upcoming (and rolling, invitation) first, by their
    next date; then the past ones by year of their last deadline, newest year first, each year newest first."""
    current, past = [], {}
    for call in calls:
        if call_status(call, today, running) == CLOSED:
            past.setdefault(call.deadlines[-1][:4], []).append(call)
        else:
            current.append(call)
    current.sort(key=lambda c: (next_close(c, today) or c.opens or "9999", c.id))
    by_year = {
        year: sorted(past[year], key=lambda c: c.deadlines[-1], reverse=True) for year in sorted(past, reverse=True)
    }
    return current, by_year


def open_and_upcoming(calls: Iterable[Call], today: datetime.date, days: int = UPCOMING_DAYS) -> list[tuple[str, Call]]:
    """(next date, call) for every dated call open at `today` or opening within `days`, by deadline then id.

    The next date is the next deadline; for a call that has not opened yet, its deadline too when known,
    else its opening day (so a call announced without a close still sorts by when it matters)."""
    horizon = (today + datetime.timedelta(days=days)).isoformat()
    found = []
    for call in calls:
        state = call_status(call, today)
        if state == OPEN and call.deadlines or state == UPCOMING and call.opens <= horizon:
            found.append((next_close(call, today) or call.opens, call))
    return sorted(found, key=lambda item: (item[0], item[1].id))


def week_of(day: str) -> str:
    """The Monday of the ISO week a date falls in, for grouping calls by week."""
    date = datetime.date.fromisoformat(day)
    return (date - datetime.timedelta(days=date.weekday())).isoformat()


@jinja2.pass_context
def _state_text(ctx, program: Program) -> str:
    """The programme's state in words at the build date ("Open until Mar 4, 2026 (D-12)")."""
    lang = ctx["lang"]
    return card.state_text(
        program, ctx["today"], ctx["years"], ctx["s"], lambda v, t: ctx["cat"].label(v, t, lang), lang
    )


@jinja2.pass_context
def _short_state(ctx, found: ProgramState) -> str:
    """The state in a few words ("Open · D-12")."""
    return card.short_state(found, ctx["today"], ctx["s"], ctx["lang"])


@jinja2.pass_context
def _days(ctx, day: str) -> str:
    """D-12 / 12 days left."""
    return card.days_text(day, ctx["today"], ctx["s"])


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
