"""Search quality, Python side: the built index holds every query word on the page it must find.

tests/search_queries.yaml lists queries with the page each must bring up in the top 5. The
ranking itself runs in the browser's search worker and is measured in Chromium by
tests/browser/test_korean_search.py; this fast check proves the index side: for every query,
each word, as typed or stripped of its Korean particle or English ending, or under its synonym
group's other words and term (the worker's forms), prefix-matches an index term that has a posting on the expected page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.search.enrich import group_term
from generator.search.index import QUERY_ENDINGS, english_stem, normalise, words

QUERIES_FILE = Path(__file__).parent / "search_queries.yaml"
QUERIES: dict[str, list[dict]] = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
HANGUL = re.compile(r"[\uac00-\ud7a3]")
GOAL = 0.95


def query_forms(word: str) -> list[str]:
    """The forms the search worker looks up for one query word (see search-worker.js)."""
    raw = normalise(word)
    if not HANGUL.search(raw):
        return [raw, english_stem(raw)]
    for ending in QUERY_ENDINGS:
        if raw.endswith(ending) and len(raw) - len(ending) >= (1 if len(ending) > 1 else 2):
            return [raw, raw[: -len(ending)]]
    return [raw]


class LanguageIndex:
    """One language's lean index, read from the built site."""

    def __init__(self, search_dir: Path):
        self.pages = json.loads((search_dir / "kb/pages.json").read_text(encoding="utf-8"))
        kb = json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))["config"]["kb"]
        # As the worker reads them: a one-word entry looks up its group's other words and the group's term.
        self.synonyms = {
            entry: [*(other for other in group if other != entry and " " not in other), group_term(g)]
            for g, group in enumerate(kb["synonyms"])
            for entry in group
            if " " not in entry
        }
        self.terms: dict[str, set[int]] = {}
        for shard in (search_dir / "kb/t").glob("*.json"):
            for term, deltas in json.loads(shard.read_text(encoding="utf-8")).items():
                value, docs = 0, set()
                for delta in deltas:
                    value += delta
                    docs.add(value >> 5)  # doc * 32 + weight * 4 + level
                self.terms[term] = docs

    def page_docs(self, location: str) -> set[int]:
        """Doc numbers of one page (the page and its sections)."""
        first = 0
        for page_location, _, count, *_ in self.pages:
            if page_location == location:
                return set(range(first, first + count))
            first += count
        raise KeyError(location)

    def word_on_page(self, word: str, docs: set[int]) -> bool:
        """True if a form of `word` prefix-matches a term that one of `docs` carries."""
        forms = query_forms(word)
        forms += [other for form in forms for other in self.synonyms.get(form, ())]
        return any(term.startswith(form) and self.terms[term] & docs for form in forms for term in self.terms)


@pytest.fixture(scope="module")
def indexes(built_project) -> dict[str, LanguageIndex]:
    """The Korean and English indexes of the session's built site."""
    site = built_project.site_dir
    return {"ko": LanguageIndex(site / "search"), "en": LanguageIndex(site / "en" / "search")}


def test_query_set_is_large_enough_and_well_formed():
    assert set(QUERIES) == {"ko", "en"}
    assert len(QUERIES["ko"]) + len(QUERIES["en"]) >= 40
    for lang, queries in QUERIES.items():
        assert len(queries) >= 20, lang
        for query in queries:
            assert set(query) == {"q", "page", "why"}, query
            assert words(str(query["q"])), query


def test_every_expected_page_exists(indexes):
    for lang, queries in QUERIES.items():
        for query in queries:
            indexes[lang].page_docs(query["page"])


def test_index_holds_every_query_word_on_its_page(indexes, capsys):
    misses = []
    total = 0
    for lang, queries in QUERIES.items():
        for query in queries:
            total += 1
            docs = indexes[lang].page_docs(query["page"])
            missing = [w for w in words(str(query["q"])) if not indexes[lang].word_on_page(w, docs)]
            if missing:
                misses.append(f"{lang} {query['q']!r} -> {query['page']}: {', '.join(missing)} not indexed there")
    rate = (total - len(misses)) / total
    with capsys.disabled():
        print(f"\nsearch index recall: {total - len(misses)}/{total} queries = {rate:.1%}")
        for miss in misses:
            print(f"  {miss}")
    assert rate >= GOAL, "\n".join(misses)
