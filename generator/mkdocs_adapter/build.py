"""The one place that drives MkDocs: one build per language into a temporary folder, then a swap.

`mkdocs build` empties site/ before it knows whether the build will pass; this module builds
into a fresh folder beside site/ and replaces site/ only when every language built cleanly.
The languages build at the same time, each in its own process (`parallel`, this package).

The previews of `mkdocs serve --dirty` (`make serve`) are kept right by `preview` (this package).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from .. import folders, pipeline
from ..build_time import EPOCH_ENV, BuildDateError, epoch_from_env
from ..frame import repository_from_env
from ..project import Project
from ..site_address import SiteAddressError, site_url_from_env
from . import parallel

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildFailed(Exception):
    """MkDocs reported a problem; site/ was left as it was."""


def build_site(
    project: Project, *, strict: bool = True, verbose: bool = False, require_site_url: bool = False
) -> pipeline.TreeChanges:
    """Validate, render and build every language; replace site/ only on success (one build at a time).

    `require_site_url`: refuse to build without SITE_URL (the build that is published).
    """
    try:
        site_url_from_env(required=require_site_url)
        repository_from_env()
        epoch_from_env()  # MkDocs reads it too, and would fail inside its build
    except (SiteAddressError, BuildDateError) as exc:
        raise BuildFailed(str(exc)) from None
    with folders.building(project):
        return _build_site(project, strict=strict, verbose=verbose)


def _build_site(project: Project, *, strict: bool, verbose: bool) -> pipeline.TreeChanges:
    folders.remove_leftovers(project)
    _configure_logging(verbose)
    # The pid in the name tells a later build whether the process that made it is still running.
    staging = Path(tempfile.mkdtemp(prefix=f".site-staging-{os.getpid()}-", dir=project.root))
    try:
        _make_readable(staging)
        with _source_date_epoch(project):
            changes = parallel.build_languages(project, staging, strict=strict)
        folders.swap_in(staging, project.site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return changes


def build_language(config_file: Path, site_dir: Path, *, strict: bool, dirty: bool = False) -> None:
    """Build one language's site from its MkDocs config into `site_dir` (`dirty`: only changed pages)."""
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
        build(config, dirty=dirty)
    except (Abort, MkDocsException) as exc:
        raise BuildFailed(f"{config_file.name}: {exc}") from None


def source_date_epoch(project: Project) -> str:
    """The time of the last commit (so two builds of one commit match).

    Without one (no git, not a checkout, no commit yet) the build date would be 1970: a warning
    says so, and under CI (env CI set) the build fails rather than publish that date.
    """
    try:
        out = subprocess.run(
            ["git", "-C", str(project.root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    if out.isdigit():
        return out
    message = (
        "git gave no time of a last commit (git missing, not a checkout, or no commit yet), so the "
        "build date would be 1970-01-01; build from a git checkout or set SOURCE_DATE_EPOCH"
    )
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        raise BuildFailed(message)
    print(f"warning: {message}", file=sys.stderr)
    return "0"


@contextlib.contextmanager
def _source_date_epoch(project: Project) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (unless the caller did; empty counts as unset) for the time of the build only."""
    given = os.environ.get(EPOCH_ENV)
    if epoch_from_env() is not None:
        yield
        return
    os.environ[EPOCH_ENV] = source_date_epoch(project)
    try:
        yield
    finally:
        if given is None:
            os.environ.pop(EPOCH_ENV, None)
        else:
            os.environ[EPOCH_ENV] = given


def _make_readable(folder: Path) -> None:
    """mkdtemp makes a private (0700) folder; site/ gets the mode any new folder would get."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


def _configure_logging(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_smekb", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._smekb = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
