"""Command line: `validate` checks every record, `build` renders and builds the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import ContentError
from .project import find_project


def main(argv: list[str] | None = None) -> int:
    """Run a command; exit 0 on success, 1 for problems in the content, 2 for usage errors."""
    parser = _parser()
    args = parser.parse_args(argv)
    project = find_project(Path(args.root) if args.root else None)
    try:
        return args.run(project, args)
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", help="project folder (default: found upwards from the current folder)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check every record and report all problems")
    validate.set_defaults(run=_validate)
    render = commands.add_parser("render", help="validate, then write the Markdown tree to .generated/")
    render.set_defaults(run=_render)
    build = commands.add_parser("build", help="validate, render and build site/ (both languages)")
    build.add_argument("--no-strict", action="store_true", help="do not stop on MkDocs warnings")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    build.set_defaults(run=_build)
    return parser


def _validate(project, args) -> int:
    from .pipeline import check

    catalogue, _ = check(project)
    print(f"{len(catalogue.programs)} programmes and {len(catalogue.cases)} cases are valid.")
    return 0


def _render(project, args) -> int:
    from .pipeline import prepare

    changes = prepare(project)
    print(f"{len(changes.written)} files written, {len(changes.removed)} removed, {changes.unchanged} unchanged.")
    return 0


def _build(project, args) -> int:
    from .mkdocs_adapter import BuildFailed, build_site

    try:
        build_site(project, strict=not args.no_strict, verbose=args.verbose)
    except BuildFailed as exc:
        print(f"build failed: {exc}; site/ was left as it was.", file=sys.stderr)
        return 1
    print(f"Site built in {project.display(project.site_dir)}/ (Korean) and {project.display(project.site_dir)}/en/ (English).")
    return 0
