"""A throwaway copy of the project, for tests that change or build it.

A plain module rather than conftest.py, because tests/ and tests/browser/ each have a
conftest.py and `from conftest import ...` would pick whichever pytest imported first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

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
