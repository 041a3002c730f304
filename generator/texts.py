"""Diagnostics in the contributor's language: the message catalogue of site_config/messages.yaml.

Every message `validate` gives is a keyed entry of the catalogue with one text per language of the
registry (site_config/languages.yaml), written with `{placeholders}`; code names the key and the
values (`say("unknown_field", key=..., ...)`), never the words. The language is the one chosen with
`use_language` (`validate --lang`), else the environment's locale (LC_ALL, LC_MESSAGES, LANG, the
first one set), else the first language of the registry.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import string
from collections.abc import Iterator, Mapping
from pathlib import Path

CATALOGUE_FILE = "messages.yaml"
_KEY = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_chosen: str | None = None
_loading = False  # while the catalogue is read, the loader's own messages cannot come from it


def use_language(code: str | None) -> None:
    """Give every later message in `code` (None: follow the environment's locale again)."""
    global _chosen
    _chosen = code


@contextlib.contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Give the messages in `code` for a while (a command's --lang, the preview's error page of each language),
    then as before; None follows the environment's locale meanwhile."""
    global _chosen
    before, _chosen = _chosen, code
    try:
        yield
    finally:
        _chosen = before


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The language of the locale (`ko_KR.UTF-8` -> ko), or the registry's first when it names none of its own."""
    from .languages import CODES  # late: the registry is read through records/load, which uses this module

    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:  # the first one set decides, as for any program that follows the locale
            code = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            return code if code in CODES else CODES[0]
    return CODES[0]


def current_language() -> str:
    """The language messages are given in now."""
    return _chosen or language_from_environment()


def say(key: str, /, **values: object) -> str:
    """The message `key` in the current language, with its `{placeholders}` filled in from `values`."""
    if _loading:
        return f"{key} {values}"
    return catalogue()[key][current_language()].format(**values)


def language_name(lang) -> str:
    """A language's name in the language messages are given in (`language_<code>`), or its English name."""
    key = f"language_{lang.code}"
    return say(key) if key in catalogue() else lang.english_name


def choices(items) -> str:
    """A list of choices as messages show them: `a, b, c`."""
    return ", ".join(str(item) for item in items)


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """The bundled catalogue, checked; ContentError naming the file, line and key if it is broken."""
    from .diagnostics import ContentError
    from .project import bundled_config_dir

    global _loading
    _loading = True
    try:
        entries, problems = read_catalogue(bundled_config_dir() / CATALOGUE_FILE, f"site_config/{CATALOGUE_FILE}")
    finally:
        _loading = False
    if problems:
        raise ContentError(problems)
    return entries


def read_catalogue(path: Path, display: str):
    """The entries of a catalogue file and the problems with it (every key in every language, same placeholders).

    Its own messages cannot come from a catalogue that may be broken, so they are given in every
    language at once.
    """
    from .diagnostics import Diagnostic
    from .languages import CODES
    from .records.load import LoadError, load_file

    try:
        loaded = load_file(path, display)
    except LoadError as exc:
        return {}, list(exc.diagnostics)
    problems = []
    for key, entry in loaded.data.items():
        line, col = loaded.position((key,), key=True)
        problem = _entry_problem(key, entry, CODES)
        if problem:
            problems.append(Diagnostic(display, line, col, key, problem))
    return loaded.data, problems


def _entry_problem(key: str, entry: object, codes: tuple[str, ...]) -> str | None:
    if not _KEY.fullmatch(key):
        return "키는 소문자, 숫자, 밑줄로 씁니다 / expected a key of lower-case letters, digits and underscores"
    wanted = ", ".join(codes)
    if (
        not isinstance(entry, dict)
        or set(entry) != set(codes)
        or not all(isinstance(v, str) and v for v in entry.values())
    ):
        return f"언어마다 글이 하나씩 있어야 합니다 / expected a non-empty text in each of: {wanted}"
    fields = set()
    for text in entry.values():
        try:
            fields.add(frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None))
        except ValueError as exc:
            return f"자리표시자가 잘못되었습니다 / a placeholder is malformed: {exc}"
    if len(fields) > 1:
        return "언어마다 같은 {자리표시자}를 써야 합니다 / expected the same {placeholders} in every language"
    return None
