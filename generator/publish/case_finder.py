"""The success-story finder's data: every case's facet values, per language (`assets/data/case-finder.json`).

Like the programme finder (finder.py, with the same facet machinery in facets.py): the case finder
page lists every story, and find.js filters that list with this data. The facets: the market the
outcome reached (with the place hierarchy), the company's sector (KSIC) and country, the
programme used and the kind of outcome (`outcomes[].kind`).

Shape (`FORMAT_VERSION` 2): as finder.json, with `cases` ([{"id", "name", "f"}]) for `programs`;
its `text` has the programme finder's interface strings, with `js_case_*` in place of `js_*`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Case, Catalogue
from .facets import Facet, facets_data
from .finder import FORMAT_VERSION, compact_json

CASE_FINDER_PATH = "assets/data/case-finder.json"


def program_name(catalogue: Catalogue, term: str, lang: str) -> str:
    """A programme's short name in one language."""
    return catalogue.program_by_id[term].short_name.get(lang)


def outcome_kinds(case: Case) -> tuple[str, ...]:
    """The kinds of a case's outcomes, or not-stated when none says its kind."""
    return tuple(dict.fromkeys(o.kind for o in case.outcomes if o.kind)) or ("not-stated",)


CASE_FACETS = (
    Facet("market", "case_markets", lambda c: c.markets or ("not-stated",), places=True),
    Facet("outcome", "case_outcome_kinds", outcome_kinds, vocabulary="outcome_kinds"),
    Facet("sector", "case_sector", lambda c: c.sectors or ("not-stated",), vocabulary="sectors"),
    Facet("program", "programs_used", lambda c: c.programs, named=program_name),
    Facet("country", "company_country", lambda c: (c.company.country,), places=True),
)


def case_text(labels: Mapping[str, str]) -> dict[str, str]:
    """The scripts' strings for the case finder: js_*, with each js_case_* standing in for its js_* key."""
    text = {key: value for key, value in labels.items() if key.startswith("js_") and not key.startswith("js_case_")}
    text.update({"js_" + key[len("js_case_") :]: value for key, value in labels.items() if key.startswith("js_case_")})
    return dict(sorted(text.items()))


def case_finder_data(catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None) -> dict:
    """The case finder's data in one language; `labels` are the interface strings in that language."""
    labels = labels or {}
    cases = sorted(catalogue.cases, key=lambda c: c.id)
    facets, indexes = facets_data(catalogue, CASE_FACETS, cases, lang, labels, None)
    return {
        "format": FORMAT_VERSION,
        "lang": lang,
        "count": len(cases),
        "text": case_text(labels),
        "facets": facets,
        "cases": [{"id": c.id, "name": c.title.get(lang), "f": f} for c, f in zip(cases, indexes, strict=True)],
    }


def case_finder_json(catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None) -> bytes:
    """case_finder_data as compact UTF-8 JSON, the same bytes for the same catalogue."""
    return compact_json(case_finder_data(catalogue, lang, labels))
