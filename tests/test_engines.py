"""The site builds with ProperDocs, the maintained fork of MkDocs 1.6, exactly as with MkDocs.

`make site ENGINE=properdocs` installs requirements-properdocs.lock into .venv-properdocs (MkDocs
left out, so nothing can fall back to it) and runs `python -m generator build --engine properdocs`.
The two lock files must agree on every package they share, and the exact pins of pyproject.toml
must be the locked versions, so that an update of one cannot silently leave the other behind.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from project_copy import copy_project

REPO = Path(__file__).resolve().parent.parent
MKDOCS_ONLY = {"mkdocs", "mkdocs-get-deps", "mergedeep"}  # what ProperDocs replaces
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="mkdocs-([^"]*), mkdocs-material-[^"]*">')


def pins(path: Path) -> dict[str, str]:
    """Package name (normalised) -> exact version, from a lock file."""
    found = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return found


def test_the_properdocs_lock_is_the_main_lock_with_properdocs_in_place_of_mkdocs():
    main, properdocs = pins(REPO / "requirements.lock"), pins(REPO / "requirements-properdocs.lock")
    assert main.keys() >= MKDOCS_ONLY
    assert not MKDOCS_ONLY & properdocs.keys()
    shared = {name: version for name, version in main.items() if name not in MKDOCS_ONLY}
    assert {name: version for name, version in properdocs.items() if name != "properdocs"} == shared
    assert "properdocs" in properdocs


def test_exact_pins_in_pyproject_are_the_locked_versions():
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    locked = {**pins(REPO / "requirements.lock"), **pins(REPO / "requirements-properdocs.lock")}
    extras = project["optional-dependencies"].values()
    requirements = [*project["dependencies"], *(r for extra in extras for r in extra)]
    exact = dict(r.lower().split("==") for r in requirements if "==" in r)
    assert exact.keys() >= {"mkdocs", "mkdocs-material", "properdocs"}
    assert {name: locked.get(name) for name in exact} == exact


def properdocs_python() -> Path:
    """The Python of .venv-properdocs, set up (or brought up to date) as `make site ENGINE=properdocs` does."""
    subprocess.run(
        ["make", "--no-print-directory", "ENGINE=properdocs", ".venv-properdocs/.site-installed"],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=1800,
    )
    return REPO / ".venv-properdocs" / "bin" / "python"


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs(built_project, tmp_path):
    python = properdocs_python()
    no_mkdocs = subprocess.run([python, "-c", "import mkdocs"], capture_output=True, text=True)
    assert "No module named 'mkdocs'" in no_mkdocs.stderr  # the build below cannot fall back to MkDocs
    copy = copy_project(tmp_path / "project")
    build = subprocess.run(
        [python, "-m", "generator", "--root", str(copy.root), "build", "--engine", "properdocs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr
    assert build.stdout == "Site built in site/ (Korean) and site/en/ (English).\n"

    by_properdocs, by_mkdocs = site_files(copy.site_dir), site_files(built_project.site_dir)
    assert by_properdocs.keys() == by_mkdocs.keys()
    for home in ("index.html", "en/index.html"):
        assert GENERATOR_TAG.search(by_properdocs[home])[1].startswith(b"ProperDocs 1.6.")
        assert GENERATOR_TAG.search(by_mkdocs[home])[1] == b"1.6.1"
    # Byte for byte the same site, but for the generator tag in each page's head.
    differ = [
        path
        for path in by_mkdocs
        if GENERATOR_TAG.sub(b"", by_properdocs[path]) != GENERATOR_TAG.sub(b"", by_mkdocs[path])
    ]
    assert differ == []


@pytest.mark.skipif(importlib.util.find_spec("properdocs") is not None, reason="ProperDocs is installed here")
def test_build_says_when_properdocs_is_not_installed(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(REPO), "build", "--engine", "properdocs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: ProperDocs is not installed here; run: make site ENGINE=properdocs\n"


def test_ci_builds_with_properdocs_in_a_job_of_its_own():
    workflow = yaml.load((REPO / ".github" / "workflows" / "ci.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    runs = [step.get("run", "") for step in workflow["jobs"]["properdocs"]["steps"]]
    assert "make site ENGINE=properdocs" in runs
    checks = next(run for run in runs if "mkdocs-ProperDocs" in run)
    assert "site/index.html" in checks and "site/en/index.html" in checks and "import mkdocs" in checks


def test_renovate_updates_every_lock_file_and_the_actions_weekly_in_groups():
    config = json.loads((REPO / ".github" / "renovate.json").read_text("utf-8"))
    assert set(config["enabledManagers"]) == {"pip_requirements", "pep621", "github-actions"}
    patterns = [re.compile(p.strip("/")) for p in config["pip_requirements"]["managerFilePatterns"]]
    locks = sorted(path.name for path in REPO.glob("requirements*.lock"))
    assert locks == ["requirements-properdocs.lock", "requirements-test.lock", "requirements.lock"]
    assert [name for name in locks if not any(p.search(name) for p in patterns)] == []
    assert config["schedule"] == ["* 0-5 * * 1"]  # early on Mondays
    groups = {tuple(rule["matchManagers"]): rule["groupName"] for rule in config["packageRules"] if "groupName" in rule}
    assert groups == {("pip_requirements", "pep621"): "Python packages", ("github-actions",): "GitHub Actions"}
