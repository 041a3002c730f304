"""The map's HTML: a static SVG (a world panel and an enlarged Europe panel) and the same places as a list.

Every country with a count is a link in the SVG (keyboard-focusable, named by `Entry.label`) and an
item of the list below it, which is what a screen reader or a narrow phone reads first. Colours
come from classes (assets/stylesheets/map.css), so the dark scheme has its own.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..places import Places
from .outline import Country, Panel, load_outline, svg_path

if TYPE_CHECKING:
    from .map import Entry

#: The world without Antarctica, and Europe from Ireland to Finland, side by side in a 928 x 300 viewBox.
#: Europe's degrees of longitude are drawn at cos(52.5°) of its degrees of latitude.
WORLD = Panel("world", 0, 14, 700, 272, -180, -56, 180, 84)
EUROPE = Panel("europe", 715, 0, 213, 300, -11, 35, 31, 71)
VIEW_BOX = "0 0 928 300"
#: How far (in units of the viewBox) a simplified border may stray from the outline's.
TOLERANCE = 0.5
#: A linked country drawn smaller than this (square units of the viewBox) gets a dot, to be seen and hit.
SMALL = 200
#: Success stories named in a list item before "and N more".
CASES_SHOWN = 3


def map_block(
    entries: Sequence[Entry],
    places: Places | None,
    labels: Mapping[str, str],
    lang: str,
    page: str,
    outline: Path,
    folded: bool,
) -> Markup:
    """The map, its legend and its list as one HTML block (folded into a <details> on the finder)."""
    from .map import case_href, entry_href  # map imports this module

    hrefs = {entry.code: entry_href(entry, page) for entry in entries}
    body = (
        f"<p>{escape(labels['map_intro'])}</p>"
        + f'<figure class="kb-map__figure" data-search-exclude="true">{_svg(entries, places, labels, hrefs, outline)}'
        + "</figure>"
        + _legend(labels)
        + _lists(entries, labels, hrefs, lambda case: (case_href(case, page), case.title.get(lang)))
        + f'<p class="kb-map__note">{escape(labels["map_finder_note"])}</p>'
    )
    if folded:
        summary = f'<summary class="kb-map__summary">{escape(labels["map_show"])}</summary>'
        return Markup(f'<details class="kb-map kb-map--folded">{summary}{body}</details>')
    return Markup(f'<div class="kb-map">{body}</div>')


def _shade(entries: Sequence[Entry], places: Places | None) -> dict[str, str]:
    """The class of each country to colour: its own records, else a region with records that it belongs to."""
    shade: dict[str, str] = {}
    for entry in entries:
        if entry.is_region:
            for member in entry.members:
                shade.setdefault(member, "region")
    for entry in entries:
        if not entry.is_region:
            shade[entry.code] = "both" if entry.programs and entry.cases else "program" if entry.programs else "case"
    return shade


def _svg(
    entries: Sequence[Entry], places: Places | None, labels: Mapping[str, str], hrefs: dict[str, str], outline: Path
) -> str:
    """The SVG element: a title and description, then the two panels."""
    shade = _shade(entries, places)
    named = {entry.code: entry for entry in entries if not entry.is_region}
    panels = "".join(_panel(panel, _drawn(outline, panel), shade, named, labels, hrefs) for panel in (WORLD, EUROPE))
    frame = _frame_of_europe()
    return (
        f'<svg class="kb-map__svg" viewBox="{VIEW_BOX}" role="group" aria-labelledby="kb-map-title" '
        f'aria-describedby="kb-map-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="kb-map-title">{escape(labels["map_svg_title"])}</title>'
        f'<desc id="kb-map-desc">{escape(labels["map_svg_desc"])}</desc>'
        f"{_clip_paths()}{panels}{frame}"
        f'<text class="kb-map__caption" x="{EUROPE.x + 4}" y="{EUROPE.y + 14}" aria-hidden="true">'
        f"{escape(labels['map_europe'])}</text></svg>"
    )


def _clip_paths() -> str:
    clips = (f'<clipPath id="kb-map-clip-{p.name}">{_rect(p, "")}</clipPath>' for p in (WORLD, EUROPE))
    return "<defs>" + "".join(clips) + "</defs>"


def _rect(panel: Panel, name: str) -> str:
    """A panel's rectangle, with a class when `name` is given."""
    cls = f' class="kb-map__{name}"' if name else ""
    return f'<rect{cls} x="{panel.x}" y="{panel.y}" width="{panel.width}" height="{panel.height}"/>'


def _frame_of_europe() -> str:
    """The outline of the enlarged area on the world panel, and the enlarged panel's border."""
    (x0, y0), (x1, y1) = WORLD.project(EUROPE.west, EUROPE.north), WORLD.project(EUROPE.east, EUROPE.south)
    return (
        f'<rect class="kb-map__frame" x="{x0:.0f}" y="{y0:.0f}" width="{x1 - x0:.0f}" height="{y1 - y0:.0f}"/>'
        + _rect(EUROPE, "frame")
    )


@functools.cache
def _drawn(outline: Path, panel: Panel) -> tuple[tuple[Country, str], ...]:
    """The countries a panel shows, each with its path there (simplified for the panel's scale)."""
    countries = load_outline(outline, TOLERANCE / panel.scale)
    return tuple((c, svg_path(c.polygons, panel.project)) for c in countries if panel.shows(c))


def _panel(
    panel: Panel,
    drawn: Sequence[tuple[Country, str]],
    shade: Mapping[str, str],
    named: Mapping[str, Entry],
    labels: Mapping[str, str],
    hrefs: Mapping[str, str],
) -> str:
    """One panel: the countries without a link grouped by shade into one path each, then the links by name."""
    plain: dict[str, list[str]] = {}
    links = []
    for country, d in drawn:
        entry = named.get(country.code) if country.code else None
        if entry is not None and _home_panel(country) is panel:
            links.append((entry, country, d))
        else:
            plain.setdefault(shade.get(country.code, "land"), []).append(d)
    parts = [_rect(panel, "sea")]
    for name in ("land", "region", "case", "program", "both"):
        if name in plain:  # a path's rings each start with M, so paths join into one
            parts.append(f'<path class="kb-map__{name}" d="{"".join(plain[name])}"/>')
    for entry, country, d in sorted(links, key=lambda link: (link[0].name, link[0].code)):
        label = escape(entry.label(labels))
        cls = f"kb-map__{shade[entry.code]}"
        parts.append(
            f'<a href="{escape(hrefs[entry.code])}" aria-label="{label}"><title>{label}</title>'
            f'<path class="{cls}" d="{d}"/>{_dot(panel, country, cls)}</a>'
        )
    return f'<g class="kb-map__panel" clip-path="url(#kb-map-clip-{panel.name})">{"".join(parts)}</g>'


def _dot(panel: Panel, country: Country, cls: str) -> str:
    """A dot on a country too small to see or click at the panel's scale (South Korea on the world map)."""
    w, s, e, n = country.bbox
    (x0, y0), (x1, y1) = panel.project(w, n), panel.project(e, s)
    if (x1 - x0) * (y1 - y0) >= SMALL:
        return ""
    x, y = panel.project(*country.centre)
    return f'<circle class="{cls} kb-map__dot" cx="{x:.0f}" cy="{y:.0f}" r="7"/>'


def _home_panel(country: Country) -> Panel:
    """The panel where a country is a link: Europe's for a country whose largest part lies there."""
    return EUROPE if EUROPE.holds(country) else WORLD


def _legend(labels: Mapping[str, str]) -> str:
    items = "".join(
        f'<li><span class="kb-map__swatch kb-map__swatch--{name}" aria-hidden="true"></span>'
        f"{escape(labels['map_legend_' + name])}</li>"
        for name in ("program", "case", "both", "region")
    )
    return f'<ul class="kb-map__legend">{items}</ul>'


def _lists(entries: Sequence[Entry], labels: Mapping[str, str], hrefs: Mapping[str, str], to_case) -> str:
    """The places as lists (regions, then countries), each with its counts, its link and its stories."""
    regions, countries = [e for e in entries if e.is_region], [e for e in entries if not e.is_region]
    groups = (("map_regions", regions), ("map_countries", countries))
    lists = "".join(
        f'<div class="kb-map__group"><p class="kb-map__heading" id="kb-map-{key}">{escape(labels[key])}</p>'
        f'<ul class="kb-map__list" aria-labelledby="kb-map-{key}">'
        + "".join(_item(entry, labels, hrefs, to_case) for entry in group)
        + "</ul></div>"
        for key, group in groups
        if group
    )
    return f'<div class="kb-map__lists">{lists}</div>'


def _item(entry: Entry, labels: Mapping[str, str], hrefs: Mapping[str, str], to_case) -> str:
    name = escape(entry.name)
    if entry.finder is not None:
        name = f'<a href="{escape(hrefs[entry.code])}">{name}</a>'
    members = " " + escape(labels["map_members"].format(n=len(entry.members))) if entry.is_region else ""
    head = f"{name}{members}: {escape(entry.counts(labels))}"
    return f'<li id="{entry.anchor}">{head}{_case_links(entry.cases, labels, to_case)}</li>'


def _case_links(cases: Iterable, labels: Mapping[str, str], to_case) -> str:
    cases = list(cases)
    if not cases:
        return ""
    links = [f'<a href="{escape(href)}">{escape(title)}</a>' for href, title in map(to_case, cases)]
    shown = ", ".join(links[:CASES_SHOWN])
    rest = len(links) - CASES_SHOWN
    more = " " + escape(labels["map_more"].format(n=rest)) if rest > 0 else ""
    return f'<br><span class="kb-map__cases">{shown}{more}</span>'
