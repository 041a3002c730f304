"""`python -m generator links`: check every address in the records; report dead and redirected ones.

Every `url` of every record (sources, links, application, contact, calls) is collected with
its file position, read from the files themselves like `report`, so it works while a record
still has errors. Each address is asked once with HEAD (then GET, for servers that refuse HEAD),
a few at a time, within a deadline per address, and never retried. Only http and https are
asked, and only public hosts, at every redirect (see `probe`): a refused one is reported, never
connected to. The report is printed whatever the servers do: an address still unanswered when
every worker's time is up is reported as such.
"""

from __future__ import annotations

import dataclasses
import math
import queue
import threading
import time
from collections.abc import Iterable, Iterator

from ..diagnostics import Diagnostic, field_path, printable
from ..project import KINDS, Project
from ..records.load import LoadedFile, LoadError, load_file
from .probe import DEFAULT_LIMITS, USER_AGENT, Answer, Limits, ask
from .report import markdown_text

__all__ = ["USER_AGENT", "Limits", "LinkResult", "check_links", "collect_links", "format_links"]
WORKERS = 4


@dataclasses.dataclass(frozen=True)
class LinkResult:
    """One address, where the records use it, and what asking for it gave."""

    url: str
    places: tuple[Diagnostic, ...]
    problem: str = ""  # why it is dead: an HTTP status or a network error; empty when it answered
    target: str = ""  # where it redirects to, when it does
    refused: bool = False  # not asked: its host, or a redirect's, is not public

    @property
    def dead(self) -> bool:
        """True when the address gave an error status or no answer, or was refused."""
        return bool(self.problem)


def collect_links(project: Project) -> dict[str, list[Diagnostic]]:
    """Every address in the records, with the `path:line:col: field` of each use (unreadable files skipped)."""
    found: dict[str, list[Diagnostic]] = {}
    for kind in KINDS:
        folder = project.record_dir(kind)
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            try:
                loaded = load_file(path, project.display(path))
            except LoadError:
                continue  # `validate` and `report` say why
            for url, place in _urls(loaded, loaded.data, ()):
                found.setdefault(url, []).append(place)
    return found


def _urls(loaded: LoadedFile, value, path: tuple) -> Iterator[tuple[str, Diagnostic]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "url" and isinstance(child, str) and child.strip():
                line, col = loaded.position(path + (key,))
                yield child.strip(), Diagnostic(loaded.path, line, col, field_path(path + (key,)), child.strip())
            else:
                yield from _urls(loaded, child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _urls(loaded, child, path + (index,))


def check_links(links: dict[str, list[Diagnostic]], limits: Limits = DEFAULT_LIMITS) -> list[LinkResult]:
    """Ask for every address, a few at a time; the results in the order of the addresses.

    Each address keeps to its deadline (`probe`); should one not, the workers are waited for no
    longer than every address's deadline allows, and what is left is reported as unanswered.
    """
    urls = sorted(links)
    answers: dict[str, Answer] = {}
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in urls:
        todo.put(url)

    def work() -> None:
        while True:
            try:
                url = todo.get_nowait()
            except queue.Empty:
                return
            answers[url] = ask(url, limits)

    workers = [threading.Thread(target=work, daemon=True) for _ in range(min(WORKERS, len(urls)))]
    for worker in workers:
        worker.start()
    ends = time.monotonic() + limits.deadline * (math.ceil(len(urls) / WORKERS) + 1)
    for worker in workers:
        worker.join(max(0.0, ends - time.monotonic()))
    late = Answer(f"no answer within {limits.deadline:g} s")
    return [
        LinkResult(url, tuple(links[url]), answer.problem, answer.target, answer.refused)
        for url in urls
        for answer in (answers.get(url, late),)
    ]


def _groups(results: Iterable[LinkResult]) -> tuple[list[LinkResult], list[LinkResult], list[LinkResult]]:
    results = list(results)
    dead = [r for r in results if r.dead and not r.refused]
    return dead, [r for r in results if r.refused], [r for r in results if r.target and not r.dead]


def _summary(results: list[LinkResult]) -> str:
    dead, refused, moved = _groups(results)
    return (
        f"{len(results)} addresses checked: {len(dead)} dead, {len(refused)} refused (not public), "
        f"{len(moved)} redirected."
    )


def format_links(results: list[LinkResult]) -> str:
    """The check as plain text: dead links, then redirected ones, each with every place it is used."""
    dead, refused, moved = _groups(results)
    lines = []
    for title, group, say in (
        ("Dead links:", dead, lambda r: r.problem),
        ("Refused links (the host is not public; never connected to):", refused, lambda r: r.problem),
        ("Redirected links (write the new address):", moved, lambda r: f"now {r.target}"),
    ):
        if group:
            lines.append(title)
            lines += [
                printable(f"  {p.path}:{p.line}:{p.column}: {p.field}: {r.url}: {say(r)}")
                for r in group
                for p in r.places
            ]
            lines.append("")
    lines.append(_summary(results))
    return "\n".join(lines)


def format_links_markdown(results: list[LinkResult]) -> str:
    """The check as Markdown for a workflow's job summary."""
    dead, refused, moved = _groups(results)
    lines = ["## Link check", ""]
    for title, group, say in (
        ("Dead links", dead, lambda r: r.problem),
        ("Refused links (not public, never connected to)", refused, lambda r: r.problem),
        ("Redirected links", moved, lambda r: f"now {r.target}"),
    ):
        if group:
            lines += [f"### {title} ({len(group)})", ""]
            lines += [
                f"- `{p.path}:{p.line}:{p.column}` {markdown_text(p.field)}: {markdown_text(r.url)}: "
                f"{markdown_text(say(r))}"
                for r in group
                for p in r.places
            ]
            lines.append("")
    lines.append(_summary(results))
    return "\n".join(lines)
