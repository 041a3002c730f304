"""`python -m generator report`: records due for review, and text missing or left untranslated.

The report reads the record files itself (not the validated model), so it also works while
some records still have errors, and it can point at the line of each finding. It is a to-do
list for editors; with `--ci` it also fails (exit 1) on what must not be published: a record
that cannot be read, or a placeholder left by `python -m generator new`.

What counts as untranslated: the Korean and English texts are the same (short codes such as
"KISTI" or "ACE", and names in name fields, may be); or a text's script does not fit its
language, by the one rule `validate` applies (records/language_check.py), so that the report
lists it also for records that cannot be validated yet. Placeholders left by `python -m
generator new` ("TODO: ...") are reported too.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from ..diagnostics import Diagnostic, field_path, printable
from ..languages import LANGUAGES
from ..project import KINDS, Project
from ..records.checks import PLACEHOLDER
from ..records.language_check import EXCEPTIONS, PROPER_NAMES, text_script_problems, text_values
from ..records.load import LoadedFile, LoadError, load_file
from ..records.schema import SchemaSet
from .currency import Currency, add_currency, freshness_years

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
    exempt = _exempt_fields(loaded.data)
    found = []
    for where, text in text_values(schemas, value, schema, base, path):
        name = bool(where) and where[-1] in PROPER_NAMES
        for lang, message in text_findings(text, name):
            if field_path(where + (lang,)) not in exempt:
                found.append(_diagnostic(loaded, where + (lang,), message))
    return found


def _exempt_fields(data) -> set[str]:
    """The fields the record lists under language_exceptions (read from the raw file)."""
    listed = data.get(EXCEPTIONS) if isinstance(data, dict) else None
    return {item.get("field") for item in listed if isinstance(item, dict)} if isinstance(listed, list) else set()


def _diagnostic(loaded: LoadedFile, path: tuple, message: str) -> Diagnostic:
    line, col = loaded.position(path)
    return Diagnostic(loaded.path, line, col, field_path(path), message)


def text_findings(text: dict, proper_name: bool = False) -> list[tuple[str, str]]:
    """(language, message) for what is missing or looks untranslated in one text (a value per language).

    Whether a text's script fits its language is the rule `validate` applies (records/language_check.py).
    """
    values = {lang.code: text.get(lang.code) for lang in LANGUAGES}
    found = [
        (lang.code, f"the {lang.english_name} text is missing")
        for lang in LANGUAGES
        if not isinstance(values[lang.code], str) or not values[lang.code].strip()
    ]
    if found:
        return found
    found += [(code, PLACEHOLDER_FINDING) for code, value in values.items() if value.lstrip().startswith(PLACEHOLDER)]
    same = len({value.strip() for value in values.values()}) == 1
    if same and not proper_name and not _is_code(values[LANGUAGES[0].code]):
        first, *others = LANGUAGES
        found += [
            (lang.code, f"the {first.english_name} and {lang.english_name} texts are the same; translate one of them")
            for lang in others
        ]
    path = ("name",) if proper_name else ()
    found += [(where[-1], message) for where, message in text_script_problems(path, values)]
    return found


def _is_code(text: str) -> bool:
    """Acronyms and codes ("KISTI", "TNO SBIR") that read the same in both languages."""
    words = text.split()
    return bool(words) and all(_CODE.fullmatch(word) for word in words)


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
