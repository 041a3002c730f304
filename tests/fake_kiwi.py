"""A stand-in for kiwipiepy's Kiwi in the search index tests: quick, and it records what it is asked."""

from __future__ import annotations

from typing import NamedTuple


class Token(NamedTuple):
    """What the index needs of a kiwipiepy token."""

    form: str
    tag: str
    start: int
    len: int


class FakeKiwi:
    """Splits nothing: every Korean word is one proper noun (enough to test the layout quickly)."""

    def __init__(self):
        self.calls: list[list[str]] = []  # the words of each batch it was asked to analyse

    @property
    def asked(self) -> list[str]:
        """Every word it was asked about, in order."""
        return [word for call in self.calls for word in call]

    def tokenize(self, words: list[str]):
        self.calls.append(list(words))
        return [[Token(w, "NNP", 0, len(w))] for w in words]
