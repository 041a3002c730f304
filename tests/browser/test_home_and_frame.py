"""The site's frame in the browser (issue 11): the home page's search box and entry points, the footer, the
record pages' repository links, the visible language link, tabs that fit, Korean words kept whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from browser_helpers import DESKTOP, OTHER_LANG, PHONE, page_heading

REPO = Path(__file__).parents[2]
SETTINGS = yaml.safe_load((REPO / "site_config/site.yaml").read_text("utf-8"))
SITE_NAME = {"ko": "중소기업 지원 프로그램 지식베이스", "en": "SME Support Programme Knowledge Base"}
ASTI = "programs/asti/"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_search_box_opens_the_site_search_with_the_query(open_page, site, lang):
    page = open_page("", lang=lang)
    assert page.title() == SITE_NAME[lang], "the home page's title names the site once"
    page.locator("#kb-home-q").fill("KISTI")
    with page.expect_navigation():
        page.locator(".kb-home-search button[type=submit]").click()
    assert page.url.startswith(site.url("", lang) + "?q=KISTI")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert page.locator(".md-search__input").input_value() == "KISTI"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_page_leads_to_find_compare_and_the_stories(open_page, site, lang):
    page = open_page("", lang=lang)
    entries = page.locator(".kb-entries a")
    hrefs = entries.evaluate_all("(links) => links.map((a) => a.href)")
    for path in ("find/", "compare/", "cases/", "programs/"):
        assert site.url(path, lang) in hrefs, path
    page.locator('.kb-entries a[href$="find/"]').click()
    page.wait_for_url(site.url("find/", lang))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_footer_names_the_publisher_a_contact_and_the_repository(open_page, lang):
    page = open_page(ASTI, lang=lang)
    footer = page.locator("footer .kb-footer")
    assert SETTINGS["publisher"]["name"][lang] in footer.inner_text()
    contact = SETTINGS["publisher"]["contact"].replace("{repository}", SETTINGS["repository"]["url"])
    assert footer.locator(f'a[href="{contact}"]').is_visible()
    assert footer.locator(f'a[href="{SETTINGS["repository"]["url"]}"]').is_visible()


@pytest.mark.parametrize(
    ("lang", "edit", "report"), [("ko", "이 기록 고치기", "오류 알리기"), ("en", "Edit this record", "Report an error")]
)
def test_record_page_links_to_its_file_and_to_an_error_report(open_page, lang, edit, report):
    page = open_page(ASTI, lang=lang)
    repo = SETTINGS["repository"]
    edit_link = page.get_by_role("link", name=edit, exact=True)
    assert edit_link.get_attribute("href") == f"{repo['url']}/edit/{repo['branch']}/programs/asti.yaml"
    report_href = page.get_by_role("link", name=report, exact=True).get_attribute("href")
    assert report_href.startswith(f"{repo['url']}/issues/new?template=report-an-error.yml&")
    assert "record=programs%2Fasti.yaml" in report_href


@pytest.mark.parametrize(("path", "start"), [("", "ko"), (ASTI, "en"), ("cases/charmcare-france-supply/", "ko")])
def test_visible_language_link_goes_to_the_same_page_in_the_other_language(open_page, site, path, start):
    page = open_page(path, lang=start, viewport=PHONE)
    heading = page_heading(page)
    other = OTHER_LANG[start]
    link = page.locator(".md-header a.kb-lang-link")
    assert link.count() == 1 and link.is_visible()
    assert link.get_attribute("hreflang") == other and link.inner_text() == {"ko": "한국어", "en": "English"}[other]
    with page.expect_navigation():
        link.click()
    assert page.url == site.url(path, other)
    assert page.get_attribute("html", "lang") == other and page_heading(page) != heading
    page.locator(".md-header a.kb-lang-link").click()
    page.wait_for_url(site.url(path, start))


# Every tab inside the tab bar and none scrolled out of view: with the Noto fonts the site gets on Linux,
# and with DejaVu Sans, a wide fallback.
TABS_FIT = """() => {
  const bar = document.querySelector(".md-tabs").getBoundingClientRect();
  const list = document.querySelector(".md-tabs__list");
  return [...document.querySelectorAll(".md-tabs__link")]
    .filter((a) => { const box = a.getBoundingClientRect(); return box.right > bar.right || box.left < bar.left; })
    .map((a) => a.textContent.trim())
    .concat(list.scrollWidth > list.clientWidth ? ["(the tab list scrolls)"] : []);
}"""


@pytest.mark.parametrize("font", ["Noto Sans CJK KR", "DejaVu Sans"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_tab_fits_at_desktop_width(open_page, lang, font):
    page = open_page("", lang=lang, viewport=DESKTOP)
    page.add_style_tag(content=f'body, input {{ font-family: "{font}" !important; }}')
    assert page.evaluate(TABS_FIT) == []
    assert page.locator(".md-tabs__link").last.is_visible()


def test_korean_in_an_english_heading_is_marked_and_kept_whole(open_page):
    page = open_page(ASTI, lang="en", viewport=PHONE)
    korean = page.locator('article h1 span[lang="ko"]')
    assert korean.inner_text() == "과학기술정보협의회"
    assert korean.evaluate("(span) => getComputedStyle(span).wordBreak") == "keep-all"
    assert korean.evaluate("(span) => span.getClientRects().length") == 1, "the word is not broken over lines"
