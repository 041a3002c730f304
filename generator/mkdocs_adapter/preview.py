"""Previews: the dirty rebuilds of `mkdocs serve --dirty` (`make serve`), kept right and quick.

MkDocs' dirty build renders only pages whose Markdown is newer than their HTML; `Preview` keeps
the rest of each language's site right (navigation titles, removed pages, the search index) and
renders large changed pages in the background. What it needs of MkDocs and Material beyond their
public API goes through `private`. Only `hook` (this package's hooks) uses this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..diagnostics import ContentError
from ..folders import FolderProblem
from ..paths import generated_path
from ..search.enrich import read_fields
from ..search.index import KB_DIR, Analyser, load_kiwi
from ..search.live import LiveIndex, changed_files
from . import private, spread

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

    from ..pipeline import TreeChanges
    from ..staged import Staged

#: A background job: called with a function that says whether a newer rebuild has started.
Stale = Callable[[Callable[[], bool]], None]

#: Pages whose Markdown is larger than this (the lists of all records) are rendered in the background after a
#: preview rebuild, so that a changed record shows without waiting for every list that names it.
DEFER_BYTES = 64_000

log = get_plugin_logger("preview")


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates for the life of the process; Jinja compiles a template again if its source changed."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give the bucket the code compiled before, if any."""
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep newly compiled code."""
        self._code[bucket.key] = bucket.bytecode_to_string()


#: Every build's theme environment uses it (hook.on_env): each rebuild would otherwise compile them all again.
TEMPLATE_CACHE = TemplateCache()


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


class Preview:
    """One language's site under `mkdocs serve --dirty`, and what each rebuild needs from the one before.

    A dirty build renders only the pages whose Markdown is newer than their HTML. A rebuild writes the
    changed record pages first (`staged.prepare_staged`), so the dirty build shows them at once; the
    background then writes the rest (lists, finders, open data), renders the pages among them that
    changed and copies the changed files (`take_changes`), then rebuilds the search index. Until then
    the site serves their previous version. This keeps the rest right: the titles in the navigation
    (MkDocs leaves them empty on pages it skips), pages that no longer exist, the search index
    (Material's holds only the pages just built), and a full rebuild when the theme overrides, the
    config file or a title in the navigation change. When a rebuild writes everything at once (the
    used tags changed), changed pages larger than DEFER_BYTES are still left to the background.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.language = ""
        self.layout: tuple | None = None  # what every page depends on, as of the last build
        self.outputs: set[str] = set()  # what the last build's files write into site_dir
        self.pending: set[str] = set()  # pages (src_uri) left to the background: HTML older than Markdown
        self.entries: dict[str, list[dict]] = {}  # page URL -> Material's search entries, in page order
        self.search_config: dict = {}  # Material's search settings, which the lean index keeps
        self.stub: bytes | None = None  # search_index.json of the lean index now served
        self.served: dict[str, bytes] | None = None  # the files of the lean index now served (paths under search/)
        self.index: LiveIndex | None = None  # made with the first index (it loads the Korean analyser)
        self.stub_lock = threading.Lock()
        self._build: tuple = ()  # (config, files, nav, env) of the running build, for the background
        self._deferred: list[File] = []  # the large changed pages this build leaves to the background

    def plan(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """Before MkDocs reads the pages: start afresh if the layout changed, else set large changed pages aside."""
        self.language = config.theme["language"]
        layout = _layout(config, nav)
        if self.layout is not None and layout != self.layout:
            self._start_afresh(config)
        self.layout = layout
        self._build = (config, files, nav, None)
        self._deferred = [file for file in files.documentation_pages() if self._defers(file)]
        for file in self._deferred:
            private.skip_in_dirty_build(file)  # the background renders it
        self.pending = {file.src_uri for file in self._deferred}

    def keep_env(self, env: jinja2.Environment) -> None:
        """The running build's theme environment, which the background renders with."""
        config, files, nav, _ = self._build
        self._build = (config, files, nav, env)

    def finish(self, config: MkDocsConfig) -> None:
        """After the dirty build: remove what is gone, merge the search entries, hand the rest to the background."""
        files = self._build[1]
        pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve) if f.page is not None]
        built = [page for page in pages if page.content is not None]  # pages MkDocs skipped have no content
        search = Path(config.site_dir) / "search"
        self.search_config, fresh = _material_entries(search / "search_index.json")
        kept = self.entries
        self.entries = {p.url: fresh[p.url] if p.content is not None else kept.get(p.url, []) for p in pages}
        gone = self._remove_stale(files)
        if len(built) == len(pages):  # a full build: index it now, as `mkdocs build` would
            BACKGROUND.wait_idle()
            _write_index(self)
            return
        self._restore_stub(search / "search_index.json")
        for file in self._deferred:
            BACKGROUND.add_page(self, file.page, self._build)
        if built or gone or self._deferred:
            BACKGROUND.add_search(self)

    def take_changes(self, changes: TreeChanges) -> None:
        """The rest of a staged rebuild rewrote `changes`: render this language's changed pages, copy its files."""
        config, files, _, _ = self._build
        prefix = generated_path(self.language, "")
        touched = False
        for path in (p.removeprefix(prefix) for p in changes.written if p.startswith(prefix)):
            file = files.get_file_from_path(path)
            if file is None:  # new to MkDocs: the tag pages that come or go make the rebuild write everything
                continue
            touched = True
            if file.is_documentation_page():
                self.pending.add(file.src_uri)
                BACKGROUND.add_page(self, file.page, self._build)
            else:
                file.copy_file()
        for path in (p.removeprefix(prefix) for p in changes.removed if p.startswith(prefix)):
            file = files.get_file_from_path(path)
            if file is not None:
                touched = True
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(file.abs_dest_path)
        if touched:
            BACKGROUND.add_search(self)

    def page_done(self, page: Page, entries: list[dict]) -> None:
        """The background rendered `page` from its current Markdown."""
        self.entries[page.url] = entries
        self.pending.discard(page.file.src_uri)

    def swap_in(self, new: Path) -> None:
        """Serve the lean search index built in the folder `new`; the previous one moves into `new`."""
        search = self.site_dir / "search"
        with self.stub_lock:
            if (search / KB_DIR).exists():
                os.replace(search / KB_DIR, new / "previous")
            os.replace(new / KB_DIR, search / KB_DIR)
            stub = (new / "search_index.json").read_bytes()
            os.replace(new / "search_index.json", search / "search_index.json")
            self.stub = stub

    def _defers(self, file: File) -> bool:
        """A large page with a previous version to show, whose Markdown changed (or still waits for the background)."""
        return (
            os.path.getsize(file.abs_src_path) > DEFER_BYTES
            and os.path.isfile(file.abs_dest_path)
            and (file.src_uri in self.pending or file.is_modified())
        )

    def _start_afresh(self, config: MkDocsConfig) -> None:
        """Empty the site folder, so that MkDocs renders every page (and the search index) again."""
        BACKGROUND.wait_idle()
        private.empty_folder(config.site_dir)
        self.outputs, self.pending, self.entries, self.stub, self.served = set(), set(), {}, None, None

    def _remove_stale(self, files: Files) -> set[str]:
        """Delete what the last build wrote for files that are gone (a removed record's page); what was deleted."""
        outputs = {file.abs_dest_path for file in files if file.inclusion.is_in_serve()}
        gone = self.outputs - outputs
        for path in gone:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            with contextlib.suppress(OSError):
                os.rmdir(os.path.dirname(path))  # a page's own folder, once empty
        self.outputs = outputs
        return gone

    def _restore_stub(self, path: Path) -> None:
        """Put the served lean index back in place of the partial index Material just wrote."""
        with self.stub_lock:
            if self.stub is not None and "kb" not in json.loads(path.read_bytes())["config"]:
                path.write_bytes(self.stub)


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
            _write_index(preview)
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
_PREVIEWS: dict[Path, Preview] = {}
_ANALYSER: list[Analyser] = []


def preview_analyser() -> Analyser:
    """The preview's word analyser: Kiwi is loaded once for the whole serve and kept, with the words it analysed.

    So an edit's search index analyses only the words no page had before (a fresh analyser loaded
    Kiwi again, seconds, whenever an edit brought a new Korean word).
    """
    if not _ANALYSER:
        _ANALYSER.append(Analyser(load_kiwi()))
    return _ANALYSER[0]


def begin_preview(site_dirs: list[Path]) -> None:
    """A serve rebuild starts: hold the background work, and keep a Preview for each language's site folder."""
    BACKGROUND.pause()
    for site_dir in map(_folder, site_dirs):
        _PREVIEWS.setdefault(site_dir, Preview(site_dir))


def end_preview() -> None:
    """The serve rebuild is over (or failed): let the background work go on."""
    BACKGROUND.resume()


def finish_later(staged: Staged, site_dirs: list[Path]) -> None:
    """Leave the rest of a staged rebuild to the background: the lists and their pages, then the open data.

    The build cache is saved last, with the open data, after the lists show.
    """
    previews = [_PREVIEWS[_folder(site_dir)] for site_dir in site_dirs]

    def step(write: Callable[..., TreeChanges | None], then: Callable[[], None] | None = None) -> Stale:
        def run(stale: Callable[[], bool]) -> None:
            try:
                changes = write(stale)
            except (ContentError, FolderProblem) as exc:
                log.error(f"the lists and open data were not written:\n{exc}")
                return
            if changes is None:  # a newer rebuild started: it writes everything again
                return
            for preview in previews:
                preview.take_changes(changes)
            if then is not None:  # after the pages just queued, before any search index
                then()

        return run

    open_data = step(staged.finish)
    later = lambda: BACKGROUND.add_job(open_data, "finders and open data", after_search=True)  # noqa: E731
    BACKGROUND.add_job(step(staged.write_lists, later), "lists")


def preview_of(config: MkDocsConfig) -> Preview | None:
    """The Preview of the site this config builds, if `mkdocs serve --dirty` is previewing it."""
    return _PREVIEWS.get(_folder(config.site_dir))


def read_nav_sources(nav: Navigation, config: MkDocsConfig) -> None:
    """Read every page of the navigation, so that it has a title even when a dirty build skips it."""
    for page in nav.pages:
        if page.markdown is None:
            page.read_source(config)


def _folder(site_dir: str | Path) -> Path:
    return Path(os.path.abspath(site_dir))


def _layout(config: MkDocsConfig, nav: Navigation) -> tuple:
    """What every page's HTML depends on besides its Markdown: theme overrides, config file, navigation titles.

    Paths are made absolute: `mkdocs serve -f mkdocs.yml` loads the first build's config with the path as
    given and every rebuild's with its absolute form, which must not look like a new layout (it made the
    first edit of every serve render the whole site again).
    """
    paths = [_folder(config.config_file_path)]
    if config.theme.custom_dir:
        paths += sorted(p for p in _folder(config.theme.custom_dir).rglob("*") if p.is_file())
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    return stamps, tuple(page.title for page in nav.pages)


def _material_entries(path: Path) -> tuple[dict, dict[str, list[dict]]]:
    """Material's search settings, and its entries grouped by page URL (an entry's location is URL#anchor)."""
    data = json.loads(path.read_bytes())
    by_page: defaultdict[str, list[dict]] = defaultdict(list)
    for entry in data["docs"]:
        by_page[entry["location"].split("#", 1)[0]].append(entry)
    return data["config"], by_page


def _write_index(preview: Preview) -> None:
    """Update the lean search index from the pages that changed (`LiveIndex`), then serve it."""
    if preview.index is None:
        preview.index = LiveIndex(preview_analyser())
    fields = read_fields(preview.site_dir / "search")
    files = preview.index.update(preview.search_config, dict(preview.entries), fields)
    _serve_index(preview, files)


def _serve_index(preview: Preview, files: dict[str, bytes]) -> None:
    """Write the index in a folder beside the served one (linking the files it already serves), then swap it in."""
    served = preview.site_dir / "search"
    changed = changed_files(files, preview.served) | {"search_index.json"}  # Material rewrites the served stub
    staging = Path(tempfile.mkdtemp(prefix=".search-", dir=preview.site_dir))
    try:
        for folder in {Path(rel).parent for rel in files}:
            (staging / "search" / folder).mkdir(parents=True, exist_ok=True)
        for rel, data in files.items():
            if rel in changed or not _linked(served / rel, staging / "search" / rel):
                (staging / "search" / rel).write_bytes(data)
        preview.swap_in(staging / "search")
        preview.served = files
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _linked(source: Path, target: Path) -> bool:
    """Hard-link `target` to `source` (no file is ever changed in place); False if that cannot be done."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
