"""A field is declared once: the schema, the model, the exports and the Korean descriptions cannot disagree.

docs/dev/anatomy-of-a-field.md lists every place a field reaches; these tests fail when one of the
places it names as checked is forgotten.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing

import pytest
from project_copy import REPO

from generator.authoring.fieldref import KOREAN_DESCRIPTION, reference_fields, untranslated
from generator.languages import CODES
from generator.model import LINK_FIELDS, Case, Figure, Milestone, Program, Status, Text, from_data
from generator.pipeline import check
from generator.project import Project
from generator.publish import exports
from generator.records.schema import SchemaSet

MODELS = {"program": Program, "case": Case}
#: Model fields that do not come from the record's file: its id and path, and the links to other records.
NOT_FROM_FILE = {"id", "source_path"}
CSV = {
    "program": (exports.PROGRAM_CSV, exports.PROGRAM_NOT_IN_CSV),
    "case": (exports.CASE_CSV, exports.CASE_NOT_IN_CSV),
}


def schemas(root=REPO) -> SchemaSet:
    return SchemaSet(root / "site_config" / "schema")


def _dataclass_in(hint) -> type | None:
    """The dataclass a field holds (through `X | None` and `tuple[X, ...]`), or None for plain values."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType, tuple):
        inner = [a for a in typing.get_args(hint) if a is not type(None) and a is not Ellipsis]
        return _dataclass_in(inner[0]) if len(inner) == 1 else None
    return hint if dataclasses.is_dataclass(hint) else None


def mismatches(schema_set: SchemaSet, kind: str) -> list[str]:
    """Where the record schema and the model differ, as 'kind:path: what is wrong'."""
    schema, base = schema_set.resolve(*schema_set.root(kind))
    cls = MODELS[kind]
    found: list[str] = []
    _compare(schema_set, schema, base, cls, f"{kind}:", found, NOT_FROM_FILE | set(LINK_FIELDS[cls]))
    return found


#: Model fields filled from a schema field of another name: (class, schema name) -> model name. A case's
#: `programs` in the file are relations (`program_links`); the model's `programs` holds their ids.
RENAMED = {("Case", "programs"): "program_links"}


def _compare(schema_set, schema: dict, base: str, cls: type, prefix: str, found: list[str], skip=frozenset()):
    hints = {name: hint for name, hint in typing.get_type_hints(cls).items() if name not in skip}
    for (owner, in_schema), in_model in RENAMED.items():
        if owner == cls.__name__:
            hints[in_schema] = hints.pop(in_model)
    properties = schema.get("properties", {})
    found += [f"{prefix}{name}: in the schema, not in {cls.__name__}" for name in properties if name not in hints]
    found += [f"{prefix}{name}: in {cls.__name__}, not in the schema" for name in hints if name not in properties]
    for name in properties.keys() & hints.keys():
        sub, where = schema_set.resolve(properties[name], base)
        path = f"{prefix}{name}"
        if sub.get("type") == "array" and isinstance(sub.get("items"), dict):
            sub, where = schema_set.resolve(sub["items"], where)
            path += "[]"
        if hints[name] in (Text, Text | None, tuple[Text, ...]):
            if set(sub.get("properties", ())) != set(CODES):
                found.append(f"{path}: Text in {cls.__name__}, but the schema's languages are not the registry's")
            continue
        inner = _dataclass_in(hints[name])
        if inner is not None and hasattr(inner, "from_plain"):  # a short form too (a citation by id): not a group
            continue
        if "properties" in sub and inner is not None:
            _compare(schema_set, sub, where, inner, f"{path}.", found)
        elif "properties" in sub or inner is not None:
            found.append(f"{path}: a group of fields on one side only (schema or {cls.__name__})")


def schema_fields(schema_set: SchemaSet, kind: str) -> set[str]:
    """The top-level fields of a record kind's schema."""
    return set(schema_set.root(kind)[0]["properties"])


def csv_gaps(schema_set: SchemaSet, kind: str) -> list[str]:
    """Schema fields that the CSV neither exports nor lists as left out (and fields listed as both)."""
    columns, left_out = CSV[kind]
    fields = schema_fields(schema_set, kind)
    gaps = [
        f"{kind}:{name}: neither a CSV column nor listed as left out"
        for name in sorted(fields)
        if name not in columns and name not in left_out
    ]
    return gaps + [f"{kind}:{name}: both a CSV column and left out" for name in sorted(set(columns) & set(left_out))]


def new(found: list[str], before: list[str]) -> list[str]:
    """What a change added to a list of problems (the copy may already differ from the repository)."""
    return [item for item in found if item not in before]


def add_field(project: Project, kind: str, name: str, prop: dict) -> SchemaSet:
    """Add a top-level property to a record schema in a project copy; return the changed schemas."""
    path = project.schema_dir / f"{kind}.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["properties"][name] = prop
    path.write_text(json.dumps(schema), "utf-8")
    return schemas(project.root)


@pytest.mark.parametrize("kind", MODELS)
def test_schema_and_model_declare_the_same_fields(kind):
    assert mismatches(schemas(), kind) == []


def test_a_field_only_in_the_schema_is_noticed(project: Project):
    before = mismatches(schemas(project.root), "case")
    changed = add_field(project, "case", "website", {"$ref": "common.schema.json#/$defs/url", "description": "Site."})
    assert new(mismatches(changed, "case"), before) == ["case:website: in the schema, not in Case"]


def test_a_nested_field_only_in_the_schema_is_noticed(project: Project):
    before = mismatches(schemas(project.root), "program")
    path = project.schema_dir / "common.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["$defs"]["figure"]["properties"]["source"] = {"type": "string", "description": "Which source."}
    path.write_text(json.dumps(schema), "utf-8")
    changed = mismatches(schemas(project.root), "program")
    assert new(changed, before) == ["program:reach[].source: in the schema, not in Figure"]


def test_from_data_names_a_field_the_model_lacks():
    with pytest.raises(TypeError) as caught:
        from_data(Milestone, {"text": {"ko": "가", "en": "a"}, "date": "2013", "place": "a"})
    assert str(caught.value) == "Milestone has no field 'place', which the schema allows: add it to the model"


def test_from_data_names_a_field_the_data_leaves_out():
    with pytest.raises(TypeError) as caught:
        from_data(Figure, {"value": 3, "measure": {"ko": "가", "en": "a"}})
    assert str(caught.value) == "Figure needs field 'unit', which the data leaves out"


def test_from_data_does_not_take_a_swapped_field_for_a_missing_one():
    """Same number of keys, different names: the fast path for flat classes must not accept it."""
    with pytest.raises(TypeError, match="Status has no field 'since'"):
        from_data(Status, {"value": "active", "since": "2013"})


@pytest.mark.parametrize("kind", MODELS)
def test_every_schema_field_is_in_the_csv_or_listed_as_left_out(kind):
    columns, left_out = CSV[kind]
    model = {f.name for f in dataclasses.fields(MODELS[kind])}
    assert csv_gaps(schemas(), kind) == []
    assert [name for name in (*columns, *left_out) if name not in model and name != "url"] == []


def test_a_field_missing_from_the_csv_is_noticed(project: Project):
    before = csv_gaps(schemas(project.root), "program")
    changed = add_field(project, "program", "budget", {"type": "integer", "description": "Budget."})
    assert new(csv_gaps(changed, "program"), before) == ["program:budget: neither a CSV column nor listed as left out"]


def test_every_csv_row_fills_exactly_its_columns():
    """A column declared but not filled (or filled but not declared) shows up by name."""
    catalogue, _ = check(Project(REPO))
    for record in (*catalogue.programs, *catalogue.cases):
        program = isinstance(record, Program)
        row = (
            exports.program_row(record, None, datetime.date(2026, 3, 1)) if program else exports.case_row(record, None)
        )
        columns = exports.PROGRAM_COLUMNS if program else exports.CASE_COLUMNS
        assert sorted(set(columns) ^ set(row)) == [], record.id


@pytest.mark.parametrize("kind", MODELS)
def test_the_json_export_carries_every_schema_field(kind):
    """`record_data` writes every model field but the skipped ones, and the export schema allows them all."""
    assert schema_fields(schemas(), kind) & exports._SKIPPED == set()
    item = exports.export_schema(schemas(), kind)["properties"][f"{kind}s"]["items"]
    assert schema_fields(schemas(), kind) <= set(item["properties"])


def test_the_json_export_writes_what_the_model_holds():
    catalogue, _ = check(Project(REPO))
    for record in (*catalogue.programs, *catalogue.cases):
        present = {f.name for f in dataclasses.fields(record) if getattr(record, f.name) not in (None, ())}
        assert set(exports.record_data(record)) == present - exports._SKIPPED, record.id


def test_every_field_has_a_korean_description_beside_the_english():
    assert untranslated(schemas()) == []
    for kind in MODELS:
        for row in reference_fields(schemas(), kind):
            assert row.schema[KOREAN_DESCRIPTION] != row.schema["description"], f"{kind}:{row.path}"


def test_a_field_without_korean_is_noticed(project: Project):
    before = untranslated(schemas(project.root))
    changed = add_field(project, "case", "website", {"$ref": "common.schema.json#/$defs/url", "description": "Site."})
    assert new(untranslated(changed), before) == ["case:website"]
