"""End to end: both languages built by MkDocs from throwaway copies of the project.

Full builds are slow (seconds each), so most checks read the one session-wide build
(`built_project`); only the tests that need other content or a failing build make their own.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.mkdocs_adapter.build import BuildFailed, build_site
from generator.pipeline import check
from generator.project import Project
from generator.site_address import site_url_from_env

pytestmark = pytest.mark.slow

# The generated pages in the nav, besides docs/<lang>/*.md.
INDEX_PAGES = ["", "programs/", "calls/", "compare/", "find/", "cases/", "tags/"]
MERMAID_JS = "assets/vendor/mermaid/mermaid.min.js"


class Page(HTMLParser):
    """The parts of a built page that the tests look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.nav_links: list[str] = []  # hrefs inside the primary nav and the tabs
        self.scripts: list[str] = []
        self.json_ld: list[str] = []  # <script type="application/ld+json">: data, not code
        self.title = ""
        self._open: list[tuple[str, bool]] = []  # (tag, inside nav) for the elements now open
        self._in = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        classes = (attributes.get("class") or "").split()
        in_nav = bool(self._open and self._open[-1][1]) or "md-nav--primary" in classes or "md-tabs" in classes
        if in_nav and tag == "a" and attributes.get("href") and not attributes["href"].startswith("#"):
            self.nav_links.append(attributes["href"])
        if tag not in {"meta", "link", "img", "input", "br", "hr", "source"}:
            self._open.append((tag, in_nav))
        self._in = "json-ld" if tag == "script" and attributes.get("type") == "application/ld+json" else tag

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break
        self._in = ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts.append(data)
        elif self._in == "json-ld":
            self.json_ld.append(data)

    def links(self, tag: str, attribute: str) -> list[str]:
        """Every value of one attribute on one kind of tag."""
        return [a[attribute] for t, a in self.tags if t == tag and a.get(attribute)]


def read_page(site: Path, url: str) -> Page:
    """The built page at a site URL such as 'programs/asti/'."""
    return Page((site / url / "index.html").read_text(encoding="utf-8"))


def resolve(page_url: str, href: str) -> str:
    """Where a relative href on a page points, as a path from the site root."""
    return posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url + "index.html"), href)).lstrip("/")


def tree_digest(folder: Path) -> dict[str, str]:
    """A hash of every file under a folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def catalogue(built_project):
    """The bundled records, as the build saw them."""
    return check(built_project)[0]


@pytest.fixture
def project_with_site(project, built_project) -> Project:
    """A fresh copy of the project that already has a built site/ (copied, not rebuilt)."""
    shutil.copytree(built_project.site_dir, project.site_dir)
    return project


def test_both_languages_are_built(built_project):
    site = built_project.site_dir
    assert re.search(r'<html[^>]* lang="ko"', (site / "index.html").read_text(encoding="utf-8"))
    assert re.search(r'<html[^>]* lang="en"', (site / "en" / "index.html").read_text(encoding="utf-8"))
    assert (site / "search").is_dir() and (site / "en" / "search").is_dir()
    assert not list(built_project.root.glob(".site-staging-*")) and not list(built_project.root.glob(".site-old-*"))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask  # as any new folder, not mkdtemp's 0700


@pytest.mark.parametrize("kind", ["programs", "cases"])
def test_language_switcher_goes_to_the_same_page(built_project, catalogue, kind):
    site = built_project.site_dir
    record_id = (catalogue.programs if kind == "programs" else catalogue.cases)[0].id
    url = f"{kind}/{record_id}/"
    for here, there, lang in ((url, f"en/{url}", "en"), (f"en/{url}", url, "ko")):
        page = read_page(site, here)
        switch = [a["href"] for t, a in page.tags if t == "a" and a.get("hreflang") == lang and a.get("href")]
        assert switch, f"no link to the {lang} site on {here}"
        assert {resolve(here, href) for href in switch} == {there.rstrip("/")}
        assert (site / there / "index.html").is_file()


def test_record_pages_stay_out_of_the_navigation(built_project, catalogue):
    site = built_project.site_dir
    docs = sorted(p.stem + "/" for p in (built_project.root / "docs" / "ko").glob("*.md"))
    home = read_page(site, "")
    assert {resolve("", href) for href in home.nav_links} == {resolve("", u or ".") for u in INDEX_PAGES + docs}
    program = catalogue.programs[0]
    url = f"programs/{program.id}/"
    nav = {resolve(url, href) for href in read_page(site, url).nav_links}
    assert nav == {resolve("", u or ".") for u in INDEX_PAGES + docs}
    assert not any(target.startswith(("programs/", "cases/")) and target.count("/") for target in nav)


def test_comparison_table_has_a_row_per_programme(built_project, catalogue):
    for prefix in ("", "en/"):
        html = (built_project.site_dir / prefix / "programs" / "index.html").read_text(encoding="utf-8")
        body = html[html.index("<tbody>") : html.index("</tbody>")]
        records = list((built_project.root / "programs").glob("*.yaml"))
        assert body.count("<tr>") == len(catalogue.programs) == len(records)
        assert all(row.count("<td") == 8 for row in body.split("<tr>")[1:])


def test_programme_pages_draw_their_process_with_the_bundled_mermaid(built_project, catalogue):
    site = built_project.site_dir
    assert any(p.process for p in catalogue.programs)
    assert (site / MERMAID_JS).is_file() and (site / "en" / MERMAID_JS).is_file()
    for program in catalogue.programs:
        for prefix in ("", "en/"):
            url = f"{prefix}programs/{program.id}/"
            html = (site / url / "index.html").read_text(encoding="utf-8")
            assert ('<pre class="mermaid" aria-hidden="true">' in html) == bool(program.process), url
            assert ('<ol class="kb-sr-only">' in html) == bool(program.process), url  # what screen readers read
            scripts = [resolve(url, src) for src in read_page(site, url).links("script", "src")]
            assert (f"{prefix}{MERMAID_JS}" in scripts) == bool(program.process), url  # only where drawn


def test_the_search_index_holds_the_steps_but_not_the_diagram_code(built_project, catalogue):
    program = next(p for p in catalogue.programs if p.process)
    for prefix, lang in (("", "ko"), ("en/", "en")):
        search = built_project.site_dir / prefix / "search" / "kb"
        texts = "".join(path.read_text(encoding="utf-8") for path in sorted(search.rglob("*.json")))
        assert "flowchart" not in texts and "-->" not in texts and '"s1"' not in texts
        assert all(step.name.get(lang) in texts for step in program.process)


NOT_FETCHED = {"canonical", "alternate"}  # <link> types that name an address without loading it


def fetched(page: Page, tag: str, attribute: str) -> list[str]:
    """The addresses a browser loads from one kind of tag (a canonical or alternate link loads nothing)."""
    return [
        a[attribute]
        for t, a in page.tags
        if t == tag
        and a.get(attribute)
        and not (tag == "link" and set((a.get("rel") or "").lower().split()) <= NOT_FETCHED)
    ]


def test_nothing_is_fetched_from_other_hosts(built_project):
    site = built_project.site_dir
    offenders = []
    for path in sorted(site.rglob("*.html")):
        page = Page(path.read_text(encoding="utf-8"))
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("audio", "src"),
            ("video", "src"),
        ):
            offenders += [(path, url) for url in fetched(page, tag, attribute) if re.match(r"(?i)(https?:)?//", url)]
    for path in sorted(site.rglob("*.css")):
        css = path.read_text(encoding="utf-8", errors="replace")
        found = re.findall(r"""(?i)(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", css)
        offenders += [(path, url) for url in found]
    assert not offenders, offenders[:10]


def test_korean_headings_get_korean_anchors(built_project):
    page = built_project.site_dir / "programs" / "kisti-knowledge-mentoring" / "index.html"
    html = page.read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([^"]*)"', html)
    assert ids and not any(re.fullmatch(r"_\d*", i) for i in ids), ids
    assert all(re.search("[가-힣]", i) for i in ids), ids
    assert "지원-절차" in ids


def test_case_and_programme_pages_link_each_other(built_project, catalogue):
    site = built_project.site_dir
    for case in catalogue.cases:
        url = f"cases/{case.id}/"
        targets = {resolve(url, href) for href in read_page(site, url).links("a", "href")}
        for pid in case.programs:
            assert f"programs/{pid}" in targets
            program_url = f"programs/{pid}/"
            listed = {resolve(program_url, href) for href in read_page(site, program_url).links("a", "href")}
            assert f"cases/{case.id}" in listed


def test_broken_link_in_a_hand_written_page_fails_and_keeps_the_site(project_with_site):
    project = project_with_site
    before = tree_digest(project.site_dir)
    about = project.root / "docs" / "ko" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[없는 쪽](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="strict"):
        build_site(project)
    assert tree_digest(project.site_dir) == before
    assert not list(project.root.glob(".site-staging-*"))


def test_broken_anchor_in_a_hand_written_page_fails(project_with_site):
    project = project_with_site
    before = tree_digest(project.site_dir)
    about = project.root / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[nowhere](index.md#no-such-anchor)\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(project)
    assert tree_digest(project.site_dir) == before


def test_invalid_record_stops_the_cli_build_and_keeps_the_site(project_with_site):
    project = project_with_site
    before = tree_digest(project.site_dir)
    record = project.root / "cases" / "charmcare-france-supply.yaml"
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("year:"))
    lines[line - 1] = "year: twenty-thirteen\n"
    record.write_text("".join(lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), "build"],
        capture_output=True,
        text=True,
        cwd=project.root,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert re.search(rf"^cases/charmcare-france-supply\.yaml:{line}:\d+: year: ", result.stderr, re.M), result.stderr
    assert "nothing was built" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project.site_dir) == before


def test_two_builds_of_the_same_content_are_identical(built_project, project):
    build_site(project)
    first, second = tree_digest(built_project.site_dir), tree_digest(project.site_dir)
    assert first.keys() == second.keys()
    differing = [path for path in first if first[path] != second[path]]
    assert not differing, differing
    assert "search/search_index.json" in first
    # The gzipped sitemap carries a time stamp; it is built only with a site address (README).
    assert ("sitemap.xml.gz" in first) == bool(site_url_from_env())


def test_hostile_record_text_stays_text_in_the_built_page(project):
    hostile = '<img src=x onerror=alert(1)> </title><script>alert(2)</script> "q" **b** {{ 7*7 }}'
    record = project.root / "programs" / "asti.yaml"
    data = record.read_text(encoding="utf-8")
    data = re.sub(
        r"(?m)^name:\n  ko: .*\n  en: .*\n",
        "name:\n  ko: " + _quoted(hostile) + "\n  en: " + _quoted(hostile) + "\n",
        data,
        count=1,
    )
    record.write_text(data, encoding="utf-8")
    build_site(project)
    for prefix in ("", "en/"):
        for url in (f"{prefix}programs/asti/", f"{prefix}programs/", prefix):
            text = (project.site_dir / url / "index.html").read_text(encoding="utf-8")
            page = Page(text)
            handlers = [value for _, attrs in page.tags for name, value in attrs.items() if name.startswith("on")]
            assert not any("alert" in (value or "") for value in handlers), url
            assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in page.tags), url
            assert not any("alert" in script for script in page.scripts), url
            # The name is in the JSON-LD as data: it parses, and no "<" can end the element early.
            assert all("<" not in data and json.loads(data) for data in page.json_ld), url
            assert "<strong>b</strong>" not in text, url
        page = Page((project.site_dir / prefix / "programs" / "asti" / "index.html").read_text(encoding="utf-8"))
        assert hostile in page.title


def _set_summary(project: Project, program_id: str, text: str) -> None:
    record = project.root / "programs" / f"{program_id}.yaml"
    data = record.read_text(encoding="utf-8")
    data, count = re.subn(
        r"(?ms)^summary:\n.*?(?=^\S)", f"summary:\n  ko: {_quoted(text)}\n  en: {_quoted(text)}\n", data, count=1
    )
    assert count == 1
    record.write_text(data, encoding="utf-8")


def test_fence_marks_in_record_text_open_no_code_block_or_diagram(project, catalogue):
    ids = [p.id for p in catalogue.programs]
    _set_summary(project, ids[0], "~~~")
    _set_summary(project, ids[2], "~~~ mermaid")
    _set_summary(project, ids[-1], "~~~")
    build_site(project)
    for prefix in ("", "en/"):
        page = Page((project.site_dir / prefix / "programs" / "index.html").read_text(encoding="utf-8"))
        headings = [attrs for tag, attrs in page.tags if tag == "h2"]
        assert len(headings) == len(ids), prefix  # no programme swallowed by a code block
        assert not any(tag in ("pre", "code") for tag, _ in page.tags), prefix
        without_process = [p.id for p in catalogue.programs if not p.process]
        for program_id in [ids[0], ids[2], *without_process]:
            html_text = (project.site_dir / prefix / "programs" / program_id / "index.html").read_text("utf-8")
            program = next(p for p in catalogue.programs if p.id == program_id)
            assert ('class="mermaid"' in html_text) == bool(program.process), program_id


def test_a_diagram_in_a_hand_written_page_gets_the_bundled_mermaid(project):
    about = project.root / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n``` mermaid\nflowchart TD\n  a --> b\n```\n", "utf-8")
    build_site(project)
    page = Page((project.site_dir / "en" / "about" / "index.html").read_text(encoding="utf-8"))
    assert any(tag == "pre" and attrs.get("class") == "mermaid" for tag, attrs in page.tags)
    assert resolve("en/about/", page.links("script", "src")[0]) == f"en/{MERMAID_JS}"  # before Material's bundle


def test_every_page_allows_scripts_from_this_site_only(built_project):
    for path in sorted(built_project.site_dir.rglob("*.html")):
        html_text = path.read_text(encoding="utf-8")
        head = html_text[: html_text.index("</head>")]
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
        assert policy and "script-src 'self' 'unsafe-inline';" in policy.group(1), path
        assert policy.start() < head.index("<script"), path  # a meta policy covers only what follows it


def _quoted(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', width=1000).strip().removesuffix("...").strip()


def test_record_pages_carry_their_json_ld_and_mermaid_only_where_drawn(built_project):
    site = built_project.site_dir
    for page, kind, name in (
        ("programs/tno-sbir/index.html", "GovernmentService", "TNO"),
        ("en/cases/charmcare-france-supply/index.html", "Article", "Charmcare"),
    ):
        html_text = (site / page).read_text("utf-8")
        head = html_text.split("</head>")[0]
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
        assert len(blocks) == 1, page
        data = json.loads(blocks[0])
        assert data["@type"] == kind and name in json.dumps(data, ensure_ascii=False)
    assert "mermaid.min.js" in (site / "programs/kisti-knowledge-mentoring/index.html").read_text("utf-8")
    assert "mermaid.min.js" not in (site / "index.html").read_text("utf-8")
    assert "application/ld+json" not in (site / "index.html").read_text("utf-8")
