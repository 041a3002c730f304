"""The background thread of `make serve`: what a preview rebuild leaves for after the edited record shows.

It finishes each rebuild in order: the rest of a staged rebuild (`generator.staged`), the pages that
changed (both cores, `spread`), each language's search index, then the finders' data and open data.
It holds off while MkDocs rebuilds and drops the work of a rebuild that a newer one has overtaken.
`preview` queues the work; `hook` times the rebuilds with its `Laps` and stops the thread at the end.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger

from . import spread

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from .preview import Preview

#: A background job: called with a function that says whether a newer rebuild has started.
Stale = Callable[[Callable[[], bool]], None]

log = get_plugin_logger("preview")


class Laps:
    """Wall-clock and CPU seconds (of the calling thread) of the named steps of one piece of work."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float, float]] = []
        self._mark = (time.perf_counter(), time.thread_time())

    def lap(self, name: str) -> None:
        """End the step `name`, which began at the previous lap (or at the start)."""
        now = (time.perf_counter(), time.thread_time())
        self.steps.append((name, now[0] - self._mark[0], now[1] - self._mark[1]))
        self._mark = now

    def __str__(self) -> str:
        return ", ".join(f"{name} {wall:.2f} s (cpu {cpu:.2f})" for name, wall, cpu in self.steps)


class Background:
    """One thread that finishes preview rebuilds: the rest of a staged rebuild, the pages set aside, the search indexes.

    It holds off while MkDocs rebuilds, and drops the work of a rebuild that a newer one has overtaken.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pages: deque = deque()  # (generation, preview, page, build)
        self._searches: deque = deque()  # (generation, preview)
        self._later: deque = deque()  # (generation, None, job, name): after the search indexes
        self._generation = 0
        self._paused = self._running = self._rendering = False
        self._busy = threading.Lock()  # held while a piece of work runs
        self._thread: threading.Thread | None = None

    def pause(self) -> None:
        """A rebuild starts: queued work is stale; wait for a page being rendered, which could land after it."""
        with self._cond:
            self._paused = True
            self._generation += 1
            self._pages.clear()
            self._searches.clear()
            self._later.clear()
            rendering = self._rendering
        if rendering:
            self.wait_idle()

    def resume(self) -> None:
        """The rebuild is over: go on."""
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def wait_idle(self) -> None:
        """Wait for the piece of work now running, if any."""
        with self._busy:
            pass

    def wait_done(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued or running (for the tests); False on timeout."""
        with self._cond:
            return self._cond.wait_for(
                lambda: not (self._running or self._pages or self._searches or self._later), timeout
            )

    def add_page(self, preview: Preview, page: Page, build_parts: tuple) -> None:
        """Render `page` later (before any search index)."""
        self._add(self._pages, (preview, page, build_parts))

    def add_search(self, preview: Preview) -> None:
        """Rebuild `preview`'s search index later (once, however often it is asked for before that)."""
        with self._cond:
            if any(item[1] is preview for item in self._searches):
                return
        self._add(self._searches, (preview,))

    def add_job(self, job: Stale, name: str, *, after_search: bool = False) -> None:
        """Run `job(stale)` later, before the pages and search indexes queued after it (or after the indexes).

        A rebuild that starts meanwhile waits for it; `stale()` then says True, so that it can stop early.
        """
        self._add(self._later if after_search else self._pages, (None, job, name))

    def stop(self) -> None:
        """Drop queued work and end the thread after the piece of work now running."""
        with self._cond:
            thread, self._thread = self._thread, None
            self._pages.clear()
            self._searches.clear()
            self._later.clear()
            self._generation += 1
            self._cond.notify_all()
        if thread is not None:
            thread.join()

    def _add(self, queue: deque, item: tuple) -> None:
        with self._cond:
            queue.append((self._generation, *item))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="preview-background", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _run(self) -> None:
        me = threading.current_thread()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._thread is not me or self._ready())
                if self._thread is not me:
                    return
                queue = self._pages or self._searches or self._later
                rendering = queue is not self._searches  # pages and jobs write what a rebuild reads
                generation, preview, *rest = queue.popleft()
                if queue is self._pages and preview is not None:  # with every page queued after it
                    rest = [[(preview, *rest), *self._take_pages()]]
                    preview = None
                self._busy.acquire()
                self._running, self._rendering = True, rendering
            try:
                self._work(generation, preview, rest)
            except Exception:
                what = preview.language if preview is not None else "the preview"
                log.exception(f"{what}: the background work failed; the next rebuild tries again")
            finally:
                self._busy.release()
                with self._cond:
                    self._running = self._rendering = False
                    self._cond.notify_all()

    def _ready(self) -> bool:
        return not self._paused and bool(self._pages or self._searches or self._later)

    def _take_pages(self) -> list[tuple]:
        """Pop the pages queued at the front, up to the next job: (preview, page, build parts) each."""
        pages = []
        while self._pages and self._pages[0][1] is not None:
            pages.append(tuple(self._pages.popleft()[1:]))
        return pages

    def _work(self, generation: int, preview: Preview | None, rest: list) -> None:
        laps = Laps()
        if preview is None and len(rest) == 1:
            self._render_pages(generation, rest[0])
            return
        if preview is None:
            job, name = rest
            job(lambda: generation != self._generation)
            laps.lap(name)
            log.info(str(laps))
            return
        if not rest:
            preview.write_index()
            laps.lap(f"search index ({preview.language})")
            log.info(str(laps))
            return

    def _render_pages(self, generation: int, queued: list[tuple]) -> None:
        """Render queued pages, each language's in a process of its own (`spread`), and keep their search entries."""
        by_preview: dict[Preview, list] = {}
        for preview, page, build_parts in queued:
            by_preview.setdefault(preview, []).append((page, build_parts))
        previews = list(by_preview)
        of_page = {id(page): preview for preview, page, _ in queued}
        laps = Laps()
        done = spread.render_spread(list(by_preview.values()), lambda: generation != self._generation)
        laps.lap("later pages")
        tally = {preview.language: [0, 0.0, 0.0] for preview in previews}
        with self._cond:
            for page, entries, wall, cpu in done or ():
                preview = of_page[id(page)]
                if generation == self._generation:
                    preview.page_done(page, entries)
                counts = tally[preview.language]
                counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + wall, counts[2] + cpu
        parts = (f"{n} ({lang}) {w:.2f} s (cpu {c:.2f})" for lang, (n, w, c) in tally.items())
        log.info(f"later pages {laps.steps[0][1]:.2f} s: " + ", ".join(parts))


#: The background thread of this process's previews.
BACKGROUND = Background()
