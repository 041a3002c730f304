"""The link checker asks only public hosts, before and after every redirect, and keeps a deadline (issue 23).

Every server here listens on 127.0.0.1, which the checker refuses unless a test allows it (`ALLOW`, a
parameter the command never passes). No packet goes to another address: the refusals of 169.254.169.254
and of private addresses are asserted by the checker's decision, with the connecting function watched.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time

import pytest
from project_copy import keep_article_records

from generator.authoring import links, probe
from generator.authoring.links import Limits, check_links, format_links
from generator.hosts import host_problem

ALLOW = frozenset({"127.0.0.1"})


class Redirects(http.server.BaseHTTPRequestHandler):
    """/to?<address> redirects there; /ok answers 200."""

    def do_HEAD(self):
        if self.path.startswith("/to?"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/to?"))
        else:
            self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


class Drip(http.server.BaseHTTPRequestHandler):
    """Sends its status line one byte every 0.2 s, for ever (until the client goes)."""

    def do_HEAD(self):
        try:
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


def _serve(handler):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture
def redirects():
    httpd, base = _serve(Redirects)
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def connections(monkeypatch) -> list[str]:
    """Every address the checker opens a connection to; anything but loopback fails the test before a packet."""
    opened: list[str] = []
    real = probe.open_socket

    def watched(address, port, timeout):
        opened.append(address)
        assert address == "127.0.0.1", f"the checker tried to connect to {address}"
        return real(address, port, timeout)

    monkeypatch.setattr(probe, "open_socket", watched)
    return opened


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("http://169.254.169.254/latest/meta-data/iam?token=SECRET", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.7/admin?key=SECRET", "10.0.0.7 is a private address"),
        ("http://[::1]:8080/?q=SECRET", "::1 is a loopback address"),
        ("http://metadata.google.internal/computeMetadata/v1/?SECRET", "is a name of a local machine or network"),
        ("http://printer/?SECRET", "has no domain"),
        ("file:///etc/passwd?SECRET", "not an http or https address"),
    ],
)
def test_a_redirect_to_a_host_that_is_not_public_is_refused_and_never_connected_to(redirects, connections, target, why):
    url = f"{redirects}/to?{target}"
    [result] = check_links({url: []}, Limits(timeout=5, deadline=10, allow=ALLOW))
    assert result.refused and result.dead and why in result.problem, result.problem
    assert result.problem.startswith("not asked: it redirects to ")
    assert "SECRET" not in format_links([result])  # no path or query of the internal address
    assert connections == ["127.0.0.1"]  # the allowed server's HEAD only; then the refusal


def test_a_name_that_resolves_to_a_private_address_is_refused_before_and_after_a_redirect(
    redirects, connections, monkeypatch
):
    real = probe.resolve
    fake = {"intranet.example.org": "10.1.2.3", "public.example.org": "127.0.0.1"}

    def resolve(host, port):
        if host in fake:
            return [(2, 1, 6, "", (fake[host], port))]
        return real(host, port)

    monkeypatch.setattr(probe, "resolve", resolve)
    limits = Limits(timeout=5, deadline=10, allow=ALLOW)
    [moved] = check_links({f"{redirects}/to?http://intranet.example.org/x?SECRET": []}, limits)
    assert moved.refused and "intranet.example.org resolves to 10.1.2.3 is a private address" in moved.problem
    [first] = check_links({"https://public.example.org/x": []}, Limits(timeout=5, deadline=10))
    assert first.refused and first.problem == (
        "not asked: public.example.org resolves to 127.0.0.1 is a loopback address, not a public host"
    )
    assert connections == ["127.0.0.1"]  # only the allowed test server, once


def test_a_redirect_between_allowed_addresses_is_followed(redirects, connections):
    [result] = check_links({f"{redirects}/to?{redirects}/ok": []}, Limits(timeout=5, deadline=10, allow=ALLOW))
    assert not result.dead and result.target == f"{redirects}/ok"


def test_a_server_that_drips_bytes_is_given_up_at_the_deadline():
    httpd, base = _serve(Drip)
    try:
        started = time.monotonic()
        [result] = check_links({f"{base}/slow": []}, Limits(timeout=5, deadline=1.5, allow=ALLOW))
        assert time.monotonic() - started < 5
        assert result.dead and result.problem == "no answer within 1.5 s"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_report_comes_whatever_an_address_does(monkeypatch):
    """Should asking ever hang past its deadline (a resolver that never answers), the report still comes."""
    release = threading.Event()

    def hangs(url, limits):
        release.wait(30)
        return probe.Answer()

    monkeypatch.setattr(links, "ask", hangs)
    try:
        started = time.monotonic()
        results = check_links({"https://a.example.org/": [], "https://b.example.org/": []}, Limits(deadline=0.3))
        assert time.monotonic() - started < 3
        assert [r.problem for r in results] == ["no answer within 0.3 s"] * 2
    finally:
        release.set()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",
        "0x7f.0.0.1",
        "2130706433",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "[::1]",
        "[fe80::1]",
        "[::ffff:127.0.0.1]",
        "[fd00::1]",
        "localhost",
        "api.localhost",
        "printer.local",
        "metadata.google.internal",
        "intranet",
    ],
)
def test_hosts_that_are_not_public(host):
    assert host_problem(host)


@pytest.mark.parametrize("host", ["www.example.org", "ec.europa.eu", "93.184.215.14", "[2606:4700::1111]"])
def test_public_hosts(host):
    assert host_problem(host) is None


def test_validate_refuses_records_that_link_to_hosts_that_are_not_public(project):
    keep_article_records(project)  # their tno-sbir.yaml has no links yet
    path = project.root / "programs" / "tno-sbir.yaml"
    text = path.read_text("utf-8")
    bad = ("https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/", "https://localhost/x", "https://intranet/")
    entries = "".join(f"  - kind: official\n    url: {url}\n    language: en\n" for url in bad)
    path.write_text(text.replace("sources:\n", f"links:\n{entries}sources:\n", 1), "utf-8")
    rows = path.read_text("utf-8").splitlines()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), "validate"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    for index, url in enumerate(bad):
        line = next(n for n, row in enumerate(rows, 1) if row.endswith(f"url: {url}"))
        expected = f"programs/tno-sbir.yaml:{line}:10: links[{index}].url: "
        assert expected in done.stderr and "a record may link only to public hosts" in done.stderr, done.stderr
