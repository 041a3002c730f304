"""The published address of the site (SITE_URL) and the absolute page addresses built from it.

Korean is at the site root and English under en/, with the same page paths in both, so a
page's counterpart is the other language's root plus the page path. Without an address the
build publishes only what can be right without one (see README: "Building without an address").
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from .model import LANGUAGES

#: The URL prefix of each language's site under the site root.
LANGUAGE_PREFIX = {"ko": "", "en": "en/"}
#: The language whose page is `x-default`: the site root (the other language is nested in it).
DEFAULT_LANGUAGE = "ko"
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


class SiteAddressError(ValueError):
    """SITE_URL is not an absolute http(s) address, or is missing where it is required."""


def normalise_site_url(text: str | None) -> str | None:
    """SITE_URL as used everywhere: None when empty, else an http(s) address ending in `/`."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or _CONTROL_OR_SPACE.search(value):
        raise SiteAddressError(
            f"SITE_URL: '{value}' is not a site address; expected an absolute http:// or https:// address "
            "such as https://example.github.io/sme-kb/"
        )
    if parts.query or parts.fragment:
        raise SiteAddressError(f"SITE_URL: '{value}' has a query or fragment; expected the address of a folder")
    return value if value.endswith("/") else value + "/"


def site_url_from_env(*, required: bool = False) -> str | None:
    """The site address from the SITE_URL environment variable (`required`: refuse to go on without one)."""
    site_url = normalise_site_url(os.environ.get("SITE_URL"))
    if required and site_url is None:
        raise SiteAddressError(
            "SITE_URL is not set; the published site needs its address for its sitemaps, canonical and "
            "hreflang links, feeds and JSON-LD ids: run SITE_URL=https://host/path/ make site"
        )
    return site_url


def language_root(site_url: str, lang: str) -> str:
    """The absolute address of one language's home page."""
    return site_url + LANGUAGE_PREFIX[lang]


def page_url(site_url: str, lang: str, path: str) -> str:
    """The absolute address of a page given by its path under its language root (`programs/asti/`)."""
    return language_root(site_url, lang) + path.lstrip("/")


def page_alternates(site_url: str, path: str) -> list[tuple[str, str]]:
    """(hreflang, absolute address) of one page in every language, then `x-default`."""
    pairs = [(lang, page_url(site_url, lang, path)) for lang in LANGUAGES]
    return [*pairs, ("x-default", page_url(site_url, DEFAULT_LANGUAGE, path))]


def root_of(config_site_url: str | None, lang: str) -> str | None:
    """The site root, given the address of one language's site (as MkDocs' config holds it)."""
    if not config_site_url:
        return None
    prefix = LANGUAGE_PREFIX[lang]
    base = config_site_url if config_site_url.endswith("/") else config_site_url + "/"
    return base[: len(base) - len(prefix)] if prefix and base.endswith(prefix) else base
