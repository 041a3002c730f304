"""A programme page's JSON-LD carries its calls as `Offer`s with their dates, and parses as JSON-LD (offline).

tests/test_publishing.py checks every programme's JSON-LD against the schema.org vocabulary, these offers included.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from pyld import jsonld

from generator.pipeline import check
from generator.project import Project
from generator.publish.jsonld import jsonld_for_page, jsonld_program, record_url

SITE = "https://example.org/kb/"
SCHEMA_ORG = "https://schema.org/"


@pytest.fixture(scope="module")
def catalogue():
    from project_copy import REPO

    return check(Project(REPO))[0]


def offline_loader(url, options=None):
    """A JSON-LD document loader that knows only schema.org's context and never goes online."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        document = {"@context": {"@vocab": SCHEMA_ORG}}
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}
    raise AssertionError(f"tried to load {url}")


def call_offers(data: dict) -> dict[str, dict]:
    """The expanded offers that are calls (those with an identifier), by call id."""
    [node] = jsonld.expand(data, {"documentLoader": offline_loader})
    offers = node.get(SCHEMA_ORG + "offers", [])
    return {o[SCHEMA_ORG + "identifier"][0]["@value"]: o for o in offers if SCHEMA_ORG + "identifier" in o}


def _value(node: dict, prop: str):
    values = node.get(SCHEMA_ORG + prop)
    return values[0].get("@value", values[0].get("@id")) if values else None


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_call_of_a_programme_is_an_offer_with_its_dates(catalogue, lang):
    with_calls = [p for p in catalogue.programs if p.calls]
    assert with_calls
    for program in with_calls:
        offers = call_offers(jsonld_program(program, catalogue, lang, None, SITE))
        assert sorted(offers) == sorted(c.id for c in program.calls if c.mode != "invitation"), program.id
        for call in program.calls:
            if call.mode == "invitation":
                continue
            offer = offers[call.id]
            assert offer["@type"] == [SCHEMA_ORG + "Offer"]
            assert _value(offer, "name") == call.title.get(lang)
            assert _value(offer, "availabilityStarts") == call.opens
            last = call.deadlines[-1] if call.deadlines else None
            assert (_value(offer, "availabilityEnds") or "")[:10] == (last or "")
            assert offer["@id"].startswith(record_url(SITE, "program", program.id, lang) + "#call-")


def test_a_deadline_with_its_time_and_zone_ends_at_that_moment_and_cut_offs_are_listed(catalogue):
    program = next(p for p in catalogue.programs if p.calls)
    call = dataclasses.replace(
        program.calls[0],
        mode="cutoffs",
        opens="2026-01-05",
        closes=None,
        cutoffs=("2026-02-10", "2026-05-20"),
        deadline_time="17:00",
        time_zone="Asia/Seoul",
    )
    invited = dataclasses.replace(program.calls[0], id="zz-invited", mode="invitation")
    changed = dataclasses.replace(program, calls=(call, invited))
    data = jsonld_program(changed, catalogue, "en", None, None)
    offer = call_offers(data)[call.id]
    assert _value(offer, "availabilityStarts") == "2026-01-05"
    assert _value(offer, "availabilityEnds") == "2026-05-20T17:00:00+09:00"
    [cutoff] = offer[SCHEMA_ORG + "additionalProperty"]
    assert (_value(cutoff, "name"), _value(cutoff, "value")) == ("cut-off", "2026-02-10T17:00:00+09:00")
    assert "@id" not in offer and "zz-invited" not in call_offers(data)  # no address; an invitation is no offer
    funding = [o for o in data.get("offers", []) if "identifier" not in o]
    alone = jsonld_program(dataclasses.replace(program, calls=()), catalogue, "en", None, None)
    assert funding == alone.get("offers", [])  # the funding offers stay as they were


def test_the_page_script_parses_and_carries_the_call_dates(catalogue):
    program = next(p for p in catalogue.programs if any(c.opens for c in p.calls))
    script = jsonld_for_page(catalogue, f"programs/{program.id}.md", "ko", None, SITE)
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    offers = call_offers(json.loads(inner))
    opened = next(c for c in program.calls if c.opens)
    assert _value(offers[opened.id], "availabilityStarts") == opened.opens
