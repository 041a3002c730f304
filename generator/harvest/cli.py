"""The `harvest` subcommand's body (kept here so that generator/cli.py only declares its options)."""

from __future__ import annotations

import datetime
import sys

from .mapping import ConfigError
from .review import markdown, text
from .run import Options, harvest


def run_harvest(project, args) -> int:
    """Harvest, then print what changed; 1 when --check finds drift or a source could not be read, 2 on usage."""
    if args.from_file and len(args.sources) != 1:
        print(
            "error: --from-file reads the pages of one source; name it, e.g. harvest bizinfo --from-file p.json",
            file=sys.stderr,
        )
        return 2
    today = args.today or datetime.date.today()
    options = Options(
        today, tuple(args.from_file), args.bulk_file, write=not args.check, accept_count=args.accept_count
    )
    try:
        runs = harvest(project, list(args.sources), options)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(markdown(runs, today.isoformat()) if args.review else text(runs))
    if args.check:
        drift = [r.source for r in runs if not r.complete or r.plan.drift]
        if drift:
            print(f"drift: the committed calls of {', '.join(drift)} differ from the harvest", file=sys.stderr)
            return 1
    return 0
