"""bench/ is a package run with `python -m bench.<module>`: relative imports, one way, no sys.path changes."""

from __future__ import annotations

import ast
import subprocess
import sys

from project_copy import REPO

from generator.project import CODE_PARTS, copy_project

BENCH = REPO / "bench"
ENTRY_POINTS = (
    "run",
    "search_bench",
    "finder_bench",
    "calls_bench",
    "serve_bench",
    "stages",
    "synthetic",
    "harvest_bench",
)


def _bench_imports(path) -> set[str]:
    """The bench modules that `path` imports, and any import of bench modules by their bare names."""
    found = set()
    siblings = {p.stem for p in BENCH.glob("*.py")}
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in siblings:
            found.add(f"absolute {node.module}")
        elif isinstance(node, ast.Import):
            found |= {f"absolute {a.name}" for a in node.names if a.name in siblings}
    return found


def test_bench_modules_import_each_other_relatively_one_way_and_leave_sys_path_alone():
    graph = {path.stem: _bench_imports(path) for path in sorted(BENCH.glob("*.py"))}
    assert [f"{m}: {i}" for m, found in graph.items() for i in found if i.startswith("absolute")] == []
    assert [p.name for p in BENCH.glob("*.py") if "sys.path" in p.read_text("utf-8")] == []

    def reaches(start: str, goal: str, seen: frozenset = frozenset()) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph.get(start, ()))

    assert [m for m in graph if reaches(m, m)] == []
    assert "browser" in graph["finder_bench"] and "browser" in graph["search_bench"]


def test_every_entry_point_runs_as_a_module_from_the_project_root():
    for name in ENTRY_POINTS:
        result = subprocess.run(
            [sys.executable, "-m", f"bench.{name}", "--help"], cwd=REPO, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, f"bench.{name}: {result.stderr}"
        assert result.stdout.startswith(f"usage: python -m bench.{name} "), result.stdout


def test_copy_project_replaces_the_code_of_an_earlier_copy_and_keeps_its_records(tmp_path):
    copy_project(tmp_path, REPO)
    (tmp_path / "generator" / "stale.py").write_text("", "utf-8")
    (tmp_path / "programs" / "extra.yaml").write_text("", "utf-8")
    copy_project(tmp_path, REPO, CODE_PARTS)
    assert not (tmp_path / "generator" / "stale.py").exists()
    assert (tmp_path / "programs" / "extra.yaml").exists()
    assert (tmp_path / "generator" / "project.py").read_bytes() == (REPO / "generator" / "project.py").read_bytes()
    assert not list(tmp_path.rglob("__pycache__"))
