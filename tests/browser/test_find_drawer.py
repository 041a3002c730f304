"""The finder's frame in Chromium: the phone drawer, the count that stays in view, and switching
language with the filters (and the comparison's choice) kept.
"""

from __future__ import annotations

import json

import pytest
from browser_helpers import DESKTOP, OTHER_LANG, PHONE, switch_language

FIND = "find/"
ITEMS = "article > ul > li"


def finder(site, lang: str, name: str = "finder") -> dict:
    """A finder's data of one language, as the site serves it."""
    root = site.root / "en" if lang == "en" else site.root
    return json.loads((root / "assets" / "data" / f"{name}.json").read_text(encoding="utf-8"))


def open_find(open_page, query: str = "", lang: str = "ko", **options):
    page = open_page(FIND + query, lang=lang, **options)
    page.locator(".kb-find__bar").wait_for()
    return page


def in_view(page, selector: str, height: int) -> bool:
    """True when the element is drawn inside the window (below the header, above the bottom)."""
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def checked(page) -> dict[str, set[str]]:
    """The ticked options, by facet (in the data's order)."""
    found: dict[str, set[str]] = {}
    for i, facet in enumerate(page.locator(".kb-facet").all()):
        values = facet.locator("input:checked").evaluate_all("(inputs) => inputs.map((i) => i.value)")
        if values:
            found[i] = set(values)
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_on_a_phone_the_filters_fold_into_a_drawer_and_the_count_stays_in_view(open_page, site, screenshot_dir, lang):
    data = finder(site, lang)
    text = data["text"]
    page = open_find(open_page, lang=lang, viewport=PHONE)
    facets = page.locator(".kb-find__facets")
    toggle = page.locator(".kb-find__toggle")
    assert facets.is_hidden() and toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.inner_text().startswith(text["js_drawer"])
    # Folded, the first result comes within the first screen (it was 1,500 px down with open facets).
    assert page.locator(ITEMS).first.bounding_box()["y"] < PHONE["height"]
    page.screenshot(path=screenshot_dir / f"{lang}-find-drawer-closed-{PHONE['width']}.png")
    toggle.click()
    assert facets.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    sector = page.locator('.kb-facet input[value="C"]').first
    sector.check()
    europe = page.locator('.kb-facet input[value="europe"]').nth(1)  # "where it runs"
    europe.check()
    assert page.locator(".kb-find__badge").inner_text() == "2"  # how many options are chosen
    assert text["js_drawer_count"].format(n=2) in toggle.text_content()  # ... said to screen readers too
    shown = page.locator(f"{ITEMS}:visible").count()
    done = page.locator(".kb-find__done")
    assert done.inner_text() == text["js_drawer_done"].format(n=shown)
    assert in_view(page, ".kb-find__status", PHONE["height"])  # the bar stays while the facets scroll
    page.screenshot(path=screenshot_dir / f"{lang}-find-drawer-open-{PHONE['width']}.png")
    done.click()
    assert facets.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    assert page.locator(f"{ITEMS}:visible").first.bounding_box()["y"] < PHONE["height"]
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(100)
    assert in_view(page, ".kb-find__status", PHONE["height"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_on_a_desktop_the_facets_show_and_the_count_stays_in_view(open_page, lang):
    page = open_find(open_page, lang=lang)
    assert page.locator(".kb-find__facets").is_visible()
    assert page.locator(".kb-find__toggle").is_hidden() and page.locator(".kb-find__done").is_hidden()
    page.locator(f"{ITEMS}:visible").last.scroll_into_view_if_needed()  # the last one shown (50 at a time)
    assert in_view(page, ".kb-find__status", DESKTOP["height"])
    header = page.locator(".md-header").bounding_box()
    assert page.locator(".kb-find__bar").bounding_box()["y"] >= header["y"] + header["height"] - 1  # not under it


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_switching_language_keeps_the_filters(open_page, site, lang):
    other = OTHER_LANG[lang]
    page = open_find(open_page, "?sector=C", lang=lang)
    page.locator('.kb-facet input[value="europe"]').nth(1).check()
    page.wait_for_function("() => location.search.includes('europe')")
    before = page.evaluate("location.search")
    ticked = checked(page)
    shown = page.locator(f"{ITEMS}:visible").count()
    switch_language(page, other)
    assert page.evaluate("document.documentElement.lang") == other
    page.locator(".kb-find__bar").wait_for()
    assert page.evaluate("location.search") == before
    assert checked(page) == ticked  # the same options, now labelled in the other language
    assert page.locator(f"{ITEMS}:visible").count() == shown
    data = finder(site, other)
    assert page.locator(".kb-find__status").inner_text() == data["text"]["js_shown"].format(
        n=shown, total=data["count"]
    )
    # And back: the link of the other language carries the filters as well.
    links = page.locator(f'a[hreflang="{lang}"]').evaluate_all("(links) => links.map((a) => a.href)")
    assert links and all(href.endswith(f"find/{before}") for href in links)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_switching_language_keeps_the_comparison(open_page, site, lang):
    other = OTHER_LANG[lang]
    ids = [p["id"] for p in finder(site, lang)["programs"][:2]]
    page = open_page(f"compare/?p={ids[0]}", lang=lang)
    page.locator(f'.kb-pick input[value="{ids[1]}"]').check()
    page.wait_for_function("() => location.search.split(',').length === 2")
    page.evaluate("localStorage.clear()")  # the address alone must carry the choice over
    switch_language(page, other)
    page.locator(".kb-compare__table").wait_for()
    assert page.evaluate("location.search") == f"?p={ids[0]},{ids[1]}"
    short = {p["id"]: p["short"] for p in finder(site, other)["programs"]}
    heads = page.locator(".kb-compare__table thead th a").all_inner_texts()
    assert heads == [short[ids[0]], short[ids[1]]]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    ("path", "viewport", "open_drawer"),
    [
        ("find/?sector=C", PHONE, True),
        ("find/?sector=C", PHONE, False),
        ("cases/find/?market=europe", DESKTOP, False),
        ("compare/?p=kisti-knowledge-mentoring,gri-sme-technology-support", PHONE, False),
    ],
)
def test_no_serious_or_critical_violation(open_page, lang, path, viewport, open_drawer):
    """axe-core on what this file adds: the drawer (open and closed), the case finder, the folded comparison."""
    from axe_playwright_python.sync_playwright import Axe
    from test_accessibility import blocking, describe

    page = open_page(path, lang=lang, viewport=viewport)
    page.locator(".kb-find__bar, .kb-compare__table").first.wait_for()
    if open_drawer:
        page.locator(".kb-find__toggle").click()
    found = blocking(Axe().run(page).response["violations"])
    assert found == [], f"{lang} {path}:\n{describe(found)}"
