"""MkDocs hooks: the thin adapter that runs the core before each build and watches the records.

Listed under `hooks:` in mkdocs.yml and site_config/mkdocs.en.yml, so MkDocs loads one copy of
this module per language. It only wires events: the records are rendered by `generator.pipeline`;
under `mkdocs serve --dirty` (`make serve`) the default language's copy also rebuilds the others, and
`generator.mkdocs_adapter.preview.Preview` keeps each language's dirty rebuilds right and quick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mkdocs.exceptions import PluginError

from generator import pipeline
from generator.build_time import BuildDateError
from generator.diagnostics import ContentError
from generator.folders import FolderProblem
from generator.frame import load_frame
from generator.languages import LANGUAGES, language
from generator.mkdocs_adapter import background as mkdocs_background
from generator.mkdocs_adapter import build as mkdocs_adapter
from generator.mkdocs_adapter import parallel as mkdocs_parallel
from generator.mkdocs_adapter import preview as mkdocs_preview
from generator.mkdocs_adapter import private
from generator.mkdocs_adapter import problems as mkdocs_problems
from generator.paths import language_site_url, mkdocs_config, output_dir, switcher_links
from generator.project import Project, find_project
from generator.publish import site_files
from generator.records.strings import load_strings
from generator.search.index import write_search_index
from generator.site_address import SiteAddressError, normalise_site_url
from generator.staged import Staged, prepare_staged

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext


@dataclass
class HookState:
    """What this copy of the hooks remembers between events: the command, and the running rebuild's steps."""

    command: str = "build"
    dirty: bool = False
    laps: mkdocs_background.Laps | None = None  # the steps of the running serve rebuild
    staged: Staged | None = None  # what the running serve rebuild leaves to the background

    @property
    def previewing(self) -> bool:
        """`mkdocs serve --dirty`: the previews of `make serve`."""
        return self.command == "serve" and self.dirty

    def lap(self, name: str) -> None:
        """End the step `name` of the running preview rebuild (nothing outside previews)."""
        if self.previewing and self.laps is not None:
            self.laps.lap(name)


STATE = HookState()


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember whether this is `build` or `serve`, and whether serve rebuilds only changed pages."""
    STATE.command, STATE.dirty = command, dirty
    if STATE.previewing:
        private.quiet_dirty_warning()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Set the language switcher and address from the registry; render the records (unless the caller just did)."""
    project = find_project(Path(config.config_file_path).parent)
    try:
        config.site_url = normalise_site_url(config.site_url) or ""
    except SiteAddressError as exc:
        raise PluginError(str(exc)) from None
    config.extra["alternate"] = switcher_links(config.theme["language"])  # the registry's, in every config
    if config.site_url:  # every language's config inherits SITE_URL; its pages live under its prefix
        config.site_url = language_site_url(config.site_url, config.theme["language"])
    if STATE.previewing:
        STATE.laps = mkdocs_background.Laps()
        mkdocs_preview.begin_preview(_site_dirs(config))
        STATE.lap("wait")
    if STATE.command == "serve" or project.root not in pipeline.PREPARED:
        try:
            if STATE.previewing:  # the record pages now, the lists and open data in the background
                STATE.staged = prepare_staged(project)
            else:
                pipeline.prepare(project)
        except ContentError as exc:
            _show_problems(project, config, exc)
            raise PluginError(f"the records have problems:\n{exc}") from None
        except FolderProblem as exc:
            _show_problems(project, config, exc)
            raise PluginError(str(exc)) from None
        except BuildDateError as exc:
            raise PluginError(str(exc)) from None
        if STATE.command == "serve":
            mkdocs_problems.clear_problems(Path(config.site_dir))
    config.extra["kb_frame"] = _frame(project, config.theme["language"])  # the footer: publisher, repository
    STATE.lap("records")
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Material's search plugin indexes only this build's pages: the hook merges them with the rest itself.

    Under `mkdocs serve --dirty` the plugin would otherwise merge them with the index of its previous
    build, which may be the other language's (both configs share one plugin object).
    """
    private.forget_previous_search_index(config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Give every page of the navigation its title; in a preview, plan which pages this rebuild renders."""
    mkdocs_preview.read_nav_sources(nav, config)
    preview = mkdocs_preview.preview_of(config)
    if preview is not None:
        preview.plan(config, files, nav)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Reuse compiled theme templates across builds; a preview keeps the environment for the background."""
    env.bytecode_cache = mkdocs_preview.TEMPLATE_CACHE
    preview = mkdocs_preview.preview_of(config)
    if preview is not None:
        preview.keep_env(env)
    return env


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Give the page its absolute `hreflang` alternates (none without a site address)."""
    context["kb_alternates"] = site_files.alternates_of(config, page.url)
    return context


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """Give sitemap.xml each page's address and its alternates (nothing without a site address)."""
    if template_name == "sitemap.xml":
        context["kb_sitemap"] = site_files.sitemap_entries(config, context["pages"])
    return context


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
    """Rebuild when a record, template, schema or hand-written page changes (not when the hook writes the tree)."""
    project = find_project(Path(config.config_file_path).parent)
    for folder in ("programs", "cases", "site_config", "docs"):
        if (project.root / folder).is_dir():
            server.watch(str(project.root / folder))
    server.unwatch(config.docs_dir)  # written by every rebuild: watching it would trigger a second one
    mkdocs_problems.serve_problems(server)  # a rebuild that fails on the records shows them in the browser
    return server


def on_post_build(config: MkDocsConfig) -> None:
    """Write the Korean-aware search index (from Material's); serving the default language, build the others too."""
    preview = mkdocs_preview.preview_of(config)
    if preview is not None:
        preview.finish(config)
    elif not mkdocs_parallel.INDEX_LATER:  # `build_site` writes every language's index with one analyser
        write_search_index(Path(config.site_dir))
    site_files.finish_site(config)
    STATE.lap(f"{config.theme['language']} pages")
    if STATE.command == "serve" and language(config.theme["language"]).is_default:
        project = find_project(Path(config.config_file_path).parent)
        for other in (lang.code for lang in LANGUAGES if not lang.is_default):
            mkdocs_adapter.build_language(
                mkdocs_config(project.root, other),
                output_dir(Path(config.site_dir), other),
                strict=False,
                dirty=STATE.dirty,
            )
            STATE.lap(f"{other} pages")
    if STATE.previewing:
        mkdocs_preview.log.info(f"rebuilt: {STATE.laps}")
        if STATE.staged is not None and language(config.theme["language"]).is_default:
            mkdocs_preview.finish_later(STATE.staged, _site_dirs(config))
            STATE.staged = None
        mkdocs_preview.end_preview()


def on_build_error(error: Exception) -> None:
    """A failed serve rebuild must not hold up the background work of the next."""
    if STATE.previewing:
        STATE.staged = None
        mkdocs_preview.end_preview()


def on_shutdown() -> None:
    """Stop the background work of the previews."""
    if STATE.previewing:
        mkdocs_background.BACKGROUND.stop()


def _frame(project: Project, lang: str) -> dict[str, str]:
    """The footer's texts and addresses in one language (site_config/site.yaml and strings.yaml)."""
    try:
        strings = load_strings(project.config_dir / "strings.yaml", "site_config/strings.yaml")
        return load_frame(project).theme(lang, strings.bound(lang))
    except (ContentError, KeyError, TypeError) as exc:  # the records' check reports the file's problems
        raise PluginError(f"site_config/site.yaml or strings.yaml: {exc}") from None
    except SiteAddressError as exc:  # REPOSITORY_URL
        raise PluginError(str(exc)) from None


def _show_problems(project: Project, config: MkDocsConfig, error: ContentError | FolderProblem) -> None:
    """Under serve, show the problems that stop this rebuild in the browser, on every page of each language."""
    if STATE.command != "serve":
        return
    own = language(config.theme["language"])  # served alone at the root unless it is the default language
    served = {lang.prefix: lang.code for lang in LANGUAGES} if own.is_default else {"": own.code}
    try:
        mkdocs_problems.show_problems(project, error, Path(config.site_dir), served)
    except OSError as exc:  # the terminal still shows the problems; the server waits for a good rebuild, as before
        mkdocs_preview.log.warning(f"the error page could not be written: {exc}")


def _site_dirs(config: MkDocsConfig) -> list[Path]:
    """The site folders a serve rebuild of this config builds: its own, and for the default language every other."""
    site = Path(config.site_dir)
    return (
        [output_dir(site, lang.code) for lang in LANGUAGES] if language(config.theme["language"]).is_default else [site]
    )
