"""Deadline calendars (iCalendar, RFC 5545) that a calendar app subscribes to: one event per coming deadline.

Written with the `icalendar` library, which folds lines, escapes text and writes the VTIMEZONE of each time
zone used, and which the tests use to read the files back. Pure functions of the catalogue and the build
date: no clock, no network, so two builds of one commit give the same bytes.

- An event is a deadline on or after the build date: a dated call's close, or a cut-off still to come.
  Past deadlines are left out; a call that only opens later has its deadlines in already.
- A deadline is an all-day event on its day (DTSTART;VALUE=DATE), or, where the call gives its time and
  time zone, an event at that time with the zone's TZID and VTIMEZONE. A time without a zone stays in the
  description: as a floating time, each reader's app would show it in the reader's own zone.
- UID is `<call-id>-<day>@` a fixed name, never the site's host, so an app updates an event rather than
  adding it twice, also after the site moves. DTSTAMP is the build date (the feeds use record dates too).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import icalendar

from ..facts import Call, apply_url
from ..model import Catalogue
from ..paths import page_url, record_page
from ..render.call_list import call_anchor, call_dates

#: The right-hand side of every UID: fixed, so that ids survive a change of the site's address.
UID_DOMAIN = "sme-support-kb"
#: Who makes the files (RFC 5545 3.7.3: a unique product id); the last part is the language of the text.
PRODID = "-//SME Support Programme Knowledge Base//Deadline calendar//{lang}"
#: How often a subscribed app should fetch the calendar again (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL).
REFRESH = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    """One deadline of one call: the day, and the local time and zone where the call gives both."""

    call: Call
    day: str

    @property
    def uid(self) -> str:
        """The event's permanent id."""
        return f"{self.call.id}-{self.day}@{UID_DOMAIN}"

    def start(self) -> datetime.date | datetime.datetime:
        """The day, or the time in its zone when the call gives a time and a zone this build knows."""
        day = datetime.date.fromisoformat(self.day)
        zone = _zone(self.call.time_zone)
        if not self.call.deadline_time or zone is None:
            return day
        hours, minutes = (int(part) for part in self.call.deadline_time.split(":"))
        return datetime.datetime.combine(day, datetime.time(hours, minutes), zone)


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None  # validate refuses such a zone; a catalogue built without it still gets the right day


def coming_deadlines(calls: Iterable[Call], today: datetime.date) -> list[Deadline]:
    """Every deadline of the calls on or after `today`, by day, then call id."""
    first = today.isoformat()
    found = [Deadline(call, day) for call in calls for day in call.deadlines if day >= first]
    return sorted(found, key=lambda d: (d.day, d.call.id))


@dataclass(frozen=True)
class CalendarContext:
    """What every calendar of one language needs: the catalogue, the build date, the address and labels."""

    catalogue: Catalogue
    lang: str
    today: datetime.date
    site_url: str | None
    labels: Mapping[str, str]


def calendar_bytes(context: CalendarContext, name: str, calls: Iterable[Call]) -> bytes:
    """A calendar named `name` of the coming deadlines of `calls` (an empty but valid one if none)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID.format(lang=context.lang.upper()))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)  # the name Google, Apple and Outlook show
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    deadlines = coming_deadlines(calls, context.today)
    for deadline in deadlines:
        calendar.add_component(_event(context, deadline))
    # The zones' rules from this year to a year after the last deadline, rather than icalendar's 1970 to 2038.
    first = datetime.date(context.today.year, 1, 1)
    last = datetime.date(int(deadlines[-1].day[:4]) + 2 if deadlines else first.year + 1, 1, 1)
    calendar.add_missing_timezones(first, last)
    if not deadlines:  # RFC 5545 wants one component at least: UTC's, which no app shows
        calendar.add_component(icalendar.Timezone.from_tzid("UTC", first_date=first, last_date=last))
    return calendar.to_ical()


def _event(context: CalendarContext, deadline: Deadline) -> icalendar.Event:
    call, lang = deadline.call, context.lang
    event = icalendar.Event()
    event.add("uid", deadline.uid)
    event.add("dtstamp", datetime.datetime.combine(context.today, datetime.time(), datetime.UTC))
    start = deadline.start()
    event.add("dtstart", start)
    if not isinstance(start, datetime.datetime):
        event.add("dtend", start + datetime.timedelta(days=1))  # RFC 5545: an all-day event ends the next day
    event.add("summary", call.title.get(lang))
    event.add("description", call_description(context, call))
    url = apply_url(call, _program(context, call)) or call_page_url(context, call)
    if url:
        event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make its day busy
    return event


def _program(context: CalendarContext, call: Call):
    return context.catalogue.program_by_id[call.program] if call.program else None


def call_description(context: CalendarContext, call: Call) -> str:
    """The programme (or the operator of a call of no catalogued programme), the dates, where to apply, the page."""
    labels, lang, program = context.labels, context.lang, _program(context, call)
    if program is not None:
        lines = [f"{labels['calls_program']}: {program.name.get(lang)}"]
    else:
        lines = [labels["calls_no_program"].format(operator=call.operator.name.get(lang))] if call.operator else []
    lines.append(call_dates(call, lang, labels))
    if url := apply_url(call, program):
        lines.append(f"{labels['calls_apply']}: {url}")
    if page := call_page_url(context, call):
        lines.append(f"{labels['calendar_details']}: {page}")
    return "\n".join(line for line in lines if line)


def call_page(call: Call) -> str:
    """A call's entry on the site, under a language root: on its programme's page, else on the calls page."""
    if call.program:
        return record_page("program", call.program) + "#" + call_anchor(call)
    return "calls/#" + call_anchor(call)


def call_page_url(context: CalendarContext, call: Call) -> str | None:
    """The absolute address of the call's entry on the site (none without a site address)."""
    if not context.site_url:
        return None
    return page_url(context.site_url.rstrip("/") + "/", context.lang, call_page(call))
