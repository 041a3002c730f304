"""`make serve` after an invalid edit: the browser shows the problems, in the page's language, until they are fixed.

The server side runs MkDocs' own LiveReloadServer without binding it (its WSGI application is called
directly); the rebuilds run through `Session` (tests/test_serve.py), as `mkdocs serve --dirty` runs them.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from test_serve import CASE, Session, site_files

from generator.diagnostics import ContentError, Diagnostic
from generator.folders import FolderProblem
from generator.mkdocs_adapter import problems
from generator.texts import catalogue

HEADING = {code: f"<h1>{html.escape(text)}</h1>" for code, text in catalogue()["preview_problems_title"].items()}
ATTACK = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def nothing_shown(monkeypatch):
    """Each test starts with no error page served (the state is the process's, as in a serve)."""
    monkeypatch.setattr(problems, "_SHOWN", problems._Shown({}))


def get(server: LiveReloadServer, path: str) -> tuple[str, str]:
    """The status and text the server answers a GET of `path` with."""
    answer = {}

    def start_response(status, headers):
        answer["status"] = status

    body = b"".join(server.get_app()({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return answer["status"], body.decode("utf-8")


@pytest.fixture
def server(tmp_path):
    """A LiveReloadServer of a small site (never bound to a port), with the hook's wrapping, as serve has it."""
    site = tmp_path / "site"
    for path, text in {"index.html": "home", "en/programs/asti/index.html": "asti", "assets/site.css": "css"}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(f"<html><body>{text}</body></html>" if path.endswith(".html") else text, "utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    server.watch(str(tmp_path))  # with a watched path, it adds its livereload script to every page
    try:
        yield server
    finally:
        server.server_close()


def test_a_rebuild_that_fails_on_the_records_is_done_and_every_page_shows_the_problems(server, project):
    site = Path(server.root)
    problem = Diagnostic("cases/x.yaml", 3, 7, "year", f"got the text '{ATTACK}'")

    def failing_build():
        problems.show_problems(project, ContentError([problem]), site, {"": "ko", "en/": "en"})
        raise Abort("Aborted with a BuildError!")

    server.builder = failing_build
    problems.serve_problems(server)
    assert get(server, "/en/programs/asti/")[1].startswith("<html><body>asti<script>")  # no problem yet
    server.builder()  # does not raise: the server marks the rebuild done, and browsers reload
    for path, code in {"/": "ko", "/en/programs/asti/": "en", "/en/nowhere/": "en", "/cases/index.html": "ko"}.items():
        status, text = get(server, path)
        assert status == "200 OK" and f'<html lang="{code}">' in text and HEADING[code] in text, path
        assert f"<li><code>{html.escape(problem.format())}</code></li>" in text
        assert "cases/x.yaml:3:7: year: got the text &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in text
        assert ATTACK not in text
        assert "livereload(" in text  # the server's script: the next rebuild reloads the page
        assert f'content="{problems._POLICY}"' in text  # nothing from anywhere else
    assert get(server, "/assets/site.css") == ("200 OK", "css")  # other files are served as they are
    problems.clear_problems(site)  # what the next rebuild whose records pass does
    assert get(server, "/en/programs/asti/")[1].startswith("<html><body>asti<script>")
    assert not (site / problems.FOLDER).exists()


def test_a_rebuild_that_fails_otherwise_is_reported_by_mkdocs_as_before(server):
    def broken_build():
        raise RuntimeError("a template is broken")

    server.builder = broken_build
    problems.serve_problems(server)
    with pytest.raises(RuntimeError, match="a template is broken"):
        server.builder()


def test_a_folder_problem_is_shown_as_it_is(project, tmp_path):
    problems.show_problems(project, FolderProblem(f"another build is running\n{ATTACK}"), tmp_path, {"": "en"})
    text = (tmp_path / problems.FOLDER / "en.html").read_text("utf-8")
    assert HEADING["en"] in text and "A problem with the project folder stopped the rebuild." in text
    assert "<li><code>another build is running\\n&lt;script&gt;alert(1)&lt;/script&gt;</code></li>" in text


def test_the_error_page_answers_page_requests_of_its_language_under_the_mount_path(project, tmp_path):
    assert problems.problem_path("/sub/en/x/", "/sub/") is None  # nothing shown
    problems.show_problems(project, FolderProblem("locked"), tmp_path, {"": "ko", "en/": "en"})
    assert problems.problem_path("/sub/en/x/", "/sub/") == "/sub/.kb-problems/en.html"
    assert problems.problem_path("/sub/", "/sub/") == "/sub/.kb-problems/ko.html"
    assert problems.problem_path("/sub/english/", "/sub/") == "/sub/.kb-problems/ko.html"  # not under en/
    assert problems.problem_path("/sub/search/search_index.json", "/sub/") is None
    assert problems.problem_path("/elsewhere/", "/sub/") is None  # the server redirects it


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")


@pytest.mark.slow
def test_an_invalid_edit_shows_its_problems_in_both_languages_and_a_fix_brings_the_site_back(
    project, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site, record = tmp_path / "served", project.root / "cases" / f"{CASE}.yaml"
    year_line = record.read_text("utf-8").splitlines().index("year: 2013") + 1
    where = f"cases/{CASE}.yaml:{year_line}"
    shown = {
        "schema": (
            f'year: "{ATTACK}"',
            {
                "ko": f"{where}:7: year: 정수이어야 하는데(250처럼 숫자만) 글 '{ATTACK}'입니다",
                "en": f"{where}:7: year: expected a whole number (digits only, such as 250), got the text '{ATTACK}'",
            },
        ),
        "yaml": (
            f"year: [2013 {ATTACK}",
            {  # the bracket opened on the year's line is reported on the next one
                "ko": f"YAML 문법 오류: 열린 괄호 ({year_line}번째 줄 7번째 칸)가 닫히지 않았습니다.",
                "en": f"YAML syntax error: the bracket opened at line {year_line}, column 7 is not closed",
            },
        ),
    }
    session = Session(project, site, dirty=True)
    try:
        session.rebuild()
        before = site_files(site)
        for edit, (line, messages) in shown.items():
            _edit(record, "year: 2013", line)
            with pytest.raises(Abort):  # as `build` does; serve's builder takes it as done (test above)
                session.rebuild()
            for code, message in messages.items():
                text = (site / problems.FOLDER / f"{code}.html").read_text("utf-8")
                assert f'<html lang="{code}">' in text and HEADING[code] in text, edit
                assert html.escape(message) in text, (edit, code)
                assert "<script" not in text
            assert {path: data for path, data in site_files(site).items() if problems.FOLDER not in path} == before
            _edit(record, line, "year: 2013")
        session.rebuild()
    finally:
        session.close()
    assert problems.problem_path("/en/", "/") is None
    assert site_files(site) == before  # the error pages are gone, and the site is as it was
