"""What the index adds to Material's sections: page kinds and their weight, record fields, synonyms.

- Page kinds: a record page (a programme or a success story) is what a searcher wants, so lists,
  tags and the site's own pages are weighted far below it, and the manuals for contributors and
  open-data users (EXCLUDED_PAGES) are left out of the search. A story weighs less than a
  programme (STORY_WEIGHT) unless the query names its company or what came of it: the worker
  restores its weight then (`story_names` below, docs/dev/search.md "The kind rule"). Each result
  shows its kind (SHOWN_KIND) as a label.
- Record fields: `kb-fields.json` (generator.search.fields) gives each record page its summary,
  shown as its snippet, and the text of its weighted fields and places, indexed with its title.
- Synonyms: a doc that has an entry of a group of site_config/synonyms.yaml gets one term for the
  group (`group_term`, "#3#": no query word can be it), not the group's words, so that the index
  grows with the records and not with the groups' size; the stub carries each group's entries,
  and the worker looks a query word (or phrase) that is an entry up under its group's term and
  the group's other words (`SynonymExpander`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from .fields import FIELDS_FILE

# The contributor and open-data manuals explain the site, not the programmes: their example ids
# and field names would outrank the records for "export" or "Korean partner".
EXCLUDED_PAGES = frozenset({"contributing/", "open-data/"})
#: A success story weighs this much of a programme, for a query that names neither its company nor
#: what came of it: a searcher who types a topic ("수출 멘토링", "sell in Europe") wants the scheme to
#: apply to first, and the stories of those who did next. The worker gives a story that the query
#: names the weight of a programme (search-worker.js, `namedStory`).
STORY_WEIGHT = 0.6
KIND_BOOST = {"program": 1.0, "case": STORY_WEIGHT, "call": 0.25, "list": 0.25, "manual": 0.15}
#: The kind a result says it is (its label: `search_kind_<kind>` of site_config/strings.yaml).
SHOWN_KIND = {"program": "program", "case": "case", "call": "call", "list": "page", "manual": "page"}
# The finders and the comparison list every record's summary: lists, not records (the story
# finder sits at cases/find/, where a story's page would be).
_LIST = re.compile(r"(?:|programs/|cases/|find/|cases/find/|compare/|tags/(?:[^/#]+/)?)")
_PROGRAM = re.compile(r"programs/[^/#]+/")
_CASE = re.compile(r"cases/[^/#]+/")
# Calls have no pages of their own: the calls open or upcoming and the archive of closed ones list
# them (a section per week or year), and each programme page has a section of its calls.
_CALLS = re.compile(r"calls/|calls-archive/")


def page_of(location: str) -> str:
    """The page part of a doc's location (`programs/asti/#overview` -> `programs/asti/`)."""
    return location.split("#", 1)[0]


def page_kind(location: str) -> str:
    """`program`, `case` (a success story), `call` (the lists of calls), `list` (home, record lists,
    finders, compare, tags) or `manual` (the site's own pages)."""
    page = page_of(location)
    if _LIST.fullmatch(page):
        return "list"
    if _PROGRAM.fullmatch(page):
        return "program"
    if _CASE.fullmatch(page):
        return "case"
    return "call" if _CALLS.fullmatch(page) else "manual"


def is_searchable(location: str) -> bool:
    """False for the pages left out of the public search."""
    return page_of(location) not in EXCLUDED_PAGES


def read_fields(search_dir: Path) -> dict:
    """The record fields that MkDocs copied beside Material's index (none when there are none).

    `make serve` writes a changed index in a staging folder inside the site (see
    mkdocs_adapter/preview.py), so the site's own copy is read when the folder has none; the file
    stays in the site for that reason.
    """
    name = Path(FIELDS_FILE).name
    for path in (search_dir / name, search_dir.parent.parent / "search" / name):
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return {"pages": {}, "synonyms": []}


class SynonymExpander:
    """Finds the synonym groups a doc has an entry of; `terms(...)` gives every term they add."""

    def __init__(self, groups: Sequence[Sequence[str]], split, normalise):
        self.words = [[split(entry) for entry in group] for group in groups]
        self._single: dict[str, set[int]] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for g, entries in enumerate(self.words):
            for entry in entries:
                norm = tuple(normalise(w) for w in entry)
                if len(norm) == 1:
                    self._single.setdefault(norm[0], set()).add(g)
                elif norm:
                    self._phrases.setdefault(norm[0], []).append((norm, g))

    def groups_in(self, terms: Iterable[str], normalised_words: Sequence[str]) -> set[int]:
        """Groups with an entry among a doc's terms, or (a phrase) among its words side by side."""
        found = {g for term in terms for g in self._single.get(term, ())}
        if self._phrases:
            for i, word in enumerate(normalised_words):
                for phrase, g in self._phrases.get(word, ()):
                    if tuple(normalised_words[i : i + len(phrase)]) == phrase:
                        found.add(g)
        return found

    def query_groups(self, normalise) -> list[list[str]]:
        """For the worker: every group's entries, normalised, a phrase's words joined by a space.

        The list is in the groups' order: group `g` is indexed under `group_term(g)`.
        """
        return [sorted({" ".join(normalise(w) for w in entry) for entry in entries if entry}) for entries in self.words]


#: The index term of synonym group `g`: `#` is no part of a word (`words` in index.py), so no query
#: word prefix-matches it, and the closing `#` keeps `#1#` from prefix-matching `#12#`.
SYNONYM_TERM = "#{}#"


def group_term(group: int) -> str:
    """The one index term a doc gets for a synonym group it has an entry of."""
    return SYNONYM_TERM.format(group)


def enrich_docs(docs: Sequence, fields: dict) -> list:
    """The searchable docs, each with its page kind's boost and shown kind; a record page's first doc
    with its fields (a story's also with what names it)."""
    pages = fields.get("pages", {})
    out = []
    for doc in docs:
        if not is_searchable(doc.location):
            continue
        kind = page_kind(doc.location)
        doc = dataclasses.replace(doc, boost=KIND_BOOST[kind], kind=SHOWN_KIND[kind])
        record = pages.get(doc.location)  # a page's first doc is located at the page itself
        if record:
            marked = " · ".join([record["summary"], record["fields"], *record["places"]])
            doc = dataclasses.replace(doc, fields=marked, shown=record["summary"], names=story_names(record))
        out.append(doc)
    return out


def story_names(record: dict) -> tuple[str, str, str] | None:
    """A story's company name, what came of it (what it makes, its outcomes) and its places, as
    kb-fields.json gives them; None for a programme. The index leaves the places out of the outcome
    words: a market ("sell in Europe") is as much where a programme helps."""
    if "company" not in record:
        return None
    return record["company"], record["outcomes"], " ".join(record["places"])
