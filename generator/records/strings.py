"""Interface strings (labels, headings) in every language of the registry, from site_config/strings.yaml."""

from __future__ import annotations

import string
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..languages import CODES, LANGUAGES, text_keys
from ..texts import language_name, say
from .load import LoadedFile, LoadError, load_file

#: The placeholders each label is filled with, as the code, the templates and the scripts that fill it
#: pass them (tests/test_strings_placeholders.py finds every such use and checks it against this). A
#: label not listed takes none; a plural form `<key>_one` (see `render.filters.counted`) takes its key's.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    key: frozenset(names.split())
    for key, names in {
        "home_built": "date",
        "home_stale": "n years",
        "home_fix": "link",
        "map_entry": "name counts",
        "map_programs": "n",
        "map_cases": "n",
        "map_members": "n",
        "map_more": "n",
        "home_see_all": "what",
        "count_programs": "n",
        "count_cases": "n",
        "home_provenance": "span reviewed",
        "sources_span": "first last",
        "covers_percent": "percent",
        "status_as_of": "date",
        "last_known_running": "year",
        "call_open": "date",
        "call_upcoming": "date",
        "call_closed": "date",
        "stale_notice": "year",
        "steps_count": "n",
        "record_source": "path",
        "report_error_title": "name",
        "amount_range": "min max",
        "amount_up_to": "max",
        "amount_from": "min",
        "amount_per": "amount per",
        "cmp_covers_percent": "n",
        "js_drawer_count": "n",
        "js_drawer_done": "n",
        "js_case_shown": "n total",
        "js_shown": "n total",
        "js_more": "n rest",
        "js_chosen": "n",
        "js_dropped": "names",
        "js_caption": "names",
        "js_remove": "names",
        "js_without": "name n",
        "js_portal_source": "source",
        "compare_printed": "date url",
        "state_upcoming": "date",
        "state_unknown": "date",
        "state_short_last_known": "year",
        "state_running": "date route",
        "state_rolling": "date",
        "state_planned": "date",
        "state_open": "date",
        "state_invitation": "date",
        "state_ended": "date",
        "state_closed": "date",
        "source_read": "date",
        "days_left": "n",
        "cmp_past_calls": "n",
        "calls_week": "date",
        "calls_past_year": "n year",
        "calls_no_program": "operator",
        "calls_intro": "date days",
        "calls_how_to_apply": "date route",
        "calls_archive_link": "n",
        "calls_archive_intro": "date",
        "call_opens": "date",
        "call_cutoffs": "dates",
        "call_closes": "date",
    }.items()
}


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
        else:
            problems += placeholder_problems(loaded, key)
    if problems:
        raise ContentError(problems)
    return Strings(loaded.data)


def allowed_placeholders(key: str) -> frozenset[str]:
    """The placeholders a label may hold: its own, or its key's for a plural form (`count_cases_one`)."""
    return PLACEHOLDERS.get(key, PLACEHOLDERS.get(key.removesuffix("_one"), frozenset()))


def placeholder_problems(loaded: LoadedFile, key: str) -> list[Diagnostic]:
    """Placeholders the code does not fill (`{dat}` for `{date}`), or that differ between the languages."""
    allowed, found, first = allowed_placeholders(key), [], None
    expected = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or say("strings_no_placeholder")
    for lang in LANGUAGES:
        names, why = _placeholders(loaded.data[key][lang.code])
        if why is None and not names <= allowed:
            unknown = ", ".join(f"{{{name}}}" for name in sorted(names - allowed))
            why = say("strings_placeholder_unknown", unknown=unknown, expected=expected)
        elif why is None and first is not None and names != first[1]:
            why = say("strings_placeholders_differ", language=first[0])
        elif why is not None:
            why = say("strings_placeholder_expected", why=why, expected=expected)
        if first is None and why is None:
            first = (language_name(lang), names)
        if why:
            where = (key, lang.code)
            found.append(Diagnostic(loaded.path, *loaded.position(where), f"{key}.{lang.code}", why))
    return found


def _placeholders(text: str) -> tuple[set[str], str | None]:
    """The names of a label's placeholders, or why it cannot be filled (a stray brace, `{0}`, `{n:>3}`)."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return set(), say("strings_stray_brace")
    if any(not name.isidentifier() or spec or conv for name, spec, conv in fields):
        return set(), say("strings_placeholder_not_plain")
    return {name for name, _, _ in fields}, None
