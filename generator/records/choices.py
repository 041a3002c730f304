"""What a field may hold, for messages: the terms of a vocabulary, the ids of records, the places.

A bad value is answered with the valid ones and, where one is near, a suggestion found in the
vocabulary in every language: a term's id, its labels (`뉴스 기사`, `News article`) and the
search synonyms of site_config/synonyms.yaml, so that `신문` and `newspaper` both find `news`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from ..places import Places
from ..project import KINDS
from ..texts import choices as listing
from ..texts import say
from .messages import expected_words, suggest
from .schema import PLACES, Reference

_WORD = re.compile(r"[\w'’]+")


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """The valid values of the fields that name something: taxonomy terms, record ids, places."""

    taxonomy: dict | None
    ids: dict[str, set[str]]
    places: Places | None
    synonyms: tuple[tuple[str, ...], ...] = ()

    def reference_problem(self, ref: Reference) -> str | None:
        """What is wrong with a reference, or None if it names something that exists (or cannot be checked)."""
        if ref.target == PLACES:
            return self.places.problem(ref.value) if self.places is not None else None
        if ref.is_record:
            known = sorted(self.ids.get(ref.target, set()))
            if ref.value in known:
                return None
            hint = suggest(ref.value, known)
            return say("unknown_record", kind=_kind_word(ref.target), id=ref.value, folder=KINDS[ref.target], hint=hint)
        if self.taxonomy is None:
            return None
        terms = self.taxonomy.get(ref.target, {})
        if ref.value in terms:
            return None
        hint = suggest_term(ref.value, terms, self.synonyms)
        shown = say("did_you_mean", choice=hint) if hint else ""
        return say("unknown_term", value=ref.value, vocabulary=ref.target, hint=shown, terms=listing(terms))

    def choices(self, schema: dict) -> str | None:
        """The valid values of a field, in words, for a field that takes a choice; else None."""
        if "x-taxonomy" in schema and self.taxonomy is not None:
            vocabulary = schema["x-taxonomy"]
            return say("choose_term", vocabulary=vocabulary, terms=listing(self.taxonomy.get(vocabulary, {})))
        if "x-ref" in schema:
            target = schema["x-ref"]
            ids = listing(sorted(self.ids.get(target, ()))) or "-"
            return say("choose_record", kind=_kind_word(target), folder=KINDS[target], ids=ids)
        if schema.get("x-place"):
            regions = listing(sorted(self.places.regions)) if self.places else "-"
            return say("choose_place", regions=regions)
        if "enum" in schema:
            return say("choose_one", values=listing(schema["enum"]))
        if schema.get("type") in ("integer", "number"):
            return say("choose_number", expected=expected_words(schema) or say("word_number"))
        if schema.get("format") == "date":
            return say("choose_date")
        if schema.get("x-partial-date"):
            return say("choose_partial_date")
        return None


def _kind_word(kind: str) -> str:
    return say(f"kind_{kind}")


def suggest_term(word: str, terms: dict, synonyms=()) -> str | None:
    """The term a mistaken value most likely means, by its id or its label in any language, or None."""
    wanted = {_plain(word)}
    for group in synonyms:
        plain = {_plain(entry) for entry in group}
        if wanted & plain:
            wanted |= plain
    names: dict[str, str] = {}  # every id and label, plain, with the term it names
    label_words: dict[str, set[str]] = {}
    for term, labels in terms.items():
        names.setdefault(_plain(term), term)
        for label in (labels or {}).values() if isinstance(labels, dict) else ():
            names.setdefault(_plain(label), term)
            for part in _WORD.findall(_plain(label)):
                label_words.setdefault(part, set()).add(term)
    for candidate in sorted(wanted):
        if candidate in names:
            return names[candidate]
    for candidate in sorted(wanted):  # a word of one label only, such as 'news' in 'News article'
        if len(label_words.get(candidate, ())) == 1:
            return next(iter(label_words[candidate]))
    close = difflib.get_close_matches(_plain(word), sorted(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _plain(text: str) -> str:
    return " ".join(str(text).lower().split())
