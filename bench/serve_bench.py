"""How soon `make serve` shows an edited record: the serve goal of the scale benchmark.

    python -m bench.serve_bench [--programs 1000] [--cases 2000] [--seed 1] [--edits 5]
                                [--keep DIR] [--cpu N] [--out bench/out]

It writes a synthetic project (bench.synthetic; with --keep DIR it reuses the one in DIR),
runs the Makefile's `serve` target in it on a free port, waits for the first build to be
served, then edits records one at a time, programmes and cases in turn: each edit gives the
record's Korean and English name (a case's title) a new unique marker, and the served pages are
polled over HTTP until the marker shows. For each edit it reports the seconds from the write to
the record's page showing it in both languages (the goal: within 3 s), to the list of all
programmes or cases showing it, and to the search index holding it; the CPU seconds the serve
process spent on the edit; and the steps of the rebuild as the serve log gives them (records,
each language's pages, and the large pages and search indexes finished in the background).
The next edit waits until the search index holds the previous one. The figures go to
bench/out/serve.json. `serve_figures(root)` is the same measurement for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from generator.project import CODE_PARTS, copy_project

from .synthetic import REPO, catalogue_arguments, write_catalogue

HERE = Path(__file__).resolve().parent
GOAL_S = 3.0
HOST = "127.0.0.1"
FIRST_BUILD_TIMEOUT_S = 3600
EDIT_TIMEOUT_S = 900
NAME_FIELD = {"programs": "name", "cases": "title"}
LIST_PAGE = {"programs": "programs/", "cases": "cases/"}
LANGUAGE_PREFIX = {"ko": "", "en": "en/"}
# "<step> 1.23 s (cpu 1.10)" in the hook's log lines ("preview: rebuilt: ...", "preview: search index (ko) ...")
_STEP = re.compile(r"([A-Za-z0-9][\w ()]*?) ([0-9.]+) s \(cpu ([0-9.]+)\)")
_PREVIEW_LINE = re.compile(r"preview: (.*)$")


class ServeFailed(RuntimeError):
    """The serve process exited, or a change did not show in time; the log's end says why."""


class Serve:
    """`make serve` running in a project, in its own process group, with its output in a log file."""

    def __init__(self, root: Path, log: Path, cpu: int | None):
        self.port = free_port()
        self.log = log
        command = [
            "make",
            "--no-print-directory",
            "-C",
            str(root),
            "-f",
            str(REPO / "Makefile"),
            "serve",
            f"VENV={sys.prefix}",
            "SITE_STAMP=",
            f"SERVE_ADDR={HOST}:{self.port}",
        ]
        with log.open("wb") as sink:
            self.process = subprocess.Popen(
                command,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=lambda: _child_setup(cpu),
            )
        self._log_offset = 0

    def url(self, path: str) -> str:
        """The served address of a site path such as `programs/`."""
        return f"http://{HOST}:{self.port}/{path}"

    def get(self, path: str) -> str | None:
        """The text served at `path`, or None while the server is not up (or the page is missing)."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=EDIT_TIMEOUT_S) as response:
                return response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if self.process.poll() is not None:
                raise ServeFailed(f"make serve exited {self.process.returncode}:\n{self.log_tail()}") from None
            return None

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the processes of the serve (make and mkdocs)."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # process group
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def new_log_lines(self) -> list[str]:
        """Lines the serve logged since the last call."""
        data = self.log.read_bytes()
        text, self._log_offset = data[self._log_offset :].decode("utf-8", errors="replace"), len(data)
        return text.splitlines()

    def log_tail(self) -> str:
        """The end of the serve log."""
        return self.log.read_text("utf-8", errors="replace")[-3000:]

    def stop(self) -> None:
        """Stop the serve as Ctrl-C would (then harder), and wait for it."""
        for sig, wait in ((signal.SIGINT, 60), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=wait)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                continue


def _child_setup(cpu: int | None) -> None:
    """In the serve's process: Ctrl-C stops it (a shell's background job inherits it ignored); pin to `cpu`."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def edited_records(root: Path, count: int) -> list[Path]:
    """`count` records to edit, programmes and cases in turn, spread over the catalogue."""
    folders = {kind: sorted((root / kind).glob("*.yaml")) for kind in ("programs", "cases")}
    chosen = []
    for number in range(count):
        files = folders["programs" if number % 2 == 0 else "cases"]
        chosen.append(files[(number // 2 * 389 + 101) % len(files)])
    return chosen


def give_marker(path: Path, marker: str) -> None:
    """Set the record's Korean and English name (a case's title) to texts holding `marker`."""
    field = NAME_FIELD[path.parent.name]
    text = path.read_text("utf-8")
    block = re.compile(rf"^{field}:\n  ko: .*\n  en: .*\n", re.MULTILINE)
    new, count = block.subn(f"{field}:\n  ko: 표식 {marker}\n  en: Marker {marker}\n", text, count=1)
    if count != 1:
        raise RuntimeError(f"{path.name}: no one-line `{field}:` with ko and en to edit")
    path.write_text(new, "utf-8")


def watched_paths(record: Path) -> dict[str, str]:
    """What to poll for an edit of `record`: its page, the list naming it and the search index, per language."""
    kind = record.parent.name
    paths = {}
    for language, prefix in LANGUAGE_PREFIX.items():
        paths[f"page {language}"] = f"{prefix}{kind}/{record.stem}/"
        paths[f"list {language}"] = f"{prefix}{LIST_PAGE[kind]}"
        paths[f"search {language}"] = f"{prefix}search/kb/pages.json"
    return paths


def wait_first_build(serve: Serve) -> dict:
    """Seconds (and serve CPU seconds) until the home page is served."""
    start = time.perf_counter()
    while serve.get("") is None:
        if time.perf_counter() - start > FIRST_BUILD_TIMEOUT_S:
            raise ServeFailed(f"nothing served after {FIRST_BUILD_TIMEOUT_S} s:\n{serve.log_tail()}")
        time.sleep(0.5)
    return {"wall_s": round(time.perf_counter() - start, 2), "cpu_s": round(serve.cpu_seconds(), 2)}


def measure_edit(serve: Serve, record: Path, marker: str) -> dict:
    """Edit `record`, then poll until every watched path shows the marker; the seconds of each."""
    paths = watched_paths(record)
    serve.new_log_lines()
    cpu = serve.cpu_seconds()
    give_marker(record, marker)
    start = time.perf_counter()
    seen: dict[str, float] = {}
    while len(seen) < len(paths):
        elapsed = time.perf_counter() - start
        if elapsed > EDIT_TIMEOUT_S:
            missing = sorted(set(paths) - set(seen))
            raise ServeFailed(f"{record.name}: {missing} still without the change after {EDIT_TIMEOUT_S} s")
        pages_shown = all(key in seen for key in paths if key.startswith("page"))
        for key, path in paths.items():
            # record pages are polled often; the large lists and the index only once the pages show
            if key not in seen and (key.startswith("page") or pages_shown):
                text = serve.get(path)
                if text is not None and marker in text:
                    seen[key] = round(time.perf_counter() - start, 2)
        time.sleep(0.05 if not pages_shown else 1)
    figures = {
        "record": f"{record.parent.name}/{record.name}",
        "seconds": seen,
        "visible_s": max(seen["page ko"], seen["page en"]),
        "cpu_s": round(serve.cpu_seconds() - cpu, 2),
    }
    figures["log"] = logged_steps(rest_of_log(serve))
    return figures


def rest_of_log(serve: Serve) -> list[str]:
    """The lines logged for this edit: the serve logs the last search index just after serving it."""
    lines = serve.new_log_lines()
    deadline = time.perf_counter() + 10
    while not any("search index (en)" in line for line in lines) and time.perf_counter() < deadline:
        time.sleep(0.2)
        lines += serve.new_log_lines()
    return lines


def logged_steps(lines: list[str]) -> list[dict]:
    """The hook's timing lines: each as {step: {"wall_s", "cpu_s"}}, in the order logged."""
    found = []
    for line in lines:
        match = _PREVIEW_LINE.search(line)
        if match:
            steps = {
                name: {"wall_s": float(wall), "cpu_s": float(cpu)} for name, wall, cpu in _STEP.findall(match.group(1))
            }
            if steps:
                found.append(steps)
    return found


def summary(values: list[float]) -> dict:
    """Median and maximum."""
    return {"median": round(statistics.median(values), 2), "max": round(max(values), 2)}


def serve_figures(root: Path, *, edits: int = 5, cpu: int | None = None) -> dict:
    """Run `make serve` in the synthetic project `root`, edit `edits` records one by one; the figures.

    Returns {"first_build": {"wall_s", "cpu_s"}, "edits": [{"record", "seconds": {"page ko", "page en",
    "list ko", "list en", "search ko", "search en"}, "visible_s", "cpu_s", "log": [...]}, ...],
    "visible_s": {"median", "max"}, "list_s": {...}, "search_s": {...}, "goal_s": 3.0, "met": bool}.
    The edited records are restored afterwards.
    """
    records = edited_records(root, edits)
    originals = {path: path.read_bytes() for path in records}
    token = secrets.token_hex(4)
    log = Path(tempfile.mkstemp(prefix="serve-bench-", suffix=".log")[1])
    serve = Serve(root, log, cpu)
    try:
        first = wait_first_build(serve)
        results = [measure_edit(serve, path, f"SERVEMARK{token}{n}") for n, path in enumerate(records)]
    finally:
        serve.stop()
        for path, data in originals.items():
            path.write_bytes(data)
        log.unlink(missing_ok=True)
    visible = [r["visible_s"] for r in results]
    return {
        "first_build": first,
        "edits": results,
        "visible_s": summary(visible),
        "list_s": summary([max(r["seconds"]["list ko"], r["seconds"]["list en"]) for r in results]),
        "search_s": summary([max(r["seconds"]["search ko"], r["seconds"]["search en"]) for r in results]),
        "goal_s": GOAL_S,
        "met": max(visible) <= GOAL_S,
    }


def prepare_project(args) -> tuple[Path, bool]:
    """The project to serve: --keep DIR reused (its code refreshed from the repository) or written; else a new one."""
    if args.keep and (args.keep / "programs").is_dir():
        copy_project(args.keep, REPO, CODE_PARTS)
        return args.keep, False
    root = args.keep or Path(tempfile.mkdtemp(prefix="smekb-serve-")) / "project"
    print(f"writing {args.programs} programmes and {args.cases} cases into {root} ...", flush=True)
    write_catalogue(root, args.programs, args.cases, args.seed)
    return root, args.keep is None


def report(figures: dict) -> str:
    """The figures as a short text table."""
    first = figures["first_build"]
    header = f"{'edit':42}  page ko  page en  list ko  list en  search ko  search en  cpu"
    lines = [f"first build served after {first['wall_s']} s (serve CPU {first['cpu_s']} s)", header]
    for edit in figures["edits"]:
        s = edit["seconds"]
        lines.append(
            f"{edit['record'][:42]:42}  {s['page ko']:7.2f}  {s['page en']:7.2f}  {s['list ko']:7.2f}  "
            f"{s['list en']:7.2f}  {s['search ko']:9.2f}  {s['search en']:9.2f}  {edit['cpu_s']:5.1f}"
        )
        for steps in edit["log"]:
            lines.append("    " + ", ".join(f"{k} {v['wall_s']} s (cpu {v['cpu_s']})" for k, v in steps.items()))
    verdict = "met" if figures["met"] else "missed"
    lines.append(
        f"record pages shown after: median {figures['visible_s']['median']} s, max "
        f"{figures['visible_s']['max']} s (goal {figures['goal_s']} s: {verdict}); lists: median "
        f"{figures['list_s']['median']} s; search: median {figures['search_s']['median']} s"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, write serve.json."""
    args = _parser().parse_args(argv)
    root, temporary = prepare_project(args)
    try:
        figures = serve_figures(root, edits=args.edits, cpu=args.cpu)
    except ServeFailed as exc:
        print(f"serve benchmark stopped: {exc}", file=sys.stderr)
        return 1
    finally:
        if temporary:
            shutil.rmtree(root.parent, ignore_errors=True)
    figures["settings"] = {
        "programs": args.programs,
        "cases": args.cases,
        "seed": args.seed,
        "cpu": args.cpu,
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "serve.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(report(figures))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    catalogue_arguments(parser)
    parser.add_argument("--edits", type=int, default=5, help="records to edit one after another (default 5)")
    parser.add_argument("--keep", type=Path, help="write the project into this folder, or reuse the one there")
    parser.add_argument("--cpu", type=int, help="pin the serve to this CPU (default: not pinned)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="folder for serve.json (default bench/out)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
