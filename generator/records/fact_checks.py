"""Checks of one record's facts that its JSON Schema cannot make (issue 9): citations resolve and
are given where the record has several sources, dates do not lie in the future, calls close
after they open, amounts are ordered and in ISO 4217 currencies, verification names a source.

Places (countries and regions) are checked across records, in validate.py, as they depend on
site_config/places.yaml.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..facts import INLINE_CITE, inline_cited_ids, lost_inline_citations
from ..freshness import period_start
from ..places import currency_code_problem
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
        "calls",
        "reach",
        "milestones",
        "recognitions",
        "networks",
    ),
    "case": ("programs", "outcomes"),
}


def fact_problems(schemas: SchemaSet, kind: str, data: dict, today: datetime.date) -> list[Problem]:
    """(field path, message) for each problem with the facts of one schema-valid record."""
    ids = [s["id"] for s in data.get("sources", ())]
    found = _duplicate_sources(ids) + list(_citation_problems(data, (), set(ids)))
    found += _uncited_groups(kind, data, ids)
    found += _verification_problems(data, set(ids))
    found += _call_problems(data) + _amount_problems(data)
    for path, value, schema in _typed_strings(schemas, data, *schemas.root(kind), ()):
        found += _marker_problems(path, value, schema, set(ids))
        if schema.get("x-not-future") and period_start(value) > today + FUTURE_SLACK:
            found.append(
                (path, f"{value} is after today ({today}); a date of a source or fact cannot lie in the future")
            )
        elif schema.get("x-currency") and (problem := currency_code_problem(value)):
            found.append((path, problem))
    return found


def _duplicate_sources(ids: list[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    found = []
    for index, source_id in enumerate(ids):
        if source_id in seen:
            found.append(
                (
                    ("sources", index, "id"),
                    f"'{source_id}' is already the id of sources[{seen[source_id]}]; give each source its own id",
                )
            )
        seen.setdefault(source_id, index)
    return found


def _citation_problems(value, path: FieldPath, ids: set[str]) -> Iterator[Problem]:
    """Every citation anywhere in the record must name a source of the record."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "cites":
                for index, item in enumerate(child):
                    cited = item if isinstance(item, str) else item["source"]
                    where = path + ("cites", index) + (() if isinstance(item, str) else ("source",))
                    if cited not in ids:
                        yield where, _unknown_source(cited, ids)
            else:
                yield from _citation_problems(child, path + (key,), ids)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _citation_problems(child, path + (index,), ids)


def _unknown_source(cited: str, ids: set[str]) -> str:
    return (
        f"'{cited}' is not the id of a source of this record{suggest(cited, sorted(ids))}; "
        f"expected one of: {', '.join(sorted(ids))}"
    )


def _uncited_groups(kind: str, data: dict, ids: list[str]) -> list[Problem]:
    """With several sources, each fact group must say which it comes from."""
    if len(ids) < 2:
        return []
    message = f"cites nothing, but the record has several sources; name one of: {', '.join(ids)}"
    found = []
    for name in CITING_GROUPS.get(kind, ()):
        group = data.get(name)
        items = [((name, i), item) for i, item in enumerate(group)] if isinstance(group, list) else [((name,), group)]
        found += [(path, message) for path, item in items if isinstance(item, dict) and not item.get("cites")]
    return found


def _verification_problems(data: dict, ids: set[str]) -> list[Problem]:
    check = data.get("verification")
    if not check:
        return []
    source = check.get("source")
    if source is None:
        if check["method"] == "operator-page":
            return [
                (
                    ("verification",),
                    "names no source; with operator-page, give the id of the operator's page "
                    "among the sources as source",
                )
            ]
        return []
    return [] if source in ids else [(("verification", "source"), _unknown_source(source, ids))]


def _call_problems(data: dict) -> list[Problem]:
    found = []
    for index, call in enumerate(data.get("calls", ())):
        opens, closes = call.get("opens"), call.get("closes")
        if opens and closes and closes < opens:
            found.append(
                (
                    ("calls", index, "closes"),
                    f"{closes} is before the opening date {opens}; a call cannot close before it opens",
                )
            )
    return found


def _amount_problems(data: dict) -> list[Problem]:
    found = []
    for index, amount in enumerate((data.get("funding") or {}).get("amounts", ())):
        low, high = amount.get("min"), amount.get("max")
        if low is not None and high is not None and low > high:
            found.append(
                (
                    ("funding", "amounts", index, "max"),
                    f"{high} is less than the minimum {low}; expected max to be at least min",
                )
            )
    return found


def _marker_problems(path: FieldPath, value: str, schema: dict, ids: set[str]) -> list[Problem]:
    """Inline `[@id]` citations must name a source of the record, and stand only in rich text."""
    if not schema.get("x-rich"):
        if INLINE_CITE.search(value):
            return [(path, PLAIN_MARKER)]
        return []
    found = [(path, _unknown_source(cited, ids)) for cited in inline_cited_ids(value) if cited not in ids]
    return found + [(path, _lost_marker(marker)) for marker in lost_inline_citations(value)]


def _lost_marker(marker: str) -> str:
    return (
        f"has the inline citation {marker}, which the page would show as typed: Markdown inside its locator "
        "(such as *, _, ` or a backslash) changes it; expected a locator in plain words, such as [@id, p. 3 & 4]"
    )


#: Why a `[@id]` in a plain-text field is refused: the page would show it as typed.
PLAIN_MARKER = (
    "has an inline citation [@...], but this field is plain text, where it would show as typed; "
    "expected the citation in the group's `cites:` list (inline [@id] works in description and story)"
)


def _typed_strings(
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
            yield from _typed_strings(schemas, child, props.get(key, {}), base, path + (key,), rich)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _typed_strings(schemas, child, schema.get("items", {}), base, path + (index,), rich)
