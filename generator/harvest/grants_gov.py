"""Grants.gov opportunities: the search2 API (JSON), or the daily XML extract read from a file.

Where the shape comes from: Grants.gov's search2 page (grants.gov/api/common/search2: `POST
https://api.www.grants.gov/v1/api/search2`, no key; body `rows, keyword, oppNum, eligibilities,
agencies, oppStatuses ("forecasted|posted"), aln, fundingCategories`, paging by `startRecordNum`;
answer `{errorcode, msg, data: {hitCount, startRecord, oppHits: [{id, number, title, agencyCode,
agencyName, openDate "10/11/2023", closeDate, oppStatus, docType, alnist}]}}`) and the XML extract
page (grants.gov/web/grants/xml-extract.html: OpportunitySynopsisDetail_1_0 and
OpportunityForecastDetail_1_0 records with MMDDYYYY dates, entities escaped twice, AwardFloor and
AwardCeiling), as collected in the project's feeds notes (§1.5, public code ids 70260220956 and
60390711203), re-read with the code search (a TypeScript client's `GrantsGovSearchResponse`:
errorcode, msg, token, data.hitCount, data.startRecord, data.oppHits) and the docs search (clients
that parse `openDate`/`closeDate` as MM/DD/YYYY). A forecast's dates are estimates: it is held for
an editor, never written as a call's dates. Federal works are in the public domain (17 U.S.C. § 105).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from .common import FeedError, Notice, Period, clean_text, dated, load_json, raw_json, us_date

SOURCE = "grants-gov"
KEY_ENV = None
DETAIL = "https://www.grants.gov/search-results-detail/"
_XML_RECORDS = ("OpportunitySynopsisDetail_1_0", "OpportunityForecastDetail_1_0")


def parse(payload: bytes, config: dict) -> list[Notice]:
    """Notices from a search2 answer, or from an XML extract (its first byte is '<')."""
    if payload.lstrip()[:1] == b"<" and b"Opportunit" in payload[:4096]:
        return _parse_extract(payload)
    data = load_json(payload, "Grants.gov search2")
    if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
        raise FeedError("Grants.gov search2: the answer has no 'data' object")
    if str(data.get("errorcode", 0)) not in ("0", ""):
        raise FeedError(f"Grants.gov search2 error {data['errorcode']}: {clean_text(data.get('msg'))}")
    return [_hit(hit) for hit in data["data"].get("oppHits") or []]


def total(payload: bytes) -> int:
    """`data.hitCount`, the number of matching opportunities."""
    return int(load_json(payload, "Grants.gov search2")["data"].get("hitCount") or 0)


def _hit(hit) -> Notice:
    if not isinstance(hit, dict) or not hit.get("id"):
        raise FeedError("Grants.gov search2: an oppHit has no 'id'")
    status = clean_text(hit.get("oppStatus")).lower()
    if status == "forecasted":
        period = Period(None, undated="a forecast: its dates are estimates")
    else:
        period = dated(us_date(hit.get("openDate") or ""), us_date(hit.get("closeDate") or ""), "opportunity")
    return Notice(
        source=SOURCE,
        external_id=clean_text(hit.get("number")) or str(hit["id"]),
        title=clean_text(hit.get("title")),
        language="en",
        operator=clean_text(hit.get("agencyName") or hit.get("agency")),
        agency=clean_text(hit.get("agencyCode")) or None,
        codes=tuple(clean_text(a) for a in hit.get("alnist") or []),
        period=period,
        url=DETAIL + str(hit["id"]),
        raw=raw_json(hit),
        notes=(f"Grants.gov status: {status}",) if status else (),
    )


def _parse_extract(payload: bytes) -> list[Notice]:
    try:
        root = ET.fromstring(payload)
    except ET.ParseError as exc:
        raise FeedError(f"Grants.gov XML extract: not well-formed XML ({exc})") from None
    return [_record(el) for el in root if el.tag.split("}")[-1] in _XML_RECORDS]


def _record(element: ET.Element) -> Notice:
    fields = {child.tag.split("}")[-1]: (child.text or "") for child in element}
    forecast = element.tag.endswith("OpportunityForecastDetail_1_0")
    if not fields.get("OpportunityID"):
        raise FeedError("Grants.gov XML extract: a record has no OpportunityID")
    if forecast:
        period = Period(None, undated="a forecast: its dates are estimates")
    else:
        period = dated(us_date(fields.get("PostDate", "")), us_date(fields.get("CloseDate", "")), "opportunity")
    funding = {k: _amount(fields[f]) for k, f in (("min", "AwardFloor"), ("max", "AwardCeiling")) if _number(fields, f)}
    return Notice(
        source=SOURCE,
        external_id=clean_text(fields.get("OpportunityNumber")) or fields["OpportunityID"],
        title=clean_text(fields.get("OpportunityTitle")),
        language="en",
        operator=clean_text(fields.get("AgencyName")),
        agency=clean_text(fields.get("AgencyCode")) or None,
        period=period,
        url=DETAIL + clean_text(fields["OpportunityID"]),
        raw=raw_json(fields),
        updated=us_date(fields.get("LastUpdatedDate", "")),
        funding=({**funding, "currency": "USD", "per": "project"},) if funding else (),
    )


def _amount(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _number(fields: dict, name: str) -> bool:
    try:
        return float(fields.get(name) or "x") > 0
    except ValueError:
        return False


def fetch(client, config: dict, key: str | None) -> Iterator[bytes]:
    """Every page of search2 for the configured body (`startRecordNum` 0, rows, ...) until hitCount."""
    rows = int(config.get("page_size", 100))
    for page in range(int(config.get("max_pages", 100))):
        body = {**config.get("request", {}), "rows": rows, "startRecordNum": page * rows}
        payload = client.post(config["endpoint"], json=body).body
        yield payload
        if len(parse(payload, config)) < rows or (page + 1) * rows >= total(payload):
            return
    raise FeedError(f"Grants.gov: more than {config.get('max_pages', 100)} pages; raise max_pages if that is right")
