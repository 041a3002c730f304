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

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..model import Catalogue, Program

FORMAT_VERSION = 1
FINDER_PATH = "assets/data/finder.json"


@dataclass(frozen=True)
class Facet:
    """One filter of the finder: its URL key, vocabulary, label key and the values a programme has."""

    key: str
    vocabulary: str
    label: str
    values: Callable[[Program], tuple[str, ...]]


FACETS = (
    Facet("country", "countries", "country", lambda p: (p.country,)),
    Facet("support", "support_types", "support_types", lambda p: p.support_types),
    Facet("cost", "costs", "cost", lambda p: (p.cost.model,)),
    Facet("size", "company_sizes", "company_sizes", lambda p: p.eligibility.company_sizes),
    Facet("sector", "sectors", "sectors", lambda p: p.eligibility.sectors),
    Facet("operator", "operator_kinds", "operator_kind", lambda p: (p.operator.kind,) if p.operator.kind else ()),
    Facet("kind", "record_kinds", "kind", lambda p: (p.kind,)),
)


def facet_options(catalogue: Catalogue, facet: Facet) -> list[str]:
    """The terms of a facet that some programme uses, in the taxonomy's order."""
    used = {value for program in catalogue.programs for value in facet.values(program)}
    return [term for term in catalogue.taxonomy[facet.vocabulary] if term in used]


def finder_data(catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None) -> dict:
    """The finder's data in one language; `labels` are the interface strings in that language.

    Without `labels`, facets are named by their key and `text` is empty (enough for tests of the data).
    """
    labels = labels or {}
    options = [facet_options(catalogue, facet) for facet in FACETS]
    facets = [
        {
            "key": facet.key,
            "label": labels.get(facet.label, facet.key),
            "options": [[term, catalogue.label(facet.vocabulary, term, lang)] for term in terms],
        }
        for facet, terms in zip(FACETS, options, strict=True)
    ]
    programs = [
        {
            "id": program.id,
            "name": program.name.get(lang),
            "short": program.short_name.get(lang),
            "f": _option_indexes(program, options),
        }
        for program in sorted(catalogue.programs, key=lambda p: p.id)
    ]
    text = {key: value for key, value in sorted(labels.items()) if key.startswith("js_")}
    return {"format": FORMAT_VERSION, "lang": lang, "count": len(programs), "text": text, "facets": facets,
            "programs": programs}


def _option_indexes(program: Program, options: list[list[str]]) -> list[list[int]]:
    """Per facet, the sorted indexes of the programme's values among that facet's options."""
    return [
        sorted(terms.index(value) for value in set(facet.values(program)))
        for facet, terms in zip(FACETS, options, strict=True)
    ]


def finder_json(catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None) -> bytes:
    """finder_data as compact UTF-8 JSON, the same bytes for the same catalogue."""
    data = finder_data(catalogue, lang, labels)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
