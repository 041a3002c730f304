"""`python -m generator validate` as a user runs it: every problem on its own line, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.project import Project

CASE = "cases/charmcare-france-supply.yaml"
CASE_FIELDS = (
    "company, last_reviewed, markets, outcomes, partners, programs, quote, sources, story, summary, tags, title, year"
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
