"""Where things live in a project checkout."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

KINDS = {"program": "programs", "case": "cases"}
# What a throwaway copy of a checkout needs to build: the code and config, and the records.
CODE_PARTS = ("site_config", "docs", "generator", "mkdocs.yml")
PROJECT_PARTS = (*KINDS.values(), *CODE_PARTS)


@dataclasses.dataclass(frozen=True)
class Project:
    """The folders of one checkout: records in, generated Markdown and site out."""

    root: Path

    @property
    def config_dir(self) -> Path:
        """site_config/: schemas, taxonomy, templates, strings, theme overrides and assets."""
        return self.root / "site_config"

    @property
    def schema_dir(self) -> Path:
        """The JSON Schemas of the record format."""
        return self.config_dir / "schema"

    @property
    def generated_dir(self) -> Path:
        """The git-ignored Markdown tree that MkDocs (or ProperDocs, Zensical) builds."""
        return self.root / ".generated"

    @property
    def site_dir(self) -> Path:
        """The built site: Korean at the root, English under en/."""
        return self.root / "site"

    def record_dir(self, kind: str) -> Path:
        """programs/ or cases/."""
        return self.root / KINDS[kind]

    def display(self, path: Path) -> str:
        """A path relative to the project root, with forward slashes, for messages."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def find_project(start: Path | None = None) -> Project:
    """The project whose root holds site_config/, searching upwards from `start` (or the cwd)."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "site_config" / "schema").is_dir():
            return Project(candidate)
    return Project(here)


def copy_project(target: Path, source: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Project:
    """Copy `parts` of the checkout at `source` into `target`, replacing folders already there (no site, no .venv)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if (source / part).is_dir():
            if (target / part).is_dir():
                shutil.rmtree(target / part)
            shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / part, target / part)
    return Project(target)
