"""The Atom feed of success stories, one per language, newest first.

Times come from the records, never from the clock, so two builds give the same bytes: an
entry is `updated` on its last_reviewed date, and the feed when its newest entry was.
Entry ids are URNs made from the case id and language, so they survive a change of host.

Every entry links to its page (RFC 4287 wants a link or content in an entry without content):
absolutely when the site has an address, else relative to the site root, which the feed's
`xml:base="../"` (the feeds are published in api/) makes resolvable from wherever it is served.
An entry also links (rel="related") to each programme the case used, titled with how sure the
sources are of it, and to each source that has an address.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from ..model import Case, Catalogue
from ..paths import record_page, record_url, site_path
from .licence import Licence

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_FOLDER_TO_ROOT = "../"  # the feeds are in api/, one folder below the site root
_NAMESPACE = uuid.UUID("6f2a4d0e-5b1c-5e8a-9d3f-0c7b2e1a4f60")  # fixed: ids must never change


def entry_id(case_id: str, lang: str) -> str:
    """The permanent id of a case's entry in one language's feed."""
    return uuid.uuid5(_NAMESPACE, f"cases/{case_id}/{lang}").urn


def newest_first(cases) -> list[Case]:
    """Cases by year, newest first; cases of one year by id."""
    return sorted(cases, key=lambda c: (-c.year, c.id))


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _href(site_url: str | None, path: str) -> str:
    """A site path as written in the feed: absolute with an address, else relative to the xml:base."""
    return (site_url.rstrip("/") + "/" + path) if site_url else path


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
    attributes = {"xmlns": ATOM, _XML_LANG: lang}  # plain names in the default namespace
    if not site_url:
        attributes[_XML_BASE] = FEED_FOLDER_TO_ROOT
    feed = ET.Element("feed", attributes)
    _add(feed, "id", uuid.uuid5(_NAMESPACE, f"feed/cases/{lang}").urn)
    _add(feed, "title", title)
    updated = max((c.last_reviewed for c in cases), default="1970-01-01")
    _add(feed, "updated", _timestamp(updated))
    _add(_add(feed, "author"), "name", author)
    _add(feed, "link", rel="self", type="application/atom+xml", href=_href(site_url, feed_path))
    _add(feed, "link", rel="alternate", type="text/html", href=_href(site_url, site_path(lang, "cases/")))
    _add(feed, "link", rel="license", href=licence.url)  # RFC 4946
    _add(feed, "rights", f"{licence.name.get(lang)}: {licence.url}")
    for case in cases:
        _entry(feed, case, catalogue, lang, site_url, labels)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode").encode("utf-8") + b"\n"


def _entry(
    feed: ET.Element, case: Case, catalogue: Catalogue, lang: str, site_url: str | None, labels: dict[str, str]
) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", entry_id(case.id, lang))
    _add(entry, "title", case.title.get(lang))
    _add(entry, "updated", _timestamp(case.last_reviewed))
    _add(entry, "link", rel="alternate", type="text/html", href=_page(site_url, "case", case.id, lang))
    _add(entry, "summary", case.summary.get(lang))
    _related(entry, case, catalogue, lang, site_url, labels)
    for tag in case.tags:
        _add(entry, "category", term=tag, label=catalogue.label("tags", tag, lang))


def _page(site_url: str | None, kind: str, record_id: str, lang: str) -> str:
    return record_url(site_url, kind, record_id, lang) if site_url else site_path(lang, record_page(kind, record_id))


def _related(
    entry: ET.Element, case: Case, catalogue: Catalogue, lang: str, site_url: str | None, labels: dict[str, str]
) -> None:
    """rel="related" links: each programme with the certainty of the relation, then each source with an address."""
    for relation in case.program_links:
        name = catalogue.program_by_id[relation.program].name.get(lang)
        certainty = labels[f"feed_{relation.certainty}"]
        _add(
            entry,
            "link",
            rel="related",
            type="text/html",
            href=_page(site_url, "program", relation.program, lang),
            title=f"{name} ({certainty})",
        )
    for source in case.sources:
        if source.url:
            _add(entry, "link", rel="related", href=source.url, title=f"{labels['feed_source']}: {source.title}")
