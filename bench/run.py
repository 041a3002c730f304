"""The scale benchmark: build a synthetic catalogue, time every stage in fresh processes, report.

    python -m bench.run [--programs 1000] [--cases 2000] [--calls 20000] [--seed 1] [--out bench/out]
                        [--scale2] [--large] [--no-languages] [--no-strict] [--profile] [--cpu N] [--keep]

For each size (N programmes + M cases + K calls, with --scale2 also 2N + 2M + 2K, with --large also
3,000 + 7,000 + K) it writes a synthetic project into a temporary folder and runs, each in its own process
pinned to one CPU except the whole builds, which use both cores (one process per language):
the core stages (load, validate, render, write), the whole `build_site` from a cold start,
optionally each language's MkDocs build alone, and the plain-MkDocs baseline (`mkdocs build`
of the same generated Markdown, both languages, with the project's hook taken out of the
configs). On the first size with calls it also builds the same catalogue with only the first
K / 2 calls (cold, just before the whole build with all K: the ratio of the two is the calls' goal), and
times the calls page's first paint in Chromium (bench.calls_bench). Every build is dated
bench.synthetic.BUILD_DATE (SOURCE_DATE_EPOCH), the date the synthetic calls are past, open or
upcoming at. It prints a table, and writes bench/out/results.json and results.md. It reports
figures and marks goals met or missed; it never fails because a goal is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import report
from .calls_bench import calls_page_figures
from .memory import TreeMemory
from .search_bench import browser_figures
from .serve_bench import serve_figures
from .synthetic import BUILD_EPOCH, CALL_FOLDER, catalogue_arguments, write_catalogue

HERE = Path(__file__).resolve().parent
CHILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(BUILD_EPOCH), "PYTHONDONTWRITEBYTECODE": "1"}
DEFAULT_CALLS = 20_000
SERVE_EDITS = 3
#: Stages that use both cores (the whole build forks one process per language); the others are pinned to one CPU.
BOTH_CORES = ("whole", "whole-with-cache")
#: The catalogue of `--large`: 10,000 records, to see the build grow linearly from 3,000.
LARGE = (3000, 7000)
_HOOKS = re.compile(r"^hooks:\n(?:[ \t]+- .*\n)+", re.MULTILINE)


class ChildFailed(RuntimeError):
    """A measured process exited with an error; its log says why."""


def run_child(cmd: list[str], cwd: Path, log: Path, cpu: int | None) -> dict:
    """Run a command (pinned to one CPU unless `cpu` is None); its wall and CPU seconds and peak memory.

    CPU seconds and `peak_mb` come from wait4 (CPU of the process and the children it waited for; the
    largest peak of any one of them); `tree_peak_mb` is the largest sum of the PSS of all of them at once.
    """
    env = {**os.environ, **CHILD_ENV}
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    start = time.perf_counter()
    with log.open("ab") as sink:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT, preexec_fn=pin)
        memory = TreeMemory(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        tree_peak = memory.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode:
        tail = log.read_text("utf-8", errors="replace")[-3000:]
        raise ChildFailed(f"{' '.join(cmd)} exited {proc.returncode}; end of {log.name}:\n{tail}")
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "tree_peak_mb": tree_peak,
    }


def run_stage(stage: str, root: Path, out: Path, args) -> dict:
    """One stage of bench.stages in a fresh process: its own figures plus the process totals.

    It runs from the repository root, where `-m bench.stages` is found (and the generator it measures):
    from the synthetic project, Python would import that project's copy of the generator, uncompiled.
    """
    result = out / f"{stage}.json"
    cpu = None if stage in BOTH_CORES else args.cpu
    cmd = [sys.executable, "-m", "bench.stages", stage, str(root), str(result), *_cpu(cpu)]
    process = run_child(cmd + ([] if args.strict else ["--no-strict"]), HERE.parent, out / "log.txt", cpu)
    figures = json.loads(result.read_text("utf-8"))
    figures["process"] = process
    return figures


def plain_configs(root: Path) -> tuple[Path, Path]:
    """Copies of the Korean and English configs without the project's hook (the baseline)."""
    ko, en = root / "mkdocs.yml", root / "site_config" / "mkdocs.en.yml"
    plain_ko, plain_en = root / "mkdocs.plain.yml", root / "site_config" / "mkdocs.en.plain.yml"
    for source, target in ((ko, plain_ko), (en, plain_en)):
        text, count = _HOOKS.subn("", source.read_text("utf-8"))
        if count != 1:
            raise RuntimeError(f"{source.name}: expected one 'hooks:' list to take out, found {count}")
        target.write_text(text.replace("INHERIT: ../mkdocs.yml", "INHERIT: ../mkdocs.plain.yml"), "utf-8")
    if "mkdocs.plain.yml" not in plain_en.read_text("utf-8"):
        raise RuntimeError(f"{en.name}: expected 'INHERIT: ../mkdocs.yml'")
    return plain_ko, plain_en


def plain_build(root: Path, out: Path, args) -> dict:
    """`mkdocs build [--strict]` of both languages from the generated tree, without the hook."""
    figures = {}
    for lang, config in zip(("ko", "en"), plain_configs(root), strict=True):
        target = root / ".bench-plain" / lang
        cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(target)]
        cmd += ["--strict"] if args.strict else []
        figures[f"plain_{lang}"] = run_child(cmd, root, out / "log.txt", args.cpu)
        shutil.rmtree(target, ignore_errors=True)
    return figures


def site_size(site: Path) -> dict:
    """Bytes and files of the built site, and of each language's search/ folder and search_index.json."""
    files = [p for p in site.rglob("*") if p.is_file()]
    search = {}
    for lang, folder in (("ko", site / "search"), ("en", site / "en" / "search")):
        found = [p for p in folder.rglob("*") if p.is_file()]
        index = folder / "search_index.json"
        search[lang] = {
            "bytes": sum(p.stat().st_size for p in found),
            "files": len(found),
            "search_index_json_bytes": index.stat().st_size if index.is_file() else 0,
        }
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files), "search": search}


@contextlib.contextmanager
def first_calls_only(root: Path, keep: int):
    """For a `with` block, only the calls numbered below `keep` in the project: those a catalogue of `keep`
    calls has (a synthetic call depends only on its number); the others wait in a folder beside the project."""
    folder, aside = root / "calls" / CALL_FOLDER, root.parent / f"{root.name}-calls-aside"
    aside.mkdir()
    later = [p for p in folder.glob("*.yaml") if int(p.stem.rsplit("-", 1)[1]) >= keep]
    for path in later:
        path.rename(aside / path.name)
    try:
        yield
    finally:
        for path in later:
            (aside / path.name).rename(path)
        aside.rmdir()


def measure(programs: int, cases: int, calls: int, args, work: Path, first: bool) -> dict:
    """Every figure for one size of catalogue (the browser, serve and half-the-calls figures only for the `first`)."""
    label = f"{programs}+{cases}" + (f"+{calls}calls" if calls else "")
    root, out = work / label, args.out / label
    out.mkdir(parents=True, exist_ok=True)
    (out / "log.txt").write_text("", "utf-8")
    print(f"[{label}] writing the synthetic catalogue ...", flush=True)
    start = time.perf_counter()
    write_catalogue(root, programs, cases, args.seed, calls)
    run = {
        "programs": programs,
        "cases": cases,
        "calls": calls,
        "records": programs + cases,
        "generate_s": round(time.perf_counter() - start, 3),
    }
    print(f"[{label}] load, validate, render, write ...", flush=True)
    run["core"] = run_stage("core", root, out, args)
    if first and calls >= 2:
        half = calls // 2
        print(f"[{label}] whole build (build_site, cold) with the first {half:,} calls only ...", flush=True)
        with first_calls_only(root, half):
            run["half_calls"] = {"calls": half, "whole": run_stage("whole", root, out, args)}
    print(f"[{label}] whole build (build_site, cold) ...", flush=True)
    run["whole"] = run_stage("whole", root, out, args)
    run["site"] = site_size(root / "site")
    print(f"[{label}] whole build again, with the build cache kept ...", flush=True)
    run["whole_with_cache"] = run_stage("whole-with-cache", root, out, args)
    print(f"[{label}] load, validate, render with the build cache (nothing changed, then one record) ...", flush=True)
    run["warm"] = run_stage("warm", root, out, args)
    run["warm_one_change"] = run_stage("warm-one-change", root, out, args)
    run["staged_one_change"] = run_stage("staged-one-change", root, out, args)
    if args.languages:
        for lang in ("ko", "en"):
            print(f"[{label}] MkDocs build of {lang} alone ...", flush=True)
            run[f"language_{lang}"] = run_stage(f"language-{lang}", root, out, args)
    if args.browser and first:
        print(f"[{label}] first search and finder clicks in Chromium ...", flush=True)
        try:
            run["browser"] = browser_figures(root / "site", calls=calls)
        except (FileNotFoundError, ImportError) as exc:  # no Chromium, or Playwright not installed
            print(f"[{label}] browser figures left out: {exc}", flush=True)
    if args.browser and first and calls:
        print(f"[{label}] first paint of the calls page in Chromium ...", flush=True)
        try:
            run["calls_page"] = calls_page_figures(root / "site")
        except (FileNotFoundError, ImportError) as exc:
            print(f"[{label}] calls page figures left out: {exc}", flush=True)
    if args.serve and first:
        print(f"[{label}] make serve: editing records, waiting for the change to show ...", flush=True)
        run["serve"] = serve_figures(root, edits=SERVE_EDITS, cpu=args.cpu)
    print(f"[{label}] plain MkDocs baseline ...", flush=True)
    run["plain"] = plain_build(root, out, args)
    if args.profile:
        print(f"[{label}] profile of check + render ...", flush=True)
        run["profile"] = run_stage("profile", root, out, args)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return run


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, write results.json and results.md."""
    args = _parser().parse_args(argv)
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = [(args.programs, args.cases, args.calls)]
    sizes += [(2 * args.programs, 2 * args.cases, 2 * args.calls)] if args.scale2 else []
    sizes += [(*LARGE, args.calls)] if args.large else []
    work = Path(tempfile.mkdtemp(prefix="smekb-bench-")) if args.work is None else args.work.resolve()
    started, machine = time.perf_counter(), _machine()
    try:
        runs = [measure(*size, args, work, i == 0) for i, size in enumerate(sizes)]
    except ChildFailed as exc:
        print(f"benchmark stopped: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results = {
        "settings": {
            "seed": args.seed,
            "cpu": args.cpu,
            "clock": args.clock,
            "strict": args.strict,
            "seconds_total": round(time.perf_counter() - started, 1),
            "load_average_end": [round(x, 2) for x in os.getloadavg()],
        },
        "machine": machine,
        "runs": runs,
    }
    results["goals"] = report.goals(runs, args.clock)
    table = report.markdown(results)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (args.out / "results.md").write_text(table, "utf-8")
    print(table)
    if args.keep:
        print(f"synthetic projects kept in {work}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    catalogue_arguments(parser, calls=DEFAULT_CALLS)
    parser.add_argument("--out", type=Path, default=HERE / "out", help="folder for results (default bench/out)")
    parser.add_argument("--work", type=Path, help="folder for the synthetic projects (default: a temporary one)")
    parser.add_argument(
        "--scale2",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="also measure twice the records, for linearity (default off; `make bench` turns it on)",
    )
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"also build {LARGE[0]:,} programmes + {LARGE[1]:,} cases (+ the calls), for linearity and peak memory "
        "(make bench BENCH_FLAGS=--large)",
    )
    parser.add_argument(
        "--languages",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also build each language alone in its own process (default on)",
    )
    parser.add_argument(
        "--browser",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time the first search and finder clicks in Chromium on the largest site (default on)",
    )
    parser.add_argument(
        "--serve",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time how soon `make serve` shows an edited record, on the largest site (default on)",
    )
    parser.add_argument("--profile", action="store_true", help="also profile check + render with cProfile")
    parser.add_argument("--cpu", type=int, default=_default_cpu(), help="the CPU to pin to (default: the last)")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="wall",
        help="which seconds the goals are judged on (default wall: the goals are wall-clock, and the build uses "
        "both cores; cpu adds up the seconds of every process)",
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build with MkDocs' --strict, as `make site` does (default on)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the synthetic projects")
    return parser


def _default_cpu() -> int | None:
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    return allowed[-1] if allowed else None


def _cpu(cpu: int | None) -> list[str]:
    return ["--cpu", str(cpu)] if cpu is not None else []


def _machine() -> dict:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    sys.exit(main())
