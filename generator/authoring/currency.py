"""What `report` lists as out of date: old facts, records whose sources are all old, unchecked links.

A fact is old when its `as_of` date is older than the freshness limit (`freshness_years` in
site_config/site.yaml, as the pages judge it); a record is old when no source has a
publication `date` within that limit; a link is due when its `checked` date is missing or more
than a year old. Dates that are not valid are left to `python -m generator validate`.
"""

from __future__ import annotations

import dataclasses
import datetime

from ..diagnostics import Diagnostic, field_path
from ..freshness import is_current, period_end
from ..project import Project
from ..records.load import LoadedFile, LoadError, load_file

#: A link is due for a check when it was last checked longer ago than this.
LINK_CHECK_DAYS = 365


@dataclasses.dataclass
class Currency:
    """The three lists of out-of-date findings, filled record by record."""

    facts: list[Diagnostic] = dataclasses.field(default_factory=list)
    sources: list[Diagnostic] = dataclasses.field(default_factory=list)
    links: list[Diagnostic] = dataclasses.field(default_factory=list)


def freshness_years(project: Project) -> int:
    """`freshness_years` of site_config/site.yaml, or 2 when it is missing or unreadable."""
    path = project.config_dir / "site.yaml"
    try:
        value = str(load_file(path, project.display(path)).data.get("freshness_years", "2"))
    except (LoadError, OSError):
        return 2
    return int(value) if value.isdigit() else 2


def add_currency(found: Currency, loaded: LoadedFile, today: datetime.date, years: int) -> None:
    """Add one record's old facts, old sources and unchecked links to `found`."""
    found.facts += _old_facts(loaded, loaded.data, (), today, years)
    found.sources += _old_sources(loaded, today, years)
    found.links += _unchecked_links(loaded, today)


def _old_facts(loaded: LoadedFile, value, path: tuple, today: datetime.date, years: int) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if isinstance(value, dict):
        as_of = value.get("as_of")
        if isinstance(as_of, str) and _valid(as_of) and not is_current(as_of, today, years):
            found.append(_at(loaded, path + ("as_of",), f"as of {as_of}, older than {years} years"))
        for key, child in value.items():
            found += _old_facts(loaded, child, path + (key,), today, years)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _old_facts(loaded, child, path + (index,), today, years)
    return found


def _old_sources(loaded: LoadedFile, today: datetime.date, years: int) -> list[Diagnostic]:
    sources = loaded.data.get("sources")
    if not isinstance(sources, list) or not sources:
        return []
    dates = [s["date"] for s in sources if isinstance(s, dict) and isinstance(s.get("date"), str) and _valid(s["date"])]
    if not dates:
        return [_at(loaded, ("sources",), "no source gives its publication date")]
    newest = max(dates, key=period_end)
    if is_current(newest, today, years):
        return []
    return [_at(loaded, ("sources",), f"every source is older than {years} years (the newest is from {newest})")]


def _unchecked_links(loaded: LoadedFile, today: datetime.date) -> list[Diagnostic]:
    links = loaded.data.get("links")
    found: list[Diagnostic] = []
    for index, link in enumerate(links if isinstance(links, list) else ()):
        if not isinstance(link, dict):
            continue
        checked = link.get("checked")
        if checked is None:
            found.append(_at(loaded, ("links", index, "url"), "never checked"))
            continue
        try:
            age = (today - datetime.date.fromisoformat(str(checked))).days
        except ValueError:
            continue
        if age > LINK_CHECK_DAYS:
            found.append(_at(loaded, ("links", index, "checked"), f"last checked {checked} ({age} days ago)"))
    return found


def _valid(value: str) -> bool:
    try:
        period_end(value)
    except (ValueError, IndexError):
        return False
    return True


def _at(loaded: LoadedFile, path: tuple, message: str) -> Diagnostic:
    line, col = loaded.position(path)
    return Diagnostic(loaded.path, line, col, field_path(path), message)
