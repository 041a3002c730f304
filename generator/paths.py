"""Every page path, record address and output folder, for every language of the registry.

The one place that knows where a page lives: the default language at the site root, every other
under its prefix (`en/`), with the same page paths in all, so a page's counterpart in another
language is that language's root plus the page path. Rendering, validation (two records writing
one page), JSON-LD, the feeds, the exports, the sitemaps and the MkDocs adapter all ask here.
"""

from __future__ import annotations

from pathlib import Path

from .languages import DEFAULT, LANGUAGES, language
from .project import KINDS


def page_path(kind: str, record_id: str) -> str:
    """The Markdown page a record renders to, the same in every language (`programs/asti.md`)."""
    return f"{KINDS.get(kind, kind)}/{record_id}.md"


def record_page(kind: str, record_id: str) -> str:
    """A record's page address under its language root (`programs/asti/`)."""
    return f"{KINDS[kind]}/{record_id}/"


def site_path(lang: str, path: str = "") -> str:
    """A page address relative to the site root (`en/programs/asti/`)."""
    return language(lang).prefix + path.lstrip("/")


def language_root(site_url: str, lang: str) -> str:
    """The absolute address of one language's home page."""
    return site_url + language(lang).prefix


def page_url(site_url: str, lang: str, path: str) -> str:
    """The absolute address of a page given by its path under its language root (`programs/asti/`)."""
    return site_url + site_path(lang, path)


def record_url(site_url: str, kind: str, record_id: str, lang: str) -> str:
    """The absolute address of a record's page in one language."""
    return page_url(site_url.rstrip("/") + "/", lang, record_page(kind, record_id))


def record_urls(site_url: str, kind: str, record_id: str) -> dict[str, str]:
    """A record's page address in every language, keyed by code."""
    return {lang.code: record_url(site_url, kind, record_id, lang.code) for lang in LANGUAGES}


def page_alternates(site_url: str, path: str) -> list[tuple[str, str]]:
    """(hreflang, absolute address) of one page in every language, then `x-default`."""
    pairs = [(lang.code, page_url(site_url, lang.code, path)) for lang in LANGUAGES]
    return [*pairs, ("x-default", page_url(site_url, DEFAULT.code, path))]


def root_of(config_site_url: str | None, lang: str) -> str | None:
    """The site root, given the address of one language's site (as MkDocs' config holds it)."""
    if not config_site_url:
        return None
    prefix = language(lang).prefix
    base = config_site_url if config_site_url.endswith("/") else config_site_url + "/"
    return base[: len(base) - len(prefix)] if prefix and base.endswith(prefix) else base


def language_site_url(site_url: str, lang: str) -> str:
    """The address MkDocs gets for one language's build: the site root plus its prefix."""
    prefix = language(lang).prefix
    return site_url if not prefix or site_url.endswith("/" + prefix) else site_url + prefix


def to_site_root(lang: str) -> str:
    """The relative path from a top-level page of a language (`open-data/`) up to the site root."""
    return "../" * (1 + language(lang).prefix.count("/"))


def up_to_site_root(page: str, lang: str) -> str:
    """The relative path from a page of a language, by its Markdown path (`programs/asti.md`, shown at
    `programs/asti/`), up to the site root (`../../`, `../../../` under `en/`)."""
    index = page == "index.md" or page.endswith("/index.md")
    shown = page.removesuffix("index.md") if index else page.removesuffix(".md") + "/"
    return "../" * (shown.count("/") + language(lang).prefix.count("/"))


def feed_path(lang: str) -> str:
    """The Atom feed of success cases in one language, relative to the site root (`api/cases.en.atom`)."""
    return f"api/{language(lang).feed}"


def language_file(name: str, lang: str) -> str:
    """A file name of one language's open data: as given for the default language, else with its code
    before the extension (`deadlines.ics`, `deadlines.en.ics`), as the cases feed is named."""
    if language(lang).is_default:
        return name
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{language(lang).code}{dot}{extension}"


#: The folder of the programmes' calendars under api/calendar/ (no finder facet has this key).
PROGRAM_CALENDARS = "programs"


def calendar_path(lang: str, group: str | None = None, value: str | None = None) -> str:
    """A deadline calendar, relative to the site root: of every call (`api/calendar/deadlines.ics`), or of the
    calls of one programme or finder option (`api/calendar/programs/asti.ics`, `.../applicants/KR.en.ics`)."""
    if group is None:
        return "api/calendar/" + language_file("deadlines.ics", lang)
    return f"api/calendar/{group}/" + language_file(f"{value}.ics", lang)


def calls_feed_path(lang: str, group: str | None = None, value: str | None = None) -> str:
    """The Atom feed of new and changed calls, relative to the site root: of every call (`api/calls.atom`),
    or of one finder option's (`api/feeds/applicants/KR.atom`)."""
    if group is None:
        return "api/" + language_file("calls.atom", lang)
    return f"api/feeds/{group}/" + language_file(f"{value}.atom", lang)


def to_root_from(path: str) -> str:
    """The relative path from a file's folder up to the site root (`api/feeds/applicants/KR.atom` -> `../../../`)."""
    return "../" * path.count("/")


def output_dir(site_dir: Path, lang: str) -> Path:
    """Where one language's site is built, under the site folder."""
    return site_dir / language(lang).prefix if language(lang).prefix else site_dir


def mkdocs_config(root: Path, lang: str) -> Path:
    """One language's MkDocs config in the project at `root`."""
    return root / language(lang).mkdocs_config


def text_columns(name: str) -> tuple[str, ...]:
    """The CSV columns of a text field, one per language (`name_ko`, `name_en`)."""
    return tuple(f"{name}_{lang.code}" for lang in LANGUAGES)


def record_of_page(path: str) -> tuple[str, str] | None:
    """(kind, id) of the record whose page is at `path` (`programs/asti.md`), None for any other page."""
    folder, _, name = path.partition("/")
    kind = next((k for k, plural in KINDS.items() if plural == folder), None)
    return (kind, name.removesuffix(".md")) if kind and name.endswith(".md") and "/" not in name else None


def tag_page(tag: str) -> str:
    """The Markdown page of a tag, the same in every language."""
    return f"tags/{tag}.md"


def generated_path(lang: str, path: str) -> str:
    """Where a language's page is written in the generated tree (`.generated/<code>/...`)."""
    return f"{language(lang).code}/{path}"


def switcher_links(lang: str) -> list[dict[str, str]]:
    """The language switcher of one language's site (MkDocs' `extra.alternate`): each language's root, relative."""
    up = "../" * language(lang).prefix.count("/")
    return [
        {"name": other.name, "link": "./" if other.code == lang else up + other.prefix, "lang": other.code}
        for other in LANGUAGES
    ]
