"""Render the catalogue into one Markdown tree per language, through Jinja2 templates.

Everything is collected first, then written: a page path claimed twice is an error, and
the tree on disk is only touched where a file's bytes changed (so `mkdocs serve` rebuilds
what changed and ProperDocs or Zensical can build the same tree).
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from .diagnostics import ContentError, Diagnostic
from .finder import FINDER_PATH, finder_json
from .jsonld import jsonld_for_page
from .model import LANGUAGES, Catalogue, Figure, Program, Text
from .project import Project
from .strings import Strings
from .text import escape_markdown, mermaid_label, render_rich_text
from .validate import page_path

_BLANK_LINES = re.compile(r"\n{3,}")


class Renderer:
    """Turns a Catalogue into {relative path: bytes} for every language."""

    def __init__(self, project: Project, catalogue: Catalogue, strings: Strings, site_url: str | None = None):
        self.project = project
        self.catalogue = catalogue
        self.strings = strings
        self.site_url = site_url
        self.env = _environment(project.config_dir / "templates")

    def render_all(self) -> dict[str, bytes]:
        """Every generated file of every language, keyed `ko/...` and `en/...`."""
        files: dict[str, bytes] = {}
        problems: list[Diagnostic] = []
        for lang in LANGUAGES:
            try:
                pages = self.render_language(lang)
            except ContentError as exc:
                problems += exc.diagnostics
                continue
            files.update((f"{lang}/{path}", content) for path, content in pages.items())
        if problems:
            raise ContentError(list(dict.fromkeys(problems)))  # assets are copied once per language
        return dict(sorted(files.items()))

    def render_language(self, lang: str) -> dict[str, bytes]:
        """Pages, copied hand-written docs and assets for one language."""
        cat, label = self.catalogue, self.strings.get
        pages = _Pages(lang)
        self._page(pages, "index.md", "home.md.j2", label("home_title", lang))
        self._page(pages, "programs/index.md", "program_index.md.j2", label("programs_title", lang))
        self._page(pages, "compare.md", "compare.md.j2", label("compare_title", lang))
        self._page(pages, "find.md", "find.md.j2", label("find_title", lang))
        self._page(pages, "cases/index.md", "case_index.md.j2", label("cases_title", lang))
        self._page(pages, "tags/index.md", "tag_index.md.j2", label("tags_title", lang))
        for program in cat.programs:
            self._page(pages, page_path("program", program.id), "program.md.j2", program.name.get(lang),
                       program.summary.get(lang), owner=program.source_path, program=program)
        for case in cat.cases:
            self._page(pages, page_path("case", case.id), "case.md.j2", case.title.get(lang),
                       case.summary.get(lang), owner=case.source_path, case=case)
        for tag in cat.used_tags():
            self._page(pages, f"tags/{tag}.md", "tag.md.j2", cat.label("tags", tag, lang),
                       owner="site_config/taxonomy.yaml", tag=tag)
        pages.copy_tree(self.project.root / "docs" / lang, "", f"docs/{lang}/")
        pages.copy_tree(self.project.config_dir / "assets", "assets/", "site_config/assets/")
        pages.claim(FINDER_PATH, finder_json(cat, lang, self.strings.bound(lang)), "generator/finder.py")
        pages.check()
        return pages.content

    def _page(self, pages: _Pages, path: str, template: str, title: str, description: str | None = None,
              owner: str | None = None, **context) -> None:
        body = self.env.get_template(template).render(
            lang=pages.lang, page_path=path, cat=self.catalogue, s=self.strings.bound(pages.lang), title=title,
            **context,
        )
        body = _BLANK_LINES.sub("\n\n", body).strip("\n")
        jsonld = jsonld_for_page(self.catalogue, path, pages.lang, None, self.site_url)
        # Listing pages repeat the summaries of the records they list; a record's own page should rank first.
        listing = template not in ("program.md.j2", "case.md.j2")
        diagram = "``` mermaid" in body
        text = front_matter(title, description, jsonld, listing, diagram) + "\n" + body
        pages.claim(path, text.encode("utf-8") + b"\n", owner or f"site_config/templates/{template}")


class _Pages:
    """The files of one language, each with the file it comes from; a path claimed twice is a problem."""

    def __init__(self, lang: str):
        self.lang = lang
        self.content: dict[str, bytes] = {}
        self.owners: dict[str, str] = {}
        self.problems: list[Diagnostic] = []

    def claim(self, path: str, content: bytes, owner: str) -> None:
        """Add a file, or note that another source already writes it."""
        if path in self.owners:
            message = f"would write {self.lang}/{path}, which {self.owners[path]} already writes; rename one"
            self.problems.append(Diagnostic(owner, 1, 1, "", message))
            return
        self.owners[path] = owner
        self.content[path] = content

    def copy_tree(self, folder: Path, prefix: str, display: str) -> None:
        """Add every file under `folder` (hidden ones left out) as it is; a symbolic link is a problem."""
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = path.relative_to(folder).as_posix()
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            if path.is_symlink():
                # It could point anywhere on the machine that builds the site, and publish that file.
                message = "is a symbolic link; pages and assets must be regular files in the repository"
                self.problems.append(Diagnostic(display + rel, 1, 1, "", message))
            elif path.is_file():
                self.claim(prefix + rel, path.read_bytes(), display + rel)

    def check(self) -> None:
        """Raise ContentError for the problems found (a path claimed twice, a symbolic link)."""
        if self.problems:
            raise ContentError(self.problems)


def front_matter(
    title: str, description: str | None = None, jsonld: str | None = None, listing: bool = False, diagram: bool = False
) -> str:
    """The page's YAML front matter, written by the YAML dumper, with HTML-escaped values.

    MkDocs treats `page.title` as HTML (a title taken from a heading keeps its entities) and its
    templates do not autoescape: Material writes `page.meta.title`, `page.title` and
    `page.meta.description` into the page as they are. `jsonld` is a ready, escaped
    `<script type="application/ld+json">` element that the theme writes into the page head.
    """
    front = {"title": html.escape(" ".join(title.split()), quote=False)}
    if description:
        front["description"] = html.escape(" ".join(description.split()), quote=True)
    if jsonld:
        front["jsonld"] = jsonld
    if listing:
        front["search"] = {"boost": 0.5}
    if diagram:
        front["mermaid"] = True  # the theme loads Mermaid only on such pages
    dumped = yaml.dump(front, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=True, width=2**30)
    return "---\n" + dumped + "---\n"


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # macro output is Markup, so it is escaped once, by finalize
        finalize=lambda value: Markup(escape_markdown(value)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        tr=_translate, rich=_rich, rel=_relative, figure=_figure, mermaid=_mermaid, term=_term,
        page=lambda record_id, kind: page_path(kind, record_id),
    )
    return env


@jinja2.pass_context
def _translate(ctx, text: Text | None) -> str:
    """The text in the page's language (empty when the field is absent)."""
    return text.get(ctx["lang"]) if text is not None else ""


@jinja2.pass_context
def _rich(ctx, text: Text) -> Markup:
    return render_rich_text(text.get(ctx["lang"]))


@jinja2.pass_context
def _term(ctx, term: str, vocabulary: str) -> str:
    return ctx["cat"].label(vocabulary, term, ctx["lang"])


@jinja2.pass_context
def _relative(ctx, target: str) -> Markup:
    """A link target relative to the current page, for MkDocs to validate and rewrite."""
    here = posixpath.dirname(ctx["page_path"])
    return Markup(posixpath.relpath(target, here or "."))


@jinja2.pass_context
def _figure(ctx, figure: Figure) -> str:
    """'about 250 companies' / '약 250곳'."""
    lang = ctx["lang"]
    value = figure.value
    number = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    unit = figure.unit.get(lang) if figure.unit else ""
    if lang == "ko":
        text = f"{number}{unit}" if unit and not unit[0].isascii() else f"{number} {unit}".strip()
        return {"about": f"약 {text}", "more-than": f"{text} 이상"}.get(figure.qualifier, text)
    text = f"{number} {unit}".strip()
    return {"about": f"about {text}", "more-than": f"more than {text}"}.get(figure.qualifier, text)


@jinja2.pass_context
def _mermaid(ctx, program: Program) -> Markup:
    lang = ctx["lang"]
    lines = ["``` mermaid", "flowchart TD"]
    for index, step in enumerate(program.process, start=1):
        lines.append(f'  s{index}["{index}. {mermaid_label(step.name.get(lang))}"]')
        if index > 1:
            lines.append(f"  s{index - 1} --> s{index}")
    lines.append("```")
    return Markup("\n".join(lines))


def render_catalogue(
    project: Project, catalogue: Catalogue, strings: Strings, site_url: str | None = None
) -> dict[str, bytes]:
    """Every generated file for the catalogue, keyed by path under the generated folder."""
    return Renderer(project, catalogue, strings, site_url).render_all()
