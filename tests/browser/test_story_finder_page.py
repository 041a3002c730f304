"""The success-story finder (cases/find/) in Chromium: reached from the cases list, filters by market
(with the place hierarchy), kind of outcome, sector and programme, works on a phone and without JavaScript.
"""

from __future__ import annotations

import json
import re

import pytest
from browser_helpers import PHONE

FIND = "cases/find/"
ITEMS = "article > ul > li"


def data_of(site, lang: str) -> dict:
    root = site.root / "en" if lang == "en" else site.root
    return json.loads((root / "assets" / "data" / "case-finder.json").read_text(encoding="utf-8"))


def matching(data: dict, chosen: dict[str, set[str]]) -> list[str]:
    """Ids of the stories matching every facet's choice (options of one facet are alternatives)."""
    keys = [f["key"] for f in data["facets"]]
    found = []
    for case in data["cases"]:
        has = {key: {data["facets"][f]["options"][o][0] for o in case["f"][f]} for f, key in enumerate(keys)}
        if all(not wanted or wanted & has[key] for key, wanted in chosen.items()):
            found.append(case["id"])
    return found


def shown(page) -> set[str]:
    hrefs = page.locator(f"{ITEMS}:visible a").evaluate_all("(links) => links.map((a) => a.href)")
    return {re.search(r"cases/([^/]+)/", href).group(1) for href in hrefs}


def option(page, key: str, value: str, data: dict):
    at = [f["key"] for f in data["facets"]].index(key)
    return page.locator(f'.kb-facet:nth-child({at + 1}) input[value="{value}"]')


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_cases_list_leads_to_the_case_finder_which_filters_the_stories(open_page, site, lang):
    data = data_of(site, lang)
    page = open_page("cases/", lang=lang)
    with page.expect_navigation():
        page.locator('article a[href$="find/"]').first.click()
    page.locator(".kb-find__bar").wait_for()
    assert page.locator("article h1").inner_text().strip() != ""
    assert shown(page) == {c["id"] for c in data["cases"]}
    assert page.locator(".kb-find__status").inner_text() == data["text"]["js_shown"].format(
        n=data["count"], total=data["count"]
    )
    option(page, "market", "europe", data).check()  # Europe holds the stories that sold in France or the Netherlands
    expected = matching(data, {"market": {"europe"}})
    assert shown(page) == set(expected)
    france = {c["id"] for c in data["cases"] if "FR" in matching_ids(data, c, "market")}
    assert france and france <= shown(page)
    kinds = [o[0] for o in data["facets"][[f["key"] for f in data["facets"]].index("outcome")]["options"]]
    kind = next(k for k in kinds if matching(data, {"market": {"europe"}, "outcome": {k}}))
    option(page, "outcome", kind, data).check()
    assert shown(page) == set(matching(data, {"market": {"europe"}, "outcome": {kind}}))
    # the address is written just after the frame that shows the new list (find.js)
    page.wait_for_function("(wanted) => location.search === wanted", arg=f"?market=europe&outcome={kind}")


def matching_ids(data: dict, case: dict, key: str) -> set[str]:
    at = [f["key"] for f in data["facets"]].index(key)
    return {data["facets"][at]["options"][o][0] for o in case["f"][at]}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_by_programme_and_on_a_phone(open_page, site, screenshot_dir, lang):
    data = data_of(site, lang)
    programs = data["facets"][[f["key"] for f in data["facets"]].index("program")]["options"]
    program = max(programs, key=lambda o: len(matching(data, {"program": {o[0]}})))[0]
    page = open_page(f"{FIND}?program={program}", lang=lang, viewport=PHONE)
    page.locator(".kb-find__bar").wait_for()
    assert shown(page) == set(matching(data, {"program": {program}}))
    assert page.locator(".kb-find__facets").is_hidden() and page.locator(".kb-find__badge").inner_text() == "1"
    page.screenshot(path=screenshot_dir / f"{lang}-case-find-{PHONE['width']}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_without_javascript_every_story_is_listed(browser, site, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(FIND, lang))
        assert page.locator("#kb-find").is_hidden()
        assert shown(page) == {c["id"] for c in data_of(site, lang)["cases"]}
    finally:
        context.close()
