"""Layout at phone and desktop widths, with screenshots for a person to look at.

At 390 px nothing may be wider than the screen except inside a scroll box of its own (the
comparison table). Screenshots go to the `screenshot_dir` fixture's folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import DESKTOP, PHONE, wait_for_diagrams

PAGES = ["", "programs/", "programs/kisti-knowledge-mentoring/", "cases/charmcare-france-supply/"]

# Elements reaching past the right edge (what makes a page scroll sideways) that no scroll box
# of their own contains. (Material's closed drawer waits off-screen to the left, harmlessly.)
OVERFLOWING = """(width) => [...document.body.querySelectorAll("*")].filter((el) => {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.right <= width + 0.5) return false;
  for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) return false;
  }
  return true;
}).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join("."))"""


def screenshot(page, folder: Path, path: str, lang: str) -> Path:
    """Save a full-page screenshot named after the page, language and viewport width."""
    name = f"{lang}-{path.strip('/').replace('/', '-') or 'home'}-{page.viewport_size['width']}.png"
    page.screenshot(path=folder / name, full_page=True)
    return folder / name


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_width_has_no_page_overflow(open_page, screenshot_dir, path, lang):
    page = open_page(path, lang=lang, viewport=PHONE)
    wait_for_diagrams(page)
    screenshot(page, screenshot_dir, path, lang)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING, PHONE["width"]) == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_comparison_table_scrolls_in_its_own_box_on_a_phone(open_page, lang):
    page = open_page("programs/", lang=lang, viewport=PHONE)
    table = page.locator("article table").first
    scroller = page.locator("article .md-typeset__scrollwrap").first
    assert table.evaluate("(t) => t.scrollWidth") > PHONE["width"]  # too wide for a phone ...
    assert scroller.bounding_box()["width"] <= PHONE["width"]  # ... so it scrolls in its box
    scroller.evaluate("(s) => { s.scrollLeft = s.scrollWidth; }")
    assert scroller.evaluate("(s) => s.scrollLeft") > 0
    # Scrolled to the last column, the programme names are still in view.
    name = table.locator("tbody tr td").first.bounding_box()
    assert name is not None and name["x"] >= 0 and name["x"] + name["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_desktop_width_has_no_page_overflow(open_page, screenshot_dir, path, lang):
    page = open_page(path, lang=lang, viewport=DESKTOP)
    wait_for_diagrams(page)
    screenshot(page, screenshot_dir, path, lang)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
