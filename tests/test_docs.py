"""The docs cannot drift: every schema field, CLI command and option, and export is documented."""

from __future__ import annotations

import argparse
import json

import pytest
from project_copy import REPO

from generator.authoring.fieldref import GUIDES, field_reference, reference_fields, render_guide, untranslated
from generator.cli import _parser
from generator.pipeline import check
from generator.project import Project
from generator.publish.call_exports import CALL_COLUMNS
from generator.publish.exports import CASE_COLUMNS, PROGRAM_COLUMNS, export_files
from generator.records.schema import SchemaSet

LANGS = ("ko", "en")


def guide(lang: str) -> str:
    return (REPO / GUIDES[lang]).read_text("utf-8")


def open_data(lang: str) -> str:
    return (REPO / "docs" / lang / "open-data.md").read_text("utf-8")


def schemas(root=REPO) -> SchemaSet:
    return SchemaSet(root / "site_config" / "schema")


def missing_fields(text: str, schema_set: SchemaSet, kind: str) -> list[str]:
    """Fields of a record kind that the guide's reference does not list."""
    return [row.path for row in reference_fields(schema_set, kind) if f"| `{row.path}` |" not in text]


def commands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def missing_commands(text: str) -> list[str]:
    """CLI commands and long options that the text does not mention."""
    missing = []
    for name, parser in commands().items():
        if f"python -m generator {name}" not in text:
            missing.append(name)
        for action in parser._actions:
            missing += [
                f"{name} {o}" for o in action.option_strings if o.startswith("--") and o != "--help" and o not in text
            ]
    return missing


@pytest.mark.parametrize("lang", LANGS)
def test_guide_matches_what_the_schema_generates(lang):
    assert guide(lang) == render_guide(guide(lang), schemas(), lang), "run: python -m generator docs"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["case", "program"])
def test_every_schema_field_is_in_the_guide(lang, kind):
    assert f"<!-- field-reference:{kind}:start -->" in guide(lang)
    assert missing_fields(guide(lang), schemas(), kind) == []


def test_a_new_schema_field_is_noticed(project: Project):
    path = project.schema_dir / "case.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    url = {"$ref": "common.schema.json#/$defs/url", "description": "Company website."}
    schema["properties"]["sponsor_website"] = url
    path.write_text(json.dumps(schema), "utf-8")
    changed = schemas(project.root)
    assert missing_fields(guide("en"), changed, "case") == ["sponsor_website"]
    assert guide("en") != render_guide(guide("en"), changed, "en")
    assert untranslated(changed) == ["case:sponsor_website"]


def test_reference_tables_are_well_formed():
    for kind in ("case", "program"):
        for lang in LANGS:
            lines = field_reference(schemas(), kind, lang).splitlines()
            assert all(line.count(" | ") - line.count("\\|") == 3 for line in lines if not line.startswith("|---"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_and_option_is_in_the_guide(lang):
    assert missing_commands(guide(lang)) == []
    assert "python -m generator new case" in guide(lang)


def test_a_missing_command_is_noticed():
    text = guide("en").replace("python -m generator report", "").replace("--older-than", "")
    assert missing_commands(text) == ["report", "report --older-than"]


@pytest.mark.parametrize("lang", LANGS)
def test_open_data_page_lists_every_export_and_column(lang):
    project = Project(REPO)
    catalogue, _ = check(project)
    text = open_data(lang)
    for path in export_files(catalogue, project, None):
        name = path.removeprefix("api/schema/")
        assert f"`{path}`" in text or f"`{name}`" in text, path
    for column in (*PROGRAM_COLUMNS, *CASE_COLUMNS, *CALL_COLUMNS):
        assert f"`{column}`" in text, column
    assert '"format_version": 1' in text
