"""Previews: the dirty rebuilds of `mkdocs serve --dirty` (`make serve`), kept right and quick.

MkDocs' dirty build renders only pages whose Markdown is newer than their HTML; `Preview` keeps
the rest of each language's site right (navigation titles, removed pages, the search index) and
hands what can wait to the background thread (`background`). What it needs of MkDocs and Material
beyond their public API goes through `private`. Only `hook` (this package's hooks) uses this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
from collections import defaultdict
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
from . import private
from .background import BACKGROUND, Stale

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

    from ..pipeline import TreeChanges
    from ..staged import Staged

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

    def write_index(self) -> None:
        """Update the lean search index from the pages that changed, and serve it."""
        _write_index(self)

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
    """Leave the rest of a staged rebuild to the background: the lists and their pages, the search fields
    (then the search indexes), then the finders' data and open data.

    The build cache is saved last, with the open data, after the lists and search show.
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

    def then(job: Stale, name: str, **where: bool) -> Callable[[], None]:
        return lambda: BACKGROUND.add_job(job, name, **where)

    open_data = step(staged.finish)
    fields = step(staged.write_fields, then(open_data, "finders and open data", after_search=True))
    BACKGROUND.add_job(step(staged.write_lists, then(fields, "search fields")), "lists")


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
