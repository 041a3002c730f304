"""The folders a build reads from, writes and cleans: no symbolic links, one build at a time, no leftovers.

- A folder the build writes or cleans (`.generated/`, `.cache/`, `site/`) that is a symbolic link
  would have the build delete and write files wherever it points; a folder it publishes from
  (`docs/<lang>/`, `site_config/assets/`) would publish files from outside the repository.
  Either is refused (links inside the published folders are refused by the renderer).
- `build_lock` lets one build run in a project folder at a time: an exclusive `flock` on
  `.cache/build.lock`, which the system releases when the process ends, however it ends.
- `swap_in` replaces site/ by the staging site so that a kill at any moment leaves a whole site: one
  atomic exchange of the two folders (`renameat2(RENAME_EXCHANGE)`, Linux), else two renames, site/
  to `.site-old-<pid>` and the staging folder to site/.
- A killed build leaves `.site-staging-<pid>-*` and `.site-old-<pid>` beside site/; the next build
  (holding the lock), before anything else, puts back a `.site-old-<pid>` if site/ is missing (a kill
  between the two renames), then removes the rest of those whose process is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .diagnostics import ContentError, Diagnostic
from .languages import CODES
from .project import Project

LOCK_FILE = ".cache/build.lock"
_LEFTOVER = re.compile(r"\.site-(?:staging|old)-(\d+)(?:-.*)?\Z", re.DOTALL)
_HELD: dict[Path, int] = {}  # project roots whose lock this process holds, and how deeply
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # from <fcntl.h> and <linux/fs.h>


def _no_step(step: str) -> None:
    """Nothing happens at a step unless a test replaces SWAP_STEP."""


#: Called with the name of each step of `swap_in` as it is reached (the tests kill the process there).
SWAP_STEP: Callable[[str], None] = _no_step


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


def swap_in(staging: Path, site: Path) -> None:
    """Make the folder `staging` the site folder `site`; whenever this is killed, a whole site is left (see above)."""
    if not site.exists():
        os.replace(staging, site)
        return
    SWAP_STEP("before exchange")
    if _exchange(staging, site):
        SWAP_STEP("exchanged")
        shutil.rmtree(staging, ignore_errors=True)  # now the previous site
        return
    old = site.with_name(f".site-old-{os.getpid()}")
    SWAP_STEP("before renames")
    os.replace(site, old)
    SWAP_STEP("site moved aside")  # killed here, the next build puts `old` back before anything else
    os.replace(staging, site)
    SWAP_STEP("staging moved in")
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step; False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library before glibc 2.28
        return False
    names = (os.fsencode(first), os.fsencode(second))
    if renameat2(_AT_FDCWD, names[0], _AT_FDCWD, names[1], _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def remove_leftovers(project: Project) -> list[str]:
    """Put back the site a killed build moved aside, then remove the staging and old site folders of builds
    whose process is gone (call with the lock held); the names removed."""
    removed = []
    leftovers = [path for path in sorted(project.root.glob(".site-*")) if _dead_leftover(path)]
    old = [path for path in leftovers if path.name.startswith(".site-old-") and path.is_dir()]
    if old and not (project.site_dir.exists() or project.site_dir.is_symlink()):
        os.replace(old[0], project.site_dir)
        leftovers.remove(old[0])
    for path in leftovers:
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path)
        removed.append(path.name)
    return removed


def _dead_leftover(path: Path) -> bool:
    """True for a staging or old site folder of a build whose process is gone."""
    found = _LEFTOVER.match(path.name)
    return found is not None and not _alive(int(found.group(1)))


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
