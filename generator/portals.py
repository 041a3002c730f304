"""The official portals of site_config/portals.yaml: where an SME finds calls this catalogue does not hold.

The finder names the portals for the places chosen in its filters, and all of them when nothing
matches and no place is chosen (see `finder_portals` in publish/finder.py). A portal is cited like
a fact of a record: its name, description and address come from the pages in its `sources`.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

from .diagnostics import Diagnostic, field_path
from .model import Text

if typing.TYPE_CHECKING:
    from .places import Places
    from .records.load import LoadedFile


@dataclass(frozen=True)
class PortalSource:
    """A page read for a portal's name, description and address."""

    title: str
    publisher: str
    read: str
    url: str
    date: str | None = None


@dataclass(frozen=True)
class Portal:
    """An official portal of calls: where its calls are for, its names, what it offers and its address."""

    id: str
    places: tuple[str, ...]
    name: Text
    about: Text
    url: str
    sources: tuple[PortalSource, ...]


def portals_from_data(data: dict) -> tuple[Portal, ...]:
    """The portals from the validated data of site_config/portals.yaml, in the file's order."""
    return tuple(
        Portal(
            item["id"],
            tuple(item["places"]),
            Text(**item["name"]),
            Text(**item["about"]),
            item["url"],
            tuple(PortalSource(**source) for source in item["sources"]),
        )
        for item in data.get("portals", ())
    )


def portal_problems(loaded: LoadedFile, places: Places | None) -> list[Diagnostic]:
    """Unknown places and ids used twice in portals.yaml, at their positions."""
    found, seen = [], set()
    for index, item in enumerate(loaded.data.get("portals", ())):
        if item["id"] in seen:
            where = ("portals", index, "id")
            message = f"the id '{item['id']}' is used by an earlier portal; give each portal its own id"
            found.append(Diagnostic(loaded.path, *loaded.position(where), field_path(where), message))
        seen.add(item["id"])
        for number, code in enumerate(item["places"]):
            if places is not None and (problem := places.problem(code)):
                where = ("portals", index, "places", number)
                found.append(Diagnostic(loaded.path, *loaded.position(where), field_path(where), problem))
    return found
