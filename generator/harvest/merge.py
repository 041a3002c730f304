"""Bizinfo and K-Startup list many of the same calls: a conservative rule merges them, keeping both citations.

The rule: a Bizinfo notice and a K-Startup announcement are one call when both are dated, their
titles are equal once reduced (NFKC, `ㆍ` read as `·`, spaces, punctuation and case ignored), and
their opening and closing dates are the same. Anything less (a similar title, one date differing, two
K-Startup calls that would both match) is not merged: a false merge hides a call, a missed one only
shows it twice, and a reviewer can still delete the duplicate. The K-Startup call is kept (its feed
names the integrated programme, which maps it to a programme) and gains the Bizinfo notice in its
`sources` and `cites`; the Bizinfo call is not written, and calls/bizinfo/_harvest.yaml lists it
under `merged` with its citation, so a K-Startup run without Bizinfo still cites it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .common import match_key
from .store import load, read_state


def key(title: str, opens: str | None, closes: str | None) -> tuple[str, str, str] | None:
    """What must be equal for two calls to be one; None for a call without a closing date."""
    return (match_key(title), opens or "", closes) if closes else None


def merge_duplicates(runs: dict, calls_root: Path) -> None:
    """Take the Bizinfo calls that duplicate a K-Startup call out of the Bizinfo run, recording each merge."""
    bizinfo = runs.get("bizinfo")
    if bizinfo is None or not bizinfo.complete:
        return
    kstartup = runs.get("kstartup")
    targets = _run_keys(kstartup) if kstartup is not None and kstartup.complete else _committed_keys(calls_root)
    kept = []
    for mapped in bizinfo.calls:
        call = mapped.call
        found = (
            key(call["title"].get("ko", ""), call.get("opens"), call.get("closes")) if call["mode"] == "dated" else None
        )
        into = targets.get(found) if found else None
        if into:
            bizinfo.merged.append({"call": mapped.id, "into": into, "source": call["sources"][0]})
        else:
            kept.append(mapped)
    bizinfo.calls = kept


def apply_merges(runs: dict, calls_root: Path) -> None:
    """Add each merged Bizinfo notice's citation to the K-Startup call it was merged into."""
    kstartup = runs.get("kstartup")
    if kstartup is None or not kstartup.complete:
        return
    bizinfo = runs.get("bizinfo")
    merged = bizinfo.merged if bizinfo is not None and bizinfo.complete else _committed_merges(calls_root)
    calls = {mapped.id: mapped.call for mapped in kstartup.calls}
    for entry in merged:
        call = calls.get(entry["into"])
        if call is None or any(s["id"] == entry["source"]["id"] for s in call["sources"]):
            continue
        call["sources"].append(dict(entry["source"]))
        call["cites"].append(entry["source"]["id"])


def _run_keys(run) -> dict:
    found: dict = {}
    for mapped in run.calls:
        call = mapped.call
        if call["mode"] == "dated":
            _add(found, key(call["title"].get("ko", ""), call.get("opens"), call.get("closes")), mapped.id)
    return {k: v for k, v in found.items() if v is not None}


def _committed_keys(calls_root: Path) -> dict:
    found: dict = {}
    for path in sorted((calls_root / "kstartup").glob("kstartup-*.yaml")):
        try:
            call = load(path.read_text("utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(call, dict) and call.get("mode") == "dated":
            _add(found, key(call.get("title", {}).get("ko", ""), call.get("opens"), call.get("closes")), path.stem)
    return {k: v for k, v in found.items() if v is not None}


def _add(found: dict, k, call_id: str) -> None:
    """Index a call by its key; two calls with one key make it ambiguous (None), so neither is a target."""
    if k is not None:
        found[k] = call_id if k not in found else None


def _committed_merges(calls_root: Path) -> list[dict]:
    return list(read_state(calls_root / "bizinfo").get("merged") or [])
