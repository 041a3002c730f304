"""Search benchmark: index build time and size, the first search on a cold page and the finder in Chromium.

    python -m bench.search_bench [--programs 1000] [--cases 2000] [--seed 1] [--keep DIR | --reuse DIR]
                                 [--loads 3] [--no-browser] [--no-baseline]

It writes a synthetic catalogue (bench.synthetic), builds both languages with the project's
hook, and keeps a copy of Material's own search_index.json before our post-build step replaces
it. It prints, for each language: pages and sections; Material's index bytes; ours (stub,
pages.json, term shards, page files); the time to build ours (kiwi model load, word analysis,
writing). With --reuse it writes our index again from the saved copies and puts the current
search-worker.js and find.js into the kept site, so that changes to them can be measured without
a new build.

In headless Chromium (Debian's, at CHROMIUM_PATH or /usr/bin/chromium), `browser_figures(site)`
opens the about page with `?q=QUERY` in a fresh context (cold cache), several times per query, and
reports the time from navigation to the first result on screen, to the end of the page's own
scripts (Material sends the query only after them and its stub index), from the query to the
worker's answer, the bytes fetched and the JS heap of the page and of the search worker; then it
times clicks on the find page (bench.finder_bench). bench.run calls it on the site it built.
The baseline (default; not with --no-baseline) is the same first search with Material's lunr
worker and full index. It prints figures; it never fails because a goal is missed
(goals: < 1.5 s and < 150 MB for the first search, < 50 ms per finder click).

Relevance (`relevance_figures`, also `python -m bench.search_bench --relevance`): the bundled
catalogue is built in a temporary copy of the project, and every query of tests/search_relevance.yaml
goes through the real search worker in Chromium; the figure is the share of queries whose page is
among the first `top` results (goal: at least 95 %).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generator.project import Project
from generator.search import index as search_index

from . import finder_bench
from .browser import CHROMIUM, lang_path, launch, serve, show
from .synthetic import catalogue_arguments, write_catalogue

HERE = Path(__file__).resolve().parent
RELEVANCE_FILE = HERE.parent / "tests" / "search_relevance.yaml"
GOAL_RELEVANCE = 0.95

QUERIES = {"ko": ["멘토링을", "기술지원 사업"], "en": ["mentoring", "technology support"]}
SAMPLE_DOCS = 300
START_PAGE = "about/"  # a light page (the home page lists every programme: 0.5 MB at 3,000 records)
SCRIPTS = [HERE.parent / "site_config" / "assets" / "javascripts" / name for name in ("search-worker.js", "find.js")]
LOADS = 3  # cold page loads per query in browser_figures (medians: the machine may be busy)
GOAL_FIRST_SEARCH_S, GOAL_HEAP_MB = 1.5, 150


def build(root: Path, programs: int, cases: int, seed: int) -> dict:
    """Write and build the synthetic site, timing our index step and saving Material's index."""
    from generator.mkdocs_adapter.build import build_site

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
    """Write our index again from the saved Material indexes of a kept build (timed), with the current scripts."""
    search_index.load_kiwi()
    timings = {}
    for lang, site_lang in (("ko", root / "site"), ("en", root / "site" / "en")):
        for script in SCRIPTS:
            shutil.copy2(script, site_lang / "assets" / "javascripts" / script.name)
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
    return {
        "words": len(unique),
        "korean words": len(korean),
        "kiwi load s": load,
        "analysis s": cold,
        "index with cached words s": warm,
        f"{len(sample)} docs: unique words s": sample_unique,
        f"{len(sample)} docs: whole texts s": sample_whole,
        "files": len(files),
    }


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
    try:
        context.add_init_script(MARKS)
        page = context.new_page()
        fetched = []
        page.on("requestfinished", lambda request: fetched.append(request))
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(url, wait_until="commit")
        page.wait_for_selector(".md-search-result__item", timeout=120_000)
        page.wait_for_function("'shown' in window.__marks")
        marks = page.evaluate("window.__marks")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        worker_heap = _worker_heap(browser, page)
        search_bytes = sum(_size(r) for r in fetched if "/search/" in r.url)
    finally:
        context.close()
    return {
        "first_result_s": marks["shown"] / 1000,
        "page_scripts_s": marks.get("scripts", 0) / 1000,
        "query_to_result_s": (marks.get("result", 0) - marks.get("query", 0)) / 1000,
        "search_bytes": search_bytes,
        "page_heap_mb": metrics.get("JSHeapUsedSize", 0) / 1e6,
        "worker_heap_mb": worker_heap / 1e6,
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


def search_url(base: str, lang: str, query: str) -> str:
    """The start page of one language with the query in its address, as a shared search link gives it."""
    return f"{base}{lang_path(lang)}{START_PAGE}?q={query}"


def material_first_searches(root: Path, site: Path) -> None:
    """The baseline: the first search of each query with Material's lunr worker and full index (one cold load)."""
    with serve(site, material_swap(root, site)) as base, launch() as browser:
        for lang, queries in QUERIES.items():
            for query in queries:
                try:
                    figures = first_search(browser, search_url(base, lang, query))
                except Exception as exc:  # noqa: BLE001 - a time-out is a figure too
                    figures = {"failed": str(exc).splitlines()[0]}
                show(f"first search, Material's own search ({lang}) {query!r}", figures)


def browser_figures(site: Path, loads: int = LOADS, runs: int = finder_bench.RUNS, calls: int = 0) -> dict:
    """First search on a cold page and finder clicks, per language, on a built site; with goal rows.

    `site` is a built site folder (Korean at its root, English under en/). It is served over HTTP
    from a process of its own and opened in headless Chromium. Each query of QUERIES is searched
    on `loads` cold page loads: times are medians over them, heaps and bytes the largest seen. The
    finder's click sequence runs `runs` times per language (`calls`: how many calls the site has, for the
    goal rows' names). Returns {"first_search": {lang: {...}},
    "finder": {lang: {...}}, "goals": [{"goal", "target", "measured", "met"}]}.
    """
    if not Path(CHROMIUM).is_file():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    found: dict[str, dict] = {"first_search": {}, "finder": {}}
    with serve(site) as base, launch() as browser:
        for lang, queries in QUERIES.items():
            samples = [first_search(browser, search_url(base, lang, q)) for _ in range(loads) for q in queries]
            found["first_search"][lang] = summarise_searches(queries, samples)
            found["finder"][lang] = finder_bench.finder_clicks(browser, f"{base}{lang_path(lang)}find/", runs)
    found["relevance"] = relevance_figures()
    found["goals"] = goal_rows(found, calls) + [found["relevance"]["goal"]]
    return found


def summarise_searches(queries: list[str], samples: list[dict]) -> dict:
    """Medians of the time figures over cold loads, the largest heaps and bytes, and the slowest load."""

    def median(key: str) -> float:
        return round(statistics.median(s[key] for s in samples), 3)

    return {
        "queries": queries,
        "loads": len(samples),
        "first_result_s": median("first_result_s"),
        "first_result_max_s": round(max(s["first_result_s"] for s in samples), 3),
        "page_scripts_s": median("page_scripts_s"),
        "query_to_result_s": median("query_to_result_s"),
        "search_bytes": max(s["search_bytes"] for s in samples),
        "page_heap_mb": round(max(s["page_heap_mb"] for s in samples), 1),
        "worker_heap_mb": round(max(s["worker_heap_mb"] for s in samples), 1),
    }


def goal_rows(found: dict, calls: int = 0) -> list[dict]:
    """The issue's browser goals with what was measured, in the shape of bench.report's goal rows."""
    rows = []
    for lang, s in found["first_search"].items():
        rows.append(
            _goal(
                f"first search on a cold page, {lang} (median of {s['loads']} loads), s",
                f"<= {GOAL_FIRST_SEARCH_S}",
                s["first_result_s"],
                s["first_result_s"] <= GOAL_FIRST_SEARCH_S,
            )
        )
        heap = round(s["page_heap_mb"] + s["worker_heap_mb"], 1)
        rows.append(
            _goal(
                f"JS heap at the first result, {lang} (page + search worker, largest), MB",
                f"< {GOAL_HEAP_MB}",
                heap,
                heap < GOAL_HEAP_MB,
            )
        )
    for lang, f in found["finder"].items():
        for key, which in (("median_ms", "median"), ("p95_ms", "95th percentile")):
            size = f"{f['programmes']:,} programmes" + (f" and {calls:,} calls" if calls else "")
            name = f"finder click at {size}, {lang} ({which} of {f['clicks']} clicks), ms"
            rows.append(_goal(name, f"< {finder_bench.GOAL_MS}", f[key], f[key] < finder_bench.GOAL_MS))
    return rows


def _goal(name: str, target: str, value, met: bool) -> dict:
    return {"goal": name, "target": target, "measured": value, "met": met}


# Talks to the worker as Material's bundle does: the stub index, SETUP (0) answered by READY (1),
# then one QUERY (2) per query answered by RESULT (3); returns each query's pages, best first.
RUN_QUERIES = """async (queries) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const base = new URL(config.base, location.href)
  const index = await (await fetch(new URL("search/search_index.json", base))).json()
  const worker = new Worker(config.search)
  const ask = message => new Promise(resolve => {
    worker.onmessage = event => resolve(event.data)
    worker.postMessage(message)
  })
  const ready = await ask({ type: 0, data: { ...index, options: { suggest: true } } })
  if (ready.type !== 1) throw new Error("no READY from the search worker")
  const found = []
  for (const query of queries) {
    const reply = await ask({ type: 2, data: query })
    found.push(reply.data.items.map(group => group[0].location.split("#")[0]))
  }
  worker.terminate()
  return found
}"""


def run_relevance_set(browser, base: str, queries: dict, top: int) -> dict:
    """Each language's queries through the search worker of the site at `base`: hits, misses and the rate."""
    total, misses = 0, []
    for lang, entries in queries.items():
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{base}{lang_path(lang)}", wait_until="load")
            found = page.evaluate(RUN_QUERIES, [str(entry["q"]) for entry in entries])
        finally:
            context.close()
        for entry, pages in zip(entries, found, strict=True):
            total += 1
            if entry["page"] not in pages[:top]:
                misses.append(f"{lang} {entry['q']!r}: wanted {entry['page']}, got {pages[:top]}")
    return {
        "queries": total,
        "met": total - len(misses),
        "rate": (total - len(misses)) / max(1, total),
        "misses": misses,
    }


def relevance_figures(project_root: Path | None = None) -> dict:
    """The relevance set on the bundled catalogue, built in a temporary copy of the project."""
    import yaml

    from generator.mkdocs_adapter.build import build_site, source_date_epoch
    from generator.project import Project, copy_project

    source = project_root or HERE.parent
    spec = yaml.safe_load(RELEVANCE_FILE.read_text(encoding="utf-8"))
    top = int(spec.pop("top"))
    with tempfile.TemporaryDirectory(prefix="relevance-") as folder:
        project = copy_project(Path(folder) / "project", source)
        # the copy is no checkout: it is built with the date of the source's last commit
        epoch = os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch(Project(source))
        with _environ(SOURCE_DATE_EPOCH=epoch):
            build_site(project, strict=False)
        with serve(project.root / "site") as base, launch() as browser:
            figures = run_relevance_set(browser, base, spec, top)
    figures["top"] = top
    figures["goal"] = _goal(
        f"search relevance: queries of tests/search_relevance.yaml with their page in the top {top}, %",
        f">= {GOAL_RELEVANCE:.0%}",
        round(figures["rate"] * 100, 1),
        figures["rate"] >= GOAL_RELEVANCE,
    )
    return figures


@contextlib.contextmanager
def _environ(**values: str):
    """Set environment variables for the time of a `with` block."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main() -> None:
    """Build the synthetic site and print the figures."""
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    catalogue_arguments(parser)
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    parser.add_argument("--reuse", type=Path, help="measure a folder that --keep built before, without building")
    parser.add_argument("--loads", type=int, default=LOADS, help="cold page loads per query in Chromium")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-baseline", action="store_true", help="skip Material's own search in Chromium")
    parser.add_argument(
        "--relevance", action="store_true", help="only measure the relevance set on the bundled catalogue"
    )
    args = parser.parse_args()
    if args.relevance:
        figures = relevance_figures()
        for miss in figures["misses"]:
            print(f"  missed: {miss}")
        met = f"{figures['met']}/{figures['queries']}"
        print(f"search relevance: {met} in the top {figures['top']} = {figures['rate']:.1%}")
        return
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
            figures = browser_figures(site, loads=args.loads)
            for kind in ("first_search", "finder"):
                for lang, found in figures[kind].items():
                    show(f"{kind.replace('_', ' ')} ({lang})", found)
            for row in figures["goals"]:
                verdict = "met" if row["met"] else "MISSED"
                print(f"goal: {row['goal']}: {row['measured']:,} (target {row['target']}) {verdict}")
            if not args.no_baseline:
                material_first_searches(root, site)
    finally:
        if not (args.keep or args.reuse):
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
