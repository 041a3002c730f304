"""The folders a build reads from, writes and cleans: no symbolic links, one build at a time, no leftovers.

- A folder the build writes or cleans (`.generated/`, `.cache/`, `site/`) that is a symbolic link
  would have the build delete and write files wherever it points; a folder it publishes from
  (`docs/<lang>/`, `site_config/assets/`) would publish files from outside the repository.
  Either is refused (links inside the published folders are refused by the renderer).
- `build_lock` lets one build run in a project folder at a time: an exclusive `flock` on
  `.cache/build.lock`, which the system releases when the process ends, however it ends.
- A killed build leaves `.site-staging-<pid>-*` and `.site-old-<pid>` beside site/; the next build
  (holding the lock) removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from .diagnostics import ContentError, Diagnostic
from .languages import CODES
from .project import Project

LOCK_FILE = ".cache/build.lock"
_LEFTOVER = re.compile(r"\.site-(?:staging|old)-(\d+)(?:-.*)?\Z", re.DOTALL)
_HELD: dict[Path, int] = {}  # project roots whose lock this process holds, and how deeply


class FolderProblem(Exception):
    """The project folder cannot be built in now: another build holds it, or it cannot be written."""


def linked_folder(project: Project, folder: Path) -> Path | None:
    """The first of `folder` and its parents inside the project that is a symbolic link, or None."""
    here = project.root
    for part in folder.relative_to(project.root).parts:
        here = here / part
        if here.is_symlink():
            return here
    return None


def refuse_linked_folders(project: Project, folders: Iterable[Path], why: str) -> None:
    """Raise ContentError naming each folder (or a parent of it) that is a symbolic link."""
    links = {link for link in map(lambda folder: linked_folder(project, folder), folders) if link is not None}
    if links:
        message = f"is a symbolic link; {why}, so it must be a real folder inside the project"
        raise ContentError([Diagnostic(project.display(link) + "/", 1, 1, "", message) for link in sorted(links)])


def written_folders(project: Project) -> list[Path]:
    """Every folder that a build writes or cleans."""
    generated = project.generated_dir
    return [
        generated,
        *(generated / lang for lang in CODES),
        project.root / ".cache",
        project.root / ".cache" / "generator",
        project.site_dir,
    ]


@contextlib.contextmanager
def building(project: Project) -> Iterator[None]:
    """Refuse linked folders that a build writes, then hold the project's build lock for a while."""
    refuse_linked_folders(project, written_folders(project), "the build deletes and writes files in it")
    with build_lock(project):
        yield


@contextlib.contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """Hold the project's build lock for a while; FolderProblem if another build holds it."""
    root = project.root
    if root in _HELD:  # a build that renders first takes it once
        _HELD[root] += 1
        try:
            yield
        finally:
            _HELD[root] -= 1
        return
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderProblem(
                f"another build is running in {root.name}/ (it holds {LOCK_FILE}); "
                "wait for it to finish, then build again"
            ) from None
        _HELD[root] = 1
        try:
            yield
        finally:
            del _HELD[root]
    finally:
        os.close(handle)  # releases the lock


def remove_leftovers(project: Project) -> list[str]:
    """Remove the staging and old site folders of builds whose process is gone (call with the lock held)."""
    removed = []
    for path in sorted(project.root.glob(".site-*")):
        found = _LEFTOVER.match(path.name)
        if found is None or _alive(int(found.group(1))):
            continue
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path)
        removed.append(path.name)
    return removed


def _alive(pid: int) -> bool:
    """True if a process `pid` (other than this one) exists."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
