"""The catalogue's pages in both languages: home, programme index, programme and case pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import page_heading

KISTI = "programs/kisti-knowledge-mentoring/"
KNR_CASE = "cases/knr-systems-link-partnership/"
PROGRAM_COUNT = len(list((Path(__file__).parents[2] / "programs").glob("*.yaml")))
COMPARED = 8  # name, operator, country, support types, cost, delivery, steps, reach


@pytest.mark.parametrize(
    ("lang", "title"),
    [("ko", "중소기업 지원 프로그램 지식베이스"), ("en", "SME Support Programme Knowledge Base")],
)
def test_home_page_loads_in_its_language(open_page, lang, title):
    page = open_page("", lang=lang)
    assert page.get_attribute("html", "lang") == lang
    assert page_heading(page) == title
    assert title in page.title()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_programme_index_has_a_comparison_row_per_programme(open_page, lang):
    page = open_page("programs/", lang=lang)
    table = page.locator("article table").first
    assert table.locator("thead th").count() == COMPARED
    rows = table.locator("tbody tr")
    assert rows.count() == PROGRAM_COUNT
    for i in range(PROGRAM_COUNT):
        assert rows.nth(i).locator("td").count() == COMPARED
        assert rows.nth(i).locator("td").first.locator("a[href]").count() == 1  # to the programme
    kisti = rows.filter(has=page.locator('a[href$="kisti-knowledge-mentoring/"]'))
    assert kisti.count() == 1
    assert "7" in kisti.locator("td").nth(6).inner_text()  # its seven steps


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_case_page_links_to_its_programme_which_lists_the_case(open_page, site, lang):
    page = open_page(KNR_CASE, lang=lang)
    to_programme = page.locator(f'article a[href$="{KISTI}"]')
    assert to_programme.count() >= 1
    to_programme.first.click()
    page.wait_for_url(site.url(KISTI, lang))
    assert page.get_attribute("html", "lang") == lang
    to_case = page.locator(f'article a[href$="{KNR_CASE}"]')
    assert to_case.count() == 1
    to_case.click()
    page.wait_for_url(site.url(KNR_CASE, lang))
