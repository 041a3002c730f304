"""Plain-words messages for JSON Schema errors: what is wrong, and what was expected."""

from __future__ import annotations

import difflib

from jsonschema.exceptions import ValidationError

from .diagnostics import field_path

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping of fields",
    "array": "a list",
    "boolean": "true or false",
}


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
        return [
            (path + (k,), f"unknown field '{k}'{suggest(k, allowed)}; allowed here: {listing}", "key") for k in extra
        ]
    if kw == "dependentRequired":
        return [
            (path + (need,), f"'{need}' is required when '{given}' is given", "parent")
            for given, needs in error.validator_value.items()
            if given in instance
            for need in needs
            if need not in instance
        ]
    return [(path, _single_message(error), "value")]


def _single_message(error: ValidationError) -> str:
    kw, schema, value = error.validator, error.schema, error.instance
    expected = schema.get("x-expected")
    if kw == "type":
        wanted = error.validator_value
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted))
        hint = " (digits only, such as 250)" if wanted in ("number", "integer") and isinstance(value, str) else ""
        return f"expected {words}{hint}, got {describe_value(value)}"
    if kw == "minLength":
        return "must not be empty"
    if kw in ("minItems", "minProperties"):
        if not value:
            return "must not be empty; give at least one item or leave the field out"
        return f"needs at least {error.validator_value} items"
    if kw == "uniqueItems":
        return "lists the same value twice; keep one"
    if kw in ("pattern", "format"):
        return f"'{_short(str(value))}' is not valid; expected {expected or _format_word(error)}"
    if kw == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return f"'{_short(str(value))}' is not allowed; expected one of: {choices}"
    if kw == "minimum":
        return f"{value} is too small; expected at least {error.validator_value}"
    if kw == "maximum":
        return f"{value} is too large; expected at most {error.validator_value}"
    if kw in ("oneOf", "anyOf"):
        return f"does not fit; expected {expected or 'one of the allowed shapes'}"
    return f"{error.message} (at {field_path(tuple(error.absolute_path)) or 'top level'})"


def _format_word(error: ValidationError) -> str:
    return {"date": "a date written YYYY-MM-DD", "uri": "a full web address"}.get(
        error.validator_value, str(error.validator_value)
    )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
