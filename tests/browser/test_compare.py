"""The compare page in Chromium: pick 2 to 4 programmes, the URL, history, sharing, the no-JS table.

compare.js reads the page's full table (a row per programme) and assets/data/finder.json (ids,
names, labels); these tests drive it as a visitor would, with the mouse or with the keyboard only.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_helpers import PHONE

COMPARE = "compare/"
KISTI = "kisti-knowledge-mentoring"
GRI = "gri-sme-technology-support"
ASTI = "asti"
TNO = "tno-sbir"
KITECH = "kitech-consulting"
ETP = "european-technology-platforms"  # after ASTI in the picker, which lists the programmes by id
DIMENSIONS = 16  # the full table's columns after the programme's name
APPLICATION = 11  # the full table's column "how to apply" (compare.md.j2), after name, kind, ... process
TABLE = ".kb-compare__table"
# A cell's value as the rule of the page has it: its key (the ids and figures behind the question,
# [data-cmp]) where the column has one; else null (prose, never marked).
CELL_VALUE = """(cell) => {
  const key = cell.querySelector("[data-cmp]");
  return key ? key.dataset.cmp : null;
}"""


def finder(site, lang: str) -> dict:
    """The finder's data of one language, as the site serves it."""
    root = site.root / "en" if lang == "en" else site.root
    return json.loads((root / "assets" / "data" / "finder.json").read_text(encoding="utf-8"))


def open_compare(open_page, query: str = "", lang: str = "ko", **options):
    """The compare page with compare.js ready."""
    page = open_page(COMPARE + query, lang=lang, **options)
    page.locator("#kb-compare:not([hidden])").wait_for()
    return page


def chosen(page) -> list[str]:
    """The ids in the page's ?p=, in order (read in the page: `page.url` can lag behind pushState)."""
    values = parse_qs(urlsplit(page.evaluate("location.href")).query).get("p", [""])
    return [v for v in values[0].split(",") if v]


def box(page, program_id: str):
    return page.locator(f'.kb-pick input[value="{program_id}"]')


def columns(page) -> list[str]:
    """The programme names heading the side-by-side table (none when it is not shown)."""
    table = page.locator(f"{TABLE}:visible")
    if table.count() == 0:
        return []
    return [link.inner_text() for link in table.locator("thead th a").all()]


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches `selector` (the keyboard's way of getting there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pick_two_to_four_shows_them_side_by_side_and_puts_them_in_the_url(open_page, site, lang):
    page = open_compare(open_page, lang=lang)
    short = {p["id"]: p["short"] for p in finder(site, lang)["programs"]}
    assert chosen(page) == [] and columns(page) == []
    assert page.locator(".kb-compare__hint").is_visible()
    box(page, KISTI).check()
    assert chosen(page) == [KISTI] and columns(page) == []  # one is not a comparison yet
    box(page, GRI).check()
    assert chosen(page) == [KISTI, GRI]
    assert columns(page) == [short[KISTI], short[GRI]]
    assert page.locator(f"{TABLE} tbody tr").count() == DIMENSIONS
    box(page, ASTI).check()
    box(page, TNO).check()
    assert chosen(page) == [KISTI, GRI, ASTI, TNO]
    assert len(columns(page)) == 4
    assert box(page, KITECH).is_disabled()  # a fifth cannot be chosen ...
    assert finder(site, lang)["text"]["js_full"] in page.locator(".kb-pick__status").inner_text()  # ... and why
    box(page, GRI).uncheck()
    assert chosen(page) == [KISTI, ASTI, TNO] and box(page, KITECH).is_enabled()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_shared_url_shows_the_same_choice_in_a_new_page_and_after_a_reload(open_page, site, lang):
    query = f"?p={TNO},{KISTI},{ASTI}"
    page = open_compare(open_page, query, lang=lang)  # a fresh browser context: nothing remembered
    short = {p["id"]: p["short"] for p in finder(site, lang)["programs"]}
    assert columns(page) == [short[TNO], short[KISTI], short[ASTI]]  # in the shared order
    assert [box(page, i).is_checked() for i in (TNO, KISTI, ASTI, GRI)] == [True, True, True, False]
    page.reload()
    page.locator(TABLE).wait_for()
    assert chosen(page) == [TNO, KISTI, ASTI]
    assert columns(page) == [short[TNO], short[KISTI], short[ASTI]]


def test_unknown_and_repeated_ids_in_the_url_are_dropped(open_page):
    page = open_compare(open_page, f"?p={KISTI},no-such-programme,{KISTI},{GRI}")
    assert chosen(page) == [KISTI, GRI]
    assert len(columns(page)) == 2


def test_back_and_forward_walk_through_the_choices(open_page):
    page = open_compare(open_page)
    for program_id in (KISTI, GRI, ASTI):
        box(page, program_id).check()
    assert chosen(page) == [KISTI, GRI, ASTI]
    page.go_back()
    page.wait_for_function("() => location.search === '?p=kisti-knowledge-mentoring,gri-sme-technology-support'")
    assert len(columns(page)) == 2 and not box(page, ASTI).is_checked()
    page.go_back()
    page.wait_for_function("() => location.search === '?p=kisti-knowledge-mentoring'")
    assert columns(page) == [] and box(page, KISTI).is_checked()
    page.go_forward()
    page.go_forward()
    page.wait_for_function("() => location.search.split(',').length === 3")
    assert len(columns(page)) == 3 and box(page, ASTI).is_checked()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_add_to_comparison_from_programme_pages_joins_the_choice(open_page, site, lang):
    page = open_page(f"programs/{KISTI}/", lang=lang)
    text = finder(site, lang)["text"]
    add = page.locator('article a[href$="compare/?add=kisti-knowledge-mentoring"]')
    assert add.count() == 1
    add.click()
    page.locator("#kb-compare:not([hidden])").wait_for()
    assert chosen(page) == [KISTI]  # ?add= became ?p=
    for program_id in (GRI, ASTI, TNO, KITECH):  # the same visitor adds four more, one page at a time
        page.goto(site.url(f"programs/{program_id}/", lang))
        page.locator(f'article a[href$="compare/?add={program_id}"]').click()
        page.locator("#kb-compare:not([hidden])").wait_for()
    assert chosen(page) == [GRI, ASTI, TNO, KITECH]  # at most four: the first one chosen made way
    dropped = text["js_dropped"].split("{names}")[0]
    assert dropped in page.locator(".kb-pick__status").inner_text()
    page.go_back()  # back to the programme page, not to a ?add= address that would add again
    page.wait_for_url(site.url(f"programs/{KITECH}/", lang))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_without_javascript_the_page_is_the_full_table(browser, site, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(COMPARE, lang))
        data = finder(site, lang)
        assert page.locator("#kb-compare").is_hidden()
        table = page.locator("article table").first
        assert table.locator("thead th").count() == 1 + DIMENSIONS
        rows = table.locator("tbody tr")
        assert rows.count() == data["count"]
        for i, program in enumerate(data["programs"]):  # one row per programme, linking to its page
            assert rows.nth(i).locator("td").count() == 1 + DIMENSIONS
            link = rows.nth(i).locator("td").first.locator("a")
            assert link.get_attribute("href").endswith(f"programs/{program['id']}/")
            assert link.inner_text() == program["short"]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_rows_that_differ_are_highlighted_and_say_so_in_words(open_page, site, lang):
    text = finder(site, lang)["text"]
    page = open_compare(open_page, f"?p={KISTI},{GRI}", lang=lang)
    rows = page.locator(f"{TABLE} tbody tr")
    differing = page.locator(f"{TABLE} tbody tr.kb-differs")
    assert 0 < differing.count() < rows.count()  # both are programmes for SMEs, but run differently
    prose = page.locator(f"{TABLE} tbody tr.kb-prose")
    assert prose.count() > 0 and prose.locator(".kb-badge").count() == 0  # read, never marked
    for i in range(rows.count()):
        row = rows.nth(i)
        values = {row.locator("td").nth(c).evaluate(CELL_VALUE) for c in range(2)}
        if values == {None}:
            assert "kb-prose" in row.get_attribute("class")
            continue
        differs = "kb-differs" in row.get_attribute("class")
        assert differs == (len(values) > 1), row.inner_text()
        header = row.locator("th")
        badge = header.locator(".kb-badge")
        if differs:  # a visible word, read out with the row's name, as well as a colour
            assert badge.is_visible() and badge.inner_text() == text["js_differs"]
            colour = row.locator("td").first.evaluate("(td) => getComputedStyle(td).backgroundColor")
            plain = page.locator(f"{TABLE} tbody tr.kb-same").first.locator("td").first
            assert colour != plain.evaluate("(td) => getComputedStyle(td).backgroundColor")
        else:
            assert badge.count() == 0 and text["js_same"] in header.text_content()
    page.locator(".kb-compare__only input").check()  # "only the rows that differ"
    assert page.locator(f"{TABLE} tbody tr:visible").count() == differing.count()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_keyboard_only(open_page, site, lang):
    """Tab to the checkboxes and Space them, Enter on a remove button, Enter on "add to comparison"."""
    page = open_page(f"programs/{KISTI}/", lang=lang)
    tab_to(page, 'a[href$="compare/?add=kisti-knowledge-mentoring"]')
    page.keyboard.press("Enter")
    page.locator("#kb-compare:not([hidden])").wait_for()
    assert chosen(page) == [KISTI]
    tab_to(page, f'.kb-pick input[value="{ASTI}"]')
    page.keyboard.press("Space")
    assert chosen(page) == [KISTI, ASTI] and len(columns(page)) == 2
    page.keyboard.press("Tab")  # the next programme in the list
    page.keyboard.press("Space")
    third = chosen(page)[-1]
    assert chosen(page)[:2] == [KISTI, ASTI] and third not in (KISTI, ASTI) and len(chosen(page)) == 3
    tab_to(page, ".kb-compare__remove")  # the first column's "remove"
    page.keyboard.press("Enter")
    assert chosen(page) == [ASTI, third] and len(columns(page)) == 2
    assert page.evaluate("document.activeElement.value") == KISTI  # focus moved to its checkbox
    page.keyboard.press("Space")
    assert chosen(page)[-1] == KISTI


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_width(open_page, screenshot_dir, lang):
    page = open_compare(open_page, f"?p={KISTI},{GRI},{ASTI}", lang=lang, viewport=PHONE)
    page.screenshot(path=screenshot_dir / f"{lang}-compare-{PHONE['width']}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    scroller = page.locator(".kb-compare__scroll")
    assert scroller.bounding_box()["width"] <= PHONE["width"]  # the wide table scrolls in its own box
    assert scroller.get_attribute("tabindex") == "0"  # ... which the keyboard can reach and scroll


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_compare_and_find_follow_the_programme_index_in_the_navigation(open_page, lang):
    page = open_page("", lang=lang)
    tabs = [
        href.rstrip("/").rsplit("/", 1)[-1]
        for href in page.locator(".md-tabs__link").evaluate_all("(links) => links.map((a) => a.href)")
    ]
    at = tabs.index("programs")
    assert tabs[at + 1 : at + 3] == ["compare", "find"]


def test_a_long_catalogue_gets_a_box_to_narrow_the_list(open_page, site):
    """With more than a dozen programmes the picker has a search box; chosen ones stay in view."""
    data = finder(site, "en")
    html = (site.root / "en" / "compare" / "index.html").read_text(encoding="utf-8")
    rows_at = html.index("<tbody>") + len("<tbody>")
    row = html[rows_at : html.index("</tr>", rows_at) + len("</tr>")]
    first = data["programs"][0]
    clones = [
        {"id": f"clone-{n}", "name": f"Clone {n} programme", "short": f"Clone {n}", "f": first["f"]}
        for n in range(1, 25)
    ]
    extra = "".join(
        row.replace(f"programs/{first['id']}/", f"programs/{c['id']}/").replace(
            f">{first['short']}<", f">{c['short']}<"
        )
        for c in clones
    )
    body = json.dumps({**data, "count": data["count"] + len(clones), "programs": data["programs"] + clones})
    page = open_page("", lang="en")
    page.route(
        "**/en/compare/",
        lambda route: route.fulfill(
            body=html[:rows_at] + extra + html[rows_at:], content_type="text/html; charset=utf-8"
        ),
    )
    page.route("**/en/assets/data/finder.json", lambda route: route.fulfill(body=body, content_type="application/json"))
    page.goto(site.url(COMPARE, "en"))
    page.locator("#kb-compare:not([hidden])").wait_for()
    box(page, KISTI).check()
    narrow = page.get_by_label(data["text"]["js_narrow"])
    narrow.fill("clone 1")
    visible = [label.inner_text() for label in page.locator(".kb-pick .kb-option:visible").all()]
    kisti = next(p["short"] for p in data["programs"] if p["id"] == KISTI)
    assert set(visible) == {c["short"] for c in clones if "1" in c["short"]} | {kisti}  # chosen: stays in view
    box(page, "clone-12").check()
    assert chosen(page) == [KISTI, "clone-12"] and columns(page)[1] == "Clone 12"
    narrow.fill("")
    assert page.locator(".kb-pick .kb-option:visible").count() == len(data["programs"]) + len(clones)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_only_the_answer_counts_not_its_wording_or_citations(open_page, site, lang):
    """Two cells that answer alike are the same however they are worded; a different answer differs."""
    text = finder(site, lang)["text"]
    page = open_compare(open_page, f"?p={KISTI},{GRI}", lang=lang)
    application = APPLICATION
    change = """([id, column, script]) => {
      const row = [...document.querySelectorAll("article table:not(.kb-compare__table) tbody tr")]
        .find((tr) => tr.querySelector(`a[href*="${id}"]`));
      new Function("cell", script)(row.cells[column]);
    }"""
    # The sources give neither programme's application route; say it in other words in one of them.
    page.evaluate(change, [GRI, application, 'cell.querySelector("[data-same]").textContent = "not known";'])
    box(page, ASTI).check()  # a new view clones the changed cell
    box(page, ASTI).uncheck()
    row = page.locator(f"{TABLE} tbody tr").nth(application - 1)
    cells = row.locator("td").all_inner_texts()
    assert cells[0] != cells[1] and "not known" in cells[1]
    assert "kb-same" in row.get_attribute("class") and row.locator(".kb-badge").count() == 0
    # Another answer (a route the sources give) is a difference, whatever the words.
    page.evaluate(change, [GRI, application, 'cell.querySelector("[data-cmp]").dataset.cmp = "online";'])
    box(page, ASTI).check()
    box(page, ASTI).uncheck()
    row = page.locator(f"{TABLE} tbody tr").nth(application - 1)
    assert "kb-differs" in row.get_attribute("class")
    assert row.locator(".kb-badge").inner_text() == text["js_differs"]
