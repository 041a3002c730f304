"""Call records (issue 19): the walk of calls/<source>/<id>.yaml and the checks across calls.

A call is checked like a programme or case (strict loader, schema, `record_problems`, references);
what only calls need is here: the two-level folder walk, ids unique across every source folder,
one `external_id` per source folder, and a harvested call kept in its harvester's own folder.
The checks of one call's dates (close before open, cut-offs out of order) are in fact_checks.py.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from ..diagnostics import Diagnostic, field_path
from ..project import CALLS, Project
from ..texts import say

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: The harvester's record of its last good run in each source folder (generator/harvest/store.py), not a call.
HARVEST_STATE = "_harvest.yaml"
IGNORED_FILES = {"README.md", ".gitkeep", HARVEST_STATE}
#: One call file found: (id, source folder, path).
CallFile = tuple[str, str, Path]


def call_files(project: Project, diagnostics: list[Diagnostic]) -> list[CallFile]:
    """Every calls/<source>/<id>.yaml, sorted; anything else in calls/ is a problem (never followed)."""
    folder = project.calls_dir
    if not _is_real_folder(folder):
        if folder.exists() or folder.is_symlink():
            message = say("calls_not_a_folder", folder=CALLS)
            diagnostics.append(Diagnostic(project.display(folder), 1, 1, "", message))
        return []
    found: list[CallFile] = []
    for path in sorted(folder.iterdir()):
        display = project.display(path)
        if path.name.startswith(".") or path.name in IGNORED_FILES:
            continue
        if not _is_real_folder(path):
            diagnostics.append(Diagnostic(display, 1, 1, "", _not_a_source_folder(path)))
        elif not ID_PATTERN.fullmatch(path.name):
            message = say("calls_bad_source_folder", name=path.name)
            diagnostics.append(Diagnostic(display + "/", 1, 1, "", message))
        else:
            found += _source_files(project, path, diagnostics)
    return _unique_ids(found, project, diagnostics)


def _is_real_folder(path: Path) -> bool:
    """A folder that is not a symbolic link (a linked folder could publish anything on the machine)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _not_a_source_folder(path: Path) -> str:
    if path.is_symlink():
        return say("calls_symlink")
    if path.suffix in (".yaml", ".yml"):
        return say("calls_file_outside_source", folder=CALLS, stem=path.stem)
    return say("calls_only_source_folders", folder=CALLS)


def _source_files(project: Project, folder: Path, diagnostics: list[Diagnostic]) -> list[CallFile]:
    found = []
    for path in sorted(folder.iterdir()):
        name, display = path.name, project.display(path)
        if name.startswith(".") or name in IGNORED_FILES:
            continue
        if path.suffix == ".yml":
            diagnostics.append(Diagnostic(display, 1, 1, "", say("use_yaml_extension", stem=path.stem)))
        elif _is_real_folder(path) or path.suffix != ".yaml":
            message = say("calls_only_yaml", folder=f"{CALLS}/{folder.name}")
            diagnostics.append(Diagnostic(display, 1, 1, "", message))
        elif not ID_PATTERN.fullmatch(path.stem):
            better = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
            hint = say("calls_id_hint", better=better) if better else ""
            message = say("calls_bad_id", stem=path.stem, hint=hint)
            diagnostics.append(Diagnostic(display, 1, 1, "", message))
        else:
            found.append((path.stem, folder.name, path))
    return found


def _unique_ids(found: list[CallFile], project: Project, diagnostics: list[Diagnostic]) -> list[CallFile]:
    """A call id names one file across all of calls/: the second file with an id is refused."""
    first: dict[str, Path] = {}
    kept = []
    for call_id, source, path in found:
        if call_id in first:
            where = project.display(first[call_id])
            message = say("calls_id_taken", id=call_id, where=where, folder=CALLS)
            diagnostics.append(Diagnostic(project.display(path), 1, 1, "", message))
        else:
            first[call_id] = path
            kept.append((call_id, source, path))
    return kept


def cross_call_problems(calls: Iterable[tuple[str, str, object]]) -> list[Diagnostic]:
    """(source folder, display path, loaded file with `data`) of each checked call -> problems across calls."""
    seen: dict[tuple[str, str], str] = {}
    found = []
    for source, display, record in calls:
        data, loaded = record.data, record.file
        harvest = (data.get("harvest") or {}).get("source")
        if harvest is not None and harvest != source:
            where = ("harvest", "source")
            message = say("calls_harvest_folder", harvest=harvest, folder=f"{CALLS}/{source}")
            found.append(Diagnostic(display, *loaded.position(where), field_path(where), message))
        external = data.get("external_id")
        if external is None:
            continue
        if (source, external) in seen:
            first = seen[(source, external)]
            message = say("calls_external_id_taken", external=external, first=first, folder=f"{CALLS}/{source}")
            found.append(Diagnostic(display, *loaded.position(("external_id",)), "external_id", message))
        else:
            seen[(source, external)] = display
    return found
