"""The deadline calendars (generator/publish/calendars.py), read back with icalendar: RFC 5545 essentials,
stable ids, the same bytes, no past deadline, the call's own time zone.

The bundled records get three calls of their own (a timed close, a past close, cut-offs on both sides of
the build date) and are published at a build date after every bundled deadline, so the calendars hold
exactly what these tests put in.
"""

from __future__ import annotations

import datetime

import icalendar
import pytest
from project_copy import REPO, copy_project

from generator.paths import calendar_path
from generator.pipeline import check
from generator.publish.calendars import UID_DOMAIN
from generator.publish.call_groups import CALL_FACETS
from generator.publish.licence import load_licence
from generator.publish.subscribe_page import SUBSCRIBE_MARKER, subscribe_tables
from generator.publish.subscriptions import subscription_files

TODAY = datetime.date(2029, 6, 1)
SITE = "https://example.org/kb/"
SOURCE = (
    "sources:\n"
    '  - {id: notice, kind: operator-page, title: Call notice, url: "https://example.org/call", read: "2026-11-01"}\n'
    "cites: [notice]\n"
)
CALLS = {
    "tno-sbir-2030-timed": (
        "program: tno-sbir\n"
        "title: {ko: 2030년 공고, en: The 2030 call}\n"
        "mode: dated\n"
        'closes: "2030-03-04"\n'
        'deadline_time: "17:00"\n'
        "time_zone: Europe/Amsterdam\n"
        "eligibility: {applicant_countries: [NL]}\n"
        "url: https://example.org/call\n"
        'application: {route: online, url: "https://example.org/apply"}\n'
    ),
    "tno-sbir-2020-past": (
        'program: tno-sbir\ntitle: {ko: 지난 공고, en: A past call}\nmode: dated\ncloses: "2020-01-01"\n'
    ),
    "tno-sbir-2029-cutoffs": (
        "program: tno-sbir\ntitle: {ko: 차수별 공고, en: Cut-off call}\nmode: cutoffs\n"
        'cutoffs: ["2029-01-15", "2029-06-01", "2029-09-01"]\n'
    ),
}


def publish(project, today=TODAY, site_url=SITE) -> dict[str, bytes]:
    """The calendars and call feeds of the project's checked catalogue at `today`."""
    catalogue, strings = check(project)
    return subscription_files(catalogue, strings, load_licence(project.config_dir), site_url, today)


@pytest.fixture(scope="module")
def calendars(tmp_path_factory):
    """A project copy with the calls above, its catalogue and its published files."""
    project = copy_project(tmp_path_factory.mktemp("ical") / "project")
    for call_id, text in CALLS.items():
        (project.root / "calls/hand" / f"{call_id}.yaml").write_text(text + SOURCE, "utf-8")
    return project, check(project)[0], publish(project)


def events(data: bytes) -> dict[str, icalendar.Event]:
    """The events of a calendar file by UID."""
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_every_calendar_has_the_rfc_5545_essentials(calendars):
    _, _, files = calendars
    found = [path for path in files if path.endswith(".ics")]
    assert "api/calendar/deadlines.ics" in found and "api/calendar/deadlines.en.ics" in found
    for path in found:
        calendar = icalendar.Calendar.from_ical(files[path])
        assert calendar["VERSION"] == "2.0", path
        assert calendar["PRODID"].startswith("-//"), path
        assert calendar.subcomponents, f"{path}: RFC 5545 wants one component at least"
        uids = []
        for event in calendar.walk("VEVENT"):
            assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event), path
            assert event.decoded("DTSTAMP") == datetime.datetime(2029, 6, 1, tzinfo=datetime.UTC)
            uids.append(str(event["UID"]))
        assert len(uids) == len(set(uids)), path
        assert files[path].endswith(b"END:VCALENDAR\r\n")


def test_only_deadlines_on_or_after_the_build_date_are_in(calendars):
    _, _, files = calendars
    assert sorted(events(files["api/calendar/deadlines.en.ics"])) == [
        f"tno-sbir-2029-cutoffs-2029-06-01@{UID_DOMAIN}",  # on the build date itself: still to come
        f"tno-sbir-2029-cutoffs-2029-09-01@{UID_DOMAIN}",
        f"tno-sbir-2030-timed-2030-03-04@{UID_DOMAIN}",
    ]


def test_a_deadline_with_time_and_zone_is_at_that_time_in_that_zone(calendars):
    _, _, files = calendars
    data = files["api/calendar/deadlines.en.ics"]
    timed = events(data)[f"tno-sbir-2030-timed-2030-03-04@{UID_DOMAIN}"]
    assert timed["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    start = timed.decoded("DTSTART")
    assert (start.isoformat(), str(start.tzinfo)) == ("2030-03-04T17:00:00+01:00", "Europe/Amsterdam")
    assert b"DTSTART;TZID=Europe/Amsterdam:20300304T170000\r\n" in data
    zones = [str(z["TZID"]) for z in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")]
    assert zones == ["Europe/Amsterdam"]


def test_a_deadline_without_a_time_is_an_all_day_event(calendars):
    _, _, files = calendars
    day = events(files["api/calendar/deadlines.en.ics"])[f"tno-sbir-2029-cutoffs-2029-09-01@{UID_DOMAIN}"]
    assert day["DTSTART"].params["VALUE"] == "DATE"
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (datetime.date(2029, 9, 1), datetime.date(2029, 9, 2))


@pytest.mark.parametrize(
    ("path", "lang"), [("api/calendar/deadlines.ics", "ko"), ("api/calendar/deadlines.en.ics", "en")]
)
def test_an_event_speaks_its_calendars_language_and_says_where_to_apply(calendars, path, lang):
    _, catalogue, files = calendars
    timed = events(files[path])[f"tno-sbir-2030-timed-2030-03-04@{UID_DOMAIN}"]
    call, program = catalogue.call_by_id["tno-sbir-2030-timed"], catalogue.program_by_id["tno-sbir"]
    assert str(timed["SUMMARY"]) == call.title.get(lang)
    assert str(timed["URL"]) == "https://example.org/apply"
    description = str(timed["DESCRIPTION"])
    assert program.name.get(lang) in description
    assert "https://example.org/apply" in description
    prefix = "" if lang == "ko" else "en/"
    assert f"{SITE}{prefix}programs/tno-sbir/#call-tno-sbir-2030-timed" in description
    name = str(icalendar.Calendar.from_ical(files[path])["X-WR-CALNAME"])
    assert name.startswith(check_site_name(lang))


def check_site_name(lang: str) -> str:
    return {"ko": "중소기업 지원 프로그램 지식베이스", "en": "SME Support Programme Knowledge Base"}[lang]


def test_the_same_catalogue_gives_the_same_bytes_and_uids_that_outlive_a_deadline(calendars):
    project, _, files = calendars
    assert publish(project) == files
    later = publish(project, today=datetime.date(2029, 7, 1))["api/calendar/deadlines.en.ics"]
    assert set(events(later)) == set(events(files["api/calendar/deadlines.en.ics"])) - {
        f"tno-sbir-2029-cutoffs-2029-06-01@{UID_DOMAIN}"
    }
    moved = publish(project, site_url="https://elsewhere.example/")["api/calendar/deadlines.en.ics"]
    assert set(events(moved)) == set(events(files["api/calendar/deadlines.en.ics"]))  # not made from the host


def test_a_programme_with_no_deadline_to_come_has_an_empty_valid_calendar(calendars):
    _, catalogue, files = calendars
    for program in catalogue.programs:
        assert f"api/calendar/programs/{program.id}.ics" in files
    calendar = icalendar.Calendar.from_ical(files["api/calendar/programs/eurostars.en.ics"])
    assert calendar.walk("VEVENT") == []
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert len(events(files["api/calendar/programs/tno-sbir.ics"])) == 3


def test_the_finder_options_have_calendars_with_the_calls_they_match(calendars):
    _, catalogue, files = calendars
    timed = f"tno-sbir-2030-timed-2030-03-04@{UID_DOMAIN}"
    assert timed in events(files["api/calendar/applicants/NL.ics"])
    assert timed in events(files["api/calendar/applicants/eu.ics"])  # the Netherlands is in the EU
    assert timed not in events(files["api/calendar/applicants/KR.ics"])  # the call narrows the programme
    for support in catalogue.program_by_id["tno-sbir"].support_types:
        assert timed in events(files[f"api/calendar/support/{support}.en.ics"])
    assert timed in events(files["api/calendar/country/NL.ics"])
    closed = [p for p in files if p.startswith("api/calendar/applicants/JP")]  # options stay while empty
    assert closed == ["api/calendar/applicants/JP.en.ics", "api/calendar/applicants/JP.ics"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_subscribe_page_lists_every_calendar_and_feed_of_its_language(calendars, lang):
    project, catalogue, files = calendars
    text = (project.root / "docs" / lang / "subscribe.md").read_text("utf-8")
    assert SUBSCRIBE_MARKER in text
    labels = check(project)[1].bound(lang)
    tables = subscribe_tables(catalogue, lang, TODAY, SITE, labels)
    own = [path for path in files if (".en." in path) == (lang == "en")]
    assert own and all(f"<code>{path}</code>" in tables for path in own)
    assert f'(<a href="webcal://example.org/kb/{calendar_path(lang)}">webcal</a>)' in tables
    assert "webcal" not in subscribe_tables(catalogue, lang, TODAY, None, labels)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_open_data_page_names_every_kind_of_calendar_and_feed(lang):
    text = (REPO / "docs" / lang / "open-data.md").read_text("utf-8")
    for name in (
        "api/calendar/deadlines.ics",
        "api/calendar/programs/",
        "api/calls.atom",
        "api/feeds/",
        "subscribe.md",
    ):
        assert name in text, name
    for facet in CALL_FACETS:
        assert f"`{facet.key}`" in text, facet.key


def test_a_time_zone_the_iana_database_does_not_have_is_refused(project):
    from test_call_records import PATH, call

    assert call(project, "time_zone: Europe/Amsterdam", "time_zone: Europe/Amsterdan") == [
        f"{PATH}:7:12: time_zone: 'Europe/Amsterdan' is not a time zone of the IANA database; expected an area and"
        " city such as Europe/Brussels or Asia/Seoul"
    ]
