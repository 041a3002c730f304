"""The parts of MkDocs and Material that are not public API: used in one module, and still shaped as it expects.

generator/mkdocs_adapter/private.py refuses other versions than the locked ones; these tests say what
to recheck when a lock file moves, and fail when a name it relies on changes its signature or goes.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import material.plugins.search.plugin as material_search
import mkdocs.commands.build as mkdocs_build
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.utils import clean_directory
from test_engines import pins

from generator.mkdocs_adapter import private

REPO = Path(__file__).resolve().parent.parent
PRIVATE_NAMES = {
    "_build_page",
    "_populate_page",
    "SearchIndex",
    "search_index_prev",
    "clean_directory",
    "add_entry_from_context",
}


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_checked_versions_are_the_locked_ones():
    main, properdocs = pins(REPO / "requirements.lock"), pins(REPO / "requirements-properdocs.lock")
    assert {"mkdocs": main["mkdocs"], "properdocs": properdocs["properdocs"]} == private.ENGINES
    assert private.MATERIAL == main["mkdocs-material"] == properdocs["mkdocs-material"]


def test_other_versions_are_refused_in_one_line():
    private.check_versions("mkdocs", "1.6.1", "9.8.2")
    private.check_versions("properdocs", "1.6.7", "9.8.2")
    for found in (
        ("mkdocs", "1.6.2", "9.8.2"),
        ("properdocs", "1.6.8", "9.8.2"),
        ("mkdocs", "1.6.1", "9.7.6"),
        ("zensical", "1.6.1", "9.8.2"),
    ):
        with pytest.raises(private.UnsupportedVersion) as caught:
            private.check_versions(*found)
        assert str(caught.value) == (
            "the site needs mkdocs 1.6.1 or properdocs 1.6.7 with mkdocs-material 9.8.2, but found "
            f"{found[0]} {found[1]} with mkdocs-material {found[2]}; install the locked versions (make site), "
            "or see generator/mkdocs_adapter/private.py to support others"
        )


def test_mkdocs_build_functions_keep_their_signatures():
    assert parameters(mkdocs_build._populate_page) == ["page", "config", "files", "dirty"]
    assert parameters(mkdocs_build._build_page) == ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]
    for function in (mkdocs_build._populate_page, mkdocs_build._build_page):
        assert [p.default for p in inspect.signature(function).parameters.values()][-1] is False
    assert parameters(clean_directory) == ["directory"]
    assert parameters(File.is_modified) == ["self"]


def test_mkdocs_still_warns_about_dirty_builds_from_that_logger():
    assert mkdocs_build.log.name == private.DIRTY_WARNING_LOGGER
    assert private.DIRTY_WARNING in inspect.getsource(mkdocs_build.build)


def test_material_search_index_keeps_its_shape():
    index = material_search.SearchIndex()
    assert index.entries == []
    assert parameters(index.add_entry_from_context) == ["page"]
    plugin = material_search.SearchPlugin()
    assert plugin.search_index_prev is None
    assert "self.search_index_prev" in inspect.getsource(material_search.SearchPlugin.on_post_build)


def test_the_previous_search_index_is_forgotten(tmp_path):
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path))  # no rendered tree needed
    search = config.plugins["material/search"]
    search.search_index_prev = object()
    private.forget_previous_search_index(config)
    assert search.search_index_prev is None


def test_no_other_module_touches_the_private_parts():
    offenders = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if path.name == "private.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("mkdocs", "material")):
                names = {alias.name for alias in node.names}
            elif isinstance(node, ast.Attribute):
                names = {node.attr}
            elif isinstance(node, ast.Assign):  # calling File.is_modified is public; replacing it is not
                names = {"is_modified"} & {getattr(target, "attr", "") for target in node.targets}
                names = {f"{name} =" for name in names}
                offenders += [f"{path.relative_to(REPO)}:{node.lineno}: {name}" for name in names]
                continue
            else:
                continue
            offenders += [f"{path.relative_to(REPO)}:{node.lineno}: {name}" for name in names & PRIVATE_NAMES]
            if isinstance(node, ast.ImportFrom) and node.module.startswith("material.plugins"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.module}")
    assert offenders == []
