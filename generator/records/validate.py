"""Validation: every record against its JSON Schema, then the checks across records.

All problems are collected in one run (a record that fails its schema is still checked for the
rest, see record_check.py); nothing is returned while any stands.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

from ..cache import BuildCache, digest
from ..diagnostics import ContentError, Diagnostic, field_path
from ..frame import frame_problems
from ..model import Catalogue, ModelMismatch, build_catalogue
from ..paths import page_path, tag_page
from ..places import Places, places_from_data
from ..portals import portal_problems, portals_from_data
from ..project import KINDS, Project
from ..search.synonyms import check_synonyms
from ..texts import say
from .calls import call_files, cross_call_problems
from .choices import Vocabulary
from .load import LoadedFile, LoadError, load_bytes, load_file, read_file_bytes
from .record_check import check_record, schema_problems
from .schema import PLACES, Reference, SchemaSet

__all__ = ["validate_catalogue", "schema_problems", "ID_PATTERN", "CheckedRecord"]

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
IGNORED_FILES = {"README.md", ".gitkeep"}


@dataclasses.dataclass(frozen=True)
class CheckedRecord:
    """A record that loaded, with the references of its well-formed fields; `valid` if it has no problem."""

    kind: str
    id: str
    file: LoadedFile
    data: dict
    refs: tuple[Reference, ...]
    digest: str
    valid: bool = True


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
    diagnostics: list[Diagnostic] = []
    taxonomy_file = _check_taxonomy(project, schemas, diagnostics)
    taxonomy = taxonomy_file.data if taxonomy_file else None
    places_file = _check_config(project, schemas, "places", diagnostics)
    places = places_from_data(places_file.data) if places_file else None
    if places is not None:
        diagnostics += _region_problems(places_file, places)
    portals_file = _check_config(project, schemas, "portals", diagnostics)
    if portals_file:
        diagnostics += portal_problems(portals_file, places)
    settings = _check_config(project, schemas, "site", diagnostics)
    diagnostics += frame_problems(settings) if settings else []  # addresses that may not reach a page
    synonyms, synonym_problems = check_synonyms(project, schemas.validator("synonyms"))
    diagnostics += synonym_problems
    diagnostics += _catalogue_problems(project)
    files = {kind: _record_files(project, kind, diagnostics) for kind in KINDS}
    ids = {kind: {record_id for record_id, _ in found} for kind, found in files.items()}
    vocabulary = Vocabulary(taxonomy, ids, places, tuple(tuple(group) for group in synonyms.groups))
    checks = _RecordChecks(schemas, cache, today or datetime.date.today(), vocabulary)
    records = []
    for kind, found in files.items():
        for record_id, path in found:
            record = _check_record(project, checks, kind, record_id, path, diagnostics)
            if record:
                diagnostics += _reference_problems(record, vocabulary)
                if record.valid:
                    records.append(record)
    diagnostics += _output_path_problems(records, taxonomy_file)
    calls = _check_calls(project, checks, vocabulary, diagnostics)
    if diagnostics:
        raise ContentError(sorted(set(diagnostics)))
    by_kind = {kind: [(r.id, r.file.path, r.data) for r in records if r.kind == kind] for kind in KINDS}
    sources = {f"{r.kind}:{r.id}": r.digest for r in (*records, *(record for _, record in calls))}
    freshness = int(settings.data["freshness_years"]) if settings else 2
    # The places the records name are their checked place references (found while loading, or kept in the cache).
    used = {ref.value for r in (*records, *(c for _, c in calls)) for ref in r.refs if ref.target == PLACES}
    call_data = [(r.id, r.file.path, source, r.data) for source, r in calls]
    try:
        catalogue = build_catalogue(
            by_kind["program"], by_kind["case"], taxonomy or {}, sources, places, freshness, used, call_data
        )
    except ModelMismatch as exc:
        raise ContentError([_mismatch(exc, [*records, *(c for _, c in calls)])]) from None
    return dataclasses.replace(catalogue, portals=portals_from_data(portals_file.data) if portals_file else ())


def _check_calls(
    project, checks: _RecordChecks, vocabulary: Vocabulary, diagnostics
) -> list[tuple[str, CheckedRecord]]:
    """Every call of calls/<source>/, checked as records are, then across calls: (source folder, record)."""
    calls = []
    for call_id, source, path in call_files(project, diagnostics):
        record = _check_record(project, checks, "call", call_id, path, diagnostics)
        if record:
            diagnostics += _reference_problems(record, vocabulary)
            if record.valid:
                calls.append((source, record))
    diagnostics += cross_call_problems((source, r.file.path, r) for source, r in calls)
    return calls


def _mismatch(exc: ModelMismatch, records: list[CheckedRecord]) -> Diagnostic:
    """A field the schema allows but the model does not know (or the reverse), at the record that has it."""
    record = next(r for r in records if r.file.path == exc.source_path)
    schema = f"site_config/schema/{record.kind}.schema.json"
    key = "model_lacks_field" if exc.unknown else "model_needs_field"
    message = say(key, field=exc.field, model=exc.model, schema=schema)
    return Diagnostic(record.file.path, *record.file.position(exc.path, key=True), field_path(exc.path), message)


def _catalogue_problems(project: Project) -> list[Diagnostic]:
    """The message catalogue (site_config/messages.yaml) is checked like the other configuration."""
    from ..texts import CATALOGUE_FILE, read_catalogue

    path = project.config_dir / CATALOGUE_FILE
    if project.uses_bundled_config or not path.is_file():
        return []  # the package's own catalogue, checked when it is first read
    return read_catalogue(path, project.display(path))[1]


def _record_files(project: Project, kind: str, diagnostics: list[Diagnostic]) -> list[tuple[str, Path]]:
    folder = project.record_dir(kind)
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            diagnostics.append(Diagnostic(project.display(folder), 1, 1, "", say("not_a_folder", folder=KINDS[kind])))
        return []
    found = []
    for path in sorted(folder.iterdir()):
        name, display = path.name, project.display(path)
        if name.startswith(".") or name in IGNORED_FILES:
            continue
        if path.suffix == ".yml":
            diagnostics.append(Diagnostic(display, 1, 1, "", say("use_yaml_extension", stem=path.stem)))
        elif path.suffix != ".yaml":
            diagnostics.append(Diagnostic(display, 1, 1, "", say("only_yaml_files", folder=KINDS[kind])))
        elif not ID_PATTERN.fullmatch(path.stem) or path.stem == "index":
            diagnostics.append(Diagnostic(display, 1, 1, "", _bad_id_message(path.stem)))
        else:
            found.append((path.stem, path))
    return found


def _bad_id_message(stem: str) -> str:
    if stem == "index":
        return say("index_reserved")
    better = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return say("bad_record_id", stem=stem, hint=say("bad_record_id_hint", better=better) if better else "")


@dataclasses.dataclass(frozen=True)
class _RecordChecks:
    """What checking one record needs besides the record."""

    schemas: SchemaSet
    cache: BuildCache
    today: datetime.date
    vocabulary: Vocabulary


def _check_record(project, checks: _RecordChecks, kind, record_id, path, diagnostics) -> CheckedRecord | None:
    """Load a record and check all it can without other records, or take the result from the cache."""
    cache = checks.cache
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
    outcome = check_record(checks.schemas, kind, record_id, loaded, checks.today, checks.vocabulary.choices)
    diagnostics += outcome.problems
    if outcome.problems:  # its references are still checked, but it is neither kept nor built
        return CheckedRecord(kind, record_id, loaded, outcome.data, outcome.refs, key, valid=False)
    refs = outcome.refs
    # Kept: the checked data and its references, with the positions that cross-record messages need.
    plain_refs = tuple((r.path, r.target, r.value, r.is_record) for r in refs)
    cache.store_record(key, (outcome.data, plain_refs, {r.path: loaded.position(r.path) for r in refs}))
    return CheckedRecord(kind, record_id, loaded, outcome.data, refs, key)


def _from_stored(kind: str, record_id: str, display: str, key: str, stored: tuple) -> CheckedRecord:
    data, refs, marks = stored
    loaded = LoadedFile(display, {}, marks, {})  # only the positions of references are kept
    return CheckedRecord(kind, record_id, loaded, data, tuple(Reference(*ref) for ref in refs), key)


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
        where = loaded.position(("countries",), key=True)
        problems.append(Diagnostic(loaded.path, *where, "countries", say("taxonomy_countries")))
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


def _reference_problems(record: CheckedRecord, vocabulary: Vocabulary) -> list[Diagnostic]:
    found = []
    for ref in record.refs:
        problem = vocabulary.reference_problem(ref)
        if problem:
            line, col = record.file.position(ref.path)
            found.append(Diagnostic(record.file.path, line, col, field_path(ref.path), problem))
    return found


def _output_path_problems(records: list[CheckedRecord], taxonomy: LoadedFile | None) -> list[Diagnostic]:
    """Refuse two sources writing one page (Pelican's rule): a record, a tag or a built-in page."""
    claimed: dict[str, str] = {page: say("built_in_page") for page in FIXED_PAGES}
    found = []
    owners = [(page_path(r.kind, r.id), r.file.path, (1, 1), "") for r in records]
    for tag in taxonomy.data.get("tags", {}) if taxonomy else ():
        owners.append((tag_page(tag), taxonomy.path, taxonomy.position(("tags", tag), key=True), f"tags.{tag}"))
    for page, owner, (line, col), field in owners:
        if page in claimed:
            found.append(Diagnostic(owner, line, col, field, say("page_claimed", page=page, owner=claimed[page])))
        else:
            claimed[page] = owner
    return found
