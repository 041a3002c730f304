"""The harvest's only way onto the network: careful GET and POST with `requests` and urllib3's `Retry`.

Each request has a connect and read timeout and a total deadline (retries and waits included);
429 and 5xx answers are retried with exponential backoff, honouring Retry-After up to a bound;
an answer larger than the size limit is refused while it is read. Only https is asked; every
host is resolved first and refused if any of its addresses is private, loopback, link-local,
reserved or multicast (so a feed cannot point the harvest at this machine or its network);
redirects are followed by hand, only to https on the same host. Tests pass `loopback_for_tests=True`
(a parameter, never an environment variable), which allows plain http to 127.0.0.1 and nothing else.

Secrets (the feeds' keys) are given to the client, which removes them from every message and log
line it makes, and raises its errors outside the `except` block, so that no exception chain
carries a URL with a key in it.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import socket
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

LOG = logging.getLogger("generator.harvest")
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_REDIRECTS = 5
_REDACTED = "***"


class HarvestHTTPError(Exception):
    """A request failed (refused address, timeout, too large, error status); the message holds no secret."""


@dataclasses.dataclass(frozen=True)
class Answer:
    """A response read in full: its final address (secrets removed), status, content type and bytes."""

    url: str
    status: int
    content_type: str
    body: bytes


@dataclasses.dataclass(frozen=True)
class Limits:
    """How long and how much: timeouts in seconds, retries, the largest body in bytes."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    deadline: float = 180.0
    retries: int = 4
    backoff: float = 1.0
    retry_after_max: int = 60
    max_bytes: int = 64 * 1024 * 1024


class _Redacting(logging.Filter):
    """Removes every registered secret from the log records of urllib3 and requests (they log query strings)."""

    def __init__(self):
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = _redact(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


_FILTER = _Redacting()
for _name in ("urllib3", "urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry", "requests"):
    logging.getLogger(_name).addFilter(_FILTER)


def _redact(text: str, secrets: Iterable[str]) -> str:
    from urllib.parse import quote, quote_plus

    for secret in secrets:
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = text.replace(form, _REDACTED)
    return text


class _DeadlineRetry(Retry):
    """urllib3's Retry that also gives up when the request's total deadline has passed."""

    def __init__(self, *args, deadline_at: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline_at = deadline_at

    def new(self, **kw):
        retry = super().new(**kw)
        retry.deadline_at = self.deadline_at
        return retry

    def is_exhausted(self) -> bool:
        late = self.deadline_at is not None and time.monotonic() >= self.deadline_at
        return late or super().is_exhausted()


class Client:
    """GET and POST under the limits above, with the given secrets kept out of every message."""

    def __init__(
        self,
        limits: Limits | None = None,
        secrets: Iterable[str] = (),
        *,
        loopback_for_tests: bool = False,
    ):
        self.limits = limits or Limits()
        self.secrets = tuple(s for s in secrets if s)
        self.loopback_for_tests = loopback_for_tests
        _FILTER.secrets.update(self.secrets)

    def redact(self, text: str) -> str:
        """`text` with every secret (and its URL-encoded form) replaced by ***."""
        return _redact(text, self.secrets)

    def get(self, url: str, params: dict | None = None) -> Answer:
        """GET `url` with `params`; the whole answer, or HarvestHTTPError."""
        return self.request("GET", url, params=params)

    def post(self, url: str, **kwargs) -> Answer:
        """POST to `url` (`json=`, `files=` or `data=` as requests takes them)."""
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs) -> Answer:
        """One request, redirects followed by hand; HarvestHTTPError with a redacted message on any failure."""
        problem = None
        try:
            return self._request(method, url, **kwargs)
        except HarvestHTTPError as exc:
            problem = str(exc)
        except requests.RequestException as exc:
            problem = f"{method} {self._safe(url)} failed: {type(exc).__name__}: {exc}"
        raise HarvestHTTPError(self.redact(problem))  # outside `except`: no chained exception keeps the key

    def _request(self, method: str, url: str, **kwargs) -> Answer:
        deadline_at = time.monotonic() + self.limits.deadline
        original = urlsplit(url)
        with self._session(deadline_at) as session:
            for _ in range(MAX_REDIRECTS + 1):
                self._check_address(url, original.hostname or "")
                answer, url = self._once(session, method, url, deadline_at, **kwargs)
                if answer is not None:
                    return answer
                kwargs.pop("params", None)  # a redirect's address carries its own query
        raise HarvestHTTPError(f"{method} {self._safe(url)}: more than {MAX_REDIRECTS} redirects")

    def _session(self, deadline_at: float) -> requests.Session:
        retry = _DeadlineRetry(
            total=self.limits.retries,
            connect=self.limits.retries,
            read=self.limits.retries,
            status=self.limits.retries,
            redirect=0,
            backoff_factor=self.limits.backoff,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "POST"}),  # the feeds' POSTs are searches: safe to repeat
            respect_retry_after_header=True,
            retry_after_max=self.limits.retry_after_max,
            raise_on_status=False,
            deadline_at=deadline_at,
        )
        session = requests.Session()
        session.trust_env = False  # no proxy, .netrc or CA bundle from the environment
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def _once(self, session, method: str, url: str, deadline_at: float, **kwargs) -> tuple[Answer | None, str]:
        """Send once (urllib3 retries inside): the answer, or None and the address a redirect points to."""
        timeout = (self.limits.connect_timeout, self.limits.read_timeout)
        LOG.info("%s %s", method, self._safe(url))
        with session.request(method, url, timeout=timeout, stream=True, allow_redirects=False, **kwargs) as response:
            shown = self._safe(response.url or url)
            if response.is_redirect:
                target = requests.compat.urljoin(response.url, response.headers.get("Location", ""))
                self._check_redirect(url, target)
                return None, target
            if response.status_code >= 400:
                raise HarvestHTTPError(f"{method} {shown} answered HTTP {response.status_code}")
            body = self._read(response, shown, deadline_at)
            return Answer(shown, response.status_code, response.headers.get("Content-Type", ""), body), url

    def _read(self, response, shown: str, deadline_at: float) -> bytes:
        limit = self.limits.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise HarvestHTTPError(f"{shown}: the answer is {declared} bytes, more than the limit of {limit}")
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise HarvestHTTPError(f"{shown}: the answer is more than the limit of {limit} bytes")
            if time.monotonic() > deadline_at:
                raise HarvestHTTPError(f"{shown}: not read in full within {self.limits.deadline:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_redirect(self, url: str, target: str) -> None:
        old, new = urlsplit(url), urlsplit(target)
        if (new.hostname or "").lower() != (old.hostname or "").lower():
            raise HarvestHTTPError(f"{self._safe(url)} redirects to another host ({new.hostname}); refused")
        if new.scheme != "https" and not (self.loopback_for_tests and new.scheme == "http"):
            raise HarvestHTTPError(f"{self._safe(url)} redirects to {new.scheme}:, not https; refused")

    def _check_address(self, url: str, original_host: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("https", "http") or not host:
            raise HarvestHTTPError(f"{self._safe(url)}: only https addresses are asked")
        if self.loopback_for_tests:
            if host != "127.0.0.1":
                raise HarvestHTTPError(f"{self._safe(url)}: the test client asks 127.0.0.1 only")
            return
        if parts.scheme != "https":
            raise HarvestHTTPError(f"{self._safe(url)}: only https addresses are asked")
        for address in _addresses(host, parts.port or 443):
            ip = ipaddress.ip_address(address)
            if not ip.is_global or ip.is_multicast:
                raise HarvestHTTPError(f"{host} resolves to {address}, a private or local address; refused")

    def _safe(self, url: str) -> str:
        return self.redact(url)


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError:
        raise HarvestHTTPError(f"{host}: the name does not resolve") from None
    return sorted({info[4][0].split("%")[0] for info in infos})
