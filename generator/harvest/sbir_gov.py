"""SBIR.gov solicitations: `GET https://api.www.sbir.gov/public/api/solicitations` (JSON, no key).

Where the shape comes from: SBIR.gov's API page (sbir.gov/api/solicitation) and its data dictionary
for solicitations (sbir.gov/data-resources/data-dictionary/solicitation: `current_status` is "Open,
Closed or Future", dates are YYYY-MM-DD, a solicitation "may have multiple due dates"), as collected in
the project's feeds notes (§1.4, with the public fixture id 19619074666), and re-read with the code
search (a TypeScript client's `SBIRSolicitation`: solicitation_title, solicitation_number, program,
phase, agency, branch, solicitation_year, release_date, open_date, close_date,
application_due_date: string[], occurrence_number, solicitation_agency_url, current_status,
solicitation_topics[]). Paging: `rows` (100 by default) and `start`.

Several due dates make a call of mode `cutoffs`; one makes it `dated`. Topics are counted, not
imported. Works of the US federal government are in the public domain (17 U.S.C. § 105).
"""

from __future__ import annotations

from collections.abc import Iterator

from .common import FeedError, Notice, Period, as_list, clean_text, dated, https_url, iso_date, load_json, raw_json

SOURCE = "sbir-gov"
KEY_ENV = None


def period(item: dict) -> Period:
    """Dated by its one due date (or close date), cutoffs for several due dates, else undated."""
    opens = iso_date(str(item.get("open_date") or ""))
    dues = sorted({d for d in (iso_date(str(v)) for v in as_list(item.get("application_due_date"))) if d})
    if len(dues) > 1:
        if opens and dues[0] < opens:
            return Period(None, undated=f"a due date {dues[0]} is before it opens {opens}")
        return Period("cutoffs", opens=opens, cutoffs=tuple(dues))
    closes = dues[0] if dues else iso_date(str(item.get("close_date") or ""))
    return dated(opens, closes, "solicitation")


def parse(payload: bytes, config: dict) -> list[Notice]:
    """Notices from one page: a JSON list of solicitations (one dict is read as a list of one)."""
    data = load_json(payload, "SBIR.gov")
    if isinstance(data, dict) and "solicitation_title" not in data:
        raise FeedError("SBIR.gov: expected a list of solicitations, got an object without 'solicitation_title'")
    return [_notice(item) for item in as_list(data)]


def _notice(item) -> Notice:
    if not isinstance(item, dict) or not (item.get("solicitation_number") or item.get("solicitation_title")):
        raise FeedError("SBIR.gov: a solicitation has neither 'solicitation_number' nor 'solicitation_title'")
    number = clean_text(item.get("solicitation_number")) or clean_text(item.get("solicitation_title"))
    occurrence = clean_text(item.get("occurrence_number"))
    status = clean_text(item.get("current_status")).capitalize()
    tags = tuple(t for t in (clean_text(item.get(k)) for k in ("program", "phase", "agency", "branch")) if t)
    return Notice(
        source=SOURCE,
        external_id=f"{number}-{occurrence}" if occurrence else number,
        title=clean_text(item.get("solicitation_title")),
        language="en",
        operator=clean_text(item.get("agency")),
        agency=clean_text(item.get("agency")) or None,
        codes=tags,
        period=period(item),
        url=https_url(item.get("solicitation_agency_url")),
        raw=raw_json(item),
        updated=iso_date(str(item.get("release_date") or "")),
        notes=(f"SBIR.gov status: {status}",) if status else (),
    )


def fetch(client, config: dict, key: str | None) -> Iterator[bytes]:
    """Every page (`start` 0, rows, 2 rows, ...) until one comes back short."""
    rows = int(config.get("page_size", 100))
    for page in range(int(config.get("max_pages", 50))):
        params = {**config.get("query", {}), "rows": rows, "start": page * rows}
        payload = client.get(config["endpoint"], params=params).body
        yield payload
        if len(parse(payload, config)) < rows:
            return
    raise FeedError(f"SBIR.gov: more than {config.get('max_pages', 50)} pages; raise max_pages if that is right")
