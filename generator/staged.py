"""`make serve`'s preparation in stages: the changed record pages at once, the lists and open data after.

The pages that list every record, the finders' data and the open data take seconds at thousands of
records; an edited record's own page need not wait for them. `prepare_staged` checks the records
and writes the record pages, hand-written pages and assets; the `Staged` it returns writes the
lists (`write_lists`), the search fields (`write_fields`) and then everything else (`finish`),
which the preview runs in the background.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from . import pipeline
from .cache import BuildCache
from .folders import building
from .languages import LANGUAGES
from .model import Catalogue
from .paths import generated_path, page_path
from .project import Project
from .records.strings import Strings
from .site_address import site_url_from_env


@dataclasses.dataclass(frozen=True)
class Shape:
    """Which record pages and tag pages a catalogue has: what a staged rebuild compares with the last one."""

    record_pages: frozenset[str]
    tags: tuple[str, ...]

    @classmethod
    def of(cls, catalogue: Catalogue) -> Shape:
        """The record pages (under .generated/, every language) and the used tags of `catalogue`."""
        pages = [page_path("program", p.id) for p in catalogue.programs]
        pages += [page_path("case", c.id) for c in catalogue.cases]
        paths = frozenset(generated_path(lang.code, page) for lang in LANGUAGES for page in pages)
        return cls(paths, tuple(catalogue.used_tags()))


#: The shape of each project's catalogue as last written in this process.
_SHAPES: dict[Path, Shape] = {}
#: The files besides the record pages that the last complete write of each project wrote.
_OTHERS: dict[Path, frozenset[str]] = {}


def _written_in_full(project: Project, shape: Shape, files: dict[str, bytes]) -> None:
    """Remember the files besides the record pages, whose presence the next staged rebuild checks."""
    _OTHERS[project.root] = frozenset(files) - shape.record_pages


def _still_there(project: Project) -> bool:
    """Whether every file of the last complete write besides the record pages is still in the tree."""
    others = _OTHERS.get(project.root)
    return others is not None and all((project.generated_dir / path).is_file() for path in others)


@dataclasses.dataclass
class Staged:
    """A preview rebuild whose record pages are written; `write_lists`, then `finish`, write the rest."""

    project: Project
    cache: BuildCache
    renderer: object  # render.pages.Renderer
    strings: Strings
    site_url: str | None

    fields: dict[str, bytes] | None = None  # the search fields, once `write_lists` made them

    def write_lists(self, stale: Callable[[], bool] = lambda: False) -> pipeline.TreeChanges | None:
        """Write the list pages of every language, where they changed.

        The search fields follow (`write_fields`), and the finders' data and the open data wait for
        `finish`, after the search index. None, with nothing written, when `stale()` says that a
        newer rebuild has started.
        """
        if stale():
            return None
        files = {}
        for lang in LANGUAGES:
            pages = self.renderer.render_lists(lang.code)  # type: ignore[attr-defined]
            files.update((generated_path(lang.code, path), content) for path, content in pages.items())
        return self._write(files)

    def write_fields(self, stale: Callable[[], bool] = lambda: False) -> pipeline.TreeChanges | None:
        """Write the record fields and synonyms that the search index reads, where they changed."""
        if stale():
            return None
        self.fields = pipeline.search_fields(self.project, self.renderer.catalogue, self.strings)  # type: ignore[attr-defined]
        return self._write(self.fields)

    def _write(self, files: dict[str, bytes]) -> pipeline.TreeChanges:
        with building(self.project):
            written, unchanged = pipeline.write_files(self.project.generated_dir, files)
        return pipeline.TreeChanges(tuple(written), (), unchanged)

    def finish(self, stale: Callable[[], bool] = lambda: False) -> pipeline.TreeChanges | None:
        """Render every file from the catalogue already checked, write what changed, save the build cache.

        None, with nothing written, once `stale()` says that a newer rebuild has started (it is asked
        between the steps, so that the newer rebuild need not wait for this one's open data).
        """
        generation = pipeline.generation_of(self.project, self.renderer, self.strings, self.site_url, self.fields)
        if stale():
            return None
        files = generation.all_files()
        if stale():
            return None
        with building(self.project):
            changes = pipeline.write_tree(self.project.generated_dir, files)
            self.cache.save()
        _written_in_full(self.project, Shape.of(self.renderer.catalogue), files)  # type: ignore[attr-defined]
        return changes


def prepare_staged(project: Project) -> Staged | None:
    """Check, then write the record pages at once and leave the rest to the `Staged` returned.

    Everything is written at once (None) the first time in a process, when the used tags change (tag
    pages come or go, which MkDocs must see when it starts), and when a file of the last complete
    write is missing from the tree.
    """
    last = _SHAPES.get(project.root)
    with building(project):
        cache = BuildCache.for_project(project)
        renderer, strings = pipeline.checked(project, cache, site_url_from_env())
        shape = _SHAPES[project.root] = Shape.of(renderer.catalogue)
        if last is None or shape.tags != last.tags or not _still_there(project):
            files = pipeline.generation_of(project, renderer, strings, renderer.site_url).all_files()
            pipeline.write_tree(project.generated_dir, files)
            cache.save()
            _written_in_full(project, shape, files)
            pipeline.PREPARED.add(project.root)
            return None
        files = {}
        for lang in LANGUAGES:
            pages = renderer.render_records(lang.code)
            files.update((generated_path(lang.code, path), content) for path, content in pages.items())
        pipeline.write_files(project.generated_dir, files)
        for gone in sorted(last.record_pages - shape.record_pages):
            (project.generated_dir / gone).unlink(missing_ok=True)
    pipeline.PREPARED.add(project.root)
    return Staged(project, cache, renderer, strings, renderer.site_url)
