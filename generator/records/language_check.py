"""The language check: the script of every text fits its language (issue 23).

One rule, used by `validate` (which refuses what it finds) and by `report` (which lists it for
records that cannot be validated yet). docs/dev/record-format.md ("The language check") states it:

- Latin letters may stand in any language's text: names, acronyms, addresses (EIC, Horizon Europe).
- In a text of a language written in Latin letters (`en`), letters of another script of the site
  (Hangul) may stand only inside brackets - ( ), [ ], 「 」, 『 』, 《 》, 〈 〉 - as a proper name or
  an original title given beside its translation: "Hanbit Precision (한빛정밀)". A source's own
  `title:` is in its own language (its `language:` says which) and is not a text of the site.
- A text of a language with another script (`ko`) has at least one letter of that script, unless
  it is short: at most three words once web addresses, e-mail addresses, numbers, codes (KISTI,
  R&D, TRL) and inline citations are set aside (a name such as "CorWave" or "Horizon Europe").
  In a name field (`name`, `short_name`) a name written the same in every language passes too.
- A deliberate exception is listed in the record's `language_exceptions:` with the field's path
  and the reason; it must name a text of the record that the check would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import field_path
from ..languages import CODES, LANGUAGES, Language
from ..texts import language_name, say
from .load import FieldPath
from .schema import SchemaSet

Problem = tuple[FieldPath, str]

#: The letters of each script a language of the registry (site_config/languages.yaml) may name.
SCRIPT_LETTERS = {
    "Hangul": re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]"),
    "Latin": re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"),
}
#: Where another script may stand in a Latin-script text: a name or original title in brackets.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|「[^「」]*」|『[^『』]*』|《[^《》]*》|〈[^〈〉]*〉")
#: What a short text may hold besides its words: addresses, citations, numbers and codes.
_SET_ASIDE = re.compile(r"https?://\S+|\S+@\S+|\[@[^\]]*\]")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9&.\-/]{0,11}s?")  # acronyms and codes read the same in every language
_WORD = re.compile(r"[^\W\d_][^\s/]*")
#: How many words a text without its own script may have: a name, not a sentence.
SHORT_WORDS = 3
#: Fields that hold a proper name, which may be written the same in every language.
PROPER_NAMES = {"name", "short_name"}
EXCEPTIONS = "language_exceptions"


def script_problem(lang: Language, text: str, same_everywhere: bool = False) -> str | None:
    """Why `text`, a value in `lang`, is not written in that language's script, or None."""
    foreign = _foreign_letters(lang, text)
    if foreign:
        script, sample = foreign
        return say("language_foreign_letters", script=script, sample=_sample(sample), language=language_name(lang))
    own = SCRIPT_LETTERS.get(lang.script)
    if lang.script == "Latin" or own is None or own.search(text) or same_everywhere:
        return None
    words = [w for w in _WORD.findall(_SET_ASIDE.sub(" ", text)) if not _CODE.fullmatch(w.rstrip(".,;:)"))]
    if len(words) <= SHORT_WORDS:
        return None
    return say(
        "language_no_own_letters", language=language_name(lang), script=lang.script, n=len(words), limit=SHORT_WORDS
    )


def _foreign_letters(lang: Language, text: str) -> tuple[str, str] | None:
    """The first script of the site other than `lang`'s (and Latin) found outside brackets, with its text."""
    others = [s for s in {x.script for x in LANGUAGES} if s not in (lang.script, "Latin") and s in SCRIPT_LETTERS]
    if not others:
        return None
    bare = text  # brackets blanked out, inner ones first, keeping the offsets of what is left
    while (stripped := _BRACKETED.sub(lambda m: " " * len(m.group()), bare)) != bare:
        bare = stripped
    for script in sorted(others):
        if match := SCRIPT_LETTERS[script].search(bare):
            return script, text[match.start() :]
    return None


def _sample(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text[:40]}..."' if len(text) > 40 else f'"{text}"'


def text_values(
    schemas: SchemaSet, value, schema: dict, base: str, path: FieldPath
) -> Iterator[tuple[FieldPath, dict]]:
    """Every text of the site's languages (a mapping with one value per language code), with its path."""
    schema, base = schemas.resolve(schema, base)
    props = schema.get("properties", {})
    if isinstance(value, dict) and set(props) == set(CODES):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            if key in props:
                yield from text_values(schemas, child, props[key], base, path + (key,))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, child in enumerate(value):
            yield from text_values(schemas, child, schema["items"], base, path + (index,))


def text_script_problems(path: FieldPath, text: dict) -> Iterator[Problem]:
    """The script problems of one text, a problem per language value."""
    same = bool(path) and path[-1] in PROPER_NAMES and len({str(v) for v in text.values()}) == 1
    for lang in LANGUAGES:
        value = text.get(lang.code)
        if isinstance(value, str) and (problem := script_problem(lang, value, same)):
            yield path + (lang.code,), problem


def language_problems(schemas: SchemaSet, kind: str, data: dict) -> list[Problem]:
    """(field path, message) for each text of a schema-valid record whose script does not fit its language.

    Texts listed in the record's `language_exceptions:` are let through; an exception that names no
    text of the record, names one twice, or names a text the check passes is itself a problem.
    """
    found: dict[str, Problem] = {}
    texts: set[str] = set()
    for path, text in text_values(schemas, data, *schemas.root(kind), ()):
        texts.update(field_path(path + (code,)) for code in CODES)
        for where, message in text_script_problems(path, text):
            found[field_path(where)] = (where, message)
    return _apply_exceptions(data.get(EXCEPTIONS, ()), found, texts)


def _apply_exceptions(exceptions, found: dict[str, Problem], texts: set[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, exception in enumerate(exceptions):
        name, where = exception["field"], (EXCEPTIONS, index, "field")
        if name in seen:
            problems.append((where, say("language_exception_twice", name=name, field=EXCEPTIONS, first=seen[name])))
        elif name not in texts:
            problems.append((where, say("language_exception_unknown", name=name)))
        elif name not in found:
            problems.append((where, say("language_exception_unneeded", name=name)))
        seen.setdefault(name, index)
    return problems + [problem for name, problem in found.items() if name not in seen]
