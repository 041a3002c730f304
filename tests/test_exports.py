"""Open-data exports, read back with real parsers and compared with the records."""

from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pyld import jsonld
from referencing import Registry, Resource

from generator.pipeline import check
from generator.publish.exports import (
    CASE_COLUMNS,
    LIST_SEPARATOR,
    PROGRAM_COLUMNS,
    export_files,
    jsonld_case,
    jsonld_for_page,
    jsonld_program,
    jsonld_script,
)
from generator.publish.jsonld import record_url
from generator.records.load import load_file
from generator.records.schema import SchemaSet

SITE = "https://example.org/kb/"
SCHEMA_ORG = "https://schema.org/"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The bundled records with a tricky case added, and their exports (with and without a site address)."""
    from project_copy import copy_project

    project = copy_project(tmp_path_factory.mktemp("exports") / "project")
    source = (project.root / "cases" / "charmcare-france-supply.yaml").read_text("utf-8")
    tricky = source.replace(
        "  en: Charmcare wins a contract to supply more than 1,000 medical devices to France",
        '  en: "Quotes \\", commas, semicolons; and </script><script>alert(1)</script> & more"',
    )
    (project.root / "cases" / "aaa-tricky.yaml").write_text(tricky, "utf-8")
    catalogue, _ = check(project)
    return project, catalogue, export_files(catalogue, project, SITE), export_files(catalogue, project, None)


def raw_records(project, kind):
    """Each record's YAML, converted through the schema exactly as validation does."""
    schemas = SchemaSet(project.schema_dir)
    folder = project.record_dir(kind)
    return {p.stem: schemas.coerce(load_file(p, p.name).data, kind)[0] for p in sorted(folder.glob("*.yaml"))}


def test_files_and_determinism(exported):
    project, catalogue, files, plain = exported
    assert sorted(files) == [
        "api/calls.commongrants.json",
        "api/calls.csv",
        "api/calls.csv-metadata.json",
        "api/calls.json",
        "api/cases.atom",
        "api/cases.csv",
        "api/cases.csv-metadata.json",
        "api/cases.en.atom",
        "api/cases.json",
        "api/programs.csv",
        "api/programs.csv-metadata.json",
        "api/programs.json",
        "api/schema/call.schema.json",
        "api/schema/calls-export.schema.json",
        "api/schema/case.schema.json",
        "api/schema/cases-export.schema.json",
        "api/schema/common.schema.json",
        "api/schema/program.schema.json",
        "api/schema/programs-export.schema.json",
        "api/schema/taxonomy.schema.json",
    ]
    assert export_files(catalogue, project, SITE) == files
    assert all(isinstance(content, bytes) for content in files.values())
    assert files["api/schema/case.schema.json"] == (project.schema_dir / "case.schema.json").read_bytes()


def validator(files):
    resources = [
        (path.removeprefix("api/schema/"), Resource.from_contents(json.loads(content)))
        for path, content in files.items()
        if path.startswith("api/schema/")
    ]
    registry = Registry().with_resources(resources)

    def make(name):
        schema = json.loads(files[f"api/schema/{name}"])
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())

    return make


@pytest.mark.parametrize("variant", [2, 3])
@pytest.mark.parametrize("kind", ["program", "case"])
def test_json_matches_the_published_schema_and_the_records(exported, kind, variant):
    project, catalogue, *_ = exported
    files = exported[variant]
    plural = f"{kind}s"
    document = json.loads(files[f"api/{plural}.json"].decode("utf-8"))
    errors = list(validator(files)(f"{plural}-export.schema.json").iter_errors(document))
    assert not errors, [e.message for e in errors]
    assert document["format_version"] == 1 and document["kind"] == plural
    records = raw_records(project, kind)
    assert [item["id"] for item in document[plural]] == sorted(records)
    assert document["count"] == len(records)
    for item in document[plural]:
        extra = {"id", "url", "cases", "used_by", "calls", "next_deadline"}
        assert {k: v for k, v in item.items() if k not in extra} == records[item["id"]]
        if kind == "program":
            assert item["calls"] == [c.id for c in catalogue.program_by_id[item["id"]].calls]
        if variant == 2:
            assert item["url"] == {lang: record_url(SITE, kind, item["id"], lang) for lang in ("ko", "en")}
        else:
            assert "url" not in item and "site_url" not in document
    assert document["taxonomy"]["countries"]["KR"] == {"ko": "대한민국", "en": "South Korea"}


def test_programs_list_the_cases_that_used_them(exported):
    _, catalogue, files, _ = exported
    document = json.loads(files["api/programs.json"])
    by_id = {item["id"]: item for item in document["programs"]}
    for case in catalogue.cases:
        for pid in case.programs:
            assert case.id in by_id[pid]["cases"]
    assert "asti" in {n.get("program") for n in by_id["kisti-knowledge-mentoring"].get("networks", [])}
    assert "kisti-knowledge-mentoring" in by_id["asti"]["used_by"]


def read_csv(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf"), "starts with a UTF-8 byte order mark"
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_programs_csv_agrees_with_the_records(exported):
    project, catalogue, files, _ = exported
    rows = read_csv(files["api/programs.csv"])
    assert tuple(rows[0]) == PROGRAM_COLUMNS
    records = raw_records(project, "program")
    assert [row["id"] for row in rows] == sorted(records)
    for row in rows:
        record = records[row["id"]]
        assert (row["name_ko"], row["name_en"]) == (record["name"]["ko"], record["name"]["en"])
        assert row["operator_en"] == record["operator"]["name"]["en"]
        assert row["support_types"].split(LIST_SEPARATOR) == record["support_types"]
        assert row["process_en"] == LIST_SEPARATOR.join(s["name"]["en"] for s in record.get("process", []))
        assert row["cost"] == record["cost"]["model"] and row["last_reviewed"] == record["last_reviewed"]
        assert row["url_en"] == record_url(SITE, "program", row["id"], "en")
    kisti = next(row for row in rows if row["id"] == "kisti-knowledge-mentoring")
    assert any(item.startswith("about 250 companies (") for item in kisti["reach_en"].split(LIST_SEPARATOR))
    assert any(item.startswith("약 250개 기업 (") for item in kisti["reach_ko"].split(LIST_SEPARATOR))  # as on the page


def test_cases_csv_agrees_with_the_records_even_with_tricky_text(exported):
    project, _, files, plain = exported
    rows = read_csv(files["api/cases.csv"])
    assert tuple(rows[0]) == CASE_COLUMNS
    records = raw_records(project, "case")
    assert [row["id"] for row in rows] == sorted(records)
    for row in rows:
        record = records[row["id"]]
        assert (row["title_ko"], row["title_en"]) == (record["title"]["ko"], record["title"]["en"])
        assert row["year"] == str(record["year"])
        assert row["programs"].split(LIST_SEPARATOR) == [link["program"] for link in record["programs"]]
        assert row["tags"].split(LIST_SEPARATOR) == record.get("tags", [])
    tricky = next(row for row in rows if row["id"] == "aaa-tricky")  # a record id may sort before it
    assert tricky["title_en"] == 'Quotes ", commas, semicolons; and </script><script>alert(1)</script> & more'
    assert {row["url_ko"] for row in read_csv(plain["api/cases.csv"])} == {""}


@pytest.mark.parametrize(("name", "lang"), [("api/cases.atom", "ko"), ("api/cases.en.atom", "en")])
def test_feed_parses_newest_first_and_agrees_with_the_records(exported, name, lang):
    _, catalogue, files, _ = exported
    feed = feedparser.parse(files[name])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    expected = sorted(catalogue.cases, key=lambda c: (-c.year, c.id))
    assert [e.title for e in feed.entries] == [c.title.get(lang) for c in expected]
    assert [e.link for e in feed.entries] == [record_url(SITE, "case", c.id, lang) for c in expected]
    assert [e.updated[:10] for e in feed.entries] == [c.last_reviewed for c in expected]
    assert [e.summary for e in feed.entries] == [c.summary.get(lang) for c in expected]
    assert feed.feed.updated[:10] == max(c.last_reviewed for c in catalogue.cases)
    assert len({e.id for e in feed.entries}) == len(expected)
    assert [t.term for t in feed.entries[0].tags] == list(expected[0].tags)


def test_feed_without_a_site_address_links_relative_to_the_site_root(exported):
    plain = exported[3]
    feed = feedparser.parse(plain["api/cases.en.atom"])
    assert not feed.bozo
    assert b' xml:base="../"' in plain["api/cases.en.atom"]
    assert all(e.link.endswith(f"en/cases/{e.link.rstrip('/').rsplit('/', 1)[-1]}/") for e in feed.entries)


def offline_loader(url, options=None):
    """A JSON-LD document loader that knows only schema.org's context and never goes online."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA_ORG}},
        }
    raise AssertionError(f"tried to load {url}")


def expand(data: dict) -> dict:
    expanded = jsonld.expand(data, {"documentLoader": offline_loader})
    assert len(expanded) == 1
    return expanded[0]


def value(node: dict, prop: str):
    return [v.get("@value", v.get("@id")) for v in node[SCHEMA_ORG + prop]]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_program_jsonld_expands_and_agrees(exported, lang):
    _, catalogue, *_ = exported
    for program in catalogue.programs:
        url = record_url(SITE, "program", program.id, lang)
        node = expand(jsonld_program(program, catalogue, lang, url, SITE))
        kind = "GovernmentService" if program.kind == "programme" else "Service"
        assert node["@type"] == [SCHEMA_ORG + kind]
        assert value(node, "name") == [program.name.get(lang)]
        assert value(node, "url") == [url]
        provider = node[SCHEMA_ORG + "provider"][0]
        assert value(provider, "name") == [program.operator.name.get(lang)]
        labels = [catalogue.label("support_types", t, lang) for t in program.support_types]
        assert sorted(value(node, "serviceType")) == sorted(labels)
        works = [w for w in node.get(SCHEMA_ORG + "subjectOf", []) if w["@type"] == [SCHEMA_ORG + "CreativeWork"]]
        assert sorted(v for w in works for v in value(w, "url")) == sorted(s.url for s in program.sources if s.url)
        if program.case_ids:
            articles = [a for a in node[SCHEMA_ORG + "subjectOf"] if a["@type"] == [SCHEMA_ORG + "Article"]]
            assert sorted(v for a in articles for v in value(a, "url")) == sorted(
                record_url(SITE, "case", c, lang) for c in program.case_ids
            )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_case_jsonld_expands_and_agrees(exported, lang):
    _, catalogue, *_ = exported
    for case in catalogue.cases:
        node = expand(jsonld_case(case, catalogue, lang, None, SITE))
        assert node["@type"] == [SCHEMA_ORG + "Article"]
        assert value(node, "headline") == [case.title.get(lang)]
        assert value(node, "inLanguage") == [lang]
        about = node[SCHEMA_ORG + "about"]
        names = sorted(v for a in about for v in value(a, "name"))
        expected = [case.company.name.get(lang), *(catalogue.program_by_id[p].name.get(lang) for p in case.programs)]
        assert names == sorted(expected)
        assert value(node, "url") == [record_url(SITE, "case", case.id, lang)]  # made from the site address
        assert [v for c in node[SCHEMA_ORG + "citation"] for v in value(c, "name")] == [s.title for s in case.sources]


def test_jsonld_script_cannot_be_closed_by_record_text(exported):
    _, catalogue, *_ = exported
    case = catalogue.case_by_id["aaa-tricky"]
    data = jsonld_case(case, catalogue, "en", record_url(SITE, "case", case.id, "en"))
    script = jsonld_script(data)
    assert script.startswith('<script type="application/ld+json">') and script.endswith("</script>")
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not re.search(r"[<>&]", inner)
    assert json.loads(inner) == data


def test_jsonld_for_page_picks_the_record(exported):
    _, catalogue, *_ = exported
    program, case = catalogue.programs[0], catalogue.cases[0]
    url = record_url(SITE, "program", program.id, "en")
    assert jsonld_for_page(catalogue, f"programs/{program.id}.md", "en", url, SITE) == jsonld_script(
        jsonld_program(program, catalogue, "en", url, SITE)
    )
    assert jsonld_for_page(catalogue, f"cases/{case.id}.md", "ko", None) == jsonld_script(
        jsonld_case(case, catalogue, "ko", None)
    )
    for other in ("index.md", "programs/index.md", "cases/index.md", "tags/export.md", "about.md", "programs/nope.md"):
        assert jsonld_for_page(catalogue, other, "ko", None) is None


def test_csv_neutralises_formulas_and_keeps_list_items_apart(tmp_path):
    """OWASP CSV injection: a cell that starts a formula gets an apostrophe; list items never split wrongly."""
    from project_copy import copy_project, keep_article_records

    from generator.publish.exports import cases_csv

    project = keep_article_records(copy_project(tmp_path / "project"))  # the case as first written, one source
    path = project.root / "cases" / "charmcare-france-supply.yaml"
    text = (
        path.read_text("utf-8")
        .replace(
            "  en: Charmcare wins a contract to supply more than 1,000 medical devices to France",
            '  en: "=HYPERLINK(\\"https://example.org\\",\\"x\\")"',
        )
        .replace(
            "      en: Supply contract signed for France, a market known for strict standards for adopting medical"
            " equipment",
            '      en: "@SUM(1; 2)\\nand more"\n  - measure: {ko: 둘째, en: "-second; item"}',
        )
    )
    path.write_text(text, "utf-8")
    catalogue, _ = check(project)
    [row] = [r for r in read_csv(cases_csv(catalogue, None)) if r["id"] == "charmcare-france-supply"]
    assert row["title_en"] == '\'=HYPERLINK("https://example.org","x")'
    assert row["outcomes_en"] == "'@SUM(1; 2) and more\n-second; item"
    assert row["outcomes_en"].removeprefix("'").split(LIST_SEPARATOR) == ["@SUM(1; 2) and more", "-second; item"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    from generator.publish.exports import csv_cell

    assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_cell("1+1") == "1+1" and csv_cell(2013) == 2013
