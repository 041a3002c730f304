"""`python -m generator links`: every address in the records asked once; dead and redirected ones reported.

The addresses point at a server on 127.0.0.1 started here: no test contacts another host. The checker
refuses loopback like every non-public host, so these tests give it the test-only allowance `LOCAL`
(a parameter the command never passes); test_links_safety.py tests the refusals.
"""

from __future__ import annotations

import http.server
import threading

import pytest
from project_copy import keep_article_records

from generator.authoring.links import (
    USER_AGENT,
    Limits,
    check_links,
    collect_links,
    format_links,
    format_links_markdown,
)
from generator.cli import main

SEEN: list[tuple[str, str, str]] = []
LOCAL = Limits(allow=frozenset({"127.0.0.1"}))  # tests only: the fixture server is on loopback


class Fixtures(http.server.BaseHTTPRequestHandler):
    """200 at /ok, 301 from /moved to /ok, 404 elsewhere; HEAD refused (405) at /no-head."""

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        SEEN.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/no-head" and self.command == "HEAD":
            status, headers = 405, {}
        else:
            status, headers = {"/ok": (200, {}), "/no-head": (200, {}), "/moved": (301, {"Location": "/ok"})}.get(
                self.path, (404, {})
            )
        self.send_response(status)
        for name, value in {**headers, "Content-Length": "2"}.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def project(project):
    """The article's records only (the catalogue's others link to real hosts), none with an address."""
    keep_article_records(project)
    assert collect_links(project) == {}, "a kept record links to another host; the tests must not contact it"
    return project


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fixtures)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    SEEN.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def add_links(project, base: str) -> None:
    """Links of every kind in one programme, and the case's source address, at the local server."""
    path = project.root / "programs" / "tno-sbir.yaml"
    text = path.read_text("utf-8")
    links = "".join(
        f"  - kind: official\n    url: {base}/{name}\n    language: en\n" for name in ("ok", "moved", "gone", "no-head")
    )
    path.write_text(text.replace("sources:\n", f"links:\n{links}sources:\n", 1), "utf-8")
    case = project.root / "cases" / "knr-systems-link-partnership.yaml"
    text = case.read_text("utf-8")
    case.write_text(text.replace("  - id: ", f"  - url: {base}/gone\n    id: ", 1), "utf-8")


def test_every_address_is_collected_with_its_place(project, server):
    add_links(project, server)
    found = collect_links(project)
    assert sorted(found) == [f"{server}/{name}" for name in ("gone", "moved", "no-head", "ok")]
    assert [(d.path, d.field) for d in found[f"{server}/gone"]] == [
        ("programs/tno-sbir.yaml", "links[2].url"),
        ("cases/knr-systems-link-partnership.yaml", "sources[0].url"),
    ]


def test_dead_and_redirected_links_are_reported(project, server):
    add_links(project, server)
    out = format_links(check_links(collect_links(project), LOCAL)) + "\n"
    line = next(
        i
        for i, text in enumerate((project.root / "programs" / "tno-sbir.yaml").read_text("utf-8").splitlines(), start=1)
        if text.endswith("/gone")
    )
    assert out.splitlines()[0] == "Dead links:"
    assert f"  programs/tno-sbir.yaml:{line}:10: links[2].url: {server}/gone: HTTP 404 Not Found" in out
    assert f"  programs/tno-sbir.yaml:{line - 3}:10: links[1].url: {server}/moved: now {server}/ok" in out
    assert "no-head" not in out  # refused HEAD, served GET
    assert out.endswith("4 addresses checked: 1 dead, 0 refused (not public), 1 redirected.\n")


def test_each_address_is_asked_once_with_head_then_get_and_named_user_agent(project, server):
    add_links(project, server)
    check_links(collect_links(project), LOCAL)
    assert sorted(SEEN) == sorted(
        [
            ("HEAD", "/ok", USER_AGENT),
            ("HEAD", "/moved", USER_AGENT),
            ("HEAD", "/ok", USER_AGENT),
            ("HEAD", "/gone", USER_AGENT),
            ("GET", "/gone", USER_AGENT),
            ("HEAD", "/no-head", USER_AGENT),
            ("GET", "/no-head", USER_AGENT),
        ]
    )


def test_markdown_for_a_job_summary(project, server):
    add_links(project, server)
    out = format_links_markdown(check_links(collect_links(project), LOCAL))
    assert out.startswith("## Link check\n\n### Dead links (1)\n\n- `programs/tno-sbir.yaml:")
    assert "- `cases/knr-systems-link-partnership.yaml:" in out
    assert "### Redirected links (1)" in out
    assert f"links\\[1\\].url: {server}/moved: now {server}/ok" in out


def test_no_address_is_nothing_dead(project, capsys):
    assert main(["--root", str(project.root), "links"]) == 0
    assert capsys.readouterr().out == "0 addresses checked: 0 dead, 0 refused (not public), 0 redirected.\n"


def test_an_address_that_answers_nothing_is_dead(project):
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    [result] = check_links({url: []}, Limits(timeout=5, allow=LOCAL.allow))
    assert result.dead and result.problem.startswith("no answer: ")
    [result] = check_links({"ftp://example.org/x": []})
    assert result.problem == "not an http or https address"


def test_the_command_refuses_loopback_and_connects_to_nothing(project, server, capsys):
    add_links(project, server)
    assert main(["--root", str(project.root), "links"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Refused links (the host is not public; never connected to):\n")
    assert f"{server}/ok: not asked: 127.0.0.1 is a loopback address, not a public host" in out
    assert out.endswith("4 addresses checked: 0 dead, 4 refused (not public), 0 redirected.\n")
    assert SEEN == []
