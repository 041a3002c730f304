"""The map of the home page and the finder: where programmes are run and where success stories sold.

Counted from the records at build time: a programme counts for the place it is run in (`country`, a
country or a region), a success story for each market it names (`markets`). Regions (Europe, the EU)
are not countries: they are listed with their own counts and their member countries are shaded
lightly. A place where a programme is run links to the finder filtered by it (`country`); a place
where only stories sold links to the success-story finder filtered by that market (`cases/find/`,
`market`); one neither finder has an option for links to its entry in the list under the map.
`map_html.py` draws the SVG and the list.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..cache import digest
from ..model import Case, Program
from ..paths import page_path
from ..places import Places
from ..publish.finder import FACETS
from . import map_html
from .outline import OUTLINE_PATH

#: The finder page, and its facets a place on the map can filter by (in order of preference).
FINDER_PAGE = "find.md"
FINDER_KEYS = ("country", "market")
#: The success-story finder, and its facet of the markets a story reached.
CASE_FINDER_PAGE = "cases/find.md"
CASE_MARKET_KEY = "market"


@dataclass(frozen=True)
class Entry:
    """A country or region on the map: its counts, where it links to, and the success stories it names."""

    code: str
    name: str
    programs: int
    cases: tuple[Case, ...]
    members: tuple[str, ...]
    #: The finder page, its URL parameter and value for this place ("find.md", "country", "NL"), or None.
    finder: tuple[str, str, str] | None

    @property
    def is_region(self) -> bool:
        """True for a region of site_config/places.yaml."""
        return bool(self.members)

    @property
    def anchor(self) -> str:
        """The id of its entry in the list under the map."""
        return f"kb-map-{self.code.lower()}"

    def counts(self, labels: Mapping[str, str]) -> str:
        """'프로그램 3개, 성공 사례 2건' / '3 programmes, 2 success stories': only the counts above zero."""
        parts = []
        if self.programs:
            parts.append(_count(labels, "map_programs", self.programs))
        if self.cases:
            parts.append(_count(labels, "map_cases", len(self.cases)))
        return labels["map_and"].join(parts)

    def label(self, labels: Mapping[str, str]) -> str:
        """Its accessible name: '네덜란드: 프로그램 2개, 성공 사례 3건'."""
        return labels["map_entry"].format(name=self.name, counts=self.counts(labels))


def _count(labels: Mapping[str, str], key: str, n: int) -> str:
    return labels[f"{key}_one" if n == 1 else key].format(n=n)


def map_entries(
    programs: Sequence[Program], cases: Sequence[Case], places: Places | None, lang: str
) -> tuple[Entry, ...]:
    """Every place that a programme is run in or a success story names as a market: regions first, then by name."""
    run_in: dict[str, int] = {}
    for program in programs:
        run_in[program.country] = run_in.get(program.country, 0) + 1
    sold_in: dict[str, list[Case]] = {}
    for case in sorted(cases, key=lambda c: (-c.year, c.id)):
        for market in dict.fromkeys(case.markets):
            sold_in.setdefault(market, []).append(case)
    options = _finder_options(programs)
    entries = []
    for code in sorted(set(run_in) | set(sold_in)):
        region = places.regions.get(code) if places else None
        name = places.name(code, lang) if places else code
        target = _target(code, code in run_in, code in sold_in, options)
        members = region.members if region else ()
        entries.append(Entry(code, name, run_in.get(code, 0), tuple(sold_in.get(code, ())), members, target))
    return tuple(sorted(entries, key=lambda e: (not e.is_region, e.name, e.code)))


def _target(code: str, runs: bool, sold: bool, options: Mapping[str, set[str]]) -> tuple[str, str, str] | None:
    """Where a place links: the programme finder where a programme is run there, else the story finder
    where a story sold there, else the programme finder by target market."""
    if runs and code in options["country"]:
        return FINDER_PAGE, "country", code
    if sold:
        return CASE_FINDER_PAGE, CASE_MARKET_KEY, code
    return (FINDER_PAGE, "market", code) if code in options["market"] else None


def _finder_options(programs: Sequence[Program]) -> dict[str, set[str]]:
    """The places each of the finder's place facets offers: those some programme names there.

    The finder also offers regions that share a country with a named place; the map only links a
    place that a record names, so those named directly are enough.
    """
    facets = {facet.key: facet for facet in FACETS if facet.places}
    return {key: {value for program in programs for value in facets[key].values(program)} for key in FINDER_KEYS}


def page_href(target: str, page: str) -> str:
    """The link from one generated page to another, as the built site has them (directory URLs)."""
    return posixpath.relpath(_url_dir(target), _url_dir(page)) + "/" if target != page else "./"


def _url_dir(page: str) -> str:
    """The folder a page is served from, relative to its language root ('.' for the home page)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = posixpath.dirname(stem)
    return stem or "."


def entry_href(entry: Entry, page: str) -> str:
    """Where a place links to: the finder filtered by it, else its entry in the list on this page."""
    if entry.finder is None:
        return "#" + entry.anchor
    target, key, value = entry.finder
    return f"{page_href(target, page)}?{key}={value}"


def case_href(case: Case, page: str) -> str:
    """The link from a generated page to a success story's page."""
    return page_href(page_path("case", case.id), page)


def outline_digest(config_dir: Path) -> str:
    """A digest of the bundled outline, for the render cache's key."""
    path = config_dir / OUTLINE_PATH
    return digest(path.read_bytes()) if path.is_file() else ""


def install(env: jinja2.Environment, places: Places | None, config_dir: Path) -> None:
    """Give the templates `place_map(folded=False)`: the map and its list, as one block of HTML."""

    @jinja2.pass_context
    def place_map(ctx, folded: bool = False) -> Markup:
        cat, lang, page = ctx["cat"], ctx["lang"], ctx["page_path"]
        entries = map_entries(cat.programs, cat.cases, places, lang)
        return map_html.map_block(entries, places, ctx["s"], lang, page, config_dir / OUTLINE_PATH, folded)

    env.globals["place_map"] = place_map
