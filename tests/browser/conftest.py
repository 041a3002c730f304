"""Browser tests: the built site served on 127.0.0.1 and driven in Debian's Chromium (Playwright).

Fixtures for test modules (helpers for actions on pages are in browser_helpers.py):
- `site`: the site built once per session (both languages) and served over HTTP; `site.url(...)`
  gives page addresses, `site.html_pages(lang)` lists every page of one language.
- `open_page(path, lang=..., viewport=...)`: a new page in its own browser context, navigated to
  a page of the site and watched: console errors and warnings, uncaught page errors, failed
  responses from the site and every request to a host other than 127.0.0.1 (which is aborted,
  so the tests prove the site works offline). A test fails at teardown if anything was seen;
  the `watch_of(page)` fixture gives the record to assert on earlier.
- `watched_context`: a bare watched context, for a test that walks many pages itself.
- `screenshot_dir`: where tests save screenshots for a person to look at:
  $BROWSER_SCREENSHOT_DIR if set (kept), else a temporary folder of the session.

Every test here is marked `browser`. Without Chromium they skip, except under CI (env CI set),
where they fail: CI must never skip them silently.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import DESKTOP, LANGS

from generator.site_address import site_url_from_env

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOST = "127.0.0.1"
TIMEOUT_MS = 30_000  # generous: a cold page parses the 3.5 MB Mermaid bundle, on a busy machine

# Material draws Mermaid diagrams into a *closed* shadow root, which no selector can reach.
# Tests open it (and only it) so that `.mermaid svg` can be waited for and counted.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
})();
"""


def pytest_configure(config: pytest.Config) -> None:
    """Register the `browser` marker (pytest runs with --strict-markers)."""
    config.addinivalue_line("markers", "browser: drives the built site in headless Chromium (Playwright)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser/ as `browser`."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


# --- the served site ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Site:
    """The built site (Korean at the root, English under en/) served at `base_url`."""

    root: Path
    base_url: str

    def path(self, path: str = "", lang: str = "ko") -> str:
        """The site-relative URL path of a page: `programs/asti/` in `en` is `en/programs/asti/`."""
        assert lang in LANGS, lang
        return ("en/" if lang == "en" else "") + path.lstrip("/")

    def url(self, path: str = "", lang: str = "ko") -> str:
        """The full address of a page of one language."""
        return self.base_url + self.path(path, lang)

    def html_pages(self, lang: str) -> list[str]:
        """Site-relative URL paths of every HTML page of one language, sorted."""
        lang_root = self.root / "en" if lang == "en" else self.root
        found = []
        for html in sorted(lang_root.rglob("*.html")):
            rel = html.relative_to(lang_root)
            if lang == "ko" and rel.parts[0] == "en":
                continue
            url_path = rel.as_posix()
            if html.name == "index.html":
                url_path = url_path[: -len("index.html")]
            found.append(self.path(url_path, lang))
        return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under `prefix`, the path of its address, as the published host does."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".not-served")  # outside the site: 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def served_prefix() -> str:
    """The path the site is served at: that of SITE_URL when the build had one, else `/`.

    Built with an address, the 404 page links its assets by absolute paths under that path, so
    serving the site from `/` would break it where the published site works.
    """
    site_url = site_url_from_env()
    return urlsplit(site_url).path if site_url else "/"


@pytest.fixture(scope="session")
def site(built_project) -> Iterator[Site]:
    """The session's built site, served by a threaded HTTP server on a free port of 127.0.0.1."""
    root = built_project.site_dir
    assert (root / "index.html").is_file() and (root / "en" / "index.html").is_file(), root
    prefix = served_prefix()
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(root))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(root=root, base_url=f"http://{HOST}:{server.server_address[1]}{prefix}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """Where screenshots go: $BROWSER_SCREENSHOT_DIR if set, else a temporary folder."""
    chosen = os.environ.get("BROWSER_SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; skips without it, except under CI where that is a failure."""
    problem = _browser_unavailable()
    if problem:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{problem} (CI is set: browser tests must run, not skip)", pytrace=False)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _browser_unavailable() -> str | None:
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-test.lock)"
    return None


@dataclasses.dataclass
class Watch:
    """What one browser context reported that a clean, offline site never should."""

    page_url: str = ""  # the page on screen, for messages that carry no location
    console: list[str] = dataclasses.field(default_factory=list)
    page_errors: list[str] = dataclasses.field(default_factory=list)
    foreign_requests: list[str] = dataclasses.field(default_factory=list)
    failed_responses: list[str] = dataclasses.field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything seen, one line each; empty when the pages behaved."""
        return [
            *(f"console {line}" for line in self.console),
            *(f"page error: {line}" for line in self.page_errors),
            *(f"request to another host: {url}" for url in self.foreign_requests),
            *(f"failed response: {line}" for line in self.failed_responses),
        ]

    def clear(self) -> None:
        """Forget what was seen so far (e.g. before the next page of a crawl)."""
        for seen in (self.console, self.page_errors, self.foreign_requests, self.failed_responses):
            seen.clear()

    def on_console(self, message) -> None:
        if message.type in ("error", "warning"):
            where = message.location.get("url", "")
            self.console.append(f"{message.type}: {message.text} ({where or self.page_url})")

    def on_page_error(self, error) -> None:
        self.page_errors.append(f"{error} ({self.page_url})")

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.failed_responses.append(f"{response.status} {response.url}")

    def route(self, route) -> None:
        url = route.request.url
        if is_foreign(url):
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()


def is_foreign(url: str) -> bool:
    """True for a network request to any host but 127.0.0.1 (data: and blob: URLs are local)."""
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname != HOST


_WATCHES: dict[int, Watch] = {}  # by id() of the browser context


def new_watched_context(browser, *, viewport: dict | None = None, **options):
    """A browser context that opens Mermaid's shadow roots and records problems into a Watch."""
    context = browser.new_context(viewport=viewport or DESKTOP, **options)
    context.set_default_timeout(TIMEOUT_MS)
    watch = Watch()
    _WATCHES[id(context)] = watch
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.route("**/*", watch.route)
    context.on("console", watch.on_console)
    context.on("weberror", lambda web_error: watch.on_page_error(web_error.error))
    context.on("response", watch.on_response)
    context.on("page", lambda page: page.on("framenavigated", lambda frame: _note_url(watch, frame)))
    return context


def _note_url(watch: Watch, frame) -> None:
    if frame.parent_frame is None:
        watch.page_url = frame.url


@pytest.fixture
def open_page(browser, site: Site) -> Iterator[Callable[..., object]]:
    """Open a page of the site in a fresh, watched context; fails at teardown on any problem."""
    contexts = []

    def _open(path: str = "", *, lang: str = "ko", viewport: dict | None = None, wait_until: str = "load"):
        context = new_watched_context(browser, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site.url(path, lang), wait_until=wait_until)
        assert response is not None and response.ok, f"{site.url(path, lang)}: {response and response.status}"
        return page

    yield _open
    problems = []
    for context in contexts:
        problems += _WATCHES[id(context)].problems()
        context.close()
        _WATCHES.pop(id(context), None)
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def watch_of() -> Callable[[object], Watch]:
    """`watch_of(page_or_context)`: the Watch recording that context's problems."""

    def _watch_of(target) -> Watch:
        return _WATCHES[id(getattr(target, "context", target))]

    return _watch_of


@pytest.fixture
def watched_context(browser):
    """A bare watched context for tests that drive many pages themselves (e.g. a crawl)."""
    context = new_watched_context(browser)
    yield context
    context.close()
    _WATCHES.pop(id(context), None)
