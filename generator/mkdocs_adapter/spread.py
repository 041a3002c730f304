"""The pages a preview rebuild leaves to the background, rendered on both cores: one language in a forked process.

`make serve` renders the lists of every language after each edit (seconds each at thousands of
records). `render_spread` renders the first language's pages in the calling thread and each other
language's in a forked child, which starts as a copy of the serve (its MkDocs config, files,
navigation and theme environment are there without being sent), writes the pages' HTML as MkDocs
does and sends back their search entries. A newer rebuild stops both between two pages. If forking
is off (`SMEKB_JOBS=1`) or impossible, or a child fails, its pages are rendered in the calling thread.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from ..workers import Forked, WorkerFailed, jobs, reply
from . import private

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

#: One page to render, with the (config, files, nav, env) of the build it belongs to.
Job = tuple["Page", tuple]
#: A rendered page: the page, Material's search entries for it, and the wall-clock and CPU seconds it took.
Done = tuple["Page", list[dict], float, float]
POLL_S = 0.2


def render_spread(groups: Sequence[Sequence[Job]], stale: Callable[[], bool]) -> list[Done] | None:
    """Render every group's pages (one group per language), the groups after the first in forked processes.

    None once `stale()` says that a newer rebuild has started; the pages rendered until then are written.
    """
    forked = jobs(len(groups)) > 1
    stop = multiprocessing.get_context("fork").Value("b", 0) if forked else None
    children = []
    if forked:
        children = [(g, Forked("preview pages", lambda pipe, g=g: _child(g, stop, pipe))) for g in groups[1:]]
    done: list[Done] = []
    try:
        for group in groups[:1] if forked else groups:
            for job in group:
                if stale():
                    return None
                done.append(_render(job))
        for group, child in children:
            found = _collect(group, child, stale)
            if found is None:
                return None
            done += found
        return done
    finally:
        if stop is not None:
            stop.value = 1  # a child still rendering stops after its page
        for _, child in children:
            child.close()


def _render(job: Job) -> Done:
    """Render one page in this process."""
    wall, cpu = time.perf_counter(), time.thread_time()
    entries = private.render_page(job[0], *job[1])
    return job[0], entries, time.perf_counter() - wall, time.thread_time() - cpu


def _child(group: Sequence[Job], stop, pipe: Connection) -> None:
    """In a forked child: render the group's pages until told to stop; send their entries and seconds."""
    done = []
    for job in group:
        if stop.value:
            break
        _, entries, wall, cpu = _render(job)
        done.append((entries, wall, cpu))
    reply(pipe, done)


def _collect(group: Sequence[Job], child: Forked, stale: Callable[[], bool]) -> list[Done] | None:
    """A child's rendered pages; the group rendered here instead if the child failed. None once stale."""
    while not child.pipe.poll(POLL_S):
        if stale():
            return None
        if not child.process.is_alive() and not child.pipe.poll(0):
            break
    try:
        rendered = child.receive()
    except WorkerFailed:  # rendered here, where its problem shows in the serve's log
        return [_render(job) for job in group]
    found: list[Done] = [
        (job[0], entries, wall, cpu) for job, (entries, wall, cpu) in zip(group, rendered, strict=False)
    ]
    return found + [_render(job) for job in group[len(found) :]]  # a child that stopped early
