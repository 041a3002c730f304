"""The derived helpers of issue 9 that pages use: call status and deadlines against a build
date, running status with the freshness limit, newest source date, places and KSIC labels."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from generator.facts import Call
from generator.freshness import (
    build_date,
    call_status,
    is_current,
    is_stale,
    newest_source_date,
    next_deadline,
    period_end,
    program_state,
    running_status,
)
from generator.model import Text
from generator.places import country_name
from generator.records.validate import validate_catalogue

DAY = datetime.date(2026, 3, 1)
TITLE = Text(ko="공고", en="Call")


def dated(opens: str | None, closes: str, call_id: str = "call") -> Call:
    return Call(call_id, TITLE, "dated", opens=opens, closes=closes)


@pytest.mark.parametrize(
    ("call", "status"),
    [
        (dated("2026-03-02", "2026-04-01"), "upcoming"),
        (dated("2026-03-01", "2026-04-01"), "open"),  # opens today
        (dated("2026-01-01", "2026-03-01"), "open"),  # closes today: still open
        (dated(None, "2026-02-28"), "closed"),
        (Call("invite", TITLE, "invitation"), "invitation"),
    ],
)
def test_call_status_against_the_build_date(call, status):
    assert call_status(call, DAY) == status


def test_a_rolling_call_is_open_only_while_its_programme_is_shown_running():
    rolling = Call("rolling", TITLE, "rolling")
    assert call_status(rolling, DAY, running=True) == "open"
    assert call_status(rolling, DAY, running=False) == "unknown"


def test_next_deadline_is_the_soonest_closing_date_not_yet_past(project):
    program = validate_catalogue(project).program_by_id["tno-sbir"]
    calls = (
        dated("2025-01-01", "2025-02-01"),
        dated("2026-03-05", "2026-06-30"),
        dated(None, "2026-04-15"),
        Call("rolling", TITLE, "rolling"),
    )
    program = type(program)(**{**program.__dict__, "calls": calls})
    assert next_deadline(program, DAY).closes == "2026-04-15"
    assert next_deadline(program, datetime.date(2026, 7, 1)) is None


def test_a_bundled_programme_reads_last_known_running_in_the_year_of_its_status(project):
    catalogue = validate_catalogue(project)
    assert catalogue.freshness_years == 2
    # No bundled programme says `active` on old evidence any more (issue 21): one is made to.
    kisti = catalogue.program_by_id["kisti-knowledge-mentoring"]
    program = dataclasses.replace(kisti, status=dataclasses.replace(kisti.status, value="active"))
    status = running_status(program, datetime.date(2026, 11, 29), 2)
    assert (status.state, status.year) == ("last-known-running", program.status.as_of[:4])
    asti = catalogue.program_by_id["asti"]
    asti = dataclasses.replace(asti, status=dataclasses.replace(asti.status, value="active"))
    limit = period_end(asti.status.as_of)
    limit = limit.replace(year=limit.year + 2)
    assert running_status(asti, limit, 2).state == "running"
    assert running_status(asti, limit + datetime.timedelta(days=1), 2).state == "last-known-running"


def test_a_partial_date_counts_to_the_end_of_its_period():
    assert period_end("2013") == datetime.date(2013, 12, 31)
    assert period_end("2024-02") == datetime.date(2024, 2, 29)
    assert is_current("2024-02-29", datetime.date(2026, 2, 28), 2)
    assert not is_current(None, DAY, 2)


def test_newest_source_date_and_the_notice_for_old_records(project):
    catalogue = validate_catalogue(project)
    case = catalogue.case_by_id["charmcare-france-supply"]
    newest = newest_source_date(case)
    assert newest == max((s.date for s in case.sources if s.date), key=period_end)
    assert is_stale(case, period_end(newest) + datetime.timedelta(days=3 * 366), 2)
    assert not is_stale(case, period_end(newest), 2)


def test_a_region_includes_its_members(project):
    places = validate_catalogue(project).places
    assert places.includes("europe", "FR") and places.includes("europe", "NL") and places.includes("eu", "FR")
    assert not places.includes("eu", "europe") and not places.includes("europe", "KR")
    assert not places.includes("europe", "eu")  # Cyprus is in the EU, and in Western Asia for UN M49
    assert places.matches(["KR", "FR"], "europe") and not places.matches(["KR", "US"], "europe")
    assert places.matches(["eu"], "europe") and places.matches(["europe"], "FR")
    assert places.name("eu", "ko") == "유럽연합" and places.name("FR", "en") == "France"


def test_every_region_member_is_a_current_iso_code_and_the_counts_match_the_standards(project):
    places = validate_catalogue(project).places
    assert len(places.members("europe")) == 51  # UN M49 area 150: 16 + 9 + 10 + 16
    assert len(places.members("eu")) == 27
    assert places.members("eu") <= places.members("europe") | {"CY"}  # Cyprus: M49 puts it in Western Asia


def test_country_names_come_from_cldr():
    assert (country_name("KR", "ko"), country_name("KR", "en")) == ("대한민국", "South Korea")


def test_the_derived_countries_vocabulary_keeps_the_labels_pages_use(project):
    catalogue = validate_catalogue(project)
    assert catalogue.label("countries", "NL", "ko") == "네덜란드"
    assert catalogue.label("countries", "europe", "en") == "Europe"


def test_ksic_sections_are_the_sector_vocabulary(project):
    catalogue = validate_catalogue(project)
    sections = [code for code in catalogue.taxonomy["sectors"] if len(code) == 1]
    assert sections == list("ABCDEFGHIJKLMNOPQRSTU")
    assert catalogue.label("sectors", "C", "ko") == "제조업"
    assert catalogue.label("sectors", "C", "en") == "Manufacturing"


def test_build_date_is_source_date_epoch_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    assert build_date(tmp_path) == datetime.date(2025, 11, 24)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date(tmp_path) == datetime.datetime.now(datetime.UTC).date()  # no git here: today


def test_the_newest_rolling_intake_speaks_for_the_programme(project):
    """Gyeonggi's tech doctor has a 2025 and a 2026 rolling intake: the 2026 one is named, not the first by id."""
    catalogue = validate_catalogue(project)
    program = catalogue.program_by_id["gyeonggi-tech-doctor"]
    assert [c.mode for c in program.calls] == ["rolling", "rolling"]
    found = program_state(program, datetime.date(2026, 12, 8), 2)
    assert (found.state, found.call.id) == ("rolling", "gyeonggi-tech-doctor-2026")
