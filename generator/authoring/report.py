"""`python -m generator report`: records due for review, and text missing or left untranslated.

The report reads the record files itself (not the validated model), so it also works while
some records still have errors, and it can point at the line of each finding. It is a to-do
list for editors; with `--ci` it also fails (exit 1) on what must not be published: a record
that cannot be read, or a placeholder left by `python -m generator new`.

What counts as untranslated is a heuristic: the Korean and English texts are the same;
the Korean text has no Hangul; or the English text is mostly Hangul. Short codes such as
"KISTI" or "ACE" are the same in both languages and are not reported. Placeholders left
by `python -m generator new` ("TODO: ...") are reported too.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from ..diagnostics import Diagnostic, field_path, printable
from ..languages import CODES, LANGUAGES, Language
from ..project import KINDS, Project
from ..records.checks import PLACEHOLDER
from ..records.load import LoadedFile, LoadError, load_file
from ..records.schema import SchemaSet
from .currency import Currency, add_currency, freshness_years

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9&.\-]{1,11}")  # acronyms and codes read the same in both languages
PLACEHOLDER_FINDING = f"still holds a placeholder ({PLACEHOLDER} ...)"


@dataclasses.dataclass(frozen=True)
class Report:
    """The findings of one run: records due for review, and text problems."""

    stale: tuple[Diagnostic, ...]
    text: tuple[Diagnostic, ...]
    unreadable: tuple[Diagnostic, ...]
    #: Placeholders, which `validate` refuses: such a record must not be published.
    refused: tuple[Diagnostic, ...] = ()
    #: Facts whose `as_of` is older than the freshness limit (site_config/site.yaml).
    old_facts: tuple[Diagnostic, ...] = ()
    #: Records whose sources are all older than the freshness limit.
    old_sources: tuple[Diagnostic, ...] = ()
    #: Links never checked, or last checked more than a year ago.
    unchecked_links: tuple[Diagnostic, ...] = ()
    #: The freshness limit in years the lists above were judged by.
    years: int = 2

    @property
    def blocking(self) -> tuple[Diagnostic, ...]:
        """The findings that fail the report in CI mode."""
        return self.unreadable + self.refused


def review_report(project: Project, older_than: int = 365, today: datetime.date | None = None) -> Report:
    """Find records last reviewed more than `older_than` days before `today`, and text problems."""
    today = today or datetime.date.today()
    schemas = SchemaSet(project.schema_dir)
    stale: list[Diagnostic] = []
    text: list[Diagnostic] = []
    unreadable: list[Diagnostic] = []
    years, current = freshness_years(project), Currency()
    for kind in KINDS:
        folder = project.record_dir(kind)
        if folder.exists() and not folder.is_dir():
            unreadable.append(Diagnostic(project.display(folder), 1, 1, "", "is not a folder of .yaml record files"))
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            try:
                loaded = load_file(path, project.display(path))
            except LoadError as exc:
                unreadable.append(exc.diagnostics[0])
                continue
            stale += _review_age(loaded, older_than, today)
            add_currency(current, loaded, today, years)
            schema, base = schemas.root(kind)
            text += _text_problems(schemas, loaded, loaded.data, schema, base, ())
    refused = tuple(d for d in sorted(text) if d.message == PLACEHOLDER_FINDING)
    kept = tuple(d for d in sorted(text) if d not in refused)
    return Report(
        tuple(stale),
        kept,
        tuple(unreadable),
        refused,
        tuple(current.facts),
        tuple(current.sources),
        tuple(current.links),
        years,
    )


def _review_age(loaded: LoadedFile, older_than: int, today: datetime.date) -> list[Diagnostic]:
    value = loaded.data.get("last_reviewed")
    line, col = loaded.position(("last_reviewed",))
    if value is None:
        return [Diagnostic(loaded.path, 1, 1, "last_reviewed", "has no last-reviewed date")]
    try:
        reviewed = datetime.date.fromisoformat(str(value))
    except ValueError:
        return [Diagnostic(loaded.path, line, col, "last_reviewed", f"'{value}' is not a date written YYYY-MM-DD")]
    age = (today - reviewed).days
    if age <= older_than:
        return []
    return [Diagnostic(loaded.path, line, col, "last_reviewed", f"last reviewed {reviewed} ({age} days ago)")]


def _text_problems(schemas: SchemaSet, loaded: LoadedFile, value, schema: dict, base: str, path) -> list[Diagnostic]:
    schema, base = schemas.resolve(schema, base)
    props = schema.get("properties", {})
    if isinstance(value, dict) and set(props) == set(CODES):
        name = bool(path) and path[-1] in PROPER_NAMES
        return [_diagnostic(loaded, path + (lang,), message) for lang, message in text_findings(value, name)]
    found: list[Diagnostic] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if key in props:
                found += _text_problems(schemas, loaded, child, props[key], base, path + (key,))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, child in enumerate(value):
            found += _text_problems(schemas, loaded, child, schema["items"], base, path + (index,))
    return found


def _diagnostic(loaded: LoadedFile, path: tuple, message: str) -> Diagnostic:
    line, col = loaded.position(path)
    return Diagnostic(loaded.path, line, col, field_path(path), message)


#: Fields that hold a proper name: a foreign company's name is written in Latin letters in Korean too
#: (CorWave, Sklárna Novosad), so the same text in both languages is not an untranslated one.
PROPER_NAMES = {"name", "short_name"}


def text_findings(text: dict, proper_name: bool = False) -> list[tuple[str, str]]:
    """(language, message) for what is missing or looks untranslated in one text (a value per language)."""
    values = {lang.code: text.get(lang.code) for lang in LANGUAGES}
    found = [
        (lang.code, f"the {lang.english_name} text is missing")
        for lang in LANGUAGES
        if not isinstance(values[lang.code], str) or not values[lang.code].strip()
    ]
    if found:
        return found
    found += [(code, PLACEHOLDER_FINDING) for code, value in values.items() if value.lstrip().startswith(PLACEHOLDER)]
    if proper_name and len(set(values.values())) == 1 and not _HANGUL.search(text[LANGUAGES[0].code]):
        return found  # a name in Latin letters, which every language writes the same way
    for hangul in (lang for lang in LANGUAGES if lang.script == "Hangul"):
        found += _script_findings(hangul, values)
    return found


def _script_findings(hangul: Language, values: dict[str, str]) -> list[tuple[str, str]]:
    """A text in Hangul that has none, or another language's text that is the same or mostly Hangul."""
    own, found = values[hangul.code].strip(), []
    if _is_code(own):
        return []
    others = [lang for lang in LANGUAGES if lang.script != "Hangul"]
    same = [lang for lang in others if values[lang.code].strip() == own]
    found += [
        (lang.code, f"the {hangul.english_name} and {lang.english_name} texts are the same; translate one of them")
        for lang in same
    ]
    if not same and not _HANGUL.search(own):
        found.append((hangul.code, f"has no {hangul.english_name} (Hangul) letters; write it in {hangul.english_name}"))
    found += [
        (lang.code, f"is mostly {hangul.english_name}; write it in {lang.english_name}")
        for lang in others
        if _mostly_hangul(values[lang.code]) and values[lang.code].strip() != own
    ]
    return found


def _is_code(text: str) -> bool:
    """Acronyms and codes ("KISTI", "TNO SBIR") that read the same in both languages."""
    words = text.split()
    return bool(words) and all(_CODE.fullmatch(word) for word in words)


def _mostly_hangul(text: str) -> bool:
    letters = _LETTER.findall(text)
    return bool(letters) and sum(1 for ch in letters if _HANGUL.match(ch)) * 2 > len(letters)


def _sections(report: Report, older_than: int, today: datetime.date) -> list[tuple[str, tuple[Diagnostic, ...]]]:
    return [
        (f"Records last reviewed more than {older_than} days before {today}:", report.stale),
        (f"Facts dated more than {report.years} years before {today}:", report.old_facts),
        (f"Records whose sources are all more than {report.years} years old:", report.old_sources),
        ("Links not checked for a year (run: python -m generator links):", report.unchecked_links),
        ("Text missing or not translated:", report.text),
        ("Records that cannot be read (run: python -m generator validate):", report.unreadable),
        ("Not to be published as it is (python -m generator validate refuses it):", report.refused),
    ]


def _total(sections) -> str:
    total = sum(len(findings) for _, findings in sections)
    return "Nothing to report." if not total else f"{total} finding{'s' if total != 1 else ''}."


def format_report(report: Report, older_than: int, today: datetime.date) -> str:
    """The report as plain text, one `path:line:col: field: message` line per finding."""
    sections = _sections(report, older_than, today)
    lines = []
    for title, findings in sections:
        if findings:
            lines += [title, *(f"  {d.format()}" for d in findings), ""]
    lines.append(_total(sections))
    return "\n".join(lines)


def format_report_markdown(report: Report, older_than: int, today: datetime.date) -> str:
    """The report as Markdown for a workflow's job summary: a heading and a list per section."""
    sections = _sections(report, older_than, today)
    lines = [f"## Record report ({today})", ""]
    for title, findings in sections:
        if findings:
            lines += [f"### {title.rstrip(':')} ({len(findings)})", ""]
            lines += [
                f"- `{d.path}:{d.line}:{d.column}` {markdown_text(d.field)}: {markdown_text(d.message)}"
                for d in findings
            ]
            lines.append("")
    lines.append(_total(sections))
    return "\n".join(lines)


def markdown_text(text: str) -> str:
    """Plain text made safe inside a Markdown list item: characters that format are escaped."""
    return re.sub(r"([\\`*_\[\]<>|#!~])", r"\\\1", printable(text))
