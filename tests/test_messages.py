"""The message catalogue (site_config/messages.yaml): every message in every language, none left in code."""

from __future__ import annotations

import ast
import re
import shutil
import string
from pathlib import Path

import pytest
from test_one_run import BROKEN
from test_validate import CASE_PATH, write

from generator.cli import main
from generator.languages import CODES
from generator.texts import catalogue, read_catalogue

REPO = Path(__file__).resolve().parent.parent
#: The modules whose words reach a contributor through `validate`.
MESSAGE_MODULES = ("generator/records", "generator/places.py", "generator/text.py", "generator/search/synonyms.py")
_WORDS = re.compile(r"[a-z]+ [a-z]+ [a-z]+")
_HANGUL = re.compile("[\uac00-\ud7a3]")
#: Text in code that is not a message: what libyaml says (matched, never shown as it is), an import failure.
_NOT_MESSAGES = re.compile(r"^(found |did not find |mapping values |PyYAML was built| does not match )")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _say_calls():
    """(file, line, key, keyword names) of every say("key", ...) in the generator, conditional keys included."""
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
                names = {k.arg for k in node.keywords}
                for key in _keys(node.args[0]):
                    yield path.relative_to(REPO), node.lineno, key, names


def _keys(node: ast.expr) -> list[str]:
    """The keys a say() argument can be: a literal, either branch of `a if x else b`, a literal f-string start."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return [node.values[0].value]
    return []


def test_every_message_has_every_language_and_the_same_placeholders():
    entries, problems = read_catalogue(REPO / "site_config" / "messages.yaml", "site_config/messages.yaml")
    assert problems == []
    assert entries and all(set(texts) == set(CODES) for texts in entries.values())
    for key, texts in entries.items():
        assert len({frozenset(_placeholders(text)) for text in texts.values()}) == 1, key


def test_every_key_the_code_names_exists_with_the_values_it_needs():
    keys = catalogue()
    calls = list(_say_calls())
    assert len(calls) > 100
    for path, line, key, names in calls:
        if key.endswith("_"):  # say(f"kind_{kind}"): checked below
            continue
        assert key in keys, f"{path}:{line}: no message '{key}'"
        assert _placeholders(keys[key]["en"]) == names, f"{path}:{line}: '{key}' takes {_placeholders(keys[key]['en'])}"
    for key in ("kind_program", "kind_case", *(f"type_{t}" for t in ("string", "integer", "number", "object"))):
        assert key in keys


def test_no_message_is_written_in_code():
    """Any English words in the modules that talk to contributors must be a key of the catalogue instead."""
    found = []
    for module in MESSAGE_MODULES:
        path = REPO / module
        for file in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            tree = ast.parse(file.read_text("utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                and node.body
                and isinstance(node.body[0], ast.Expr)
            }
            for node in ast.walk(tree):
                text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
                if id(node) in docstrings or not _WORDS.search(text) or _NOT_MESSAGES.match(text):
                    continue
                found.append(f"{file.relative_to(REPO)}:{node.lineno}: {text[:60]!r}")
    assert found == []


def test_every_load_error_is_given_in_korean(project, capsys):
    """Each broken-file fixture of the loader, and the record with an error of every kind, in Korean."""
    for fixture in sorted((REPO / "tests" / "fixtures" / "load").glob("*.yaml")):
        shutil.copyfile(fixture, project.root / "cases" / fixture.name)
    write(project, CASE_PATH, BROKEN)
    assert main(["--root", str(project.root), "validate", "--lang", "ko"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) > 30
    for line in lines:
        message = re.sub(r"^[^:]+:\d+:\d+: (?:[\w.\[\]]+: )?", "", line)
        assert _HANGUL.search(message), line


def test_a_broken_catalogue_is_refused_with_its_position(project, capsys):
    path = project.root / "site_config" / "messages.yaml"
    text = path.read_text("utf-8")
    text = text.replace("  en: \"required field '{name}' is missing; add it\"\n", "", 1)
    text = text.replace("'{key}'{hint}; allowed here: {allowed}", "'{kye}'{hint}; allowed here: {allowed}", 1)
    path.write_text(text, "utf-8")
    assert main(["--root", str(project.root), "validate", "--lang", "en"]) == 1
    err = capsys.readouterr().err.splitlines()
    lines = text.splitlines()
    missing = lines.index("field_missing:") + 1
    mismatched = lines.index("unknown_field:") + 1
    assert err[:2] == [
        f"site_config/messages.yaml:{missing}:1: field_missing: 언어마다 글이 하나씩 있어야 합니다"
        " / expected a non-empty text in each of: ko, en",
        f"site_config/messages.yaml:{mismatched}:1: unknown_field: 언어마다 같은 {{자리표시자}}를 써야 합니다"
        " / expected the same {placeholders} in every language",
    ]


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("newspaper", "news"),
        ("신문", "news"),
        ("뉴스 기사", "news"),
        ("보도자료", "press-release"),
        ("reprot", "report"),
    ],
)
def test_a_bad_term_is_matched_against_the_vocabulary_in_every_language(project, value, term):
    from generator.records.choices import suggest_term
    from generator.records.load import load_file

    terms = load_file(REPO / "site_config" / "taxonomy.yaml", "taxonomy").data["source_kinds"]
    groups = load_file(REPO / "site_config" / "synonyms.yaml", "synonyms").data["groups"]
    assert suggest_term(value, terms, [tuple(g) for g in groups]) == term
