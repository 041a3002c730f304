"""The core run end to end without MkDocs: check the records, render them, write the tree."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .cache import BuildCache, files_digest
from .diagnostics import ContentError
from .folders import building
from .languages import DEFAULT, LANGUAGES
from .model import Catalogue
from .paths import generated_path
from .project import Project
from .publish.licence import load_licence
from .records.schema import SchemaSet
from .records.strings import Strings, load_strings
from .records.validate import validate_catalogue
from .site_address import site_url_from_env

#: Roots whose generated tree is fresh in this process, so the MkDocs hook need not redo it.
PREPARED: set[Path] = set()
_SCHEMAS: dict[tuple[Path, str], SchemaSet] = {}


@dataclasses.dataclass(frozen=True)
class TreeChanges:
    """What writing the generated tree changed."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def check(project: Project, cache: BuildCache | None = None) -> tuple[Catalogue, Strings]:
    """Validate every record and the interface strings; raise ContentError on any problem."""
    catalogue = validate_catalogue(project, schemas=schema_set(project), cache=cache)
    strings = load_strings(project.config_dir / "strings.yaml", "site_config/strings.yaml")
    return catalogue, strings


def schema_set(project: Project) -> SchemaSet:
    """The project's schemas, loaded and checked once per process while their files stay the same (`make serve`)."""
    key = (project.schema_dir, files_digest(project.schema_dir.glob("*.json"), project.schema_dir))
    found = _SCHEMAS.get(key)
    if found is None:
        _SCHEMAS.clear()
        found = _SCHEMAS[key] = SchemaSet(project.schema_dir)
    return found


def prepare(project: Project) -> TreeChanges:
    """Check, render and write the generated Markdown tree; nothing is written on error.

    Work done by earlier builds is taken from the build cache (see `cache.py`) where its inputs are unchanged.
    Linked folders are refused and the build lock is held throughout (see `folders.py`).
    """
    with building(project):
        cache = BuildCache.for_project(project)
        changes = write_tree(project.generated_dir, generate(project, cache, site_url_from_env()))
        cache.save()
    PREPARED.add(project.root)
    return changes


def generate(project: Project, cache: BuildCache, site_url: str | None = None) -> dict[str, bytes]:
    """Every generated file (pages of both languages, assets, open data), keyed by path under .generated/."""
    return start(project, cache, site_url).all_files()


@dataclasses.dataclass
class Generation:
    """A checked catalogue ready to render, one language at a time (the parallel build renders each in a process)."""

    renderer: object  # render.pages.Renderer (imported late, see `start`)
    strings: Strings
    exports: dict[str, bytes]
    fields: dict[str, bytes]  # the search fields of each language, keyed by path under .generated/
    site_url: str | None
    licence: object

    def language(self, lang: str) -> dict[str, bytes]:
        """The generated files of one language (open data with the default's), keyed by path under .generated/."""
        from .publish.open_data_page import PAGE, open_data_page
        from .publish.subscribe_page import PAGE as SUBSCRIBE_PAGE
        from .publish.subscribe_page import subscribe_page

        pages = self.renderer.render_language(lang)  # type: ignore[attr-defined]
        files = {generated_path(lang, path): content for path, content in pages.items()}
        # Open data is language-neutral: it is published once, at the site root (the default language's site).
        if lang == DEFAULT.code:
            files.update((generated_path(lang, path), data) for path, data in self.exports.items())
        files.update((path, data) for path, data in self.fields.items() if path.startswith(generated_path(lang, "")))
        page = generated_path(lang, PAGE)
        if page in files:
            files[page] = open_data_page(files[page], lang, self.exports, self.site_url, self.licence, self.strings)
        page = generated_path(lang, SUBSCRIBE_PAGE)
        if page in files:
            catalogue, today = self.renderer.catalogue, self.renderer.today  # type: ignore[attr-defined]
            files[page] = subscribe_page(files[page], catalogue, lang, today, self.site_url, self.strings.bound(lang))
        return files

    def all_files(self) -> dict[str, bytes]:
        """The files of every language; ContentError with the problems of all of them."""
        files: dict[str, bytes] = {}
        problems = []
        for lang in (lang.code for lang in LANGUAGES):
            try:
                files.update(self.language(lang))
            except ContentError as exc:
                problems += exc.diagnostics
        if problems:
            raise ContentError(list(dict.fromkeys(problems)))  # assets are copied once per language
        return dict(sorted(files.items()))


def start(project: Project, cache: BuildCache, site_url: str | None = None) -> Generation:
    """Check the records and make the open data: what rendering any language needs."""
    renderer, strings = checked(project, cache, site_url)
    return generation_of(project, renderer, strings, site_url)


def checked(project: Project, cache: BuildCache, site_url: str | None):
    """The checked catalogue's renderer, and the interface strings."""
    # Imported here: `check` (and so `python -m generator validate`, the pre-commit hook) needs
    # neither Jinja2 nor the rich-text libraries, which a validate-only install leaves out.
    from .render.pages import Renderer

    catalogue, strings = check(project, cache)
    return Renderer(project, catalogue, strings, site_url, cache), strings


def generation_of(
    project: Project, renderer, strings: Strings, site_url: str | None, fields: dict[str, bytes] | None = None
) -> Generation:
    """The open data and search fields of the renderer's catalogue, with what renders each language."""
    from .publish.exports import export_files
    from .publish.subscriptions import subscription_files

    catalogue, licence = renderer.catalogue, load_licence(project.config_dir)
    today = renderer.today  # the calendars' and call feeds' build date, which the renderer's cache key holds
    exports = {
        **renderer.files_from_all(
            "exports", lambda: export_files(catalogue, project, site_url, renderer.per_record, today)
        ),
        **renderer.files_from_all(
            "subscriptions", lambda: subscription_files(catalogue, strings, licence, site_url, today)
        ),
    }
    fields = search_fields(project, catalogue, strings) if fields is None else fields
    return Generation(renderer, strings, dict(sorted(exports.items())), fields, site_url, licence)


def search_fields(project: Project, catalogue: Catalogue, strings: Strings) -> dict[str, bytes]:
    """The record fields, synonyms and result labels each language's search index reads, by path in .generated/."""
    from .search.fields import search_field_files
    from .search.synonyms import load_synonyms

    return search_field_files(catalogue, load_synonyms(project), strings)


def write_tree(target: Path, files: dict[str, bytes]) -> TreeChanges:
    """Make `target` hold exactly `files`, rewriting only files whose bytes differ.

    Stale files and emptied folders go first, so a path can change from file to folder.
    Unchanged files keep their mtime, so `mkdocs serve` and other builders see no change.
    """
    removed = _remove_stale(target, files)
    written, unchanged = write_files(target, files)
    return TreeChanges(tuple(written), removed, unchanged)


def write_files(target: Path, files: dict[str, bytes]) -> tuple[list[str], int]:
    """Write each file whose bytes differ from what `target` holds; the paths written, and how many were not."""
    written, unchanged = [], 0
    for rel, content in files.items():
        path = target / rel
        try:
            if path.read_bytes() == content:
                unchanged += 1
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
        written.append(rel)
    return written, unchanged


def _remove_stale(target: Path, files: dict[str, bytes]) -> tuple[str, ...]:
    """Delete files under `target` that are not in `files`, then folders left empty."""
    if not target.is_dir():
        return ()
    folders = {parent.as_posix() for rel in files for parent in Path(rel).parents}
    removed = []
    # Bottom up, so a folder is looked at after everything in it.
    for folder, subfolders, names in os.walk(target, topdown=False):
        here = Path(folder)
        prefix = here.relative_to(target).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        for name in subfolders:
            path = here / name
            if path.is_symlink():
                names.append(name)  # a link to a folder is removed like a file
            elif prefix + name not in folders and not any(path.iterdir()):
                path.rmdir()
        for name in names:
            if prefix + name not in files:
                (here / name).unlink()
                removed.append(prefix + name)
    return tuple(sorted(removed))
