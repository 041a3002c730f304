"""MkDocs hooks: the thin adapter that runs the core before each build and watches the records.

Listed under `hooks:` in mkdocs.yml. It only wires events; the work is in `generator.pipeline`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from generator import pipeline
from generator.diagnostics import ContentError
from generator.project import find_project

_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `build` or `serve`."""
    global _command
    _command = command


def on_config(config):
    """Render the records into the generated tree (unless the caller just did)."""
    project = find_project(Path(config.config_file_path).parent)
    if config.site_url and config.theme["language"] != "ko" and not config.site_url.rstrip("/").endswith("/en"):
        # The English config inherits SITE_URL; its pages live under en/.
        config.site_url = config.site_url.rstrip("/") + "/en/"
    if _command == "serve" or project.root not in pipeline.PREPARED:
        try:
            pipeline.prepare(project)
        except ContentError as exc:
            raise PluginError(f"the records have problems:\n{exc}") from None
    return config


def on_serve(server, config, builder):
    """Rebuild when a record, template, schema or hand-written page changes."""
    project = find_project(Path(config.config_file_path).parent)
    for folder in ("programs", "cases", "site_config", "docs"):
        if (project.root / folder).is_dir():
            server.watch(str(project.root / folder))
    return server


def on_post_build(config) -> None:
    """Write the Korean-aware search index; while serving the Korean site, also build the English one."""
    from generator.search_index import write_search_index  # after Material's search plugin wrote its index

    write_search_index(Path(config.site_dir))
    if _command != "serve" or config.theme["language"] != "ko":
        return
    from generator.mkdocs_adapter import build_language

    project = find_project(Path(config.config_file_path).parent)
    build_language(project.config_dir / "mkdocs.en.yml", Path(config.site_dir) / "en", strict=False)
