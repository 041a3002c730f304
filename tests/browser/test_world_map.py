"""The map in Chromium: a country is reached with the keyboard and leads to the finder with its filter on;
the map scales to a phone; screenshots at 1280 and 390 px in both languages, light and dark."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import DESKTOP, PHONE
from test_accessibility import blocking, describe

NAMES = {"ko": "네덜란드", "en": "Netherlands"}
SVG_LINKS = ".kb-map__svg a"


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def finder_data(site, lang: str) -> dict:
    prefix = "en/" if lang == "en" else ""
    return json.loads((site.root / prefix / "assets" / "data" / "finder.json").read_text("utf-8"))


def expect_finder_filtered_by(page, site, lang: str, key: str, value: str) -> None:
    """The finder page is open with exactly that option ticked, and shows the programmes that have it."""
    assert urlsplit(page.url).path.endswith("/find/")
    assert parse_qs(urlsplit(page.url).query) == {key: [value]}
    page.locator("#kb-find:not([hidden])").wait_for()
    assert page.locator(".kb-find__facets input:checked").evaluate_all("(l) => l.map((i) => i.value)") == [value]
    data = finder_data(site, lang)
    f = next(i for i, facet in enumerate(data["facets"]) if facet["key"] == key)
    o = next(i for i, (term, *_) in enumerate(data["facets"][f]["options"]) if term == value)
    expected = [p["id"] for p in data["programs"] if o in p["f"][f]]
    hrefs = page.locator("article > ul > li:visible a").evaluate_all("(l) => l.map((a) => a.href)")
    assert sorted(re.search(r"programs/([^/]+)/", h).group(1) for h in hrefs) == sorted(expected)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_country_on_the_home_map_is_reached_by_keyboard_and_opens_the_filtered_finder(open_page, site, lang):
    page = open_page("", lang=lang, viewport=DESKTOP)
    tab_to(page, f'{SVG_LINKS}[aria-label^="{NAMES[lang]}"]')
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert re.fullmatch(rf"{NAMES[lang]}: .*\d.*", name)
    # A visible focus mark: the country's outline changes colour.
    stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).strokeWidth")
    assert stroke == "2.5px"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_finder_filtered_by(page, site, lang, "country", "NL")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_finder_map_is_folded_and_opens_from_the_keyboard(open_page, site, lang):
    page = open_page("find/", lang=lang, viewport=DESKTOP)
    assert page.locator(".kb-map__svg").is_hidden()
    tab_to(page, ".kb-map__summary")
    page.keyboard.press("Enter")
    assert page.locator(".kb-map__svg").is_visible()
    tab_to(page, SVG_LINKS, limit=5)  # the first country comes right after the summary and the intro
    link = page.evaluate("document.activeElement.getAttribute('href')")
    assert link.startswith(("./?", "../cases/find/?", "#kb-map-"))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_axe_finds_nothing_serious_in_the_opened_finder_map(open_page, lang):
    page = open_page("find/", lang=lang, viewport=DESKTOP)
    page.locator(".kb-map__summary").click()
    page.locator(".kb-map__svg").wait_for()
    found = blocking(Axe().run(page, context=".kb-map").response["violations"])
    assert found == [], describe(found)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_country_link_on_the_map_is_also_in_the_list(open_page, lang):
    page = open_page("", lang=lang, viewport=DESKTOP)
    in_svg = page.locator(SVG_LINKS).evaluate_all("(l) => l.map((a) => a.getAttribute('aria-label').split(':')[0])")
    listed = page.locator(".kb-map__list > li").evaluate_all("(l) => l.map((li) => li.textContent.split(':')[0])")
    assert in_svg and set(in_svg) <= set(listed)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_screenshots_and_the_map_fits(browser, site, screenshot_dir, lang, scheme, viewport):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site.url("", lang))
        figure = page.locator(".kb-map__figure")
        box = figure.bounding_box()
        article = page.locator("article").bounding_box()
        assert box["width"] >= article["width"] * 0.9  # the SVG takes the column's width ...
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # ... and no more
        land = page.locator(".kb-map__land").first.evaluate("(p) => getComputedStyle(p).fill")
        sea = page.locator(".kb-map__sea").first.evaluate("(p) => getComputedStyle(p).fill")
        assert land != sea
        page.locator(".kb-map").screenshot(path=screenshot_dir / f"{lang}-map-{viewport['width']}-{scheme}.png")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_country_where_only_stories_sold_opens_the_story_finder_for_that_market(open_page, site, lang):
    """France runs no programme here; its stories (sold there) are what the map leads to."""
    page = open_page("", lang=lang, viewport=DESKTOP)
    france = page.locator(f'{SVG_LINKS}[aria-label^="{ {"ko": "프랑스", "en": "France"}[lang] }"]')
    france.first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path.endswith("/cases/find/") and parse_qs(urlsplit(page.url).query) == {"market": ["FR"]}
    page.locator(".kb-find__facets input:checked").first.wait_for()
    assert "FR" in page.locator(".kb-find__facets input:checked").evaluate_all("(l) => l.map((i) => i.value)")
    shown = page.locator("article > ul > li:visible a").evaluate_all("(l) => l.map((a) => a.href)")
    assert any("charmcare-france-supply" in href for href in shown)
    assert not any("knr-systems-link-partnership" in href for href in shown)  # sold in the US, not France
