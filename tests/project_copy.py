"""A throwaway copy of the project, for tests that change or build it.

A plain module rather than conftest.py, because tests/ and tests/browser/ each have a
conftest.py and `from conftest import ...` would pick whichever pytest imported first.
"""

from __future__ import annotations

from pathlib import Path

from generator import project

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> project.Project:
    """A copy of the repository's records, config and docs in `target` (no site, no .venv)."""
    return project.copy_project(target, REPO)
