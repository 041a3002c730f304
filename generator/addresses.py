"""The web addresses the site's configuration writes into its pages: what one must be, in one place.

SITE_URL, REPOSITORY_URL, site.yaml's `repository.url` and `publisher.contact`, and the licence's
address end up in `href`s, canonical and hreflang links, sitemaps, feeds and the contributor guide.
Each must be a URI as RFC 3986 defines it (so it holds no space, quote, `<`, `>`, brace or
backslash: those must be percent-encoded) with a host, over https. Plain http is accepted only for
a preview on this machine (127.0.0.1, localhost, [::1]), where no certificate is at hand, and for
the licence's address, which the site only cites. Templates escape the addresses all the same.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from rfc3986_validator import validate_rfc3986

#: The hosts of a preview on this machine, where http:// is allowed.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
NOT_A_URI = (
    "not a web address as RFC 3986 defines it; percent-encode spaces, quotes, <, >, braces, backslashes "
    "and non-ASCII letters"
)
NO_HOST = "not an absolute address; expected https:// and a host name"
PLAIN_HTTP = "http:// is allowed only for a preview on 127.0.0.1 or localhost; expected https://"


def address_problem(value: str, *, plain_http: bool = False, mailto: bool = False) -> str | None:
    """Why `value` may not be written into a page as an address, or None when it may.

    `plain_http`: accept http:// on any host (an address the site only cites); `mailto`: accept a
    mailto: address (a contact).
    """
    if not isinstance(value, str) or "\n" in value or validate_rfc3986(value, rule="URI") is None:
        return NOT_A_URI
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if mailto and scheme == "mailto":
        return None if "@" in parts.path else NOT_A_URI
    if scheme not in ("https", "http") or not parts.hostname:
        return NO_HOST
    if scheme == "http" and not plain_http and parts.hostname not in LOCAL_HOSTS:
        return PLAIN_HTTP
    return None


def markdown_address(value: str) -> str:
    """An address checked by `address_problem`, safe as a Markdown link target or autolink.

    Such an address has no space, `<` or `>`; an unbalanced parenthesis would still end a link
    target early, so parentheses are percent-encoded (the same address for a browser).
    """
    return value.replace("(", "%28").replace(")", "%29")
