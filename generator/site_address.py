"""The published address of the site (SITE_URL); `paths` builds the page addresses from it.

Without an address the build publishes only what can be right without one (see README:
"Building without an address").
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

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
