"""Work in forked processes, so that a build uses every core; one process when forking is off or impossible.

A `Forked` child starts as a copy of the parent (the checked catalogue, the renderer and the
build cache are there without being sent), runs one function that talks to the parent over a
pipe, and ends. Whatever goes wrong in it reaches the parent as a value, never as a traceback
printed by the child: the function sends its expected failures itself (diagnostics, a build
failure message); anything else is turned into one line, `WorkerFailed`.

A child never outlives the parent (a killed build would leave it holding the build lock, blocked
on its socket): on Linux the kernel kills it when the parent dies (`prctl(PR_SET_PDEATHSIG)`);
elsewhere, and as a second guard, it closes the copies it inherited of the parent's ends of every
pipe, so that a wait on its own ends with EOF when the parent is gone, and a thread of its own ends
it when its parent changes (it was adopted).

`SMEKB_JOBS=1` forces one process (the tests compare that build with the parallel one, byte for
byte); by default as many processes as the work has parts, up to the CPUs this process may use.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from typing import Any

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_ORPHAN_POLL_S = 0.5
#: The parent's ends of the pipes of the children alive, which each child forked after them inherits.
_PARENT_ENDS: set[Connection] = set()


class WorkerFailed(Exception):
    """A forked process failed unexpectedly, or ended without its result."""


def jobs(parts: int) -> int:
    """How many processes to run `parts` pieces of work in (1: in this process)."""
    setting = os.environ.get("SMEKB_JOBS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        wanted = int(setting)
    else:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # the children start as copies of this process; without fork they would start empty
    return max(1, min(parts, wanted))


class Forked:
    """`work(pipe)` running in a forked child process named `name`; the parent talks to it with `send` and `receive`."""

    def __init__(self, name: str, work: Callable[[Connection], None]):
        self.name = name
        context = multiprocessing.get_context("fork")
        self.pipe, theirs = context.Pipe()
        _PARENT_ENDS.add(self.pipe)
        self.process = context.Process(target=_run, args=(work, theirs, os.getpid()), name=name, daemon=True)
        self.process.start()
        theirs.close()

    def send(self, value: Any) -> None:
        """Give the child a value (it may have ended already: then nothing is sent)."""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.pipe.send(value)

    def receive(self) -> Any:
        """The next value the child sent; WorkerFailed if it failed or ended first."""
        try:
            kind, value = self.pipe.recv()
        except (EOFError, ConnectionResetError):
            self.process.join(timeout=5)
            raise WorkerFailed(
                f"{self.name}: the process ended (exit code {self.process.exitcode}) before it finished its work"
            ) from None
        if kind == "failed":
            raise WorkerFailed(f"{self.name}: {value}")
        return value

    def close(self) -> None:
        """Wait for the child to end; stop it if it does not."""
        _PARENT_ENDS.discard(self.pipe)
        self.pipe.close()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


def reply(pipe: Connection, value: Any) -> None:
    """In a child: send a value to the parent."""
    pipe.send(("value", value))


def ready(workers: Iterable[Forked]) -> list[Forked]:
    """The workers that have sent something (or ended), waiting until at least one has."""
    by_pipe = {worker.pipe: worker for worker in workers}
    return [by_pipe[pipe] for pipe in wait(list(by_pipe))]  # type: ignore[index]


def _run(work: Callable[[Connection], None], pipe: Connection, parent: int) -> None:
    """The child's whole life: the work, and anything that escapes it told to the parent in one line."""
    try:
        _die_with_parent()
        for end in _PARENT_ENDS:  # this child's copies: with them open, the parent's death would bring no EOF
            end.close()
        _PARENT_ENDS.clear()
        _watch_parent(parent)
        work(pipe)
    except BaseException as exc:  # anything, so that multiprocessing prints no traceback
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" (at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
        with contextlib.suppress(OSError):
            pipe.send(("failed", f"{type(exc).__name__}: {exc}{where}"))
    finally:
        pipe.close()


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when the parent dies (its death, however it dies)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_parent(parent: int) -> None:
    """End this process as soon as `parent` is no longer its parent (also if it died before this was set up)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_ORPHAN_POLL_S)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
