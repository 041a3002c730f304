"""Checks of one record that its JSON Schema cannot make: placeholders, dates, links, renderable text.

They run after the record has passed its schema, so every field is known and well typed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..hosts import address_host_problem
from ..text import rich_text_problem
from .fact_checks import fact_problems
from .language_check import language_problems
from .load import FieldPath
from .messages import describe_value
from .schema import SchemaSet

#: How `python -m generator new` marks what the author still has to write.
PLACEHOLDER = "TODO:"
PLACEHOLDER_URL = "https://example.org/TODO"
#: Days a review date may lie after the build date: an editor in Korea (UTC+9) is most of a day
#: ahead of a build machine on UTC, and a same-day review must not fail there.
REVIEW_DATE_SLACK = datetime.timedelta(days=1)
Problem = tuple[FieldPath, str]


def is_placeholder(value: str) -> bool:
    """True for a value that `python -m generator new` wrote and the author has not replaced."""
    value = value.strip()
    return value.startswith(PLACEHOLDER) or value == PLACEHOLDER_URL


def record_problems(schemas: SchemaSet, kind: str, record_id: str, data: dict, today: datetime.date) -> list[Problem]:
    """(field path, message) for each problem in one schema-valid record."""
    found: list[Problem] = []
    for path, value, rich, uri in _strings(schemas, data, *schemas.root(kind), ()):
        if is_placeholder(value):
            found.append((path, f"is still a placeholder ({describe_value(value)}); write the real value"))
        elif rich and (problem := rich_text_problem(value)):
            found.append((path, problem))
        elif uri and (problem := address_host_problem(value)):  # the weekly link check would ask it
            found.append((path, f"{problem}; a record may link only to public hosts"))
    found += fact_problems(schemas, kind, data, today)
    found += language_problems(schemas, kind, data)
    return found + _future_review(data, today) + _network_problems(record_id, data) + _program_link_problems(data)


def _strings(
    schemas: SchemaSet, value, schema: dict, base: str, path: FieldPath, rich: bool = False
) -> Iterator[tuple[FieldPath, str, bool, bool]]:
    """Every text value with its path, whether the schema marks it as rich text (`x-rich`) and as an address."""
    schema, base = schemas.resolve(schema, base)
    rich = rich or bool(schema.get("x-rich"))
    if isinstance(value, str):
        yield path, value, rich, schema.get("format") == "uri"
    elif isinstance(value, dict):
        props = schema.get("properties", {})
        for key, child in value.items():
            yield from _strings(schemas, child, props.get(key, {}), base, path + (key,), rich)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(schemas, child, schema.get("items", {}), base, path + (index,), rich)


def _future_review(data: dict, today: datetime.date) -> list[Problem]:
    value = data.get("last_reviewed")
    if not isinstance(value, str) or datetime.date.fromisoformat(value) <= today + REVIEW_DATE_SLACK:
        return []
    return [(("last_reviewed",), f"{value} is after today ({today}); a review date cannot lie in the future")]


def _network_problems(record_id: str, data: dict) -> list[Problem]:
    """A programme may draw on another record once, and not on itself."""
    found: list[Problem] = []
    seen: dict[str, int] = {}
    for index, link in enumerate(data.get("networks", ())):
        target = link.get("program")
        path = ("networks", index, "program")
        if target is None:
            continue
        if target == record_id:
            found.append((path, f"'{target}' is this record itself; a programme cannot draw on itself"))
        elif target in seen:
            found.append((path, f"'{target}' is already listed at networks[{seen[target]}]; keep one"))
        else:
            seen[target] = index
    return found


def _program_link_problems(data: dict) -> list[Problem]:
    """A case links a programme once: twice (suggested and confirmed) would list the story twice."""
    found: list[Problem] = []
    seen: dict[str, int] = {}
    for index, link in enumerate(data.get("programs", ())):
        target = link.get("program") if isinstance(link, dict) else None
        if target in seen:
            found.append(
                (
                    ("programs", index, "program"),
                    f"'{target}' is already linked at programs[{seen[target]}]; keep one link, with one certainty",
                )
            )
        elif target is not None:
            seen[target] = index
    return found
