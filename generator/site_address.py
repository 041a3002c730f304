"""The published address of the site (SITE_URL); `paths` builds the page addresses from it.

Without an address the build publishes only what can be right without one (see README:
"Building without an address").
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from .addresses import address_problem


class SiteAddressError(ValueError):
    """SITE_URL is not an absolute http(s) address, or is missing where it is required."""


def normalise_site_url(text: str | None) -> str | None:
    """SITE_URL as used everywhere: None when empty, else an https address (see `addresses`) ending in `/`."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if problem := address_problem(value):
        raise SiteAddressError(
            f"SITE_URL: '{shown(value)}': {problem} (a site address looks like https://example.github.io/sme-kb/)"
        )
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        raise SiteAddressError(f"SITE_URL: '{shown(value)}' has a query or fragment; expected the address of a folder")
    return value if value.endswith("/") else value + "/"


def shown(value: str) -> str:
    """A value from the environment as a message may print it (control characters escaped)."""
    return value.encode("unicode_escape").decode("ascii")


def site_url_from_env(*, required: bool = False) -> str | None:
    """The site address from the SITE_URL environment variable (`required`: refuse to go on without one)."""
    site_url = normalise_site_url(os.environ.get("SITE_URL"))
    if required and site_url is None:
        raise SiteAddressError(
            "SITE_URL is not set; the published site needs its address for its sitemaps, canonical and "
            "hreflang links, feeds and JSON-LD ids: run SITE_URL=https://host/path/ make site"
        )
    return site_url
