"""The jsonschema-rs fast path never passes a record that the Python validator fails.

Validation asks jsonschema-rs first and the Python validator (which words the messages) only
for records the fast path fails, so a record the fast path wrongly passed would be published
unchecked. Each example takes a bundled record, breaks or changes one value, and compares.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from project_copy import REPO

from generator.records.load import load_file
from generator.records.schema import SchemaSet

SCHEMAS = SchemaSet(REPO / "site_config" / "schema")
RECORDS = [
    (kind, load_file(path, path.name).data)
    for kind, folder in (("program", "programs"), ("case", "cases"))
    for path in sorted((REPO / folder).glob("*.yaml"))
]

# Values chosen to sit on the edges the schema draws: formats, patterns, types, lengths.
EDGE_VALUES = st.sampled_from(
    [
        "",
        " ",
        "x",
        "KR",
        "kr",
        "KOR",
        "2013",
        "2013-02",
        "2013-02-30",
        "2013-13-01",
        "13-02-01",
        "2026-01-31\n",
        "https://example.org/a",
        "https://",
        "http://x y",
        "javascript:alert(1)",
        "ftp://example.org",
        "mentoring",
        "kisti-knowledge-mentoring",
        "Kisti",
        "a--b",
        "-a",
        "1",
        "-1",
        "1.5",
        "1e3",
        "0",
        "99999999999999999999",
        "free",
        "active",
        "about",
        "sme",
        "\u00a0",
        "가",
        "a\nb",
        "https://example.org/<b>x</b>",
        "https://example.org/a\\b",
        "https://example.org/a\u200b",
        "https://example.org/a\n",
        "KR\n",
        "2013\n",
        "mentoring\n",
        "\u200b",
        "\u3164",
        "\u2060",
        " \u200b",
    ]
)
VALUES = st.one_of(
    EDGE_VALUES,
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
    st.lists(EDGE_VALUES, max_size=3),
    st.dictionaries(EDGE_VALUES, EDGE_VALUES, max_size=2),
)


def paths(value, prefix=()):
    """Every path to a value inside nested dicts and lists, the root included."""
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from paths(item, prefix + (key,))


def changed(data, path, new, delete):
    """A copy of `data` with the value at `path` replaced by `new` (or deleted)."""
    if not path:
        return new
    copy = dict(data) if isinstance(data, dict) else list(data)
    head, rest = path[0], path[1:]
    if delete and not rest:
        del copy[head]
        return copy
    copy[head] = changed(copy[head], rest, new, delete)
    return copy


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_fast_path_passes_only_what_the_python_validator_passes(data):
    kind, record = data.draw(st.sampled_from(RECORDS))
    coerced, _ = SCHEMAS.coerce(record, kind)
    path = data.draw(st.sampled_from(list(paths(coerced))[1:]))
    delete = data.draw(st.booleans())
    broken = changed(coerced, path, data.draw(VALUES), delete)
    errors = list(SCHEMAS.validator(kind).iter_errors(broken))
    if SCHEMAS.is_valid(kind, broken):
        assert errors == [], f"fast path passed {path} = {broken!r:.200}"


@pytest.mark.parametrize(("kind", "record"), RECORDS, ids=[str(i) for i in range(len(RECORDS))])
def test_both_validators_pass_the_bundled_records(kind, record):
    coerced, _ = SCHEMAS.coerce(record, kind)
    assert SCHEMAS.is_valid(kind, coerced)
    assert list(SCHEMAS.validator(kind).iter_errors(coerced)) == []


def test_the_fast_path_fails_a_record_missing_a_required_field():
    kind, record = next((k, r) for k, r in RECORDS if k == "program")
    coerced, _ = SCHEMAS.coerce(record, kind)
    broken = {k: v for k, v in coerced.items() if k != "name"}
    assert not SCHEMAS.is_valid(kind, broken)
    assert not SCHEMAS.is_valid("case", {})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("sources", 0, "url"), "https://example.org/<b>x</b>"),
        (("sources", 0, "url"), "https://example.org/a\\b"),
        (("sources", 0, "url"), "https://example.org/a\u200b"),
        (("sources", 0, "url"), "https://example.org/a\n"),
        (("last_reviewed",), "2026-01-31\n"),
        (("company", "country"), "KR\n"),
        (("title", "ko"), "\u3164"),
        (("title", "en"), "\u200b\u2060 "),
        (("sources", 0, "title"), "\u00a0"),
    ],
)
def test_both_validators_refuse_what_the_published_schema_forbids(field, value):
    kind, record = next((k, r) for k, r in RECORDS if k == "case")
    record = {**record, "sources": [{**record["sources"][0], "url": "https://example.org/"}]}
    coerced, _ = SCHEMAS.coerce(record, kind)
    broken = changed(coerced, field, value, False)
    assert not SCHEMAS.is_valid(kind, broken)
    assert list(SCHEMAS.validator(kind).iter_errors(broken)) != []


def formats_in(value) -> set[str]:
    """Every `format` keyword value in a schema document."""
    if isinstance(value, dict):
        found = {value["format"]} if isinstance(value.get("format"), str) else set()
        return found.union(*(formats_in(v) for v in value.values()))
    return set().union(*(formats_in(v) for v in value)) if isinstance(value, list) else set()


def test_every_format_is_checked_by_one_function_in_both_validators():
    """A format that only one validator checks lets them disagree (issue 23: an e-mail only jsonschema-rs refused)."""
    from generator.records.schema import FORMAT_CHECKS, FORMATS

    used = set().union(*(formats_in(doc) for doc in SCHEMAS.documents.values()))
    assert used and used <= set(FORMAT_CHECKS)
    assert set(FORMATS.checkers) == set(FORMAT_CHECKS)


@pytest.mark.parametrize("value", ["info..desk@example.org", ".info@example.org", "in(fo)@example.org", "0000-01-01"])
def test_the_validators_agree_on_formats(value):
    kind, record = next((k, r) for k, r in RECORDS if k == "program" and "email" in r.get("contact", {}))
    coerced, _ = SCHEMAS.coerce(record, kind)
    if value[0].isdigit():
        broken = {**coerced, "last_reviewed": value}
    else:
        broken = {**coerced, "contact": {**coerced["contact"], "email": value}}
    errors = list(SCHEMAS.validator(kind).iter_errors(broken))
    assert not SCHEMAS.is_valid(kind, broken) and errors
