"""Asking one address for the link check: only public hosts, at every redirect, within one deadline.

The weekly link check runs in CI, where loopback, the runner's network and a cloud's metadata
service (169.254.169.254) answer. Before each connection, the first and every redirect's, the
host is checked by its form (`generator.hosts`), resolved, and every address it resolves to is
checked; the connection then goes to the checked address (no second lookup that could answer
otherwise). A refused host is never connected to and is reported without its path and query.

A socket timeout bounds each read only, so a server that sends a byte a second would hold a
worker for ever: a watchdog shuts the connection down when the address's deadline (all hops, HEAD
and GET) has passed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import urljoin, urlsplit

from ..hosts import host_problem, ip_problem

TIMEOUT = 20  # seconds for one read or connect
DEADLINE = 60  # seconds for everything one address takes
MAX_REDIRECTS = 10
USER_AGENT = "sme-kb-linkcheck/1 (the link check of the SME support knowledge base)"
_REDIRECTS = {301, 302, 303, 307, 308}
_PORTS = {"http": 80, "https": 443}


@dataclasses.dataclass(frozen=True)
class Answer:
    """What asking gave: a problem (empty when it answered), where it redirects, and whether it was refused."""

    problem: str = ""
    target: str = ""
    refused: bool = False


class _Refused(Exception):
    """A host the checker does not connect to."""


class _Late(Exception):
    """The address's deadline has passed."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """How long to wait, and which non-public addresses may be connected to all the same.

    `allow` is for tests only, which serve on 127.0.0.1: the command never sets it, and no
    environment variable does.
    """

    timeout: float = TIMEOUT
    deadline: float = DEADLINE
    allow: frozenset[str] = frozenset()


DEFAULT_LIMITS = Limits()


def ask(url: str, limits: Limits = DEFAULT_LIMITS) -> Answer:
    """Ask one address with HEAD (then GET, for servers that refuse HEAD), following redirects."""
    if urlsplit(url).scheme.lower() not in _PORTS:
        return Answer("not an http or https address")
    ends = time.monotonic() + limits.deadline
    try:
        status, reason, final = _follow(url, "HEAD", limits, ends)
        if status >= 400:  # some servers refuse HEAD but serve the page
            status, reason, final = _follow(url, "GET", limits, ends)
    except _Refused as exc:
        return Answer(f"not asked: {exc}", refused=True)
    except (_Late, OSError, http.client.HTTPException, ValueError) as exc:
        if time.monotonic() >= ends or isinstance(exc, _Late):
            return Answer(f"no answer within {limits.deadline:g} s")
        return Answer(f"no answer: {str(exc) or type(exc).__name__}")
    if status >= 400:
        return Answer(f"HTTP {status} {reason}".strip())
    return Answer(target=final if final != url else "")


def _follow(url: str, method: str, limits: Limits, ends: float) -> tuple[int, str, str]:
    """(status, reason, final address) after at most MAX_REDIRECTS redirects, each hop checked."""
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        status, reason, location = _request(current, method, limits, ends, first=hop == 0)
        if status not in _REDIRECTS or not location:
            return status, reason, current
        current = urljoin(current, location)
    raise http.client.HTTPException(f"more than {MAX_REDIRECTS} redirects")


def _request(url: str, method: str, limits: Limits, ends: float, *, first: bool) -> tuple[int, str, str]:
    """(status, reason, Location) of one request, after checking where it would connect."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    port = parts.port or _PORTS.get(scheme, 0)
    shown = f"{scheme}://{host}{'' if parts.port is None else f':{parts.port}'}/"
    where = "" if first else f"it redirects to {shown}, and "
    if scheme not in _PORTS:
        raise _Refused(f"{where}that is not an http or https address")
    if (why := host_problem(host)) and host.strip("[]") not in limits.allow:
        raise _Refused(where + why)
    address = _checked_address(host, port, limits.allow, where)
    left = ends - time.monotonic()
    if left <= 0:
        raise _Late
    connection = _Pinned(scheme, host, port, address, min(limits.timeout, left))
    watchdog = threading.Timer(left, connection.abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        return response.status, response.reason, response.getheader("Location", "")
    finally:
        watchdog.cancel()
        connection.close()


def _checked_address(host: str, port: int, allow: frozenset[str], where: str) -> str:
    """The address to connect to: every address the host resolves to must be public (or allowed)."""
    found = [info[4][0] for info in resolve(host.strip("[]"), port)]
    for address in found:
        if address not in allow and (why := ip_problem(ipaddress.ip_address(address.split("%")[0]))):
            raise _Refused(f"{where}{host} resolves to {why}")
    if not found:
        raise OSError(f"{host} resolves to no address")
    return found[0]


def resolve(host: str, port: int) -> list:
    """The host's addresses for TCP (getaddrinfo); a name for tests to replace."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def open_socket(address: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection to a checked address; a name for tests to watch."""
    return socket.create_connection((address, port), timeout=timeout)


class _Pinned(http.client.HTTPSConnection):
    """An HTTP or HTTPS connection to a host's checked address (the name goes in Host and SNI only)."""

    def __init__(self, scheme: str, host: str, port: int, address: str, timeout: float):
        super().__init__(host.strip("[]"), port, timeout=timeout, context=ssl.create_default_context())
        self._tls, self._address, self._lock = scheme == "https", address, threading.Lock()
        self._aborted = False
        self.default_port = _PORTS[scheme]  # the Host header names the port only when it is not the scheme's

    def connect(self) -> None:
        """Connect to the checked address; the TLS handshake runs where `abort` can stop it."""
        sock = open_socket(self._address, self.port, self.timeout)
        if self._tls:
            sock = self._context.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        with self._lock:
            self.sock = sock
            if self._aborted:
                raise _Late
        if self._tls:
            sock.do_handshake()

    def abort(self) -> None:
        """Shut the connection down from the watchdog: a blocked read returns at once."""
        with self._lock:
            self._aborted = True
            if self.sock is not None:
                with contextlib.suppress(OSError):  # already closed
                    socket.socket.shutdown(self.sock, socket.SHUT_RDWR)
