"""Output formats for diagnostics: plain text, GitHub workflow commands, and JSON.

`text` is what a person reads in a terminal (`path:line:col: field: message`). `github`
prints workflow commands that GitHub Actions turns into annotations on the offending
lines of a pull request. `json` is a small versioned document for other tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .diagnostics import Diagnostic

FORMATS = ("text", "github", "json")
JSON_FORMAT_VERSION = 1


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command (after `::`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value of a workflow command (`file=`, `title=`, ...)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotation(diagnostic: Diagnostic, level: str = "error") -> str:
    """One diagnostic as `::error file=PATH,line=L,col=C,title=FIELD::MESSAGE`."""
    properties = [
        ("file", diagnostic.path),
        ("line", str(diagnostic.line)),
        ("col", str(diagnostic.column)),
    ]
    if diagnostic.field:
        properties.append(("title", diagnostic.field))
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{level} {joined}::{escape_data(diagnostic.message)}"


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """One `path:line:col: field: message` line per diagnostic."""
    return "".join(d.format() + "\n" for d in diagnostics)


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """One GitHub `::error` workflow command per diagnostic."""
    return "".join(github_annotation(d) + "\n" for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    """`{"version": 1, "problems": [{path, line, column, field, message}, ...]}` with a newline."""
    problems = [
        {"path": d.path, "line": d.line, "column": d.column, "field": d.field, "message": d.message}
        for d in diagnostics
    ]
    document = {"version": JSON_FORMAT_VERSION, "problems": problems}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def format_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str) -> str:
    """Diagnostics in one of FORMATS."""
    formatter = {"text": format_text, "github": format_github, "json": format_json}.get(fmt)
    if formatter is None:
        raise ValueError(f"unknown format '{fmt}'; expected one of: {', '.join(FORMATS)}")
    return formatter(diagnostics)
