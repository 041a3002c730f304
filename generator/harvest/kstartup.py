"""K-Startup announcements from the public data portal: `getAnnouncementInformation01`.

Where the shape comes from: the data.go.kr specification 15125364 ("창업진흥원_K-Startup(사업소개,사업공고,
콘텐츠 등)_조회서비스", base `https://apis.data.go.kr/B552735/kisedKstartupService01`), as transcribed in
public client code and collected in the project's feeds notes (§1.2: a spec transcript, id 10500471510;
"K-Startup API 응답 데이터 분석 리포트" for the live envelope; id 61480071260 for the quirks), re-read
with the code search (a TypeScript client's `KStartupItem` with `pbanc_sn: number` and YYYYMMDD
dates; a source inventory giving the envelope as `currentCount, data, matchCount, page, perPage,
totalCount`, while the analysis report gives `current_count, match_count, page, per_page,
total_count`: both spellings are read).

Item fields used: pbanc_sn (a number), biz_pbanc_nm (the call), intg_pbanc_biz_nm (the integrated
programme it belongs to: matched against programme rules), pbanc_ntrp_nm (operator), sprv_inst,
supt_biz_clsfc (category, `·` and `ㆍ` mixed), supt_regin (not filtered by the server), pbanc_rcpt_bgng_dt
and pbanc_rcpt_end_dt (YYYYMMDD), detl_pg_url (sometimes Markdown-wrapped or without a scheme),
biz_aply_url (null in every live row seen), rcrt_prgs_yn or Rcrt_prgs_yn (recruiting flag).
`data` is sometimes one dict instead of a list. The reuse terms of this dataset were not read, so
it is treated like Bizinfo (facts, title as published and link; no other text): see harvest.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .common import FeedError, Notice, as_list, clean_text, dated, https_url, iso_date, load_json, raw_json

SOURCE = "kstartup"
KEY_ENV = "DATA_GO_KR_SERVICE_KEY"
HOSTS = ("www.k-startup.go.kr", "k-startup.go.kr")


def _envelope(payload: bytes) -> dict:
    data = load_json(payload, "K-Startup")
    if not isinstance(data, dict) or "data" not in data:
        raise FeedError("K-Startup: the answer has no 'data'; expected {current_count, match_count, ..., data: [...]}")
    return data


def parse(payload: bytes, config: dict) -> list[Notice]:
    """Notices from one page; `data` may be a list or a single dict."""
    return [_notice(item, config) for item in as_list(_envelope(payload)["data"])]


def total(payload: bytes) -> int | None:
    """The number of matching announcements the answer states (match_count, else total_count)."""
    data = _envelope(payload)
    for key in ("match_count", "matchCount", "total_count", "totalCount"):
        if str(data.get(key, "")).isdigit():
            return int(data[key])
    return None


def _notice(item, config: dict) -> Notice:
    if not isinstance(item, dict) or item.get("pbanc_sn") in (None, ""):
        raise FeedError("K-Startup: an item of 'data' has no 'pbanc_sn'")
    serial = str(item["pbanc_sn"]).strip()
    opens = iso_date(str(item.get("pbanc_rcpt_bgng_dt") or ""))
    closes = iso_date(str(item.get("pbanc_rcpt_end_dt") or ""))
    recruiting = str(item.get("rcrt_prgs_yn", item.get("Rcrt_prgs_yn", ""))).strip().upper()
    notes = ("K-Startup marks it not recruiting (rcrt_prgs_yn=N)",) if recruiting == "N" else ()
    return Notice(
        source=SOURCE,
        external_id=serial,
        title=clean_text(item.get("biz_pbanc_nm")),
        language="ko",
        operator=clean_text(item.get("pbanc_ntrp_nm")),
        agency=clean_text(item.get("sprv_inst")) or None,
        programme_name=clean_text(item.get("intg_pbanc_biz_nm")) or None,
        period=dated(opens, closes, "reception period"),
        url=https_url(item.get("detl_pg_url"), HOSTS),
        raw=raw_json(item),
        categories=tuple(c for c in re.split(r"[,/]", clean_text(item.get("supt_biz_clsfc"))) if c.strip()),
        regions=_regions(item.get("supt_regin"), config.get("regions", {})),
        application_url=https_url(item.get("biz_aply_url")),
        notes=notes,
    )


def _regions(value, names: dict) -> tuple[str, ...]:
    given = {clean_text(part) for part in re.split(r"[,/·ㆍ\s]+", clean_text(value)) if part}
    if "전국" in given:
        return ("전국",)
    return tuple(name for name in names if name in given or any(g.startswith(name) for g in given))


def fetch(client, config: dict, key: str) -> Iterator[bytes]:
    """Every page (`page` 1, 2, ... of `perPage` rows) until the stated count has come."""
    size = int(config.get("page_size", 100))
    for page in range(1, int(config.get("max_pages", 500)) + 1):
        params = {"serviceKey": key, "page": page, "perPage": size, "returnType": "json"}
        payload = client.get(config["endpoint"], params=params).body
        yield payload
        stated, count = total(payload), len(parse(payload, config))
        if count < size or (stated is not None and page * size >= stated):
            return
    raise FeedError(f"K-Startup: more than {config.get('max_pages', 500)} pages; raise max_pages if that is right")
