"""The record format of issue 9: sources with ids, citations, links, application, contact,
funding, who may apply, places and verification (calls: test_call_records.py); every bad input with its exact message.

Each test writes the full programme below into a copy of the project, changes one thing, and
checks the one message that change gives; line numbers are those of the record as written here.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from test_validate import CASE, CASE_PATH, problems, write

from generator.facts import Citation
from generator.project import Project
from generator.records.validate import validate_catalogue

REPO = Path(__file__).resolve().parent.parent
PATH = "programs/full-programme.yaml"
FULL = """\
kind: programme
name: {ko: 시험 프로그램, en: Test programme}
short_name: {ko: 시험, en: Test}
operator:
  name: {ko: 시험 기관, en: Test body}
  country: NL
country: NL
summary: {ko: 요약, en: Summary}
description: {ko: "설명 [@rvo-page]", en: Description}
support_types: [rd-support]
eligibility:
  text: {ko: 중소기업, en: SMEs}
  company_sizes: [sme]
  sectors: [C, J]
  applicant_countries: [eu]
  foreign_companies: not-stated
  target_markets: [europe, US]
  as_of: "2025"
  cites: [rvo-page]
cost: {model: free}
delivery: {model: staged-programme}
links:
  - {kind: official, url: "https://example.org/sbir", language: en, checked: "2026-11-01", cites: [rvo-page]}
application:
  route: online
  text: {ko: 온라인 신청, en: Online through the agency's portal}
  as_of: "2025-05"
  cites: [{source: rvo-page, at: How to apply}]
contact:
  office: {ko: 사업 담당 부서, en: Programme desk}
  email: sbir@example.org
  phone: "+31 88 042 42 42"
  cites: [rvo-page]
funding:
  given: amounts
  amounts:
    - {min: 0, max: 50000, currency: EUR, per: phase, as_of: "2025"}
  covers_percent: 70
  cites: [rvo-page]
status: {value: active, as_of: "2025", cites: [news-2013]}
verification: {method: operator-page, date: "2026-11-01", source: rvo-page}
sources:
  - {id: rvo-page, kind: operator-page, title: SBIR, url: "https://example.org/sbir", read: "2026-11-01"}
  - {id: news-2013, kind: news, title: 기사, date: "2013"}
last_reviewed: 2026-11-01
"""


def full(project: Project, old: str = "", new: str = "") -> list[str]:
    """Write the programme (with one change) and return every message validation gives."""
    write(project, PATH, FULL, old, new)
    return problems(project)


def test_the_full_programme_is_valid_and_built(project):
    write(project, PATH, FULL)
    program = validate_catalogue(project).program_by_id["full-programme"]
    assert program.application.cites == (Citation("rvo-page", "How to apply"),)
    assert program.funding.amounts[0].currency == "EUR" and program.funding.amounts[0].max == 50000
    assert program.eligibility.sectors == ("C", "J") and program.eligibility.target_markets == ("europe", "US")
    assert program.verification.source == "rvo-page" and program.sources[0].read == "2026-11-01"


def test_a_citation_of_an_unknown_source_suggests_the_nearest(project):
    assert full(project, "cites: [news-2013]", "cites: [news-2031]") == [
        f"{PATH}:40:48: status.cites[0]: 'news-2031' is not the id of a source of this record"
        " (did you mean 'news-2013'?); expected one of: news-2013, rvo-page"
    ]


def test_an_inline_citation_of_an_unknown_source_is_refused(project):
    """A `[@id]` in rich text names a source of the record, as a `cites:` entry must."""
    assert full(project, "설명 [@rvo-page]", "설명 [@rvo-pgae]") == [
        f"{PATH}:9:19: description.ko: 'rvo-pgae' is not the id of a source of this record"
        " (did you mean 'rvo-page'?); expected one of: news-2013, rvo-page"
    ]


def test_an_inline_citation_in_plain_text_is_refused(project):
    """A plain-text field would show `[@id]` as typed: the citation belongs in the group's `cites:`."""
    assert full(project, "cost: {model: free}", 'cost: {model: free, note: {ko: "무료 [@rvo-page]", en: Free}}') == [
        f"{PATH}:20:32: cost.note.ko: has an inline citation [@...], but this field is plain text, where it"
        " would show as typed; expected the citation in the group's `cites:` list (inline [@id] works in"
        " description and story)"
    ]


def test_cost_and_delivery_cite_their_sources(project):
    write(project, PATH, FULL, "cost: {model: free}", "cost: {model: free, cites: [{source: rvo-page, at: Costs}]}")
    program = validate_catalogue(project).program_by_id["full-programme"]
    assert program.cost.cites == (Citation("rvo-page", "Costs"),)


def test_a_fact_that_cites_nothing_in_a_record_with_several_sources(project):
    assert full(project, ", cites: [news-2013]}", "}") == [
        f"{PATH}:40:9: status: cites nothing, but the record has several sources; name one of: rvo-page, news-2013"
    ]


def test_with_one_source_a_missing_citation_means_that_source(project):
    write(project, CASE_PATH, CASE)  # the test case has one source and cites nothing
    validate_catalogue(project)


def test_an_amount_without_a_currency(project):
    assert full(project, ", currency: EUR", "") == [
        f"{PATH}:37:7: funding.amounts[0].currency: 'currency' is required when 'max' is given",
        f"{PATH}:37:7: funding.amounts[0].currency: 'currency' is required when 'min' is given",
    ]


def test_a_negative_amount(project):
    assert full(project, "min: 0,", "min: -5,") == [
        f"{PATH}:37:13: funding.amounts[0].min: -5 is too small; expected at least 0"
    ]


def test_a_currency_that_is_not_iso_4217(project):
    assert full(project, "currency: EUR", "currency: EUO") == [
        f"{PATH}:37:38: funding.amounts[0].currency: 'EUO' is not an ISO 4217 currency code (did you mean 'EUR'?);"
        " expected a code such as KRW or EUR"
    ]


def test_a_maximum_below_the_minimum(project):
    assert full(project, "min: 0, max: 50000", "min: 9000, max: 500") == [
        f"{PATH}:37:24: funding.amounts[0].max: 500 is less than the minimum 9000; expected max to be at least min"
    ]


def test_a_country_code_that_is_not_iso_3166(project):
    assert full(project, "target_markets: [europe, US]", "target_markets: [europe, XX]") == [
        f"{PATH}:17:28: eligibility.target_markets[1]: 'XX' is not an ISO 3166-1 country code;"
        " expected a code such as KR or FR, or a region id"
    ]


def test_eu_is_a_region_not_a_country(project):
    assert full(project, "country: NL\nsummary", "country: EU\nsummary") == [
        f"{PATH}:7:10: country: 'EU' is not a country (use the region 'eu' of site_config/places.yaml);"
        " expected an ISO 3166-1 country code or a region id"
    ]


def test_an_unknown_region_suggests_the_nearest(project):
    assert full(project, "[europe, US]", "[europa, US]") == [
        f"{PATH}:17:20: eligibility.target_markets[0]: 'europa' is not a region of site_config/places.yaml"
        " (did you mean 'europe'?); expected an ISO 3166-1 code such as FR, or one of: eu, europe"
    ]


def test_a_link_that_is_not_https(project):
    assert full(project, 'url: "https://example.org/sbir", language', 'url: "http://example.org/sbir", language') == [
        f"{PATH}:23:27: links[0].url: 'http://example.org/sbir' is not valid;"
        " expected an https:// address (links must use https)"
    ]


def test_an_as_of_date_in_the_future(project):
    today = datetime.date.today()
    later = str(today.year + 2)
    assert full(project, 'as_of: "2025-05"', f'as_of: "{later}"') == [
        f"{PATH}:27:10: application.as_of: {later} is after today ({today});"
        " a date of a source or fact cannot lie in the future"
    ]


def test_an_active_status_without_a_date(project):
    assert full(project, '{value: active, as_of: "2025", ', "{value: active, ") == [
        f"{PATH}:40:1: status.as_of: required field 'as_of' is missing; add it"
    ]


def test_a_source_address_needs_the_date_it_was_read(project):
    assert full(project, ', read: "2026-11-01"}', "}") == [
        f"{PATH}:43:5: sources[0].read: 'read' is required when 'url' is given"
    ]


def test_two_sources_with_one_id(project):
    assert full(project, "{id: news-2013,", "{id: rvo-page,") == [
        f"{PATH}:40:48: status.cites[0]: 'news-2013' is not the id of a source of this record;"
        " expected one of: rvo-page",
        f"{PATH}:44:10: sources[1].id: 'rvo-page' is already the id of sources[0]; give each source its own id",
    ]


def test_verification_against_an_operator_page_names_the_source(project):
    assert full(project, ", source: rvo-page}", "}") == [
        f"{PATH}:41:15: verification: names no source; with operator-page, give the id of the operator's page"
        " among the sources as source"
    ]


def test_a_case_relation_needs_its_certainty(project):
    write(project, CASE_PATH, CASE, ", certainty: suggested}", "}")
    assert problems(project) == [
        f"{CASE_PATH}:16:5: programs[0].certainty: required field 'certainty' is missing; add it"
    ]


def test_a_region_member_must_be_a_country(project):
    places = project.root / "site_config" / "places.yaml"
    places.write_text(places.read_text("utf-8").replace("members: [AT, BE,", "members: [AT, XB,"), "utf-8")
    messages = problems(project)
    assert len(messages) == 1 and messages[0].startswith("site_config/places.yaml:")
    assert messages[0].endswith(
        "regions.eu.members[1]: 'XB' is not an ISO 3166-1 country code;"
        " expected a code such as KR or FR, or a region id"
    )


@pytest.mark.parametrize("reserved", ["not-stated", "any", "none"])
def test_a_region_may_not_take_a_finder_option_as_its_id(project, reserved):
    places = project.root / "site_config" / "places.yaml"
    text = places.read_text("utf-8")
    places.write_text(text.replace("\n  eu:\n", f"\n  {reserved}:\n"), "utf-8")
    line = text[: text.index("\n  eu:\n")].count("\n") + 2
    assert problems(project) == [
        f"site_config/places.yaml:{line}:3: regions.{reserved}: '{reserved}' is not a valid name here; expected a "
        "lower-case id such as europe, other than any, none and not-stated (the finders' own options)"
    ]


def test_the_reserved_region_ids_are_the_finders_own_options():
    """The schema's list must follow the finders: their 'not given' terms and their wildcards."""
    import json

    from generator.publish import case_finder, finder
    from generator.publish.facets import NOT_GIVEN

    schema = json.loads((REPO / "site_config" / "schema" / "places.schema.json").read_text("utf-8"))
    reserved = set(schema["properties"]["regions"]["propertyNames"]["not"]["enum"])
    wildcards = {f.wildcard for f in (*finder.FACETS, *case_finder.CASE_FACETS) if f.wildcard}
    assert reserved == NOT_GIVEN | wildcards
