"""The placeholders of site_config/strings.yaml: what the code fills in, checked by validate (issue 23)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import nodes

from generator.diagnostics import ContentError
from generator.records.strings import PLACEHOLDERS, allowed_placeholders, load_strings
from generator.render.pages import _environment

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = _environment(REPO / "site_config/templates")  # the renderer's own (it knows {% fragment %})
STRINGS = (REPO / "site_config/strings.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            '"Status and deadlines are worked out as of {date},',
            '"Status and deadlines are worked out as of {dat},',
            "home_built.en",
            "{dat} is not filled in here; expected {date}",
        ),
        ('map_more: {ko: "외 {n}건"', 'map_more: {ko: "외 건"', "map_more.en", "other placeholders than the Korean"),
        ('"{n} steps"', '"{n:>3} steps"', "steps_count.en", "not a plain {name}; expected {n}"),
        ('"as of {date}"', '"as of {0}"', "status_as_of.en", "not a plain {name}"),
        ('"as of {date}"', '"as of {date"', "status_as_of.en", "a { or } that is not part of a placeholder"),
        (
            "site_name: {ko: 중소기업 지원 프로그램 지식베이스,",
            'site_name: {ko: "{n} 중소기업 지원 프로그램 지식베이스",',
            "site_name.ko",
            "expected no placeholder",
        ),
    ],
)
def test_a_wrong_placeholder_is_refused_with_its_label_and_language(tmp_path, old, new, field, message):
    text = STRINGS.replace(old, new, 1)
    assert text != STRINGS
    (tmp_path / "strings.yaml").write_text(text, "utf-8")
    with pytest.raises(ContentError) as caught:
        load_strings(tmp_path / "strings.yaml", "site_config/strings.yaml")
    key, lang = field.rsplit(".", 1)
    row = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))
    column = re.search(rf"[{{ ]{lang}: ", text.splitlines()[row - 1]).end() + 1  # the value's first character
    assert [d.format() for d in caught.value.diagnostics] == [
        f"site_config/strings.yaml:{row}:{column}: {field}: {caught.value.diagnostics[0].message}"
    ]
    assert message in caught.value.diagnostics[0].message


def test_validate_names_the_file_and_label_and_render_gives_no_traceback(project):
    path = project.config_dir / "strings.yaml"
    path.write_text(STRINGS.replace("as of {date}, the day", "as of {dat}, the day", 1), "utf-8")
    env = {**os.environ, "SMEKB_CACHE": "off"}
    for command in ("validate", "render"):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(project.root), command],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert re.match(r"site_config/strings\.yaml:13:\d+: home_built\.en: \{dat\} is not filled", done.stderr)
        assert "Traceback" not in done.stderr


def _python_uses(source: str) -> Iterator[tuple[str, set[str]]]:
    """`labels["key"].format(a=...)` and `counted(ctx, "key", n, a=...)` in Python."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func, names = node.func, {k.arg for k in node.keywords if k.arg}
        if isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Subscript):
            if isinstance(func.value.slice, ast.Constant) and isinstance(func.value.slice.value, str):
                yield func.value.slice.value, names
        elif isinstance(func, ast.Name) and func.id == "counted" and isinstance(node.args[1], ast.Constant):
            yield node.args[1].value, names | {"n"}


def _template_uses(source: str) -> Iterator[tuple[str, set[str]]]:
    """`s.key.format(a=...)` and `"key" | counted(n)` in a Jinja template."""
    for node in TEMPLATES.parse(source).find_all((nodes.Call, nodes.Filter)):
        if isinstance(node, nodes.Filter) and node.name == "counted" and isinstance(node.node, nodes.Const):
            yield node.node.value, {k.key for k in node.kwargs} | {"n"}
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and node.node.attr == "format":
            label = node.node.node
            if isinstance(label, nodes.Getattr) and isinstance(label.node, nodes.Name) and label.node.name == "s":
                yield label.attr, {k.key for k in node.kwargs}


def _script_uses(source: str) -> Iterator[tuple[str, set[str]]]:
    """`fill(this.text.key, { a, b: ... })` in the site's scripts."""
    for key, args in re.findall(r"fill\((?:this\.text|t)\.(\w+), \{([^}]*)\}", source):
        yield key, set(re.findall(r"(?:^|,)\s*(\w+)\s*(?=[:,]|$)", args.strip()))


def _uses() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    sources = [
        *((_python_uses, p) for p in (REPO / "generator").rglob("*.py")),
        *((_template_uses, p) for p in (REPO / "site_config/templates").glob("*.j2")),
        *((_script_uses, p) for p in (REPO / "site_config/assets/javascripts").glob("*.js")),
    ]
    for finder, path in sources:
        for key, names in finder(path.read_text("utf-8")):
            found.setdefault(key, set()).update(names)
    return found


def test_the_declared_placeholders_are_the_ones_the_code_fills_in():
    uses = _uses()
    assert len(uses) >= 25  # the finder finds the uses (not a test that cannot fail)
    for key, names in uses.items():
        assert names == set(allowed_placeholders(key)), key
    # Labels filled under a computed key (`labels[key].format`, js_case_* for js_*) are declared too.
    computed = {"map_programs", "map_cases", "sources_span", "js_case_shown"}
    assert computed <= set(PLACEHOLDERS) and not computed & set(uses)
    assert PLACEHOLDERS["js_case_shown"] == PLACEHOLDERS["js_shown"]
    assert set(PLACEHOLDERS) <= set(load_strings(REPO / "site_config/strings.yaml", "strings").labels)
