"""Atom feeds of new and changed calls, one per language, and one per finder option (call_groups.py).

The head and the XML writing are the cases feed's (feeds.py). An entry is `updated` on the day the call's
record last changed by what it says: a harvested call's `harvest.updated` (else the day it was harvested),
a hand-kept call's newest source `read` date. Times come from the records, never from the clock, so two
builds give the same bytes. A feed holds the ENTRIES most recently updated calls, newest first: a reader
polls it for news, and a harvest of thousands of notices would otherwise make every feed as large.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..facts import Call, apply_url
from ..model import Catalogue
from ..paths import site_path
from .calendars import CalendarContext, call_description, call_page, call_page_url
from .feeds import FeedHead, add, feed_bytes, new_feed, timestamp, urn

#: How many calls a feed lists (the newest).
ENTRIES = 100
#: The updated date of a call no date says anything about (a feed needs one).
NO_DATE = "1970-01-01"


def call_updated(call: Call) -> str:
    """The day a call's record last changed by what it says (see the module's docstring)."""
    if call.harvest is not None:
        return call.harvest.updated or call.harvest.harvested
    return max((source.read for source in call.sources if source.read), default=NO_DATE)


def newest_calls(calls: Iterable[Call]) -> list[Call]:
    """The ENTRIES calls most recently updated, newest first; calls of one day by id."""
    by_id = sorted(calls, key=lambda c: c.id)
    return sorted(by_id, key=call_updated, reverse=True)[:ENTRIES]


def calls_feed(context: CalendarContext, head: FeedHead, calls: Iterable[Call]) -> bytes:
    """The Atom feed of `calls` in the context's language, published at `head.feed_path`."""
    listed = newest_calls(calls)
    feed = new_feed(context.lang, context.site_url, head, max(map(call_updated, listed), default=NO_DATE))
    for call in listed:
        _entry(feed, context, call)
    return feed_bytes(feed)


def _entry(feed, context: CalendarContext, call: Call) -> None:
    lang, catalogue = context.lang, context.catalogue
    entry = add(feed, "entry")
    add(entry, "id", urn(f"calls/{call.id}/{lang}"))
    add(entry, "title", call.title.get(lang))
    add(entry, "updated", timestamp(call_updated(call)))
    page = call_page_url(context, call) or site_path(lang, call_page(call))
    add(entry, "link", rel="alternate", type="text/html", href=page)
    program = _program(catalogue, call)
    if url := apply_url(call, program):
        add(entry, "link", rel="related", type="text/html", href=url, title=context.labels["calls_apply"])
    add(entry, "summary", call_description(context, call))
    if program is not None:
        add(entry, "category", term=program.id, label=program.name.get(lang))


def _program(catalogue: Catalogue, call: Call):
    return catalogue.program_by_id[call.program] if call.program else None
