"""The core run end to end without MkDocs: check the records, render them, write the tree."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .exports import export_files
from .model import Catalogue
from .project import Project
from .render import render_catalogue
from .strings import Strings, load_strings
from .validate import validate_catalogue

#: Roots whose generated tree is fresh in this process, so the MkDocs hook need not redo it.
PREPARED: set[Path] = set()


@dataclasses.dataclass(frozen=True)
class TreeChanges:
    """What writing the generated tree changed."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def check(project: Project) -> tuple[Catalogue, Strings]:
    """Validate every record and the interface strings; raise ContentError on any problem."""
    catalogue = validate_catalogue(project)
    strings = load_strings(project.config_dir / "strings.yaml", "site_config/strings.yaml")
    return catalogue, strings


def prepare(project: Project) -> TreeChanges:
    """Check, render and write the generated Markdown tree; nothing is written on error."""
    catalogue, strings = check(project)
    site_url = os.environ.get("SITE_URL") or None
    files = render_catalogue(project, catalogue, strings, site_url)
    # Open data is language-neutral: it is published once, at the root of the Korean site.
    files.update((f"ko/{path}", data) for path, data in export_files(catalogue, project, site_url).items())
    changes = write_tree(project.generated_dir, files)
    PREPARED.add(project.root)
    return changes


def write_tree(target: Path, files: dict[str, bytes]) -> TreeChanges:
    """Make `target` hold exactly `files`, rewriting only files whose bytes differ.

    Stale files and emptied folders go first, so a path can change from file to folder.
    Unchanged files keep their mtime, so `mkdocs serve` and other builders see no change.
    """
    removed = _remove_stale(target, files)
    written, unchanged = [], 0
    for rel, content in files.items():
        path = target / rel
        try:
            if path.read_bytes() == content:
                unchanged += 1
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
        written.append(rel)
    return TreeChanges(tuple(written), removed, unchanged)


def _remove_stale(target: Path, files: dict[str, bytes]) -> tuple[str, ...]:
    """Delete files under `target` that are not in `files`, then folders left empty."""
    if not target.is_dir():
        return ()
    folders = {parent for rel in files for parent in Path(rel).parents}
    removed = []
    # Deepest first, so a folder is looked at after everything in it.
    for path in sorted(target.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        rel = path.relative_to(target)
        if path.is_dir() and not path.is_symlink():
            if rel not in folders and not any(path.iterdir()):
                path.rmdir()
        elif rel.as_posix() not in files:
            path.unlink()
            removed.append(rel.as_posix())
    return tuple(sorted(removed))
