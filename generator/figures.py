"""How a figure reads: one formatter for the pages and the CSV export alike."""

from __future__ import annotations

from .model import Figure, Outcome


def figure_text(figure: Figure | Outcome, lang: str) -> str:
    """'about 250 companies' / '약 250개 기업': the number, its unit and how exact it is, in one language.

    A Korean unit written in Hangul follows the number without a space (250개, 3곳), as Korean
    writes counters; a unit in Latin letters keeps its space (250 SMEs).
    """
    value = figure.value
    number = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    unit = figure.unit.get(lang) if figure.unit else ""
    if lang == "ko":
        text = f"{number}{unit}" if unit and not unit[0].isascii() else f"{number} {unit}".strip()
        return {"about": f"약 {text}", "more-than": f"{text} 이상"}.get(figure.qualifier or "", text)
    text = f"{number} {unit}".strip()
    return {"about": f"about {text}", "more-than": f"more than {text}"}.get(figure.qualifier or "", text)
