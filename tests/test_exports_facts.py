"""Issue 9's groups in the exports: CSV columns, JSON-LD terms and the feed's related links,
checked with the full programme of tests/test_record_format.py."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from test_exports import read_csv
from test_publishing import vocabulary_problems
from test_record_format import FULL, PATH
from test_validate import write

from generator.paths import record_url
from generator.pipeline import check
from generator.publish.exports import export_files, jsonld_program

SITE = "https://example.org/kb/"
ATOM = "{http://www.w3.org/2005/Atom}"
#: The full programme with an operator's site, an application page and a contact page added.
_OFFICIAL = (
    '  - {kind: official, url: "https://example.org/sbir", language: en, checked: "2026-11-01", cites: [rvo-page]}\n'
)
RICHER = (
    FULL.replace(
        _OFFICIAL,
        _OFFICIAL + '  - {kind: operator, url: "https://example.org/", language: en, cites: [rvo-page]}\n',
    )
    .replace("  route: online\n", '  route: online\n  url: "https://example.org/apply"\n')
    .replace('  phone: "+31 88 042 42 42"\n', '  phone: "+31 88 042 42 42"\n  url: "https://example.org/contact"\n')
)


#: The full programme's calls, in calls/hand/ (issue 19).
_SOURCE = '  - {id: rvo-page, kind: operator-page, title: SBIR, url: "https://example.org/sbir", read: "2026-11-01"}\n'
CALLS = {
    "calls/hand/full-programme-2026-03.yaml": "program: full-programme\ntitle: {ko: 2026년 공고, en: 2026 call}\n"
    'mode: dated\nopens: "2026-01-08"\ncloses: "2026-03-12"\ncites: [rvo-page]\nsources:\n' + _SOURCE,
    "calls/hand/full-programme-rolling.yaml": "program: full-programme\ntitle: {ko: 상시 접수, en: Rolling}\n"
    "mode: rolling\ncites: [rvo-page]\nsources:\n" + _SOURCE,
}


def built(project):
    write(project, PATH, RICHER)
    for path, text in CALLS.items():
        write(project, path, text)
    catalogue, _ = check(project)
    return catalogue, export_files(catalogue, project, SITE)


def test_the_programme_csv_carries_every_issue_9_group(project):
    catalogue, files = built(project)
    [row] = [r for r in read_csv(files["api/programs.csv"]) if r["id"] == "full-programme"]
    assert (row["official_url"], row["apply_url"], row["application_route"]) == (
        "https://example.org/sbir",
        "https://example.org/apply",
        "online",
    )
    assert row["links"] == "official https://example.org/sbir\noperator https://example.org/"
    assert (row["contact_office_en"], row["contact_email"], row["contact_url"]) == (
        "Programme desk",
        "sbir@example.org",
        "https://example.org/contact",
    )
    assert row["contact_phone"] == "'+31 88 042 42 42"  # a leading + would be a formula: neutralised
    assert (
        row["funding_given"],
        row["funding_min"],
        row["funding_max"],
        row["funding_currency"],
        row["funding_per"],
        row["covers_percent"],
    ) == ("amounts", "0", "50000", "EUR", "phase", "70")
    assert row["calls_en"] == "2026 call: dated 2026-01-08/2026-03-12\nRolling: rolling"
    assert row["calls_ko"].startswith("2026년 공고: dated 2026-01-08/2026-03-12")
    assert (row["applicant_countries"], row["foreign_companies"], row["target_markets"]) == (
        "eu",
        "not-stated",
        "europe\nUS",
    )
    assert (row["verification"], row["verification_date"]) == ("operator-page", "2026-11-01")
    others = [r for r in read_csv(files["api/programs.csv"]) if r["id"] != "full-programme"]
    assert {r["funding_given"] for r in others} <= {"", "amounts", "in-kind", "none", "not-stated"}


def test_the_case_csv_carries_sectors_and_the_certainty_of_each_relation(project):
    catalogue, files = built(project)
    for row in read_csv(files["api/cases.csv"]):
        case = catalogue.case_by_id[row["id"]]
        assert row["program_certainty"].split("\n") == [r.certainty for r in case.program_links]
        assert row["sectors"] == "\n".join(case.sectors)


def test_the_json_export_carries_the_citations(project):
    _, files = built(project)
    programs = json.loads(files["api/programs.json"])["programs"]
    [full] = [p for p in programs if p["id"] == "full-programme"]
    assert full["application"]["cites"] == [{"source": "rvo-page", "at": "How to apply"}]
    assert full["funding"]["cites"] == ["rvo-page"] and full["status"]["cites"] == ["news-2013"]


def test_program_jsonld_names_the_official_page_the_channel_and_the_amounts(project):
    catalogue, _ = built(project)
    program = catalogue.program_by_id["full-programme"]
    data = jsonld_program(program, catalogue, "en", None, SITE)
    assert vocabulary_problems(data) == []
    assert data["url"] == record_url(SITE, "program", "full-programme", "en")
    assert data["sameAs"] == "https://example.org/sbir"
    assert data["provider"]["url"] == "https://example.org/"
    assert data["provider"]["contactPoint"]["email"] == "sbir@example.org"
    assert data["availableChannel"] == {
        "@type": "ServiceChannel",
        "serviceUrl": "https://example.org/apply",
        "description": "Online through the agency's portal",
    }
    [offer] = [o for o in data["offers"] if "identifier" not in o]  # its calls are offers too: test_jsonld_calls.py
    assert offer["additionalProperty"]["value"] == {
        "@type": "MonetaryAmount",
        "minValue": 0,
        "maxValue": 50000,
        "currency": "EUR",
    }
    assert data["areaServed"] == [{"@type": "Place", "name": catalogue.label("countries", "eu", "en")}]
    assert '"addressCountry": "EU"' not in json.dumps(data)
    assert [w["url"] for w in data["subjectOf"] if w["@type"] == "CreativeWork"] == ["https://example.org/sbir"]


def test_feed_entries_link_their_programmes_with_certainty_and_their_sources(project):
    catalogue, files = built(project)
    feed = ET.fromstring(files["api/cases.en.atom"])
    for entry in feed.iter(f"{ATOM}entry"):
        related = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "related"]
        case = next(c for c in catalogue.cases if c.title.get("en") == entry.findtext(f"{ATOM}title"))
        programs = [link for link in related if link.get("type") == "text/html"]
        assert [link.get("href") for link in programs] == [
            record_url(SITE, "program", r.program, "en") for r in case.program_links
        ]
        certainty = {
            "confirmed": "programme named by the sources",
            "suggested": "programme the sources point to (not confirmed)",
        }
        for link, relation in zip(programs, case.program_links, strict=True):
            name = catalogue.program_by_id[relation.program].name.get("en")
            assert link.get("title") == f"{name} ({certainty[relation.certainty]})"
        sources = [link.get("href") for link in related if link.get("type") is None]
        assert sources == [s.url for s in case.sources if s.url]
