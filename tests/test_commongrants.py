"""api/calls.commongrants.json against the CommonGrants protocol's own published JSON Schemas, offline.

The schemas in tests/fixtures/commongrants/ are the protocol's `website/public/schemas/yaml/*.yaml`, copied
unchanged from the public repository HHS/simpler-grants-protocol at commit b874691 (CC0; see the README
there): `Paginated.yaml` for the list response of `GET /opportunities/` (lib/core/lib/core/routes/
opportunities.tsp) and `OpportunityBase.yaml` for each item (lib/core/lib/core/models/opportunity/base.tsp).
The calls are those of test_call_exports.py, at the same build date, so the mapping can be asserted exactly.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from test_call_exports import BUILT, LATER, SITE, _items, export_test_calls

from generator.publish.commongrants import commongrants_document, opportunity_id

FIXTURES = Path(__file__).parent / "fixtures" / "commongrants"


@pytest.fixture(scope="module")
def protocol():
    """A validator for one of the protocol's schemas, by file name; every $ref resolves among the fixtures."""
    documents = {path.name: yaml.safe_load(path.read_text("utf-8")) for path in FIXTURES.glob("*.yaml")}
    registry = Registry().with_resources((name, Resource.from_contents(doc)) for name, doc in documents.items())

    def make(name: str) -> Draft202012Validator:
        Draft202012Validator.check_schema(documents[name])
        return Draft202012Validator(documents[name], registry=registry, format_checker=FormatChecker())

    return make


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The calls of test_call_exports.py, exported at its build dates."""
    return export_test_calls(tmp_path_factory)


@pytest.fixture(scope="module")
def document(exported):
    return json.loads(exported[3][(SITE, BUILT)]["api/calls.commongrants.json"])


def test_the_file_is_a_valid_commongrants_list_response(protocol, document):
    errors = list(protocol("Paginated.yaml").iter_errors(document))
    assert not errors, [e.message for e in errors]
    item_schema = protocol("OpportunityBase.yaml")
    for item in document["items"]:
        errors = list(item_schema.iter_errors(item))
        assert not errors, (item["customFields"]["callId"]["value"], [e.message for e in errors])
    total = len(document["items"])
    assert document["paginationInfo"] == {"page": 1, "pageSize": total, "totalItems": total, "totalPages": 1}


def test_times_and_amounts_are_in_the_protocols_formats(document):
    """jsonschema checks `date-time` and `time` only with an extra package: the forms are checked here."""
    for item in document["items"]:
        for key in ("createdAt", "lastModifiedAt"):
            assert item[key].endswith("Z") and datetime.datetime.fromisoformat(item[key]).tzinfo is not None
        assert item["createdAt"] <= item["lastModifiedAt"]
        for event in _events(item):
            for key in ("time", "endTime"):
                assert key not in event or re.fullmatch(r"\d\d:\d\d:\d\d", event[key]), event
        for money in (item.get("funding") or {}).values():
            if isinstance(money, dict):
                assert re.fullmatch(r"-?[0-9]+\.?[0-9]*", money["amount"]) and len(money["currency"]) == 3


def _events(item: dict) -> list[dict]:
    dates = item.get("keyDates", {})
    return [*(dates[k] for k in ("postDate", "closeDate") if k in dates), *dates.get("otherDates", {}).values()]


def test_every_call_is_one_opportunity_with_a_stable_uuid(exported, document):
    _, catalogue, *_ = exported
    by_call = {item["customFields"]["callId"]["value"]: item for item in document["items"]}
    assert sorted(by_call) == sorted(c.id for c in catalogue.calls)
    for call in catalogue.calls:
        assert by_call[call.id]["id"] == opportunity_id(call) == str(uuid.UUID(by_call[call.id]["id"]))
    assert len({item["id"] for item in document["items"]}) == len(document["items"])
    assert opportunity_id(catalogue.call_by_id["zz-open"]) == str(
        uuid.uuid5(uuid.NAMESPACE_URL, "urn:sme-support-kb:call:zz-open")
    )
    modified = [(item["lastModifiedAt"], item["customFields"]["callId"]["value"]) for item in document["items"]]
    assert [m for m, _ in modified] == sorted((m for m, _ in modified), reverse=True)  # the protocol's list order


def test_status_and_key_dates_follow_the_call_at_the_build_date(exported, document):
    *_, files = exported
    calls = _items(files[(SITE, BUILT)])
    by_call = {item["customFields"]["callId"]["value"]: item for item in document["items"]}
    expected = {"open": "open", "upcoming": "forecasted", "closed": "closed"}
    for call_id, item in by_call.items():
        state = calls[call_id]["state"]
        assert item["status"]["value"] == expected.get(state, "custom")
        assert item["status"].get("customValue") == (None if state in expected else state)
        assert item["customFields"]["stateAsOf"]["value"] == BUILT.isoformat()
    opened = by_call["zz-open"]
    assert opened["keyDates"]["closeDate"] == {
        "name": "Application deadline",
        "eventType": "singleDate",
        "date": "2026-03-01",
        "time": "17:00:00",
        "description": "Asia/Seoul",
    }
    period = opened["keyDates"]["otherDates"]["applicationPeriod"]
    assert (period["startDate"], period["endDate"], period["endTime"]) == ("2026-02-01", "2026-03-01", "17:00:00")
    cutoffs = by_call["zz-cutoffs"]["keyDates"]
    assert cutoffs["closeDate"]["date"] == "2026-10-01"
    assert [cutoffs["otherDates"][f"cutoff{n}"]["date"] for n in (1, 2, 3)] == [
        "2026-01-15",
        "2026-05-15",
        "2026-10-01",
    ]
    assert by_call["zz-invitation"]["status"] == {
        "value": "custom",
        "customValue": "invitation",
        "description": "By invitation",
    }
    later = json.loads(files[(SITE, LATER)]["api/calls.commongrants.json"])
    assert {i["customFields"]["callId"]["value"]: i["status"]["value"] for i in later["items"]}["zz-open"] == "closed"


def test_funding_source_and_dates_of_a_harvested_call(exported, document):
    _, catalogue, lonely, _ = exported
    item = next(i for i in document["items"] if i["customFields"]["callId"]["value"] == "zz-harvested")
    assert item["title"] == "Harvested test call"
    assert item["funding"]["maxAwardAmount"] == {"amount": "1500000.5", "currency": "USD"}
    assert item["funding"]["totalAmountAvailable"] == {"amount": "30000000", "currency": "USD"}
    assert "minAwardAmount" not in item["funding"] and "$1,500,000.5" in item["funding"]["details"]
    assert item["source"] == "https://example.org/notice"
    assert (item["createdAt"], item["lastModifiedAt"]) == ("2026-02-10T00:00:00Z", "2026-02-12T00:00:00Z")
    assert item["customFields"]["program"]["value"] == lonely
    assert item["customFields"]["page"]["value"]["en"] == f"{SITE}en/programs/{lonely}/#call-zz-harvested"
    assert catalogue.program_by_id[lonely].name.get("en") in item["description"]


def test_the_document_is_deterministic(exported):
    project, catalogue, _, files = exported
    from generator.records.strings import load_strings

    labels = load_strings(project.config_dir / "strings.yaml", "strings").bound("en")
    again = commongrants_document(catalogue, BUILT, SITE, labels)
    assert json.dumps(again, ensure_ascii=False, separators=(",", ":")) + "\n" == files[(SITE, BUILT)][
        "api/calls.commongrants.json"
    ].decode("utf-8")
