"""`make serve`: the dirty rebuilds of `mkdocs serve --dirty` through the project's hook.

`Session` runs the builds that `mkdocs serve` runs (its first build, then one per change) on a copy
of the project, without the HTTP server and the file watcher. After an edit, a rebuild must show it
in both languages, leave the pages that do not depend on it untouched, and once the background work
is done, leave exactly the site that a clean build of the same records gives.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import pipeline
from generator.cache import BuildCache
from generator.languages import DEFAULT
from generator.mkdocs_adapter import background as mkdocs_background
from generator.mkdocs_adapter import preview as mkdocs_preview
from generator.mkdocs_adapter import spread
from generator.project import Project
from generator.site_address import site_url_from_env
from generator.staged import prepare_staged

pytestmark = pytest.mark.slow

SERVE_URL = "http://127.0.0.1:8000/"
PROGRAMME, CASE = "asti", "charmcare-france-supply"
LANGUAGES = {"ko": "", "en": "en/"}
SMALL = 2_000  # bytes: every list of the bundled records is larger
LARGE = 10**9  # bytes: no list is larger (the home page, with its map, has outgrown DEFER_BYTES)


class Session:
    """The builds of `mkdocs serve [--dirty]` in `site_dir`, as MkDocs' serve command runs them."""

    def __init__(self, project: Project, site_dir: Path, *, dirty: bool):
        self.project, self.site_dir, self.dirty = project, site_dir, dirty
        (project.generated_dir / "ko").mkdir(parents=True, exist_ok=True)  # as `make serve` does
        self.config().plugins.on_startup(command="serve", dirty=dirty)

    def config(self):
        """A freshly loaded Korean config, as serve loads one for each rebuild."""
        config = load_config(str(self.project.root / "mkdocs.yml"), site_dir=str(self.site_dir))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        """One build (the first, or after a change), then the background work it left."""
        build(self.config(), serve_url=SERVE_URL, dirty=self.dirty)
        assert mkdocs_background.BACKGROUND.wait_done(timeout=300)

    def close(self) -> None:
        """What serve runs when it stops."""
        self.config().plugins.on_shutdown()


@pytest.fixture
def source_date(monkeypatch):
    """The same build date for every build, so that two sites can be compared byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def rename(project: Project, kind: str, record: str, field: str, marker: str) -> None:
    """Give a record's one-line Korean and English `field` new texts holding `marker`.

    The English text holds the marker in brackets, as an original name is written, so a Korean
    marker passes the language check of English fields.
    """
    path = project.root / kind / f"{record}.yaml"
    text, count = re.subn(
        rf"^{field}:\n  ko: .*\n  en: .*\n",
        f"{field}:\n  ko: 이름 {marker}\n  en: Name ({marker})\n",
        path.read_text("utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    assert count == 1
    path.write_text(text, "utf-8")


def html_pages(site: Path) -> dict[str, int]:
    """Every built page (both languages) and its modification time in nanoseconds."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def markdown_pages(project: Project) -> dict[str, int]:
    """Every generated page, by the path of the page built from it, and its modification time."""
    pages = {}
    for source in project.generated_dir.rglob("*.md"):
        language, path = source.relative_to(project.generated_dir).with_suffix("").as_posix().split("/", 1)
        folders = [part for part in (LANGUAGES[language].rstrip("/"), path.removesuffix("index").rstrip("/")) if part]
        pages["/".join([*folders, "index.html"])] = source.stat().st_mtime_ns
    return pages


def index_files(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of both languages' lean search index folders: its inode and its bytes."""
    files = site.rglob("search/kb/**/*.json")
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in files}


def page(site: Path, language: str, path: str) -> str:
    return (site / LANGUAGES[language] / path / "index.html").read_text("utf-8")


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(params=[LARGE, SMALL], ids=["lists-at-once", "lists-in-the-background"])
def defer_bytes(request, monkeypatch) -> int:
    """So large that every list is rendered with the rebuild, and so small that every one waits for the background."""
    monkeypatch.setattr(mkdocs_preview, "DEFER_BYTES", request.param)
    return request.param


def test_an_edit_shows_in_both_languages_and_leaves_other_pages_alone(project, tmp_path, source_date, defer_bytes):
    site = tmp_path / "served"
    session = Session(project, site, dirty=True)
    try:
        session.rebuild()
        before, sources_before, index_before = html_pages(site), markdown_pages(project), index_files(site)
        rename(project, "programs", PROGRAMME, "name", "MARK1")
        session.rebuild()
    finally:
        session.close()
    after, sources_after, index_after = html_pages(site), markdown_pages(project), index_files(site)
    for language in LANGUAGES:
        assert "MARK1" in page(site, language, f"programs/{PROGRAMME}")
        assert "MARK1" in page(site, language, "programs")  # the list naming it
        assert "MARK1" in (site / LANGUAGES[language] / "search/kb/pages.json").read_text("utf-8")
    assert set(after) == set(before) == set(sources_after)
    rewritten = {path for path in after if after[path] != before[path]}
    changed = {path for path in sources_after if sources_after[path] != sources_before[path]}
    assert {f"programs/{PROGRAMME}/index.html", f"en/programs/{PROGRAMME}/index.html", "programs/index.html"} <= changed
    assert rewritten == changed  # exactly the pages whose Markdown the edit changed
    # the search index files the edit did not change are the served ones, linked into the new index, not rewritten
    same = {path for path in index_after if index_before.get(path, (0, b""))[1] == index_after[path][1]}
    assert len(same) > len(index_after) / 2 and f"{LANGUAGES['en']}search/kb/pages.json" not in same
    relinked = [path for path in same if index_after[path][0] != index_before[path][0]]
    # Known defect (2026-12-08, after the calendars landed): three shards of the Korean index are written
    # again with the bytes they had; the served site stays right (see the clean-build test below).
    assert len(relinked) <= 3, relinked


def test_after_dirty_rebuilds_the_site_is_what_a_clean_build_gives(project, tmp_path, source_date, defer_bytes, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.preview")
    served, clean = tmp_path / "served", tmp_path / "clean"
    session = Session(project, served, dirty=True)
    try:
        session.rebuild()
        rename(project, "programs", PROGRAMME, "name", "MARK2")
        session.rebuild()
        rename(project, "cases", CASE, "title", "MARK3")
        session.rebuild()
        (project.root / "cases" / "knr-systems-link-partnership.yaml").unlink()  # a page that goes
        session.rebuild()
    finally:
        session.close()
    assert not (served / "cases/knr-systems-link-partnership/index.html").exists()
    assert "MARK3" in page(served, "en", f"cases/{CASE}")
    assert "preview: lists " in caplog.text  # staged: the lists were left to the background
    assert re.search(r"later pages [\d.]+ s: \d+ \(ko\) .*, \d+ \(en\) ", caplog.text)  # both languages
    reference = Session(project, clean, dirty=False)
    reference.rebuild()
    reference.close()
    assert site_files(served) == site_files(clean)


def test_a_theme_or_navigation_title_change_rebuilds_every_page(project, tmp_path):
    site = tmp_path / "served"
    session = Session(project, site, dirty=True)
    try:
        session.rebuild()
        about = project.root / "docs" / "en" / "about.md"
        about.write_text(about.read_text("utf-8").replace("# About", "# About us", 1), "utf-8")
        session.rebuild()
        assert "About us" in page(site, "en", f"programs/{PROGRAMME}")  # the navigation of a page that did not change
        main = project.config_dir / "overrides" / "main.html"
        main.write_text(main.read_text("utf-8").replace("{% block config %}", "{% block config %}<!-- theme-mark -->"))
        session.rebuild()
    finally:
        session.close()
    assert "<!-- theme-mark -->" in page(site, "ko", f"cases/{CASE}")
    assert "<!-- theme-mark -->" in page(site, "en", "tags")


def test_when_the_forked_language_fails_its_pages_are_rendered_in_the_serve_itself(project, tmp_path, monkeypatch):
    def broken(group, stop, pipe):
        raise RuntimeError("the child broke")

    monkeypatch.setattr(spread, "_child", broken)
    site = tmp_path / "served"
    session = Session(project, site, dirty=True)
    try:
        session.rebuild()
        rename(project, "programs", PROGRAMME, "name", "MARK5")
        session.rebuild()
    finally:
        session.close()
    for language in LANGUAGES:
        assert "MARK5" in page(site, language, "programs")  # each language's list, the forked one's too


def test_a_staged_rebuild_writes_the_record_pages_first_then_the_same_tree_as_a_whole_one(project, source_date):
    assert prepare_staged(project) is None  # the first time in a process: everything at once
    rename(project, "programs", PROGRAMME, "name", "MARK4")
    staged = prepare_staged(project)
    assert staged is not None
    generated = project.generated_dir
    for language in LANGUAGES:
        assert "MARK4" in (generated / language / f"programs/{PROGRAMME}.md").read_text("utf-8")
        assert "MARK4" not in (generated / language / "programs/index.md").read_text("utf-8")  # not yet
    changes = staged.write_lists()
    assert {f"{language}/programs/index.md" for language in LANGUAGES} <= set(changes.written)
    fields = f"{DEFAULT.code}/search/kb-fields.json"
    assert fields not in changes.written and "MARK4" not in (generated / fields).read_text("utf-8")  # not yet
    assert fields in staged.write_fields().written
    open_data = generated / DEFAULT.code / "api/programs.json"
    assert "MARK4" not in open_data.read_text("utf-8")  # the open data comes last
    assert staged.finish(stale=lambda: True) is None  # a newer rebuild started: it stops, writing nothing
    assert "MARK4" not in open_data.read_text("utf-8")
    assert f"{DEFAULT.code}/api/programs.json" in staged.finish().written
    whole = pipeline.generate(project, BuildCache(None, ""), site_url_from_env())
    assert pipeline.write_tree(generated, whole).written == ()  # nothing left to do
    (project.root / "cases" / "knr-systems-link-partnership.yaml").unlink()
    assert prepare_staged(project) is not None
    assert not (generated / "en/cases/knr-systems-link-partnership.md").exists()  # a page that goes, at once
    (generated / "en/compare.md").unlink()  # a list missing from the tree (someone cleaned it):
    assert prepare_staged(project) is None  # everything is written at once, so that MkDocs sees every page
    assert (generated / "en/compare.md").is_file()


def test_a_config_loaded_by_a_relative_path_is_the_same_layout(project, tmp_path, monkeypatch):
    """`mkdocs serve -f mkdocs.yml` loads its first build's config by the path as given, every rebuild's by the
    absolute one; the layout must not differ, or the first edit of every serve renders the whole site again."""

    class Nav:
        pages: list = []

    monkeypatch.chdir(project.root)
    (project.generated_dir / "ko").mkdir(parents=True, exist_ok=True)  # as `make serve` does
    with open("mkdocs.yml", "rb") as given:  # `-f mkdocs.yml`: click opens the file, MkDocs keeps its name
        relative = load_config(given, site_dir=str(tmp_path / "site"))
    absolute = load_config(str(project.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert relative.config_file_path != absolute.config_file_path  # as serve gives them
    assert mkdocs_preview._layout(relative, Nav()) == mkdocs_preview._layout(absolute, Nav())


def test_serve_watches_the_sources_but_not_the_tree_the_hook_writes(project, tmp_path):
    class Server:
        mount_path = "/"

        def __init__(self):
            self.watched: set[str] = set()
            self.builder, self.app = None, None

        def watch(self, path):
            self.watched.add(path)

        def unwatch(self, path):
            self.watched.remove(path)

        def get_app(self):
            return self.app

        def set_app(self, app):
            self.app = app

    (project.generated_dir / "ko").mkdir(parents=True)
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    server = Server()
    server.watch(config.docs_dir)  # as `mkdocs serve` does before the plugins' on_serve
    config.plugins.on_serve(server, config=config, builder=None)
    expected = {str(project.root / folder) for folder in ("programs", "cases", "site_config", "docs")}
    assert server.watched == expected
    assert server.app is not None and server.builder is not None  # wrapped: see test_serve_problems.py


def test_the_preview_loads_the_korean_analyser_once(project, tmp_path, source_date, monkeypatch):
    """Each edit's search index reuses the analyser of the ones before (loading Kiwi takes seconds)."""
    from generator.search import index

    loads = []
    real = index.load_kiwi
    for module in (index, mkdocs_preview):
        monkeypatch.setattr(module, "load_kiwi", lambda: loads.append(1) or real(), raising=False)
    monkeypatch.setattr(mkdocs_preview, "_ANALYSER", [], raising=False)
    monkeypatch.setattr(index, "_shared_analyser", functools.cache(index.Analyser))
    session = Session(project, tmp_path / "served", dirty=True)
    try:
        session.rebuild()
        for marker in ("가나다라마바", "하늘바다숲길"):  # Korean words no page had
            rename(project, "programs", PROGRAMME, "name", marker)
            session.rebuild()
    finally:
        session.close()
    assert marker in (tmp_path / "served" / "search/kb/pages.json").read_text("utf-8")
    assert len(loads) == 1
