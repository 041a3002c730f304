"""Shared fixtures: throwaway project copies, the bundled catalogue checked once, one built site per session."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from project_copy import copy_project

from generator.pipeline import check
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    """Build the throwaway copies (not git checkouts) with this commit's date, as a build of it would.

    Without it their build date would be unknown, which is a warning locally and an error under CI.
    """
    if "SOURCE_DATE_EPOCH" not in os.environ:
        last_commit = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
        os.environ["SOURCE_DATE_EPOCH"] = last_commit or str(int(time.time()))
    # The repository address comes from site_config/site.yaml in the tests; the ones that try
    # REPOSITORY_URL (which the workflow sets for its builds) set it themselves.
    os.environ.pop("REPOSITORY_URL", None)
    # Messages follow the locale (generator/texts.py); the tests read them in English unless they choose.
    os.environ.pop("LC_ALL", None)
    os.environ["LC_MESSAGES"] = "en_US.UTF-8"


@pytest.fixture(scope="session")
def bundled():
    """The bundled catalogue and interface strings, checked once for the session (frozen: nothing changes them)."""
    return check(Project(REPO))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the project for one test to change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Project:
    """The bundled records built once (both languages) in a session-wide copy."""
    from generator.mkdocs_adapter.build import build_site

    built = copy_project(tmp_path_factory.mktemp("built") / "project")
    build_site(built)
    return built
