"""The peak memory of a process and all its children together, sampled while it runs.

`ru_maxrss` gives each process's own peak: for a build that forks one process per language
it misses that they run at the same time, and it counts memory they share (the forked
catalogue, the pages of the Korean analyser's model) once per process. `TreeMemory` adds up
the proportional set size (PSS: a shared page counts for each process by its share) of the
process and its descendants every `interval` seconds, and keeps the largest sum.
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")


def children_of(pid: int) -> list[int]:
    """Every descendant of `pid` now running."""
    parents: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def pss_mb(pid: int) -> float:
    """The proportional set size of one process in MB (0 if it is gone)."""
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class TreeMemory:
    """Samples the PSS of a process tree in a thread until `stop`; `peak_mb` is the largest sum seen."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval = pid, interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(pss_mb(pid) for pid in [self.pid, *children_of(self.pid)])
            self.peak_mb = max(self.peak_mb, total)
            self._stop.wait(self.interval)

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return round(self.peak_mb, 1)
