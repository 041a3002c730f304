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

from ..facts import INLINE_CITE, inline_cited_ids
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
        "reach",
        "milestones",
        "recognitions",
        "networks",
    ),
    "case": ("programs", "outcomes"),
    "call": ("eligibility", "funding", "application"),
}


def fact_problems(schemas: SchemaSet, kind: str, data: dict, today: datetime.date) -> list[Problem]:
    """(field path, message) for each problem with the facts of one schema-valid record."""
    ids = [s["id"] for s in data.get("sources", ())]
    found = _duplicate_sources(ids) + list(_citation_problems(data, (), set(ids)))
    found += _uncited_groups(kind, data, ids)
    found += _verification_problems(data, set(ids))
    found += (_call_problems(data) if kind == "call" else []) + _amount_problems(data)
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
    """A call's dates in order (opens, then cut-offs ascending; closes not before opens), and its title's language."""
    found: list[Problem] = []
    opens, closes = data.get("opens"), data.get("closes")
    if opens and closes and closes < opens:
        found.append((("closes",), f"{closes} is before the opening date {opens}; a call cannot close before it opens"))
    previous = None
    for index, cutoff in enumerate(data.get("cutoffs", ())):
        if opens and cutoff < opens:
            message = f"{cutoff} is before the opening date {opens}; a cut-off cannot come before the call opens"
            found.append((("cutoffs", index), message))
        elif previous is not None and cutoff <= previous:
            message = (
                f"{cutoff} is not after the cut-off before it ({previous}); list cut-offs in ascending order, each once"
            )
            found.append((("cutoffs", index), message))
        previous = cutoff
    return found + _title_language_problems(data)


def _title_language_problems(data: dict) -> list[Problem]:
    language, title = data.get("title_language"), data["title"]
    if language is None:
        return []
    if language not in title:
        return [
            (
                ("title_language",),
                f"the title has no '{language}:' text; give the title in {language}, or name the language it is in",
            )
        ]
    if len(title) > 1:
        return [(("title_language",), "the title is given in more than one language; remove title_language")]
    return []


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
    return [(path, _unknown_source(cited, ids)) for cited in inline_cited_ids(value) if cited not in ids]


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
