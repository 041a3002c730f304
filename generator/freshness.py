"""How current a record is, derived against the build date: call status, next deadline,
running status with the freshness limit, newest source date, and the build date itself.

These are the helpers the pages use (issue 9); none of them reads the clock except `build_date`.
"""

from __future__ import annotations

import calendar
import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .build_time import epoch_from_env
from .facts import Call
from .model import Case, Program

#: What `call_status` returns.
UPCOMING, OPEN, CLOSED, INVITATION, UNKNOWN = "upcoming", "open", "closed", "invitation", "unknown"


def build_date(root: Path | None = None) -> datetime.date:
    """The build date: SOURCE_DATE_EPOCH if set, else the last commit's time, else today (UTC)."""
    epoch = epoch_from_env()
    if epoch is None and root is not None and (commit := _last_commit_time(root)).isdigit():
        epoch = int(commit)
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def _last_commit_time(root: Path) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def period_start(value: str) -> datetime.date:
    """The first day a partial date (2013, 2013-02, 2013-02-01) covers."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def period_end(value: str) -> datetime.date:
    """The last day a partial date covers: 2013 -> 2013-12-31, 2013-02 -> 2013-02-28."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    month = parts[1] if len(parts) == 2 else 12
    return datetime.date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def call_status(call: Call, today: datetime.date, running: bool = True) -> str:
    """upcoming, open or closed for a dated call; a rolling call is open while its programme is
    shown as running (else unknown); an invitation-only call is `invitation`."""
    if call.mode == "invitation":
        return INVITATION
    if call.mode == "rolling":
        return OPEN if running else UNKNOWN
    if call.opens and datetime.date.fromisoformat(call.opens) > today:
        return UPCOMING
    return CLOSED if call.closes and datetime.date.fromisoformat(call.closes) < today else OPEN


def next_deadline(program: Program, today: datetime.date) -> Call | None:
    """The dated call of a programme that closes soonest on or after `today`, if any."""
    coming = [c for c in program.calls if c.mode == "dated" and c.closes and c.closes >= today.isoformat()]
    return min(coming, key=lambda c: c.closes or "", default=None)


def is_current(value: str | None, today: datetime.date, years: int) -> bool:
    """True when a partial date is no older than `years` at `today` (its period's last day counts)."""
    if not value:
        return False
    end = period_end(value)
    try:
        limit = end.replace(year=end.year + years)
    except ValueError:  # 29 February
        limit = end.replace(year=end.year + years, day=28)
    return today <= limit


@dataclass(frozen=True)
class RunningStatus:
    """A programme's status as pages show it.

    `state`: running (active and current), last-known-running (active, but older than the
    limit: "last known running in <year>"), planned, ended or unknown. `as_of` is the status date.
    """

    state: str
    as_of: str | None

    @property
    def year(self) -> str | None:
        """The year of the status date, for "last known running in 2013"."""
        return self.as_of[:4] if self.as_of else None


def running_status(program: Program, today: datetime.date, years: int) -> RunningStatus:
    """The status of a programme at `today`, with the freshness limit of `years`."""
    status = program.status
    if status.value == "active":
        state = "running" if is_current(status.as_of, today, years) else "last-known-running"
        return RunningStatus(state, status.as_of)
    return RunningStatus(status.value, status.as_of)


def newest_source_date(record: Program | Case) -> str | None:
    """The latest date among a record's sources (publication date, else none), as written."""
    dates = [s.date for s in record.sources if s.date]
    return max(dates, key=period_end, default=None)


def is_stale(record: Program | Case, today: datetime.date, years: int) -> bool:
    """True when the record's newest source is older than the limit (the page opens with a notice)."""
    return not is_current(newest_source_date(record), today, years)


def open_now(program: Program, today: datetime.date, years: int) -> bool:
    """True when a call of the programme is open at `today` (a rolling call while it is shown as running)."""
    running = running_status(program, today, years).state == "running"
    return any(call_status(call, today, running) == OPEN for call in program.calls)
