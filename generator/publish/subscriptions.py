"""What one subscribes to, told in time with no server: deadline calendars and Atom feeds of calls.

Per language (the default language's files as named, the others' with their code: `deadlines.en.ics`):

- api/calendar/deadlines.ics: every coming deadline of every call;
- api/calendar/programs/<programme>.ics: those of one programme (empty, but valid, when none is coming);
- api/calendar/<facet>/<option>.ics: those of one finder option (call_groups.py: applicants, country, support);
- api/calls.atom and api/feeds/<facet>/<option>.atom: the newest new and changed calls.

Like the rest of the open data these are published once, at the site root, and are pure functions of the
catalogue, the strings and the build date (`today`), which the pipeline passes in.
"""

from __future__ import annotations

import datetime

from ..languages import LANGUAGES
from ..model import Catalogue
from ..paths import PROGRAM_CALENDARS, calendar_path, calls_feed_path
from ..records.strings import Strings
from .calendars import CalendarContext, calendar_bytes
from .call_feeds import calls_feed
from .call_groups import call_groups
from .feeds import FeedHead
from .licence import Licence


def subscription_files(
    catalogue: Catalogue, strings: Strings, licence: Licence, site_url: str | None, today: datetime.date
) -> dict[str, bytes]:
    """Every calendar and feed of calls, keyed by its path in the built site (under api/)."""
    files: dict[str, bytes] = {}
    groups = call_groups(catalogue, today)
    for lang in (lang.code for lang in LANGUAGES):
        labels = strings.bound(lang)
        context = CalendarContext(catalogue, lang, today, site_url, labels)
        site, deadlines, news = labels["site_name"], labels["calendar_deadlines"], labels["calls_feed_title"]
        files[calendar_path(lang)] = calendar_bytes(context, f"{site}: {deadlines}", catalogue.calls)
        for program in catalogue.programs:
            name = f"{site}: {deadlines} ({program.name.get(lang)})"
            files[calendar_path(lang, PROGRAM_CALENDARS, program.id)] = calendar_bytes(context, name, program.calls)
        head = FeedHead("calls", f"{site}: {news}", site, calls_feed_path(lang), "calls/", licence)
        files[head.feed_path] = calls_feed(context, head, catalogue.calls)
        for group in groups:
            key, term, option = group.facet.key, group.term, group.name(catalogue, lang, labels)
            path = calendar_path(lang, key, term)
            files[path] = calendar_bytes(context, f"{site}: {deadlines} ({option})", group.calls)
            path = calls_feed_path(lang, key, term)
            head = FeedHead(f"calls/{key}/{term}", f"{site}: {news} ({option})", site, path, "calls/", licence)
            files[path] = calls_feed(context, head, group.calls)
    return dict(sorted(files.items()))
