"""`make serve` in the browser: an invalid edit reloads the open page to the error page, the fix to the page.

A real `make serve` runs on a free port of 127.0.0.1 in a copy of the project (as `python -m
bench.serve_bench` runs it); the page waits for livereload, never for a fixed time.
"""

from __future__ import annotations

import html
import time
import urllib.request

import pytest

from bench.serve_bench import Serve
from generator.texts import catalogue

pytestmark = pytest.mark.slow

CASE = "charmcare-france-supply"
ATTACK = "<script>alert(1)</script>"
FIRST_BUILD_S = 600  # the first build of the whole site, on a busy machine
RELOAD_MS = 120_000  # how long the page may wait for a rebuild to reload it (it takes about a second)
ANSWER_S = 10  # a request must be answered, not held (MkDocs held it until a rebuild succeeded)


def wait_until_served(serve: Serve, path: str) -> None:
    deadline = time.monotonic() + FIRST_BUILD_S
    while serve.get(path) is None:
        assert time.monotonic() < deadline, f"nothing served after {FIRST_BUILD_S} s:\n{serve.log_tail()}"
        time.sleep(0.5)


def test_an_invalid_edit_reloads_the_page_to_its_problems_and_the_fix_reloads_it_to_the_page(
    watched_context, watch_of, project, tmp_path
):
    record = project.root / "cases" / f"{CASE}.yaml"
    good = record.read_text("utf-8")
    title = catalogue()["preview_problems_title"]["en"]
    serve = Serve(project.root, tmp_path / "serve.log", cpu=None)
    try:
        wait_until_served(serve, f"en/cases/{CASE}/")
        page = watched_context.new_page()
        page.goto(serve.url(f"en/cases/{CASE}/"), wait_until="load")
        assert page.locator("h1").first.inner_text() != title
        record.write_text(good.replace("year: 2013", f'year: "{ATTACK}"'), "utf-8")
        page.wait_for_selector(f"h1:text-is('{title}')", timeout=RELOAD_MS)  # livereload reloaded it
        assert ATTACK in page.locator("main ol").inner_text()  # shown as text, not run
        assert page.evaluate("document.documentElement.lang") == "en"
        with urllib.request.urlopen(serve.url("programs/"), timeout=ANSWER_S) as response:  # answered at once
            text = response.read().decode("utf-8")
        assert html.escape(ATTACK) in text and catalogue()["preview_problems_title"]["ko"] in text
        record.write_text(good, "utf-8")
        page.wait_for_selector(".md-header", timeout=RELOAD_MS)  # the site's page again
        assert page.locator("h1").first.inner_text() != title
    finally:
        serve.stop()
    watch = watch_of(watched_context)
    assert watch.problems() == []  # no other host, no failed response, no console error (the page's policy)
