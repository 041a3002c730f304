"""Plain-words messages for YAML and JSON Schema errors: what is wrong, and what was expected."""

from __future__ import annotations

import difflib
import unicodedata
from typing import TYPE_CHECKING

from ..diagnostics import field_path
from ..texts import choices as listing
from ..texts import current_language, say

if TYPE_CHECKING:  # the loader uses this module too, and needs no jsonschema
    from jsonschema.exceptions import ValidationError
    from yaml import MarkedYAMLError

_TYPE_WORDS = ("string", "integer", "number", "object", "array", "boolean")
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def describe_value(value) -> str:
    """Name what a value is, in the words a record author uses."""
    if value is None:
        return say("value_empty")
    if isinstance(value, bool):
        return say("value_boolean")
    if isinstance(value, str):
        return say("value_text", text=_short(value))
    if isinstance(value, (int, float)):
        return say("value_number", number=value)
    if isinstance(value, list):
        return say("value_list")
    return say("value_mapping")


def suggest(word: str, choices) -> str:
    """` (did you mean 'x'?)` for the nearest choice, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return say("did_you_mean", choice=close[0]) if close else ""


def expected_words(schema: dict) -> str | None:
    """The schema's own words for what a field expects (`x-expected`, or `x-expected-<lang>`), if any."""
    return schema.get(f"x-expected-{current_language()}") or schema.get("x-expected")


def schema_error_messages(error: ValidationError) -> list[tuple[tuple, str, str]]:
    """Turn one schema error into (field path, message, anchor) triples.

    The anchor says where the message points: at the field's "key", at its "value", or at
    the "parent" mapping (for a field that is missing).
    """
    path = tuple(error.absolute_path)
    kw, schema, instance = error.validator, error.schema, error.instance
    if kw == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return [(path + (name,), say("field_missing", name=name), "parent") for name in missing]
    if kw == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        names = listing(allowed)
        moved = schema.get("x-moved", {})  # a field that moved elsewhere says where it lives now
        return [
            (
                path + (k,),
                moved[k] if k in moved else say("unknown_field", key=k, hint=suggest(k, allowed), allowed=names),
                "key",
            )
            for k in extra
        ]
    if "propertyNames" in error.relative_schema_path:
        wanted = expected_words(schema) or say("expected_term_name")
        return [(path + (instance,), say("bad_name", name=_short(instance), expected=wanted), "key")]
    if kw == "dependentRequired":
        return [
            (path + (need,), say("field_needed_with", need=need, given=given), "parent")
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
    expected = expected_words(schema)
    if kw == "type":
        return _type_message(error)
    if kw in ("minLength", "maxLength", "minItems", "minProperties", "uniqueItems", "maxItems"):
        return _size_message(kw, error.validator_value, value)
    if kw in ("pattern", "format"):
        if value == "":
            return say("must_not_be_empty")
        return say("value_not_valid", value=_quoted(str(value)), expected=expected or _format_word(error))
    if kw == "enum":
        return say("value_not_allowed", value=_short(str(value)), choices=listing(error.validator_value))
    if kw in ("minimum", "exclusiveMinimum"):
        return say("number_too_small", value=value, limit=error.validator_value)
    if kw in ("maximum", "exclusiveMaximum"):
        return say("number_too_large", value=value, limit=error.validator_value)
    if kw == "not" and expected:  # a field the schema forbids beside another's value (funding.given: none)
        return say("not_allowed_here", expected=expected)
    if kw in ("oneOf", "anyOf"):
        return say("shape_not_fit", expected=expected or say("expected_allowed_shape"))
    # A rule the schema gained after these messages were written: name it rather than show a Python repr.
    return say("schema_rule", rule=kw, where=field_path(tuple(error.relative_schema_path)))


def _type_message(error: ValidationError) -> str:
    schema, value, wanted = error.schema, error.instance, error.validator_value
    kinds = [wanted] if isinstance(wanted, str) else wanted
    words = say("word_or").join(say(f"type_{t}") if t in _TYPE_WORDS else t for t in kinds)
    if wanted == "object" and set(schema.get("properties", ())) == set(_codes()):
        keys = say("word_and").join(f"{code}:" for code in _codes())
        words = say("type_text_both" if len(_codes()) == 2 else "type_text_every", keys=keys)
    elif wanted == "object" and schema.get("required"):
        words = say("type_object_with", fields=listing(schema["required"]))
    hint = say("digits_only") if wanted in ("number", "integer") and isinstance(value, str) else ""
    return say("wrong_type", expected=words, hint=hint, got=describe_value(value))


def _size_message(kw: str, limit, value) -> str:
    if kw == "minLength":
        return say("must_not_be_empty")
    if kw == "maxLength":
        return say("text_too_long", limit=limit)
    if kw in ("minItems", "minProperties"):
        return say("list_empty") if not value else say("list_too_short", limit=limit)
    if kw == "uniqueItems":
        return say("list_repeats")
    return say("list_too_long", count=len(value), limit=limit)


def _format_word(error: ValidationError) -> str:
    key = {"date": "format_date", "uri": "format_uri", "email": "format_email"}.get(error.validator_value)
    return say(key) if key else str(error.validator_value)


def _quoted(text: str) -> str:
    """'text', or the code points of a text that shows nothing (only spaces or invisible characters)."""
    shown = _short(text)
    if shown and not all(unicodedata.category(ch) in _INVISIBLE or ch in _FILLERS for ch in shown):
        return f"'{shown}'" if text == text.strip() else say("quoted_with_space", text=shown)
    codes = ", ".join(f"U+{ord(ch):04X}" for ch in text[:6]) + (", …" if len(text) > 6 else "")
    return say("text_invisible", codes=codes)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def character_message(ch: str, *, escaped: bool = False) -> str:
    """Say why a character is refused; `escaped` when a quoted escape such as \\u202e produced it."""
    code = f"U+{ord(ch):04X}"
    if ch == "\ufeff":
        what = "char_bom"
    elif ch in _BIDI:
        what = "char_bidi"
    elif ch in "\u2028\u2029":
        what = "char_separator"
    else:
        what = "char_control"
    fix = say("fix_remove_escape" if escaped else "fix_line_break" if what == "char_separator" else "fix_remove")
    return say("char_refused_escaped" if escaped else "char_refused", what=say(what, code=code), fix=fix)


#: libyaml's own words for its errors, and the key of the plainer message for each.
_SYNTAX = {
    "mapping values are not allowed in this context": "yaml_colon",
    "did not find expected key": "yaml_expected_key",
    "did not find expected '-' indicator": "yaml_expected_item",
}


def syntax_message(exc: MarkedYAMLError, found: str) -> str:
    """Plain words for a libyaml syntax error; `found` is the character at the error."""
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    start = exc.context_mark
    if found == "\t":
        return say("yaml_tab")
    if problem == "found character that cannot start any token":
        return say("yaml_cannot_start", found=found)
    if problem in _SYNTAX:
        return say(_SYNTAX[problem])
    if problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'"):
        opened = say("yaml_opened_at", line=start.line + 1, column=start.column + 1) if start else ""
        return say("yaml_unclosed_bracket", opened=opened, bracket=problem[-2])
    if problem == "found unexpected end of stream" and "quoted" in (exc.context or ""):
        return say("yaml_unclosed_quote")
    detail = f"{problem} ({exc.context})" if exc.context and exc.problem else problem
    return say("yaml_other", detail=detail)  # libyaml's words, which have no translation
