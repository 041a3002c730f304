"""The harvest at scale: 20,000 generated notices mapped and written, then the same harvest again.

    python -m bench.harvest_bench [--notices 20000] [--cpu N] [--seed 1]

Generates Bizinfo and K-Startup payloads in their documented shapes (pages of 1,000 notices; every
twentieth K-Startup announcement repeats a Bizinfo notice, so the merge has work), harvests them from
the files into a copy of the project pinned to one CPU, and harvests them again. It prints the seconds
of the first run against the goal (issue 20: under 20 s on one core) and the files the second run wrote
(the goal: none). It reports; it never fails because a goal is missed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from .goals import HARVEST_S

REPO = Path(__file__).resolve().parent.parent
PAGE = 1000
TODAY = datetime.date(2026, 12, 7)


def _bizinfo_item(n: int, rng: random.Random) -> dict:
    start = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
    end = start + datetime.timedelta(days=rng.randrange(5, 60))
    period = rng.choice([f"{start} ~ {end}", f"{start:%Y%m%d} ~ {end:%Y%m%d}", "상시", "예산 소진시까지", "추후 공지"])
    return {
        "pblancId": f"PBLN_{n:015d}",
        "pblancNm": f"2026년 합성 지원사업 {n}호 공고",
        "pblancUrl": f"/sii/siia/selectSIIA200Detail.do?pblancId=PBLN_{n:015d}",
        "jrsdInsttNm": "중소벤처기업부",
        "excInsttNm": rng.choice(["중소벤처기업진흥공단", "창업진흥원", f"합성기관 {n % 50}"]),
        "bsnsSumryCn": "<p>합성 요약</p>",
        "pldirSportRealmLclasCodeNm": rng.choice(["금융", "기술", "수출", "창업"]),
        "reqstBeginEndDe": period,
        "hashtags": ",".join(rng.sample(["서울", "부산", "대구", "경기", "강원", "제주"], 2)),
        "creatPnttm": f"{start} 09:00:00",
        "updtPnttm": f"{start} 10:00:00",
        "totCnt": 0,
    }


def _kstartup_item(n: int, rng: random.Random, twin: dict | None) -> dict:
    start = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
    end = start + datetime.timedelta(days=rng.randrange(5, 60))
    if twin and "~" in twin["reqstBeginEndDe"]:
        start, end = (datetime.date.fromisoformat(_iso(d.strip())) for d in twin["reqstBeginEndDe"].split("~"))
    return {
        "pbanc_sn": 200000 + n,
        "biz_pbanc_nm": twin["pblancNm"] if twin else f"2026 합성 창업 공고 {n}",
        "intg_pbanc_biz_nm": rng.choice(["", "창업성장기술개발"]),
        "supt_biz_clsfc": "사업화",
        "supt_regin": "서울",
        "pbanc_rcpt_bgng_dt": f"{start:%Y%m%d}",
        "pbanc_rcpt_end_dt": f"{end:%Y%m%d}",
        "pbanc_ntrp_nm": "창업진흥원",
        "detl_pg_url": f"https://www.k-startup.go.kr/web/contents/bizpbanc-ongoing.do?pbancSn={200000 + n}",
        "rcrt_prgs_yn": "Y",
    }


def _iso(text: str) -> str:
    digits = text.replace("-", "")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def write_payloads(folder: Path, notices: int, seed: int) -> dict[str, list[Path]]:
    """Pages of generated Bizinfo and K-Startup answers (60 % and 40 % of `notices`), by source."""
    rng = random.Random(seed)
    biz = [_bizinfo_item(n, rng) for n in range(notices * 3 // 5)]
    kst = [_kstartup_item(n, rng, biz[n] if n % 20 == 0 and n < len(biz) else None) for n in range(notices - len(biz))]
    pages: dict[str, list[Path]] = {"bizinfo": [], "kstartup": []}
    for source, items, wrap in (
        ("bizinfo", biz, lambda chunk: {"jsonArray": chunk}),
        ("kstartup", kst, lambda chunk: {"match_count": len(kst), "page": 1, "per_page": PAGE, "data": chunk}),
    ):
        for start in range(0, len(items), PAGE):
            path = folder / f"{source}-{start // PAGE:03d}.json"
            path.write_text(json.dumps(wrap(items[start : start + PAGE]), ensure_ascii=False), "utf-8")
            pages[source].append(path)
    return pages


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_ino) for p in (root / "calls").rglob("*") if p.is_file()}


def measure(notices: int, seed: int, work: Path) -> dict:
    """Seconds of the first harvest (wall and CPU), then the second one's seconds and files written."""
    from generator.harvest.run import Options, harvest
    from generator.project import copy_project

    project = copy_project(work / "project", REPO)
    pages = write_payloads(work, notices, seed)

    def both():
        payloads = {source: tuple(paths) for source, paths in pages.items()}
        harvest(project, ["kstartup", "bizinfo"], Options(TODAY, payloads=payloads), env={})

    wall, cpu = time.perf_counter(), time.process_time()
    both()
    first = {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}
    first["calls"] = sum(1 for p in (project.root / "calls").rglob("*.yaml") if not p.name.startswith("_"))
    before = _files(project.root)
    wall = time.perf_counter()
    both()
    after = _files(project.root)
    second = {"wall_s": round(time.perf_counter() - wall, 2)}
    second["files_written"] = sum(1 for name, stamp in after.items() if before.get(name) != stamp)
    return {"notices": notices, "first": first, "second": second}


def report(figures: dict) -> str:
    """Both figures beside their goals."""
    first, second = figures["first"], figures["second"]
    met = "met" if first["wall_s"] < HARVEST_S else "missed"
    again = "met" if second["files_written"] == 0 else "missed"
    return "\n".join(
        [
            f"| harvest of {figures['notices']:,} notices | figure | goal | |",
            "|---|---:|---:|---|",
            f"| first run: map and write ({first['calls']:,} calls), one core | {first['wall_s']} s "
            f"(CPU {first['cpu_s']} s) | < {HARVEST_S:g} s | {met} |",
            f"| second run, nothing changed: files written | {second['files_written']} ({second['wall_s']} s) "
            f"| 0 | {again} |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Generate, harvest twice, print the table."""
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=20_000, help="how many notices (default 20,000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated notices")
    parser.add_argument("--cpu", type=int, help="the CPU to pin to (default: the last allowed)")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu if args.cpu is not None else max(os.sched_getaffinity(0))})
    work = Path(tempfile.mkdtemp(prefix="smekb-harvest-bench-"))
    try:
        print(report(measure(args.notices, args.seed, work)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
