"""Command line: check, scaffold, report on and build the records.

`validate` checks every record, `new` writes a skeleton of a new record, `report` lists
records due for review and out of date, `links` checks every address in the records, `docs`
regenerates the field reference of the contributor guide, `render` writes the Markdown tree
and `build` builds the site.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .build_time import BuildDateError
from .diagnostics import ContentError, printable
from .formats import FORMATS, format_diagnostics
from .languages import CODES
from .project import KINDS, Project, find_project
from .site_address import SiteAddressError
from .texts import say, speaking

T = TypeVar("T")

#: The builders that can build the site from the same config: MkDocs 1.6 and its fork ProperDocs.
ENGINES = ("mkdocs", "properdocs")


def main(argv: list[str] | None = None) -> int:
    """Run a command; exit 0 on success, 1 for problems in the content, 2 for usage errors."""
    parser = _parser()
    args = parser.parse_args(argv)
    project = find_project(Path(args.root) if args.root else None)
    with speaking(getattr(args, "lang", None)):  # a --lang holds for this command only, not for later calls
        return _run(args, project)


def _run(args, project) -> int:
    try:
        return args.run(project, args)
    except (SiteAddressError, BuildDateError) as exc:  # the environment: SITE_URL, REPOSITORY_URL, SOURCE_DATE_EPOCH
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        fmt = getattr(args, "format", "text")
        stream = sys.stderr if fmt == "text" else sys.stdout
        stream.write(format_diagnostics(exc.diagnostics, fmt))
        count = len(exc.diagnostics)
        print(say("problems_found_one" if count == 1 else "problems_found", count=count), file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", help="project folder (default: found upwards from the current folder)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check every record and report all problems")
    validate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), github (workflow annotations) or json (machine-readable, on stdout)",
    )
    validate.add_argument(
        "--lang",
        choices=CODES,
        help=f"the language of the messages (default: the locale's, from LC_ALL, LC_MESSAGES or LANG, else {CODES[0]})",
    )
    validate.set_defaults(run=_validate)
    new = commands.add_parser("new", help="write a commented skeleton of a new record: new case ID")
    new.add_argument("kind", choices=tuple(KINDS), help="program or case")
    new.add_argument("id", nargs="?", help="the new record's id: lower-case letters, digits and hyphens")
    new.add_argument("--from-call", metavar="CALL", help="program only: a skeleton for a harvested call (issue 20)")
    new.set_defaults(run=_new)
    report = commands.add_parser("report", help="list records due for review and text left untranslated")
    report.add_argument(
        "--older-than",
        type=_days,
        default=365,
        metavar="DAYS",
        help="list records last reviewed more than DAYS days ago (default 365)",
    )
    report.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date to count from (default: today)")
    report.add_argument(
        "--ci",
        action="store_true",
        help="exit 1 if a record must not be published: unreadable, a placeholder, a future review",
    )
    report.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text (default) or markdown (for a workflow's job summary)",
    )
    report.set_defaults(run=_report)
    links = commands.add_parser("links", help="check every address in the records; exit 1 if one is dead")
    links.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text (default) or markdown (for a workflow's job summary)",
    )
    links.set_defaults(run=_links)
    docs = commands.add_parser("docs", help="regenerate the field reference in docs/*/contributing.md")
    docs.add_argument("--check", action="store_true", help="change nothing; exit 1 if the guide is out of date")
    docs.set_defaults(run=_docs)
    render = commands.add_parser("render", help="validate, then write the Markdown tree to .generated/")
    render.set_defaults(run=_render)
    build = commands.add_parser("build", help="validate, render and build site/ (both languages)")
    build.add_argument("--no-strict", action="store_true", help="do not stop on MkDocs warnings")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    build.add_argument(
        "--require-site-url",
        action="store_true",
        help="refuse to build without SITE_URL (the published site needs its address)",
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="mkdocs (default) or properdocs, the maintained drop-in fork (make site ENGINE=properdocs)",
    )
    build.set_defaults(run=_build)
    _harvest_parser(commands)
    return parser


def _harvest_parser(commands) -> None:
    from .harvest import SOURCES

    harvest = commands.add_parser("harvest", help="read the official feeds into calls/<source>/ (issue 20)")
    harvest.add_argument("sources", nargs="*", choices=[[], *SOURCES], metavar="SOURCE", help=", ".join(SOURCES))
    harvest.add_argument(
        "--from-file",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="a saved payload (a page of the feed) instead of the network; repeat for pages",
    )
    harvest.add_argument("--bulk-file", type=Path, metavar="PATH", help="eu-ft: grantsTenders.json to cross-check")
    harvest.add_argument("--review", action="store_true", help="print a Markdown summary (for a pull request)")
    harvest.add_argument("--check", action="store_true", help="write nothing; exit 1 if the committed calls drift")
    harvest.add_argument("--accept-count", action="store_true", help="apply a run that fails the count cross-check")
    harvest.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the harvest date (default: today)")
    harvest.set_defaults(run=_harvest)


def _harvest(project, args) -> int:
    from .harvest.cli import run_harvest

    return run_harvest(project, args)


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days; write digits, such as 365")
    return int(text)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def _validate(project, args) -> int:
    from .build_time import epoch_from_env
    from .formats import format_json
    from .frame import repository_from_env
    from .pipeline import check
    from .site_address import site_url_from_env

    site_url_from_env(), repository_from_env(), epoch_from_env()  # what a build would take from the environment
    catalogue, _ = check(project)
    if args.format == "json":
        sys.stdout.write(format_json([]))
    else:
        print(say("records_valid", programs=len(catalogue.programs), cases=len(catalogue.cases)))
        if project.uses_bundled_config:
            print(say("checked_against_bundled", package=_package_version()))
    return 0


def _package_version() -> str:
    from . import __version__

    return f"sme-support-kb {__version__}"


def _content_only(project: Project, command: str) -> int:
    """Refuse to render or build a repository that holds only records, with a message instead of a traceback."""
    print(
        f"error: {command} needs site_config/ (templates, theme) in {project.root}; "
        "a repository of records alone can run validate, new and report",
        file=sys.stderr,
    )
    return 2


def _new(project, args) -> int:
    from .authoring.new import ScaffoldError, new_record

    if args.from_call:
        return _new_from_call(project, args)
    if not args.id:
        print("error: name the new record's id: python -m generator new case ID", file=sys.stderr)
        return 2
    try:
        path = new_record(project, args.kind, args.id)
    except ScaffoldError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 2
    print(f'Wrote {project.display(path)}. Replace every "TODO: ...", then run: python -m generator validate')
    return 0


def _new_from_call(project, args) -> int:
    from .authoring.new import ScaffoldError
    from .harvest.promote import promote

    if args.kind != "program":
        print("error: --from-call makes a programme: python -m generator new program --from-call CALL", file=sys.stderr)
        return 2
    try:
        path, rule = promote(project, args.from_call, args.id)
    except ScaffoldError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 2
    print(f"Wrote {project.display(path)}. Fill it from the call's facts at its top, then add to harvest.yaml:")
    print(rule)  # in site_config/harvest.yaml, so that the next harvest maps the call to it
    return 0


def _report(project, args) -> int:
    from .authoring.report import format_report, format_report_markdown, review_report

    today = args.today or datetime.date.today()
    report = review_report(project, older_than=args.older_than, today=today)
    formatter = format_report_markdown if args.format == "markdown" else format_report
    print(formatter(report, args.older_than, today))
    return 1 if args.ci and report.blocking else 0


def _links(project, args) -> int:
    from .authoring.links import check_links, collect_links, format_links, format_links_markdown

    results = check_links(collect_links(project))
    print((format_links_markdown if args.format == "markdown" else format_links)(results))
    return 1 if any(r.dead for r in results) else 0


def _docs(project, args) -> int:
    from .authoring.fieldref import update_guides

    stale = update_guides(project, write=not args.check)
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + "; run: python -m generator docs", file=sys.stderr)
        return 1
    print(("updated: " + ", ".join(stale)) if stale else "the contributor guides are up to date.")
    return 0


def _render(project, args) -> int:
    from .pipeline import prepare

    if project.uses_bundled_config:
        return _content_only(project, "render")
    changes = _writing(project, lambda: prepare(project))
    if changes is None:
        return 1
    print(f"{len(changes.written)} files written, {len(changes.removed)} removed, {changes.unchanged} unchanged.")
    return 0


def _build(project, args) -> int:
    if project.uses_bundled_config:
        return _content_only(project, "build")
    if args.engine == "properdocs":
        try:
            # From here on every `mkdocs.*` import (ours, Material's) gets ProperDocs' module of that name.
            import properdocs.replacement  # noqa: F401
        except ImportError:
            print("error: ProperDocs is not installed here; run: make site ENGINE=properdocs", file=sys.stderr)
            return 2
    from .mkdocs_adapter.build import BuildFailed, build_site

    try:
        build = functools.partial(
            build_site, project, strict=not args.no_strict, verbose=args.verbose, require_site_url=args.require_site_url
        )
        if _writing(project, build) is None:
            return 1
    except BuildFailed as exc:
        print(f"build failed: {exc}; site/ was left as it was.", file=sys.stderr)
        return 1
    site = project.display(project.site_dir)
    print(f"Site built in {site}/ (Korean) and {site}/en/ (English).")
    return 0


def _writing(project, work: Callable[[], T]) -> T | None:
    """`work()`, or None after saying why the project folder cannot be built in (another build, not writable)."""
    from .folders import FolderProblem

    try:
        return work()
    except FolderProblem as exc:
        message = str(exc)
    except OSError as exc:
        where = project.display(Path(exc.filename)) if exc.filename else project.display(project.root)
        message = (
            f"cannot write {where}: {(exc.strerror or str(exc)).lower()}; render and build write "
            ".generated/, .cache/ and site/ in the project folder, which must be writable"
        )
    print(f"error: {message}", file=sys.stderr)
    return None
