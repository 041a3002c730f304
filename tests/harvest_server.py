"""A fixture server on 127.0.0.1 for the harvest tests: routes answer as the feeds do, badly included.

Nothing here reaches another host: the server binds 127.0.0.1 on a free port and the client under
test is made with `loopback_for_tests=True`, which refuses every other address.
"""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import socket
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

Route = Callable[["Handler"], None]


class Handler(http.server.BaseHTTPRequestHandler):
    """Dispatches to the server's routes by path; counts the hits of each path."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self._dispatch()

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length)
        self._dispatch()

    def _dispatch(self):
        path = urlsplit(self.path).path
        server = self.server
        server.hits[path] = server.hits.get(path, 0) + 1
        server.seen.append(self.path)
        route = server.routes.get(path)
        if route is None:
            self.answer(404, b"not here", "text/plain")
        else:
            route(self)

    def answer(self, status: int, body: bytes, content_type: str = "application/json", headers: dict | None = None):
        """Send a whole answer."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


class FixtureServer(http.server.ThreadingHTTPServer):
    """The routes, the hits per path and every request line seen."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.seen: list[str] = []

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def serving():
    """A running FixtureServer, shut down afterwards."""
    server = FixtureServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def refuse_other_hosts(monkeypatch) -> None:
    """Make every TCP connection to an address other than 127.0.0.1 fail in this test (a guard, not a mock)."""
    connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and ipaddress.ip_address(host) != ipaddress.ip_address(
            "127.0.0.1"
        ):
            raise OSError(f"the harvest tests reach 127.0.0.1 only, not {host}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
