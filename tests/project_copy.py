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


#: The records written from the 2013 article: they hold no web address and were all reviewed on one
#: day, so tests of the report and of the link check can assert exact output on them alone.
ARTICLE_RECORDS = {
    "asti",
    "european-technology-platforms",
    "gri-sme-technology-support",
    "kisti-knowledge-mentoring",
    "kitech-consulting",
    "tno-sbir",
    "charmcare-france-supply",
    "knr-systems-link-partnership",
}


def keep_article_records(project: project.Project) -> project.Project:
    """Remove every record but the article's from a project copy."""
    for path in [*project.root.glob("programs/*.yaml"), *project.root.glob("cases/*.yaml")]:
        if path.stem not in ARTICLE_RECORDS:
            path.unlink()
    return project
