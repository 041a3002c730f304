"""Turning the benchmark's figures into goal verdicts and a Markdown table."""

from __future__ import annotations

import statistics

RECORDS_PER_SECOND = 2000  # preparing the records, cold
CACHED_RECORDS_PER_SECOND = 10_000  # with the build cache kept, nothing changed
ONE_CHANGE_S = 1.0  # one changed record ready, with the cache
WHOLE_OVER_PLAIN = 0.75  # cold
CACHED_OVER_PLAIN = 0.6  # with the build cache kept
PEAK_MB = 1500  # the whole build, every process together
SERVE_GOALS_S = {"visible_s": 3.0, "list_s": 6.0, "search_s": 10.0}
TWICE_THE_RECORDS = 2.2
LARGE_OVER_BASE = 3.6  # 10,000 records over 3,000
CORE_STAGES = ("load", "validate", "render")
#: The steps of the whole build that prepare the records (check in the parent, render in the children).
PREPARE_LAPS = ("check", "render", "render (in the children)")


def seconds(figures: dict | None, clock: str) -> float | None:
    """The CPU or wall seconds of a figure, when it was measured."""
    return None if not figures else figures.get(f"{clock}_s")


def core_seconds(run: dict, clock: str) -> float:
    """Seconds of load + validate + render, in one process, without the cache."""
    return sum(seconds(run["core"]["stages"][name], clock) for name in CORE_STAGES)


def records_per_second(run: dict, clock: str) -> float:
    """Records through load + validate + render per second, cold, in one process (no build cache)."""
    return run["records"] / max(core_seconds(run, clock), 1e-9)


def prepare_seconds(run: dict, stage: str = "whole") -> float | None:
    """Wall seconds the whole build took to prepare the records (check, then render on every core)."""
    laps = run.get(stage, {}).get("laps", {})
    found = [laps[name][0] for name in PREPARE_LAPS if name in laps]
    return sum(found) if found else None


def critical_path(run: dict, stage: str = "whole") -> dict | None:
    """CPU seconds on the longest chain of the parallel build: what it would take, wall-clock, on an idle two-core
    machine (the parent's work while the children build, saving the cache and loading the analyser, left out)."""
    laps = run.get(stage, {}).get("laps", {})
    if "render (in the children)" not in laps:
        return None
    langs = [name.removeprefix("render ") for name in laps if name.startswith("render ") and "(" not in name]
    chains = {
        lang: sum(laps.get(f"{step} {lang}", [0, 0])[1] for step in ("render", "MkDocs", "search index"))
        for lang in langs
    }
    renders = max(laps[f"render {lang}"][1] for lang in langs)
    until = laps["process until the check"][1]
    return {"whole": until + max(chains.values()), "prepare": laps["check"][1] + renders}


def cached_rate(run: dict, stage: str, clock: str) -> float | None:
    """Records through load + validate + render per second with the build cache (`warm`, `warm_one_change`)."""
    figures = run.get(stage)
    return run["records"] / max(seconds(figures["stages"]["cached"], clock), 1e-9) if figures else None


def whole_seconds(run: dict, clock: str, stage: str = "whole") -> float:
    """Seconds of the whole build process (`build_site`, interpreter start included; cpu: every process)."""
    return seconds(run[stage]["process"], clock)


def plain_seconds(run: dict, clock: str) -> float:
    """Seconds of the two plain `mkdocs build` processes, one after the other."""
    return sum(seconds(run["plain"][f"plain_{lang}"], clock) for lang in ("ko", "en"))


def goals(runs: list[dict], clock: str) -> list[dict]:
    """Each goal of the issue with its measured value and whether it is met."""
    found = []
    for run in runs:
        found += _size_goals(run, clock)
    by_records = {run["records"]: run for run in runs}
    if 3000 in by_records and 10_000 in by_records:
        ratio = whole_seconds(by_records[10_000], clock) / whole_seconds(by_records[3000], clock)
        found.append(
            _goal("whole build, 10,000 records / 3,000", f"<= {LARGE_OVER_BASE}", round(ratio, 2), ratio <= 3.6)
        )
    elif len(runs) == 2 and runs[1]["records"] == 2 * runs[0]["records"]:
        small, big = runs
        ratio = whole_seconds(big, clock) / whole_seconds(small, clock)
        found.append(
            _goal("whole build, twice the records / once", f"<= {TWICE_THE_RECORDS}", round(ratio, 2), ratio <= 2.2)
        )
    return found


def _size_goals(run: dict, clock: str) -> list[dict]:
    """The goals measured on one size of catalogue."""
    size = f"{run['programs']:,} + {run['cases']:,}"
    found = []
    prepare = prepare_seconds(run)
    if prepare:
        rate = run["records"] / prepare
        found.append(
            _goal(
                f"preparing the records in the build, {size}, cold (wall)",
                f">= {RECORDS_PER_SECOND:,} records/s",
                round(rate),
                rate >= RECORDS_PER_SECOND,
            )
        )
    # One process pinned to one CPU: its CPU seconds are what an idle machine's wall clock would show.
    rate = cached_rate(run, "warm", "cpu")
    if rate is not None:
        found.append(
            _goal(
                f"preparing the records, {size}, cache kept, nothing changed (CPU s)",
                f">= {CACHED_RECORDS_PER_SECOND:,} records/s",
                round(rate),
                rate >= CACHED_RECORDS_PER_SECOND,
            )
        )
    if run.get("warm_one_change"):
        took = seconds(run["warm_one_change"]["stages"]["cached"], "cpu")
        found.append(
            _goal(f"one changed record ready, {size}, CPU s", f"< {ONE_CHANGE_S}", round(took, 2), took < ONE_CHANGE_S)
        )
    path = critical_path(run)
    if path:
        rate = run["records"] / path["prepare"]
        found.append(
            _goal(
                f"preparing the records in the build, {size}, cold (critical path, CPU s)",
                f">= {RECORDS_PER_SECOND:,} records/s",
                round(rate),
                rate >= RECORDS_PER_SECOND,
            )
        )
        ratio = path["whole"] / plain_seconds(run, "cpu")
        found.append(
            _goal(
                f"whole build / plain MkDocs, {size}, cold (critical path / plain, CPU s: an idle two-core machine)",
                f"<= {WHOLE_OVER_PLAIN}",
                round(ratio, 2),
                ratio <= WHOLE_OVER_PLAIN,
            )
        )
    cached_path = critical_path(run, "whole_with_cache")
    if cached_path:
        ratio = cached_path["whole"] / plain_seconds(run, "cpu")
        found.append(
            _goal(
                f"whole build / plain MkDocs, {size}, cache kept (critical path / plain, CPU s)",
                f"<= {CACHED_OVER_PLAIN}",
                round(ratio, 2),
                ratio <= CACHED_OVER_PLAIN,
            )
        )
    ratio = whole_seconds(run, clock) / plain_seconds(run, clock)
    found.append(
        _goal(
            f"whole build / plain MkDocs, {size}, cold",
            f"<= {WHOLE_OVER_PLAIN}",
            round(ratio, 2),
            ratio <= WHOLE_OVER_PLAIN,
        )
    )
    if run.get("whole_with_cache"):
        ratio = whole_seconds(run, clock, "whole_with_cache") / plain_seconds(run, clock)
        found.append(
            _goal(
                f"whole build / plain MkDocs, {size}, build cache kept",
                f"<= {CACHED_OVER_PLAIN}",
                round(ratio, 2),
                ratio <= CACHED_OVER_PLAIN,
            )
        )
    peak = run["whole"]["process"].get("tree_peak_mb")
    if peak:
        found.append(
            _goal(
                f"whole build peak memory, all processes (PSS), {size}, MB",
                f"<= {PEAK_MB:,}",
                round(peak),
                peak <= PEAK_MB,
            )
        )
    found += run.get("browser", {}).get("goals", [])
    serve = run.get("serve")
    if serve:
        what = {"visible_s": "record page in both languages", "list_s": "its lists", "search_s": "search"}
        for key, goal in SERVE_GOALS_S.items():
            value = serve[key]["median"]
            found.append(
                _goal(
                    f"make serve, one record of {run['records']:,} edited: {what[key]} (median of "
                    f"{len(serve['edits'])} edits), s",
                    f"<= {goal}",
                    value,
                    value <= goal,
                )
            )
    return found


def _goal(name: str, target: str, value, met: bool | None) -> dict:
    return {"goal": name, "target": target, "measured": value, "met": met}


def markdown(results: dict) -> str:
    """The figures and goal verdicts as Markdown tables."""
    runs = results["runs"]
    clock = results["settings"]["clock"]
    head = "| figure | " + " | ".join(f"{r['programs']:,} + {r['cases']:,}" for r in runs) + " |"
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
        lines.append(f"| {goal['goal']} | {goal['target']} | {goal['measured']:,} | {verdict} |")
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
        ("load (parse every file), s", stage("load")),
        ("validate (schema, cross-record, model), s", stage("validate")),
        ("render (Markdown), s", stage("render")),
        ("write tree, s", stage("write")),
        ("records/s, load + validate + render, cold, one process", lambda r: f"{records_per_second(r, clock):,.0f}"),
        ("with the build cache, nothing changed: s, pages reused / rendered", cached("warm")),
        ("with the build cache, one programme renamed: s, pages reused / rendered", cached("warm_one_change")),
        ("peak MB after load / validate / render / write", peaks),
        (
            "generated Markdown tree",
            lambda r: f"{r['core']['generated_files']:,} files, {r['core']['generated_bytes'] / 1e6:,.1f} MB",
        ),
        ("**whole build** (build_site, cold, process, both cores), s", lambda r: _s(r["whole"]["process"], clock)),
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
    ]


def _where(runs: list[dict], clock: str) -> list[str]:
    """The measured parts behind each goal's figure (the why of a miss), for the largest run."""
    run = runs[-1]
    size = f"{run['programs']:,} + {run['cases']:,}"
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
