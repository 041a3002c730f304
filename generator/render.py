"""Render the catalogue into one Markdown tree per language, through Jinja2 templates.

Everything is collected first, then written: a page path claimed twice is an error, and
the tree on disk is only touched where a file's bytes changed (so `mkdocs serve` rebuilds
what changed and ProperDocs or Zensical can build the same tree).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from .model import LANGUAGES, Case, Catalogue, Figure, Program, Text
from .project import Project
from .strings import Strings
from .text import escape_markdown, mermaid_label, render_rich_text
from .validate import page_path

_BLANK_LINES = re.compile(r"\n{3,}")


class Renderer:
    """Turns a Catalogue into {relative path: bytes} for every language."""

    def __init__(self, project: Project, catalogue: Catalogue, strings: Strings):
        self.project = project
        self.catalogue = catalogue
        self.strings = strings
        self.env = _environment(project.config_dir / "templates")

    def render_all(self) -> dict[str, bytes]:
        """Every generated file of every language, keyed `ko/...` and `en/...`."""
        files: dict[str, bytes] = {}
        for lang in LANGUAGES:
            for path, content in self.render_language(lang).items():
                files[f"{lang}/{path}"] = content
        return dict(sorted(files.items()))

    def render_language(self, lang: str) -> dict[str, bytes]:
        """Pages, copied hand-written docs and assets for one language."""
        cat = self.catalogue
        pages: dict[str, bytes] = {}
        self._page(pages, lang, "index.md", "home.md.j2", self.strings.get("home_title", lang))
        self._page(pages, lang, "programs/index.md", "program_index.md.j2", self.strings.get("programs_title", lang))
        self._page(pages, lang, "cases/index.md", "case_index.md.j2", self.strings.get("cases_title", lang))
        self._page(pages, lang, "tags/index.md", "tag_index.md.j2", self.strings.get("tags_title", lang))
        for program in cat.programs:
            self._page(pages, lang, page_path("program", program.id), "program.md.j2",
                       program.name.get(lang), program.summary.get(lang), program=program)
        for case in cat.cases:
            self._page(pages, lang, page_path("case", case.id), "case.md.j2",
                       case.title.get(lang), case.summary.get(lang), case=case)
        for tag in cat.used_tags():
            self._page(pages, lang, f"tags/{tag}.md", "tag.md.j2", cat.label("tags", tag, lang), tag=tag)
        for path, content in _copy_tree(self.project.root / "docs" / lang).items():
            _claim(pages, path, content)
        for path, content in _copy_tree(self.project.config_dir / "assets").items():
            _claim(pages, f"assets/{path}", content)
        return pages

    def _page(self, pages, lang, path, template, title, description=None, **context) -> None:
        front = {"title": title}
        if description:
            front["description"] = " ".join(description.split())
        body = self.env.get_template(template).render(
            lang=lang, page_path=path, cat=self.catalogue, s=self.strings.bound(lang), title=title, **context
        )
        body = _BLANK_LINES.sub("\n\n", body).strip("\n")
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n" + body
        _claim(pages, path, text.encode("utf-8") + b"\n")


def _claim(pages: dict[str, bytes], path: str, content: bytes) -> None:
    if path in pages:
        raise ValueError(f"two sources write {path}")
    pages[path] = content


def _copy_tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


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


def render_catalogue(project: Project, catalogue: Catalogue, strings: Strings) -> dict[str, bytes]:
    """Every generated file for the catalogue, keyed by path under the generated folder."""
    return Renderer(project, catalogue, strings).render_all()


def cases_of(catalogue: Catalogue, program: Program) -> list[Case]:
    """The cases that used a programme."""
    return [catalogue.case_by_id[c] for c in program.case_ids]
