"""Render the catalogue into one Markdown tree per language, through Jinja2 templates.

Everything is collected first, then written: a page path claimed twice is an error, and
the tree on disk is only touched where a file's bytes changed (so `mkdocs serve` rebuilds
what changed and ProperDocs or Zensical can build the same tree).
"""

from __future__ import annotations

import contextlib
import datetime
import html
import marshal
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import jinja2
import jinja2.ext
import yaml
from markupsafe import Markup

from ..cache import BuildCache, digest, files_digest
from ..diagnostics import ContentError, Diagnostic
from ..figures import figure_text
from ..folders import linked_folder
from ..frame import fill_repository, load_frame
from ..freshness import build_date
from ..model import LANGUAGES, Case, Catalogue, Figure, Program, Text, links
from ..paths import generated_path, page_path, tag_page
from ..project import Project
from ..publish.case_finder import CASE_FINDER_PATH, case_finder_json
from ..publish.finder import FINDER_PATH, finder_json
from ..publish.jsonld import jsonld_for_page
from ..records.strings import Strings
from ..text import escape_markdown, mark_other_scripts, mermaid_label, render_rich_text
from . import call_list, calls_page, card, derived, filters
from . import map as place_map
from .compare_keys import compare_key_filter

_BLANK_LINES = re.compile(r"\n{3,}")
_LINK_MESSAGE = "is a symbolic link; pages and assets must be regular files in the repository"


class Renderer:
    """Turns a Catalogue into {relative path: bytes} for every language."""

    def __init__(
        self,
        project: Project,
        catalogue: Catalogue,
        strings: Strings,
        site_url: str | None = None,
        cache: BuildCache | None = None,
        today: datetime.date | None = None,
    ):
        self.project = project
        self.today = today or build_date(project.root)  # what status, calls and deadlines are derived against
        self.catalogue = catalogue
        self.strings = strings
        self.site_url = site_url
        self.frame = load_frame(project)
        self.env = _environment(project.config_dir / "templates")
        self.env.renderer = self  # type: ignore[attr-defined] # for {% fragment %}
        derived.install(self.env, catalogue, self.today)
        calls_page.install(self.env, self.today)
        place_map.install(self.env, catalogue.places, project.config_dir)
        self.labels = {lang: strings.bound(lang) for lang in LANGUAGES}
        self.cache = cache or BuildCache(None, "")
        self._fragments: list[str] = []  # the keys of the fragments of the page being rendered
        self.digests = _RecordDigests(catalogue)
        templates = project.config_dir / "templates"
        self.inputs = digest(
            self.cache.salt,
            files_digest(templates.rglob("*.j2"), templates),
            repr(strings.labels),
            repr({name: dict(terms) for name, terms in catalogue.taxonomy.items()}),
            site_url or "",
            self.today.isoformat(),
            place_map.outline_digest(project.config_dir),
            repr(self.frame),
            repr(catalogue.portals),
        )

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
            files.update((generated_path(lang, path), content) for path, content in pages.items())
        if problems:
            raise ContentError(list(dict.fromkeys(problems)))  # assets are copied once per language
        return dict(sorted(files.items()))

    def render_language(self, lang: str) -> dict[str, bytes]:
        """Pages, copied hand-written docs and assets for one language."""
        pages = _Pages(lang)
        self._lists(pages)
        self._records(pages)
        self._copies(pages)
        self._finders(pages)
        pages.check()
        return pages.content

    def render_records(self, lang: str) -> dict[str, bytes]:
        """One language's record pages, copied hand-written docs and assets: all but what reads every record.

        `make serve` writes these first, so an edited record shows before the lists are rendered again.
        """
        pages = _Pages(lang)
        self._records(pages)
        self._copies(pages)
        pages.check()
        return pages.content

    def render_lists(self, lang: str) -> dict[str, bytes]:
        """One language's pages that list every record (`make serve` writes them after the record pages)."""
        pages = _Pages(lang)
        self._lists(pages)
        pages.check()
        return pages.content

    def _lists(self, pages: _Pages) -> None:
        """The pages that list every record (home, lists, finders, comparison, tags)."""
        cat, label, lang = self.catalogue, self.strings.get, pages.lang
        self._page(pages, "index.md", "home.md.j2", label("home_title", lang))
        self._page(pages, "programs/index.md", "program_index.md.j2", label("programs_title", lang))
        self._page(pages, "compare.md", "compare.md.j2", label("compare_title", lang))
        self._page(pages, "find.md", "find.md.j2", label("find_title", lang))
        self._page(pages, "calls.md", "calls.md.j2", label("calls_title", lang))
        self._page(pages, "calls-archive.md", "calls_archive.md.j2", label("calls_archive_title", lang))
        self._page(pages, "cases/index.md", "case_index.md.j2", label("cases_title", lang))
        self._page(pages, "cases/find.md", "case_find.md.j2", label("find_cases_title", lang))
        self._page(pages, "tags/index.md", "tag_index.md.j2", label("tags_title", lang))
        for tag in cat.used_tags():
            self._page(
                pages,
                tag_page(tag),
                "tag.md.j2",
                cat.label("tags", tag, lang),
                owner="site_config/taxonomy.yaml",
                tag=tag,
            )

    def _records(self, pages: _Pages) -> None:
        """A page for every programme and case."""
        cat, lang = self.catalogue, pages.lang
        for program in cat.programs:
            self._page(
                pages,
                page_path("program", program.id),
                "program.md.j2",
                program.name.get(lang),
                program.summary.get(lang),
                owner=program.source_path,
                program=program,
            )
        for case in cat.cases:
            self._page(
                pages,
                page_path("case", case.id),
                "case.md.j2",
                case.title.get(lang),
                case.summary.get(lang),
                owner=case.source_path,
                case=case,
            )

    def _copies(self, pages: _Pages) -> None:
        """The hand-written pages of docs/<language>/ and the theme's assets, copied."""
        lang = pages.lang
        published = ((self.project.root / "docs" / lang, ""), (self.project.config_dir / "assets", "assets/"))
        for folder, prefix in published:
            link = linked_folder(self.project, folder)
            if link is None:
                # The hand-written pages name the repository as `{repository}`: site_config/site.yaml says which.
                fill = (lambda text: fill_repository(text, self.frame)) if not prefix else None
                pages.copy_tree(folder, prefix, self.project.display(folder) + "/", fill)
            else:  # the folder itself (or one above it) could point anywhere and publish what is there
                pages.problems.append(Diagnostic(self.project.display(link) + "/", 1, 1, "", _LINK_MESSAGE))

    def _finders(self, pages: _Pages) -> None:
        """The finders' data of one language."""
        cat, lang = self.catalogue, pages.lang
        finder = self._from_all(f"finder {lang}", lambda: finder_json(cat, lang, self.labels[lang], self.today))
        pages.claim(FINDER_PATH, finder, "generator/publish/finder.py")
        cases = self._from_all(f"case finder {lang}", lambda: case_finder_json(cat, lang, self.labels[lang]))
        pages.claim(CASE_FINDER_PATH, cases, "generator/publish/case_finder.py")

    def files_from_all(self, name: str, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """Files that `make` builds from every record (open data), from the cache while no record changed."""
        key = digest(self.inputs, "from all records", name)
        stored = self.cache.page(key, self.digests)
        if stored is not None:
            return marshal.loads(stored)
        files = make()
        self._store_from_all(key, marshal.dumps(files))
        return files

    def _from_all(self, name: str, make: Callable[[], bytes]) -> bytes:
        key = digest(self.inputs, "from all records", name)
        content = self.cache.page(key, self.digests)
        if content is None:
            content = make()
            self._store_from_all(key, content)
        return content

    def _store_from_all(self, key: str, content: bytes) -> None:
        self.cache.store_page(key, ((n, self.digests(n)) for n in ("programs", "cases", "calls")), content)

    def per_record(self, name: str, record: Program | Case, make: Callable[[], object]) -> object:
        """`make()` for one record (plain data that reads no other record), from the cache while it is unchanged."""
        own = _record_name(record)
        key = digest(self.inputs, "per record", name, own)
        found = self.cache.lookup(key, self.digests)
        if found is not None:
            return marshal.loads(found[1])
        value = make()
        self.cache.store_page(key, [(own, self.digests(own))], marshal.dumps(value))
        return value

    def fragment(
        self, name: str, record: Program | Case, cat: _Tracked, lang: str, folder: str, render: Callable[[], str]
    ) -> Markup:
        """The output of `render` for one record in a page of `folder`, from the cache while nothing it read changed."""
        own = _record_name(record)
        key = digest(self.inputs, "fragment", name, lang, folder, own)
        self._fragments.append(key)
        found = self.cache.lookup(key, self.digests)
        if found is not None:
            cat.note(found[0])
            return Markup(found[1].decode("utf-8"))
        with cat.reading() as reads:
            reads.add(own)
            text = render()
        self.cache.store_page(key, ((n, self.digests(n)) for n in reads), text.encode("utf-8"))
        return Markup(text)

    def _page(
        self,
        pages: _Pages,
        path: str,
        template: str,
        title: str,
        description: str | None = None,
        owner: str | None = None,
        **context,
    ) -> None:
        """Render one page, or take it from the cache if nothing it read has changed since."""
        record = context.get("program") or context.get("case")
        key = digest(self.inputs, pages.lang, path, template, title, description or "", context.get("tag", ""))
        content = self.cache.page(key, self.digests)
        if content is None:
            reads: set[str] = set()
            if record is not None:
                reads.add(_record_name(record))
            self._fragments = []
            content = self._render_page(
                pages.lang, path, template, title, description, _Tracked(self.catalogue, reads), context
            )
            self.cache.store_page(key, ((name, self.digests(name)) for name in reads), content)
            # The page's fragments stay in the cache while it is reused whole, for when one of its records changes.
            self.cache.store_page(key + " fragments", (), marshal.dumps(self._fragments))
        else:
            kept = self.cache.lookup(key + " fragments", self.digests)
            self.cache.keep(marshal.loads(kept[1]) if kept else ())
        pages.claim(path, content, owner or f"site_config/templates/{template}")

    def _render_page(
        self, lang: str, path: str, template: str, title: str, description: str | None, cat: _Tracked, context: dict
    ) -> bytes:
        body = self.env.get_template(template).render(
            lang=lang,
            page_path=path,
            cat=cat,
            s=self.labels[lang],
            title=title,
            today=self.today,
            years=self.catalogue.freshness_years,
            frame=self.frame,
            site_url=self.site_url,
            **context,
        )
        body = _BLANK_LINES.sub("\n\n", body).strip("\n")
        jsonld = jsonld_for_page(cat, path, lang, None, self.site_url)
        # Listing pages repeat the summaries of the records they list; a record's own page should rank first.
        listing = template not in ("program.md.j2", "case.md.j2")
        diagram = DIAGRAM_START in body
        text = front_matter(title, description, jsonld, listing, diagram) + "\n" + body
        return text.encode("utf-8") + b"\n"


def _record_name(record: Program | Case) -> str:
    return f"{'program' if isinstance(record, Program) else 'case'}:{record.id}"


class _RecordDigests:
    """The digest of a record as the model holds it (links included), or of every programme or case."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.memo: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        found = self.memo.get(name)
        if found is None:
            found = self.memo[name] = self._digest(name)
        return found

    def _digest(self, name: str) -> str:
        cat = self.catalogue
        if name in ("programs", "cases"):
            return digest(*(self(_record_name(r)) for r in (cat.programs if name == "programs" else cat.cases)))
        if name == "calls":  # a call's checked file (or its data, in catalogues built without files)
            return digest(*(cat.source_digests.get(f"call:{c.id}") or repr(c) for c in cat.calls))
        kind, _, record_id = name.partition(":")
        record = (cat.program_by_id if kind == "program" else cat.case_by_id).get(record_id)
        if record is None:
            return ""
        source = cat.source_digests.get(name)
        # The checked file and the links drawn from other records make the record; repr is the slow fallback.
        return digest(source, repr(links(record))) if source else digest(repr(record))


class _Tracked:
    """The catalogue as templates see it: the same data, noting which records a page reads.

    Only what is defined here can be reached, so a template that needs more fails loudly
    instead of being cached without knowing what it read. The taxonomy is part of every key.
    """

    def __init__(self, catalogue: Catalogue, reads: set[str]):
        self._cat = catalogue
        self._reads = reads

    def note(self, names: Iterable[str]) -> None:
        """Count records as read (those a cached fragment read)."""
        self._reads.update(names)

    @contextlib.contextmanager
    def reading(self) -> Iterator[set[str]]:
        """Note reads in a set of their own for a while (a fragment's), then add them to the page's too."""
        outer, self._reads = self._reads, set()
        try:
            yield self._reads
        finally:
            outer.update(self._reads)
            self._reads = outer

    @property
    def programs(self) -> tuple[Program, ...]:
        self._reads.add("programs")
        return self._cat.programs

    @property
    def cases(self) -> tuple[Case, ...]:
        self._reads.add("cases")
        return self._cat.cases

    @property
    def calls(self):
        self._reads.add("calls")
        return self._cat.calls

    @property
    def program_by_id(self) -> _TrackedMap:
        return _TrackedMap(self._cat.program_by_id, "program", self._reads)

    @property
    def case_by_id(self) -> _TrackedMap:
        return _TrackedMap(self._cat.case_by_id, "case", self._reads)

    def label(self, vocabulary: str, term: str, lang: str) -> str:
        return self._cat.label(vocabulary, term, lang)

    def tagged(self, tag: str) -> tuple[list[Program], list[Case]]:
        self._reads.update(("programs", "cases"))
        return self._cat.tagged(tag)

    def used_tags(self) -> list[str]:
        self._reads.update(("programs", "cases"))
        return self._cat.used_tags()


class _TrackedMap(Mapping):
    """Records by id, noting each one looked up (or looked for)."""

    def __init__(self, records: dict, kind: str, reads: set[str]):
        self._records, self._kind, self._reads = records, kind, reads

    def __getitem__(self, record_id: str):
        self._reads.add(f"{self._kind}:{record_id}")
        return self._records[record_id]

    def __contains__(self, record_id: object) -> bool:
        self._reads.add(f"{self._kind}:{record_id}")
        return record_id in self._records

    def __iter__(self):
        self._reads.add(f"{self._kind}s")
        return iter(self._records)

    def __len__(self) -> int:
        self._reads.add(f"{self._kind}s")
        return len(self._records)


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

    def copy_tree(self, folder: Path, prefix: str, display: str, fill: Callable[[bytes], bytes] | None = None) -> None:
        """Add every file under `folder` (hidden ones left out) as it is (`fill` applied to Markdown files);
        a symbolic link is a problem."""
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = path.relative_to(folder).as_posix()
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            if path.is_symlink():
                # It could point anywhere on the machine that builds the site, and publish that file.
                self.problems.append(Diagnostic(display + rel, 1, 1, "", _LINK_MESSAGE))
            elif path.is_file():
                content = path.read_bytes()
                self.claim(prefix + rel, fill(content) if fill and path.suffix == ".md" else content, display + rel)

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


class _FragmentExtension(jinja2.ext.Extension):
    """`{% fragment "name", record %}...{% endfragment %}`: a piece of a page about one record, kept in the cache.

    Listing pages repeat a row per record; when one record changes, the rows of all the others
    are taken from the cache. The body may use the record, the labels, the taxonomy and records
    it looks up through `cat` (noted, as for pages), and must not use loop variables of the page.
    """

    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        args = [parser.parse_expression()]
        parser.stream.expect("comma")
        args.append(parser.parse_expression())
        args += [jinja2.nodes.Name(name, "load") for name in ("cat", "lang", "page_path")]
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_fragment", args), [], [], body).set_lineno(lineno)

    def _fragment(self, name: str, record, cat: _Tracked, lang: str, page_path: str, caller) -> Markup:
        renderer: Renderer = self.environment.renderer  # type: ignore[attr-defined]
        return renderer.fragment(name, record, cat, lang, posixpath.dirname(page_path), caller)


class _Finalize:
    """Jinja's `finalize`: every `{{ }}` value escaped for Markdown once, unless it is Markup already, with
    text in another language's script marked with its `lang` (a Korean name on an English page).

    Labels, term names and record names recur on many pages, so the escaped text is kept per renderer.
    """

    def __init__(self):
        self.memo: dict[tuple[str, str], Markup] = {}

    def __call__(self, ctx, value: object) -> Markup:
        lang = ctx.get("lang")
        if type(value) is not str:
            text = escape_markdown(value)
            return Markup(mark_other_scripts(text, lang) if lang and not isinstance(value, Markup) else text)
        found = self.memo.get((lang, value))
        if found is None:
            text = escape_markdown(value)
            found = self.memo[(lang, value)] = Markup(mark_other_scripts(text, lang) if lang else text)
        return found


def _context_finalize(finalize: _Finalize) -> Callable:
    """`finalize` as Jinja calls it with the template's context (for the page's language)."""
    return jinja2.pass_context(lambda ctx, value: finalize(ctx, value))


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        extensions=[_FragmentExtension],
        auto_reload=False,  # one renderer renders one catalogue: no need to stat the templates for each page
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # macro output is Markup, so it is escaped once, by finalize
        finalize=_context_finalize(_Finalize()),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        tr=_translate,
        rich=_rich,
        rel=_relative,
        figure=_figure,
        mermaid=_mermaid,
        term=_term,
        page=lambda record_id, kind: page_path(kind, record_id),
        cites=lambda cites, record: card.cite_marks(record, cites),
        source_list=_source_list,
        card=_card,
        calls=_calls,
        notice=_notice,
        month=_month,
        operator_url=card.operator_url,
        provenance=filters.provenance,
        counted=filters.counted,
        plain=filters.plain,
        cmp_key=compare_key_filter,
        edit_url=filters.edit_url,
        report_url=filters.report_url,
    )
    return env


@jinja2.pass_context
def _translate(ctx, text: Text | None) -> str:
    """The text in the page's language (empty when the field is absent)."""
    return text.get(ctx["lang"]) if text is not None else ""


@jinja2.pass_context
def _rich(ctx, text: Text, record: Program | Case | None = None) -> Markup:
    """Rich text as sanitised HTML; with its record, `[@source-id]` markers become numbered citations."""
    html_text = render_rich_text(text.get(ctx["lang"]))
    html_text = card.inline_citations(html_text, record) if record is not None else html_text
    return Markup(mark_other_scripts(html_text, ctx["lang"]))


@jinja2.pass_context
def _card(ctx, program: Program) -> Markup:
    """The summary card a programme page opens with."""
    term = ctx["cat"].label
    html_text = card.summary_card(
        program,
        ctx["today"],
        ctx["years"],
        ctx["lang"],
        ctx["s"],
        lambda vocabulary, t: term(vocabulary, t, ctx["lang"]),
    )
    return Markup(mark_other_scripts(html_text, ctx["lang"]))


@jinja2.pass_context
def _calls(ctx, program: Program) -> Markup:
    """The programme's calls: open and upcoming first, past ones folded by year."""
    running = ctx["running"](program).state == "running"
    groups = derived.call_groups(program.calls, ctx["today"], running)
    html_text = call_list.program_calls(groups, ctx["today"], ctx["lang"], ctx["s"], running)
    return Markup(mark_other_scripts(html_text, ctx["lang"]))


@jinja2.pass_context
def _notice(ctx, record: Program | Case, operator: str | None = None) -> Markup:
    """The notice on a page whose newest source is older than the freshness limit."""
    notice = card.stale_notice(record, ctx["today"], ctx["years"], ctx["s"], operator)
    return Markup(mark_other_scripts(notice, ctx["lang"]))


@jinja2.pass_context
def _source_list(ctx, record: Program | Case) -> Markup:
    return Markup(mark_other_scripts(card.source_list(record, ctx["lang"], ctx["s"]), ctx["lang"]))


@jinja2.pass_context
def _month(ctx, value: str) -> str:
    return card.month(value, ctx["lang"])


@jinja2.pass_context
def _term(ctx, term: str, vocabulary: str) -> str:
    return ctx["cat"].label(vocabulary, term, ctx["lang"])


@jinja2.pass_context
def _relative(ctx, target: str) -> Markup:
    """A link target relative to the current page, for MkDocs to validate and rewrite."""
    return Markup(relative_path(target, posixpath.dirname(ctx["page_path"])))


def relative_path(target: str, start: str) -> str:
    """`posixpath.relpath(target, start or ".")` for paths inside the docs folder, without its getcwd()."""
    to = [part for part in posixpath.normpath(target).split("/") if part != "."]
    at = [part for part in posixpath.normpath(start or ".").split("/") if part != "."]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


@jinja2.pass_context
def _figure(ctx, figure: Figure) -> str:
    """'about 250 companies' / '약 250개 기업'."""
    return figure_text(figure, ctx["lang"])


#: Mermaid's default `maxTextSize`: a longer diagram shows "Maximum text size in diagram exceeded" instead.
MERMAID_MAX_TEXT = 50_000

#: How a process diagram starts: raw HTML, as superfences writes a mermaid fence, plus the mark that keeps
#: the diagram's code out of Material's search index (the steps' text is indexed from the list below it).
DIAGRAM_START = '<pre class="mermaid" aria-hidden="true" data-search-exclude="true"><code>'


@jinja2.pass_context
def _mermaid(ctx, program: Program) -> Markup:
    """The process as a flowchart, hidden from screen readers, with its steps as a visually hidden list that
    they read instead; none when Mermaid would refuse it (the page then shows the steps as a list)."""
    lang = ctx["lang"]
    lines = ["flowchart TD"]
    for index, step in enumerate(program.process, start=1):
        lines.append(f'  s{index}["{index}. {mermaid_label(step.name.get(lang))}"]')
        if index > 1:
            lines.append(f"  s{index - 1} --> s{index}")
    diagram = "\n".join(lines)  # as Mermaid reads it; in the page, `>` is an entity
    if len(diagram) > MERMAID_MAX_TEXT:
        return Markup("")
    steps = "".join(
        f"<li><strong>{html.escape(step.name.get(lang))}</strong>"
        + (f": {html.escape(step.detail.get(lang))}" if step.detail else "")
        + "</li>"
        for step in program.process
    )
    return Markup(
        DIAGRAM_START + diagram.replace("-->", "--&gt;") + "</code></pre>\n\n" + f'<ol class="kb-sr-only">{steps}</ol>'
    )


def render_catalogue(
    project: Project,
    catalogue: Catalogue,
    strings: Strings,
    site_url: str | None = None,
    cache: BuildCache | None = None,
    today: datetime.date | None = None,
) -> dict[str, bytes]:
    """Every generated file for the catalogue, keyed by path under the generated folder."""
    return Renderer(project, catalogue, strings, site_url, cache, today).render_all()
