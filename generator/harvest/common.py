"""What every adapter shares: the Notice it makes, payload decoding, text cleaning and date parsing.

An adapter turns one raw payload (the bytes a feed answered) into Notices; generator/harvest/mapping.py
turns Notices into call records. Nothing here guesses: a date that does not parse leaves the
notice undated (with the reason), to be listed for an editor, never given a made-up date.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import html
import json
import re
import unicodedata


class FeedError(Exception):
    """A payload is not what the feed documents (an HTML error page, broken JSON, a missing envelope)."""


@dataclasses.dataclass(frozen=True)
class Period:
    """When a call takes applications: a mode (dated, rolling, cutoffs) and its dates, or why it has none."""

    mode: str | None
    opens: str | None = None
    closes: str | None = None
    cutoffs: tuple[str, ...] = ()
    deadline_time: str | None = None
    time_zone: str | None = None
    undated: str | None = None  # the reason when mode is None: the notice is held for an editor


@dataclasses.dataclass
class Notice:
    """One notice as a feed gives it, its fields named in our terms; `raw` is the item as received."""

    source: str
    external_id: str
    title: str
    language: str
    operator: str
    period: Period
    url: str | None
    raw: bytes
    updated: str | None = None
    agency: str | None = None
    programme_name: str | None = None
    codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    application_url: str | None = None
    funding: tuple[dict, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        """The sha256 of the raw item, the name of its copy under .cache/harvest/."""
        return hashlib.sha256(self.raw).hexdigest()


def load_json(payload: bytes, what: str):
    """The decoded JSON of a payload; FeedError naming an HTML page or the place JSON breaks."""
    text = payload.decode("utf-8-sig", errors="replace").lstrip()
    if text[:1] == "<":
        head = re.sub(r"\s+", " ", text[:120])
        raise FeedError(f"{what}: the answer is HTML or XML, not JSON (it starts {head!r})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError(
            f"{what}: the answer is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None


def raw_json(item) -> bytes:
    """A JSON item as canonical bytes (sorted keys, UTF-8), so that its sha256 changes only when it does."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def clean_text(value) -> str:
    """Text as the reader sees it: entities decoded (even twice-escaped ones), tags and runs of space removed."""
    text = "" if value is None else str(value)
    for _ in range(3):  # `&amp;lt;br/&amp;gt;` needs two rounds, then its tag goes
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _SPACE.sub(" ", _TAG.sub(" ", text)).strip()


def match_key(text: str) -> str:
    """A title reduced for comparison: NFKC, the two middle dots as one, no spaces or punctuation, lower case."""
    text = unicodedata.normalize("NFKC", clean_text(text).replace("\u318d", "·")).lower()  # NFKC makes ㆍ a jamo
    return "".join(ch for ch in text if ch.isalnum())


def https_url(value, upgrade_hosts: tuple[str, ...] = ()) -> str | None:
    """An https address from a feed's field: Markdown-wrapped and scheme-less forms unwrapped; else None.

    Plain http is upgraded only for the hosts in `upgrade_hosts` (the source's own portal, which serves https).
    """
    text = clean_text(value)
    wrapped = re.fullmatch(r"\[[^\]]*\]\((\S+)\)", text) or re.fullmatch(r"<(\S+)>", text)
    if wrapped:
        text = wrapped.group(1)
    if re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", text, re.IGNORECASE):
        text = "https://" + text
    host = re.match(r"^https?://([^/?#:]+)", text)
    if not host or re.search(r"\s", text):
        return None
    if text.startswith("http://") and host.group(1).lower() in upgrade_hosts:
        text = "https://" + text[len("http://") :]
    return text if text.startswith("https://") else None


def iso_date(text: str) -> str | None:
    """YYYY-MM-DD from YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD or YYYYMMDD (a time after it ignored); None if not a date."""
    found = re.match(r"^\s*(\d{4})[-./]?(\d{2})[-./]?(\d{2})(?!\d)", text or "")
    if not found:
        return None
    try:
        return datetime.date(*map(int, found.groups())).isoformat()
    except ValueError:
        return None


def us_date(text: str) -> str | None:
    """YYYY-MM-DD from the US forms MM/DD/YYYY and MMDDYYYY (Grants.gov); None if not a date."""
    found = re.fullmatch(r"\s*(\d{2})/?(\d{2})/?(\d{4})\s*", text or "")
    if not found:
        return None
    month, day, year = map(int, found.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def dated(opens: str | None, closes: str | None, what: str) -> Period:
    """A dated Period, or an undated one saying why (no closing date, or closing before opening)."""
    if not closes:
        return Period(None, undated=f"{what}: no closing date")
    if opens and closes < opens:
        return Period(None, undated=f"{what}: closes {closes} before it opens {opens}")
    return Period("dated", opens=opens, closes=closes)


def as_list(value) -> list:
    """A value the feed gives as a list, or sometimes as one dict or one scalar (or not at all)."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def first(value) -> str:
    """The first element of a list-wrapped value (SEDIA wraps every metadata value), as text."""
    items = as_list(value)
    return "" if not items else str(items[0])
