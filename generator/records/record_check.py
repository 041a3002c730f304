"""One record checked in full: its schema, then everything that can be checked of its well-formed fields.

A record that fails its schema is still checked for the rest (issue 23: every problem in one run):
the values the schema refuses are set aside (`well_formed`), and the placeholders, citations, dates
and references of the others are checked as for a valid record.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime

from ..diagnostics import Diagnostic, field_path
from ..texts import say
from .checks import placeholder_problems, record_problems
from .load import FieldPath, LoadedFile
from .messages import schema_error_messages
from .schema import Reference, SchemaSet

#: Schema rules about a mapping as a whole (a field missing): the fields it has are still well formed.
_WHOLE_MAPPING_RULES = frozenset({"required", "dependentRequired"})


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What checking one record found: its coerced data and references, and its problems."""

    data: dict
    refs: tuple[Reference, ...]
    problems: list[Diagnostic]


def check_record(
    schemas: SchemaSet, kind: str, record_id: str, loaded: LoadedFile, today: datetime.date, choices
) -> Outcome:
    """Every problem of one loaded record that needs no other record; `choices` names valid values."""
    data, refs = schemas.coerce(loaded.data, kind)
    valid = schemas.is_valid(kind, data)
    errors = [] if valid else list(schemas.validator(kind).iter_errors(data))
    where = _positioned(loaded)
    pending = placeholder_problems(schemas, kind, data, choices)
    skip = {path for path, _ in pending}
    problems = [where(path, message) for path, message in pending]
    if not valid:
        problems += schema_problems(loaded, data, errors, kind, skip=skip)
    usable = data if valid else well_formed(data, errors)
    if usable is None:
        return Outcome(data, (), problems)
    if not valid:
        _, refs = schemas.coerce(usable, kind)
    problems += [where(path, message) for path, message in record_problems(schemas, kind, record_id, usable, today)]
    return Outcome(data, tuple(refs), problems)


def _positioned(loaded: LoadedFile):
    def where(path: FieldPath, message: str) -> Diagnostic:
        return Diagnostic(loaded.path, *loaded.position(path), field_path(path), message)

    return where


def schema_problems(loaded: LoadedFile, data, errors, kind: str = "", skip=frozenset()) -> list[Diagnostic]:
    """Diagnostics for every schema error in one loaded file, placed at their line and column.

    `errors` are the validator's errors (or a validator, to take them from). Should the Python
    validator find nothing for a file that jsonschema-rs failed, the file is still refused (a
    record the published schema forbids is never published). `skip` holds the paths already
    reported otherwise (a placeholder the schema refuses too).
    """
    if hasattr(errors, "iter_errors"):
        errors = list(errors.iter_errors(data))
    found = []
    for error in errors:
        for path, message, anchor in schema_error_messages(error):
            if path in skip:
                continue
            where = path[:-1] if anchor == "parent" else path
            # A missing field points at its parent's key (`company:`), or at the list item it belongs in.
            key = anchor == "key" or (anchor == "parent" and bool(where) and isinstance(where[-1], str))
            line, col = loaded.position(where, key=key)
            diagnostic = Diagnostic(loaded.path, line, col, field_path(path), message)
            if diagnostic not in found:  # two errors of one rule (such as dependentRequired) can name one field
                found.append(diagnostic)
    if not found and kind and not skip:
        schema = f"site_config/schema/{kind}.schema.json"
        found.append(Diagnostic(loaded.path, 1, 1, "", say("schema_unnamed", schema=schema)))
    return found


def well_formed(data: dict, errors) -> dict | None:
    """A copy of `data` without the values its schema errors name; None if the whole record is wrong.

    A refused list item becomes an empty mapping rather than going, so that the positions of the
    items after it stay right.
    """
    kept = copy.deepcopy(data)
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator in _WHOLE_MAPPING_RULES:
            continue
        if error.validator == "additionalProperties" or "propertyNames" in error.relative_schema_path:
            holder = _at(kept, path)
            extra = [error.instance] if isinstance(error.instance, str) else list(error.instance)
            for name in extra if isinstance(holder, dict) else ():
                if name not in (error.schema.get("properties") or {}):
                    holder.pop(name, None)
            continue
        if not path:
            return None
        _drop(kept, path)
    return kept if isinstance(kept, dict) else None


def _at(value, path: FieldPath):
    for part in path:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return None
    return value


def _drop(data: dict, path: FieldPath) -> None:
    holder = _at(data, path[:-1])
    last = path[-1]
    if isinstance(holder, dict):
        holder.pop(last, None)
    elif isinstance(holder, list) and isinstance(last, int) and last < len(holder):
        holder[last] = {}
