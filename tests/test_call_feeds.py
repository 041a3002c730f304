"""The Atom feeds of new and changed calls (generator/publish/call_feeds.py), read back as XML and with feedparser."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from project_copy import copy_project

from generator.facts import Call, Harvest
from generator.model import Source, Text
from generator.pipeline import check
from generator.publish.call_feeds import ENTRIES, call_updated, newest_calls
from generator.publish.licence import load_licence
from generator.publish.subscriptions import subscription_files

TODAY = datetime.date(2026, 12, 1)
SITE = "https://example.org/kb/"
ATOM = "{http://www.w3.org/2005/Atom}"


def _call(call_id: str, read: str, extra: str = "") -> str:
    return (
        f"program: tno-sbir\ntitle: {{ko: {call_id} 공고, en: {call_id} call}}\nmode: dated\n"
        f'closes: "2027-03-04"\nurl: https://example.org/{call_id}\n{extra}cites: [notice]\nsources:\n'
        f'  - {{id: notice, kind: portal, title: Notice, url: "https://example.org/{call_id}", read: "{read}"}}\n'
    )


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    """A project copy whose only calls are three of these tests, and its feeds with and without an address."""
    project = copy_project(tmp_path_factory.mktemp("call-feeds") / "project")
    calls = project.root / "calls/hand"
    for bundled in calls.glob("*.yaml"):
        bundled.unlink()
    (calls / "aaa-newest.yaml").write_text(
        _call("aaa-newest", "2026-11-02", "eligibility: {applicant_countries: [NL]}\n")
    )
    (calls / "mmm-oldest.yaml").write_text(_call("mmm-oldest", "2026-09-01"))
    (calls / "zzz-second.yaml").write_text(_call("zzz-second", "2026-11-01"))
    catalogue, strings = check(project)
    licence = load_licence(project.config_dir)
    made = {url: subscription_files(catalogue, strings, licence, url, TODAY) for url in (SITE, None)}
    return catalogue, made


@pytest.mark.parametrize(("path", "lang"), [("api/calls.atom", "ko"), ("api/calls.en.atom", "en")])
def test_the_calls_feed_is_atom_with_its_required_elements_newest_first(feeds, path, lang):
    catalogue, made = feeds
    data = made[SITE][path]
    root = ET.fromstring(data)  # well-formed XML
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated", "link"):
            assert element.find(f"{ATOM}{name}") is not None, name
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert (feed.version, feed.feed.language) == ("atom10", lang)
    assert feed.feed.updated.startswith("2026-11-02")
    titles = [catalogue.call_by_id[c].title.get(lang) for c in ("aaa-newest", "zzz-second", "mmm-oldest")]
    assert [e.title for e in feed.entries] == titles
    assert [e.updated[:10] for e in feed.entries] == ["2026-11-02", "2026-11-01", "2026-09-01"]
    first = feed.entries[0]
    prefix = "" if lang == "ko" else "en/"
    assert first.link == f"{SITE}{prefix}programs/tno-sbir/#call-aaa-newest"
    assert catalogue.program_by_id["tno-sbir"].name.get(lang) in first.summary
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert [link.href for link in first.links if link.rel == "related"] == ["https://example.org/aaa-newest"]


def test_an_option_has_its_feed_and_relative_links_resolve_from_its_folder(feeds):
    _, made = feeds
    with_address = feedparser.parse(made[SITE]["api/feeds/applicants/NL.en.atom"])
    assert [e.title for e in with_address.entries] == ["aaa-newest call"]  # tno-sbir names no applicant countries
    plain = made[None]["api/feeds/applicants/NL.en.atom"]
    assert b' xml:base="../../../"' in plain
    feed = feedparser.parse(plain)
    assert not feed.bozo
    assert feed.entries[0].link.endswith("en/programs/tno-sbir/#call-aaa-newest")
    assert b' xml:base="../"' in made[None]["api/calls.atom"]


def test_the_same_catalogue_gives_the_same_bytes(feeds, tmp_path):
    catalogue, made = feeds
    project = copy_project(tmp_path / "project")
    strings = check(project)[1]
    again = subscription_files(catalogue, strings, load_licence(project.config_dir), SITE, TODAY)
    assert again == made[SITE]


def _bare(call_id: str, **fields) -> Call:
    return Call(call_id, Text(ko=call_id, en=call_id), "dated", **fields)


def test_a_calls_updated_date_is_its_harvest_or_its_newest_source_read():
    read = (Source("a", "portal", "A", read="2026-01-02"), Source("b", "portal", "B", read="2026-03-04"))
    assert call_updated(_bare("hand", sources=read)) == "2026-03-04"
    assert call_updated(_bare("harvested", harvest=Harvest("bizinfo", "2026-05-01", "2026-04-30"))) == "2026-04-30"
    assert call_updated(_bare("first-seen", harvest=Harvest("bizinfo", "2026-05-01"))) == "2026-05-01"
    assert call_updated(_bare("undated")) == "1970-01-01"


def test_a_feed_holds_the_newest_calls_only():
    calls = [
        _bare(f"c{n:03}", sources=(Source("s", "portal", "S", read=f"2026-01-{n % 28 + 1:02}"),)) for n in range(150)
    ]
    listed = newest_calls(calls)
    assert len(listed) == ENTRIES
    assert [call_updated(c) for c in listed] == sorted((call_updated(c) for c in listed), reverse=True)
    assert min(map(call_updated, listed)) >= max(call_updated(c) for c in calls if c not in listed)
