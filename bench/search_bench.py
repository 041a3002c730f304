"""Search benchmark: index build time and size, and the first search on a cold page in Chromium.

    python bench/search_bench.py [--programs 1000] [--cases 2000] [--seed 1] [--keep DIR | --reuse DIR]
                                 [--no-browser] [--no-baseline]

It writes a synthetic catalogue (bench/synthetic.py), builds both languages with the project's
hook, and keeps a copy of Material's own search_index.json before our post-build step replaces
it. It prints, for each language: pages and sections; Material's index bytes; ours (stub,
pages.json, term shards, page files); the time to build ours (kiwi model load, word analysis,
writing). In headless Chromium (Debian's, at CHROMIUM_PATH or /usr/bin/chromium) it opens the about
page with `?q=QUERY` in a fresh context (cold cache) and reports the time from navigation to
the first result on screen, to the end of the page's own scripts (Material sends the query only
then), from the query to the worker's answer, the bytes fetched and the JS heap of the page and
of the search worker; it does the same without mermaid.min.js (loaded by every page, it delays the moment
Material sends the query), and with the baseline (default) with Material's lunr worker and index.
It prints figures; it never fails because a goal is missed (goal: < 1.5 s, < 150 MB).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from synthetic import write_catalogue  # noqa: E402

from generator import search_index  # noqa: E402
from generator.project import Project  # noqa: E402

QUERIES = {"ko": ["멘토링을", "기술지원 사업"], "en": ["mentoring", "technology support"]}
SAMPLE_DOCS = 300
START_PAGE = "about/"  # a light page (the home page lists every programme: 0.5 MB at 3,000 records)
WORKER = HERE.parent / "site_config" / "assets" / "javascripts" / "search-worker.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def build(root: Path, programs: int, cases: int, seed: int) -> dict:
    """Write and build the synthetic site, timing our index step and saving Material's index."""
    from generator.mkdocs_adapter import build_site

    write_catalogue(root, programs, cases, seed)
    timings: dict[str, float] = {}
    original = search_index.write_search_index

    def timed(site_dir: Path, analyser=None):
        lang = "en" if Path(site_dir).name == "en" else "ko"
        shutil.copy2(Path(site_dir) / "search" / "search_index.json", root / f"material-{lang}.json")
        start = time.perf_counter()
        stats = original(site_dir, analyser)
        timings[lang] = time.perf_counter() - start
        return stats

    search_index.write_search_index = timed
    try:
        start = time.perf_counter()
        build_site(Project(root), strict=False)
        timings["whole build"] = time.perf_counter() - start
    finally:
        search_index.write_search_index = original
    return timings


def reindex(root: Path) -> dict:
    """Write our index (and worker) again from the saved Material indexes of a kept build (timed)."""
    search_index.load_kiwi()
    timings = {}
    for lang, site_lang in (("ko", root / "site"), ("en", root / "site" / "en")):
        shutil.copy2(WORKER, site_lang / "assets" / "javascripts" / WORKER.name)
        shutil.copy2(root / f"material-{lang}.json", site_lang / "search" / "search_index.json")
        start = time.perf_counter()
        search_index.write_search_index(site_lang, search_index.Analyser())
        timings[lang] = time.perf_counter() - start
    return timings


def analysis_figures(material_index: Path) -> dict:
    """Kiwi load time, and analysis speed of the unique words of one language, cold and cached."""
    _, docs = search_index.load_material_index(material_index)
    unique = {w for d in docs for w in (*search_index.words(d.title), *search_index.words(d.text))}
    korean = [w for w in unique if search_index.is_korean(w)]
    start = time.perf_counter()
    kiwi = search_index.load_kiwi()
    load = time.perf_counter() - start
    analyser = search_index.Analyser(kiwi)
    start = time.perf_counter()
    analyser.terms_of(unique)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    files = search_index.build_index({}, docs, analyser)
    warm = time.perf_counter() - start
    sample = docs[:SAMPLE_DOCS]  # the alternative: analysing whole texts (measured on a sample)
    sample_words = {w for d in sample for w in search_index.words(d.text)}
    start = time.perf_counter()
    search_index.Analyser(kiwi).terms_of(sample_words)
    sample_unique = time.perf_counter() - start
    start = time.perf_counter()
    list(kiwi.tokenize([d.text for d in sample]))
    sample_whole = time.perf_counter() - start
    return {"words": len(unique), "korean words": len(korean), "kiwi load s": load, "analysis s": cold,
            "index with cached words s": warm,
        f"{len(sample)} docs: unique words s": sample_unique,
        f"{len(sample)} docs: whole texts s": sample_whole, "files": len(files)}


def sizes(site_lang: Path, material_index: Path) -> dict:
    """Bytes of Material's index and of ours."""
    kb = site_lang / "search" / search_index.KB_DIR
    shards = sorted((kb / "t").glob("*.json"))
    pages = list((kb / "p").glob("*.json"))
    return {
        "material index": material_index.stat().st_size,
        "stub search_index.json": (site_lang / "search" / "search_index.json").stat().st_size,
        "pages.json": (kb / "pages.json").stat().st_size,
        "shards": len(shards),
        "shards total": sum(p.stat().st_size for p in shards),
        "largest shard": max(p.stat().st_size for p in shards),
        "page files": len(pages),
        "page files total": sum(p.stat().st_size for p in pages),
    }


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; with `material` set, serves Material's own worker and index instead of ours."""

    material: dict[str, Path] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        clean = path.split("?")[0]
        for prefix, target in self.material.items():
            if clean.startswith(prefix):
                return str(target / clean[len(prefix):]) if target.is_dir() else str(target)
        return super().translate_path(path)


def serve(site: Path, material: dict[str, Path]) -> tuple[multiprocessing.Process, str]:
    """Serve `site` on 127.0.0.1 from a process of its own (not competing with Playwright here).

    With `material` mapping paths, Material's search is swapped in.
    """
    handler = type("Handler", (_Handler,), {"material": material})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    process = multiprocessing.get_context("fork").Process(target=server.serve_forever, daemon=True)
    process.start()
    server.socket.close()  # the child process serves; this one only needed the port
    return process, f"http://127.0.0.1:{server.server_address[1]}/"


def material_swap(root: Path, site: Path) -> dict[str, Path]:
    """Paths that make the site use Material's lunr worker and full index (the baseline)."""
    workers = sorted((site / "assets/javascripts/workers").glob("search.*.min.js"))
    swap = {}
    for lang, prefix in (("ko", "/"), ("en", "/en/")):
        swap[f"{prefix}search/search_index.json"] = root / f"material-{lang}.json"
        swap[f"{prefix}assets/javascripts/search-worker.js"] = workers[0]
        swap[f"{prefix}assets/lunr/"] = site / "assets/javascripts/lunr"
    return swap


# Notes (in ms since navigation) when the page's scripts have run, when the first query went to
# the search worker and came back, and when the first result was put on the page.
MARKS = """
window.__marks = {}
const mark = (name) => { if (!(name in window.__marks)) window.__marks[name] = performance.now() }
const NativeWorker = window.Worker
window.Worker = function (url, options) {
  const worker = new NativeWorker(url, options)
  const post = worker.postMessage.bind(worker)
  worker.postMessage = (message) => { if (message.type === 2) mark("query"); post(message) }
  worker.addEventListener("message", (event) => { if (event.data.type === 3) mark("result") })
  return worker
}
document.addEventListener("DOMContentLoaded", () => mark("scripts"))
new MutationObserver((_, observer) => {
  if (document.querySelector(".md-search-result__item")) { mark("shown"); observer.disconnect() }
}).observe(document, { subtree: true, childList: true })
"""


def first_search(browser, url: str) -> dict:
    """Open `url` (with ?q=) in a cold context; time to the first result, bytes fetched, JS heaps."""
    context = browser.new_context()
    context.add_init_script(MARKS)
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda r: fetched.append(r))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".md-search-result__item", timeout=120_000)
    page.wait_for_function("'shown' in window.__marks")
    marks = page.evaluate("window.__marks")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    worker_heap = _worker_heap(browser, page)
    search_bytes = sum(_size(r) for r in fetched if "/search/" in r.url)
    context.close()
    return {
        "first result shown s": marks["shown"] / 1000,
        "page scripts done s": marks.get("scripts", 0) / 1000,
        "query -> result s": (marks.get("result", 0) - marks.get("query", 0)) / 1000,
        "search bytes fetched": search_bytes,
        "page heap MB": metrics.get("JSHeapUsedSize", 0) / 1e6,
        "worker heap MB": worker_heap / 1e6,
    }


def _size(request) -> int:
    try:
        return request.sizes()["responseBodySize"]
    except Exception:  # noqa: BLE001 - a request without a body
        return 0


def _worker_heap(browser, page) -> float:
    """Used JS heap of the page's workers, asked over the browser's DevTools protocol."""
    session = browser.new_browser_cdp_session()
    replies: dict[str, dict] = {}

    def on_message(event: dict) -> None:
        message = json.loads(event["message"])
        if message.get("id") == 1:
            replies[event["sessionId"]] = message

    session.on("Target.receivedMessageFromTarget", on_message)
    used = 0.0
    for target in session.send("Target.getTargets")["targetInfos"]:
        if target["type"] != "worker":
            continue
        sid = session.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})["sessionId"]
        message = json.dumps({"id": 1, "method": "Runtime.getHeapUsage"})
        session.send("Target.sendMessageToTarget", {"sessionId": sid, "message": message})
        for _ in range(100):
            if sid in replies:
                break
            page.wait_for_timeout(50)
        used += replies.get(sid, {}).get("result", {}).get("usedSize", 0)
    session.detach()
    return used


def browser_figures(root: Path, site: Path, baseline: bool) -> list[tuple[str, str, str, dict]]:
    """First-search figures for each language and query, ours and (optionally) Material's."""
    from playwright.sync_api import sync_playwright

    rows = []
    empty = root / "empty.js"
    empty.write_text("", encoding="utf-8")
    no_mermaid = {f"{p}assets/vendor/mermaid/mermaid.min.js": empty for p in ("/", "/en/")}
    variants = [("ours", {}), ("ours, mermaid.min.js left out", no_mermaid)]
    variants += [("material", material_swap(root, site))] if baseline else []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, swap in variants:
                server, base = serve(site, swap)  # a process
                try:
                    for lang, queries in QUERIES.items():
                        for query in queries:
                            url = f"{base}{'en/' if lang == 'en' else ''}{START_PAGE}?q={query}"
                            try:
                                figures = first_search(browser, url)
                            except Exception as exc:  # noqa: BLE001 - a time-out is a figure too
                                figures = {"failed": str(exc).splitlines()[0]}
                            show(f"first search, {name} ({lang}) {query!r}", figures)
                            rows.append((name, lang, query, figures))
                finally:
                    server.terminate()
                    server.join()
        finally:
            browser.close()
    return rows


def show(title: str, figures: dict) -> None:
    """Print one block of figures."""
    print(f"\n{title}", flush=True)
    for key, value in figures.items():
        text = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else value
        print(f"  {key:<28} {text:>14}")


def main() -> None:
    """Build the synthetic site and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=1000)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    parser.add_argument("--reuse", type=Path, help="measure a folder that --keep built before, without building")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-baseline", action="store_true", help="skip Material's own search in Chromium")
    args = parser.parse_args()
    root = args.reuse or args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        if args.reuse:
            show("our index step again, kiwi model loaded (s)", reindex(root))
        else:
            print(f"building {args.programs} programmes + {args.cases} cases in {root} ...", flush=True)
            show("build (s)", build(root, args.programs, args.cases, args.seed))
        site = root / "site"
        for lang, site_lang in (("ko", site), ("en", site / "en")):
            show(f"{lang}: index bytes", sizes(site_lang, root / f"material-{lang}.json"))
            show(f"{lang}: analysis", analysis_figures(root / f"material-{lang}.json"))
        if not args.no_browser:
            browser_figures(root, site, not args.no_baseline)
    finally:
        if not (args.keep or args.reuse):
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
