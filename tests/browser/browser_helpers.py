"""Helpers for browser tests: viewport sizes and small actions on pages of the built site.

Test modules import this (`from browser_helpers import ...`); fixtures live in conftest.py.
"""

from __future__ import annotations

LANGS = ("ko", "en")
OTHER_LANG = {"ko": "en", "en": "ko"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

_HEADING_TEXT = """(h) => [...h.childNodes]
  .filter((n) => !(n.classList && n.classList.contains("headerlink")))
  .map((n) => n.textContent).join("").trim()"""


def page_heading(page) -> str:
    """The page's <h1> text, without the permalink sign."""
    return page.locator("article h1").first.evaluate(_HEADING_TEXT)


def wait_for_diagrams(page) -> int:
    """Wait until every Mermaid diagram on the page is drawn; the number of diagrams."""
    count = page.locator("pre.mermaid, div.mermaid").count()
    for i in range(count):
        page.locator(".mermaid svg").nth(i).wait_for(state="visible")
    return count


def switch_language(page, lang: str) -> None:
    """Open the header's language menu (it opens on hover or focus) and pick `lang`."""
    page.wait_for_load_state("networkidle")  # Material has fetched the sitemaps it acts on
    switcher = page.locator(".md-header .md-select")
    switcher.locator("button").hover()
    choice = switcher.locator(f'a[hreflang="{lang}"]')
    choice.wait_for(state="visible")
    with page.expect_navigation():
        choice.click()


def search_results(page) -> list[str]:
    """The pages Material's search lists, best first: URLs without ?h= or #, each once."""
    page.locator(".md-search-result__meta").wait_for(state="visible")
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    links.first.wait_for(state="attached")
    pages = []
    for href in links.evaluate_all("(links) => links.map((a) => a.href)"):
        url = href.split("#")[0].split("?")[0]
        if url not in pages:
            pages.append(url)
    return pages
