"""A lean, Korean-aware search index written after MkDocs has built one language of the site.

Material's search plugin extracts every page section into `search/search_index.json`, which its
lunr worker would download whole and index in the browser (for 3,000 pages: 11.7 MB, 4.7 s,
415 MB). `write_search_index(site_dir)` reads those sections and writes, under `search/kb/`:

- `t/<k>.json`: term shards, each a run of terms in sorted order (the stub lists the first term
  of each), mapping a term to its postings: ascending `doc * 32 + weight * 4 + level` (level 2:
  in the title, 1: in a record's weighted fields, 0: in the text), delta-encoded;
- `pages.json`: `[location, title, number of docs, boost, kind]` per page, in document order
  (`kind`: what its result says it is, labelled by the stub's `kinds`);
- `p/<i>.json`: `[location, title, text]` for each doc (section) of page `i`, fetched only when
  that page is among the top results (a record page's first doc shows its summary; a story's
  first doc adds `[company words, outcome words]`, by which the worker sees that a query names it).

Which pages are searched and how much each kind weighs, the record fields and the synonyms of
site_config/synonyms.yaml are added by generator.search.enrich.

It then replaces `search/search_index.json` with a stub that keeps Material's `config` (the UI
still reads it) plus a `kb` entry for our worker, and no docs, so the browser loads only the
shards a query needs (the worker fetches pages.json with the first query, not on page load).
Korean words are analysed with kiwipiepy: one batch call over the unique words (dozens of times
faster than analysing whole texts; bench.search_bench measures both), cached for the life
of the process. Indexed
terms: the word itself, the word without its particles or endings, verb stems, and for compound
nouns every suffix that starts at a morpheme boundary (한국생산기술연구원 -> 생산기술연구원,
기술연구원, 연구원). English words are lower-cased and lightly stemmed. Nothing here imports MkDocs;
the same docs always give the same bytes. `build_index` is two steps: `analyse_docs` (each doc's
terms, independent of the others) and `index_files` (doc numbers, weights against the average
length, the files); the preview's `generator.search.live.LiveIndex` redoes the first for changed
docs only.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import json
import operator
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, groupby, islice
from pathlib import Path

from .enrich import SynonymExpander, enrich_docs, group_term, read_fields

KB_DIR = "kb"
MAX_STORED_TEXT = 1000  # characters of a section's text kept for result snippets
# Bounds that keep the index linear in the text: a run of nouns has a suffix term per morpheme,
# so one 30,000-character compound would otherwise add gigabytes. Nobody types a longer query
# word (the worker cuts query words to the same length), and real words have far fewer terms.
MAX_TERM_CHARS = 32  # longer terms are cut to their first 32 characters
MAX_TERMS_PER_WORD = 24  # the word, its stem, then the first stems and suffixes in the word
MAX_ANALYSED_CHARS = 256  # of a longer word kiwi sees only the start: the kept terms all come from there
MAX_TERMS_PER_DOC = 20_000  # distinct terms of one section, in the order they first occur
TARGET_SHARD_BYTES = 32_000
BM25_K1, BM25_B = 1.2, 0.75

# Particles and endings that the search worker strips from Korean query words (the first that
# fits wins, so they are sorted longest first). They travel to the worker inside the stub's
# config, so this is their one home.
_ENDINGS = (
    "에서부터",
    "으로부터",
    "로부터",
    "에게서",
    "한테서",
    "에서는",
    "에서도",
    "에서의",
    "으로는",
    "으로도",
    "으로서",
    "으로써",
    "으로의",
    "이라는",
    "이라고",
    "까지는",
    "까지도",
    "부터는",
    "에게는",
    "에게도",
    "에서",
    "에게",
    "한테",
    "께서",
    "까지",
    "부터",
    "마저",
    "조차",
    "처럼",
    "보다",
    "만큼",
    "마다",
    "밖에",
    "으로",
    "와는",
    "과는",
    "와의",
    "과의",
    "에는",
    "에도",
    "에의",
    "로는",
    "로도",
    "로서",
    "로써",
    "로의",
    "라는",
    "라고",
    "이며",
    "이고",
    "이나",
    "이란",
    "이랑",
    "이다",
    "입니다",
    "했습니다",
    "합니다",
    "됩니다",
    "하는",
    "하고",
    "하며",
    "하여",
    "해서",
    "하기",
    "하면",
    "한다",
    "했다",
    "하다",
    "되는",
    "되어",
    "된다",
    "받는",
    "받은",
    "적인",
    "적으로",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "도",
    "만",
    "와",
    "과",
    "로",
    "나",
    "랑",
    "께",
    "들",
    "한",
    "된",
)
QUERY_ENDINGS = tuple(sorted(_ENDINGS, key=len, reverse=True))

_WORD = re.compile(r"[^\W_]+(?:[&.,][^\W_]+)*")
_DIGIT_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# kiwi tags that make up (compound) nouns: nouns, numbers, foreign words, roots, noun affixes
_NOUNISH = frozenset({"NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XR", "XPN", "XSN"})
_VERBISH = frozenset({"VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R"})
# The light English stemmer: its rules, tried in order; the shortest stem it leaves; the endings of
# words it leaves alone. Like the Korean endings they travel to the worker inside the stub's config.
_EN_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_EN_MIN_STEM = 3
_EN_UNSTEMMED = ("ss", "us", "is")


@dataclasses.dataclass(frozen=True)
class Doc:
    """One searchable unit, as Material's search plugin extracts it: a page or one of its sections."""

    location: str
    title: str
    text: str
    boost: float = 1.0  # set by the page's kind (enrich.KIND_BOOST)
    fields: str = ""  # a record page's weighted fields (summary, operator, markets, ...), indexed as such
    shown: str | None = None  # the snippet text when it is not `text` (a record page: its summary)
    kind: str = "page"  # the kind its result says it is (enrich.SHOWN_KIND)
    names: tuple[str, str, str] | None = None  # a story's company, what came of it, places (enrich.story_names)


@dataclasses.dataclass(frozen=True)
class IndexStats:
    """What one `write_search_index` wrote."""

    docs: int
    pages: int
    terms: int
    shards: int
    index_bytes: int  # shards + pages.json + stub: what search needs before any result is shown
    total_bytes: int  # everything under search/, page files included


def plain_text(markup: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, white space collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def words(text: str) -> list[str]:
    """The words of a text: runs of letters and digits, joined by `&`, `.` or `,` (`1,000대`, `R&D`)."""
    return _WORD.findall(text)


def is_korean(word: str) -> bool:
    """True for a word with Hangul in it (analysed by kiwipiepy)."""
    return _HANGUL.search(word) is not None


def normalise(term: str) -> str:
    """The index form of a term: lower case, no thousands separators."""
    return _DIGIT_COMMA.sub("", term.lower())


def english_stem(word: str) -> str:
    """A light stemmer for lower-case English: plural and -ing/-ed endings only."""
    if word.endswith(_EN_UNSTEMMED):
        return word
    for suffix, replacement in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _EN_MIN_STEM:
            return word[: -len(suffix)] + replacement
    return word


@functools.cache
def load_kiwi():
    """The kiwipiepy analyser, loaded once per process."""
    from kiwipiepy import Kiwi  # imported late: loading its model takes seconds

    # The typo and multi-word dictionaries serve typo correction and phrases, which analysing
    # single words never uses; without them the model loads in about a third of the time.
    return Kiwi(load_typo_dict=False, load_multi_dict=False)


class Analyser:
    """Turns words into index terms; Korean through kiwipiepy, with a cache of analysed words."""

    def __init__(self, kiwi=None):
        self._kiwi = kiwi
        self._cache: dict[str, tuple[str, ...]] = {}

    def terms_of(self, unique_words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Index terms of each word (analysing in one batch the Korean words not seen before)."""
        unique = sorted(set(unique_words))
        new_korean = [w for w in unique if w not in self._cache and is_korean(w)]
        if new_korean:
            kiwi = self._kiwi or load_kiwi()
            heads = [word[:MAX_ANALYSED_CHARS] for word in new_korean]
            for word, tokens in zip(new_korean, kiwi.tokenize(heads), strict=True):
                self._cache[word] = korean_terms(word, tokens)
        for word in unique:
            if word not in self._cache:
                self._cache[word] = latin_terms(word)
        return {word: self._cache[word] for word in unique}


def latin_terms(word: str) -> tuple[str, ...]:
    """Index terms of a word without Hangul: the word and its stem, lower-cased."""
    norm = normalise(word)
    return _kept_terms((norm, english_stem(norm)))


def korean_terms(word: str, tokens: Sequence) -> tuple[str, ...]:
    """Index terms of a Korean word from its kiwi tokens (objects with form, tag, start, len)."""
    cut = next((t.start for t in tokens if t.tag[0] in "JE" or t.tag == "VCP"), len(word))
    return _kept_terms(chain((word, word[:cut]), _parts(word, tokens)))


def _parts(word: str, tokens: Sequence) -> Iterator[str]:
    """Verb stems and, for every run of nouns, each suffix of the run that starts at a morpheme (cut short)."""
    run: list = []
    for token in [*tokens, None]:
        if token is not None and token.tag in _NOUNISH and (not run or token.start == run[-1].start + run[-1].len):
            run.append(token)
            continue
        if run:
            end = run[-1].start + run[-1].len
            yield from (word[t.start : min(end, t.start + MAX_TERM_CHARS)] for t in run)
        run = [token] if token is not None and token.tag in _NOUNISH else []
        if token is not None and token.tag in _VERBISH:
            yield token.form


def _kept_terms(candidates: Iterable[str]) -> tuple[str, ...]:
    """The first MAX_TERMS_PER_WORD distinct terms (normalised, cut to MAX_TERM_CHARS, 2 characters or more), sorted."""
    kept: dict[str, None] = {}
    for candidate in candidates:
        term = normalise(candidate[: MAX_TERM_CHARS * 2])[:MAX_TERM_CHARS]
        if len(term) >= 2:
            kept[term] = None
            if len(kept) == MAX_TERMS_PER_WORD:
                break
    return tuple(sorted(kept))


def load_material_index(path: Path) -> tuple[dict, list[Doc]]:
    """Material's search config and its docs, with text reduced to plain text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["config"], [material_doc(entry) for entry in data["docs"]]


def material_doc(entry: dict) -> Doc:
    """The doc of one entry of Material's index, its title and text reduced to plain text."""
    title, text = plain_text(entry.get("title", "")), plain_text(entry.get("text", ""))
    return Doc(entry["location"], title, text, float(entry.get("boost", 1)))


def page_spans(docs: Sequence[Doc]) -> list[tuple[int, int]]:
    """(first doc, number of docs) of each page; a page's sections follow it in Material's order."""
    spans, first = [], 0
    for _, group in groupby(docs, key=lambda doc: doc.location.split("#")[0]):
        count = sum(1 for _ in group)
        spans.append((first, count))
        first += count
    return spans


def term_weight(count: int, norm: float) -> int:
    """BM25's saturating term-frequency factor, quantised to 0..7 (1..8 eighths of its maximum).

    `norm` is `length_norm(...)` of the doc: long docs need more occurrences for the same weight.
    """
    return max(1, min(8, round(count / (count + norm) * 8))) - 1


def length_norm(length: int, average_length: float) -> float:
    """BM25's document-length term `k1 * (1 - b + b * length / average)`."""
    return BM25_K1 * (1 - BM25_B + BM25_B * length / average_length)


@dataclasses.dataclass(frozen=True)
class DocTerms:
    """A doc's part of the index before its number and the average doc length are known."""

    length: int  # words in its title, fields and text
    runs: tuple[tuple[int, int, tuple[str, ...]], ...]  # (count in the doc, level, terms with both)


def postings(docs: Sequence[Doc], analyser: Analyser, expander: SynonymExpander | None = None) -> dict[str, list[int]]:
    """Term -> ascending `doc * 32 + weight * 4 + level` for every doc that carries the term.

    `weight` (0..7) grows with the term's count in the doc and shrinks with the doc's length, so
    that long listing pages do not outrank the page that is about the term. `level` is 2 for a term
    of the doc's title, 1 for one of a record's weighted fields, else 0.
    """
    return assemble(analyse_docs(docs, analyser, expander))


def analyse_docs(docs: Sequence[Doc], analyser: Analyser, expander: SynonymExpander | None) -> list[DocTerms]:
    """Each doc's terms, counts and levels (the Korean words of all of them analysed in one batch)."""
    parts = [(words(d.title), words(d.fields), words(d.text)) for d in docs]
    terms = analyser.terms_of(w for part in parts for words_ in part for w in words_)
    return [doc_terms(part, terms, expander) for part in parts]


def doc_terms(parts: tuple[list[str], list[str], list[str]], terms, expander: SynonymExpander | None) -> DocTerms:
    """One doc's terms from the words of its title, fields and text (`terms`: each word's index terms)."""
    title, marked, text = parts
    in_title = set(chain.from_iterable(map(terms.__getitem__, title)))
    in_fields = set(chain.from_iterable(map(terms.__getitem__, marked)))
    counts = Counter(chain.from_iterable(map(terms.__getitem__, title + marked + text)))  # counted in C
    if expander:
        _add_synonyms(expander, terms, counts, in_fields, parts)
    if len(counts) > MAX_TERMS_PER_DOC:  # keep those that occur first (a Counter keeps that order)
        counts = Counter(dict(islice(counts.items(), MAX_TERMS_PER_DOC)))
    runs: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
    for term, n in counts.items():
        runs[n, 2 if term in in_title else 1 if term in in_fields else 0].append(term)
    return DocTerms(len(title) + len(marked) + len(text), tuple((n, lv, tuple(ts)) for (n, lv), ts in runs.items()))


def assemble(analysed: Sequence[DocTerms]) -> dict[str, list[int]]:
    """The postings of docs numbered in order, weighted against their average length."""
    average = max(1.0, sum(doc.length for doc in analysed) / max(1, len(analysed)))
    index: defaultdict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(analysed):
        norm = length_norm(doc.length, average)
        for n, level, run in doc.runs:
            value = number * 32 + term_weight(n, norm) * 4 + level
            for term in run:
                index[term].append(value)
    return dict(index)


def _add_synonyms(expander: SynonymExpander, terms, counts: Counter, in_fields: set, parts) -> None:
    """Give a doc the term of each synonym group it has an entry of (a field term where the entry is one).

    One term a group, not the group's words: a doc gains at most one term per entry it has, so the
    index grows with the records, whatever the size of the groups (the worker expands the query).
    """
    title, marked, text = parts
    every = title + marked + text
    forms = {word: normalise(word) for word in set(every)}  # a long page repeats its words
    normalised = list(map(forms.__getitem__, every))
    strong = expander.groups_in(in_fields | set(chain.from_iterable(map(terms.__getitem__, title))), [])
    strong |= expander.groups_in((), normalised[: len(title) + len(marked)])
    for group in expander.groups_in(counts.keys(), normalised):
        term = group_term(group)
        counts[term] = 1
        if group in strong:
            in_fields.add(term)


def utf16_order(term: str) -> bytes:
    """Sort key that orders strings as JavaScript compares them (by UTF-16 code units)."""
    return term.encode("utf-16-be")


def term_shards(index: dict[str, list[int]]) -> list[dict[str, list[int]]]:
    """Terms in JavaScript's order, cut into runs of about TARGET_SHARD_BYTES (postings delta-encoded).

    A prefix's terms are neighbours, so a query word reads one shard, or the few after it that
    still hold terms with its prefix.
    """
    shards: list[dict[str, list[int]]] = [{}]
    size = 0
    for term in sorted(index, key=utf16_order):
        deltas = _delta(index[term])
        cost = len(term.encode()) + 4 + 4 * len(deltas)  # about 4 bytes a posting
        if size and size + cost > TARGET_SHARD_BYTES:
            shards.append({})
            size = 0
        shards[-1][term] = deltas
        size += cost
    return shards


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _delta(values: list[int]) -> list[int]:
    return list(map(operator.sub, values, chain((0,), values)))


def build_index(config: dict, docs: Sequence[Doc], analyser: Analyser, fields: dict | None = None) -> dict[str, bytes]:
    """The files of the lean index (paths relative to search/), stub `search_index.json` included.

    `fields` is what generator.search.fields wrote for this language (record fields and synonyms).
    """
    fields = fields or {}
    docs = enrich_docs(docs, fields)
    expander = synonym_expander(fields)
    return index_files(config, docs, analyse_docs(docs, analyser, expander), expander, kinds=fields.get("kinds", {}))


def synonym_expander(fields: dict) -> SynonymExpander:
    """The synonym groups of a language's record fields file."""
    return SynonymExpander(fields.get("synonyms", []), words, normalise)


def page_file(docs: Sequence[Doc]) -> bytes:
    """`p/<i>.json` of a page from its docs: location, title and snippet text of each (and a story's names)."""
    return _json(
        [[d.location, d.title, (d.text if d.shown is None else d.shown)[:MAX_STORED_TEXT], *_names(d)] for d in docs]
    )


def _names(doc: Doc) -> list[list[str]]:
    """A story's company words, and its outcome words but those that start with a place's word
    (normalised, each once); nothing for other docs."""
    if doc.names is None:
        return []
    company, outcomes, places = ([normalise(w) for w in dict.fromkeys(words(text))] for text in doc.names)
    return [company, [w for w in outcomes if not w.startswith(tuple(places))]]


def shard_file(terms: dict[str, list[int]]) -> bytes:
    """`t/<k>.json` of a shard: its terms and their delta-encoded postings."""
    return _json(terms)


def index_files(
    config: dict,
    docs: Sequence[Doc],
    analysed: Sequence[DocTerms],
    expander: SynonymExpander,
    page_file: Callable[[Sequence[Doc]], bytes] = page_file,
    shard_file: Callable[[dict[str, list[int]]], bytes] = shard_file,
    *,
    kinds: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The files of the lean index from the enriched docs and their terms (`analyse_docs`).

    `kinds` labels the result kinds in this language (`kinds` of kb-fields.json).
    """
    shards = term_shards(assemble(analysed))
    out = {f"{KB_DIR}/t/{number}.json": shard_file(terms) for number, terms in enumerate(shards)}
    spans = page_spans(docs)
    out[f"{KB_DIR}/pages.json"] = _json(
        [[docs[f].location, docs[f].title, n, docs[f].boost, docs[f].kind] for f, n in spans]
    )
    for number, (first, n) in enumerate(spans):
        out[f"{KB_DIR}/p/{number}.json"] = page_file(docs[first : first + n])
    version = hashlib.sha256(b"".join(p.encode() + b"\0" + out[p] for p in sorted(out))).hexdigest()[:12]
    kb = {
        "version": version,
        "docs": len(docs),
        "terms": sum(len(terms) for terms in shards),
        "shards": [next(iter(terms), "") for terms in shards],  # the first term of each
        "endings": list(QUERY_ENDINGS),
        "english": {
            "suffixes": [list(rule) for rule in _EN_SUFFIXES],
            "min_stem": _EN_MIN_STEM,
            "unstemmed": list(_EN_UNSTEMMED),
        },
        "max_term": MAX_TERM_CHARS,
        "synonyms": expander.query_groups(normalise),
        "kinds": dict(sorted((kinds or {}).items())),
    }
    out["search_index.json"] = _json({"config": {**config, "kb": kb}, "docs": []})
    return out


def write_search_index(site_dir: Path, analyser: Analyser | None = None) -> IndexStats | None:
    """Replace Material's index in `site_dir/search/` by the lean one; None if there is none to read."""
    search = Path(site_dir) / "search"
    source = search / "search_index.json"
    if not source.is_file():
        return None
    config, docs = load_material_index(source)
    if "kb" in config:  # already ours (this build wrote it)
        return None
    files = build_index(config, docs, analyser or _shared_analyser(), read_fields(search))
    shutil.rmtree(search / KB_DIR, ignore_errors=True)
    for rel, data in sorted(files.items()):
        target = search / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    kb = json.loads(files["search_index.json"])["config"]["kb"]
    return IndexStats(
        docs=kb["docs"],
        pages=len(json.loads(files[f"{KB_DIR}/pages.json"])),
        terms=kb["terms"],
        shards=len(kb["shards"]),
        index_bytes=sum(len(data) for rel, data in files.items() if not rel.startswith(f"{KB_DIR}/p/")),
        total_bytes=sum(len(data) for data in files.values()),
    )


@functools.cache
def _shared_analyser() -> Analyser:
    return Analyser()
