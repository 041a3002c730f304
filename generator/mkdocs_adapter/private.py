"""Every use of a part of MkDocs or Material that is not public API, behind a check of their versions.

The previews of `make serve` (`preview`) and the hooks (`hook`) need a few things neither project
promises to keep; no other module of this project may touch them (tests/test_mkdocs_private.py
checks that, and that each of them still has the shape relied on):

- `mkdocs.commands.build._populate_page` and `_build_page`: render and write one page as a build does;
- `material.plugins.search.plugin.SearchIndex` (`add_entry_from_context`, `entries`): a page's search entries;
- the search plugin's attribute `search_index_prev`: the index a dirty build merges its pages into;
- `File.is_modified`, replaced on one file so that a dirty build skips it;
- `mkdocs.utils.clean_directory` (undocumented), and the text of MkDocs' warning about dirty builds.

They are safe with the versions below only: importing this module with any other refuses at once, in
one line. On an upgrade, run the test above, adjust this module, then the versions here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import material
import mkdocs
from mkdocs.exceptions import Abort

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

#: The engines (MkDocs, or ProperDocs, its fork, under the name `mkdocs`) and Material these parts are known in.
ENGINES = {"mkdocs": "1.6.1", "properdocs": "1.6.7"}
MATERIAL = "9.8.2"


class UnsupportedVersion(Abort):
    """MkDocs, ProperDocs or Material is a version whose private parts this module has not been checked against."""


def check_versions(engine: str, engine_version: str, material_version: str) -> None:
    """Refuse, in one line, any engine or Material version other than the ones checked."""
    expected = " or ".join(f"{name} {version}" for name, version in ENGINES.items())
    if ENGINES.get(engine) != engine_version or material_version != MATERIAL:
        raise UnsupportedVersion(
            f"the site needs {expected} with mkdocs-material {MATERIAL}, but found {engine} {engine_version} "
            f"with mkdocs-material {material_version}; install the locked versions (make site), or see "
            "generator/mkdocs_adapter/private.py to support others"
        )


# ProperDocs' module answers to `mkdocs` (its `properdocs.replacement`), but keeps its own name.
check_versions(mkdocs.__name__, mkdocs.__version__, material.__version__)

from material.plugins.search.plugin import SearchIndex  # noqa: E402 (only after the check)
from mkdocs.commands.build import _build_page, _populate_page  # noqa: E402
from mkdocs.utils import clean_directory  # noqa: E402

#: The start of MkDocs' warning on every dirty build, and the logger it comes from.
DIRTY_WARNING = "A 'dirty' build is being performed"
DIRTY_WARNING_LOGGER = "mkdocs.commands.build"


def render_page(page: Page, config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> list[dict]:
    """Render and write one page as MkDocs' build does; Material's search entries for it."""
    _populate_page(page, config, files)
    index = SearchIndex()  # what Material's plugin adds for the page, just before it renders it
    index.add_entry_from_context(page)
    _build_page(page, config, files.documentation_pages(), nav, env)
    return index.entries


def skip_in_dirty_build(file: File) -> None:
    """Make a dirty build treat `file` as unchanged (it skips the page)."""
    file.is_modified = _unmodified  # type: ignore[method-assign]


def forget_previous_search_index(config: MkDocsConfig) -> None:
    """Stop Material's search plugin from merging this build's pages into the index of its previous build."""
    search: Any = config.plugins.get("material/search")
    if search is not None:
        search.search_index_prev = None


def empty_folder(folder: str) -> None:
    """Remove what is inside `folder` (not the folder itself), as MkDocs does before a clean build."""
    clean_directory(folder)


def quiet_dirty_warning() -> None:
    """Drop MkDocs' warning that dirty builds get the navigation wrong (the previews keep it right)."""
    logging.getLogger(DIRTY_WARNING_LOGGER).addFilter(_not_dirty_warning)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(DIRTY_WARNING)


def _unmodified() -> bool:
    return False
