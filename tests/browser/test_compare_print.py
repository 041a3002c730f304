"""The comparison once programmes are chosen: the full table folds away, the row labels stay pinned
on a phone, and the printed page (A4, Chromium's PDF) holds only the chosen programmes' table.
"""

from __future__ import annotations

import json
import re

import pytest
from browser_helpers import PHONE

COMPARE = "compare/"
TABLE = ".kb-compare__table"
FULL = ".kb-compare__all"  # the full table's heading and scroll box, folded once two are chosen


def programmes(site, lang: str, n: int) -> list[str]:
    """The first `n` programme ids of the finder's data."""
    root = site.root / "en" if lang == "en" else site.root
    data = json.loads((root / "assets" / "data" / "finder.json").read_text(encoding="utf-8"))
    return [p["id"] for p in data["programs"][:n]]


def open_compare(open_page, query: str = "", lang: str = "ko", **options):
    page = open_page(COMPARE + query, lang=lang, **options)
    page.locator("#kb-compare:not([hidden])").wait_for()
    return page


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_full_table_folds_away_once_two_are_chosen(open_page, site, lang):
    first, second = programmes(site, lang, 2)
    page = open_compare(open_page, lang=lang)
    unfold = page.locator(".kb-compare__unfold")
    assert page.locator(FULL).count() == 2 and page.locator(f"{FULL}:visible").count() == 2
    assert unfold.is_hidden()
    page.locator(f'.kb-pick input[value="{first}"]').check()
    assert page.locator(f"{FULL}:visible").count() == 2  # one is no comparison: the full table stays
    page.locator(f'.kb-pick input[value="{second}"]').check()
    page.locator(TABLE).wait_for()
    assert page.locator(f"{FULL}:visible").count() == 0 and unfold.is_visible()
    assert unfold.get_attribute("aria-expanded") == "false"
    unfold.click()
    assert page.locator(f"{FULL}:visible").count() == 2 and unfold.get_attribute("aria-expanded") == "true"
    unfold.click()
    assert page.locator(f"{FULL}:visible").count() == 0
    assert page.locator("article table").count() == 2  # folded, not removed: the page still carries it


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_row_labels_stay_in_view_when_the_table_scrolls_sideways_on_a_phone(open_page, site, lang):
    ids = programmes(site, lang, 3)
    page = open_compare(open_page, f"?p={','.join(ids)}", lang=lang, viewport=PHONE)
    scroller = page.locator(".kb-compare__scroll")
    left = scroller.bounding_box()["x"]
    label = page.locator(f"{TABLE} tbody tr").nth(1).locator("th")
    third = page.locator(f"{TABLE} tbody tr").nth(1).locator("td").nth(2)
    assert third.bounding_box()["x"] + third.bounding_box()["width"] > PHONE["width"]  # off-screen at first
    scroller.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    page.wait_for_function("() => document.querySelector('.kb-compare__scroll').scrollLeft > 0")
    assert abs(label.bounding_box()["x"] - left) < 1  # pinned to the left edge
    assert third.bounding_box()["x"] < PHONE["width"]  # the third column has come into view
    width = label.bounding_box()["width"]
    assert third.bounding_box()["x"] >= left + width - 1  # and does not slide under the labels' column


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_printing_gives_only_the_chosen_programmes_table_on_a4(open_page, site, screenshot_dir, lang):
    ids = programmes(site, lang, 3)
    page = open_compare(open_page, f"?p={','.join(ids)}", lang=lang)
    page.locator(".kb-compare__unfold").click()  # even with the full table unfolded on screen
    page.emulate_media(media="print")
    hidden = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".kb-pick", ".kb-compare__tools"]
    for selector in hidden:
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("article table:visible").count() == 1
    assert page.locator(f"{TABLE}:visible").count() == 1
    assert page.locator("article button:visible").count() == 0
    assert page.locator("article h1").is_visible()
    # Readable widths: the table fits the page, its programme columns share the width.
    table = page.locator(TABLE).bounding_box()
    assert table["width"] <= page.evaluate("document.documentElement.clientWidth")
    heads = page.locator(f"{TABLE} thead th").all()
    widths = [h.bounding_box()["width"] for h in heads[1:]]
    assert max(widths) - min(widths) < 2 and heads[0].bounding_box()["width"] < widths[0]
    pdf = page.pdf(format="A4", print_background=False)
    (screenshot_dir / f"{lang}-compare-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 3, pages  # three programmes on a page or a few, not the 29-row full table


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_printing_without_a_choice_prints_a_short_note_not_the_full_table(open_page, site, lang):
    page = open_compare(open_page, lang=lang)
    note = page.locator(".kb-compare__print-empty")
    assert note.is_hidden()  # on screen, the page as it is
    page.emulate_media(media="print")
    assert page.locator("article table:visible").count() == 0 and note.is_visible()
    assert page.locator("article h1").is_visible()
    strings = (site.root / "en" if lang == "en" else site.root) / "compare" / "index.html"
    assert note.inner_text() in strings.read_text(encoding="utf-8")
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # was 13 pages of the full table


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_printed_comparison_carries_its_address_and_the_build_date(open_page, site, lang):
    ids = programmes(site, lang, 2)
    page = open_compare(open_page, f"?p={','.join(ids)}", lang=lang)
    printed = page.locator(".kb-compare__printed")
    assert printed.is_hidden()
    page.emulate_media(media="print")
    assert printed.is_visible()
    line = printed.inner_text()
    assert page.evaluate("location.href") in line and f"p={','.join(ids)}" in line  # the address keeps the choice
    built = page.locator("#kb-compare").get_attribute("data-printed")
    assert "{url}" in built and line == built.replace("{url}", page.evaluate("location.href"))
    assert re.search(r"2\d{3}", line)  # the build date, as the page's language writes it
