"""Every language at once: check the records once, then render, write and build each language in its own process.

The parent process checks the records and makes the open data (`pipeline.start`), then forks
one child per language (`generator.workers`). Each child renders its language's pages, and says
so; only when every language rendered without a problem does the parent let them go on (so
nothing is written while any record has a problem, as in one process). Each child then writes
its part of `.generated/` and runs MkDocs for its language into a folder of its own. Meanwhile
the parent saves the build cache (the pages the children rendered come back to it) and loads
the Korean analyser, once; as each language's build ends it writes that language's search
index, then lets the analyser go. The default language's folder is the staging site; the
others are moved into it at the end. `SMEKB_JOBS=1` does the same steps in one process, and
gives the same bytes (tests/test_parallel_build.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline, workers
from ..cache import BuildCache
from ..diagnostics import ContentError
from ..languages import LANGUAGES
from ..paths import mkdocs_config, output_dir
from ..project import Project
from ..search.index import Analyser, load_kiwi, write_search_index
from ..site_address import site_url_from_env

#: Set while `build_languages` runs: the hook leaves the search index to it (one analyser for every language).
INDEX_LATER = False

#: The steps of the last `build_languages` in this process, each as [wall-clock, CPU seconds of the process
#: that took it] (for the benchmark: on a busy machine the CPU seconds show what an idle one would take).
LAST_LAPS: dict[str, list[float]] = {}


@dataclass(frozen=True)
class Job:
    """One language's build: its code, and the folder MkDocs writes its site into."""

    lang: str
    site_dir: Path


def build_languages(project: Project, staging: Path, *, strict: bool) -> pipeline.TreeChanges:
    """Check, render and build every language into `staging` (a site folder); BuildFailed or ContentError if not."""
    from .build import BuildFailed

    LAST_LAPS.clear()
    clock = _Clock()
    cache = BuildCache.for_project(project)
    generation = pipeline.start(project, cache, site_url_from_env())
    clock.lap("check")
    clock.laps["process until the check"] = [0.0, round(time.process_time(), 3)]  # interpreter start included
    parts = {lang.code: _part_folder(project, staging, lang.code, lang.is_default) for lang in LANGUAGES}
    jobs = [Job(code, folder) for code, folder in parts.items()]
    try:
        with _indexing_later(project):
            if workers.jobs(len(jobs)) > 1:
                changes = _forked(project, generation, cache, jobs, strict, clock)
            else:
                changes = _in_process(project, generation, cache, jobs, strict, clock)
        for job in jobs:
            if job.site_dir != staging:
                _move_in(job.site_dir, output_dir(staging, job.lang), BuildFailed)
    finally:
        for job in jobs:
            if job.site_dir != staging:
                shutil.rmtree(job.site_dir, ignore_errors=True)
    LAST_LAPS.update(clock.laps)
    return changes


def _in_process(project, generation, cache, jobs: list[Job], strict: bool, clock) -> pipeline.TreeChanges:
    """The same steps, one after another, in this process."""
    from .build import build_language

    files = generation.all_files()
    clock.lap("render")
    cache.save()
    changes = pipeline.write_tree(project.generated_dir, files)
    analyser = _Analyser()
    for job in jobs:
        build_language(mkdocs_config(project.root, job.lang), job.site_dir, strict=strict)
        clock.lap(f"MkDocs {job.lang}")
    for job in jobs:
        analyser.index(job.site_dir)
        clock.lap(f"search index {job.lang}")
    analyser.release()
    return changes


def _forked(project, generation, cache, jobs: list[Job], strict: bool, clock) -> pipeline.TreeChanges:
    """One child process per language; the parent merges what they used of the cache and writes the indexes."""
    from .build import BuildFailed

    work = functools.partial(_language_work, project, generation)
    children = {workers.Forked(f"the {job.lang} build", functools.partial(work, job, strict)): job for job in jobs}
    try:
        _all_rendered(list(children), cache)
        clock.lap("render (in the children)", cpu=False)
        cache.save()
        _remove_stray(project.generated_dir)
        analyser = _Analyser()
        analyser.load()
        clock.lap("cache saved, analyser loaded")
        changes = _all_built(children, analyser, clock)
        analyser.release()
    except workers.WorkerFailed as exc:
        raise BuildFailed(str(exc)) from None
    finally:
        for child in children:
            child.close()
    return _joined(changes)


def _all_rendered(children: list[workers.Forked], cache: BuildCache) -> None:
    """Wait for every language to render; let them all go on, or stop them all with every problem found."""
    rendered = [child.receive() for child in children]
    problems = [d for kind, value in rendered if kind == "problems" for d in value]
    for child in children:
        child.send(not problems)
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))
    for _, (reused, made) in rendered:
        cache.take_pages_used(reused, made)


def _all_built(children: dict[workers.Forked, Job], analyser: _Analyser, clock) -> list[pipeline.TreeChanges]:
    """As each language's MkDocs build ends, write its search index; BuildFailed with the first failure."""
    from .build import BuildFailed

    changes, waiting = [], dict(children)
    while waiting:
        ended = workers.ready(waiting)
        clock.lap("waiting for MkDocs", cpu=False)
        for child in ended:
            job = waiting.pop(child)
            kind, value, laps = child.receive()
            if kind == "failed":
                raise BuildFailed(value)
            changes.append(value)
            clock.laps.update(laps)
            analyser.index(job.site_dir)
            clock.lap(f"search index {job.lang}")
    return changes


def _language_work(project: Project, generation: pipeline.Generation, job: Job, strict: bool, pipe) -> None:
    """In a child: render one language, wait for the go, write its part of the tree, build it with MkDocs."""
    from .build import BuildFailed, build_language

    clock = _Clock()
    try:
        files = generation.language(job.lang)
    except ContentError as exc:
        workers.reply(pipe, ("problems", exc.diagnostics))
        return
    workers.reply(pipe, ("rendered", generation.renderer.cache.pages_used()))  # type: ignore[attr-defined]
    clock.lap(f"render {job.lang}")
    if not pipe.recv():
        return
    clock.lap("waiting for the go", cpu=False)
    prefix = f"{job.lang}/"
    own = {path.removeprefix(prefix): content for path, content in files.items()}
    changes = pipeline.write_tree(project.generated_dir / job.lang, own)
    try:
        build_language(mkdocs_config(project.root, job.lang), job.site_dir, strict=strict)
    except BuildFailed as exc:
        workers.reply(pipe, ("failed", str(exc), {}))
        return
    clock.lap(f"MkDocs {job.lang}")  # writing its part of the tree included
    clock.laps.pop("waiting for the go")
    workers.reply(pipe, ("built", _prefixed(changes, prefix), clock.laps))


class _Analyser:
    """The Korean analyser for the search indexes of every language: loaded once, let go when they are written."""

    def __init__(self) -> None:
        self.analyser: Analyser | None = None

    def load(self) -> None:
        """Load the model now (while the children build)."""
        if self.analyser is None:
            self.analyser = Analyser(load_kiwi())

    def index(self, site_dir: Path) -> None:
        """Write one language's search index."""
        self.load()
        write_search_index(site_dir, self.analyser)

    def release(self) -> None:
        """Drop the model (about 300 MB) and the words analysed."""
        self.analyser = None
        load_kiwi.cache_clear()


@contextlib.contextmanager
def _indexing_later(project: Project) -> Iterator[None]:
    """The hook neither renders the records (done here) nor writes the search index (done here) meanwhile."""
    global INDEX_LATER
    INDEX_LATER = True
    pipeline.PREPARED.add(project.root)
    try:
        yield
    finally:
        INDEX_LATER = False
        pipeline.PREPARED.discard(project.root)


def _part_folder(project: Project, staging: Path, lang: str, is_default: bool) -> Path:
    """The staging site for the default language; a folder beside it for each other (moved in at the end)."""
    if is_default:
        return staging
    folder = Path(tempfile.mkdtemp(prefix=f".site-staging-{os.getpid()}-{lang}-", dir=project.root))
    folder.chmod(staging.stat().st_mode & 0o777)  # mkdtemp's is private (0700); the site's is not
    return folder


def _move_in(part: Path, target: Path, failure: type[Exception]) -> None:
    """Put one language's site where it belongs in the staging site."""
    if target.exists():
        raise failure(f"the default language's site already has {target.name}/, where the {target.name} site goes")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, target)


def _remove_stray(generated: Path) -> None:
    """Remove what is in the generated folder besides the languages' folders (each child writes its own)."""
    codes = {lang.code for lang in LANGUAGES}
    for path in sorted(generated.iterdir()) if generated.is_dir() else ():
        if path.name in codes and path.is_dir() and not path.is_symlink():
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _prefixed(changes: pipeline.TreeChanges, prefix: str) -> pipeline.TreeChanges:
    return pipeline.TreeChanges(
        tuple(prefix + p for p in changes.written), tuple(prefix + p for p in changes.removed), changes.unchanged
    )


def _joined(parts: list[pipeline.TreeChanges]) -> pipeline.TreeChanges:
    return pipeline.TreeChanges(
        tuple(sorted(p for part in parts for p in part.written)),
        tuple(sorted(p for part in parts for p in part.removed)),
        sum(part.unchanged for part in parts),
    )


class _Clock:
    """[wall-clock, CPU] seconds of named steps of this process, each from the end of the one before."""

    def __init__(self) -> None:
        self.laps: dict[str, list[float]] = {}
        self._mark = (time.perf_counter(), time.process_time())

    def lap(self, name: str, cpu: bool = True) -> None:
        """End the step `name` (`cpu=False`: a wait, whose CPU seconds are not this step's)."""
        now = (time.perf_counter(), time.process_time())
        self.laps[name] = [round(now[0] - self._mark[0], 3), round(now[1] - self._mark[1], 3) if cpu else 0.0]
        self._mark = now
