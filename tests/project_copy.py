"""A throwaway copy of the project, for tests that change or build it.

A plain module rather than conftest.py, because tests/ and tests/browser/ each have a
conftest.py and `from conftest import ...` would pick whichever pytest imported first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import project

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> project.Project:
    """A copy of the repository's records, config and docs in `target` (no site, no .venv)."""
    return project.copy_project(target, REPO)


#: The records written from the 2013 article, as first written: they hold no web address and were all
#: reviewed on one day, so tests of the report and of the link check can assert exact output on them
#: alone. The catalogue's own copies grow later sources and links (issue 10); these stay frozen.
ARTICLE_FIXTURES = REPO / "tests" / "fixtures" / "article-records"


def keep_article_records(project: project.Project) -> project.Project:
    """Keep only the article's records in a project copy, as they were first written (frozen fixtures)."""
    for path in [*project.root.glob("programs/*.yaml"), *project.root.glob("cases/*.yaml")]:
        path.unlink()
    shutil.rmtree(project.root / "calls", ignore_errors=True)  # the article's programmes have no call files
    for frozen in ARTICLE_FIXTURES.glob("*/*.yaml"):
        shutil.copyfile(frozen, project.root / frozen.parent.name / frozen.name)
    return project
