"""How a figure reads: one formatter for the pages and the CSV export alike."""

from __future__ import annotations

from .languages import language
from .model import Figure, Outcome


def figure_text(figure: Figure | Outcome, lang: str) -> str:
    """'about 250 companies' / '약 250개 기업': the number, its unit and how exact it is, in one language.

    In a language whose registry entry has `tight_units` (Korean), a unit in its own script follows the
    number without a space (250개, 3곳), as Korean writes counters; a unit in Latin letters keeps its space.
    """
    value = figure.value
    number = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    unit = figure.unit.get(lang) if figure.unit else ""
    words = language(lang)  # the registry says how "about" and "more than" read, and whether units follow tight
    tight = words.tight_units and unit and not unit[0].isascii()
    text = f"{number}{unit}" if tight else f"{number} {unit}".strip()
    return {"about": words.about, "more-than": words.more_than}.get(figure.qualifier or "", "{}").format(text)
