"""Every page of the site, in both languages, loads without a console error or a foreign request."""

from __future__ import annotations

import pytest
from browser_helpers import wait_for_diagrams


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_console_error_on_any_page(site, watched_context, watch_of, lang):
    pages = site.html_pages(lang)
    assert len(pages) > 20, pages  # the crawl found the site
    watch = watch_of(watched_context)
    page = watched_context.new_page()
    problems = {}
    for path in pages:
        watch.clear()
        response = page.goto(site.base_url + path, wait_until="load")
        if response is None or not response.ok:
            problems[path] = [f"HTTP {response and response.status}"]
            continue
        wait_for_diagrams(page)
        page.wait_for_load_state("networkidle")
        if watch.problems():
            problems[path] = watch.problems()
    assert problems == {}


def test_a_script_from_another_host_is_refused(open_page, watch_of):
    """The page's policy stops what Material would fetch from a CDN (Mermaid), before any request is made."""
    page = open_page("programs/kisti-knowledge-mentoring/")
    blocked = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener("securitypolicyviolation", event => resolve(event.blockedURI), { once: true })
        const script = document.createElement("script")
        script.src = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"
        document.head.appendChild(script)
    })""")
    assert blocked.startswith("https://unpkg.com/")
    watch = watch_of(page)
    assert watch.foreign_requests == []
    assert all("Content Security Policy" in line for line in watch.console), watch.console
    watch.console.clear()  # Chromium reports the refusal on the console: expected here
