"""What the hook adds to each language's built site: hreflang alternates, sitemaps and robots.txt.

Only absolute addresses are right in a sitemap, in `hreflang` alternates and in robots.txt, so
with no site address none of them is published (README: "Building without an address").
Works on MkDocs' config and pages by their attributes; imports nothing from MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from ..languages import LANGUAGES, language
from ..paths import language_root, page_alternates, root_of

SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")


def site_root(config) -> str | None:
    """The address of the whole site (the default language's root) from one language's MkDocs config."""
    return root_of(config.site_url, config.theme["language"])


def alternates_of(config, page_path: str | None) -> list[tuple[str, str]]:
    """(hreflang, absolute address) of a page in every language and x-default; [] without an address."""
    root = site_root(config)
    if root is None or page_path is None:
        return []
    return page_alternates(root, page_path)


def sitemap_entries(config, pages) -> list[dict]:
    """One sitemap entry per page of this language: its address, last change and alternates."""
    root = site_root(config)
    if root is None:
        return []
    lang = config.theme["language"]
    entries = []
    for file in pages:
        page = file.page
        if page is None or page.is_link:
            continue
        entries.append(
            {
                "loc": language_root(root, lang) + page.url,
                "lastmod": page.update_date,
                "alternates": page_alternates(root, page.url),
            }
        )
    return entries


def robots_txt(root: str) -> bytes:
    """robots.txt: everything may be crawled; the sitemap of each language."""
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {language_root(root, lang)}sitemap.xml" for lang in (lang.code for lang in LANGUAGES)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def finish_site(config) -> None:
    """After a language's build: drop the sitemaps that cannot be right, write robots.txt at the root."""
    site = Path(config.site_dir)
    root = site_root(config)
    if root is None:
        for name in SITEMAP_FILES:
            (site / name).unlink(missing_ok=True)
        return
    if language(config.theme["language"]).is_default:
        (site / "robots.txt").write_bytes(robots_txt(root))
