"""The Atom feed of success stories, one per language, newest first.

Times come from the records, never from the clock, so two builds give the same bytes: an
entry is `updated` on its last_reviewed date, and the feed when its newest entry was.
Entry ids are URNs made from the case id and language, so they survive a change of host.
The head and the serialising are shared with the feeds of calls (call_feeds.py).

Every entry links to its page (RFC 4287 wants a link or content in an entry without content):
absolutely when the site has an address, else relative to the site root, which the feed's
`xml:base` (`../` for a feed published in api/) makes resolvable from wherever it is served.
An entry also links (rel="related") to each programme the case used, titled with how sure the
sources are of it, and to each source that has an address.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..model import Case, Catalogue
from ..paths import record_page, record_url, site_path, to_root_from
from .licence import Licence

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_NAMESPACE = uuid.UUID("6f2a4d0e-5b1c-5e8a-9d3f-0c7b2e1a4f60")  # fixed: ids must never change


def urn(name: str) -> str:
    """The permanent `urn:uuid:` id of a feed or entry, made from its name (`cases/<id>/<lang>`)."""
    return uuid.uuid5(_NAMESPACE, name).urn


def entry_id(case_id: str, lang: str) -> str:
    """The permanent id of a case's entry in one language's feed."""
    return urn(f"cases/{case_id}/{lang}")


def newest_first(cases) -> list[Case]:
    """Cases by year, newest first; cases of one year by id."""
    return sorted(cases, key=lambda c: (-c.year, c.id))


def timestamp(date: str) -> str:
    """A date as an RFC 3339 time at the start of that day in UTC."""
    return f"{date}T00:00:00Z"


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element with its text and attributes."""
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def site_href(site_url: str | None, path: str) -> str:
    """A site path as written in the feed: absolute with an address, else relative to the xml:base."""
    return (site_url.rstrip("/") + "/" + path) if site_url else path


@dataclass(frozen=True)
class FeedHead:
    """What every feed of the site says about itself: its id (a name made a URN), title, where it is
    published and the page it stands for, who publishes it and under which licence."""

    name: str
    title: str
    author: str
    feed_path: str
    page_path: str
    licence: Licence


def new_feed(lang: str, site_url: str | None, head: FeedHead, updated: str) -> ET.Element:
    """A feed element with its head filled in, ready for entries (`updated`: a date, YYYY-MM-DD).

    Without an address the links are relative to the site root, which `xml:base` (the way up from the
    feed's folder) makes resolvable from wherever the feed is served.
    """
    attributes = {"xmlns": ATOM, _XML_LANG: lang}  # plain names in the default namespace
    if not site_url:
        attributes[_XML_BASE] = to_root_from(head.feed_path)
    feed = ET.Element("feed", attributes)
    add(feed, "id", urn(f"feed/{head.name}/{lang}"))
    add(feed, "title", head.title)
    add(feed, "updated", timestamp(updated))
    add(add(feed, "author"), "name", head.author)
    add(feed, "link", rel="self", type="application/atom+xml", href=site_href(site_url, head.feed_path))
    add(feed, "link", rel="alternate", type="text/html", href=site_href(site_url, site_path(lang, head.page_path)))
    add(feed, "link", rel="license", href=head.licence.url)  # RFC 4946
    add(feed, "rights", f"{head.licence.name.get(lang)}: {head.licence.url}")
    return feed


def feed_bytes(feed: ET.Element) -> bytes:
    """A feed as indented UTF-8 XML with its declaration (the same bytes for the same elements)."""
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode").encode("utf-8") + b"\n"


def cases_feed(
    catalogue: Catalogue,
    lang: str,
    site_url: str | None,
    *,
    title: str,
    author: str,
    feed_path: str,
    licence: Licence,
    labels: dict[str, str],
) -> bytes:
    """The Atom feed of every case in one language (`feed_path`: where the feed is published).

    `labels`: the strings of that language (`feed_confirmed`, `feed_suggested`, `feed_source`).
    """
    cases = newest_first(catalogue.cases)
    updated = max((c.last_reviewed for c in cases), default="1970-01-01")
    feed = new_feed(lang, site_url, FeedHead("cases", title, author, feed_path, "cases/", licence), updated)
    for case in cases:
        _entry(feed, case, catalogue, lang, site_url, labels)
    return feed_bytes(feed)


def _entry(
    feed: ET.Element, case: Case, catalogue: Catalogue, lang: str, site_url: str | None, labels: dict[str, str]
) -> None:
    entry = add(feed, "entry")
    add(entry, "id", entry_id(case.id, lang))
    add(entry, "title", case.title.get(lang))
    add(entry, "updated", timestamp(case.last_reviewed))
    add(entry, "link", rel="alternate", type="text/html", href=page_link(site_url, "case", case.id, lang))
    add(entry, "summary", case.summary.get(lang))
    _related(entry, case, catalogue, lang, site_url, labels)
    for tag in case.tags:
        add(entry, "category", term=tag, label=catalogue.label("tags", tag, lang))


def page_link(site_url: str | None, kind: str, record_id: str, lang: str) -> str:
    """A record's page in one language: absolute with an address, else relative to the site root."""
    return record_url(site_url, kind, record_id, lang) if site_url else site_path(lang, record_page(kind, record_id))


def _related(
    entry: ET.Element, case: Case, catalogue: Catalogue, lang: str, site_url: str | None, labels: dict[str, str]
) -> None:
    """rel="related" links: each programme with the certainty of the relation, then each source with an address."""
    for relation in case.program_links:
        name = catalogue.program_by_id[relation.program].name.get(lang)
        certainty = labels[f"feed_{relation.certainty}"]
        add(
            entry,
            "link",
            rel="related",
            type="text/html",
            href=page_link(site_url, "program", relation.program, lang),
            title=f"{name} ({certainty})",
        )
    for source in case.sources:
        if source.url:
            add(entry, "link", rel="related", href=source.url, title=f"{labels['feed_source']}: {source.title}")
