"""Shared fixtures: throwaway copies of the project, and one built site per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.project import Project

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("programs", "cases", "site_config", "docs", "generator", "mkdocs.yml")


def copy_project(target: Path) -> Project:
    """A copy of the repository's records, config and docs in `target` (no site, no .venv)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return Project(target)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the project for one test to change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Project:
    """The bundled records built once (both languages) in a session-wide copy."""
    from generator.mkdocs_adapter import build_site

    built = copy_project(tmp_path_factory.mktemp("built") / "project")
    build_site(built)
    return built
