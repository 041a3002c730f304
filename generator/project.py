"""Where things live in a project checkout."""

from __future__ import annotations

import dataclasses
from pathlib import Path

KINDS = {"program": "programs", "case": "cases"}


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
