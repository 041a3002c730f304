"""`python -m generator harvest`: fetch (or read saved payloads), map, cross-check, merge, then write or compare.

Each source stands alone: one that fails part-way (a page missing, a timeout, a 429 or 5xx after
the retries, malformed JSON, an HTML error page) is marked incomplete in its state file and none of
its calls change; the others go on. A run whose count of notices differs from the last good run's
by more than the configured share is reported, not applied (`--accept-count` applies it after a
person has looked). Raw payloads are kept under .cache/harvest/<source>/ (git-ignored): each page,
and each notice's item by the sha256 its call cites.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from pathlib import Path

from . import SOURCES, adapter
from .common import FeedError, Notice
from .http import Client, HarvestHTTPError, Limits
from .mapping import Mapped, load_config, to_call
from .merge import apply_merges, merge_duplicates
from .store import Plan, apply, committed, plan, read_state


@dataclasses.dataclass
class SourceRun:
    """What happened to one source: its notices, calls, held notices, plan and problems."""

    source: str
    problem: str | None = None
    notices: list[Notice] = dataclasses.field(default_factory=list)
    calls: list[Mapped] = dataclasses.field(default_factory=list)
    held: list[dict] = dataclasses.field(default_factory=list)
    merged: list[dict] = dataclasses.field(default_factory=list)
    checks: list[str] = dataclasses.field(default_factory=list)
    plan: Plan | None = None
    written: bool = False
    last_good: dict | None = None

    @property
    def complete(self) -> bool:
        """Whether the feed was read in full and mapped (nothing held back by the count check)."""
        return self.problem is None


@dataclasses.dataclass(frozen=True)
class Options:
    """How a run reads and what it may do."""

    today: datetime.date
    from_files: tuple[Path, ...] = ()
    bulk_file: Path | None = None
    write: bool = True
    accept_count: bool = False
    loopback_for_tests: bool = False
    limits: Limits | None = None
    #: Saved payloads of several sources at once, by source (one run, so Bizinfo and K-Startup merge in it).
    payloads: dict[str, tuple[Path, ...]] | None = None


def harvest(project, sources: list[str], options: Options, env: dict | None = None) -> list[SourceRun]:
    """Harvest `sources` (all of harvest.yaml when empty) into calls/<source>/, or only compare."""
    config = load_config(project.config_dir, _program_ids(project))
    env = os.environ if env is None else env
    names = sources or [s for s in SOURCES if s in config["sources"]]
    runs = [_read(project, name, config, options, env) for name in names]
    by_source = {run.source: run for run in runs}
    merge_duplicates(by_source, project.root / "calls")
    apply_merges(by_source, project.root / "calls")
    for run in runs:
        _plan_and_apply(project, run, config, options)
    return runs


def _program_ids(project) -> set[str]:
    folder = project.root / "programs"
    return {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()


def _read(project, source: str, config: dict, options: Options, env) -> SourceRun:
    run = SourceRun(source)
    settings = {**config["sources"][source], "regions": config.get("regions", {})}
    settings["nationwide_from"] = config.get("nationwide_from", 16)
    module = adapter(source)
    harvested = options.today.isoformat()
    problem = None
    try:
        pages = _payloads(module, settings, options, env)
        cache = project.root / ".cache" / "harvest" / source
        notices = _unique([n for page in pages for n in module.parse(_kept(cache, page), settings)])
        if source == "eu-ft" and options.bulk_file:
            run.checks = module.cross_check(notices, options.bulk_file.read_bytes(), harvested)
    except (HarvestHTTPError, FeedError, OSError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        run.problem = problem
        return run
    run.notices = notices
    operators = config.get("operators", {})
    for notice in notices:
        _keep_item(cache, notice)
        if notice.period.mode is None:
            run.held.append(_held(notice))
        else:
            run.calls.append(to_call(notice, settings, operators, harvested))
    return run


def _payloads(module, settings: dict, options: Options, env) -> list[bytes]:
    files = options.payloads.get(module.SOURCE, ()) if options.payloads else options.from_files
    if files:
        return [path.read_bytes() for path in files]
    key = None
    if module.KEY_ENV:
        key = env.get(module.KEY_ENV, "")
        if not key:
            raise FeedError(f"{module.KEY_ENV} is not set; this source needs its key in the environment")
    client = Client(options.limits, [key] if key else [], loopback_for_tests=options.loopback_for_tests)
    return list(module.fetch(client, settings, key))


def _kept(cache: Path, payload: bytes) -> bytes:
    import hashlib

    name = hashlib.sha256(payload).hexdigest()
    path = cache / "pages" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    return payload


def _keep_item(cache: Path, notice: Notice) -> None:
    path = cache / "items" / f"{notice.sha256}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(notice.raw)


def _unique(notices: list[Notice]) -> list[Notice]:
    """Each external id once (pages that overlap repeat a notice), in the feed's order."""
    seen: dict[str, Notice] = {}
    for notice in notices:
        seen.setdefault(notice.external_id, notice)
    return list(seen.values())


def _held(notice: Notice) -> dict:
    entry = {"external_id": notice.external_id, "title": notice.title, "reason": notice.period.undated}
    if notice.url:
        entry["url"] = notice.url
    return entry


def _plan_and_apply(project, run: SourceRun, config: dict, options: Options) -> None:
    folder = project.root / "calls" / run.source
    state = read_state(folder)
    run.last_good = state.get("last_good")
    today = options.today.isoformat()
    if run.complete:
        run.problem = _count_problem(run, state, config, options)
    if run.complete:
        run.plan = plan(run.source, run.calls, committed(folder))
        for entry in run.merged:
            run.plan.drop(f"{entry['call']}.yaml")
    if not options.write:
        return
    attempt = {"date": today, "complete": run.complete}
    if run.problem:
        attempt["problem"] = run.problem
        state = {**_base_state(run.source, state), "last_attempt": attempt}
        from .store import write_state

        write_state(folder, state)  # the calls stay as they were
        return
    new_state = {
        "source": run.source,
        "last_good": {"date": today, "notices": len(run.notices), "calls": len(run.calls)},
        "last_attempt": attempt,
        "held": run.held,
        "merged": run.merged,
    }
    run.written = apply(folder, run.plan, new_state)
    run.last_good = new_state["last_good"]


def _base_state(source: str, state: dict) -> dict:
    return {"source": source, **{k: v for k, v in state.items() if k not in ("source", "last_attempt")}}


def _count_problem(run: SourceRun, state: dict, config: dict, options: Options) -> str | None:
    before = (state.get("last_good") or {}).get("notices")
    share = config["sources"][run.source].get("count_tolerance", config.get("count_tolerance", 0.25))
    if not before or options.accept_count:
        return None
    if abs(len(run.notices) - before) > share * before:
        return (
            f"{len(run.notices)} notices against {before} at the last good harvest, a change of more than "
            f"{share:.0%}; not applied (check the feed, then run again with --accept-count)"
        )
    return None
