"""The finder's data (generator/publish/finder.py): it agrees with the model in both languages, byte-stable."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from generator.model import Catalogue, Text
from generator.pipeline import check
from generator.project import Project
from generator.publish.finder import FACETS, FINDER_PATH, finder_data, finder_json
from generator.render.pages import render_catalogue

REPO = Path(__file__).resolve().parent.parent

# What each facet means, read from the model directly (not through generator.publish.finder.FACETS).
MEANING = {
    "country": lambda p: {p.country},
    "support": lambda p: set(p.support_types),
    "cost": lambda p: {p.cost.model},
    "size": lambda p: set(p.eligibility.company_sizes),
    "sector": lambda p: set(p.eligibility.sectors),
    "operator": lambda p: {p.operator.kind} - {None},
    "kind": lambda p: {p.kind},
}
VOCABULARY = {"country": "countries", "support": "support_types", "cost": "costs", "size": "company_sizes",
              "sector": "sectors", "operator": "operator_kinds", "kind": "record_kinds"}


@pytest.fixture(scope="module")
def bundled():
    """The bundled catalogue and interface strings."""
    return check(Project(REPO))


def option_ids(data: dict, program: dict, facet_index: int) -> set[str]:
    """The option ids one programme has in one facet of the finder's data."""
    options = data["facets"][facet_index]["options"]
    return {options[o][0] for o in program["f"][facet_index]}


def test_the_facets_are_the_ones_the_issue_asks_for():
    assert [f.key for f in FACETS] == ["country", "support", "cost", "size", "sector", "operator", "kind"]
    assert set(MEANING) == {f.key for f in FACETS}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_programme_is_there_once_with_its_facet_values(bundled, lang):
    catalogue, strings = bundled
    data = finder_data(catalogue, lang, strings.bound(lang))
    assert data["count"] == len(data["programs"]) == len(catalogue.programs)
    assert [p["id"] for p in data["programs"]] == sorted(p.id for p in catalogue.programs)
    for item in data["programs"]:
        program = catalogue.program_by_id[item["id"]]
        assert item["name"] == program.name.get(lang)
        assert item["short"] == program.short_name.get(lang)
        for f, facet in enumerate(data["facets"]):
            assert option_ids(data, item, f) == MEANING[facet["key"]](program), (item["id"], facet["key"])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_counts_per_option_match_the_model(bundled, lang):
    catalogue, strings = bundled
    data = finder_data(catalogue, lang, strings.bound(lang))
    for f, facet in enumerate(data["facets"]):
        counted = {term: 0 for term, _ in facet["options"]}
        for item in data["programs"]:
            for term in option_ids(data, item, f):
                counted[term] += 1
        expected = {}
        for program in catalogue.programs:
            for term in MEANING[facet["key"]](program):
                expected[term] = expected.get(term, 0) + 1
        assert counted == expected, facet["key"]  # so no option has a count of 0 before filtering, either


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_labels_are_in_the_pages_language_and_options_in_taxonomy_order(bundled, lang):
    catalogue, strings = bundled
    data = finder_data(catalogue, lang, strings.bound(lang))
    assert data["lang"] == lang
    for facet in data["facets"]:
        vocabulary = VOCABULARY[facet["key"]]
        assert facet["label"] == strings.get(next(f.label for f in FACETS if f.key == facet["key"]), lang)
        terms = [term for term, _ in facet["options"]]
        assert terms == [t for t in catalogue.taxonomy[vocabulary] if t in terms]
        assert all(label == catalogue.label(vocabulary, term, lang) for term, label in facet["options"])
    assert data["text"]["js_clear"] == strings.get("js_clear", lang)
    assert set(data["text"]) == {key for key in strings.labels if key.startswith("js_")}


def test_without_labels_facets_are_named_by_their_key(bundled):
    data = finder_data(bundled[0], "en")
    assert [f["label"] for f in data["facets"]] == [f.key for f in FACETS]
    assert data["text"] == {}


def test_a_programme_without_an_operator_kind_has_no_operator_option(bundled):
    catalogue, _ = bundled
    first = catalogue.programs[0]
    changed = dataclasses.replace(first, operator=dataclasses.replace(first.operator, kind=None))
    data = finder_data(Catalogue((changed, *catalogue.programs[1:]), catalogue.cases, catalogue.taxonomy), "en")
    operator = [f["key"] for f in data["facets"]].index("operator")
    assert data["programs"][0]["id"] == first.id and data["programs"][0]["f"][operator] == []


def test_same_catalogue_same_bytes_whatever_the_order(bundled):
    catalogue, strings = bundled
    shuffled = Catalogue(tuple(reversed(catalogue.programs)), catalogue.cases, catalogue.taxonomy)
    for lang in ("ko", "en"):
        first = finder_json(catalogue, lang, strings.bound(lang))
        assert first == finder_json(catalogue, lang, strings.bound(lang))
        assert first == finder_json(shuffled, lang, strings.bound(lang))
        data = json.loads(first)
        assert data == finder_data(catalogue, lang, strings.bound(lang))
        compact = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        assert first == compact.encode("utf-8")  # no indentation, no spaces, UTF-8 text (not \\u escapes)


def test_the_renderer_writes_it_next_to_the_pages_in_each_language(bundled):
    catalogue, strings = bundled
    files = render_catalogue(Project(REPO), catalogue, strings)
    for lang in ("ko", "en"):
        assert files[f"{lang}/{FINDER_PATH}"] == finder_json(catalogue, lang, strings.bound(lang))
        assert f"{lang}/compare.md" in files and f"{lang}/find.md" in files


def test_record_text_stays_text_on_the_compare_and_find_pages(bundled):
    catalogue, strings = bundled
    hostile = Text(ko="<img src=x onerror=alert(1)> | **b** {{ 7*7 }}", en="<script>alert(2)</script> | [x](y)")
    first = dataclasses.replace(catalogue.programs[0], name=hostile, short_name=hostile)
    changed = Catalogue((first, *catalogue.programs[1:]), catalogue.cases, catalogue.taxonomy)
    files = render_catalogue(Project(REPO), changed, strings)
    for lang in ("ko", "en"):
        for page in ("compare.md", "find.md"):
            text = files[f"{lang}/{page}"].decode("utf-8")
            assert "<img" not in text and "<script" not in text and "**b**" not in text, (lang, page)
            assert "&lt;" in text and "\\|" in text, (lang, page)  # HTML and table pipes escaped
        data = json.loads(files[f"{lang}/{FINDER_PATH}"])
        assert data["programs"][0]["short"] == hostile.get(lang)  # plain JSON text: the scripts set it with textContent
