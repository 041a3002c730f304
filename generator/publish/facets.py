"""Facets of a finder over records: their options, each record's values and the data find.js reads.

Shared by the programme finder (finder.py) and the success-story finder (case_finder.py). A pure
function of the catalogue: no MkDocs, no clock (the build date comes in as `today`).

A facet's options are the terms some record has, in the vocabulary's order. Three kinds of facet:
- over a taxonomy vocabulary (`vocabulary`), or over options of its own (`own`: strings keys);
- over places (`places=True`): a hierarchy. The options are the places records name and every
  region that shares a country with them; a record has each option its places share a country
  with (ticking Europe finds a programme for the Netherlands). Options come as a tree (a region,
  then the places inside it, indented by `depth`);
- over record names (`named`): options labelled from the records (an operator, a programme).
A `wildcard` term (such as "any" sector) gives a record every concrete option as well, since a
programme open to any sector is open to manufacturers too.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Catalogue

#: Terms that say the sources give no value: never made concrete by a wildcard.
NOT_GIVEN = frozenset({"not-stated", "none"})


@dataclass(frozen=True)
class Facet:
    """One filter: its URL key, label key, where its options come from and a record's values."""

    key: str
    label: str
    values: Callable[..., tuple[str, ...]]
    vocabulary: str | None = None
    own: Mapping[str, str] | None = None
    places: bool = False
    named: Callable[[Catalogue, str, str], str] | None = None
    wildcard: str | None = None
    contextual: bool = False  # values(record, today, catalogue) rather than values(record)


def record_values(catalogue: Catalogue, facet: Facet, record, today: datetime.date | None) -> set[str]:
    """The values a record itself has in one facet, before places and wildcards are expanded."""
    return set(facet.values(record, today, catalogue) if facet.contextual else facet.values(record))


def named_values(catalogue: Catalogue, facet: Facet, records: Sequence, today: datetime.date | None) -> list[str]:
    """Every value some record itself has in one facet, sorted."""
    return sorted({v for record in records for v in record_values(catalogue, facet, record, today)})


def facet_values(
    catalogue: Catalogue, facet: Facet, record, today: datetime.date | None, named: Sequence[str], tree=None
) -> set[str]:
    """The options a record has in one facet: `named` is every value any record has there, `tree`
    their place tree (worked out here when not given)."""
    own = record_values(catalogue, facet, record, today)
    if facet.wildcard and facet.wildcard in own:
        own |= {term for term in named if term not in NOT_GIVEN}
    places = catalogue.places
    if not facet.places or places is None:
        return own
    real = {value for value in own if value not in NOT_GIVEN}
    options = place_tree(catalogue, named) if tree is None else tree
    if not isinstance(options, PlaceTree):
        options = PlaceTree(options)
    return (own - real).union(*(options.matching(places, place) for place in real))


class PlaceTree(list):
    """A facet's (place, depth) options that also remembers which options each place matches.

    Working that out once per place, rather than once per record, keeps a finder's data linear in the catalogue.
    """

    def __init__(self, items=()):
        super().__init__(items)
        self._matching: dict[str, frozenset[str]] = {}

    def matching(self, places, place: str) -> frozenset[str]:
        """The options that share a country with `place` (see `Places.matches`)."""
        found = self._matching.get(place)
        if found is None:
            found = self._matching[place] = frozenset(o for o, _ in self if places.matches((place,), o))
        return found


def place_tree(catalogue: Catalogue, named: Sequence[str]) -> list[tuple[str, int]]:
    """(place, depth) of the named places and the regions sharing a country with them, as a tree.

    A place sits under the smallest other option that includes it (the Netherlands under the EU,
    the EU under Europe); siblings go regions first (largest first), then countries by code.
    """
    places = catalogue.places
    real = {value for value in named if value not in NOT_GIVEN}
    if places is None:
        return PlaceTree((place, 0) for place in sorted(real))
    chosen = real | {region for region in places.regions if places.matches(real, region)}

    def parent(place: str) -> str | None:
        above = [o for o in chosen if o != place and places.includes(o, place) and not places.includes(place, o)]
        return min(above, key=lambda o: (len(places.members(o)), o), default=None)

    def order(place: str) -> tuple:
        return (place not in places.regions, -len(places.members(place)), place)

    children: dict[str | None, list[str]] = {}
    for place in chosen:
        children.setdefault(parent(place), []).append(place)
    tree = PlaceTree()

    def walk(node: str | None, depth: int) -> None:
        for place in sorted(children.get(node, []), key=order):
            tree.append((place, depth))
            walk(place, depth + 1)

    walk(None, 0)
    return tree


def facet_options(catalogue: Catalogue, facet: Facet, records: Sequence, today: datetime.date | None) -> list:
    """The options of a facet that some record has, each (term, depth), in the facet's order."""
    named = named_values(catalogue, facet, records, today)
    tree = place_tree(catalogue, named) if facet.places else []
    used = {v for record in records for v in facet_values(catalogue, facet, record, today, named, tree)}
    if facet.places:
        tree = [(place, depth) for place, depth in tree if place in used]
        return tree + [(term, 0) for term in sorted(used & NOT_GIVEN)]
    if facet.named:  # by name in the page's language: the caller sorts (see facets_data)
        return [(term, 0) for term in sorted(used - NOT_GIVEN)] + [(t, 0) for t in sorted(used & NOT_GIVEN)]
    order = list(facet.own or catalogue.taxonomy[facet.vocabulary])
    return [(term, 0) for term in order if term in used] + [(t, 0) for t in sorted((used & NOT_GIVEN) - set(order))]


def option_label(catalogue: Catalogue, facet: Facet, term: str, lang: str, labels: Mapping[str, str]) -> str:
    """An option's label in one language: a place's name, a record's name, a strings label or a taxonomy term."""
    outside = facet.vocabulary is not None and term not in catalogue.taxonomy[facet.vocabulary]
    if term in NOT_GIVEN and (facet.places or facet.named or outside):
        return labels.get(f"finder_{term.replace('-', '_')}", term)
    if facet.places:  # without places.yaml (a catalogue built in a test), the countries the build names
        return catalogue.places.name(term, lang) if catalogue.places else catalogue.label("countries", term, lang)
    if facet.named:
        return facet.named(catalogue, term, lang)
    if facet.own is not None:
        return labels.get(facet.own[term], term)
    return catalogue.label(facet.vocabulary, term, lang)


def facets_data(
    catalogue: Catalogue,
    facets: Sequence[Facet],
    records: Sequence,
    lang: str,
    labels: Mapping[str, str],
    today: datetime.date | None,
) -> tuple[list[dict], list[list[list[int]]]]:
    """The facets as data (key, label, options) and, per record, per facet, its option indexes."""
    options = [facet_options(catalogue, facet, records, today) for facet in facets]
    for f, facet in enumerate(facets):  # named options in the order of their names in this language
        if facet.named:
            name = functools.partial(option_label, catalogue, facet, lang=lang, labels=labels)
            options[f].sort(key=lambda o, name=name: (o[0] in NOT_GIVEN, name(term=o[0]).casefold()))
    data = []
    for facet, terms in zip(facets, options, strict=True):
        shown = []
        for term, depth in terms:
            option = [term, option_label(catalogue, facet, term, lang, labels)]
            shown.append([*option, depth] if depth else option)
        entry = {"key": facet.key, "label": labels.get(facet.label, facet.key), "options": shown}
        data.append({**entry, "places": True} if facet.places else entry)
    prepared = []
    for facet, terms in zip(facets, options, strict=True):
        named = named_values(catalogue, facet, records, today)
        tree = place_tree(catalogue, named) if facet.places else []
        prepared.append((facet, {term: i for i, (term, _) in enumerate(terms)}, named, tree))
    indexes = [
        [
            sorted(at[v] for v in facet_values(catalogue, facet, record, today, named, tree))
            for facet, at, named, tree in prepared
        ]
        for record in records
    ]
    return data, indexes
