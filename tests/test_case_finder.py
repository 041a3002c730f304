"""The success-story finder's data (generator/publish/case_finder.py) and the outcome kinds it filters on."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path

import pytest

from generator.diagnostics import ContentError
from generator.project import Project
from generator.publish.case_finder import CASE_FACETS, CASE_FINDER_PATH, case_finder_data, case_finder_json
from generator.records.validate import validate_catalogue
from generator.render.pages import render_catalogue

REPO = Path(__file__).resolve().parent.parent


def option_ids(data: dict, item: dict, key: str) -> set[str]:
    """The option ids one case has in the facet `key`."""
    at = [f["key"] for f in data["facets"]].index(key)
    options = data["facets"][at]["options"]
    return {options[o][0] for o in item["f"][at]}


def test_the_facets_are_market_outcome_sector_programme_and_company_country():
    assert [f.key for f in CASE_FACETS] == ["market", "outcome", "sector", "program", "country"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_case_is_there_and_every_facet_has_more_than_one_option(bundled, lang):
    catalogue, strings = bundled
    data = case_finder_data(catalogue, lang, strings.bound(lang))
    assert [c["id"] for c in data["cases"]] == sorted(c.id for c in catalogue.cases)
    assert data["count"] == len(catalogue.cases)
    for facet in data["facets"]:
        assert len(facet["options"]) > 1, facet["key"]
        assert facet["label"] == strings.get(next(f.label for f in CASE_FACETS if f.key == facet["key"]), lang)
    for item in data["cases"]:
        case = catalogue.case_by_id[item["id"]]
        assert item["name"] == case.title.get(lang)
        assert option_ids(data, item, "program") == set(case.programs)
        kinds = {o.kind for o in case.outcomes if o.kind} or {"not-stated"}
        assert option_ids(data, item, "outcome") == kinds
        assert option_ids(data, item, "sector") == (set(case.sectors) or {"not-stated"})


def test_ticking_europe_finds_the_stories_that_sold_in_france_and_the_netherlands(bundled):
    catalogue, strings = bundled
    data = case_finder_data(catalogue, "en", strings.bound("en"))
    europe = {item["id"] for item in data["cases"] if "europe" in option_ids(data, item, "market")}
    in_member = {c.id for c in catalogue.cases if {"FR", "NL"} & set(c.markets)}
    assert in_member and in_member <= europe
    assert not {c.id for c in catalogue.cases if set(c.markets) == {"US"}} & europe


def test_programme_options_are_short_names_and_the_text_speaks_of_stories(bundled):
    catalogue, strings = bundled
    for lang in ("ko", "en"):
        data = case_finder_data(catalogue, lang, strings.bound(lang))
        programs = next(f for f in data["facets"] if f["key"] == "program")
        for term, label, *_ in programs["options"]:
            assert label == catalogue.program_by_id[term].short_name.get(lang)
        assert data["text"]["js_shown"] == strings.get("js_case_shown", lang)
        assert data["text"]["js_empty"] == strings.get("js_case_empty", lang)
        assert data["text"]["js_clear"] == strings.get("js_clear", lang)
        assert not any(key.startswith("js_case_") for key in data["text"])


def test_the_renderer_writes_the_page_and_its_data_in_each_language(bundled):
    catalogue, strings = bundled
    files = render_catalogue(Project(REPO), catalogue, strings, today=datetime.date(2026, 6, 1))
    for lang in ("ko", "en"):
        assert files[f"{lang}/{CASE_FINDER_PATH}"] == case_finder_json(catalogue, lang, strings.bound(lang))
        page = files[f"{lang}/cases/find.md"].decode("utf-8")
        assert 'data-finder="case-finder"' in page
        assert all(f"]({c.id}.md)" in page for c in catalogue.cases)  # every story, linked
        assert "](find.md)" in files[f"{lang}/cases/index.md"].decode("utf-8")  # the cases list links to it


def test_same_catalogue_same_bytes_whatever_the_order(bundled):
    catalogue, strings = bundled
    shuffled = dataclasses.replace(catalogue, cases=tuple(reversed(catalogue.cases)))
    first = case_finder_json(catalogue, "en", strings.bound("en"))
    assert first == case_finder_json(shuffled, "en", strings.bound("en"))
    assert json.loads(first) == case_finder_data(catalogue, "en", strings.bound("en"))


def test_an_unknown_outcome_kind_is_refused_with_its_position(project):
    path = project.root / "cases" / "charmcare-france-supply.yaml"
    text = path.read_text("utf-8")
    assert text.count("    kind: contract\n") == 1
    line = text[: text.index("    kind: contract\n")].count("\n") + 1
    path.write_text(text.replace("    kind: contract\n", "    kind: contracts\n"), "utf-8")
    with pytest.raises(ContentError) as info:
        validate_catalogue(project)
    assert [d.format() for d in info.value.diagnostics] == [
        f"cases/charmcare-france-supply.yaml:{line}:11: outcomes[0].kind: 'contracts' is not a term of "
        "'outcome_kinds' in site_config/taxonomy.yaml (did you mean 'contract'?); expected one of: sales, contract,"
        " export, funding, rd-project, product, quality, adoption, partnership, jobs, recognition"
    ]
