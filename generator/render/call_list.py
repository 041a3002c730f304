"""The calls of a programme page and of the calls page, as HTML (issue 19).

A call's facts cite the call's own sources (a call file carries its sources), so each call is shown with
its own short source list rather than numbered marks into the programme's sources. Text from records is
HTML-escaped; the result is Markup, placed in the page as raw HTML.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from html import escape

from markupsafe import Markup

from ..facts import Call
from ..freshness import CLOSED, call_status, next_close
from .card import CALLS_ANCHOR, days_text, month

Term = Callable[[str, str], str]


def call_anchor(call: Call) -> str:
    """The id of a call's entry, on its programme's page and on the calls page."""
    return f"call-{call.id}"


def call_state_label(call: Call, today: datetime.date, labels: Mapping[str, str], running: bool = True) -> str:
    """Open · D-12, Opening soon, Closed, Rolling, By invitation."""
    state = call_status(call, today, running)
    if state == "open" and call.deadlines:
        return f"{labels['state_short_open']} · {days_text(next_close(call, today), today, labels)}"
    if state == "open":
        return labels["state_short_rolling"]
    return labels.get(f"state_short_{state}", labels["state_short_unknown"])


def call_dates(call: Call, lang: str, labels: Mapping[str, str]) -> str:
    """Opens Jan 15, 2026 · closes Mar 4, 2026, 17:00 (Europe/Brussels); cut-offs listed in order."""
    parts = []
    if call.opens:
        parts.append(labels["call_opens"].format(date=month(call.opens, lang)))
    if call.cutoffs:
        days = ", ".join(month(day, lang) for day in call.deadlines)
        parts.append(labels["call_cutoffs"].format(dates=days))
    elif call.closes:
        parts.append(labels["call_closes"].format(date=month(call.closes, lang)))
    if call.mode in ("rolling", "invitation"):
        parts.append(labels[f"call_{call.mode}"])
    text = " · ".join(parts)
    if call.deadline_time:
        text += f", {call.deadline_time}"
    if call.time_zone:
        text += f" ({call.time_zone})"
    return text


def call_sources(call: Call, lang: str, labels: Mapping[str, str]) -> str:
    """The call's sources in one line: linked title, publisher, date, and the day it was read."""
    items = []
    for src in call.sources:
        title = escape(src.title_translated.get(lang) if src.title_translated else src.title)
        text = f'<a href="{escape(src.url)}">{title}</a>' if src.url else title
        if src.publisher:
            text += ", " + escape(src.publisher)
        if src.date:
            text += f" ({escape(month(src.date, lang))})"
        if src.read:
            text += " — " + escape(labels["source_read"].format(date=month(src.read, lang)))
        items.append(text)
    return f'<small class="kb-call-sources">{escape(labels["call_sources"])}: {"; ".join(items)}</small>'


def call_item(call: Call, today: datetime.date, lang: str, labels: Mapping[str, str], running: bool = True) -> str:
    """One call as a list item: title, state, dates, its page, its sources."""
    state = call_status(call, today, running)
    link = f' · <a href="{escape(call.url)}">{escape(labels["call_page"])}</a>' if call.url else ""
    return (
        f'<li class="kb-call kb-call--{state}" id="{call_anchor(call)}">'
        f"<strong>{escape(call.title.get(lang))}</strong> "
        f'<span class="kb-call-state">{escape(call_state_label(call, today, labels, running))}</span><br>'
        f"{escape(call_dates(call, lang, labels))}{link}<br>{call_sources(call, lang, labels)}</li>"
    )


def program_calls(
    groups: tuple[list[Call], dict[str, list[Call]]],
    today: datetime.date,
    lang: str,
    labels: Mapping[str, str],
    running: bool = True,
) -> Markup:
    """A programme's calls: those open or to come first, then the past ones folded by year."""
    current, past = groups
    html = [f'<div class="kb-calls" id="{CALLS_ANCHOR}">']
    if current:
        html.append('<ul class="kb-call-list">')
        html += [call_item(call, today, lang, labels, running) for call in current]
        html.append("</ul>")
    else:
        html.append(f'<p class="kb-calls-none">{escape(labels["calls_none_ahead"])}</p>')
    for year, calls in past.items():
        summary = labels["calls_past_year"].format(year=year, n=len(calls))
        html.append(f'<details class="kb-calls-past"><summary>{escape(summary)}</summary>')
        html.append('<ul class="kb-call-list">')
        html += [call_item(call, today, lang, labels, running) for call in calls]
        html.append("</ul></details>")
    html.append("</div>")
    return Markup("\n".join(html))


def is_past(call: Call, today: datetime.date) -> bool:
    """True for a call whose last deadline has passed."""
    return call_status(call, today) == CLOSED
