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
