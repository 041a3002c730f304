"""Validation: every record against its JSON Schema, then the checks across records.

All problems are collected in one run; nothing is returned while any stands.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

from ..cache import BuildCache, digest
from ..diagnostics import ContentError, Diagnostic, field_path
from ..model import Catalogue, build_catalogue
from ..paths import page_path, tag_page
from ..places import Places, places_from_data
from ..project import KINDS, Project
from ..search.synonyms import check_synonyms
from .calls import call_files, cross_call_problems
from .checks import record_problems
from .load import LoadedFile, LoadError, load_bytes, load_file, read_file_bytes
from .messages import schema_error_messages, suggest
from .schema import PLACES, Reference, SchemaSet

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
IGNORED_FILES = {"README.md", ".gitkeep"}


@dataclasses.dataclass(frozen=True)
class CheckedRecord:
    """A record that loaded and passed its schema, with the references it makes."""

    kind: str
    id: str
    file: LoadedFile
    data: dict
    refs: tuple[Reference, ...]
    digest: str


FIXED_PAGES = {
    "index.md",
    "programs/index.md",
    "cases/index.md",
    "tags/index.md",
    "about.md",
    "calls.md",
    "calls-archive.md",
}


def validate_catalogue(
    project: Project,
    schemas: SchemaSet | None = None,
    cache: BuildCache | None = None,
    today: datetime.date | None = None,
) -> Catalogue:
    """Load and check every record and the taxonomy; return the model or raise ContentError.

    Records found in `cache` (same path, bytes, code and schemas) are not loaded and checked again:
    a record that passed stays valid, as `today` (the build date, for review dates) only moves on.
    """
    schemas = schemas or SchemaSet(project.schema_dir)
    cache = cache or BuildCache(None, "")
    checks = _RecordChecks(schemas, cache, today or datetime.date.today())
    diagnostics: list[Diagnostic] = []
    taxonomy_file = _check_taxonomy(project, schemas, diagnostics)
    taxonomy = taxonomy_file.data if taxonomy_file else None
    places_file = _check_config(project, schemas, "places", diagnostics)
    places = places_from_data(places_file.data) if places_file else None
    if places is not None:
        diagnostics += _region_problems(places_file, places)
    settings = _check_config(project, schemas, "site", diagnostics)
    diagnostics += check_synonyms(project, schemas.validator("synonyms"))[1]
    files = {kind: _record_files(project, kind, diagnostics) for kind in KINDS}
    ids = {kind: {record_id for record_id, _ in found} for kind, found in files.items()}
    records = []
    for kind, found in files.items():
        for record_id, path in found:
            record = _check_record(project, checks, kind, record_id, path, diagnostics)
            if record:
                records.append(record)
                diagnostics += _reference_problems(record, taxonomy, ids, places)
    diagnostics += _output_path_problems(records, taxonomy_file)
    calls = _check_calls(project, checks, (taxonomy, ids, places), diagnostics)
    if diagnostics:
        raise ContentError(diagnostics)
    by_kind = {kind: [(r.id, r.file.path, r.data) for r in records if r.kind == kind] for kind in KINDS}
    sources = {f"{r.kind}:{r.id}": r.digest for r in (*records, *(record for _, record in calls))}
    freshness = int(settings.data["freshness_years"]) if settings else 2
    # The places the records name are their checked place references (found while loading, or kept in the cache).
    used = {ref.value for r in (*records, *(c for _, c in calls)) for ref in r.refs if ref.target == PLACES}
    call_data = [(r.id, r.file.path, source, r.data) for source, r in calls]
    return build_catalogue(
        by_kind["program"], by_kind["case"], taxonomy or {}, sources, places, freshness, used, call_data
    )


def _check_calls(project, checks: _RecordChecks, context: tuple, diagnostics) -> list[tuple[str, CheckedRecord]]:
    """Every call of calls/<source>/, checked as records are, then across calls: (source folder, record)."""
    taxonomy, ids, places = context
    calls = []
    for call_id, source, path in call_files(project, diagnostics):
        record = _check_record(project, checks, "call", call_id, path, diagnostics)
        if record:
            calls.append((source, record))
            diagnostics += _reference_problems(record, taxonomy, ids, places)
    diagnostics += cross_call_problems((source, r.file.path, r) for source, r in calls)
    return calls


def _record_files(project: Project, kind: str, diagnostics: list[Diagnostic]) -> list[tuple[str, Path]]:
    folder = project.record_dir(kind)
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            message = f"is not a folder; {KINDS[kind]}/ must be a folder of .yaml record files"
            diagnostics.append(Diagnostic(project.display(folder), 1, 1, "", message))
        return []
    found = []
    for path in sorted(folder.iterdir()):
        name, display = path.name, project.display(path)
        if name.startswith(".") or name in IGNORED_FILES:
            continue
        if path.suffix == ".yml":
            diagnostics.append(Diagnostic(display, 1, 1, "", f"use the .yaml extension: rename it to {path.stem}.yaml"))
        elif path.suffix != ".yaml":
            diagnostics.append(Diagnostic(display, 1, 1, "", f"only .yaml record files belong in {KINDS[kind]}/"))
        elif not ID_PATTERN.fullmatch(path.stem) or path.stem == "index":
            diagnostics.append(Diagnostic(display, 1, 1, "", _bad_id_message(path.stem)))
        else:
            found.append((path.stem, path))
    return found


def _bad_id_message(stem: str) -> str:
    if stem == "index":
        return "'index' is reserved for the list page; choose another file name"
    better = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    hint = f", such as '{better}.yaml'" if better else ""
    return f"file name '{stem}' is not a valid record id; use lower-case ASCII letters, digits and hyphens{hint}"


@dataclasses.dataclass(frozen=True)
class _RecordChecks:
    """What checking one record needs besides the record."""

    schemas: SchemaSet
    cache: BuildCache
    today: datetime.date


def _check_record(project, checks: _RecordChecks, kind, record_id, path, diagnostics) -> CheckedRecord | None:
    """Load a record and check it against its schema, or take the result from the cache."""
    schemas, cache = checks.schemas, checks.cache
    display = project.display(path)
    try:
        raw = read_file_bytes(path, display)
        key = digest(cache.salt, kind, display, raw)
        stored = cache.record(key)
        if stored is not None:
            return _from_stored(kind, record_id, display, key, stored)
        loaded = load_bytes(raw, display)
    except LoadError as exc:
        diagnostics += exc.diagnostics
        return None
    data, refs = schemas.coerce(loaded.data, kind)
    problems = [] if schemas.is_valid(kind, data) else schema_problems(loaded, data, schemas.validator(kind), kind)
    if not problems:
        problems = [
            Diagnostic(display, *loaded.position(where), field_path(where), message)
            for where, message in record_problems(schemas, kind, record_id, data, checks.today)
        ]
    diagnostics += problems
    if problems:
        return None
    # Kept: the checked data and its references, with the positions that cross-record messages need.
    plain_refs = tuple((r.path, r.target, r.value, r.is_record) for r in refs)
    cache.store_record(key, (data, plain_refs, {r.path: loaded.position(r.path) for r in refs}))
    return CheckedRecord(kind, record_id, loaded, data, tuple(refs), key)


def _from_stored(kind: str, record_id: str, display: str, key: str, stored: tuple) -> CheckedRecord:
    data, refs, marks = stored
    loaded = LoadedFile(display, {}, marks, {})  # only the positions of references are kept
    return CheckedRecord(kind, record_id, loaded, data, tuple(Reference(*ref) for ref in refs), key)


def schema_problems(loaded: LoadedFile, data, validator, kind: str = "") -> list[Diagnostic]:
    """Diagnostics for every schema error in one loaded file, placed at their line and column.

    Called for a file that jsonschema-rs failed: should the Python validator find nothing, the file
    is still refused (a record the published schema forbids is never published).
    """
    found = []
    for error in validator.iter_errors(data):
        for path, message, anchor in schema_error_messages(error):
            where = path[:-1] if anchor == "parent" else path
            # A missing field points at its parent's key (`company:`), or at the list item it belongs in.
            key = anchor == "key" or (anchor == "parent" and bool(where) and isinstance(where[-1], str))
            line, col = loaded.position(where, key=key)
            diagnostic = Diagnostic(loaded.path, line, col, field_path(path), message)
            if diagnostic not in found:  # two errors of one rule (such as dependentRequired) can name one field
                found.append(diagnostic)
    if not found and kind:
        schema = f"site_config/schema/{kind}.schema.json"
        message = f"does not meet {schema}, though no field could be named; please report this"
        found.append(Diagnostic(loaded.path, 1, 1, "", message))
    return found


def _check_taxonomy(project: Project, schemas: SchemaSet, diagnostics: list[Diagnostic]) -> LoadedFile | None:
    path = project.config_dir / "taxonomy.yaml"
    try:
        loaded = load_file(path, project.display(path))
    except LoadError as exc:
        diagnostics += exc.diagnostics
        return None
    valid = schemas.is_valid("taxonomy", loaded.data)  # the fast path, as for records
    problems = [] if valid else schema_problems(loaded, loaded.data, schemas.validator("taxonomy"))
    if "countries" in loaded.data:  # derived from places.yaml and CLDR (see model.build_catalogue)
        message = (
            "is made by the build from site_config/places.yaml and CLDR country names; remove it "
            "(records name countries by ISO 3166-1 code)"
        )
        problems.append(Diagnostic(loaded.path, *loaded.position(("countries",), key=True), "countries", message))
    diagnostics += problems
    return None if problems else loaded


def _check_config(project: Project, schemas: SchemaSet, name: str, diagnostics: list[Diagnostic]) -> LoadedFile | None:
    """Load site_config/<name>.yaml and check it against its schema (with its integers converted)."""
    path = project.config_dir / f"{name}.yaml"
    try:
        loaded = load_file(path, project.display(path))
    except LoadError as exc:
        diagnostics += exc.diagnostics
        return None
    data, _ = schemas.coerce(loaded.data, name)
    valid = schemas.is_valid(name, data)  # the fast path, as for records
    problems = [] if valid else schema_problems(loaded, data, schemas.validator(name))
    diagnostics += problems
    return None if problems else dataclasses.replace(loaded, data=data)


def _region_problems(loaded: LoadedFile, places: Places) -> list[Diagnostic]:
    """Every member of a region must be an ISO 3166-1 country code."""
    found = []
    for region in places.regions.values():
        for index, code in enumerate(region.members):
            if problem := places.problem(code):
                where = ("regions", region.id, "members", index)
                found.append(Diagnostic(loaded.path, *loaded.position(where), field_path(where), problem))
    return found


def _reference_problems(
    record: CheckedRecord, taxonomy: dict | None, ids: dict[str, set[str]], places: Places | None = None
) -> list[Diagnostic]:
    found = []
    for ref in record.refs:
        if ref.target == PLACES:
            if places is not None and (problem := places.problem(ref.value)):
                line, col = record.file.position(ref.path)
                found.append(Diagnostic(record.file.path, line, col, field_path(ref.path), problem))
            continue
        if ref.is_record:
            known = ids.get(ref.target, set())
            what = f"no {ref.target} record '{ref.value}' exists in {KINDS[ref.target]}/"
        elif taxonomy is not None:
            known = taxonomy.get(ref.target, {})
            what = f"'{ref.value}' is not a term of '{ref.target}' in site_config/taxonomy.yaml"
        else:
            continue
        if ref.value not in known:
            line, col = record.file.position(ref.path)
            message = what + suggest(ref.value, known)
            found.append(Diagnostic(record.file.path, line, col, field_path(ref.path), message))
    return found


def _output_path_problems(records: list[CheckedRecord], taxonomy: LoadedFile | None) -> list[Diagnostic]:
    """Refuse two sources writing one page (Pelican's rule): a record, a tag or a built-in page."""
    claimed: dict[str, str] = {page: "a built-in page" for page in FIXED_PAGES}
    found = []
    owners = [(page_path(r.kind, r.id), r.file.path, (1, 1), "") for r in records]
    for tag in taxonomy.data.get("tags", {}) if taxonomy else ():
        owners.append((tag_page(tag), taxonomy.path, taxonomy.position(("tags", tag), key=True), f"tags.{tag}"))
    for page, owner, (line, col), field in owners:
        if page in claimed:
            message = f"would write the page {page}, which {claimed[page]} already writes; choose another id"
            found.append(Diagnostic(owner, line, col, field, message))
        else:
            claimed[page] = owner
    return found
