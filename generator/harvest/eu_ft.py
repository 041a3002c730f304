"""EU Funding & Tenders Portal: the SEDIA search API (calls and topics), cross-checked with the bulk file.

Where the shape comes from: the project's feeds notes (§1.6), from public client code verified live
on 2026-09-24 (id 69205989072) and ids 53858762862, 62531917962 and 71468940192, re-read with the code
search (an "EU Funding & Tenders Portal API Testing Report": base
`https://api.tech.ec.europa.eu/search-api/prod/rest/search`, the literal key "SEDIA"). The request
is a multipart form whose parts are JSON (`query`, `languages`, `sort`); paging by `pageSize` and
`pageNumber`; the answer is `{totalResults, pageNumber, pageSize, results: [{reference, url, summary,
metadata}]}`, where EVERY metadata value is wrapped in a list. Metadata used: identifier,
callIdentifier, title, status (31094501 forthcoming, 31094502 open, 31094503 closed), startDate,
deadlineDate (several for multiple cut-offs), deadlineModel, typesOfAction, and budgetOverview, a
JSON document inside a string (parsed a second time, a third if it was encoded twice) holding
`budgetTopicActionMap[].{minContribution, maxContribution, expectedGrants, budgetYearMap}`.
`range` in the query is silently ignored by the server, so the date filter is applied here.
The bulk file grantsTenders.json (`fundingData.GrantTenderObj[]` with `status.abbreviation` and
`deadlineDatesLong` in epoch milliseconds) is the cross-check. Portal content is reusable with
acknowledgement (Commission Decision 2011/833/EU).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from .common import (
    FeedError,
    Notice,
    Period,
    as_list,
    clean_text,
    dated,
    first,
    https_url,
    iso_date,
    load_json,
    raw_json,
)

SOURCE = "eu-ft"
KEY_ENV = None
STATUSES = {"31094501": "forthcoming", "31094502": "open", "31094503": "closed"}
BRUSSELS = "Europe/Brussels"
TOPIC_PAGE = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/"


def deadline(text: str) -> tuple[str | None, str | None]:
    """The date and HH:MM of a portal timestamp such as 2026-03-04T17:00:00.000+0100 (Brussels time)."""
    found = re.match(r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?", text or "")
    return (iso_date(found[1]), found[2]) if found else (None, None)


def budget(value) -> list[dict]:
    """Amounts (EUR per project) from `budgetOverview`, a JSON string, sometimes a JSON string of a JSON string."""
    data = first(value)
    for _ in range(3):
        if not isinstance(data, str):
            break
        try:
            data = json.loads(data) if data.strip() else {}
        except json.JSONDecodeError:
            raise FeedError("EU F&T: 'budgetOverview' is not JSON") from None
    amounts = []
    for actions in (data or {}).get("budgetTopicActionMap", {}).values():
        for action in as_list(actions):
            low, high = action.get("minContribution"), action.get("maxContribution")
            amount = {"min": low} if isinstance(low, int | float) else {}
            amount |= {"max": high} if isinstance(high, int | float) else {}
            if amount:
                amounts.append({**amount, "currency": "EUR", "per": "project"})
    return [dict(t) for t in dict.fromkeys(tuple(a.items()) for a in amounts)]


def period(meta: dict) -> Period:
    """Dated (single- and two-stage: the first deadline), cutoffs for a multiple cut-off model, else undated."""
    opens = deadline(first(meta.get("startDate")))[0]
    stamps = sorted({deadline(str(v)) for v in as_list(meta.get("deadlineDate")) if deadline(str(v))[0]})
    model = first(meta.get("deadlineModel")).lower()
    if not stamps:
        return Period(None, undated="no deadline given")
    if "multiple" in model and len(stamps) > 1:
        times = {at for _, at in stamps}
        at = times.pop() if len(times) == 1 else None  # one deadline time for every cut-off, or none said
        return Period("cutoffs", opens=opens, cutoffs=tuple(d for d, _ in stamps), deadline_time=at, time_zone=BRUSSELS)
    closes, at = stamps[0]
    result = dated(opens, closes, "topic")
    if result.mode:
        return Period("dated", opens, closes, deadline_time=at, time_zone=BRUSSELS if at else None)
    return result


def parse(payload: bytes, config: dict) -> list[Notice]:
    """Notices from one page of search results, without those the configured date filter leaves out."""
    data = load_json(payload, "EU F&T search")
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise FeedError("EU F&T search: the answer has no 'results' list")
    notices = [_notice(result) for result in data["results"]]
    since = config.get("deadline_since")
    return [n for n in notices if not since or _last_date(n.period) is None or _last_date(n.period) >= since]


def _last_date(period: Period) -> str | None:
    return period.cutoffs[-1] if period.cutoffs else period.closes


def _notice(result) -> Notice:
    meta = result.get("metadata") if isinstance(result, dict) else None
    if not isinstance(meta, dict) or not first(meta.get("identifier")):
        raise FeedError("EU F&T search: a result has no metadata.identifier")
    identifier = first(meta["identifier"])
    status = STATUSES.get(first(meta.get("status")), f"status code {first(meta.get('status')) or 'missing'}")
    url = https_url(result.get("url")) or TOPIC_PAGE + identifier.lower()
    return Notice(
        source=SOURCE,
        external_id=identifier,
        title=clean_text(first(meta.get("title")) or result.get("summary")),
        language="en",
        operator="",
        agency=first(meta.get("frameworkProgramme")) or None,
        codes=(identifier, first(meta.get("callIdentifier"))),
        categories=tuple(clean_text(t) for t in as_list(meta.get("typesOfAction"))),
        period=period(meta),
        url=url,
        raw=raw_json(result),
        funding=tuple(budget(meta.get("budgetOverview"))),
        notes=(f"portal status: {status}",),
    )


def fetch(client, config: dict, key: str | None) -> Iterator[bytes]:
    """Every page of the search for the configured query (POST, multipart with JSON parts)."""
    size = int(config.get("page_size", 100))
    parts = {name: (None, json.dumps(value), "application/json") for name, value in config["request"].items()}
    for number in range(1, int(config.get("max_pages", 100)) + 1):
        params = {"apiKey": "SEDIA", "text": "***", "pageSize": size, "pageNumber": number}
        payload = client.post(config["endpoint"], params=params, files=parts).body
        yield payload
        stated = load_json(payload, "EU F&T search").get("totalResults")
        if len(load_json(payload, "EU F&T search").get("results", [])) < size or number * size >= int(stated or 0):
            return
    raise FeedError(f"EU F&T: more than {config.get('max_pages', 100)} pages; raise max_pages if that is right")


def cross_check(notices: list[Notice], bulk: bytes, today: str) -> list[str]:
    """Where the search and the bulk file grantsTenders.json disagree on a topic's status or deadlines."""
    data = load_json(bulk, "EU F&T grantsTenders.json")
    try:
        objects = {o.get("identifier") or o.get("callIdentifier"): o for o in data["fundingData"]["GrantTenderObj"]}
    except (KeyError, TypeError, AttributeError):
        raise FeedError("EU F&T grantsTenders.json: expected fundingData.GrantTenderObj[]") from None
    problems = []
    for notice in notices:
        found = objects.get(notice.external_id)
        if found is None:
            continue
        days = sorted({_brussels_date(ms) for ms in as_list(found.get("deadlineDatesLong"))})
        ours = list(notice.period.cutoffs) or ([notice.period.closes] if notice.period.closes else [])
        if days and days != ours:
            problems.append(f"{notice.external_id}: deadlines {ours} in the search, {days} in the bulk file")
        bulk_status = str((found.get("status") or {}).get("abbreviation", "")).lower()
        search_status = next((n.split(": ", 1)[1] for n in notice.notes if n.startswith("portal status")), "")
        if bulk_status and bulk_status != search_status:
            problems.append(
                f"{notice.external_id}: status '{search_status}' in the search, '{bulk_status}' in the bulk"
            )
    return problems


def _brussels_date(ms) -> str:
    moment = datetime.datetime.fromtimestamp(int(ms) / 1000, tz=datetime.UTC)
    return moment.astimezone(ZoneInfo(BRUSSELS)).date().isoformat()
