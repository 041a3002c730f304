"""The core (load, validate, model, render, pipeline, CLI) works without MkDocs.

MkDocs 1.x ends at 1.6.1 and Material 9.8 reaches end of life in 2027: only the package
generator/mkdocs_adapter/ may import them, so the core can move to ProperDocs or Zensical and
`validate` never pays for MkDocs' import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADAPTER = REPO / "generator" / "mkdocs_adapter"
# MkDocs and its plugins (mkdocs_*), the theme, and Python-Markdown with its extensions, which MkDocs runs.
FORBIDDEN = ("mkdocs", "material", "pymdownx", "markdown")


def _forbidden(module: str) -> bool:
    top = module.split(".")[0]
    return top in FORBIDDEN or top.startswith("mkdocs_")


def test_core_and_cli_import_nothing_from_mkdocs(tmp_path):
    script = textwrap.dedent(
        f"""
        import contextlib, io, sys
        import generator.records.load, generator.records.validate, generator.model, generator.render.pages
        import generator.pipeline, generator.cli
        from generator.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["--root", {str(REPO)!r}, "validate"])
        assert code == 0, out.getvalue()
        print("\\n".join(sorted(sys.modules)))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "generator.pipeline" in loaded
    assert [m for m in loaded if _forbidden(m)] == []


def test_only_the_adapter_package_imports_mkdocs():
    offenders = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if ADAPTER in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [f"{path.relative_to(REPO)}:{node.lineno}: {name}" for name in names if _forbidden(name)]
    assert offenders == []


def test_no_two_test_modules_share_a_name():
    """pytest imports test modules by their base name (rootdir-relative, without packages): two files
    named alike in tests/ and tests/browser/ stop the whole suite at collection."""
    names: dict[str, list[str]] = {}
    for path in sorted((REPO / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(REPO)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
