"""How a figure reads: one formatter for the pages and the CSV export alike."""

from __future__ import annotations

from collections.abc import Mapping

from .facts import Amount
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


def money_text(value: int | float, currency: str | None, lang: str) -> str:
    """An amount in one language with Babel: '€50,000', '₩30,000,000', or the bare number without a currency."""
    from babel.numbers import format_currency, format_decimal

    if currency is None:
        return format_decimal(value, locale=lang)
    return format_currency(value, currency, locale=lang, format="¤#,##0.##", currency_digits=False)


def amount_text(amount: Amount, lang: str, labels: Mapping[str, str], per: str) -> str:
    """A funding amount as a range with its unit: '€50,000–€100,000 per project' / '과제당 €50,000–€100,000'.

    `labels` are the interface strings of `lang` (amount_range, amount_up_to, amount_from, amount_per);
    `per` is the unit's label ('' when the source names none).
    """
    low, high = (money_text(v, amount.currency, lang) if v is not None else None for v in (amount.min, amount.max))
    if low and high:
        text = low if low == high else labels["amount_range"].format(min=low, max=high)
    elif high or low:
        text = labels["amount_up_to"].format(max=high) if high else labels["amount_from"].format(min=low)
    else:
        return ""
    return labels["amount_per"].format(amount=text, per=per).strip() if per else text
