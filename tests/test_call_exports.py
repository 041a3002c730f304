"""api/calls.json, api/calls.csv and the programmes' calls and next deadline, read back at a fixed build date.

A copy of the project gets a few calls whose dates sit around the build date BUILT (one of each state, cut-offs,
a harvested one under a programme that had no call), so the derived `state` and `next_deadline` can be asserted
exactly; then the same records at a later date show that the states follow the build date, not the clock.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from generator.pipeline import check
from generator.publish.call_exports import CALL_COLUMNS, CALL_CSV, CALL_NOT_IN_CSV
from generator.publish.exports import LIST_SEPARATOR, PROGRAM_COLUMNS, export_files
from generator.records.load import load_file
from generator.records.schema import SchemaSet

SITE = "https://example.org/kb/"
BUILT = datetime.date(2026, 3, 1)
LATER = datetime.date(2026, 9, 1)
SOURCE = """cites: [test-source]
sources:
  - id: test-source
    kind: operator-page
    title: "Test notice, with a comma"
    date: "2026"
    read: "2026-02-01"
    url: https://example.org/notice
    language: en
"""
OPERATOR = "operator: {name: {ko: 시험 기관, en: Test body}, country: KR}\n"
#: id: (file text without the sources, state at BUILT, next deadline at BUILT, state at LATER)
CALLS = {
    "zz-upcoming": ("mode: dated\nopens: '2026-04-01'\ncloses: '2026-04-30'\n", "upcoming", "2026-04-30", "closed"),
    "zz-open": (
        "mode: dated\nopens: '2026-02-01'\ncloses: '2026-03-01'\ndeadline_time: '17:00'\ntime_zone: Asia/Seoul\n",
        "open",
        "2026-03-01",
        "closed",
    ),
    "zz-closed": ("mode: dated\ncloses: '2026-02-28'\n", "closed", None, "closed"),
    "zz-cutoffs": (
        "mode: cutoffs\ncutoffs: ['2026-01-15', '2026-05-15', '2026-10-01']\n",
        "open",
        "2026-05-15",
        "open",
    ),
    "zz-invitation": ("mode: invitation\n", "invitation", None, "invitation"),
}
TITLE = "title: {{ko: '시험 공고 {id}', en: '=Test call {id}'}}\n"  # a formula start, for the CSV


def _harvested(program: str) -> str:
    return (
        f"program: {program}\ntitle: {{en: Harvested test call}}\ntitle_language: en\nmode: dated\n"
        "closes: '2026-06-30'\nfunding:\n  amounts:\n  - {max: 1500000.5, currency: USD, per: project}\n"
        "  - {max: 30000000, currency: USD, per: call}\n"
        "external_id: T-1\nharvest: {source: sbir-gov, harvested: '2026-02-10', updated: '2026-02-12'}\n"
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The bundled records with the test calls, exported at BUILT (with and without an address) and at LATER."""
    return export_test_calls(tmp_path_factory)


def export_test_calls(tmp_path_factory):
    """(project, catalogue, the programme given the harvested call, {(site address, build date): files})."""
    from project_copy import copy_project

    project = copy_project(tmp_path_factory.mktemp("call-exports") / "project")
    catalogue, _ = check(project)
    lonely = next(p.id for p in sorted(catalogue.programs, key=lambda p: p.id) if not p.calls)
    hand = project.root / "calls" / "hand"
    for call_id, (text, *_) in CALLS.items():
        (hand / f"{call_id}.yaml").write_text(TITLE.format(id=call_id) + OPERATOR + text + SOURCE, "utf-8")
    (project.root / "calls" / "sbir-gov").mkdir()
    (project.root / "calls" / "sbir-gov" / "zz-harvested.yaml").write_text(_harvested(lonely) + SOURCE, "utf-8")
    catalogue, _ = check(project)
    files = {
        (SITE, BUILT): export_files(catalogue, project, SITE, today=BUILT),
        (None, BUILT): export_files(catalogue, project, None, today=BUILT),
        (SITE, LATER): export_files(catalogue, project, SITE, today=LATER),
    }
    return project, catalogue, lonely, files


def _items(files) -> dict[str, dict]:
    return {item["id"]: item for item in json.loads(files["api/calls.json"])["calls"]}


def _validator(files, name):
    schemas = [(p.removeprefix("api/schema/"), json.loads(c)) for p, c in files.items() if p.startswith("api/schema/")]
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in schemas)
    schema = json.loads(files[f"api/schema/{name}"])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def raw_calls(project) -> dict[str, tuple[str, dict]]:
    """Each call file's folder and YAML, converted through the schema exactly as validation does."""
    schemas = SchemaSet(project.schema_dir)
    found = {}
    for path in sorted((project.root / "calls").glob("*/*.yaml")):
        found[path.stem] = (path.parent.name, schemas.coerce(load_file(path, path.name).data, "call")[0])
    return found


def test_calls_json_matches_its_published_schema(exported):
    """jsonschema with the published folder as its registry and format checking (slow: once)."""
    files = exported[3][(SITE, BUILT)]
    errors = list(_validator(files, "calls-export.schema.json").iter_errors(json.loads(files["api/calls.json"])))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("key", [(SITE, BUILT), (None, BUILT), (SITE, LATER)])
def test_calls_json_matches_the_bundled_schema_and_the_call_files(exported, key):
    project, catalogue, _, all_files = exported
    files = all_files[key]
    document = json.loads(files["api/calls.json"])
    # The bundled schema alone (jsonschema-rs, a second implementation, checks formats too): self-contained.
    bundled = jsonschema_rs.validator_for(
        json.loads(files["api/schema/calls-export.schema.json"]), validate_formats=True
    )
    assert [e.message for e in bundled.iter_errors(document)] == []
    assert (document["format_version"], document["kind"], document["build_date"]) == (1, "calls", key[1].isoformat())
    raw = raw_calls(project)
    assert [item["id"] for item in document["calls"]] == sorted(raw) and document["count"] == len(raw)
    derived = {"id", "folder", "page", "state", "next_deadline"}
    for item in document["calls"]:
        folder, data = raw[item["id"]]
        assert item["folder"] == folder
        assert {k: v for k, v in item.items() if k not in derived} == data, item["id"]
        assert ("page" in item) == (key[0] is not None)
    assert document.get("site_url") == key[0]


def test_state_and_next_deadline_are_those_at_the_build_date(exported):
    *_, files = exported
    built, later = _items(files[(SITE, BUILT)]), _items(files[(SITE, LATER)])
    for call_id, (_, state, deadline, state_later) in CALLS.items():
        assert (built[call_id]["state"], built[call_id]["next_deadline"]) == (state, deadline), call_id
        assert later[call_id]["state"] == state_later, call_id
    assert later["zz-cutoffs"]["next_deadline"] == "2026-10-01"
    assert later["zz-upcoming"]["next_deadline"] is None
    harvested = built["zz-harvested"]
    assert (harvested["folder"], harvested["title"], harvested["state"]) == (
        "sbir-gov",
        {"en": "Harvested test call"},
        "open",
    )


def test_the_call_page_is_its_entry_on_the_site(exported):
    *_, lonely, files = exported
    items = _items(files[(SITE, BUILT)])
    assert items["zz-open"]["page"] == {"ko": SITE + "calls/#call-zz-open", "en": SITE + "en/calls/#call-zz-open"}
    assert items["zz-harvested"]["page"]["en"] == f"{SITE}en/programs/{lonely}/#call-zz-harvested"


def test_calls_export_is_deterministic(exported):
    project, catalogue, _, files = exported
    again = export_files(catalogue, project, SITE, today=BUILT)
    for name in ("api/calls.json", "api/calls.csv", "api/calls.csv-metadata.json", "api/calls.commongrants.json"):
        assert again[name] == files[(SITE, BUILT)][name], name
    assert files[(SITE, LATER)]["api/calls.json"] != files[(SITE, BUILT)]["api/calls.json"]


def read_csv(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_calls_csv_agrees_with_the_json_and_its_metadata(exported):
    *_, files = exported
    published = files[(SITE, BUILT)]
    rows = read_csv(published["api/calls.csv"])
    assert tuple(rows[0]) == CALL_COLUMNS
    items = _items(published)
    assert [row["id"] for row in rows] == sorted(items)
    for row in rows:
        item = items[row["id"]]
        assert (row["state"], row["next_deadline"]) == (item["state"], item["next_deadline"] or "")
        assert (row["folder"], row["mode"], row["closes"]) == (item["folder"], item["mode"], item.get("closes", ""))
        assert row["page_en"] == item["page"]["en"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["zz-open"]["title_en"] == "'=Test call zz-open"  # inert for spreadsheets
    assert by_id["zz-cutoffs"]["cutoffs"].split(LIST_SEPARATOR) == ["2026-01-15", "2026-05-15", "2026-10-01"]
    harvested = by_id["zz-harvested"]
    assert (harvested["harvest_source"], harvested["harvested"], harvested["external_id"]) == (
        "sbir-gov",
        "2026-02-10",
        "T-1",
    )
    assert harvested["funding_max"].split(LIST_SEPARATOR) == ["1500000.5", "30000000"]
    assert harvested["sources"] == "Test notice, with a comma"
    metadata = json.loads(published["api/calls.csv-metadata.json"])
    assert metadata["url"] == "calls.csv" and metadata["tableSchema"]["primaryKey"] == "id"
    assert [c["name"] for c in metadata["tableSchema"]["columns"]] == list(CALL_COLUMNS)
    assert {row["page_ko"] for row in read_csv(files[(None, BUILT)]["api/calls.csv"])} == {""}


def test_every_call_field_is_in_the_csv_or_listed_as_left_out():
    import dataclasses

    from generator.facts import Call

    fields = {f.name for f in dataclasses.fields(Call)}
    assert sorted(fields - set(CALL_CSV) - set(CALL_NOT_IN_CSV)) == []
    assert sorted(set(CALL_CSV) - fields - {"state", "page"}) == []


def test_programmes_name_their_calls_and_next_deadline(exported):
    _, catalogue, lonely, files = exported
    for key in ((SITE, BUILT), (SITE, LATER)):
        document = json.loads(files[key]["api/programs.json"])
        schema = json.loads(files[key]["api/schema/programs-export.schema.json"])
        bundled = jsonschema_rs.validator_for(schema, validate_formats=True)  # tests/test_exports.py uses jsonschema
        assert [e.message for e in bundled.iter_errors(document)] == []
        calls = _items(files[key])
        rows = {row["id"]: row for row in read_csv(files[key]["api/programs.csv"])}
        assert tuple(next(iter(rows.values()))) == PROGRAM_COLUMNS
        for item in document["programs"]:
            program = catalogue.program_by_id[item["id"]]
            assert item["calls"] == sorted(c.id for c in program.calls)
            coming = [calls[c]["next_deadline"] for c in item["calls"] if calls[c]["next_deadline"]]
            assert item["next_deadline"] == min(coming, default=None), item["id"]
            row = rows[item["id"]]
            assert row["next_deadline"] == (item["next_deadline"] or "")
            assert row["call_ids"] == LIST_SEPARATOR.join(item["calls"])
    built = {p["id"]: p for p in json.loads(files[(SITE, BUILT)]["api/programs.json"])["programs"]}
    assert (built[lonely]["calls"], built[lonely]["next_deadline"]) == (["zz-harvested"], "2026-06-30")
    later = {p["id"]: p for p in json.loads(files[(SITE, LATER)]["api/programs.json"])["programs"]}
    assert later[lonely]["next_deadline"] is None
