"""Bizinfo (기업마당) support-programme notices: `bizinfoApi.do`, JSON and its RSS variant.

Where the shape comes from: Bizinfo's own API page (apiDetail.do?id=bizinfoApi) is not in the stored
corpus; the endpoint, parameters (`crtfcKey`, `dataType`, `searchCnt`, `pageUnit`, `pageIndex`,
`searchLclasId`, `hashtags`), the envelope `{"jsonArray": [...]}` with `totCnt` on every item, the
error shape `reqErr` and the item fields below are read from public client code, as collected in
the project's feeds notes (§1.1, the public code excerpts named there by id 58192885148, 31256089975,
47213204859, 62556570608, 61480071260 and the startup-helper-mcp client), and re-read with the code
search (choishiam0906/govhelper:aidlc-docs/api-integration-guide.md; ownerscedric-cto/ownership-ai
.claude/CURRENT_PHASE.md, which names `crtfcKey`, `dataType=json`, `searchCnt`, `pageIndex`,
`pageUnit`, `searchLclasId`).

Item fields used: pblancId, pblancNm, pblancUrl, jrsdInsttNm, excInsttNm, reqstBeginEndDe,
rceptEngnHmpgUrl, pldirSportRealmLclasCodeNm, hashtags, creatPnttm, updtPnttm. RSS items: seq, title,
link, lcategory, reqstDt, pubDate (and author, where given). Not copied: bsnsSumryCn, trgetNm,
reqstMthPapersCn, refrncNm: the notices are KOGL Type 3 (no derivative works), so a call keeps the
facts (dates, agency, links) and the title as published, never a summary or a translation.
The `dataType=json` answer was once seen with unquoted values; it fails here as a FeedError, and
`data_type: rss` in site_config/harvest.yaml switches to the RSS variant.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from .common import FeedError, Notice, Period, as_list, clean_text, dated, https_url, iso_date, load_json, raw_json

SOURCE = "bizinfo"
KEY_ENV = "BIZINFO_API_KEY"
PORTAL = "https://www.bizinfo.go.kr"
HOSTS = ("www.bizinfo.go.kr", "bizinfo.go.kr")
ROLLING = ("상시", "예산소진시까지", "예산소진시", "연중", "수시")
UNDATED = ("추후공지", "사업별상이", "미정")
_RANGE = re.compile(
    r"^(?P<a>[\d.\-/]{8,10})(?:\s+(?P<at>\d{1,2}:\d{2}))?\s*~\s*(?P<b>[\d.\-/]{8,10})(?:\s+(?P<bt>\d{1,2}:\d{2}))?"
)


def period(text: str) -> Period:
    """The application period of `reqstBeginEndDe`: a dated range in its several forms, rolling, or undated."""
    cleaned = clean_text(text)
    squeezed = re.sub(r"\s+", "", cleaned)
    if any(word in squeezed for word in ROLLING):
        return Period("rolling")
    if any(word in squeezed for word in UNDATED) or not squeezed:
        return Period(None, undated=f"application period '{cleaned}' gives no dates")
    found = _RANGE.match(cleaned)
    if not found:
        return Period(None, undated=f"application period '{cleaned}' is not a date range")
    opens, closes = iso_date(found["a"]), iso_date(found["b"])
    result = dated(opens, closes, f"application period '{cleaned}'")
    if result.mode and found["bt"]:
        hour, minute = found["bt"].split(":")
        return Period("dated", opens, closes, deadline_time=f"{int(hour):02d}:{minute}", time_zone="Asia/Seoul")
    return result


def regions(hashtags: str, names: dict) -> tuple[str, ...]:
    """The regions (시·도) a comma list of hashtags names, in the order of `names` (site_config/harvest.yaml)."""
    tags = {clean_text(tag) for tag in re.split(r"[,#]", hashtags or "") if tag.strip()}
    if "전국" in tags:
        return ("전국",)
    return tuple(name for name in names if name in tags)


def parse(payload: bytes, config: dict) -> list[Notice]:
    """Notices from one page of the JSON or RSS answer; FeedError for anything else."""
    if payload.lstrip()[:5] in (b"<?xml", b"<rss ", b"<rss>"):
        return [_rss_notice(item, config) for item in _rss_items(payload)]
    data = load_json(payload, "Bizinfo")
    if isinstance(data, dict) and "reqErr" in data:
        raise FeedError(f"Bizinfo refused the request: {clean_text(data['reqErr'])}")
    if not isinstance(data, dict) or "jsonArray" not in data:
        raise FeedError("Bizinfo: the answer has no 'jsonArray'; expected {\"jsonArray\": [...]}")
    return [_json_notice(item, config) for item in as_list(data["jsonArray"])]


def total(payload: bytes) -> int | None:
    """The total count the feed states (`totCnt` on each item), for paging."""
    data = load_json(payload, "Bizinfo")
    items = as_list(data.get("jsonArray")) if isinstance(data, dict) else []
    value = str(items[0].get("totCnt", "")) if items and isinstance(items[0], dict) else ""
    return int(value) if value.isdigit() else None


def _json_notice(item, config: dict) -> Notice:
    if not isinstance(item, dict) or not item.get("pblancId"):
        raise FeedError("Bizinfo: an item of 'jsonArray' has no 'pblancId'")
    url = _portal_url(item.get("pblancUrl"))
    return Notice(
        source=SOURCE,
        external_id=clean_text(item["pblancId"]),
        title=clean_text(item.get("pblancNm")),
        language="ko",
        operator=clean_text(item.get("excInsttNm")) or clean_text(item.get("jrsdInsttNm")),
        agency=clean_text(item.get("jrsdInsttNm")) or None,
        period=period(item.get("reqstBeginEndDe", "")),
        url=url,
        raw=raw_json(item),
        updated=iso_date(item.get("updtPnttm") or "") or iso_date(item.get("creatPnttm") or ""),
        categories=tuple(c for c in re.split(r"[@,]", clean_text(item.get("pldirSportRealmLclasCodeNm"))) if c),
        regions=regions(item.get("hashtags", ""), config.get("regions", {})),
        application_url=https_url(item.get("rceptEngnHmpgUrl")),
    )


def _portal_url(value) -> str | None:
    text = clean_text(value)
    if text.startswith("/"):
        text = PORTAL + text
    return https_url(text, HOSTS)


def _rss_items(payload: bytes) -> list[ET.Element]:
    try:
        root = ET.fromstring(payload)
    except ET.ParseError as exc:
        raise FeedError(f"Bizinfo RSS: not well-formed XML ({exc})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FeedError("Bizinfo RSS: expected <rss><channel>...")
    return channel.findall("item")


def _rss_notice(item: ET.Element, config: dict) -> Notice:
    def text(name: str) -> str:
        return clean_text(item.findtext(name))

    fields = {child.tag: child.text or "" for child in item}
    url = _portal_url(text("link"))
    external = text("seq") or (re.search(r"pblancId=([A-Za-z0-9_]+)", url or "") or [None, ""])[1]
    if not external:
        raise FeedError("Bizinfo RSS: an <item> has neither <seq> nor a pblancId in its <link>")
    return Notice(
        source=SOURCE,
        external_id=external,
        title=text("title"),
        language="ko",
        operator=text("excInsttNm") or text("author") or text("jrsdInsttNm"),
        agency=text("jrsdInsttNm") or None,
        period=period(text("reqstDt")),
        url=url,
        raw=raw_json(fields),
        updated=_rss_date(text("pubDate")),
        categories=tuple(c for c in re.split(r"[@,]", text("lcategory")) if c),
        regions=regions(text("hashtags"), config.get("regions", {})),
    )


def _rss_date(text: str) -> str | None:
    from email.utils import parsedate_to_datetime

    if iso_date(text):
        return iso_date(text)
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        return None


def fetch(client, config: dict, key: str) -> Iterator[bytes]:
    """Every page of the feed (`pageIndex` 1, 2, ... until `totCnt` items have come)."""
    size = int(config.get("page_size", 100))
    for index in range(1, int(config.get("max_pages", 200)) + 1):
        params = {"crtfcKey": key, "dataType": config.get("data_type", "json"), "pageUnit": size, "pageIndex": index}
        payload = client.get(config["endpoint"], params=params).body
        yield payload
        count = len(parse(payload, config))
        stated = total(payload) if config.get("data_type", "json") == "json" else None
        if count < size or (stated is not None and index * size >= stated):
            return
    raise FeedError(f"Bizinfo: more than {config.get('max_pages', 200)} pages; raise max_pages if that is right")
