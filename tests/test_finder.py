"""The finder's data (generator/publish/finder.py): it agrees with the model in both languages, byte-stable."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path

import pytest

from generator.facts import Call, Funding
from generator.model import Catalogue, Text
from generator.project import Project
from generator.publish.finder import FACETS, FINDER_PATH, finder_data, finder_json
from generator.render.pages import render_catalogue

REPO = Path(__file__).resolve().parent.parent

# What each facet means, read from the model directly (not through generator.publish.finder.FACETS).
NOT_GIVEN = {"not-stated", "none"}


def _or_not_stated(values) -> set[str]:
    return set(values) or {"not-stated"}


def _with_any(values, named) -> set[str]:
    """A programme open to 'any' size or sector is found under each concrete one too."""
    own = set(values)
    return own | ({t for t in named if t not in NOT_GIVEN} if "any" in own else set())


def _operator(program) -> str:
    return program.operator.name.get("ko")


MEANING = {
    "open": lambda p: set(),  # worked out from the build date: see the tests of "open now" below
    "market": lambda p: _or_not_stated(p.eligibility.target_markets),
    "country": lambda p: {p.country},
    "applicants": lambda p: _or_not_stated(p.eligibility.applicant_countries),
    "size": lambda p: set(p.eligibility.company_sizes),
    "foreign": lambda p: {p.eligibility.foreign_companies or "not-stated"},
    "sector": lambda p: set(p.eligibility.sectors),
    "funding": lambda p: {p.funding.given if p.funding else "not-stated"},
    "support": lambda p: set(p.support_types),
    "cost": lambda p: {p.cost.model},
    "operator": lambda p: {_operator(p)},  # the option ids are tested on their own (see below)
    "opkind": lambda p: {p.operator.kind} - {None},
    "kind": lambda p: {p.kind},
}
VOCABULARY = {
    "size": "company_sizes",
    "sector": "sectors",
    "funding": "funding_kinds",
    "support": "support_types",
    "cost": "costs",
    "opkind": "operator_kinds",
    "kind": "record_kinds",
}
WILDCARD = {"size", "sector"}
# A region option holds every programme whose places share a country with it.
PLACE_FACETS = {"country", "market", "applicants"}


def meaning(catalogue: Catalogue, key: str, program) -> set[str]:
    """The options a programme should have in a facet: for places, every named place or region that
    shares a country with the programme's (a programme for Europe is found under the Netherlands too)."""
    own = MEANING[key](program)
    if key in WILDCARD:
        return _with_any(own, set().union(*(MEANING[key](other) for other in catalogue.programs)))
    if key not in PLACE_FACETS:
        return own
    members = catalogue.places.members
    real = own - NOT_GIVEN
    countries = set().union(*(members(place) for place in real)) if real else set()
    named = set().union(*(MEANING[key](other) for other in catalogue.programs)) - NOT_GIVEN
    places = {place for place in named | set(catalogue.places.regions) if members(place) & countries}
    return places | (own & NOT_GIVEN)


def option_ids(data: dict, program: dict, facet_index: int) -> set[str]:
    """The option ids one programme has in one facet of the finder's data."""
    options = data["facets"][facet_index]["options"]
    return {options[o][0] for o in program["f"][facet_index]}


def test_the_facets_are_the_ones_the_issue_asks_for():
    assert [f.key for f in FACETS] == [
        "open",
        "market",
        "country",
        "applicants",
        "size",
        "foreign",
        "sector",
        "funding",
        "support",
        "cost",
        "operator",
        "opkind",
        "kind",
    ]
    assert set(MEANING) == {f.key for f in FACETS}


def test_every_facet_has_more_than_one_option_in_the_bundled_catalogue(bundled):
    catalogue, strings = bundled
    data = finder_data(catalogue, "en", strings.bound("en"), datetime.date(2026, 11, 29))
    for facet in data["facets"]:
        assert len(facet["options"]) > 1, facet["key"]


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
            if facet["key"] != "operator":  # its own test below
                expected = meaning(catalogue, facet["key"], program)
                assert option_ids(data, item, f) == expected, (item["id"], facet["key"])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_counts_per_option_match_the_model(bundled, lang):
    catalogue, strings = bundled
    data = finder_data(catalogue, lang, strings.bound(lang))
    for f, facet in enumerate(data["facets"]):
        if facet["key"] == "operator":
            continue  # its own test below
        counted = {term: 0 for term, *_ in facet["options"]}
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
        terms = [term for term, *_ in facet["options"]]
        if facet["key"] in PLACE_FACETS:  # a tree of places (see below), then "not stated"; in the page's language
            real = [t for t in terms if t not in NOT_GIVEN]
            assert terms == real + sorted(set(terms) & NOT_GIVEN)
            for term, label, *_ in facet["options"]:
                expected = catalogue.places.name(term, lang) if term in real else strings.get("finder_not_stated", lang)
                assert label == expected, (facet["key"], term)
        elif facet["key"] in VOCABULARY:
            vocabulary = VOCABULARY[facet["key"]]
            assert terms == [t for t in catalogue.taxonomy[vocabulary] if t in terms]
            assert all(label == catalogue.label(vocabulary, term, lang) for term, label, *_ in facet["options"])
    assert data["text"]["js_clear"] == strings.get("js_clear", lang)
    assert set(data["text"]) == {key for key in strings.labels if key.startswith("js_")}


def test_without_labels_facets_are_named_by_their_key(bundled):
    data = finder_data(bundled[0], "en")
    assert [f["label"] for f in data["facets"]] == [f.key for f in FACETS]
    assert data["text"] == {}


def test_a_programme_without_an_operator_kind_has_no_operator_kind_option(bundled):
    catalogue, _ = bundled
    first = catalogue.programs[0]
    changed = dataclasses.replace(first, operator=dataclasses.replace(first.operator, kind=None))
    data = finder_data(Catalogue((changed, *catalogue.programs[1:]), catalogue.cases, catalogue.taxonomy), "en")
    operator = [f["key"] for f in data["facets"]].index("opkind")
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
    dated = Call(
        id="round-1", title=Text(ko="1차", en="Round 1"), mode="dated", opens="2026-01-01", closes="2026-03-31"
    )
    with_call = _with_first(catalogue, calls=(dated,))
    assert opened(with_call, datetime.date(2026, 2, 1)) == {first.id}
    assert opened(with_call, datetime.date(2025, 12, 31)) == set()  # upcoming
    assert opened(with_call, datetime.date(2026, 4, 1)) == set()  # closed
    rolling = Call(id="rolling", title=Text(ko="상시", en="Rolling"), mode="rolling")
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
    assert {o[0]: o[1] for o in data["facets"][at]["options"]}["europe"] == "Europe"


def test_programmes_of_one_operator_share_one_option_named_in_the_page_language(bundled):
    catalogue, strings = bundled
    data = finder_data(catalogue, "en", strings.bound("en"))
    at = [f["key"] for f in data["facets"]].index("operator")
    by_id = {item["id"]: option_ids(data, item, at) for item in data["programs"]}
    assert all(len(ids) == 1 for ids in by_id.values())
    for a in catalogue.programs:
        for b in catalogue.programs:
            same_name = a.operator.name.get("ko") == b.operator.name.get("ko")
            shorts = (a.operator.short_name, b.operator.short_name)
            same_short = all(shorts) and shorts[0] == shorts[1]
            if same_name or same_short:
                assert by_id[a.id] == by_id[b.id], (a.id, b.id)
    labels = [label for _, label in data["facets"][at]["options"]]
    assert labels == sorted(labels, key=str.casefold)  # by name, in the page's language
    names = {(p.operator.short_name or p.operator.name).get("en") for p in catalogue.programs}
    assert set(labels) <= names
    ko = finder_data(catalogue, "ko", strings.bound("ko"))
    assert {o[0] for o in ko["facets"][at]["options"]} == {o[0] for o in data["facets"][at]["options"]}


def test_a_programme_open_to_any_sector_is_found_under_each_sector(bundled):
    catalogue, strings = bundled
    data = finder_data(catalogue, "en", strings.bound("en"))
    at = [f["key"] for f in data["facets"]].index("sector")
    manufacturing = {item["id"] for item in data["programs"] if "C" in option_ids(data, item, at)}
    anywhere = {p.id for p in catalogue.programs if "any" in p.eligibility.sectors}
    assert anywhere and anywhere <= manufacturing
    unstated = {p.id for p in catalogue.programs if p.eligibility.sectors == ("not-stated",)}
    assert unstated and not unstated & manufacturing


def test_place_options_form_a_tree_with_not_stated_last(bundled):
    catalogue, strings = bundled
    data = finder_data(catalogue, "en", strings.bound("en"))
    country = next(f for f in data["facets"] if f["key"] == "country")
    depth = {option[0]: (option[2] if len(option) > 2 else 0) for option in country["options"]}
    assert depth["europe"] == 0 and depth["NL"] >= 1  # the Netherlands sits inside a region
    order = [option[0] for option in country["options"]]
    assert order.index("europe") < order.index("NL")
    applicants = next(f for f in data["facets"] if f["key"] == "applicants")
    assert applicants["options"][-1][0] == "not-stated"
    assert applicants["options"][-1][1] == strings.get("finder_not_stated", "en")


def test_calls_facet_says_open_upcoming_closed_or_none_at_the_build_date(bundled):
    catalogue, _ = bundled
    first = catalogue.programs[0]
    dated = Call(
        id="round-1", title=Text(ko="1차", en="Round 1"), mode="dated", opens="2026-01-01", closes="2026-03-31"
    )
    changed = _with_first(catalogue, calls=(dated,))
    at = [f.key for f in FACETS].index("open")

    def values(today):
        data = finder_data(changed, "en", today=today)
        item = next(i for i in data["programs"] if i["id"] == first.id)
        return option_ids(data, item, at)

    assert values(datetime.date(2025, 12, 1)) == {"upcoming"}
    assert values(datetime.date(2026, 2, 1)) == {"open"}
    assert values(datetime.date(2026, 5, 1)) == {"closed"}
    plain = next(p for p in catalogue.programs[1:] if not p.calls)
    data = finder_data(changed, "en", today=datetime.date(2026, 2, 1))
    assert option_ids(data, next(i for i in data["programs"] if i["id"] == plain.id), at) == {"none"}
