"""Shared fixtures: throwaway copies of the project, and one built site per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from project_copy import copy_project

from generator.project import Project


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
