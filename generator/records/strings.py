"""Interface strings (labels, headings) in every language of the registry, from site_config/strings.yaml."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..languages import CODES, text_keys
from ..texts import say
from .load import LoadError, load_file


class Strings:
    """Labels keyed by name, each in every language."""

    def __init__(self, labels: dict[str, dict[str, str]]):
        self.labels = labels

    def get(self, key: str, lang: str) -> str:
        """One label in one language."""
        return self.labels[key][lang]

    def bound(self, lang: str) -> dict[str, str]:
        """All labels in one language, for templates (`s.operator`)."""
        return {key: value[lang] for key, value in self.labels.items()}


def load_strings(path: Path, display: str) -> Strings:
    """Load and check the strings file; every key needs non-empty text in every language."""
    try:
        loaded = load_file(path, display)
    except LoadError as exc:
        raise ContentError(exc.diagnostics) from None
    problems = []
    for key, value in loaded.data.items():
        line, col = loaded.position((key,))
        if (
            not isinstance(value, dict)
            or set(value) != set(CODES)
            or not all(isinstance(v, str) and v for v in value.values())
        ):
            message = say("strings_entry", keys=text_keys())
            problems.append(Diagnostic(display, line, col, key, message))
    if problems:
        raise ContentError(problems)
    return Strings(loaded.data)
