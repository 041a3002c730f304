"""The child side of the benchmark: one stage in a fresh Python process, its figures written as JSON.

`python -m bench.stages STAGE ROOT RESULT.json [--cpu N]` (from the repository root), where STAGE is

- `core`: load every record file, validate (`pipeline.check`: schema and cross-record checks,
  model), render the Markdown, write the tree into an empty `.generated/`; no build cache;
- `whole`: `mkdocs_adapter.build_site` from a cold start (no `.generated/`, no `site/`, no
  build cache), with the wall-clock seconds of its steps (`parallel.LAST_LAPS`: checking,
  rendering, each language's MkDocs build and search index); it leaves its build cache behind;
- `whole-with-cache`: the same from a fresh checkout, but with the build cache kept (CI with a cache);
- `warm`: validate and render again with that cache (nothing changed: CI with a kept cache);
- `warm-one-change`: change one programme's name, then validate and render with the cache;
- `staged-one-change`: the same as a `make serve` rebuild does it: the record pages first
  (`generator.staged.prepare_staged`), then the lists, then the finders' data and open data;
- `language-ko`, `language-en`: `build_language` alone on the already generated tree;
- `profile`: `pipeline.check` and `render_catalogue` under cProfile.

Seconds are taken both as CPU time of this process (`time.process_time`) and as wall-clock time;
memory is the peak resident set so far (`ru_maxrss`), so it only grows from stage to stage.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import json
import os
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path

from generator import pipeline
from generator.cache import BuildCache
from generator.mkdocs_adapter import build as mkdocs_adapter
from generator.mkdocs_adapter import parallel
from generator.project import KINDS, Project
from generator.records.load import load_file
from generator.render.pages import Renderer, render_catalogue
from generator.staged import prepare_staged

PROFILE_TOP = 30


class Clock:
    """Seconds (CPU and wall) and peak memory of named stages."""

    def __init__(self):
        self.figures: dict[str, dict[str, float]] = {}

    @contextlib.contextmanager
    def stage(self, name: str):
        """Time the body of a `with` block as stage `name`."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.figures[name] = {
                "cpu_s": round(time.process_time() - cpu, 3),
                "wall_s": round(time.perf_counter() - wall, 3),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }

    def timed(self, name_of, function):
        """`function` wrapped so that every call is timed as stage `name_of(*args)`."""

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with self.stage(name_of(*args)):
                return function(*args, **kwargs)

        return wrapper


def record_files(project: Project) -> list[Path]:
    """Every record file, programmes then cases, sorted."""
    return [p for kind in KINDS for p in sorted(project.record_dir(kind).glob("*.yaml"))]


def core(project: Project, out: Path, strict: bool) -> dict:
    """Load, validate, render and write; validate = `pipeline.check` less the separate load pass."""
    clock = Clock()
    files = record_files(project)
    with clock.stage("load"):
        for path in files:
            load_file(path, project.display(path))
    with clock.stage("check"):
        catalogue, strings = pipeline.check(project)
    with clock.stage("render"):
        tree = render_catalogue(project, catalogue, strings)
    shutil.rmtree(project.generated_dir, ignore_errors=True)
    with clock.stage("write"):
        pipeline.write_tree(project.generated_dir, tree)
    check, load = clock.figures.pop("check"), clock.figures["load"]
    clock.figures["validate"] = {
        "cpu_s": round(max(check["cpu_s"] - load["cpu_s"], 0), 3),
        "wall_s": round(max(check["wall_s"] - load["wall_s"], 0), 3),
        "peak_mb": check["peak_mb"],
    }
    return {
        "stages": clock.figures,
        "records": len(files),
        "generated_files": len(tree),
        "generated_bytes": sum(map(len, tree.values())),
    }


def warm(project: Project, out: Path, strict: bool) -> dict:
    """Validate and render again with the build cache that an earlier build left (nothing changed)."""
    return _cached_core(project)


def warm_one_change(project: Project, out: Path, strict: bool) -> dict:
    """Change the name of one programme, then validate and render with the build cache."""
    _rename_one(project)
    return _cached_core(project)


def staged_one_change(project: Project, out: Path, strict: bool) -> dict:
    """As a `make serve` rebuild: one programme renamed, its pages written first, then the lists, then the rest.

    The first `prepare_staged` of a process writes everything (the build cache kept); the rename follows.
    """
    prepare_staged(project)
    _rename_one(project)
    clock = Clock()
    with clock.stage("record pages"):
        staged = prepare_staged(project)
    if staged is None:
        raise RuntimeError("the staged rebuild wrote everything at once: expected the record pages first")
    with clock.stage("lists"):
        staged.write_lists()
    with clock.stage("finders and open data"):  # the search fields included
        staged.write_fields()
        staged.finish()
    return {"stages": clock.figures}


def _rename_one(project: Project) -> None:
    """Put a word before the Korean name of the first programme."""
    path = record_files(project)[0]
    text = path.read_text("utf-8")
    marker = "name:\n  ko: "
    if marker not in text:
        raise RuntimeError(f"{path.name}: expected a name with Korean text to change")
    path.write_text(text.replace(marker, marker + "바뀐 ", 1), "utf-8")


def _cached_core(project: Project) -> dict:
    clock = Clock()
    with clock.stage("cached"):
        cache = BuildCache.for_project(project)
        catalogue, strings = pipeline.check(project, cache)
        Renderer(project, catalogue, strings, None, cache).render_all()
    cache.save()
    return {"stages": clock.figures, "pages_reused": cache.hits, "pages_rendered": cache.misses}


def whole(project: Project, out: Path, strict: bool) -> dict:
    """`build_site` from a cold start (no generated tree, no site, no build cache), timing its parts."""
    shutil.rmtree(project.root / ".cache", ignore_errors=True)
    return whole_with_cache(project, out, strict)


def whole_with_cache(project: Project, out: Path, strict: bool) -> dict:
    """`build_site` as CI runs it with a kept build cache: a fresh checkout (no generated tree, no site)."""
    shutil.rmtree(project.generated_dir, ignore_errors=True)
    shutil.rmtree(project.site_dir, ignore_errors=True)
    clock = Clock()
    with clock.stage("whole"):
        mkdocs_adapter.build_site(project, strict=strict)
    # The steps of the build, wall-clock seconds, as the build took them (some in its child processes).
    return {"stages": clock.figures, "laps": dict(parallel.LAST_LAPS)}


def language(lang: str):
    """The stage that builds one language alone from the already generated tree."""

    def run(project: Project, out: Path, strict: bool) -> dict:
        pipeline.PREPARED.add(project.root)  # the tree is there: the hook must not render it again
        config = project.root / "mkdocs.yml" if lang == "ko" else project.config_dir / "mkdocs.en.yml"
        target = project.root / ".bench-site" / lang
        shutil.rmtree(target, ignore_errors=True)
        clock = Clock()
        with clock.stage(f"build_{lang}"):
            mkdocs_adapter.build_language(config, target, strict=strict)
        shutil.rmtree(target, ignore_errors=True)
        return {"stages": clock.figures}

    return run


def profile(project: Project, out: Path, strict: bool) -> dict:
    """cProfile of `pipeline.check` and `render_catalogue`; the top functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    catalogue, strings = pipeline.check(project)
    render_catalogue(project, catalogue, strings)
    profiler.disable()
    profiler.dump_stats(out / "profile.pstats")
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    rows = []
    for (file, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():
        where = "/".join(Path(file).parts[-2:]) if file != "~" else "builtin"
        rows.append(
            {
                "function": f"{where}:{line}({name})",
                "calls": calls,
                "tottime_s": round(tottime, 3),
                "cumtime_s": round(cumtime, 3),
            }
        )
    by_cum = sorted(rows, key=lambda r: -r["cumtime_s"])[:PROFILE_TOP]
    by_own = sorted(rows, key=lambda r: -r["tottime_s"])[:PROFILE_TOP]
    return {"total_s": round(total, 3), "by_cumulative": by_cum, "by_own_time": by_own}


STAGES = {
    "core": core,
    "whole": whole,
    "whole-with-cache": whole_with_cache,
    "warm": warm,
    "warm-one-change": warm_one_change,
    "staged-one-change": staged_one_change,
    "language-ko": language("ko"),
    "language-en": language("en"),
    "profile": profile,
}


def main() -> int:
    """Run one stage and write its figures."""
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("root", type=Path, help="the synthetic project")
    parser.add_argument("result", type=Path, help="where to write the figures (JSON)")
    parser.add_argument("--cpu", type=int, help="pin this process to one CPU")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help="let MkDocs warnings pass")
    args = parser.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    figures = STAGES[args.stage](Project(args.root.resolve()), args.result.parent, args.strict)
    args.result.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
