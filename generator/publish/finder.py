"""The finder's data: every programme's facet values as indexes into the facet options, per language.

A pure function of the catalogue (no MkDocs, no clock): the renderer writes it as
`assets/data/finder.json` in each language's tree, and find.js and compare.js read it. The pages
themselves carry the programmes' text (the finder's list, the comparison table); this file carries
only what the scripts need to filter and pick: ids, names, facet values and interface labels.

Shape (`FORMAT_VERSION` 1):

    {"format": 1, "lang": "en", "count": 6,
     "text": {"js_clear": "Clear all filters", ...},
     "facets": [{"key": "country", "label": "Country", "options": [["KR", "South Korea"], ...]}, ...],
     "programs": [{"id": "asti", "name": "...", "short": "...", "f": [[0], [3], ...]}, ...]}

`f` has one list per facet, in the order of `facets`: the indexes of the programme's options.
Options are the vocabulary terms that at least one programme uses, in the taxonomy's order.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..freshness import open_now
from ..model import Catalogue, Program

FORMAT_VERSION = 1
FINDER_PATH = "assets/data/finder.json"


@dataclass(frozen=True)
class Facet:
    """One filter of the finder: its URL key, vocabulary, label key and the values a programme has.

    A facet over places (`places=True`) is a hierarchy: its options are the places programmes name
    and every region that shares a country with them, and a programme has each option that
    `Places.matches` its places to (ticking Europe finds a programme for the Netherlands).
    """

    key: str
    vocabulary: str
    label: str
    values: Callable[[Program], tuple[str, ...]]
    places: bool = False


def _funding(program: Program) -> tuple[str, ...]:
    return (program.funding.given if program.funding else "not-stated",)


FACETS = (
    Facet("open", "open_now", "open_now", lambda p: ()),  # values from the build date: see _open
    Facet("country", "countries", "country", lambda p: (p.country,), places=True),
    Facet("market", "countries", "target_markets", lambda p: p.eligibility.target_markets, places=True),
    Facet("support", "support_types", "support_types", lambda p: p.support_types),
    Facet("funding", "funding_kinds", "funding", _funding),
    Facet("cost", "costs", "cost", lambda p: (p.cost.model,)),
    Facet("size", "company_sizes", "company_sizes", lambda p: p.eligibility.company_sizes),
    Facet(
        "foreign",
        "foreign_companies",
        "foreign_companies",
        lambda p: (p.eligibility.foreign_companies or "not-stated",),
    ),
    Facet("sector", "sectors", "sectors", lambda p: p.eligibility.sectors),
    Facet("operator", "operator_kinds", "operator_kind", lambda p: (p.operator.kind,) if p.operator.kind else ()),
    Facet("kind", "record_kinds", "kind", lambda p: (p.kind,)),
)
#: The options of the facets whose terms are not in the taxonomy, with the strings key of their labels.
OWN_OPTIONS = {
    "open_now": {"open": "open_now_option"},
    "foreign_companies": {
        "yes": "finder_foreign_yes",
        "no": "finder_foreign_no",
        "not-stated": "finder_foreign_not_stated",
    },
}


def facet_values(catalogue: Catalogue, facet: Facet, program: Program, today: datetime.date | None) -> set[str]:
    """The options a programme has in one facet (for a place facet, every place its places match)."""
    if facet.key == "open":
        return {"open"} if today is not None and open_now(program, today, catalogue.freshness_years) else set()
    own = set(facet.values(program))
    if not facet.places or catalogue.places is None:
        return own
    return {place for place in _place_options(catalogue, facet) if catalogue.places.matches(own, place)}


def _place_options(catalogue: Catalogue, facet: Facet) -> list[str]:
    """The places programmes name in a facet and the regions that share a country with them: regions first."""
    named = {value for program in catalogue.programs for value in facet.values(program)}
    places = catalogue.places
    regions = [r for r in places.regions if places.matches(named, r)] if places else []
    return regions + sorted(named - set(regions))


def facet_options(catalogue: Catalogue, facet: Facet, today: datetime.date | None = None) -> list[str]:
    """The terms of a facet that some programme has, in the taxonomy's order (places: regions first)."""
    used = {value for program in catalogue.programs for value in facet_values(catalogue, facet, program, today)}
    if facet.places:
        return [place for place in _place_options(catalogue, facet) if place in used]
    order = OWN_OPTIONS.get(facet.vocabulary) or catalogue.taxonomy[facet.vocabulary]
    return [term for term in order if term in used]


def option_label(catalogue: Catalogue, facet: Facet, term: str, lang: str, labels: Mapping[str, str]) -> str:
    """An option's label: a place's name, a strings label for the finder's own options, else the taxonomy's."""
    if facet.places and catalogue.places is not None:
        return catalogue.places.name(term, lang)
    if facet.vocabulary in OWN_OPTIONS:
        key = OWN_OPTIONS[facet.vocabulary][term]
        return labels.get(key, term)
    return catalogue.label(facet.vocabulary, term, lang)


def finder_data(
    catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None, today: datetime.date | None = None
) -> dict:
    """The finder's data in one language; `labels` are the interface strings in that language.

    Without `labels`, facets are named by their key and `text` is empty (enough for tests of the data);
    without `today` (the build date) no programme is open now.
    """
    labels = labels or {}
    options = [facet_options(catalogue, facet, today) for facet in FACETS]
    facets = [
        {
            "key": facet.key,
            "label": labels.get(facet.label, facet.key),
            "options": [[term, option_label(catalogue, facet, term, lang, labels)] for term in terms],
        }
        for facet, terms in zip(FACETS, options, strict=True)
    ]
    programs = [
        {
            "id": program.id,
            "name": program.name.get(lang),
            "short": program.short_name.get(lang),
            "f": _option_indexes(catalogue, program, options, today),
        }
        for program in sorted(catalogue.programs, key=lambda p: p.id)
    ]
    text = {key: value for key, value in sorted(labels.items()) if key.startswith("js_")}
    return {
        "format": FORMAT_VERSION,
        "lang": lang,
        "count": len(programs),
        "text": text,
        "facets": facets,
        "programs": programs,
    }


def _option_indexes(
    catalogue: Catalogue, program: Program, options: list[list[str]], today: datetime.date | None
) -> list[list[int]]:
    """Per facet, the sorted indexes of the programme's values among that facet's options."""
    return [
        sorted(terms.index(value) for value in facet_values(catalogue, facet, program, today))
        for facet, terms in zip(FACETS, options, strict=True)
    ]


def finder_json(
    catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None, today: datetime.date | None = None
) -> bytes:
    """finder_data as compact UTF-8 JSON, the same bytes for the same catalogue and build date."""
    data = finder_data(catalogue, lang, labels, today)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
