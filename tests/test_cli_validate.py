"""`python -m generator validate` as a user runs it: every problem on its own line, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.project import Project

CASE = "cases/charmcare-france-supply.yaml"
CASE_FIELDS = (
    "company, language_exceptions, last_reviewed, markets, outcomes, partners, programs, quote, sectors, sources,"
    " story, summary, tags, title, year"
)


def run_validate(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the validate command in a child Python, as `make validate` does."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "validate"],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def break_two_files(project: Project) -> int:
    """Add an unknown field to a real case and write a programme indented with a tab; return the field's line."""
    case = project.root / CASE
    text = case.read_text("utf-8")
    case.write_text(text + "colour: blue\n", "utf-8")
    (project.root / "programs" / "broken-record.yaml").write_text("kind: programme\nname:\n\tko: 이름\n", "utf-8")
    return text.count("\n") + 1


def test_problems_are_listed_one_per_line_and_exit_1(project):
    line = break_two_files(project)
    result = run_validate(cwd=project.root)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{CASE}:{line}:1: colour: unknown field 'colour'; allowed here: {CASE_FIELDS}",
        "programs/broken-record.yaml:3:1: YAML syntax error: a tab character cannot indent YAML; indent with spaces",
        "2 problems found; nothing was built.",
    ]


def test_root_option_finds_the_project_from_elsewhere(project, tmp_path):
    break_two_files(project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_validate("--root", str(project.root), cwd=elsewhere)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "2 problems found; nothing was built."
    problem_lines = result.stderr.splitlines()[:-1]
    assert all(re.match(r"(cases|programs)/[a-z0-9-]+\.yaml:\d+:\d+: ", line) for line in problem_lines)


def test_bundled_records_are_valid(project):
    result = run_validate(cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.fullmatch(r"\d+ programmes and \d+ cases are valid\.\n", result.stdout)


def test_one_problem_is_counted_in_the_singular(project):
    (project.root / "cases" / "Bad Name.yaml").write_text("title: x\n", "utf-8")
    result = run_validate(cwd=project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "cases/Bad Name.yaml:1:1: file name 'Bad Name' is not a valid record id;"
        " use lower-case ASCII letters, digits and hyphens, such as 'bad-name.yaml'",
        "1 problem found; nothing was built.",
    ]


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(project):
    import os

    os.rename(project.root / CASE, os.path.join(os.fsencode(project.root), b"cases/caf\xe9.yaml"))
    expected = "cases/caf\\xe9.yaml:1:1: file name 'caf\\xe9' is not a valid record id"
    for fmt in ("text", "github", "json"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--format", fmt],
            cwd=project.root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        out = result.stderr if fmt == "text" else result.stdout
        assert ("caf\\\\xe9" if fmt == "json" else "caf\\xe9") in out  # JSON doubles the backslash
        if fmt == "text":
            assert out.startswith(expected)


def test_a_field_name_with_a_line_break_stays_on_its_line(project):
    case = project.root / CASE
    case.write_text(case.read_text("utf-8") + '"x\\nprograms/asti.yaml:1:1: y": 1\n', "utf-8")
    result = run_validate(cwd=project.root)
    assert result.returncode == 1
    [problem, summary] = result.stderr.splitlines()
    assert problem.startswith(f"{CASE}:") and "unknown field 'x\\nprograms/asti.yaml:1:1: y'" in problem
    assert summary == "1 problem found; nothing was built."


def test_a_records_folder_that_is_a_file_fails_validate(project):
    import shutil

    shutil.rmtree(project.root / "cases")
    (project.root / "cases").write_text("", "utf-8")
    result = run_validate(cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == "cases:1:1: is not a folder; cases/ must be a folder of .yaml record files"


def test_a_broken_schema_file_is_a_message_not_a_traceback(project):
    (project.schema_dir / "common.schema.json").write_text("{", "utf-8")
    result = run_validate(cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "site_config/schema/common.schema.json:1:2: schema file is not valid JSON:"
        " Expecting property name enclosed in double quotes"
    )
