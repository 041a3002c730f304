"""The language registry: every language of the site, read from site_config/languages.yaml.

Nothing else in the generator names a language code: it asks this module for the languages
(`LANGUAGES`, in order, the default first) and for one by its code (`language`), which refuses
a code it does not know. The registry is data, not code, so a site adds a language by adding an
entry (and its texts, strings and MkDocs config) without touching the generator; it is read from
the site_config/ that travels with this package (see `project.bundled_config_dir`).
"""

from __future__ import annotations

import dataclasses
import re
import string
from pathlib import Path

from .diagnostics import ContentError, Diagnostic
from .project import bundled_config_dir

REGISTRY_FILE = "languages.yaml"


class UnknownLanguage(LookupError):
    """A language code that is not in the registry."""

    def __init__(self, code: object):
        known = ", ".join(CODES) if "CODES" in globals() else "(none loaded)"
        super().__init__(f"unknown language {code!r}; the site's languages are {known} (site_config/{REGISTRY_FILE})")


@dataclasses.dataclass(frozen=True)
class Language:
    """One language of the site and everything that differs by language."""

    #: The key of the language's text in records (`ko:`), its `lang` and `hreflang`.
    code: str
    #: Its name in itself, as the language switcher shows it.
    name: str
    #: Its name in English, for messages to authors.
    english_name: str
    #: The script its text is written in (Hangul, Latin); `report` checks Hangul texts.
    script: str
    #: Where its pages live under the site root: "" for the root, else "xx/".
    prefix: str
    #: Its MkDocs config, relative to the project root.
    mkdocs_config: str
    #: The file name of its Atom feed of success cases, under api/.
    feed: str
    #: How an approximate figure reads ("{}" is the number with its unit).
    about: str
    #: How a lower bound reads.
    more_than: str
    #: A unit in a non-Latin script follows the number with no space (250곳).
    tight_units: bool

    @property
    def is_default(self) -> bool:
        """True for the language at the site root (the `x-default` alternate)."""
        return self.prefix == ""


_FIELDS = {f.name: f.type for f in dataclasses.fields(Language)}
#: A language code (BCP 47's language and subtags): it names folders (docs/<code>/, .generated/<code>/).
_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
#: A plain file name: no folder, no `..`, no leading dot (the feed is written under api/).
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*")
#: What each field that becomes a path must be, and how a message says it.
_PATH_FIELDS = {
    "code": (_CODE, "expected a language code of lower-case letters such as ko or pt-BR"),
    "feed": (_FILE_NAME, "expected a plain file name such as cases.en.atom (no folder, no '..')"),
    "mkdocs_config": (
        re.compile(rf"({_FILE_NAME.pattern}/)*{_FILE_NAME.pattern}\.ya?ml"),
        "expected a .yml file's path relative to the project root, such as site_config/mkdocs.en.yml "
        "(no '..', no leading /)",
    ),
}


def load_registry(path: Path, display: str) -> tuple[tuple[Language, ...], str]:
    """The languages of a registry file and its metadata language; ContentError naming the file and entry."""
    from .records.load import LoadError, load_file  # late: records/ imports the model, which imports this

    try:
        loaded = load_file(path, display)
    except LoadError as exc:
        raise ContentError(exc.diagnostics) from None
    if not isinstance(loaded.data, dict) or set(loaded.data) != {"metadata", "languages"}:
        raise ContentError([Diagnostic(display, 1, 1, "", "expected a mapping with exactly metadata and languages")])
    entries = loaded.data["languages"]
    if not isinstance(entries, list) or not entries:
        raise ContentError([Diagnostic(display, 1, 1, "languages", "expected a list of languages")])
    found = [_language(entry, ("languages", index), loaded, display) for index, entry in enumerate(entries)]
    problems = [p for p in found if isinstance(p, Diagnostic)]
    languages = tuple(lang for lang in found if isinstance(lang, Language))
    codes = [lang.code for lang in languages]
    problems += _clashes(languages, loaded, display) if not problems else []
    if not problems and (len(set(codes)) != len(codes) or [lang.is_default for lang in languages].count(True) != 1):
        problems.append(
            Diagnostic(
                display,
                1,
                1,
                "languages",
                'expected distinct codes and exactly one language with prefix "" (the site root)',
            )
        )
    if not problems and loaded.data["metadata"] not in codes:
        line, col = loaded.position(("metadata",))
        problems.append(Diagnostic(display, line, col, "metadata", f"expected one of the codes {', '.join(codes)}"))
    if problems:
        raise ContentError(problems)
    return languages, loaded.data["metadata"]


def _language(entry: object, path: tuple, loaded, display: str) -> Language | Diagnostic:
    line, col = loaded.position(path)
    where = f"languages[{path[1]}]"
    if not isinstance(entry, dict) or set(entry) != set(_FIELDS):
        return Diagnostic(display, line, col, where, f"expected a mapping with exactly {', '.join(_FIELDS)}")
    if entry["tight_units"] not in ("true", "false"):
        line, col = loaded.position(path + ("tight_units",))
        return Diagnostic(display, line, col, f"{where}.tight_units", "expected true or false")
    values = {name: entry[name] == "true" if name == "tight_units" else entry[name] for name in _FIELDS}
    for name, problem in _field_problems(values):
        line, col = loaded.position(path + (name,))
        return Diagnostic(display, line, col, f"{where}.{name}", problem)
    return Language(**values)


def _field_problems(values: dict) -> list[tuple[str, str]]:
    """(field, what is wrong) for each value that would become a bad path or fail to format."""
    found = [
        (name, message)
        for name, (pattern, message) in _PATH_FIELDS.items()
        if not (isinstance(values[name], str) and pattern.fullmatch(values[name]))
    ]
    if not found and values["prefix"] not in ("", values["code"] + "/"):
        found.append(("prefix", 'expected "" or the code followed by /'))
    for name in ("about", "more_than"):
        if _fields_of(values[name]) != [""]:
            found.append((name, "expected a text with the number's place written {} once, such as 'about {}'"))
    return found


def _fields_of(text: object) -> list[str] | None:
    """The replacement fields of a format text ("{}" is ""), or None if it is not one."""
    try:
        return [field for _, field, _, _ in string.Formatter().parse(str(text)) if field is not None]
    except ValueError:
        return None


def _clashes(languages: tuple[Language, ...], loaded, display: str) -> list[Diagnostic]:
    """Two languages may not share a feed or an MkDocs config: the second would overwrite the first."""
    found = []
    for name in ("feed", "mkdocs_config"):
        seen: set[str] = set()
        for index, lang in enumerate(languages):
            value = getattr(lang, name)
            if value in seen:
                line, col = loaded.position(("languages", index, name))
                message = f"'{value}' is already another language's {name}; expected one per language"
                found.append(Diagnostic(display, line, col, f"languages[{index}].{name}", message))
            seen.add(value)
    return found


def language(code: str) -> Language:
    """The language with this code; UnknownLanguage if the registry has none."""
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise UnknownLanguage(code) from None


LANGUAGES, _METADATA_CODE = load_registry(bundled_config_dir() / REGISTRY_FILE, f"site_config/{REGISTRY_FILE}")
#: The codes, in registry order (the default first).
CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
#: The language at the site root.
DEFAULT: Language = next(lang for lang in LANGUAGES if lang.is_default)
_BY_CODE = {lang.code: lang for lang in LANGUAGES}
#: The language of the open data's metadata titles (CSVW).
METADATA: Language = _BY_CODE[_METADATA_CODE]


def text_keys() -> str:
    """The keys of a text for messages: "'ko' and 'en'"."""
    quoted = [f"'{code}'" for code in CODES]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1] if len(quoted) > 1 else quoted[0]
