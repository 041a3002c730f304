"""The lean search index kept up to date page by page, for the preview of `make serve`.

`build_index` analyses every doc of a language each time (seconds at 3,000 records). A preview
changes a few pages per edit, so `LiveIndex` keeps, per page, what is costly to redo: its docs
(plain text, enriched with the record's fields) and their analysed terms (`DocTerms`). Given the
current pages in order, it analyses again only the pages whose Material entries or record fields
changed (and of those, only the docs that changed: a list page has a section per record),
then assembles the files with the same functions as `build_index`: the same docs give
the same bytes (the weights use the new average doc length; the doc numbers follow the pages).
`changed_files` says which files differ from those served before, so that the rest need not be
written again. Nothing here imports MkDocs.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from .enrich import enrich_docs
from .index import (
    Analyser,
    Doc,
    DocTerms,
    analyse_docs,
    index_files,
    material_doc,
    page_file,
    shard_file,
    synonym_expander,
)


@dataclasses.dataclass(frozen=True)
class _Page:
    """What one page gave the index: from which entries and record fields, its docs and their terms."""

    entries: list[dict]
    records: list[dict | None]  # the record fields of each entry's location (a record page's first)
    plain: list[Doc]  # of each entry, as Material gave it
    docs: list[Doc]  # as searched (enriched; pages left out of search have none)
    analysed: list[DocTerms]


class LiveIndex:
    """One language's lean index, updated from the pages that changed since the last `update`."""

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser
        self.analysed_pages = 0  # pages the last update made again (the others were kept)
        self.analysed_docs = 0  # docs of theirs it analysed (the others were as before)
        self._pages: dict[str, _Page] = {}
        self._synonyms: list | None = None
        self._page_files = _Files(page_file, tuple)  # a page's docs -> p/<i>.json
        self._shard_files = _Files(shard_file, tuple)  # a shard's terms and postings -> t/<k>.json, by its terms

    def update(self, config: dict, pages: Mapping[str, Sequence[dict]], fields: dict | None) -> dict[str, bytes]:
        """The index files (as `build_index` gives them) of `pages`: page URL -> Material's entries, in page order."""
        fields = fields or {}
        if fields.get("synonyms", []) != self._synonyms:  # every page's synonym terms may change
            self._synonyms, self._pages = fields.get("synonyms", []), {}
        expander = synonym_expander(fields)
        records = fields.get("pages", {})
        stale = {}
        for url, entries in pages.items():
            kept = self._pages.get(url)
            key = [records.get(entry["location"]) for entry in entries]
            if kept is None or kept.entries != list(entries) or kept.records != key:
                stale[url] = copy.deepcopy((list(entries), key))  # kept as they are now, even if changed in place
        self._analyse(stale, fields, expander)
        self._pages = {url: self._pages[url] for url in pages}
        docs = [doc for page in self._pages.values() for doc in page.docs]
        analysed = [terms for page in self._pages.values() for terms in page.analysed]
        return self._assemble(config, docs, analysed, expander, fields.get("kinds", {}))

    def _analyse(self, stale: dict[str, tuple[list[dict], list]], fields: dict, expander) -> None:
        """Make the docs of the stale pages; analyse, in one batch, those their previous versions did not have."""
        old = [self._pages[url] for url in stale if url in self._pages]
        plain = {_source(e): doc for page in old for e, doc in zip(page.entries, page.plain, strict=True)}
        known = {doc: terms for page in old for doc, terms in zip(page.docs, page.analysed, strict=True)}
        made = {url: [plain.get(_source(e)) or material_doc(e) for e in entries] for url, (entries, _) in stale.items()}
        docs = {url: enrich_docs(made[url], fields) for url in stale}
        new = list(dict.fromkeys(doc for page in docs.values() for doc in page if doc not in known))
        known.update(zip(new, analyse_docs(new, self.analyser, expander), strict=True))
        for url, (entries, key) in stale.items():
            self._pages[url] = _Page(entries, key, made[url], docs[url], [known[doc] for doc in docs[url]])
        self.analysed_pages, self.analysed_docs = len(stale), len(new)

    def _assemble(self, config: dict, docs: list[Doc], analysed: list[DocTerms], expander, kinds) -> dict[str, bytes]:
        """The files; a page or shard file is encoded again only when its content changed."""
        self._page_files.start()
        self._shard_files.start()
        return index_files(config, docs, analysed, expander, self._page_files, self._shard_files, kinds=kinds)


class _Files:
    """Encodes files, keeping from one update to the next the bytes of each (by `key`) until its value changes."""

    def __init__(self, encode: Callable[[Any], bytes], key: Callable[[Any], Hashable]) -> None:
        self._encode, self._key = encode, key
        self._kept: dict[Hashable, tuple[Any, bytes]] = {}
        self._used: dict[Hashable, tuple[Any, bytes]] = {}

    def __call__(self, value: Any) -> bytes:
        key = self._key(value)
        kept = self._kept.get(key)
        if kept is None or kept[0] != value:
            kept = (value, self._encode(value))
        self._used[key] = kept
        return kept[1]

    def start(self) -> None:
        """An update begins: keep what the last one encoded, and only that."""
        self._kept, self._used = self._used, {}


def _source(entry: dict) -> tuple:
    """What `material_doc` reads of an entry of Material's index."""
    return entry["location"], entry.get("title", ""), entry.get("text", ""), entry.get("boost", 1)


def changed_files(files: Mapping[str, bytes], before: Mapping[str, bytes] | None) -> set[str]:
    """The paths in `files` whose bytes are not those of `before` (all of them when there is none)."""
    before = before or {}
    return {path for path, data in files.items() if before.get(path) != data}
