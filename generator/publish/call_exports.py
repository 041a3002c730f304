"""api/calls.json, api/calls.csv (with its CSVW metadata) and api/schema/calls-export.schema.json.

Every call record as plain data in the shape of its file (`calls/<folder>/<id>.yaml`), with its id,
its source folder (`hand` or a harvester's source id) and, when the site has an address, its entry on
the site in each language; then what is derived at the build date, as the pages derive it (freshness.py):
`state` (open, upcoming, closed, invitation, or unknown for a rolling call of a programme not shown as
running) and `next_deadline` (its next cut-off or close on or after the build date, else null). The
document names its `build_date`, so a reader knows what the state is as of. Same records and build
date, same bytes: no clock, no network.
"""

from __future__ import annotations

import dataclasses
import datetime

from ..facts import Call, apply_url
from ..freshness import call_status, next_close, running_status
from ..languages import LANGUAGES
from ..model import Catalogue, Text
from ..paths import page_url, text_columns
from ..records.schema import SchemaSet
from .calendars import call_page
from .export_format import LICENCE_SCHEMA, SCHEMA_2020, csv_bytes, items, plain, present
from .licence import Licence

FORMAT_VERSION = 1
#: Not fields of the call's file: the id is its file name, the folder its parent folder.
_SKIPPED = {"id", "source_path", "folder"}
#: What `state` may be (freshness.call_status).
STATES = ("open", "upcoming", "closed", "invitation", "unknown")


def call_state(call: Call, catalogue: Catalogue, today: datetime.date) -> str:
    """The call's state at `today` as its page shows it: a rolling call is open while its programme runs."""
    program = catalogue.program_by_id.get(call.program) if call.program else None
    running = program is None or running_status(program, today, catalogue.freshness_years).state == "running"
    return call_status(call, today, running)


def call_data(call: Call) -> dict:
    """A call as plain data in the shape of its YAML file (absent fields left out).

    A title given in one language (`title_language`) is written as given, not as the model fills it in.
    """
    data = {
        f.name: plain(getattr(call, f.name))
        for f in dataclasses.fields(call)
        if f.name not in _SKIPPED and present(getattr(call, f.name))
    }
    if call.title_language:
        data["title"] = {call.title_language: call.title.get(call.title_language)}
    return data


def call_pages(call: Call, site_url: str | None) -> dict:
    """The call's entry on the site in each language (on its programme's page, else on the calls page)."""
    if not site_url:
        return {}
    root = site_url.rstrip("/") + "/"
    return {"page": {lang.code: page_url(root, lang.code, call_page(call)) for lang in LANGUAGES}}


def call_item(call: Call, catalogue: Catalogue, today: datetime.date, site_url: str | None) -> dict:
    """One call as published in api/calls.json."""
    return {
        "id": call.id,
        "folder": call.folder,
        **call_pages(call, site_url),
        **call_data(call),
        "state": call_state(call, catalogue, today),
        "next_deadline": next_close(call, today),
    }


def calls_document(
    catalogue: Catalogue, today: datetime.date, site_url: str | None, licence: Licence | None = None
) -> dict:
    """api/calls.json: format version, licence, the build date the states are as of, then the calls by id."""
    document: dict = {"format_version": FORMAT_VERSION, "kind": "calls", "count": len(catalogue.calls)}
    if licence is not None:
        document["licence"] = licence.as_data()
    if site_url:
        document["site_url"] = site_url
    document["build_date"] = today.isoformat()
    document["calls"] = [call_item(c, catalogue, today, site_url) for c in sorted(catalogue.calls, key=_id)]
    return document


def _id(call: Call) -> str:
    return call.id


def calls_export_schema(schemas: SchemaSet) -> dict:
    """The JSON Schema of api/calls.json, built from the call record schema."""
    record, _ = schemas.root("call")
    url = {"$ref": "common.schema.json#/$defs/url"}
    date = {"$ref": "common.schema.json#/$defs/date"}
    extra = {
        "id": {"$ref": "common.schema.json#/$defs/record_id", "description": "The call's id (its file name)."},
        "folder": {
            "$ref": "common.schema.json#/$defs/record_id",
            "description": "The source folder under calls/ it lives in: hand, or a harvester's source id.",
        },
        "page": {
            "type": "object",
            "description": "Its entry on the site in each language (only when the site has an address).",
            "properties": {lang.code: url for lang in LANGUAGES},
            "required": [lang.code for lang in LANGUAGES],
            "additionalProperties": False,
        },
    }
    derived = {
        "state": {"enum": list(STATES), "description": "Its state at the build date, as its page shows it."},
        "next_deadline": {
            "anyOf": [date, {"type": "null"}],
            "description": "Its next cut-off or close on or after the build date; null when none is to come.",
        },
    }
    item = {
        "type": "object",
        "properties": {**extra, **record["properties"], **derived},
        "required": ["id", "folder", *record["required"], *derived],
        "additionalProperties": False,
    }
    return {
        "$schema": SCHEMA_2020,
        "$id": "calls-export.schema.json",
        "title": "api/calls.json",
        "description": "The published calls, in the call record format plus id, folder, page and derived state.",
        "type": "object",
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "kind": {"const": "calls"},
            "count": {"type": "integer", "minimum": 0},
            "licence": LICENCE_SCHEMA,
            "site_url": {"type": "string"},
            "build_date": {**date, "description": "The day the states and next deadlines are worked out for."},
            "calls": {"type": "array", "items": item},
        },
        "required": ["format_version", "kind", "count", "licence", "build_date", "calls"],
        "additionalProperties": False,
    }


_pair = text_columns

#: The CSV columns of a call, grouped by the model field they come from ("page": its entries on the site,
#: "state": the derived state and next deadline). Every Call field is here or in CALL_NOT_IN_CSV.
CALL_CSV: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "folder": ("folder",),
    "program": ("program",),
    "operator": _pair("operator"),
    "title": _pair("title"),
    "title_language": ("title_language",),
    "mode": ("mode",),
    "opens": ("opens",),
    "closes": ("closes",),
    "cutoffs": ("cutoffs",),
    "deadline_time": ("deadline_time",),
    "time_zone": ("time_zone",),
    "state": ("state", "next_deadline"),
    "eligibility": (*_pair("eligibility"), "applicant_countries", "company_sizes"),
    "funding": ("funding_min", "funding_max", "funding_currency", "funding_per"),
    "url": ("url",),
    "application": ("application_route", "apply_url"),
    "external_id": ("external_id",),
    "harvest": ("harvest_source", "harvested", "harvest_updated"),
    "sources": ("sources",),
    "page": _pair("page"),
}
#: Call fields left out of the CSV (the JSON has them): citations, and where the record file is.
CALL_NOT_IN_CSV = ("cites", "source_path")
CALL_COLUMNS = tuple(column for columns in CALL_CSV.values() for column in columns)


def _texts(name: str, text: Text | None) -> dict:
    return {column: text.get(lang.code) if text else "" for column, lang in zip(_pair(name), LANGUAGES, strict=True)}


def _number(value: int | float | None) -> str:
    return "" if value is None else str(value)


def call_row(call: Call, catalogue: Catalogue, today: datetime.date, site_url: str | None) -> dict:
    """One call as a flat CSV row (texts split into _ko and _en columns, amounts one per line)."""
    eligibility, harvest = call.eligibility, call.harvest
    amounts = call.funding.amounts if call.funding else ()
    application = call.application
    program = catalogue.program_by_id.get(call.program) if call.program else None
    pages = call_pages(call, site_url).get("page", {})
    return {
        "id": call.id,
        "folder": call.folder,
        "program": call.program or "",
        **_texts("operator", call.operator.name if call.operator else None),
        **_texts("title", call.title),
        "title_language": call.title_language or "",
        "mode": call.mode,
        "opens": call.opens or "",
        "closes": call.closes or "",
        "cutoffs": items(call.cutoffs),
        "deadline_time": call.deadline_time or "",
        "time_zone": call.time_zone or "",
        "state": call_state(call, catalogue, today),
        "next_deadline": next_close(call, today) or "",
        **_texts("eligibility", eligibility.text if eligibility else None),
        "applicant_countries": items(eligibility.applicant_countries if eligibility else ()),
        "company_sizes": items(eligibility.company_sizes if eligibility else ()),
        "funding_min": items(_number(a.min) for a in amounts),
        "funding_max": items(_number(a.max) for a in amounts),
        "funding_currency": items(a.currency or "" for a in amounts),
        "funding_per": items(a.per or "" for a in amounts),
        "url": call.url or "",
        "application_route": (application.route or "") if application else "",
        "apply_url": apply_url(call, program) or "",
        "external_id": call.external_id or "",
        "harvest_source": harvest.source if harvest else "",
        "harvested": harvest.harvested if harvest else "",
        "harvest_updated": (harvest.updated or "") if harvest else "",
        "sources": items(s.title for s in call.sources),
        **{column: pages.get(lang.code, "") for column, lang in zip(_pair("page"), LANGUAGES, strict=True)},
    }


def calls_csv(catalogue: Catalogue, today: datetime.date, site_url: str | None) -> bytes:
    """api/calls.csv: one row per call, sorted by id."""
    return csv_bytes(CALL_COLUMNS, [call_row(c, catalogue, today, site_url) for c in sorted(catalogue.calls, key=_id)])
