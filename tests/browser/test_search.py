"""Material's search in each language finds pages for simple queries.

The search box takes the query from `?q=...` once its index has loaded (typing before that is
ignored). Only that search works is tested here; ranking and Korean-specific quality
(particles, compound nouns) are measured in test_korean_search.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from browser_helpers import search_results

from bench.search_bench import run_relevance_set

KISTI = "programs/kisti-knowledge-mentoring/"


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ko", "KISTI", KISTI),
        ("ko", "지식멘토링", KISTI),
        ("en", "mentoring", KISTI),
        ("en", "Charmcare", "cases/charmcare-france-supply/"),
    ],
)
def test_search_finds_the_page(open_page, site, lang, query, expected):
    page = open_page(f"?q={query}", lang=lang)
    assert site.url(expected, lang) in search_results(page)  # found; ranking is tested elsewhere


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_search_stays_within_its_language(open_page, site, lang):
    page = open_page("?q=KISTI", lang=lang)
    results = search_results(page)
    assert results
    english = [url for url in results if url.startswith(site.url("", "en"))]
    assert english == (results if lang == "en" else [])


# --- relevance: tests/search_relevance.yaml through the real worker, and what the results show -----

RELEVANCE = yaml.safe_load((Path(__file__).parent.parent / "search_relevance.yaml").read_text(encoding="utf-8"))
RELEVANCE_GOAL = 0.95

# The first result groups of one query through the real worker: [[location, title, text]] per item.
FIRST_GROUPS = """async (query) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const index = await (await fetch(new URL("search/search_index.json", new URL(config.base, location.href)))).json()
  const worker = new Worker(config.search)
  const ask = message => new Promise(resolve => {
    worker.onmessage = event => resolve(event.data)
    worker.postMessage(message)
  })
  await ask({ type: 0, data: { ...index, options: {} } })
  const reply = await ask({ type: 2, data: query })
  worker.terminate()
  return reply.data.items.slice(0, 5).map(group => group.map(item => [item.location, item.title, item.text]))
}"""


def test_relevance_set_is_large_enough_and_well_formed():
    spec = dict(RELEVANCE)
    assert spec.pop("top") == 3 and set(spec) == {"ko", "en"}
    assert len(spec["ko"]) + len(spec["en"]) >= 60
    for queries in spec.values():
        for query in queries:
            assert set(query) == {"q", "page", "why"}, query


def test_relevance_set_top_3_rate(browser, site, capsys):
    spec = dict(RELEVANCE)
    top = spec.pop("top")
    figures = run_relevance_set(browser, site.base_url, spec, top)
    with capsys.disabled():
        print(
            f"\nsearch relevance (top {top}, Chromium): {figures['met']}/{figures['queries']} = {figures['rate']:.1%}"
        )
        for miss in figures["misses"]:
            print(f"  {miss}")
    assert figures["rate"] >= RELEVANCE_GOAL, "\n".join(figures["misses"])


@pytest.mark.parametrize(
    ("lang", "query", "first_three"),
    [
        ("en", "Korean partner", ["programs/eureka-network-projects/"]),  # Korea's joint calls with partners abroad
        ("ko", "유럽 수출", ["programs/enterprise-europe-network/"]),
        ("ko", "네덜란드 상용화", ["programs/tno-sbir/"]),
        ("ko", "성과리포트", ["programs/kisti-knowledge-mentoring/"]),
        ("en", "Europe drone", ["cases/robin-radar-drone-detection/"]),
    ],
)
def test_records_come_first_and_manuals_never_show(open_page, lang, query, first_three):
    page = open_page("", lang=lang)
    groups = page.evaluate(FIRST_GROUPS, query)
    pages = [group[0][0].split("#")[0] for group in groups]
    assert set(first_three) <= set(pages[:3]), pages
    assert not {"contributing/", "open-data/"} & set(pages)
    assert all(p.startswith(("programs/", "cases/")) and p.count("/") == 2 for p in pages[: len(first_three)]), pages


@pytest.mark.parametrize(("lang", "query"), [("en", "export"), ("ko", "수출"), ("en", "Netherlands SBIR")])
def test_a_records_snippet_is_its_summary_without_interface_text(open_page, lang, query):
    page = open_page("", lang=lang)
    groups = page.evaluate(FIRST_GROUPS, query)
    shown = [re.sub(r"<[^>]*>", "", group[0][2]) for group in groups if group[0][0].startswith(("programs/", "cases/"))]
    assert shown
    for text in shown:
        assert not re.search(
            r"Add to comparison|Item Details|비교 목록에 추가|항목 내용|check with the operator|확인하세요", text
        ), text
        assert "-->" not in text and "graph " not in text, text


# --- the kind rule (docs/dev/search.md): a programme first for a topic, a story for its company ------


@pytest.mark.parametrize(
    ("lang", "query", "kind"),
    [
        ("ko", "수출 멘토링", "programs/"),  # a topic: no company, no outcome
        ("en", "sell in Europe", "programs/"),
        ("en", "export mentoring", "programs/"),
    ],
)
def test_a_topic_finds_a_programme_before_any_story(open_page, lang, query, kind):
    page = open_page("", lang=lang)
    pages = [group[0][0].split("#")[0] for group in page.evaluate(FIRST_GROUPS, query)]
    assert pages[0].startswith(kind) and pages[0].count("/") == 2, pages
    stories = [i for i, p in enumerate(pages) if p.startswith("cases/") and p.count("/") == 2]
    programmes = [i for i, p in enumerate(pages) if p.startswith("programs/") and p.count("/") == 2]
    assert not stories or programmes[0] < stories[0], pages


@pytest.mark.parametrize(
    ("lang", "query", "story"),
    [
        ("ko", "참케어", "cases/charmcare-france-supply/"),  # a company's name
        ("en", "Charmcare", "cases/charmcare-france-supply/"),
        ("en", "Qualcomm", "cases/qualcomm-sbir-hall-of-fame/"),
        ("ko", "로빈 레이더", "cases/robin-radar-drone-detection/"),
    ],
)
def test_a_company_finds_its_story_first(open_page, lang, query, story):
    page = open_page("", lang=lang)
    groups = page.evaluate(FIRST_GROUPS, query)
    assert groups[0][0][0].split("#")[0] == story, [group[0][0] for group in groups]


# Each result group's page and the kind label Material shows on it, as the search box lists them.
SHOWN_KINDS = """() => [...document.querySelectorAll(".md-search-result__item")].map(item => [
  item.querySelector("a.md-search-result__link").href.split("#")[0].split("?")[0],
  [...item.querySelectorAll(".md-tag")].map(tag => tag.textContent.trim()),  // only the page's own result has one
])"""


@pytest.mark.parametrize(
    ("lang", "query", "labels"),
    [
        ("ko", "수출 멘토링", {"programs/": "프로그램", "cases/": "성공 사례"}),
        ("en", "export mentoring", {"programs/": "Programme", "cases/": "Success story"}),
        ("ko", "지난 공고", {"calls": "공고"}),  # the archive of calls
        ("en", "past calls", {"calls": "Call"}),
    ],
)
def test_a_result_shows_its_kind_in_the_pages_language(open_page, site, lang, query, labels):
    page = open_page(f"?q={query}", lang=lang)
    search_results(page)
    shown = page.evaluate(SHOWN_KINDS)
    root = site.url("", lang)
    found = {}
    for href, tags in shown:
        location = href.removeprefix(root)
        for prefix in labels:
            if location.startswith(prefix) and location.count("/") == (2 if prefix.endswith("/") else 1):
                found.setdefault(prefix, set()).update(tags)
        assert len(tags) <= 1, (href, tags)  # one label a result: its kind
    assert {prefix: {label} for prefix, label in labels.items()} == found, shown
