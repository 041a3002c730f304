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
    """upcoming, open or closed for a dated call or one with cut-offs (open until its last deadline);
    a rolling call is open while its programme is shown as running (else unknown); an
    invitation-only call is `invitation`."""
    if call.mode == "invitation":
        return INVITATION
    if call.mode == "rolling":
        return OPEN if running else UNKNOWN
    if call.opens and datetime.date.fromisoformat(call.opens) > today:
        return UPCOMING
    last = call.deadlines[-1] if call.deadlines else None
    return CLOSED if last and datetime.date.fromisoformat(last) < today else OPEN


def next_close(call: Call, today: datetime.date) -> str | None:
    """The first deadline of a call on or after `today` (its next cut-off, or its close), if any."""
    return next((day for day in call.deadlines if day >= today.isoformat()), None)


def days_left(day: str, today: datetime.date) -> int:
    """Days from `today` to a date: 0 on the day itself (D-0 / D-day)."""
    return (datetime.date.fromisoformat(day) - today).days


def next_deadline(program: Program, today: datetime.date) -> Call | None:
    """The dated call (or call with cut-offs) of a programme whose next deadline is soonest on or after `today`."""
    coming = [(day, c.id, c) for c in program.calls if c.mode in DATED and (day := next_close(c, today))]
    return min(coming, key=lambda found: found[:2])[2] if coming else None


#: The modes of a call with closing dates.
DATED = ("dated", "cutoffs")


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
    limit: "last known running in <year>"), planned, ended or unknown. `as_of` is the date of record
    (`record_date`: the status date, or a newer date of one of its calls).
    """

    state: str
    as_of: str | None

    @property
    def year(self) -> str | None:
        """The year of the status date, for "last known running in 2013"."""
        return self.as_of[:4] if self.as_of else None


def running_status(program: Program, today: datetime.date, years: int) -> RunningStatus:
    """The status of a programme at `today`, with the freshness limit of `years`."""
    status, as_of = program.status, record_date(program, today)
    if status.value == "active":
        state = "running" if is_current(as_of, today, years) else "last-known-running"
        return RunningStatus(state, as_of)
    return RunningStatus(status.value, as_of)


def newest_source_date(record: Program | Case) -> str | None:
    """The latest date among a record's sources (publication date, else none), as written."""
    dates = [s.date for s in record.sources if s.date]
    return max(dates, key=period_end, default=None)


def evidence_date(record: Program | Case, today: datetime.date) -> str | None:
    """The date a record's page is as of: a programme's date of record, a case's newest source date."""
    return record_date(record, today) if isinstance(record, Program) else newest_source_date(record)


def is_stale(record: Program | Case, today: datetime.date, years: int) -> bool:
    """True when the record's date (`evidence_date`) is older than the limit (the page opens with a notice)."""
    return not is_current(evidence_date(record, today), today, years)


def open_now(program: Program, today: datetime.date, years: int) -> bool:
    """True when a call of the programme is open at `today` (a rolling call while it is shown as running)."""
    running = running_status(program, today, years).state == "running"
    return any(call_status(call, today, running) == OPEN for call in program.calls)


def record_date(program: Program, today: datetime.date) -> str | None:
    """A programme's one date of record: its newest evidence of running (status date, dates of its calls up to
    `today`), else its newest source date. The page's old-information notice and its status line both read it,
    so they cannot disagree (issue 19)."""
    dates = [program.status.as_of] if program.status.as_of else []
    for call in program.calls:
        dates += [min(day, today.isoformat()) for day in (*call.deadlines, *((call.opens,) if call.opens else ()))]
    return max(dates, key=period_end, default=None) or newest_source_date(program)


#: What `program_state` returns, in the order a list sorted by state shows them.
STATES = ("open", "upcoming", "rolling", "invitation", "running", "planned", "closed", "last-known", "unknown", "ended")


@dataclass(frozen=True)
class ProgramState:
    """How a programme can be applied to at the build date, derived from its calls, status and evidence.

    `state` is one of STATES: open (until `date`, the next deadline of `call`), upcoming (opens on `date`),
    rolling, invitation, running (no call known: apply as its application route says), planned, closed
    (the last deadline was `date`), last-known (running in the year of `evidence`, older than the freshness
    limit), unknown or ended. `evidence` is the programme's date of record (`record_date`).
    """

    state: str
    evidence: str | None = None
    date: str | None = None
    call: Call | None = None

    @property
    def year(self) -> str | None:
        """The year of the date of record, for "last known running in 2013"."""
        return self.evidence[:4] if self.evidence else None


def _newest_first(call) -> tuple:
    """How new a call's evidence is: its newest source date, then its opening date, then its id."""
    return (max((s.date or "" for s in call.sources), default=""), call.opens or "", call.id)


def program_state(program: Program, today: datetime.date, years: int) -> ProgramState:
    """The state of a programme at `today`: an open or announced call first, then the freshness limit."""
    evidence = record_date(program, today)
    if program.status.value == "ended":
        return ProgramState("ended", evidence)
    if (call := next_deadline(program, today)) and call_status(call, today) == OPEN:
        return ProgramState("open", evidence, next_close(call, today), call)
    coming = sorted((c.opens, c.id, c) for c in program.calls if c.opens and call_status(c, today) == UPCOMING)
    if coming:
        return ProgramState("upcoming", evidence, coming[0][0], coming[0][2])
    if not is_current(evidence, today, years):
        return ProgramState("last-known" if program.status.value == "active" else "unknown", evidence)
    if program.status.value in ("planned", "unknown"):
        return ProgramState(program.status.value, evidence)
    for mode in ("rolling", "invitation"):
        if found := [c for c in program.calls if c.mode == mode]:  # the newest intake speaks for the programme
            return ProgramState(mode, evidence, None, max(found, key=_newest_first))
    closed = [day for c in program.calls for day in c.deadlines]
    return ProgramState("closed", evidence, max(closed)) if closed else ProgramState("running", evidence)
