"""Turning the benchmark's figures into a Markdown table (the goal verdicts come from `goals`)."""

from __future__ import annotations

import statistics

from .goals import (  # noqa: F401 (goals: run.py calls report.goals)
    CORE_STAGES,
    PREPARE_LAPS,
    cached_rate,
    critical_path,
    goals,
    plain_seconds,
    prepare_seconds,
    records_per_second,
    seconds,
    size_label,
    whole_seconds,
)


def markdown(results: dict) -> str:
    """The figures and goal verdicts as Markdown tables."""
    runs = results["runs"]
    clock = results["settings"]["clock"]
    head = "| figure | " + " | ".join(size_label(r) for r in runs) + " |"
    lines = [
        "# Scale benchmark",
        "",
        f"Seconds are {clock} seconds ({'CPU' if clock == 'wall' else 'wall-clock'} in brackets). Every process "
        "was pinned to one CPU except the whole builds, which fork a process per language and use both cores. "
        "The machine may be shared: compare ratios within one run. MB are peak resident memory (ru_maxrss) "
        "unless marked PSS.",
        "",
        head,
        "|---|" + "---|" * len(runs),
    ]
    for label, cell in _rows(clock):
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in runs) + " |")
    lines += ["", "| goal | target | measured | met |", "|---|---|---|---|"]
    for goal in results["goals"]:
        verdict = {True: "met", False: "**missed**", None: "–"}[goal["met"]]
        measured = goal["measured"]
        shown = f"{measured:,}" if isinstance(measured, (int, float)) else str(measured)
        lines.append(f"| {goal['goal']} | {goal['target']} | {shown} | {verdict} |")
    lines += ["", "Where the time goes, for the goals above:", ""] + [f"- {line}" for line in _where(runs, clock)]
    machine = results["machine"]
    lines += [
        "",
        f"Python {machine['python']}, MkDocs {machine['mkdocs']}, Material {machine['mkdocs-material']}, "
        f"{machine['cpus']} CPUs, load average at start {machine['load_average']}, "
        f"seed {results['settings']['seed']}, {results['settings']['seconds_total']} s in all.",
        "",
    ]
    return "\n".join(lines)


def _rows(clock: str):
    def stage(name):
        return lambda r: _s(r["core"]["stages"][name], clock)

    def lap(*names, stage="whole"):
        def cell(r):
            laps = r.get(stage, {}).get("laps", {})
            found = [laps[n] for n in names if n in laps]
            return f"{sum(f[0] for f in found):,.2f} ({sum(f[1] for f in found):,.2f})" if found else "–"

        return cell

    def alone(lang):
        def cell(r):
            figures = r.get(f"language_{lang}")
            if not figures:
                return "–"
            return f"{_s(figures['stages'][f'build_{lang}'], clock)}, {figures['process']['peak_mb']:,.0f} MB"

        return cell

    def cached(name):
        def cell(r):
            figures = r.get(name)
            if not figures:
                return "–"
            return (
                f"{_s(figures['stages']['cached'], clock)}, {figures['pages_reused']:,} / "
                f"{figures['pages_rendered']:,} ({cached_rate(r, name, clock):,.0f} records/s)"
            )

        return cell

    peaks = lambda r: " / ".join(f"{r['core']['stages'][s]['peak_mb']:,.0f}" for s in (*CORE_STAGES, "write"))  # noqa: E731
    return [
        ("records (programmes + cases)", lambda r: f"{r['records']:,}"),
        ("calls (dated at the build date of the synthetic catalogue)", lambda r: f"{r.get('calls', 0):,}"),
        ("load (parse every file), s", stage("load")),
        ("validate (schema, cross-record, model), s", stage("validate")),
        ("render (Markdown), s", stage("render")),
        ("write tree, s", stage("write")),
        ("records/s, load + validate + render, cold, one process", lambda r: f"{records_per_second(r, clock):,.0f}"),
        ("with the build cache, nothing changed: s, pages reused / rendered", cached("warm")),
        ("with the build cache, one programme renamed: s, pages reused / rendered", cached("warm_one_change")),
        ("the same as make serve stages it: record pages / lists / finders and open data, s", _staged(clock)),
        ("peak MB after load / validate / render / write", peaks),
        (
            "generated Markdown tree",
            lambda r: f"{r['core']['generated_files']:,} files, {r['core']['generated_bytes'] / 1e6:,.1f} MB",
        ),
        ("**whole build** (build_site, cold, process, both cores), s", lambda r: _s(r["whole"]["process"], clock)),
        ("whole build with half the calls (just before it, cold), s; PSS peak MB", _half_calls(clock)),
        ("… check (one process), s (wall)", lap("check")),
        (
            "… render ko / en (a process each, at once), s (wall)",
            lambda r: " / ".join(lap(f"render {k}")(r) for k in ("ko", "en")),
        ),
        (
            "… MkDocs ko / en (a process each, at once), s (wall)",
            lambda r: " / ".join(lap(f"MkDocs {k}")(r) for k in ("ko", "en")),
        ),
        (
            "… search index ko / en (one analyser), s (wall)",
            lambda r: " / ".join(lap(f"search index {k}")(r) for k in ("ko", "en")),
        ),
        ("**records/s, preparing in the build** (check + render), cold", lambda r: _rate(r)),
        (
            "whole build peak MB: all processes at once (PSS) / largest one process",
            lambda r: f"{r['whole']['process'].get('tree_peak_mb', 0):,.0f} / {r['whole']['process']['peak_mb']:,.0f}",
        ),
        (
            "whole build with the build cache kept (fresh checkout), s",
            lambda r: _s(r.get("whole_with_cache", {}).get("process"), clock),
        ),
        ("… of which preparing the records with the cache, s (wall)", lap(*PREPARE_LAPS, stage="whole_with_cache")),
        ("MkDocs ko alone (build_language), s", alone("ko")),
        ("MkDocs en alone (build_language), s", alone("en")),
        ("plain MkDocs ko, s", lambda r: _s(r["plain"]["plain_ko"], clock)),
        ("plain MkDocs en, s", lambda r: _s(r["plain"]["plain_en"], clock)),
        ("**plain MkDocs, both**, s", lambda r: f"{plain_seconds(r, clock):,.1f}"),
        ("plain MkDocs peak MB", lambda r: f"{max(v['peak_mb'] for v in r['plain'].values()):,.0f}"),
        ("**whole / plain**", lambda r: f"**{whole_seconds(r, clock) / plain_seconds(r, clock):.2f}**"),
        ("site", lambda r: f"{r['site']['bytes'] / 1e6:,.1f} MB, {r['site']['files']:,} files"),
        ("search/ folder ko / en", lambda r: " / ".join(_search(r["site"]["search"][k]) for k in ("ko", "en"))),
        (
            "search_index.json ko / en",
            lambda r: " / ".join(
                f"{r['site']['search'][k]['search_index_json_bytes'] / 1e3:,.1f} kB" for k in ("ko", "en")
            ),
        ),
        ("synthetic catalogue written in, s (wall)", lambda r: f"{r['generate_s']:,.1f}"),
        (
            "first search, cold page, ko / en: s to the first result (median), bytes, heap page + worker MB",
            lambda r: " / ".join(_first_search(r, lang) for lang in ("ko", "en")),
        ),
        ("search relevance (bundled catalogue): queries with their page in the top 3, Chromium", _relevance),
        ("make serve: first build; an edited record shown, median / max; its lists; search, s (wall)", _serve),
        (
            "finder click ko / en: median, 95th percentile ms",
            lambda r: " / ".join(_finder(r, lang) for lang in ("ko", "en")),
        ),
        (
            "calls page, cold, ko / en: first paint s (median, max), load s, HTML MB, calls listed",
            lambda r: " / ".join(_calls_page(r, lang) for lang in ("ko", "en")),
        ),
    ]


def _where(runs: list[dict], clock: str) -> list[str]:
    """The measured parts behind each goal's figure (the why of a miss), for the largest run."""
    run = runs[-1]
    size = size_label(run)
    core = run["core"]["stages"]
    lines = [
        f"load + validate + render at {size}, no cache: parse {seconds(core['load'], clock):.1f} s, "
        f"validate {seconds(core['validate'], clock):.1f} s, render {seconds(core['render'], clock):.1f} s"
    ]
    for name, what in (("warm", "nothing changed"), ("warm_one_change", "one programme renamed")):
        if run.get(name):
            figures = run[name]
            pages = figures["pages_reused"] + figures["pages_rendered"]
            lines.append(
                f"with the build cache, {what}: {seconds(figures['stages']['cached'], clock):.1f} s, "
                f"{figures['pages_rendered']:,} of {pages:,} pages rendered"
            )
    laps = run["whole"].get("laps", {})
    plain = run["plain"]
    steps = ", ".join(f"{name} {wall:.1f} s (cpu {cpu:.1f})" for name, (wall, cpu) in laps.items())
    lines.append(
        f"whole build, cold, {whole_seconds(run, clock):.1f} s against plain MkDocs {plain_seconds(run, clock):.1f} s "
        f"(ko {seconds(plain['plain_ko'], clock):.1f} s then en {seconds(plain['plain_en'], clock):.1f} s); its steps "
        f"(wall; the children's overlap): {steps}"
    )
    path = critical_path(run)
    if path:
        lines.append(
            f"the parallel build's longest chain takes {path['whole']:.1f} CPU s (start and check, then the slower "
            f"language's render, MkDocs and search index) against {plain_seconds(run, 'cpu'):.1f} CPU s of plain "
            f"MkDocs; all its processes together used {whole_seconds(run, 'cpu'):.1f} CPU s, so two cores need at "
            f"least {whole_seconds(run, 'cpu') / 2:.1f} s"
        )
    if run.get("serve"):
        steps: dict[str, list[float]] = {}
        for edit in run["serve"]["edits"]:
            for name, figures in edit["log"][0].items():
                steps.setdefault(name, []).append(figures["wall_s"])
        parts = ", ".join(f"{name} {statistics.median(values):.1f} s" for name, values in steps.items())
        lines.append(
            f"make serve, one edit (median wall seconds of the rebuild's steps): {parts}; then in the "
            f"background the large lists and the search index"
        )
    return lines


def _half_calls(clock: str):
    def cell(run: dict) -> str:
        half = run.get("half_calls")
        if not half:
            return "–"
        process = half["whole"]["process"]
        return f"{half['calls']:,} calls: {_s(process, clock)}; {process.get('tree_peak_mb', 0):,.0f}"

    return cell


def _calls_page(run: dict, lang: str) -> str:
    f = run.get("calls_page", {}).get(lang)
    if not f:
        return "–"
    paint = f["first_contentful_paint_s"]
    shown = f"{paint:.2f} (max {f['first_contentful_paint_max_s']:.2f})" if paint is not None else "no paint"
    return f"{shown}, {f['load_s']:.2f}, {f['html_bytes'] / 1e6:,.1f} MB, {f['calls_listed']:,}"


def _rate(run: dict) -> str:
    prepare = prepare_seconds(run)
    return f"**{run['records'] / prepare:,.0f}**" if prepare else "–"


def _first_search(run: dict, lang: str) -> str:
    s = run.get("browser", {}).get("first_search", {}).get(lang)
    if not s:
        return "–"
    return (
        f"{s['first_result_s']:.2f} s (max {s['first_result_max_s']:.2f}), {s['search_bytes'] / 1e3:,.0f} kB, "
        f"{s['page_heap_mb']:.0f} + {s['worker_heap_mb']:.0f} MB"
    )


def _relevance(run: dict) -> str:
    r = run.get("browser", {}).get("relevance")
    return f"{r['met']}/{r['queries']} = {r['rate']:.1%}" if r else "–"


def _staged(clock: str):
    """The cell of the staged one-change rebuild: its three steps' seconds."""
    steps = ("record pages", "lists", "finders and open data")

    def cell(run: dict) -> str:
        figures = run.get("staged_one_change")
        return " / ".join(_s(figures["stages"][k], clock) for k in steps) if figures else "–"

    return cell


def _serve(run: dict) -> str:
    s = run.get("serve")
    if not s:
        return "–"
    return (
        f"{s['first_build']['wall_s']:,.0f}; {s['visible_s']['median']:.1f} / {s['visible_s']['max']:.1f}; "
        f"{s['list_s']['median']:.0f}; {s['search_s']['median']:.0f}"
    )


def _finder(run: dict, lang: str) -> str:
    f = run.get("browser", {}).get("finder", {}).get(lang)
    return f"{f['median_ms']:.0f}, {f['p95_ms']:.0f} ({f['programmes']:,} programmes)" if f else "–"


def _search(figures: dict) -> str:
    return f"{figures['bytes'] / 1e6:,.1f} MB in {figures['files']:,} files"


def _s(figures: dict | None, clock: str) -> str:
    if not figures:
        return "–"
    other = "wall" if clock == "cpu" else "cpu"
    return f"{figures[f'{clock}_s']:,.2f} ({figures[f'{other}_s']:,.2f})"
