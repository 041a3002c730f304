"""Plain-words messages for YAML and JSON Schema errors: what is wrong, and what was expected."""

from __future__ import annotations

import difflib
import unicodedata
from typing import TYPE_CHECKING

from ..diagnostics import field_path

if TYPE_CHECKING:  # the loader uses this module too, and needs no jsonschema
    from jsonschema.exceptions import ValidationError
    from yaml import MarkedYAMLError

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping of fields",
    "array": "a list",
    "boolean": "true or false",
}
_TERM_NAME = "lower-case letters, digits and hyphens, such as 'export', or a two-letter country code such as KR"
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def describe_value(value) -> str:
    """Name what a value is, in the words a record author uses."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return f"the text '{_short(value)}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping of fields"


def suggest(word: str, choices) -> str:
    """` (did you mean 'x'?)` for the nearest choice, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def schema_error_messages(error: ValidationError) -> list[tuple[tuple, str, str]]:
    """Turn one schema error into (field path, message, anchor) triples.

    The anchor says where the message points: at the field's "key", at its "value", or at
    the "parent" mapping (for a field that is missing).
    """
    path = tuple(error.absolute_path)
    kw, schema, instance = error.validator, error.schema, error.instance
    if kw == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return [(path + (name,), f"required field '{name}' is missing; add it", "parent") for name in missing]
    if kw == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        listing = ", ".join(allowed)
        moved = schema.get("x-moved", {})  # a field that moved elsewhere says where it lives now
        return [
            (
                path + (k,),
                moved[k] if k in moved else f"unknown field '{k}'{suggest(k, allowed)}; allowed here: {listing}",
                "key",
            )
            for k in extra
        ]
    if "propertyNames" in error.relative_schema_path:
        wanted = schema.get("x-expected", _TERM_NAME)
        return [(path + (instance,), f"'{_short(instance)}' is not a valid name here; expected {wanted}", "key")]
    if kw == "dependentRequired":
        return [
            (path + (need,), f"'{need}' is required when '{given}' is given", "parent")
            for given, needs in error.validator_value.items()
            if given in instance
            for need in needs
            if need not in instance
        ]
    return [(path, _single_message(error), "value")]


def _codes() -> tuple[str, ...]:
    from ..languages import CODES  # late: the registry reads its file through records/load, which imports this

    return CODES


def _single_message(error: ValidationError) -> str:
    kw, schema, value = error.validator, error.schema, error.instance
    expected = schema.get("x-expected")
    if kw == "type":
        wanted = error.validator_value
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted))
        if wanted == "object" and set(schema.get("properties", ())) == set(_codes()):
            keys = " and ".join(f"{code}:" for code in _codes())
            which = "both languages" if len(_codes()) == 2 else "every language"
            words = f"text in {which} (a mapping with {keys})"
        elif wanted == "object" and schema.get("required"):
            words = f"a mapping of fields (with {', '.join(schema['required'])})"
        hint = " (digits only, such as 250)" if wanted in ("number", "integer") and isinstance(value, str) else ""
        return f"expected {words}{hint}, got {describe_value(value)}"
    if kw == "minLength":
        return "must not be empty"
    if kw == "maxLength":
        return f"is too long; expected at most {error.validator_value} characters"
    if kw in ("minItems", "minProperties"):
        if not value:
            return "must not be empty; give at least one item or leave the field out"
        return f"needs at least {error.validator_value} items"
    if kw == "uniqueItems":
        return "lists the same value twice; keep one"
    if kw == "maxItems":
        return f"has {len(value)} items; expected at most {error.validator_value}"
    if kw in ("pattern", "format"):
        if value == "":
            return "must not be empty"
        return f"{_quoted(str(value))} is not valid; expected {expected or _format_word(error)}"
    if kw == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return f"'{_short(str(value))}' is not allowed; expected one of: {choices}"
    if kw == "minimum":
        return f"{value} is too small; expected at least {error.validator_value}"
    if kw == "maximum":
        return f"{value} is too large; expected at most {error.validator_value}"
    if kw in ("oneOf", "anyOf"):
        return f"does not fit; expected {expected or 'one of the allowed shapes'}"
    # A rule the schema gained after these messages were written: name it rather than show a Python repr.
    return f"does not meet the schema's '{kw}' rule; see {field_path(tuple(error.relative_schema_path))} in the schema"


def _format_word(error: ValidationError) -> str:
    return {"date": "a date written YYYY-MM-DD", "uri": "a full web address"}.get(
        error.validator_value, str(error.validator_value)
    )


def _quoted(text: str) -> str:
    """'text', or the code points of a text that shows nothing (only spaces or invisible characters)."""
    shown = _short(text)
    if shown and not all(unicodedata.category(ch) in _INVISIBLE or ch in _FILLERS for ch in shown):
        return f"'{shown}'" if text == text.strip() else f"'{shown}' (with a space or line break at an end)"
    codes = ", ".join(f"U+{ord(ch):04X}" for ch in text[:6]) + (", …" if len(text) > 6 else "")
    return f"text of only spaces or invisible characters ({codes})"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def character_message(ch: str, *, escaped: bool = False) -> str:
    """Say why a character is refused; `escaped` when a quoted escape such as \\u202e produced it."""
    code = f"U+{ord(ch):04X}"
    fix = "remove the escape" if escaped else "remove it"
    if ch == "\ufeff":
        what = f"byte order mark {code} is only allowed at the very start of the file"
    elif ch in _BIDI:
        what = f"bidirectional control character {code} is not allowed (it can disguise text)"
    elif ch in "\u2028\u2029":
        what = f"line or paragraph separator {code} is not allowed (editors do not show it as a line break)"
        fix = "use an ordinary line break" if not escaped else fix
    else:
        what = f"control character {code} is not allowed"
    return f"{what}; {fix}" if not escaped else f"{what}, even written as an escape; {fix}"


def syntax_message(exc: MarkedYAMLError, found: str) -> str:
    """Plain words for a libyaml syntax error; `found` is the character at the error."""
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    start = exc.context_mark
    opened = f" at line {start.line + 1}, column {start.column + 1}" if start else ""
    if found == "\t":
        return "YAML syntax error: a tab character cannot indent YAML; indent with spaces"
    if problem == "found character that cannot start any token":
        return f"YAML syntax error: a value cannot start with '{found}'; put the whole value in double quotes"
    if problem == "mapping values are not allowed in this context":
        return (
            "YAML syntax error: a colon followed by a space cannot appear here; put a value that contains"
            " ': ' in double quotes, or check the indentation"
        )
    if problem == "did not find expected key":
        return (
            "YAML syntax error: expected a field name here; check the indentation,"
            " and that nothing follows a closing quote"
        )
    if problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'"):
        return f"YAML syntax error: the bracket opened{opened} is not closed; add '{problem[-2]}' or a missing comma"
    if problem == "found unexpected end of stream" and "quoted" in (exc.context or ""):
        return "YAML syntax error: the quoted value that starts here is never closed; add the closing quote"
    if problem == "did not find expected '-' indicator":
        return "YAML syntax error: expected another list item ('- ') at this indentation; check the indentation"
    if exc.context and exc.problem:
        return f"YAML syntax error: {problem} ({exc.context})"
    return f"YAML syntax error: {problem}"
