"""`python -m generator new program [ID] --from-call CALL`: a programme skeleton for a harvested call.

A call that matched no programme is written under its operator (generator/harvest/mapping.py). When
an editor decides it belongs to a programme the catalogue lacks, this writes the usual skeleton
(generator/authoring/new.py) with the call's facts above it as comments (title, operator, dates,
address, the citation, support types suggested by the source's category table) and prints the
rule to add to site_config/harvest.yaml, so that the next harvest maps the call to the new record.
Nothing of the call's text goes into the record's fields: the editor writes them, in both languages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from ..authoring.new import ScaffoldError, new_record
from .common import clean_text

#: The fields of the raw items that hold a source's categories (Bizinfo JSON and RSS, K-Startup).
CATEGORY_FIELDS = ("pldirSportRealmLclasCodeNm", "lcategory", "supt_biz_clsfc")


def find_call(project, call_id: str) -> tuple[Path, dict]:
    """The file and data of a call in any calls/<source>/ folder; ScaffoldError if there is none."""
    for path in sorted((project.root / "calls").glob(f"*/{call_id}.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict):
            return path, data
    raise ScaffoldError(
        f"no call '{call_id}' in calls/; the ids are the file names, such as bizinfo-pbln-000000000121301"
    )


def promote(project, call_id: str, program_id: str | None = None) -> tuple[Path, str]:
    """Write programs/ID.yaml for the call (ID defaults to the call's id); the path and the harvest.yaml rule."""
    path, call = find_call(project, call_id)
    if "program" in call:
        raise ScaffoldError(f"call '{call_id}' already belongs to programme '{call['program']}'")
    target = new_record(project, "program", program_id or call_id)
    lines = target.read_text("utf-8").splitlines(keepends=True)
    lines[1:1] = [f"# {line}\n" if line else "#\n" for line in _facts(project, path, call)]
    target.write_text("".join(lines), "utf-8", newline="\n")
    return target, _rule(program_id or call_id, call)


def _facts(project, path: Path, call: dict) -> list[str]:
    title = call["title"].get(call.get("title_language", "ko"), "")
    source = call["sources"][0]
    facts = [
        f"Promoted from the harvested call {path.stem} ({project.display(path)}): fill the fields from it.",
        f"Title as published ({call.get('title_language', 'ko')}): {title}",
        f"Operator: {json.dumps(call.get('operator', {}).get('name', {}), ensure_ascii=False)}",
        f"Dates: {call['mode']} {call.get('opens', '')} {call.get('closes', '')} {call.get('cutoffs', '')}".rstrip(),
        f"Notice: {call.get('url', source.get('url', ''))}",
        f"Source to cite: {source['publisher']}, {source.get('date', 'undated')}, read {source['read']}",
    ]
    suggested = _support_types(project, call)
    if suggested:
        facts.append(f"Support types suggested by the feed's category table: {', '.join(suggested)}")
    return ["", *facts, ""]


def _support_types(project, call: dict) -> list[str]:
    """Terms the source's `categories` table maps the notice's category to (read from its raw copy)."""
    config = yaml.safe_load((project.config_dir / "harvest.yaml").read_text("utf-8"))
    table = config["sources"].get(call["harvest"]["source"], {}).get("categories", {})
    raw = (
        project.root
        / ".cache"
        / "harvest"
        / call["harvest"]["source"]
        / "items"
        / f"{call['harvest']['raw_sha256']}.json"
    )
    item = json.loads(raw.read_text("utf-8")) if raw.exists() else {}
    given = {part for field in CATEGORY_FIELDS for part in re.split(r"[@,]", clean_text(item.get(field))) if part}
    return sorted({term for category, term in table.items() if category in given})


def _rule(program_id: str, call: dict) -> str:
    title = call["title"].get(call.get("title_language", "ko"), "")
    pattern = json.dumps(
        "^" + "".join("\\" + c if c in ".^$*+?()[]{}|\\" else c for c in title) + "$", ensure_ascii=False
    )
    return f"sources.{call['harvest']['source']}.programs:\n  - program: {program_id}\n    title: {pattern}"
