"""Where things live in a project checkout."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

KINDS = {"program": "programs", "case": "cases"}
#: The folder of call records: one sub-folder per source (`hand`, or a harvester's source id), so that a
#: harvest writes only its own folder and never rewrites a hand-kept programme or call (issue 19).
CALLS = "calls"
# What a throwaway copy of a checkout needs to build: the code and config, and the records.
CODE_PARTS = ("site_config", "docs", "generator", "mkdocs.yml")
PROJECT_PARTS = (*KINDS.values(), CALLS, *CODE_PARTS)


def bundled_config_dir() -> Path:
    """The site_config/ this package was installed with: generator/site_config/ in a wheel, else the checkout's."""
    package = Path(__file__).resolve().parent
    installed = package / "site_config"
    return installed if installed.is_dir() else package.parent / "site_config"


@dataclasses.dataclass(frozen=True)
class Project:
    """The folders of one checkout: records in, generated Markdown and site out."""

    root: Path

    @property
    def config_dir(self) -> Path:
        """site_config/: schemas, taxonomy, templates, strings, theme overrides and assets.

        A repository that holds only records (programs/, cases/) has none: it is checked against the
        schemas, taxonomy and strings that came with the installed package (see `uses_bundled_config`).
        """
        own = self.root / "site_config"
        return own if own.is_dir() else bundled_config_dir()

    @property
    def uses_bundled_config(self) -> bool:
        """True for a content-only repository, which can validate but not render or build."""
        return not (self.root / "site_config").is_dir()

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

    @property
    def calls_dir(self) -> Path:
        """calls/: one folder per source of call records (calls/hand/, calls/bizinfo/...)."""
        return self.root / CALLS

    def display(self, path: Path) -> str:
        """A path relative to the project root, with forward slashes, for messages."""
        # The same as `path.relative_to(self.root).as_posix()`, without pathlib's parsing (a build asks per record).
        text, root = str(path), str(self.root)
        if text == root:
            return "."
        if text.startswith(root.rstrip(os.sep) + os.sep):
            return text[len(root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
        return path.as_posix()


def find_project(start: Path | None = None) -> Project:
    """The nearest folder holding site_config/, programs/ or cases/, from `start` (or the cwd) upwards."""
    here = (start or Path.cwd()).resolve()
    markers = ("site_config/schema", *KINDS.values())
    for candidate in (here, *here.parents):
        if any((candidate / marker).is_dir() for marker in markers):
            return Project(candidate)
    return Project(here)


def copy_project(target: Path, source: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Project:
    """Copy `parts` of the checkout at `source` into `target`, replacing folders already there (no site, no .venv)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if part == CALLS and not (source / part).exists():
            continue  # a checkout from before calls had their own folder
        if (source / part).is_dir():
            if (target / part).is_dir():
                shutil.rmtree(target / part)
            shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / part, target / part)
    return Project(target)
