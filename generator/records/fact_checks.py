"""Checks of one record's facts that its JSON Schema cannot make (issue 9): citations resolve and
are given where the record has several sources, dates do not lie in the future, calls close
after they open (and list their cut-offs in order), amounts are ordered and in ISO 4217 currencies,
verification names a source.

Places (countries and regions) are checked across records, in validate.py, as they depend on
site_config/places.yaml.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..facts import INLINE_CITE, inline_cited_ids, lost_inline_citations
from ..freshness import period_start
from ..places import currency_code_problem
from ..texts import choices, say
from .load import FieldPath
from .messages import suggest
from .schema import SchemaSet

Problem = tuple[FieldPath, str]
#: Days a date may lie after the day of validation (as for review dates: a Korean editor is ahead of UTC).
FUTURE_SLACK = datetime.timedelta(days=1)
#: The fact groups that must cite a source when the record has several: (path of the group or list).
CITING_GROUPS = {
    "program": (
        "eligibility",
        "status",
        "application",
        "contact",
        "funding",
        "links",
        "reach",
        "milestones",
        "recognitions",
        "networks",
    ),
    "case": ("programs", "outcomes"),
    "call": ("eligibility", "funding", "application"),
}


def fact_problems(schemas: SchemaSet, kind: str, data: dict, today: datetime.date) -> list[Problem]:
    """(field path, message) for each problem with the facts in the well-formed fields of one record."""
    ids = [s.get("id") for s in data.get("sources", ()) if isinstance(s, dict)]
    ids = [source_id for source_id in ids if isinstance(source_id, str)]
    found = _duplicate_sources(ids) + list(_citation_problems(data, (), set(ids)))
    found += _uncited_groups(kind, data, ids)
    found += _verification_problems(data, set(ids))
    found += (_call_problems(data) if kind == "call" else []) + _amount_problems(data)
    for path, value, schema in typed_strings(schemas, data, *schemas.root(kind), ()):
        found += _marker_problems(path, value, schema, set(ids))
        dated = schema.get("x-partial-date") or schema.get("x-not-future") or schema.get("format") == "date"
        if dated and (problem := partial_date_problem(value)):
            found.append((path, problem))
        elif schema.get("x-not-future") and period_start(value) > today + FUTURE_SLACK:
            found.append((path, say("fact_in_future", value=value, today=today)))
        elif schema.get("x-currency") and (problem := currency_code_problem(value)):
            found.append((path, problem))
    return found


def _duplicate_sources(ids: list[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    found = []
    for index, source_id in enumerate(ids):
        if source_id in seen:
            found.append((("sources", index, "id"), say("source_id_twice", id=source_id, first=seen[source_id])))
        seen.setdefault(source_id, index)
    return found


def _citation_problems(value, path: FieldPath, ids: set[str]) -> Iterator[Problem]:
    """Every citation anywhere in the record must name a source of the record."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "cites":
                for index, item in enumerate(child if isinstance(child, list) else ()):
                    cited = item if isinstance(item, str) else item.get("source") if isinstance(item, dict) else None
                    where = path + ("cites", index) + (() if isinstance(item, str) else ("source",))
                    if isinstance(cited, str) and cited not in ids:
                        yield where, _unknown_source(cited, ids)
            else:
                yield from _citation_problems(child, path + (key,), ids)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _citation_problems(child, path + (index,), ids)


def _unknown_source(cited: str, ids: set[str]) -> str:
    if not ids:
        return say("unknown_source_none", id=cited)
    return say("unknown_source", id=cited, hint=suggest(cited, sorted(ids)), ids=choices(sorted(ids)))


def _uncited_groups(kind: str, data: dict, ids: list[str]) -> list[Problem]:
    """With several sources, each fact group must say which it comes from."""
    if len(ids) < 2:
        return []
    message = say("uncited_group", ids=choices(ids))
    found = []
    for name in CITING_GROUPS.get(kind, ()):
        group = data.get(name)
        items = [((name, i), item) for i, item in enumerate(group)] if isinstance(group, list) else [((name,), group)]
        found += [(path, message) for path, item in items if isinstance(item, dict) and not item.get("cites")]
    return found


def _verification_problems(data: dict, ids: set[str]) -> list[Problem]:
    check = data.get("verification")
    if not isinstance(check, dict) or not check:
        return []
    source = check.get("source")
    if source is None:
        if check.get("method") == "operator-page":
            return [(("verification",), say("verification_no_source"))]
        return []
    return [] if source in ids else [(("verification", "source"), _unknown_source(source, ids))]


def _call_problems(data: dict) -> list[Problem]:
    """A call's dates in order (opens, then cut-offs ascending; closes not before opens), and its title's language."""
    found: list[Problem] = []
    opens, closes = data.get("opens"), data.get("closes")
    if opens and closes and closes < opens:
        found.append((("closes",), say("call_closes_early", closes=closes, opens=opens)))
    previous = None
    for index, cutoff in enumerate(data.get("cutoffs", ())):
        if opens and cutoff < opens:
            found.append((("cutoffs", index), say("call_cutoff_early", cutoff=cutoff, opens=opens)))
        elif previous is not None and cutoff <= previous:
            found.append((("cutoffs", index), say("call_cutoffs_order", cutoff=cutoff, previous=previous)))
        previous = cutoff
    return found + _title_language_problems(data)


def _title_language_problems(data: dict) -> list[Problem]:
    language, title = data.get("title_language"), data["title"]
    if language is None:
        return []
    if language not in title:
        return [(("title_language",), say("call_title_language_missing", language=language))]
    if len(title) > 1:
        return [(("title_language",), say("call_title_languages_many"))]
    return []


def _amount_problems(data: dict) -> list[Problem]:
    found = []
    for index, amount in enumerate((data.get("funding") or {}).get("amounts", ())):
        low, high = amount.get("min"), amount.get("max")
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high))
        if numbers and low > high:
            found.append((("funding", "amounts", index, "max"), say("amount_max_low", max=high, min=low)))
    return found


def _marker_problems(path: FieldPath, value: str, schema: dict, ids: set[str]) -> list[Problem]:
    """Inline `[@id]` citations must name a source of the record, and stand only in rich text."""
    if not schema.get("x-rich"):
        if INLINE_CITE.search(value):
            return [(path, say("plain_marker"))]
        return []
    found = [(path, _unknown_source(cited, ids)) for cited in inline_cited_ids(value) if cited not in ids]
    return found + [(path, _lost_marker(marker)) for marker in lost_inline_citations(value)]


def _lost_marker(marker: str) -> str:
    return say("citation_locator_markdown", marker=marker)


def partial_date_problem(value: str) -> str | None:
    """Why a year, year-month or date (already of the right form) names no day of the calendar, or None."""
    try:  # jsonschema-rs lets the year 0000 through (RFC 3339 allows it); Python's calendar has no such year
        period_start(value)
    except ValueError:
        return say("date_impossible", value=value)
    return None


def typed_strings(
    schemas: SchemaSet, value, schema: dict, base: str, path: FieldPath, rich: bool = False
) -> Iterator[tuple[FieldPath, str, dict]]:
    """Every text value with its path and its resolved schema (marked `x-rich` inside rich text)."""
    schema, base = schemas.resolve(schema, base)
    rich = rich or bool(schema.get("x-rich"))
    if isinstance(value, str):
        yield path, value, {**schema, "x-rich": True} if rich else schema
    elif isinstance(value, dict):
        props = schema.get("properties", {})
        for key, child in value.items():
            yield from typed_strings(schemas, child, props.get(key, {}), base, path + (key,), rich)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from typed_strings(schemas, child, schema.get("items", {}), base, path + (index,), rich)
