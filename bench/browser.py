"""What the browser benchmarks share: the site served over HTTP, headless Chromium, language paths, printing."""

from __future__ import annotations

import contextlib
import functools
import http.server
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; paths in `swap` (prefix -> file or folder) are served from elsewhere."""

    swap: dict[str, Path] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        clean = path.split("?")[0]
        for prefix, target in self.swap.items():
            if clean.startswith(prefix):
                return str(target / clean[len(prefix) :]) if target.is_dir() else str(target)
        return super().translate_path(path)


@contextlib.contextmanager
def serve(site: Path, swap: dict[str, Path] | None = None) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 from a process of its own (not competing with Playwright); yields its URL.

    With `swap` mapping URL paths to files, those are served instead (Material's search, for one).
    """
    handler = type("Handler", (_Handler,), {"swap": swap or {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    process = multiprocessing.get_context("fork").Process(target=server.serve_forever, daemon=True)
    process.start()
    server.socket.close()  # the child process serves; this one only needed the port
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        process.terminate()
        process.join()


@contextlib.contextmanager
def launch() -> Iterator[object]:
    """Headless Debian Chromium through Playwright (whose own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def lang_path(lang: str) -> str:
    """The URL path prefix of a language: Korean at the root, English under en/."""
    return "en/" if lang == "en" else ""


def show(title: str, figures: dict) -> None:
    """Print one block of figures."""
    print(f"\n{title}", flush=True)
    for key, value in figures.items():
        text = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)
        print(f"  {key:<28} {text:>14}")
