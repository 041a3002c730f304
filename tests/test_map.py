"""The map of the home page and the finder (generator/render/map.py, map_html.py, outline.py).

The counts are read from the model directly here, not through generator.render.map, and every link
is followed to a page of the generated tree.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.paths import generated_path
from generator.pipeline import check
from generator.project import Project
from generator.render import map_html
from generator.render.map import map_entries, page_href
from generator.render.outline import OUTLINE_PATH, load_outline, svg_path
from generator.render.pages import render_catalogue

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
PAGES = {"index.md": False, "find.md": True}  # page: whether the map is folded there


@pytest.fixture(scope="module")
def bundled():
    """The bundled catalogue, its strings and its generated tree."""
    catalogue, strings = check(Project(REPO))
    return catalogue, strings, render_catalogue(Project(REPO), catalogue, strings)


def map_block(files: dict[str, bytes], lang: str, page: str) -> str:
    """The map's HTML block in one generated page."""
    text = files[generated_path(lang, page)].decode("utf-8")
    found = re.search(r'^<(div|details) class="kb-map[ "].*$', text, re.M)
    assert found, f"no map in {lang}/{page}"
    return found.group(0)


def svg_of(block: str) -> ET.Element:
    """The map's SVG, parsed as XML (so it is well-formed)."""
    return ET.fromstring(re.search(r"<svg .*?</svg>", block).group(0))


def svg_links(block: str) -> dict[str, str]:
    """{accessible name: href} of the links in the SVG."""
    links = {}
    for a in svg_of(block).iter(f"{SVG}a"):
        assert a.find(f"{SVG}title").text == a.get("aria-label")  # the tooltip says the same
        assert a.find(f"{SVG}path") is not None
        links[a.get("aria-label")] = a.get("href")
    return links


def list_items(block: str) -> dict[str, str]:
    """{id: text} of the list items under the map (tags dropped)."""
    return {
        m.group(1): re.sub(r"<[^>]+>", "", m.group(2))
        for m in re.finditer(r'<li id="(kb-map-[^"]+)">(.*?)</li>', block)
    }


def expected_counts(catalogue) -> dict[str, tuple[int, int]]:
    """{place: (programmes run there, success stories naming it as a market)} from the model."""
    counts: dict[str, list[int]] = {}
    for program in catalogue.programs:
        counts.setdefault(program.country, [0, 0])[0] += 1
    for case in catalogue.cases:
        for market in set(case.markets):
            counts.setdefault(market, [0, 0])[1] += 1
    return {place: (p, c) for place, (p, c) in counts.items()}


def counts_text(strings, lang: str, programs: int, cases: int) -> str:
    parts = []
    if programs:
        parts.append(strings.get("map_programs_one" if programs == 1 else "map_programs", lang).format(n=programs))
    if cases:
        parts.append(strings.get("map_cases_one" if cases == 1 else "map_cases", lang).format(n=cases))
    return strings.get("map_and", lang).join(parts)


def resolve(page: str, href: str) -> str:
    """The generated Markdown page a link from `page` leads to (directory URLs)."""
    folder = "" if page == "index.md" else page.removesuffix(".md")
    target = posixpath.normpath(posixpath.join(folder, urlsplit(href).path)).strip("/")
    return "index.md" if target in ("", ".") else target + ".md"


# --- the outline --------------------------------------------------------------------------


def test_topojson_arcs_are_delta_decoded_scaled_and_reversed(tmp_path):
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 2], "translate": [10, -10]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "528", "properties": {"name": "Netherlands"}},
                    {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "properties": {"name": "Nowhere"}},
                ],
            }
        },
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(topology))
    nowhere, netherlands = load_outline(path)
    assert netherlands.code == "NL"  # ISO 3166-1 numeric 528 -> alpha-2
    assert netherlands.polygons == ((((10.0, -10.0), (11.0, -10.0), (11.0, -6.0), (10.0, -6.0), (10.0, -10.0)),),)
    assert (nowhere.code, nowhere.name) == ("", "Nowhere")  # no id: drawn, never linked
    assert nowhere.polygons == ((((10.0, -10.0), (10.0, -6.0), (11.0, -6.0), (11.0, -10.0), (10.0, -10.0)),),)


def test_a_polygon_across_the_antimeridian_is_drawn_in_one_piece_on_each_side(tmp_path):
    ring = [[170, 0], [-170, 0], [-170, 10], [170, 10], [170, 0]]
    arcs = [[ring[0]] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(ring, ring[1:], strict=False)]]
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": arcs,
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]]}]}},
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(topology))
    (country,) = load_outline(path)
    east, west = (sorted(p for p, _ in polygon[0]) for polygon in country.polygons)
    assert (east[0], east[-1]) == (170, 190) and (west[0], west[-1]) == (-190, -170)


def test_simplified_borders_are_still_shared_and_the_paths_are_whole_units():
    outline = REPO / "site_config" / OUTLINE_PATH
    full, simple = load_outline(outline), load_outline(outline, 0.25)
    assert len(full) == len(simple) == 177
    points = lambda countries: sum(len(r) for c in countries for p in c.polygons for r in p)  # noqa: E731
    assert points(simple) < points(full) * 0.6
    assert {c.code for c in full} >= {"KR", "NL", "US", "FR", "DE", "IE", "GB", "CZ", "CN", "RU", "AU"}
    d = svg_path(next(c for c in simple if c.code == "NL").polygons, lambda lon, lat: (lon * 10, -lat * 10))
    assert re.fullmatch(r"(M-?\d+ -?\d+l(-?\d+ -?\d+ ?)+z)+", d)


def test_page_links_follow_directory_urls():
    assert page_href("find.md", "index.md") == "find/"
    assert page_href("find.md", "find.md") == "./"
    assert page_href("cases/x.md", "find.md") == "../cases/x/"
    assert page_href("cases/x.md", "index.md") == "cases/x/"


# --- the map on the pages -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_the_svg_is_well_formed_titled_and_every_place_with_records_is_listed(bundled, lang, page):
    catalogue, strings, files = bundled
    block = map_block(files, lang, page)
    svg = svg_of(block)
    assert svg.get("role") == "group" and svg.get("aria-labelledby") == "kb-map-title"
    assert svg.find(f"{SVG}title").text == strings.get("map_svg_title", lang)
    assert svg.find(f"{SVG}desc").text == strings.get("map_svg_desc", lang)
    assert block.startswith("<details") == PAGES[page]
    items = list_items(block)
    expected = expected_counts(catalogue)
    assert set(items) == {f"kb-map-{place.lower()}" for place in expected}
    for place, (programs, cases) in expected.items():
        name = catalogue.places.name(place, lang)
        assert items[f"kb-map-{place.lower()}"].startswith(name), place
        assert counts_text(strings, lang, programs, cases) in items[f"kb-map-{place.lower()}"], place


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_countries_are_links_to_the_filtered_finder_with_their_counts(bundled, lang, page):
    catalogue, strings, files = bundled
    links = svg_links(map_block(files, lang, page))
    drawn = {country.code for country in load_outline(REPO / "site_config" / OUTLINE_PATH)}
    countries = {p: c for p, c in expected_counts(catalogue).items() if p not in catalogue.places.regions}
    expected = {place: counts for place, counts in countries.items() if place in drawn}
    assert set(countries) - drawn <= {"HK"}  # too small for the 1:110m outline; it is in the list below the map
    names = {
        strings.get("map_entry", lang).format(
            name=catalogue.places.name(place, lang), counts=counts_text(strings, lang, *counts)
        ): place
        for place, counts in expected.items()
    }
    assert set(links) == set(names)  # every country with records and an outline in the 1:110m file
    run_in = {p.country for p in catalogue.programs}
    sold_in = {m for c in catalogue.cases for m in c.markets}
    for name, href in links.items():
        place, query = names[name], parse_qs(urlsplit(href).query)
        if place in run_in:  # the finder's 'country' facet: where a programme is run
            assert resolve(page, href) == "find.md" and query == {"country": [place]}
        else:  # only stories sold there: the success-story finder, by the market they reached
            assert place in sold_in
            assert resolve(page, href) == "cases/find.md" and query == {"market": [place]}
    assert any("cases/find/" in href for href in links.values())  # the bundled cases have such markets


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_link_in_the_block_leads_to_a_generated_page(bundled, lang):
    _, _, files = bundled
    for page in PAGES:
        block = map_block(files, lang, page)
        for href in re.findall(r'href="([^"]+)"', block):
            if href.startswith("#"):
                assert f'id="{href[1:]}"' in block
            else:
                assert generated_path(lang, resolve(page, href)) in files, (page, href)


def test_regions_are_listed_with_their_members_and_shade_them(bundled):
    catalogue, strings, files = bundled
    block = map_block(files, "en", "index.md")
    items = list_items(block)
    eu = catalogue.places.regions["eu"]
    assert items["kb-map-eu"].startswith(f"European Union ({len(eu.members)} countries): ")
    assert 'href="find/?country=eu"' in block
    assert svg_of(block).find(f".//{SVG}path[@class='kb-map__region']") is not None


def test_a_market_without_an_outline_is_still_in_the_list(bundled):
    catalogue, strings, _ = bundled
    case = dataclasses.replace(catalogue.cases[0], markets=("MT",))  # Malta: too small for the 1:110m file
    cases = (case, *catalogue.cases[1:])
    entries = map_entries(catalogue.programs, cases, catalogue.places, "en")
    outline = REPO / "site_config" / OUTLINE_PATH
    block = map_html.map_block(entries, catalogue.places, strings.bound("en"), "en", "index.md", outline, False)
    assert "kb-map-mt" in list_items(block)
    assert not any(name.startswith("Malta") for name in svg_links(block))


def test_english_counts_are_singular_for_one():
    catalogue, strings = check(Project(REPO))
    entries = {e.code: e for e in map_entries(catalogue.programs, catalogue.cases, catalogue.places, "en")}
    labels = strings.bound("en")
    # One programme and one story, as a place of the catalogue would have them (the US now has more).
    us = dataclasses.replace(entries["US"], programs=1, cases=entries["US"].cases[:1])
    assert us.label(labels) == "United States: 1 programme, 1 success story"


def test_the_map_is_the_same_bytes_each_time(bundled):
    catalogue, strings, files = bundled
    again = render_catalogue(Project(REPO), catalogue, strings)
    for lang in ("ko", "en"):
        for page in PAGES:
            assert map_block(again, lang, page) == map_block(files, lang, page)
    assert len(svg_of(map_block(files, "ko", "index.md")).attrib) > 0
    size = len(re.search(r"<svg .*?</svg>", map_block(files, "ko", "index.md")).group(0).encode())
    assert size < 60_000  # the SVG is inline on two pages: keep it small (about 42 kB now)
