"""Material's search in each language finds pages for simple queries.

The search box takes the query from `?q=...` once its index has loaded (typing before that is
ignored). Only that search works is tested here; ranking and Korean-specific quality
(particles, compound nouns) are measured in test_korean_search.py.
"""

from __future__ import annotations

import pytest
from browser_helpers import search_results

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
