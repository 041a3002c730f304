"""The renderer: golden pages, front matter, template safety, the written tree, links both ways.

Golden pages: tests/golden/<lang>/<page>.md hold the expected Markdown of one programme page and
one case page in each language, rendered from the bundled records. After an intended change to a
template, a string or one of those records, regenerate them and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py -k golden
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.diagnostics import ContentError
from generator.model import Catalogue, Step, Text
from generator.pipeline import prepare, write_tree
from generator.project import Project
from generator.render.pages import DIAGRAM_START, front_matter, relative_path, render_catalogue

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_PAGES = [
    "programs/kisti-knowledge-mentoring.md",
    "programs/eic-accelerator.md",  # its calls: the open one first, the past ones folded by year
    "cases/charmcare-france-supply.md",
]


@pytest.fixture(scope="module")
def rendered(bundled) -> dict[str, str]:
    """Every generated file of the bundled records, as text where it is text."""
    files = render_catalogue(Project(REPO), *bundled)
    return {path: content.decode("utf-8", "replace") for path, content in files.items()}


def render_with(bundled, **program_fields) -> dict[str, str]:
    """Render the bundled catalogue with some fields of the first programme replaced."""
    catalogue, strings = bundled
    first = dataclasses.replace(catalogue.programs[0], **program_fields)
    changed = Catalogue((first, *catalogue.programs[1:]), catalogue.cases, catalogue.taxonomy)
    files = render_catalogue(Project(REPO), changed, strings)
    return {path: content.decode("utf-8") for path, content in files.items() if path.endswith(".md")}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_page(rendered, lang, page):
    golden = GOLDEN / lang / page
    actual = rendered[f"{lang}/{page}"]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"{golden} is missing; run with UPDATE_GOLDEN=1 to write it"
    assert actual == golden.read_text(encoding="utf-8"), f"{lang}/{page} differs from {golden}; see the docstring"


def test_every_page_in_both_languages(rendered):
    ko = {path[3:] for path in rendered if path.startswith("ko/")}
    en = {path[3:] for path in rendered if path.startswith("en/")}
    assert ko == en
    assert {"index.md", "programs/index.md", "cases/index.md", "tags/index.md", "about.md"} <= ko


@pytest.mark.parametrize(
    "title",
    [
        "KISTI: knowledge mentoring",
        "---",
        "a --- b",
        "\"double\" and 'single' quotes",
        "# leading hash",
        "- leading dash",
        "[not] {a: map}",
        "&anchor *alias !tag %directive @at `tick`",
        "yes",
        "null",
        "0123",
        "2013-02-01",
        "A & B <i>not italic</i>",
        "...",
        "? question",
        "| pipe",
        "> fold",
    ],
)
def test_front_matter_round_trips(title):
    text = front_matter(title, description=f"{title}\nsecond line") + "\n# Body\n"
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {"title": _html(title), "description": _html(f"{title} second line", quote=True)}
    body, mkdocs_meta = get_data(text)  # how MkDocs itself reads it
    assert mkdocs_meta == meta
    assert body.strip() == "# Body"


def _html(text: str, quote: bool = False) -> str:
    import html

    return html.escape(text, quote=quote)


def test_record_text_cannot_inject_front_matter(bundled):
    name = Text(ko="이름\n---\ntitle: 가짜", en="Name: x\n---\nhooks: [evil.py]")
    pages = render_with(bundled, name=name)
    program = bundled[0].programs[0]
    for lang in ("ko", "en"):
        text = pages[f"{lang}/programs/{program.id}.md"]
        _, meta = get_data(text)
        assert set(meta) == {"title", "description", "jsonld"}  # jsonld: schema.org data of a record page
        assert meta["title"] == " ".join(name.get(lang).split())
        assert text.count("\n---\n") == 1  # the end of the front matter, and nothing else


def test_record_text_cannot_inject_jinja(bundled):
    hostile = "{{ 6007*7 }} {% raw %}x{% endraw %} {# c #} {{ cat.programs }}"
    step = Step(name=Text(ko=hostile, en=hostile), detail=Text(ko=hostile, en=hostile))
    pages = render_with(
        bundled,
        name=Text(ko=hostile, en=hostile),
        summary=Text(ko=hostile, en=hostile),
        description=Text(ko=hostile, en=hostile),
        process=(step,),
    )
    program = bundled[0].programs[0]
    for lang in ("ko", "en"):
        text = pages[f"{lang}/programs/{program.id}.md"]
        assert "42049" not in text
        assert "Program(" not in text
        assert r"\{\{ 6007\*7 \}\} \{% raw %\}x\{% endraw %\} \{\# c \#\}" in text  # plain text, escaped
        assert f"<p>{hostile}</p>" in text  # rich text
        assert "{% raw %}" in pages[f"{lang}/index.md"].replace("\\", "")


def test_two_records_claiming_one_page_are_refused(bundled):
    catalogue, strings = bundled
    # a programme that names no network and that no case or programme names: only the clash can stop the render
    named = {n.program for p in catalogue.programs for n in p.networks if n.program}
    named |= {pid for c in catalogue.cases for pid in c.programs}
    alone = next(p for p in catalogue.programs[1:] if p.id not in named and not p.networks)
    twin = dataclasses.replace(alone, id=catalogue.programs[0].id, source_path="programs/twin.yaml")
    programs = tuple(twin if p is alone else p for p in catalogue.programs)
    changed = Catalogue(programs, catalogue.cases, catalogue.taxonomy)
    with pytest.raises(ContentError) as caught:
        render_catalogue(Project(REPO), changed, strings)
    page = f"programs/{catalogue.programs[0].id}.md"
    assert [d.format() for d in caught.value.diagnostics] == [
        f"programs/twin.yaml:1:1: would write en/{page}, which {catalogue.programs[0].source_path} already writes; "
        "rename one",
        f"programs/twin.yaml:1:1: would write ko/{page}, which {catalogue.programs[0].source_path} already writes; "
        "rename one",
    ]


def test_hand_written_page_claiming_a_record_page_is_refused(project):
    (project.root / "docs" / "ko" / "programs").mkdir()
    (project.root / "docs" / "ko" / "programs" / "asti.md").write_text("# ASTI\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        prepare(project)
    assert [d.format() for d in caught.value.diagnostics] == [
        "docs/ko/programs/asti.md:1:1: would write ko/programs/asti.md, which programs/asti.yaml already writes; "
        "rename one"
    ]
    assert not project.generated_dir.exists()  # nothing is written while a problem stands


@pytest.mark.parametrize("link", ["docs/ko/leak.md", "site_config/assets/leak.css"])
def test_symlinked_page_or_asset_is_refused(project, tmp_path, link):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    (project.root / link).symlink_to(secret)
    with pytest.raises(ContentError) as caught:
        prepare(project)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"{link}:1:1: is a symbolic link; pages and assets must be regular files in the repository"
    ]


def test_hidden_files_are_not_copied(project):
    (project.root / "docs" / "en" / ".draft.md").write_text("# Draft\n", encoding="utf-8")
    (project.root / "docs" / "en" / ".notes").mkdir()
    (project.root / "docs" / "en" / ".notes" / "todo.md").write_text("# Todo\n", encoding="utf-8")
    prepare(project)
    assert not any(".draft" in p.name or ".notes" in p.parts for p in project.generated_dir.rglob("*"))


def test_record_claiming_an_index_page_is_refused_before_writing(project):
    prepare(project)
    before = _snapshot(project.generated_dir)
    source = (project.root / "cases" / "charmcare-france-supply.yaml").read_text(encoding="utf-8")
    (project.root / "cases" / "index.yaml").write_text(source, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        prepare(project)
    assert any(d.path == "cases/index.yaml" for d in caught.value.diagnostics), caught.value
    assert _snapshot(project.generated_dir) == before


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, mtime and inode."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_write_tree_rewrites_only_changed_files(tmp_path):
    target = tmp_path / "out"
    first = write_tree(target, {"a.md": b"a", "sub/b.md": b"b", "old/deep/c.md": b"c", "x": b"file"})
    assert sorted(first.written) == ["a.md", "old/deep/c.md", "sub/b.md", "x"]
    os.utime(target / "a.md", ns=(1, 1))  # so a rewrite could not hide within the clock's resolution
    os.utime(target / "sub/b.md", ns=(1, 1))
    before = _snapshot(target)

    changes = write_tree(target, {"a.md": b"a", "sub/b.md": b"B", "x/now-a-folder.md": b"n"})

    assert changes.written == ("sub/b.md", "x/now-a-folder.md")
    assert changes.removed == ("old/deep/c.md", "x")
    assert changes.unchanged == 1
    after = _snapshot(target)
    assert after["a.md"] == before["a.md"]  # same bytes, mtime and inode: not touched
    assert after["sub/b.md"][0] == b"B"
    assert after["x/now-a-folder.md"][0] == b"n"
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        "a.md",
        "sub",
        "sub/b.md",
        "x",
        "x/now-a-folder.md",
    ]  # stale files gone, and the folders they leave empty


def test_prepare_twice_touches_nothing(project):
    prepare(project)
    before = _snapshot(project.generated_dir)
    changes = prepare(project)
    assert changes.written == () and changes.removed == ()
    assert _snapshot(project.generated_dir) == before


def test_removed_record_removes_its_pages(project):
    prepare(project)
    (project.root / "programs" / "tno-sbir.yaml").unlink()
    changes = prepare(project)
    assert "ko/programs/tno-sbir.md" in changes.removed and "en/programs/tno-sbir.md" in changes.removed
    assert not (project.generated_dir / "ko" / "programs" / "tno-sbir.md").exists()


def test_case_pages_link_their_programmes_and_programme_pages_list_their_cases(bundled, rendered):
    catalogue, _ = bundled
    assert catalogue.cases
    for lang in ("ko", "en"):
        for case in catalogue.cases:
            case_page = rendered[f"{lang}/cases/{case.id}.md"]
            assert case.programs
            for pid in case.programs:
                assert f"](../programs/{pid}.md)" in case_page
                program_page = rendered[f"{lang}/programs/{pid}.md"]
                assert f"](../cases/{case.id}.md)" in program_page
        for program in catalogue.programs:
            page = rendered[f"{lang}/programs/{program.id}.md"]
            listed = re.findall(r"\]\(\.\./cases/([a-z0-9-]+)\.md\)", page)
            assert listed == list(program.case_ids)
            assert sorted(program.case_ids) == sorted(c.id for c in catalogue.cases if program.id in c.programs)


def test_programme_with_a_process_gets_a_mermaid_diagram(bundled, rendered):
    catalogue, _ = bundled
    for program in catalogue.programs:
        page = rendered[f"en/programs/{program.id}.md"]
        assert (DIAGRAM_START + "flowchart TD\n" in page) == bool(program.process)
        if program.process:
            nodes = re.findall(r'^  s(\d+)\["', page, flags=re.M)
            assert nodes == [str(i) for i in range(1, len(program.process) + 1)]


def test_comparison_table_has_a_row_per_programme(bundled, rendered):
    catalogue, _ = bundled
    for lang in ("ko", "en"):
        page = rendered[f"{lang}/programs/index.md"]
        rows = [line for line in page.splitlines() if line.startswith("| [")]
        assert len(rows) == len(catalogue.programs)
        assert all(line.count(" | ") == 7 for line in rows)  # eight columns, none broken by a '|'


def test_a_process_too_long_for_mermaid_is_shown_as_a_list_only(bundled):
    """Mermaid refuses a diagram over 50,000 characters; the numbered list below keeps every step."""
    steps = tuple(Step(name=Text(ko=f"단계 {i} " + "가" * 2000, en=f"Step {i} " + "x" * 2000)) for i in range(30))
    pages = render_with(bundled, process=steps)
    first = bundled[0].programs[0].id
    for page in (f"ko/programs/{first}.md", f"en/programs/{first}.md"):
        assert 'class="mermaid"' not in pages[page]
        assert "Step 29 " in pages[page] or "단계 29 " in pages[page]
    short = render_with(bundled, process=steps[:3])
    assert 'class="mermaid"' in short[f"en/programs/{first}.md"]


SEGMENT = st.sampled_from(["a", "b", "programs", "cases", "x.md", "compare.md?add=x", ".", "index.md"])
PATH = st.lists(SEGMENT, max_size=4).map("/".join)


@given(PATH, PATH)
def test_relative_path_is_posix_relpath(target, start):
    assert relative_path(target, start) == posixpath.relpath(target or ".", start or ".")
