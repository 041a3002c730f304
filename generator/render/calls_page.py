"""The calls page and its archive (issue 19): which calls they list at the build date, and one entry each.

An entry says what an SME needs to act: the call, how long is left, its dates and time zone, the programme
(or the operator of a call that belongs to no catalogued programme), who may apply and where to apply.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Iterable, Mapping

import jinja2
from markupsafe import Markup

from ..facts import Call
from ..freshness import CLOSED, OPEN, call_status
from ..model import Program
from ..paths import page_path
from ..text import escape_markdown, mark_other_scripts
from . import card
from .call_list import call_anchor, call_dates, call_state_label
from .derived import UPCOMING_DAYS, open_and_upcoming, week_of


def install(env: jinja2.Environment, today: datetime.date) -> None:
    """Give the templates the calls the pages list and the entry of one call."""
    env.globals.update(
        upcoming_days=UPCOMING_DAYS,
        open_calls=lambda calls: [
            {"week": week_of(day), "day": day, "call": call} for day, call in open_and_upcoming(calls, today)
        ],
        rolling_calls=lambda calls: [c for c in calls if c.mode == "rolling"],
        past_calls=lambda calls: past_calls(calls, today),
        call_entry=call_entry,
    )


def past_calls(calls: Iterable[Call], today: datetime.date) -> list[dict]:
    """Every call whose last deadline has passed, newest first, with its year."""
    past = [c for c in calls if c.deadlines and call_status(c, today) == CLOSED]
    past.sort(key=lambda c: (c.deadlines[-1], c.id), reverse=True)
    return [{"year": c.deadlines[-1][:4], "call": c} for c in past]


@jinja2.pass_context
def call_entry(ctx, call: Call, day: str | None) -> Markup:
    """One call as a Markdown list item: title and state, dates, programme, who may apply, apply link."""
    lang, labels, today = ctx["lang"], ctx["s"], ctx["today"]
    program = ctx["cat"].program_by_id[call.program] if call.program else None
    running = program is None or ctx["running"](program).state == "running"
    state = call_state_label(call, today, labels, running)
    head = f"**{escape_markdown(call.title.get(lang))}** — {escape_markdown(state)}"
    if day and call_status(call, today) == OPEN:
        head += f" · {escape_markdown(labels['calls_deadline'])} {escape_markdown(card.month(day, lang))}"
    lines = [f'<span id="{call_anchor(call)}"></span>{head}', escape_markdown(call_dates(call, lang, labels))]
    lines.append(" · ".join(_facts(ctx, call, program)))
    return Markup(mark_other_scripts("- " + "<br>".join(line for line in lines if line), lang))


def _facts(ctx, call: Call, program: Program | None) -> list[str]:
    lang, labels = ctx["lang"], ctx["s"]
    term = lambda vocabulary, t: ctx["cat"].label(vocabulary, t, lang)  # noqa: E731
    facts = []
    if program is not None:
        from .pages import relative_path  # late: pages.py installs this module

        target = relative_path(page_path("program", program.id), posixpath.dirname(ctx["page_path"]))
        name = escape_markdown(program.name.get(lang))
        facts.append(f"{escape_markdown(labels['calls_program'])}: [{name}]({target}#{call_anchor(call)})")
    elif call.operator is not None:
        facts.append(escape_markdown(labels["calls_no_program"].format(operator=call.operator.name.get(lang))))
    who = _who(call, program, lang, labels, term)
    if who:
        facts.append(f"{escape_markdown(labels['calls_who'])}: {escape_markdown(who)}")
    url = _apply_url(call, program)
    if url:
        facts.append(f"[{escape_markdown(labels['calls_apply'])}]({escape_markdown(url)})")
    return facts


def _who(call: Call, program: Program | None, lang: str, labels: Mapping[str, str], term) -> str:
    """The call's own narrowing of who may apply, else its programme's rule."""
    elig = call.eligibility
    if elig is not None and elig.text is not None:
        return elig.text.get(lang)
    if elig is not None and (elig.applicant_countries or elig.company_sizes):
        parts = [", ".join(term("company_sizes", t) for t in elig.company_sizes)]
        parts.append(", ".join(term("countries", t) for t in elig.applicant_countries))
        return " · ".join(p for p in parts if p)
    return card.who_text(program, lang, labels, term) if program is not None else ""


def _apply_url(call: Call, program: Program | None) -> str | None:
    """Where to apply: the call's application page, its notice, else the programme's application page."""
    if call.application and call.application.url:
        return call.application.url
    if call.url:
        return call.url
    if program is not None and program.application and program.application.url:
        return program.application.url
    return next((link.url for link in (program.links if program else ()) if link.kind in ("apply", "official")), None)
