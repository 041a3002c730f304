"""Material's language menu in the header takes each page to its counterpart and back."""

from __future__ import annotations

import pytest
from browser_helpers import OTHER_LANG, page_heading, switch_language

# Each test goes there and back, so one starting language per page covers both directions.
PAGES = [
    ("", "en"),
    ("programs/", "ko"),
    ("programs/kisti-knowledge-mentoring/", "ko"),
    ("programs/tno-sbir/", "en"),
    ("cases/charmcare-france-supply/", "ko"),
    ("cases/knr-systems-link-partnership/", "en"),
    ("tags/export/", "ko"),
]


@pytest.mark.parametrize(("path", "start"), PAGES)
def test_switcher_goes_to_the_counterpart_page_and_back(open_page, site, path, start):
    page = open_page(path, lang=start)
    heading = page_heading(page)
    current = page.locator(".md-header .md-select__link[aria-current]")
    assert current.get_attribute("hreflang") == start

    switch_language(page, OTHER_LANG[start])
    assert page.url == site.url(path, OTHER_LANG[start])
    assert page.get_attribute("html", "lang") == OTHER_LANG[start]
    assert page_heading(page) != heading  # translated, not the same page

    switch_language(page, start)
    assert page.url == site.url(path, start)
    assert page_heading(page) == heading


def test_every_page_has_a_counterpart_at_the_same_path(site):
    ko = set(site.html_pages("ko"))
    en = {path.removeprefix("en/") for path in site.html_pages("en")}
    assert ko == en
