"""The gate records of gates/ (issue 22, item 2): prerequisites such as a business registration or an
EU PIC, researched and cited like every other record. The build does not publish them yet; until it
does, these tests hold them to their schema and to the citation rules of the records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from referencing import Registry, Resource

from generator.records.schema import FORMATS, RecordValidator

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "site_config" / "schema"
GATES = sorted((REPO / "gates").glob("*.yaml"))
CITATION = re.compile(r"\[@([^\]]+)\]")


def _validator() -> RecordValidator:
    documents = {p.name: json.loads(p.read_text("utf-8")) for p in SCHEMAS.glob("*.schema.json")}
    registry = Registry().with_resources((name, Resource.from_contents(doc)) for name, doc in documents.items())
    return RecordValidator(documents["gate.schema.json"], registry=registry, format_checker=FORMATS)


def _texts(value):
    """Every string of a record, wherever it is."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child)


def _cited(data: dict) -> set[str]:
    """The source ids a record cites: inline `[@id, locator; @other]` and `cites:` lists."""
    found = set()
    for text in _texts({k: v for k, v in data.items() if k != "sources"}):
        for group in CITATION.findall(text):
            found.update(part.strip().lstrip("@").split(",")[0].strip() for part in group.split(";"))

    def walk(value):
        if isinstance(value, dict):
            found.update(value.get("cites", ()) if isinstance(value.get("cites"), list) else ())
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk({k: v for k, v in data.items() if k != "sources"})
    return found


def test_there_are_gates_for_korea_the_eu_and_the_us():
    countries = {yaml.safe_load(p.read_text("utf-8"))["country"] for p in GATES}
    assert {"KR", "EU", "US"} <= countries and len(GATES) >= 6


@pytest.mark.parametrize("path", GATES, ids=lambda p: p.stem)
def test_a_gate_fits_its_schema_and_cites_only_its_sources(path):
    data = yaml.safe_load(path.read_text("utf-8"))
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(data)]
    assert errors == []
    sources = {s["id"] for s in data["sources"]}
    cited = _cited(data)
    assert cited <= sources, f"cited but not listed: {cited - sources}"
    assert sources <= cited, f"listed but never cited: {sources - cited}"
    assert len(data["steps"]["ko"]) == len(data["steps"]["en"])
    assert any(link["kind"] == "official" for link in data["links"])


def test_the_schema_refuses_a_gate_without_its_issuer():
    data = yaml.safe_load(GATES[0].read_text("utf-8"))
    del data["issuer"]
    assert [e.validator for e in _validator().iter_errors(data)] == ["required"]
