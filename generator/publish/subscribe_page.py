"""The page on subscribing: the hand-written text, with the tables of calendars and feeds put in at its marker.

docs/<lang>/subscribe.md says how calendar apps and feed readers subscribe; SUBSCRIBE_MARKER marks where
the addresses go: every call, then each finder option (call_groups.py), then each programme, with how many
deadlines are coming at the build date. Links are relative to the site root, as on the open-data page, so
they work in a local preview too; with a site address a calendar also gets a `webcal:` link, which opens
the reader's calendar app ready to subscribe.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable, Mapping

from ..facts import Call
from ..model import Catalogue
from ..paths import PROGRAM_CALENDARS, calendar_path, calls_feed_path, to_site_root
from ..text import escape_markdown
from .calendars import coming_deadlines
from .call_groups import CALL_FACETS, call_groups

SUBSCRIBE_MARKER = "<!-- subscribe-files -->"
PAGE = "subscribe.md"


def _link(lang: str, path: str, site_url: str | None, calendar: bool = False) -> str:
    href = html.escape(to_site_root(lang) + path)
    link = f'<a href="{href}"><code>{html.escape(path)}</code></a>'
    if calendar and site_url and site_url.startswith("https://"):
        webcal = html.escape("webcal://" + site_url.removeprefix("https://").rstrip("/") + "/" + path)
        link += f' (<a href="{webcal}">webcal</a>)'
    return link


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _coming(calls: Iterable[Call], today: datetime.date) -> str:
    return str(len(coming_deadlines(calls, today)))


def subscribe_tables(
    catalogue: Catalogue, lang: str, today: datetime.date, site_url: str | None, labels: Mapping[str, str]
) -> str:
    """The Markdown tables of the calendars and feeds of one language."""
    s = {key: escape_markdown(value) for key, value in labels.items()}
    head = [_row([s["subscribe_what"], s["subscribe_calendar"], s["subscribe_feed"], s["subscribe_coming"]])]
    head.append("|---|---|---|---:|")
    every = [s["subscribe_every_call"], _link(lang, calendar_path(lang), site_url, True)]
    lines = [*head, _row([*every, _link(lang, calls_feed_path(lang), site_url), _coming(catalogue.calls, today)])]
    groups = call_groups(catalogue, today)
    for facet in CALL_FACETS:
        lines += ["", f"### {s.get(facet.label, facet.key)}", "", *head]
        for group in (g for g in groups if g.facet.key == facet.key):
            option = escape_markdown(group.option(catalogue, lang, labels))
            calendar = _link(lang, calendar_path(lang, facet.key, group.term), site_url, True)
            feed = _link(lang, calls_feed_path(lang, facet.key, group.term), site_url)
            lines.append(_row([option, calendar, feed, _coming(group.calls, today)]))
    lines += [
        "",
        f"### {s['subscribe_programs']}",
        "",
        _row([s["calls_program"], s["subscribe_calendar"], s["subscribe_coming"]]),
    ]
    lines.append("|---|---|---:|")
    for program in sorted(catalogue.programs, key=lambda p: p.name.get(lang).casefold()):
        calendar = _link(lang, calendar_path(lang, PROGRAM_CALENDARS, program.id), site_url, True)
        lines.append(_row([escape_markdown(program.name.get(lang)), calendar, _coming(program.calls, today)]))
    return "\n".join(lines)


def subscribe_page(
    text: bytes, catalogue: Catalogue, lang: str, today: datetime.date, site_url: str | None, labels: Mapping[str, str]
) -> bytes:
    """The page with the tables put in at the marker."""
    tables = subscribe_tables(catalogue, lang, today, site_url, labels)
    return text.decode("utf-8").replace(SUBSCRIBE_MARKER, tables).encode("utf-8")
