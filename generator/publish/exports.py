"""Open data: the catalogue as JSON, CSV, JSON Schemas and an Atom feed, built from the model.

Pure functions of the validated catalogue and the build date: no MkDocs, no clock, no network.
The same records and build date give the same bytes. docs/*/open-data.md describes the published
shapes; the JSON files validate against api/schema/programs-export.schema.json,
api/schema/cases-export.schema.json and api/schema/calls-export.schema.json, which are generated
from the record schemas. The calls' own files are call_exports.py's and commongrants.py's; a
programme's entry names its calls and its next deadline at the build date.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable

from ..figures import figure_text
from ..freshness import build_date, next_close, next_deadline
from ..languages import LANGUAGES, METADATA
from ..model import Case, Catalogue, Figure, Program, Text
from ..paths import feed_path, record_url, record_urls, text_columns
from ..project import KINDS, Project
from ..records.schema import PUBLISHED_SCHEMAS, SchemaSet
from ..records.strings import load_strings
from .call_exports import CALL_COLUMNS, calls_csv, calls_document, calls_export_schema
from .commongrants import commongrants_document
from .csv_facts import ELIGIBILITY_COLUMNS, PROGRAM_FACT_COLUMNS, case_fact_cells, program_fact_cells
from .csv_metadata import csv_metadata
from .export_format import (
    FORMULA_STARTS,
    LICENCE_SCHEMA,
    LIST_SEPARATOR,
    SCHEMA_2020,
    csv_cell,
)
from .export_format import csv_bytes as _csv_bytes
from .export_format import items as _items
from .export_format import json_bytes as _json_bytes
from .export_format import plain as _plain
from .export_format import present as _present
from .feeds import cases_feed
from .jsonld import jsonld_case, jsonld_for_page, jsonld_program, jsonld_script
from .licence import Licence, load_licence
from .schema_bundle import bundle_schema

__all__ = [
    "FORMULA_STARTS",
    "LIST_SEPARATOR",
    "csv_cell",
    "export_files",
    "export_schema",
    "record_data",
    "record_url",
    "jsonld_case",
    "jsonld_for_page",
    "jsonld_program",
    "jsonld_script",
]

FORMAT_VERSION = 1
#: Filled from other records; a programme's calls are records of their own (calls/), not fields of its file.
_SKIPPED = {"id", "source_path", "case_ids", "used_by", "program_links", "calls"}


#: `memo(name, record, make)` returns `make()`, or what it returned before for the same unchanged record.
Memo = Callable[[str, "Program | Case", Callable[[], object]], object]


def _no_memo(name: str, record: Program | Case, make: Callable[[], object]) -> object:
    return make()


def export_files(
    catalogue: Catalogue,
    project: Project,
    site_url: str | None,
    memo: Memo = _no_memo,
    today: datetime.date | None = None,
) -> dict[str, bytes]:
    """Every open-data file, keyed by its path in the built site (under api/).

    `today` is the build date that states and next deadlines are worked out for (the renderer's; by
    default `freshness.build_date`, as the renderer's own default)."""
    today = today or build_date(project.root)
    schemas = SchemaSet(project.schema_dir)
    strings = load_strings(project.config_dir / "strings.yaml", "site_config/strings.yaml")
    licence = load_licence(project.config_dir)
    files = {
        **{
            f"api/{KINDS[kind]}.json": _json_bytes(
                catalogue_document(catalogue, kind, site_url, today, memo, licence), indent=None
            )
            for kind in KINDS
        },
        "api/programs.csv": programs_csv(catalogue, site_url, today, memo),
        "api/cases.csv": cases_csv(catalogue, site_url, memo),
        "api/calls.json": _json_bytes(calls_document(catalogue, today, site_url, licence), indent=None),
        "api/calls.csv": calls_csv(catalogue, today, site_url),
        "api/calls.commongrants.json": _json_bytes(
            commongrants_document(catalogue, today, site_url, strings.bound(METADATA.code)), indent=None
        ),
    }
    files["api/schema/calls-export.schema.json"] = _json_bytes(
        bundle_schema(calls_export_schema(schemas), schemas, site_url)
    )
    csvs = (("programs.csv", PROGRAM_COLUMNS), ("cases.csv", CASE_COLUMNS), ("calls.csv", CALL_COLUMNS))
    for name, columns in csvs:
        metadata = csv_metadata(name, columns, licence, f"{strings.get('site_name', METADATA.code)}: {name}")
        files[f"api/{name}-metadata.json"] = _json_bytes(metadata)
    for lang in (lang.code for lang in LANGUAGES):
        title = f"{strings.get('site_name', lang)}: {strings.get('cases_title', lang)}"
        files[feed_path(lang)] = cases_feed(
            catalogue,
            lang,
            site_url,
            title=title,
            author=strings.get("site_name", lang),
            feed_path=feed_path(lang),
            licence=licence,
            labels=strings.bound(lang),
        )
    for name in PUBLISHED_SCHEMAS:
        files[f"api/schema/{name}.schema.json"] = (schemas.directory / f"{name}.schema.json").read_bytes()
    for kind in KINDS:
        schema = bundle_schema(export_schema(schemas, kind), schemas, site_url)
        files[f"api/schema/{KINDS[kind]}-export.schema.json"] = _json_bytes(schema)
    return dict(sorted(files.items()))


def record_data(record: Program | Case) -> dict:
    """A record as plain data in the shape of its YAML file (absent fields left out)."""
    data = {
        f.name: _plain(getattr(record, f.name))
        for f in dataclasses.fields(record)
        if f.name not in _SKIPPED and _present(getattr(record, f.name))
    }
    if isinstance(record, Case):  # the file's `programs` are the relations; the model also keeps their ids
        data["programs"] = _plain(record.program_links)
    return data


def _urls(site_url: str | None, kind: str, record_id: str) -> dict:
    if not site_url:
        return {}
    return {"url": record_urls(site_url, kind, record_id)}


def export_item(record: Program | Case, kind: str, site_url: str | None, today: datetime.date) -> dict:
    """One record as published in api/programs.json or api/cases.json.

    A programme adds the ids of its cases, of the programmes that draw on it and of its calls (api/calls.json),
    and its next deadline on or after `today` (the soonest of its calls'; null when none is to come)."""
    item = {"id": record.id, **_urls(site_url, kind, record.id), **record_data(record)}
    if isinstance(record, Program):
        item["cases"] = list(record.case_ids)
        item["used_by"] = list(record.used_by)
        item["calls"] = [call.id for call in record.calls]
        item["next_deadline"] = program_next_deadline(record, today)
    return item


def program_next_deadline(program: Program, today: datetime.date) -> str | None:
    """The programme's next deadline on or after `today`: the next cut-off or close of its soonest call."""
    call = next_deadline(program, today)
    return next_close(call, today) if call else None


def catalogue_document(
    catalogue: Catalogue,
    kind: str,
    site_url: str | None,
    today: datetime.date,
    memo: Memo = _no_memo,
    licence: Licence | None = None,
) -> dict:
    """api/programs.json or api/cases.json: format version, licence, vocabularies, then the records by id."""
    plural = KINDS[kind]
    records = catalogue.programs if kind == "program" else catalogue.cases
    taxonomy = {
        name: {term: _plain(text) for term, text in terms.items()} for name, terms in catalogue.taxonomy.items()
    }
    document: dict = {"format_version": FORMAT_VERSION, "kind": plural, "count": len(records)}
    if licence is not None:
        document["licence"] = licence.as_data()
    if site_url:
        document["site_url"] = site_url
    document["taxonomy"] = taxonomy
    ordered = sorted(records, key=lambda r: r.id)
    document[plural] = [memo("export item", r, lambda r=r: export_item(r, kind, site_url, today)) for r in ordered]
    return document


def export_schema(schemas: SchemaSet, kind: str) -> dict:
    """The JSON Schema of api/programs.json or api/cases.json, built from the record schema."""
    plural = KINDS[kind]
    record, _ = schemas.root(kind)
    ids = {"type": "array", "items": {"$ref": "common.schema.json#/$defs/record_id"}, "uniqueItems": True}
    url = {"$ref": "common.schema.json#/$defs/url"}
    extra = {
        "id": {"$ref": "common.schema.json#/$defs/record_id", "description": "The record id (its file name)."},
        "url": {
            "type": "object",
            "description": "Its page in each language (only when the site has an address).",
            "properties": {lang.code: url for lang in LANGUAGES},
            "required": [lang.code for lang in LANGUAGES],
            "additionalProperties": False,
        },
    }
    linked = {}
    if kind == "program":
        linked["cases"] = {**ids, "description": "Ids of the cases that used it."}
        linked["used_by"] = {**ids, "description": "Ids of the programmes that draw on it as a network."}
        linked["calls"] = {**ids, "description": "Ids of its calls (api/calls.json), in id order."}
        linked["next_deadline"] = {
            "anyOf": [{"$ref": "common.schema.json#/$defs/date"}, {"type": "null"}],
            "description": "Its next deadline on or after the build date (the soonest of its calls'); null if none.",
        }
    item = {
        "type": "object",
        "properties": {**extra, **record["properties"], **linked},
        "required": ["id", *record["required"], *linked],
        "additionalProperties": False,
    }
    return {
        "$schema": SCHEMA_2020,
        "$id": f"{plural}-export.schema.json",
        "title": f"api/{plural}.json",
        "description": f"The published {plural} of the catalogue, in the record format plus id and links.",
        "type": "object",
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "kind": {"const": plural},
            "count": {"type": "integer", "minimum": 0},
            "licence": LICENCE_SCHEMA,
            "site_url": {"type": "string"},
            "taxonomy": {"$ref": "taxonomy.schema.json"},
            plural: {"type": "array", "items": item},
        },
        "required": ["format_version", "kind", "count", "licence", "taxonomy", plural],
        "additionalProperties": False,
    }


_pair = text_columns  # a text field has one column per language (`name_ko`, `name_en`)

#: The CSV columns of a programme, grouped by the model field they come from ("url": its page addresses).
#: Every field of the record schema is here or in PROGRAM_NOT_IN_CSV (tests/test_fields.py checks it).
PROGRAM_CSV: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "kind": ("kind",),
    "name": _pair("name"),
    "short_name": _pair("short_name"),
    "operator": _pair("operator"),
    "country": ("country",),
    "region": _pair("region"),
    "summary": _pair("summary"),
    "support_types": ("support_types",),
    "eligibility": ("company_sizes", "sectors", *ELIGIBILITY_COLUMNS),
    "cost": ("cost",),
    "delivery": ("delivery",),
    "process": _pair("process"),
    "reach": _pair("reach"),
    "status": ("status", "status_as_of"),
    "started": ("started",),
    "case_ids": ("cases",),
    "tags": ("tags",),
    **PROGRAM_FACT_COLUMNS,
    "last_reviewed": ("last_reviewed",),
    "url": _pair("url"),
}
#: Programme fields left out of the CSV, which keeps to what fits a spreadsheet row (the JSON has every field).
PROGRAM_NOT_IN_CSV = (
    "partners",
    "description",
    "escalation",
    "aftercare",
    "participants",
    "outputs",
    "plans",
    "milestones",
    "networks",
    "recognitions",
    "sources",
    "used_by",
    "language_exceptions",
)
#: The CSV columns of a case, grouped by the model field they come from.
CASE_CSV: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "year": ("year",),
    "title": _pair("title"),
    "summary": _pair("summary"),
    "company": (*_pair("company"), "company_country", *_pair("makes")),
    "programs": ("programs", "program_certainty"),
    "partners": _pair("partners"),
    "markets": ("markets",),
    "outcomes": _pair("outcomes"),
    "tags": ("tags",),
    "sectors": ("sectors",),
    "sources": ("sources",),
    "last_reviewed": ("last_reviewed",),
    "url": _pair("url"),
}
#: Case fields left out of the CSV (the JSON has every field).
CASE_NOT_IN_CSV = ("story", "quote", "language_exceptions")
PROGRAM_COLUMNS = tuple(column for columns in PROGRAM_CSV.values() for column in columns)
CASE_COLUMNS = tuple(column for columns in CASE_CSV.values() for column in columns)


def _both(name: str, text: Text | None) -> dict:
    return dict(zip(text_columns(name), (text.get(lang.code) if text else "" for lang in LANGUAGES), strict=True))


def _joined(name: str, texts) -> dict:
    texts = list(texts)
    return dict(zip(text_columns(name), (_items(t.get(lang.code) for t in texts) for lang in LANGUAGES), strict=True))


def _figure(figure: Figure, lang: str) -> str:
    """'about 250 companies (what it measures)' / '약 250개 기업 (...)', worded as on the pages."""
    return f"{figure_text(figure, lang)} ({figure.measure.get(lang)})"


def program_row(program: Program, site_url: str | None, today: datetime.date) -> dict:
    """One programme as a flat CSV row (bilingual fields split into _ko and _en columns)."""
    return {
        "id": program.id,
        "kind": program.kind,
        **_both("name", program.name),
        **_both("short_name", program.short_name),
        **_both("operator", program.operator.name),
        "country": program.country,
        **_both("region", program.region),
        **_both("summary", program.summary),
        "support_types": _items(program.support_types),
        "company_sizes": _items(program.eligibility.company_sizes),
        "sectors": _items(program.eligibility.sectors),
        "cost": program.cost.model,
        "delivery": program.delivery.model,
        **_joined("process", (s.name for s in program.process)),
        **dict(
            zip(
                text_columns("reach"),
                (_items(_figure(f, lang.code) for f in program.reach) for lang in LANGUAGES),
                strict=True,
            )
        ),
        "status": program.status.value,
        "status_as_of": program.status.as_of,
        "started": program.started or "",
        "cases": _items(program.case_ids),
        "tags": _items(program.tags),
        **program_fact_cells(program, program_next_deadline(program, today)),
        "last_reviewed": program.last_reviewed,
        **_csv_urls(site_url, "program", program.id),
    }


def case_row(case: Case, site_url: str | None) -> dict:
    """One case as a flat CSV row (bilingual fields split into _ko and _en columns)."""
    return {
        "id": case.id,
        "year": case.year,
        **_both("title", case.title),
        **_both("summary", case.summary),
        **_both("company", case.company.name),
        "company_country": case.company.country,
        **_both("makes", case.company.makes),
        "programs": _items(case.programs),
        **_joined("partners", (p.name for p in case.partners)),
        "markets": _items(case.markets),
        **_joined("outcomes", (o.measure for o in case.outcomes)),
        "tags": _items(case.tags),
        **case_fact_cells(case),
        "sources": _items(s.title for s in case.sources),
        "last_reviewed": case.last_reviewed,
        **_csv_urls(site_url, "case", case.id),
    }


def _csv_urls(site_url: str | None, kind: str, record_id: str) -> dict:
    urls = _urls(site_url, kind, record_id).get("url", {})
    return dict(zip(text_columns("url"), (urls.get(lang.code, "") for lang in LANGUAGES), strict=True))


def programs_csv(catalogue: Catalogue, site_url: str | None, today: datetime.date, memo: Memo = _no_memo) -> bytes:
    """api/programs.csv: one row per programme, sorted by id, with next deadlines on or after `today`."""
    programs = sorted(catalogue.programs, key=_id)
    rows = [memo("csv row", p, lambda p=p: program_row(p, site_url, today)) for p in programs]
    return _csv_bytes(PROGRAM_COLUMNS, rows)


def cases_csv(catalogue: Catalogue, site_url: str | None, memo: Memo = _no_memo) -> bytes:
    """api/cases.csv: one row per case, sorted by id."""
    rows = [memo("csv row", c, lambda c=c: case_row(c, site_url)) for c in sorted(catalogue.cases, key=_id)]
    return _csv_bytes(CASE_COLUMNS, rows)


def _id(record: Program | Case) -> str:
    return record.id
