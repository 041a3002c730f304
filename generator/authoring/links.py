"""`python -m generator links`: check every address in the records; report dead and redirected ones.

Every `url` of every record (sources, links, application, contact, calls) is collected with
its file position, read from the files themselves like `report`, so it works while a record
still has errors. Each address is asked once with HEAD (then GET, for servers that refuse HEAD),
with a timeout and a few requests at a time, and never retried. Only http and https are asked.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator

from ..diagnostics import Diagnostic, field_path, printable
from ..project import KINDS, Project
from ..records.load import LoadedFile, LoadError, load_file
from .report import markdown_text

TIMEOUT = 20
WORKERS = 4
USER_AGENT = "sme-kb-linkcheck/1 (the link check of the SME support knowledge base)"


@dataclasses.dataclass(frozen=True)
class LinkResult:
    """One address, where the records use it, and what asking for it gave."""

    url: str
    places: tuple[Diagnostic, ...]
    problem: str = ""  # why it is dead: an HTTP status or a network error; empty when it answered
    target: str = ""  # where it redirects to, when it does

    @property
    def dead(self) -> bool:
        """True when the address gave an error status or no answer."""
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


def check_links(links: dict[str, list[Diagnostic]], timeout: float = TIMEOUT) -> list[LinkResult]:
    """Ask for every address, a few at a time; the results in the order of the addresses."""
    urls = sorted(links)
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(lambda url: check_url(url, timeout), urls))
    return [
        LinkResult(url, tuple(links[url]), problem, target)
        for url, (problem, target) in zip(urls, answers, strict=True)
    ]


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follow a redirect with the same method (urllib turns HEAD into GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


_OPENER = urllib.request.OpenerDirector()
for _handler in (
    urllib.request.HTTPHandler(),
    urllib.request.HTTPSHandler(),
    _KeepMethod(),
    urllib.request.HTTPErrorProcessor(),
    urllib.request.HTTPDefaultErrorHandler(),
):
    _OPENER.add_handler(_handler)


def check_url(url: str, timeout: float = TIMEOUT) -> tuple[str, str]:
    """(problem, redirect target) for one address: ("", "") when it answers where it is."""
    if not url.lower().startswith(("https://", "http://")):
        return "not an http or https address", ""
    try:
        final = _ask(url, "HEAD", timeout)
    except urllib.error.HTTPError:
        try:
            final = _ask(url, "GET", timeout)  # some servers refuse HEAD but serve the page
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return _problem(exc), ""
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return _problem(exc), ""
    return "", (final if final != url else "")


def _ask(url: str, method: str, timeout: float) -> str:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with _OPENER.open(request, timeout=timeout) as response:
        return response.geturl()


def _problem(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}".strip()
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    return f"no answer: {reason}"


def _groups(results: Iterable[LinkResult]) -> tuple[list[LinkResult], list[LinkResult]]:
    results = list(results)
    return [r for r in results if r.dead], [r for r in results if r.target and not r.dead]


def format_links(results: list[LinkResult]) -> str:
    """The check as plain text: dead links, then redirected ones, each with every place it is used."""
    dead, moved = _groups(results)
    lines = []
    for title, group, say in (
        ("Dead links:", dead, lambda r: r.problem),
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
    lines.append(f"{len(results)} addresses checked: {len(dead)} dead, {len(moved)} redirected.")
    return "\n".join(lines)


def format_links_markdown(results: list[LinkResult]) -> str:
    """The check as Markdown for a workflow's job summary."""
    dead, moved = _groups(results)
    lines = ["## Link check", ""]
    for title, group, say in (
        ("Dead links", dead, lambda r: r.problem),
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
    lines.append(f"{len(results)} addresses checked: {len(dead)} dead, {len(moved)} redirected.")
    return "\n".join(lines)
