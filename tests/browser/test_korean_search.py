"""The header search with our worker (search-worker.js), in Chromium, in both languages.

`test_query_set_hit_rate` runs every query of tests/search_queries.yaml through the real worker
with the stub index Material itself would hand it (SETUP, then QUERY), and asserts that at
least 95 % bring up their page in the top 5. Most others drive Material's UI: typing in the
header, the result list, Enter, the highlighting on the opened page, and the keyboard; the last
one hands the worker a tiny index of its own, to check which shards a query fetches.
Screenshots go to $BROWSER_SCREENSHOT_DIR if set, else a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from browser_helpers import search_results

from bench.search_bench import RUN_QUERIES  # asks the worker as Material's bundle does

QUERIES = yaml.safe_load((Path(__file__).parent.parent / "search_queries.yaml").read_text(encoding="utf-8"))
GOAL = 0.95
KISTI = "programs/kisti-knowledge-mentoring/"


def type_query(page, query: str) -> None:
    """Click the header's search box and type, as a visitor does.

    Playwright inserts Hangul as text, without the key events that a real keyboard (or IME)
    sends, and Material reads the box on `keyup`: a final End key gives it one.
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    box.press("End")


def test_query_set_hit_rate(open_page, capsys):
    total, misses = 0, []
    for lang, queries in QUERIES.items():
        page = open_page("", lang=lang)
        found = page.evaluate(RUN_QUERIES, [str(q["q"]) for q in queries])
        for query, pages in zip(queries, found, strict=True):
            total += 1
            if query["page"] not in pages[:5]:
                misses.append(f"{lang} {query['q']!r}: wanted {query['page']}, got {pages[:5]}")
    rate = (total - len(misses)) / total
    with capsys.disabled():
        print(f"\nsearch hit rate (top 5, Chromium): {total - len(misses)}/{total} = {rate:.1%}")
        for miss in misses:
            print(f"  {miss}")
    assert rate >= GOAL, "\n".join(misses)


@pytest.mark.parametrize(
    ("lang", "query", "expected", "marked"),
    [
        ("ko", "멘토링을", KISTI, "멘토링"),
        ("ko", "플랫폼", "programs/european-technology-platforms/", "플랫폼"),
        ("en", "Netherlands", "programs/nl-sbir-rvo/", "Dutch"),  # Dutch: of the synonym group of Netherlands
    ],
)
def test_typing_in_the_header_shows_the_page_first(open_page, site, screenshot_dir, lang, query, expected, marked):
    page = open_page("", lang=lang)
    type_query(page, query)
    search_results(page)
    # The results of a part of the query ("Netherl") may still be shown while the whole one is worked
    # out: wait (up to 10 s) for the list to settle on the expected page, then check it.
    first_link = ".md-search-result__item > a.md-search-result__link"
    want = site.url(expected, lang)
    page.wait_for_function(
        "([selector, want]) => { const a = document.querySelector(selector);"
        " return a !== null && a.href.split('#')[0].split('?')[0] === want; }",
        arg=[first_link, want],
        timeout=10_000,
    )
    assert search_results(page)[0] == want
    first = page.locator(".md-search-result__item").first
    assert marked.lower() in [m.lower() for m in first.locator("mark").all_inner_texts()]
    page.screenshot(path=screenshot_dir / f"search-{lang}-{expected.strip('/').replace('/', '-')}.png")


def test_enter_opens_the_best_result_and_highlights_the_stem(open_page, site):
    page = open_page("")
    type_query(page, "멘토링을")
    search_results(page)
    with page.expect_navigation():
        page.locator("input.md-search__input").press("Enter")
    assert page.url.startswith(site.url(KISTI))
    assert "멘토링" in page.locator("article mark[data-md-highlight]").first.inner_text()


def test_arrow_keys_move_through_the_results(open_page):
    page = open_page("")
    type_query(page, "네덜란드의")
    search_results(page)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result') !== null")
    assert focused


def test_a_query_with_no_match_says_so(open_page):
    page = open_page("", lang="en")
    type_query(page, "zqxjv")
    none = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations")
    meta = page.locator(".md-search-result__meta")
    meta.wait_for(state="visible")
    page.wait_for_function(
        "(text) => document.querySelector('.md-search-result__meta').textContent === text",
        arg=none["search.result.none"],
    )
    assert page.locator(".md-search-result__item").count() == 0


def test_search_fetches_only_our_index_parts(open_page):
    page = open_page("")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    type_query(page, "디트로이트")
    search_results(page)
    search = [url for url in requested if "/search/" in url or "/workers/" in url or "lunr" in url]
    assert search and all("/search/kb/" in url for url in search), search
    assert len([url for url in search if "/search/kb/p/" in url]) <= 10


# A tiny index whose terms starting with "ab" fill three shards: a word's prefix can run over
# several shards, and the worker must fetch all of them (and no other) with the first query.
TINY_KB = {
    "t/0.json": {"ab": [0 * 32 + 7 * 4 + 2]},  # doc * 32 + weight * 4 + level (2: title), delta-encoded
    "t/1.json": {"abc": [1 * 32 + 7 * 4]},
    "t/2.json": {"abd": [2 * 32 + 7 * 4]},
    "t/3.json": {"be": [0 * 32 + 4, (2 - 0) * 32]},
    "pages.json": [["a/", "Ab", 1, 1.0], ["b/", "Abc page", 1, 1.0], ["c/", "Abd page", 1, 1.0]],
    "p/0.json": [["a/", "Ab", "ab be"]],
    "p/1.json": [["b/", "Abc page", "abc"]],
    "p/2.json": [["c/", "Abd page", "abd be"]],
}
TINY_STUB = {
    "config": {
        "lang": ["en"],
        "kb": {
            "version": "tiny",
            "docs": 3,
            "terms": 4,
            "shards": ["ab", "abc", "abd", "be"],
            "endings": [],
            "english": {"suffixes": [], "min_stem": 3, "unstemmed": []},
        },
    },
    "docs": [],
}


def test_a_prefix_over_several_shards_fetches_each_of_them_once(open_page):
    page = open_page("", lang="en")
    fetched: list[str] = []

    def serve_tiny(route) -> None:
        path = route.request.url.split("?")[0]
        if path.endswith("/search/search_index.json"):
            route.fulfill(json=TINY_STUB)
            return
        name = path.split("/search/kb/")[1]
        fetched.append(name)
        route.fulfill(json=TINY_KB[name])

    page.route(lambda url: "/search/search_index.json" in url or "/search/kb/" in url, serve_tiny)
    found = page.evaluate(RUN_QUERIES, ["abd", "ab", "be"])
    assert found[0] == ["c/"]
    assert sorted(found[1]) == ["a/", "b/", "c/"] and found[1][0] == "a/"  # the exact term, in a title
    assert sorted(found[2]) == ["a/", "c/"]
    shards = [name for name in fetched if name.startswith("t/")]
    assert shards[0] == "t/2.json" and sorted(shards[1:3]) == ["t/0.json", "t/1.json"], fetched
    assert shards[3:] == ["t/3.json"], fetched  # asked for by "be" only, never by "ab"
    assert fetched.count("pages.json") == 1
