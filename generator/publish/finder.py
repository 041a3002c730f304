"""The programme finder's data: every programme's facet values as indexes into the facet options, per language.

A pure function of the catalogue (no MkDocs, no clock): the renderer writes it as
`assets/data/finder.json` in each language's tree, and find.js and compare.js read it. The pages
themselves carry the programmes' text (the finder's list, the comparison table); this file carries
only what the scripts need to filter and pick: ids, names, facet values and interface labels.
The facets answer an SME's questions: can I apply now, for which market, from where, at my size
and in my sector, what does it give and who runs it (generator/publish/facets.py explains options).

Shape (`FORMAT_VERSION` 2):

    {"format": 2, "lang": "en", "count": 29,
     "text": {"js_clear": "Clear all filters", ...},
     "facets": [{"key": "country", "label": "Where it runs",
                 "options": [["europe", "Europe"], ["eu", "European Union", 1], ["NL", "Netherlands", 2], ...]}, ...],
     "programs": [{"id": "asti", "name": "...", "short": "...", "f": [[0], [3], ...]}, ...],
     "portals": [{"id": "bizinfo", "name": "...", "about": "...", "url": "https://...", "source": "...",
                  "o": ["KR", ...]}, ...]}

An option is [id, label] or [id, label, depth] (a place inside the option above it). `f` has one list
per facet, in the order of `facets`: the indexes of the programme's options. Option ids are the same
in every language, so a filtered address works in each. `portals` are the official portals of
site_config/portals.yaml, with the place options each answers (`finder_portals`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping

from ..freshness import CLOSED, INVITATION, OPEN, UPCOMING, call_status, running_status
from ..languages import DEFAULT
from ..model import Catalogue, Program
from .facets import Facet, facets_data

FORMAT_VERSION = 2
FINDER_PATH = "assets/data/finder.json"


def call_values(program: Program, today: datetime.date | None, catalogue: Catalogue) -> tuple[str, ...]:
    """How the programme's calls stand at the build date: open, upcoming, invitation, closed, or none known."""
    if today is None:
        return ()
    if not program.calls:
        return ("none",)
    running = running_status(program, today, catalogue.freshness_years).state == "running"
    states = {call_status(call, today, running) for call in program.calls}
    found = tuple(state for state in (OPEN, UPCOMING, INVITATION) if state in states)
    return found or ((CLOSED,) if CLOSED in states else ("none",))


def operator_ids(catalogue: Catalogue) -> dict[str, str]:
    """Each programme's operator id, the same in every language: records that share an operator's full
    or short name in the default language share its id (the slug of the first full name, sorted)."""
    cached = _OPERATOR_IDS.get(id(catalogue))
    if cached and cached[0] is catalogue:
        return cached[1]
    group: dict[str, str] = {}  # a name -> the name standing for its group (union-find)

    def top(name: str) -> str:
        while group.setdefault(name, name) != name:
            name = group[name]
        return name

    names = {p.id: _names(p) for p in catalogue.programs}
    for first, *others in names.values():
        for other in others:
            group[top(other)] = top(first)
    members: dict[str, list[str]] = {}
    for full, *_ in names.values():
        members.setdefault(top(full), []).append(full)
    slug = {root: re.sub(r"[^\w]+", "-", min(fulls).casefold()).strip("-") or "op" for root, fulls in members.items()}
    ids = {pid: slug[top(full)] for pid, (full, *_) in names.items()}
    _OPERATOR_IDS.clear()
    _OPERATOR_IDS[id(catalogue)] = (catalogue, ids)
    return ids


_OPERATOR_IDS: dict[int, tuple[Catalogue, dict[str, str]]] = {}


def _names(program: Program) -> list[str]:
    """An operator's full name and short name (if any) in the default language, marked apart."""
    operator = program.operator
    short = [f"short:{operator.short_name.get(DEFAULT.code)}"] if operator.short_name else []
    return [operator.name.get(DEFAULT.code), *short]


def operator_name(catalogue: Catalogue, term: str, lang: str) -> str:
    """The operator's (short) name in one language, from the first programme (by id) it runs."""
    ids = operator_ids(catalogue)
    first = _FIRST_RUN.get(id(ids))
    if first is None:
        first = {}
        for program in sorted(catalogue.programs, key=lambda p: p.id, reverse=True):
            first[ids[program.id]] = program
        _FIRST_RUN.clear()
        _FIRST_RUN[id(ids)] = first
    operator = first[term].operator
    return (operator.short_name or operator.name).get(lang)


_FIRST_RUN: dict[int, dict[str, Program]] = {}  # by id() of the operator_ids mapping it was made for


def _funding(program: Program) -> tuple[str, ...]:
    return (program.funding.given if program.funding else "not-stated",)


FACETS = (
    Facet(
        "open",
        "finder_calls",
        call_values,
        own={
            "open": "open_now_option",
            "upcoming": "finder_calls_upcoming",
            "invitation": "finder_calls_invitation",
            "closed": "finder_calls_closed",
            "none": "finder_calls_none",
        },
        contextual=True,
    ),
    Facet("market", "target_markets", lambda p: p.eligibility.target_markets or ("not-stated",), places=True),
    Facet("country", "finder_where", lambda p: (p.country,), places=True),
    Facet(
        "applicants",
        "applicant_countries",
        lambda p: p.eligibility.applicant_countries or ("not-stated",),
        places=True,
    ),
    Facet("size", "company_sizes", lambda p: p.eligibility.company_sizes, vocabulary="company_sizes", wildcard="any"),
    Facet(
        "foreign",
        "foreign_companies",
        lambda p: (p.eligibility.foreign_companies or "not-stated",),
        own={"yes": "finder_foreign_yes", "no": "finder_foreign_no", "not-stated": "finder_foreign_not_stated"},
    ),
    Facet("sector", "sectors", lambda p: p.eligibility.sectors, vocabulary="sectors", wildcard="any"),
    Facet("funding", "funding", _funding, vocabulary="funding_kinds"),
    Facet("support", "support_types", lambda p: p.support_types, vocabulary="support_types"),
    Facet("cost", "cost", lambda p: (p.cost.model,), vocabulary="costs"),
    Facet("operator", "operator", lambda p, _, cat: (operator_ids(cat)[p.id],), named=operator_name, contextual=True),
    Facet(
        "opkind",
        "operator_kind",
        lambda p: (p.operator.kind,) if p.operator.kind else (),
        vocabulary="operator_kinds",
    ),
    Facet("kind", "kind", lambda p: (p.kind,), vocabulary="record_kinds"),
)


def finder_data(
    catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None, today: datetime.date | None = None
) -> dict:
    """The finder's data in one language; `labels` are the interface strings in that language.

    Without `labels`, facets are named by their key and `text` is empty (enough for tests of the data);
    without `today` (the build date) no programme is open now.
    """
    labels = labels or {}
    programs = sorted(catalogue.programs, key=lambda p: p.id)
    facets, indexes = facets_data(catalogue, FACETS, programs, lang, labels, today)
    return {
        "format": FORMAT_VERSION,
        "lang": lang,
        "count": len(programs),
        "text": {key: value for key, value in sorted(labels.items()) if key.startswith("js_")},
        "facets": facets,
        "programs": [
            {"id": p.id, "name": p.name.get(lang), "short": p.short_name.get(lang), "f": f}
            for p, f in zip(programs, indexes, strict=True)
        ],
        "portals": finder_portals(catalogue, facets, lang),
    }


def finder_portals(catalogue: Catalogue, facets: list[dict], lang: str) -> list[dict]:
    """The official portals in one language, each with the place options it answers (`o`).

    A portal answers a place option that shares a country with it: the EU portal answers a filter on
    the Netherlands and one on Europe. find.js names these next steps for the places an SME chose,
    and every portal when nothing matches and no place is chosen.
    """
    places = catalogue.places
    options = sorted({o[0] for f in facets if f.get("places") for o in f["options"]})
    return [
        {
            "id": portal.id,
            "name": portal.name.get(lang),
            "about": portal.about.get(lang),
            "url": portal.url,
            "source": "; ".join(
                ", ".join(part for part in (source.publisher, source.date) if part) for source in portal.sources
            ),
            "o": [o for o in options if places is not None and places.matches(portal.places, o)],
        }
        for portal in catalogue.portals
    ]


def compact_json(data: dict) -> bytes:
    """Data as compact UTF-8 JSON with a final newline (the same bytes for the same data)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def finder_json(
    catalogue: Catalogue, lang: str, labels: Mapping[str, str] | None = None, today: datetime.date | None = None
) -> bytes:
    """finder_data as compact UTF-8 JSON, the same bytes for the same catalogue and build date."""
    return compact_json(finder_data(catalogue, lang, labels, today))
