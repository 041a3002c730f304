"""The finder's data (generator/publish/finder.py): it agrees with the model in both languages, byte-stable."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path

import pytest

from generator.facts import Call, Funding
from generator.model import Catalogue, Text
from generator.pipeline import check
from generator.project import Project
from generator.publish.finder import FACETS, FINDER_PATH, finder_data, finder_json
from generator.render.pages import render_catalogue

REPO = Path(__file__).resolve().parent.parent

# What each facet means, read from the model directly (not through generator.publish.finder.FACETS).
MEANING = {
    "open": lambda p: set(),  # no programme of the bundled catalogue has a call (see the tests below)
    "country": lambda p: {p.country},
    "market": lambda p: set(p.eligibility.target_markets),
    "support": lambda p: set(p.support_types),
    "funding": lambda p: {p.funding.given if p.funding else "not-stated"},
    "cost": lambda p: {p.cost.model},
    "size": lambda p: set(p.eligibility.company_sizes),
    "foreign": lambda p: {p.eligibility.foreign_companies or "not-stated"},
    "sector": lambda p: set(p.eligibility.sectors),
    "operator": lambda p: {p.operator.kind} - {None},
    "kind": lambda p: {p.kind},
}
VOCABULARY = {
    "country": "countries",
    "market": "countries",
    "support": "support_types",
    "funding": "funding_kinds",
    "cost": "costs",
    "size": "company_sizes",
    "sector": "sectors",
    "operator": "operator_kinds",
    "kind": "record_kinds",
}
PLACE_FACETS = {"country", "market"}  # a region option holds every programme whose places share a country with it


@pytest.fixture(scope="module")
def bundled():
    """The bundled catalogue and interface strings."""
    return check(Project(REPO))


def meaning(catalogue: Catalogue, key: str, program) -> set[str]:
    """The options a programme should have in a facet: for places, every named place or region that
    shares a country with the programme's (a programme for Europe is found under the Netherlands too)."""
    own = MEANING[key](program)
    if key not in PLACE_FACETS:
        return own
    members = catalogue.places.members
    countries = set().union(*(members(place) for place in own)) if own else set()
    named = set().union(*(MEANING[key](other) for other in catalogue.programs))
    return {place for place in named | set(catalogue.places.regions) if members(place) & countries}


def option_ids(data: dict, program: dict, facet_index: int) -> set[str]:
    """The option ids one programme has in one facet of the finder's data."""
    options = data["facets"][facet_index]["options"]
    return {options[o][0] for o in program["f"][facet_index]}


def test_the_facets_are_the_ones_the_issue_asks_for():
    assert [f.key for f in FACETS] == [
        "open",
        "country",
        "market",
        "support",
        "funding",
        "cost",
        "size",
        "foreign",
        "sector",
        "operator",
        "kind",
    ]
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
            assert option_ids(data, item, f) == meaning(catalogue, facet["key"], program), (item["id"], facet["key"])


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
            for term in meaning(catalogue, facet["key"], program):
                expected[term] = expected.get(term, 0) + 1
        assert counted == expected, facet["key"]  # so no option has a count of 0 before filtering, either


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_labels_are_in_the_pages_language_and_options_in_taxonomy_order(bundled, lang):
    catalogue, strings = bundled
    data = finder_data(catalogue, lang, strings.bound(lang))
    assert data["lang"] == lang
    for facet in data["facets"]:
        assert facet["label"] == strings.get(next(f.label for f in FACETS if f.key == facet["key"]), lang)
        terms = [term for term, _ in facet["options"]]
        if facet["key"] in PLACE_FACETS:  # regions first, then countries; named in the page's language
            regions = [t for t in terms if t in catalogue.places.regions]
            assert terms == regions + sorted(set(terms) - set(regions))
            assert all(label == catalogue.places.name(term, lang) for term, label in facet["options"])
        elif facet["key"] in VOCABULARY:
            vocabulary = VOCABULARY[facet["key"]]
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
    shuffled = dataclasses.replace(catalogue, programs=tuple(reversed(catalogue.programs)))
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
    today = datetime.date(2026, 6, 1)  # "open now" depends on the build date: the same one for both
    files = render_catalogue(Project(REPO), catalogue, strings, today=today)
    for lang in ("ko", "en"):
        assert files[f"{lang}/{FINDER_PATH}"] == finder_json(catalogue, lang, strings.bound(lang), today)
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


def _with_first(catalogue: Catalogue, **changes) -> Catalogue:
    """The catalogue with its first programme changed."""
    first = dataclasses.replace(catalogue.programs[0], **changes)
    return dataclasses.replace(catalogue, programs=(first, *catalogue.programs[1:]))


def _open_ids(catalogue: Catalogue, today: datetime.date) -> set[str]:
    data = finder_data(catalogue, "en", today=today)
    at = [f["key"] for f in data["facets"]].index("open")
    return {item["id"] for item in data["programs"] if option_ids(data, item, at) == {"open"}}


def test_open_now_is_a_dated_call_open_at_the_build_date_or_a_rolling_one_while_running(bundled):
    catalogue, _ = bundled
    first = catalogue.programs[0]

    def opened(changed, today):
        """The programmes open at `today` beyond those of the catalogue as it is (other records have calls)."""
        return _open_ids(changed, today) - _open_ids(catalogue, today)

    assert first.id not in _open_ids(catalogue, datetime.date(2026, 2, 1))
    dated = Call(title=Text(ko="1차", en="Round 1"), mode="dated", opens="2026-01-01", closes="2026-03-31")
    with_call = _with_first(catalogue, calls=(dated,))
    assert opened(with_call, datetime.date(2026, 2, 1)) == {first.id}
    assert opened(with_call, datetime.date(2025, 12, 31)) == set()  # upcoming
    assert opened(with_call, datetime.date(2026, 4, 1)) == set()  # closed
    rolling = Call(title=Text(ko="상시", en="Rolling"), mode="rolling")
    running = dataclasses.replace(first.status, value="active", as_of="2026-01")
    assert opened(_with_first(catalogue, calls=(rolling,), status=running), datetime.date(2026, 2, 1)) == {first.id}
    old = dataclasses.replace(running, as_of="2013-05")  # "last known running in 2013": not shown as open
    assert opened(_with_first(catalogue, calls=(rolling,), status=old), datetime.date(2026, 2, 1)) == set()
    assert _open_ids(with_call, None) == set()  # no build date given: nothing claims to be open


def test_funding_and_foreign_companies_have_not_stated_as_an_option_of_their_own(bundled):
    catalogue, _ = bundled
    first = catalogue.programs[0]
    eligibility = dataclasses.replace(first.eligibility, foreign_companies="yes")
    changed = _with_first(catalogue, funding=Funding(given="amounts"), eligibility=eligibility)
    data = finder_data(changed, "en")
    keys = [f["key"] for f in data["facets"]]
    by_id = {item["id"]: item for item in data["programs"]}
    assert option_ids(data, by_id[first.id], keys.index("funding")) == {"amounts"}
    assert option_ids(data, by_id[first.id], keys.index("foreign")) == {"yes"}
    other = by_id[catalogue.programs[1].id]
    assert option_ids(data, other, keys.index("funding")) == {"not-stated"}
    assert option_ids(data, other, keys.index("foreign")) == {"not-stated"}


def test_a_region_option_holds_the_programmes_of_its_member_countries(bundled):
    catalogue, strings = bundled
    data = finder_data(catalogue, "en", strings.bound("en"))
    at = [f["key"] for f in data["facets"]].index("country")
    europe = {item["id"] for item in data["programs"] if "europe" in option_ids(data, item, at)}
    netherlands = {p.id for p in catalogue.programs if p.country == "NL"}
    assert netherlands and netherlands <= europe  # ticking Europe includes the Netherlands
    assert not {p.id for p in catalogue.programs if p.country == "KR"} & europe
    assert dict(data["facets"][at]["options"])["europe"] == "Europe"
