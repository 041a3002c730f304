"""Diagnostic output formats: text (default), GitHub workflow commands, JSON."""

from __future__ import annotations

import json
import re

import pytest

from generator.cli import main
from generator.diagnostics import ContentError, Diagnostic
from generator.formats import (
    escape_data,
    escape_property,
    format_diagnostics,
    format_github,
    format_json,
    format_text,
    github_annotation,
)
from generator.records.validate import validate_catalogue

TRICKY = Diagnostic("cases/a,b:c.yaml", 3, 7, "outcomes[0].value", "50% off, twice:\nsecond line\r")


def test_escape_data_follows_github_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"


def test_escape_property_also_escapes_colon_and_comma():
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotation_exact():
    assert github_annotation(TRICKY) == (
        "::error file=cases/a%2Cb%3Ac.yaml,line=3,col=7,title=outcomes[0].value::50%25 off, twice:\\nsecond line\\r"
    )


def test_github_annotation_without_field_has_no_title():
    plain = Diagnostic("cases/x.yaml", 1, 1, "", "file is empty")
    assert github_annotation(plain) == "::error file=cases/x.yaml,line=1,col=1::file is empty"


def test_text_is_the_usual_line():
    assert format_text([TRICKY]) == TRICKY.format() + "\n"


def test_json_document():
    document = json.loads(format_json([TRICKY]))
    assert document == {
        "version": 1,
        "problems": [
            {
                "path": "cases/a,b:c.yaml",
                "line": 3,
                "column": 7,
                "field": "outcomes[0].value",
                "message": "50% off, twice:\\nsecond line\\r",
            }
        ],
    }


def test_line_breaks_and_controls_are_escaped_in_every_format():
    """A field name with a line break must not print a second line that seems to blame another file."""
    broken = Diagnostic("cases/a.yaml", 2, 1, "x\ncases/other.yaml:1:1: y", "bad \x1b[31m\u202e")
    assert broken.format() == "cases/a.yaml:2:1: x\\ncases/other.yaml:1:1: y: bad \\x1b[31m\\u202e"
    for fmt in ("text", "github", "json"):
        assert len(format_diagnostics([broken], fmt).splitlines()) == (12 if fmt == "json" else 1)


def test_a_file_name_that_is_not_utf8_is_shown_with_its_bytes_in_every_format():
    name = b"cases/caf\xe9.yaml".decode("utf-8", "surrogateescape")
    diagnostic = Diagnostic(name, 1, 1, "", "only .yaml record files belong in cases/")
    assert diagnostic.path == "cases/caf\\xe9.yaml"
    for fmt in ("text", "github", "json"):
        format_diagnostics([diagnostic], fmt).encode("utf-8")  # no lone surrogate left to fail the write


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        format_diagnostics([], "xml")


@pytest.fixture
def broken(project):
    """The project with a case that names an unknown country and a missing programme."""
    source = (project.root / "cases" / "charmcare-france-supply.yaml").read_text("utf-8")
    broken = source.replace("  country: KR", "  country: XX").replace(
        "  - program: kisti-knowledge-mentoring", "  - program: kisti-knowledge-mentorin"
    )
    assert broken != source
    (project.root / "cases" / "broken-case.yaml").write_text(broken, "utf-8")
    with pytest.raises(ContentError) as caught:
        validate_catalogue(project)
    return project, caught.value.diagnostics


def test_validate_format_github(broken, capsys):
    project, diagnostics = broken
    assert main(["--root", str(project.root), "validate", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out == format_github(diagnostics)
    assert len(diagnostics) == 2
    for line in out.splitlines():
        assert re.fullmatch(r"::error file=cases/broken-case\.yaml,line=\d+,col=\d+,title=[\w.\[\]]+::.+", line)
    assert "2 problems found" in err


def test_validate_format_json(broken, capsys):
    project, diagnostics = broken
    assert main(["--root", str(project.root), "validate", "--format", "json"]) == 1
    out, _ = capsys.readouterr()
    document = json.loads(out)
    assert document["version"] == 1
    assert [(p["path"], p["line"], p["column"], p["field"], p["message"]) for p in document["problems"]] == [
        (d.path, d.line, d.column, d.field, d.message) for d in diagnostics
    ]
    assert {p["field"] for p in document["problems"]} == {"company.country", "programs[0].program"}


def test_validate_text_stays_the_default(broken, capsys):
    project, diagnostics = broken
    assert main(["--root", str(project.root), "validate"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(format_text(diagnostics))


def test_valid_records_give_an_empty_json_document(project, capsys):
    assert main(["--root", str(project.root), "validate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"version": 1, "problems": []}


def test_valid_records_give_no_annotations(project, capsys):
    assert main(["--root", str(project.root), "validate", "--format", "github"]) == 0
    assert "::" not in capsys.readouterr().out
