"""No content ends `validate` in a traceback (issue 23): odd dates, numbers and places, a schema the model lacks.

The fuzzed fields are found by walking the record schemas of site_config/schema/ (every date,
partial date, number and place), not listed by hand, so a field added to the schema is fuzzed too.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from project_copy import copy_project
from test_validate import CASE, PROGRAM

from generator.cli import main
from generator.diagnostics import field_path
from generator.records.load import load_bytes
from generator.records.schema import SchemaSet

REPO = Path(__file__).resolve().parent.parent
ODD = [
    "2012-02-30",
    "0000-01-01",
    "2026-1-1",
    "2026-13-01",
    "2013-00",
    "",
    " ",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "-1",
    "99999999999999999999999",
    "0x10",
    "1_000",
    "１２３",  # full-width digits
    "٢٠١٣",  # Arabic-Indic digits
    "2013\n",
    "kr",
    "XX",
]
#: Odd values that some of these fields rightly accept (a far call date, a negative zero, a fraction).
MAYBE_VALID = ["9999-12-31", "-0", "2013.5", "1900"]


def _fuzzed_fields() -> list[tuple[str, tuple]]:
    schemas = SchemaSet(REPO / "site_config" / "schema")
    found: list[tuple[str, tuple]] = []
    for kind in ("program", "case"):
        _walk(schemas, *schemas.root(kind), (), kind, found)
    return found


def _walk(schemas, schema, base, path, kind, found) -> None:
    schema, base = schemas.resolve(schema, base)
    kinds = schema.get("type")
    if kinds == "object":
        properties = dict(schema.get("properties", {}))
        for alternative in schema.get("oneOf", ()):
            properties.update(alternative.get("properties", {}))
        for name, child in properties.items():
            _walk(schemas, child, base, path + (name,), kind, found)
    elif kinds == "array" and isinstance(schema.get("items"), dict):
        _walk(schemas, schema["items"], base, path + (0,), kind, found)
    elif _fuzzed(schema):
        found.append((kind, path))


def _fuzzed(schema: dict) -> bool:
    """A date, partial date, place or number field."""
    odd_kinds = schema.get("format") == "date" or schema.get("x-partial-date") or schema.get("x-place")
    return bool(odd_kinds) or schema.get("type") in ("integer", "number")


FIELDS = _fuzzed_fields()
_BASE = {
    "program": load_bytes(PROGRAM.encode(), "p").data,
    "case": load_bytes(CASE.replace("kisti-knowledge-mentoring", "test-programme").encode(), "c").data,
}
_BASE["program"].pop("networks")
_FILES = {"program": "programs/test-programme.yaml", "case": "cases/test-case.yaml"}


def test_the_schema_walk_finds_the_fields_of_each_kind():
    fields = {f"{kind}:{field_path(path)}" for kind, path in FIELDS}
    assert {"case:year", "case:sources[0].read", "program:status.as_of", "program:funding.amounts[0].min"} <= fields
    assert {"case:company.country", "program:eligibility.target_markets[0]", "program:milestones[0].date"} <= fields
    assert len(fields) > 30


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A project with one programme and one case, rewritten by each check."""
    project = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    for folder in ("programs", "cases"):
        shutil.rmtree(project.root / folder)
        (project.root / folder).mkdir()
    shutil.rmtree(project.root / "calls", ignore_errors=True)  # the bundled calls name the bundled programmes
    for kind in _BASE:
        (project.root / _FILES[kind]).write_text(json.dumps(_BASE[kind], ensure_ascii=False, indent=1), "utf-8")
    assert _run(project) == (0, [])
    return project


def _with(data, path: tuple, value: str):
    """A copy of `data` with `value` at `path`, making the mappings and lists on the way."""
    data = json.loads(json.dumps(data))
    holder = data
    for part, following in zip(path, path[1:], strict=False):
        empty = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            if not holder:
                holder.append(empty)
            holder = holder[0]
        else:
            holder = holder.setdefault(part, empty)
    if isinstance(path[-1], int):
        holder[:] = [value, *holder[1:]]
    else:
        holder[path[-1]] = value
    return data


def _run(project) -> tuple[int, list[dict]]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--root", str(project.root), "validate", "--format", "json", "--lang", "en"])
    assert "Traceback" not in err.getvalue()
    return code, json.loads(out.getvalue())["problems"] if code else []


def _check(project, kind: str, path: tuple, value: str, must_fail: bool) -> None:
    record = project.root / _FILES[kind]
    record.write_text(json.dumps(_with(_BASE[kind], path, value), ensure_ascii=False, indent=1), "utf-8")
    code, problems = _run(project)  # any exception fails the test with its traceback
    assert code in (0, 1)
    assert all(re.fullmatch(r"(cases|programs)/test-[a-z]+\.yaml", p["path"]) and p["line"] >= 1 for p in problems)
    if must_fail:  # refused, at the field itself (a list or mapping made on the way may lack its other fields)
        assert code == 1, (kind, path, value)
        where = field_path(path)
        assert any(p["field"] == where and p["line"] > 1 and p["column"] > 1 for p in problems), (where, problems)


@pytest.mark.parametrize(("kind", "path"), FIELDS, ids=[f"{k}:{field_path(p)}" for k, p in FIELDS])
def test_odd_values_give_a_positioned_diagnostic(tiny, kind, path):
    for value in ODD:
        _check(tiny, kind, path, value, must_fail=True)
    for value in MAYBE_VALID:
        _check(tiny, kind, path, value, must_fail=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=12))
def test_no_text_in_a_date_number_or_place_field_gives_a_traceback(tiny, field, value):
    kind, path = field
    _check(tiny, kind, path, value, must_fail=False)


MODEL_GAP = {
    "type": "string",
    "description": "A field the model does not have.",
    "x-description-ko": "모델에 없는 항목.",
}


def test_a_field_the_schema_allows_but_the_model_lacks_is_a_diagnostic(project, capsys):
    schema_path = project.root / "site_config" / "schema" / "program.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["properties"]["nickname"] = MODEL_GAP
    schema["properties"]["status"]["properties"]["since"] = MODEL_GAP
    schema_path.write_text(json.dumps(schema), "utf-8")
    record = project.root / "programs" / "asti.yaml"
    text = record.read_text("utf-8")
    record.write_text("nickname: Asti\n" + text.replace("status:\n", "status:\n  since: long ago\n", 1), "utf-8")
    assert main(["--root", str(project.root), "validate", "--lang", "en"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "programs/asti.yaml:1:1: nickname: the field 'nickname' is allowed by site_config/schema/program.schema.json,"
        " but the generator's model (Program in generator/model.py) does not know it; please report this"
        " (the schema and the generator disagree)",
        "1 problem found; nothing was built.",
    ]
    record.write_text(text.replace("status:\n", "status:\n  since: long ago\n", 1), "utf-8")
    assert main(["--root", str(project.root), "validate", "--lang", "en"]) == 1
    line = text.splitlines().index("status:") + 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"programs/asti.yaml:{line}:3: status.since: the field 'since' is allowed by"
        " site_config/schema/program.schema.json, but the generator's model (Status in generator/model.py) does not"
        " know it; please report this (the schema and the generator disagree)"
    )
