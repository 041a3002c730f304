"""Calls page benchmark: the first paint of the calls page (calls/) on a cold page, in Chromium.

    python -m bench.calls_bench SITE [--loads 3]

SITE is a built site (Korean at its root, English under en/), for example one with synthetic calls
that `python -m bench.run --keep` left. In headless Chromium (Debian's, at CHROMIUM_PATH or
/usr/bin/chromium) it opens the calls page of each language in a fresh context (cold cache)
`loads` times, and notes from the navigation's start: the first contentful paint (what a visitor
first sees), DOMContentLoaded and load, the page's bytes and how many calls it lists. It prints
the medians (and the slowest load); it never fails because a goal is missed (goal: first paint
at most 1.5 s).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from .browser import lang_path, launch, serve, show
from .goals import CALLS_PAGE_PAINT_S

LOADS = 3
PAGE = "calls/"

# Paint timings (buffered: the entries of paints before this ran count), then the page's own marks.
TIMES = """async () => {
  const paints = await new Promise((resolve) => {
    const found = {};
    const done = () => found["first-contentful-paint"] !== undefined;
    new PerformanceObserver((list, observer) => {
      for (const entry of list.getEntries()) found[entry.name] = entry.startTime;
      if (done()) { observer.disconnect(); resolve(found); }
    }).observe({ type: "paint", buffered: true });
    setTimeout(() => resolve(found), 60000);
  });
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    first_paint_ms: paints["first-paint"] ?? null,
    first_contentful_paint_ms: paints["first-contentful-paint"] ?? null,
    dom_content_loaded_ms: nav.domContentLoadedEventEnd,
    load_ms: nav.loadEventEnd,
    html_bytes: nav.decodedBodySize,
    calls_listed: document.querySelectorAll('li > span[id^="call-"]').length,
  };
}"""


def calls_page_load(browser, url: str) -> dict:
    """Open the calls page at `url` in a fresh context (cold cache); its paint and load times."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=120_000)
        return page.evaluate(TIMES)
    finally:
        context.close()


def calls_page_figures(site: Path, loads: int = LOADS) -> dict:
    """Medians over `loads` cold loads of the calls page of each language, with goal rows.

    Returns {"ko": {...}, "en": {...}, "goals": [{"goal", "target", "measured", "met"}]}.
    """
    found: dict = {}
    with serve(site) as base, launch() as browser:
        for lang in ("ko", "en"):
            found[lang] = summarise([calls_page_load(browser, f"{base}{lang_path(lang)}{PAGE}") for _ in range(loads)])
    found["goals"] = goal_rows(found)
    return found


def summarise(samples: list[dict]) -> dict:
    """Seconds as medians over the loads (and the slowest first paint); the page's bytes and calls."""

    def median(key: str) -> float | None:
        values = [s[key] for s in samples if s[key] is not None]
        return round(statistics.median(values) / 1000, 3) if values else None

    painted = [s["first_contentful_paint_ms"] for s in samples if s["first_contentful_paint_ms"] is not None]
    return {
        "loads": len(samples),
        "first_contentful_paint_s": median("first_contentful_paint_ms"),
        "first_contentful_paint_max_s": round(max(painted) / 1000, 3) if painted else None,
        "dom_content_loaded_s": median("dom_content_loaded_ms"),
        "load_s": median("load_ms"),
        "html_bytes": samples[0]["html_bytes"],
        "calls_listed": samples[0]["calls_listed"],
    }


def goal_rows(found: dict) -> list[dict]:
    """The first paint of each language against its goal, as bench.report's goal rows."""
    rows = []
    for lang in ("ko", "en"):
        f = found[lang]
        value = f["first_contentful_paint_s"]
        rows.append(
            {
                "goal": f"calls page first paint, cold, {lang}, {f['calls_listed']:,} calls listed, "
                f"{f['html_bytes'] / 1e6:,.1f} MB of HTML (median of {f['loads']} loads), s",
                "target": f"<= {CALLS_PAGE_PAINT_S}",
                "measured": value if value is not None else "no paint",
                "met": value is not None and value <= CALLS_PAGE_PAINT_S,
            }
        )
    return rows


def main() -> None:
    """Serve the site and print the calls page figures of each language."""
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (Korean at its root, English under en/)")
    parser.add_argument("--loads", type=int, default=LOADS, help="cold loads per language")
    args = parser.parse_args()
    found = calls_page_figures(args.site, args.loads)
    for lang in ("ko", "en"):
        show(f"calls page ({lang}), goal: first paint <= {CALLS_PAGE_PAINT_S} s", found[lang])


if __name__ == "__main__":
    main()
