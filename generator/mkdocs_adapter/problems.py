"""The error page of `make serve`: a rebuild that fails on the records shows their problems in the browser.

MkDocs' LiveReloadServer holds every page request while a rebuild runs, and when the rebuild raises
it goes on holding them until one succeeds (its build loop never marks the failed one done): the
browser waited, and the problems showed only in the terminal. So, under serve, the hook writes an
error page for each language into the served folder before it raises (`show_problems`), and
`serve_problems` (from `on_serve`) wraps the server's builder and its WSGI application:

- a rebuild that failed on the records counts as done, so the server answers at once and its
  livereload script reloads every open page;
- until a rebuild succeeds, a request for a page (a path ending in `/` or `.html`) is answered with
  the error page of that page's language, which the server serves as it serves any page, with its
  livereload script (so the next rebuild reloads it again); other files are served as they were;
- the next rebuild whose records pass removes the error pages (`clear_problems`), and the pages show.

The served folder keeps the last good site throughout, and `build` still fails on the same problems.
"""

from __future__ import annotations

import dataclasses
import html
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger

from .. import pipeline
from ..cache import BuildCache
from ..diagnostics import ContentError, printable
from ..folders import FolderProblem
from ..project import Project
from ..texts import current_language, say, speaking

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

#: The folder of the served site that holds the error pages, one per language (`ko.html`, `en.html`).
FOLDER = ".kb-problems"

log = get_plugin_logger("preview")


@dataclasses.dataclass
class _Shown:
    """The error pages now served, and how many times a rebuild has shown problems."""

    pages: dict[str, str]  # URL prefix of a language under the served root ("", "en/") -> its error page's path
    count: int = 0  # the builder compares it before and after a rebuild: did that one fail on the records?


_SHOWN = _Shown({})

#: Nothing from anywhere, but its own style, the server's livereload script (inline) and its polls (this host).
_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'"
)

_STYLE = """
:root { color-scheme: light dark; --kb-primary: #4051b5; --kb-bg: #fff; --kb-fg: rgba(0, 0, 0, .87);
  --kb-code: #f5f5f5; }
@media (prefers-color-scheme: dark) { :root { --kb-bg: #1e2129; --kb-fg: #e2e4e9; --kb-code: #2b2f3a; } }
html[lang="ko"] body { word-break: keep-all; overflow-wrap: break-word; }
body { margin: 0; background: var(--kb-bg); color: var(--kb-fg); line-height: 1.6;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans KR", "Noto Sans CJK KR", sans-serif; }
header { background: var(--kb-primary); color: #fff; padding: .8rem 1.2rem; }
header h1 { margin: 0; font-size: 1.2rem; font-weight: 500; }
main { max-width: 61rem; margin: 0 auto; padding: 1rem 1.2rem 2rem; }
ol { padding-left: 1.6rem; }
li { margin: .4rem 0; }
code { display: block; padding: .4rem .6rem; background: var(--kb-code); border-radius: .1rem;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK KR", monospace;
  font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
"""


def problem_page(code: str, error: ContentError | FolderProblem) -> bytes:
    """The error page in the language `code`: what stopped the rebuild, then each problem on a line of its own.

    Every text is escaped: the problems quote what the records hold.
    """
    with speaking(code):
        title = say("preview_problems_title")
        if isinstance(error, ContentError):
            lines = [d.format() for d in error.diagnostics]
            found = say("problems_found_one" if len(lines) == 1 else "problems_found", count=len(lines))
            intro = [say("preview_problems_intro"), found]
        else:
            lines, intro = [printable(str(error))], [say("preview_folder_intro")]
    items = "\n".join(f"<li><code>{_text(line)}</code></li>" for line in lines)
    paragraphs = "\n".join(f"<p>{_text(text)}</p>" for text in intro)
    return (
        f'<!doctype html>\n<html lang="{_text(code)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        f"<title>{_text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_text(title)}</h1></header>\n<main>\n{paragraphs}\n<ol>\n{items}\n</ol>\n</main>\n"
        "</body>\n</html>\n"
    ).encode()


def in_language(project: Project, error: ContentError | FolderProblem, code: str) -> ContentError | FolderProblem:
    """The records' problems with their messages in `code`: the records are checked again in it, if need be.

    The error as it was when it is in that language already, is not about the records, or when the
    check passes now (the problem was in rendering, or was fixed meanwhile).
    """
    if not isinstance(error, ContentError) or code == current_language():
        return error
    with speaking(code):
        try:
            pipeline.check(project, BuildCache.for_project(project))
        except ContentError as again:
            return again
    return error


def show_problems(
    project: Project, error: ContentError | FolderProblem, site_dir: Path, languages: dict[str, str]
) -> None:
    """Write the error page of each language into `site_dir` and serve it for that language's pages.

    `languages` gives the URL prefix of each language's pages under `site_dir` ("" or "en/") and its code.
    """
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pages = {}
    for prefix, code in languages.items():
        path = folder / f"{code}.html"
        staging = path.with_name(f".{code}.html.new")
        staging.write_bytes(problem_page(code, in_language(project, error, code)))
        os.replace(staging, path)  # a request never reads half a page
        pages[prefix] = f"{FOLDER}/{code}.html"
    _SHOWN.pages = dict(sorted(pages.items(), key=lambda item: -len(item[0])))  # the longest prefix first
    _SHOWN.count += 1


def clear_problems(site_dir: Path) -> None:
    """The records pass again: serve the pages, and remove the error pages."""
    _SHOWN.pages = {}
    shutil.rmtree(site_dir / FOLDER, ignore_errors=True)


def problem_path(path: str, mount: str) -> str | None:
    """The error page to answer a request for `path` with (under the server's mount path), or None: serve it."""
    pages = _SHOWN.pages
    if not pages or not path.startswith(mount):
        return None
    within = path[len(mount) :]
    if within and not within.endswith(("/", ".html")):
        return None  # a style, script, image or data file
    return next((mount + page for prefix, page in pages.items() if within.startswith(prefix)), None)


def serve_problems(server: LiveReloadServer) -> None:
    """Have `server` take a rebuild that failed on the records as done, and answer page requests with the error page."""
    build, app = server.builder, server.get_app()

    def builder(*args: object, **kwargs: object) -> None:
        shown = _SHOWN.count
        try:
            build(*args, **kwargs)
        except Exception:
            if _SHOWN.count == shown:  # not the records: MkDocs reports it as it always has
                raise
            log.warning("the browser shows these problems until a rebuild succeeds")

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        page = problem_path(environ.get("PATH_INFO", ""), server.mount_path)
        return app({**environ, "PATH_INFO": page} if page is not None else environ, start_response)

    server.builder = builder
    server.set_app(application)


def _text(text: str) -> str:
    return html.escape(text, quote=True)
