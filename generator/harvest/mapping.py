"""From Notices to call records (CALLS-SPEC), by the rules of site_config/harvest.yaml.

Which programme a notice belongs to is data: each source lists rules (`program` plus any of `title`,
`programme_name`, `agency`, `operator`, `code`: regular expressions that must all match; `all: true`
matches every notice), first match wins. A notice that matches none becomes a call under its
operator (named from the `operators` table where it knows the other language) and is listed for
review, never dropped. What a call may carry of the notice's text follows the source's `licence`
(`copy_title`); nothing is translated here: a title is written in its own language only, with
`title_language`, and an editor adds the other.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from ..languages import LANGUAGES
from .common import Notice

STATE_FILE = "_harvest.yaml"


class ConfigError(Exception):
    """site_config/harvest.yaml is missing or wrong; the message says where."""


@dataclasses.dataclass(frozen=True)
class Mapped:
    """A call record, its id, and what an editor must look at (no programme, a name in one language)."""

    id: str
    call: dict
    review: tuple[str, ...]


def load_config(config_dir: Path, program_ids: set[str] | None = None) -> dict:
    """site_config/harvest.yaml, checked against its schema and (when given) the programme ids it names."""
    import jsonschema

    path = config_dir / "harvest.yaml"
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        schema = yaml.safe_load((config_dir / "schema" / "harvest.schema.json").read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path.name}: cannot be read: {exc}") from None
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = ".".join(map(str, errors[0].path)) or "(top)"
        raise ConfigError(f"site_config/harvest.yaml: {where}: {errors[0].message}")
    for source, settings in data["sources"].items():
        if not settings["licence"]["copy_title"]:
            raise ConfigError(
                f"site_config/harvest.yaml: sources.{source}.licence.copy_title: false, but a call needs the "
                "title as published; this source cannot be harvested under these terms"
            )
        for index, rule in enumerate(settings.get("programs", [])):
            if program_ids is not None and rule["program"] not in program_ids:
                raise ConfigError(
                    f"site_config/harvest.yaml: sources.{source}.programs.{index}.program: "
                    f"'{rule['program']}' is not a record in programs/"
                )
    return data


def call_id(source: str, external_id: str) -> str:
    """`<source>-<external id, lower-cased and slugged>`, as the spec says."""
    slug = re.sub(r"[^a-z0-9]+", "-", external_id.lower()).strip("-")
    return f"{source}-{slug}"


def match_program(notice: Notice, rules: list[dict]) -> str | None:
    """The programme of the first rule whose every pattern matches the notice; None if none does."""
    fields = {
        "title": [notice.title],
        "programme_name": [notice.programme_name or ""],
        "agency": [notice.agency or ""],
        "operator": [notice.operator],
        "code": list(notice.codes),
    }
    for rule in rules:
        patterns = {k: v for k, v in rule.items() if k in fields}
        if (rule.get("all") or patterns) and all(
            any(re.search(pattern, value) for value in fields[key]) for key, pattern in patterns.items()
        ):
            return rule["program"]
    return None


def to_call(notice: Notice, settings: dict, operators: dict, harvested: str) -> Mapped:
    """The call record of one dated (or rolling, or cut-off) notice."""
    cid = call_id(notice.source, notice.external_id)
    review: list[str] = list(notice.notes)
    call: dict = {}
    program = match_program(notice, settings.get("programs", []))
    if program:
        call["program"] = program
    else:
        name, missing = _operator_name(notice, settings, operators)
        call["operator"] = {"name": name}
        review.append(f"matches no programme: a call under its operator, {notice.operator or 'unnamed'}")
        if missing:
            review.append(f"the operator's name in {missing} is needed")
    call["title"] = {notice.language: notice.title}
    call["title_language"] = notice.language
    call.update(_period_fields(notice))
    if notice.url:
        call["url"] = notice.url
    if notice.application_url:
        call["application"] = {"route": "online", "url": notice.application_url}
    if notice.regions and (country := settings.get("regions_country")):
        call["eligibility"] = {"applicant_countries": [country]}
        if notice.regions != ("전국",) and len(notice.regions) < settings.get("nationwide_from", 16):
            review.append(f"regions named: {', '.join(notice.regions)} (a call has no field for a region yet)")
    if notice.funding:
        call["funding"] = {"amounts": [{**amount, "cites": [cid]} for amount in notice.funding]}
    call["external_id"] = notice.external_id
    call["cites"] = [cid]
    call["sources"] = [citation(notice, cid, settings, harvested)]
    call["harvest"] = {"source": notice.source, "harvested": harvested}
    if notice.updated:
        call["harvest"]["updated"] = notice.updated
    call["harvest"]["raw_sha256"] = notice.sha256
    return Mapped(cid, call, tuple(review))


def citation(notice: Notice, source_id: str, settings: dict, harvested: str) -> dict:
    """The sources[] entry of a harvested notice: the notice's page, its publisher, dates and language."""
    entry = {"id": source_id, "kind": "portal", "title": notice.title, "publisher": settings["publisher"]}
    if notice.updated and notice.updated <= harvested:
        entry["date"] = notice.updated
    entry["read"] = harvested
    entry["url"] = notice.url or settings["site"]
    entry["language"] = notice.language
    return entry


def _period_fields(notice: Notice) -> dict:
    period = notice.period
    fields: dict = {"mode": period.mode}
    for key in ("opens", "closes"):
        if getattr(period, key):
            fields[key] = getattr(period, key)
    if period.cutoffs:
        fields["cutoffs"] = list(period.cutoffs)
    if period.deadline_time:
        fields["deadline_time"] = period.deadline_time
    if period.time_zone:
        fields["time_zone"] = period.time_zone
    return fields


def _operator_name(notice: Notice, settings: dict, operators: dict) -> tuple[dict, str | None]:
    """The operator's name in the notice's language, and the other one where the table knows it."""
    given = notice.operator or settings.get("default_operator", {}).get(notice.language, "")
    known = operators.get(given) or next((v for v in operators.values() if v.get(notice.language) == given), None)
    if known:
        return dict(known), None
    if not given and settings.get("default_operator"):
        return dict(settings["default_operator"]), None
    others = [lang.english_name for lang in LANGUAGES if lang.code != notice.language]
    return {notice.language: given}, " and ".join(others) or None
