"""Checks of one record that its JSON Schema cannot make: placeholders, dates, links, renderable text.

They run on the record's well-formed fields (see record_check.py): a field may be missing, but
every value given has the type its schema asks for.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..hosts import address_host_problem
from ..text import rich_text_problem
from ..texts import say
from .fact_checks import fact_problems, typed_strings
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
    """(field path, message) for each problem in the well-formed fields of one record."""
    found: list[Problem] = []
    for path, value, rich, uri in _strings(schemas, data, *schemas.root(kind), ()):
        if is_placeholder(value):
            continue  # placeholder_problems names it, with what to write or choose
        if rich and (problem := rich_text_problem(value)):
            found.append((path, problem))
        elif uri and (problem := address_host_problem(value)):  # the weekly link check would ask it
            found.append((path, say("record_host_not_public", problem=problem)))
    found += fact_problems(schemas, kind, data, today)
    found += language_problems(schemas, kind, data)
    return found + _future_review(data, today) + _network_problems(record_id, data) + _program_link_problems(data)


def placeholder_problems(schemas: SchemaSet, kind: str, data: dict, choices) -> list[Problem]:
    """Every value `python -m generator new` wrote and the author has not replaced or chosen.

    `choices(schema)` names the valid values of a field that takes a choice (a term, an id, a
    year), or None; the message then says what to choose.
    """
    found: list[Problem] = []
    for path, value, schema in typed_strings(schemas, data, *schemas.root(kind), ()):
        if is_placeholder(value):
            options = choices(schema)
            shown = describe_value(value)
            message = say("placeholder_choose", value=shown, choices=options) if options else None
            found.append((path, message or say("placeholder_write", value=shown)))
    return found


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
    if not isinstance(value, str) or is_placeholder(value):
        return []
    try:
        if datetime.date.fromisoformat(value) <= today + REVIEW_DATE_SLACK:
            return []
    except ValueError:  # refused by its schema already
        return []
    return [(("last_reviewed",), say("review_in_future", value=value, today=today))]


def _network_problems(record_id: str, data: dict) -> list[Problem]:
    """A programme may draw on another record once, and not on itself."""
    found: list[Problem] = []
    seen: dict[str, int] = {}
    for index, link in enumerate(data.get("networks", ())):
        target = link.get("program") if isinstance(link, dict) else None
        path = ("networks", index, "program")
        if target is None:
            continue
        if target == record_id:
            found.append((path, say("network_self", target=target)))
        elif target in seen:
            found.append((path, say("network_twice", target=target, first=seen[target])))
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
                    say("case_program_twice", program=target, first=seen[target]),
                )
            )
        elif target is not None:
            seen[target] = index
    return found
