"""The JSON Schemas in site_config/schema/: the one definition of the record format.

Loaded records hold only strings; `SchemaSet.coerce` converts them to the types the
schema asks for (integers, numbers) and collects the references the schema marks with
`x-taxonomy` (a term of a vocabulary) and `x-ref` (the id of another record), so that the
cross-record checks need no second description of the format.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import re
from functools import cached_property
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from rfc3986_validator import validate_rfc3986

from ..diagnostics import ContentError, Diagnostic, field_path
from ..texts import say
from .load import FieldPath

SCHEMA_FILES = ("common", "program", "case", "call", "taxonomy", "places", "portals", "site", "synonyms")
#: The schemas published with the open data (api/schema/): the record format. places, portals, site and
#: synonyms configure the build.
PUBLISHED_SCHEMAS = ("common", "program", "case", "call", "taxonomy")
# The schemas name each other by relative ids ("common.schema.json"); jsonschema-rs needs an absolute base.
# Nothing is fetched: every document is in the registry and the validators are built offline.
_RS_BASE = "file:///site_config/schema/"
# Bounded so that int() never meets Python's limit on digits; longer text stays text and fails the type check.
_INTEGER = re.compile(r"-?[0-9]{1,15}")
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


def _is_uri(value: object) -> bool:
    # The validator's own pattern ends in `$`, so it lets a final line break through.
    return not isinstance(value, str) or (validate_rfc3986(value, rule="URI") is not None and "\n" not in value)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: `\d` would let other digits through


def _is_date(value: object) -> bool:
    """RFC 3339 full-date that Python's calendar holds (year 0000, which jsonschema-rs allows, it does not)."""
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE.fullmatch(value)) and datetime.date.fromisoformat(value) is not None
    except ValueError:
        return False


_EMAIL = jsonschema_rs.validator_for({"format": "email"}, validate_formats=True)


def _is_email(value: object) -> bool:
    """An e-mail address as jsonschema-rs reads RFC 5321 (the Python validator has no check of its own)."""
    return not isinstance(value, str) or _EMAIL.is_valid(value)


#: Every `format` the schemas use, checked by these functions in both validators, so that the two
#: cannot disagree on one (a record only the fast path refused was reported with no field named).
FORMAT_CHECKS = {"date": _is_date, "uri": _is_uri, "email": _is_email}
FORMATS = FormatChecker(formats=())
for _name, _check in FORMAT_CHECKS.items():
    FORMATS.checks(_name)(_check)


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern:
    """A JSON Schema (ECMA-262) pattern as a Python regex: `$` matches only at the very end, as in ECMA-262.

    Python's `$` also matches before a final line break, so "KR\\n" would pass "^[A-Z]{2}$".
    """
    out, index, in_class = [], 0, False
    while index < len(pattern):
        ch = pattern[index]
        if ch == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        in_class = (in_class or ch == "[") and ch != "]"
        out.append("\\Z" if ch == "$" and not in_class else ch)
        index += 1
    return re.compile("".join(out))


def _pattern(validator, pattern: str, instance, schema: dict):
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


#: Draft 2020-12 with ECMA-262 `$` in `pattern` (and so in `propertyNames`), as jsonschema-rs reads it.
RecordValidator = validators.extend(Draft202012Validator, {"pattern": _pattern})


def _load_documents(directory: Path) -> dict[str, dict]:
    """Every schema file, parsed and checked against the draft 2020-12 meta-schema; ContentError if one is broken."""
    documents, problems = {}, []
    for name in SCHEMA_FILES:
        path = directory / f"{name}.schema.json"
        display = f"site_config/schema/{path.name}"
        try:
            documents[path.name] = json.loads(path.read_bytes().decode("utf-8"))
            if not jsonschema_rs.meta.is_valid(documents[path.name]):  # a fast path; Python's check names the fault
                Draft202012Validator.check_schema(documents[path.name])
        except OSError as exc:
            problems.append(Diagnostic(display, 1, 1, "", say("schema_unreadable", reason=exc.strerror)))
        except UnicodeDecodeError as exc:
            problems.append(Diagnostic(display, 1, 1, "", say("schema_not_utf8", byte=exc.start + 1)))
        except json.JSONDecodeError as exc:
            problems.append(Diagnostic(display, exc.lineno, exc.colno, "", say("schema_not_json", reason=exc.msg)))
        except SchemaError as exc:
            where = field_path(tuple(exc.absolute_path))
            message = say("schema_invalid", reason=exc.message)
            problems.append(Diagnostic(display, 1, 1, where, message))
    if problems:
        raise ContentError(problems)
    return documents


#: The `target` of a Reference to a place (a country code or a region of site_config/places.yaml).
PLACES = "places"


@dataclasses.dataclass(frozen=True)
class Reference:
    """A value that must name a taxonomy term (`target` = vocabulary) or a record (`target` = kind)."""

    path: FieldPath
    target: str
    value: str
    is_record: bool


class SchemaSet:
    """The schema documents of one directory, with validators for each record kind."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.documents = _load_documents(directory)
        self.registry = Registry().with_resources(
            (uri, Resource.from_contents(doc)) for uri, doc in self.documents.items()
        )
        self._resolved: dict[tuple[int, str], tuple[dict, str]] = {}

    def validator(self, kind: str) -> RecordValidator:
        """A draft 2020-12 validator with format checking for `program`, `case`, `call` or a configuration file."""
        return self._validators[kind]

    @cached_property
    def _validators(self) -> dict[str, RecordValidator]:
        return {
            name: RecordValidator(self.documents[f"{name}.schema.json"], registry=self.registry, format_checker=FORMATS)
            for name in ("program", "case", "call", "taxonomy", "places", "portals", "site", "synonyms")
        }

    def is_valid(self, kind: str, instance) -> bool:
        """The schema's verdict from jsonschema-rs, about 80 times faster than `validator(kind)`.

        Used as a fast path only: a record it passes has no errors; for one it fails, the Python
        validator gives the errors (and stays the judge, should the two ever disagree on a format).
        """
        return self._fast_validators[kind].is_valid(instance)

    @cached_property
    def _fast_validators(self) -> dict:
        registry = jsonschema_rs.Registry([(_RS_BASE + uri, doc) for uri, doc in self.documents.items()])
        built = {}
        for name in ("program", "case", "call", "taxonomy", "places", "portals", "site"):
            try:
                built[name] = jsonschema_rs.Draft202012Validator(
                    self.documents[f"{name}.schema.json"],
                    registry=registry,
                    validate_formats=True,
                    formats=FORMAT_CHECKS,
                    base_uri=f"{_RS_BASE}{name}.schema.json",
                    offline=True,
                )
            except ValueError as exc:  # such as a $ref to a definition that does not exist
                reason = str(exc).splitlines()[0]
                display = f"site_config/schema/{name}.schema.json"
                raise ContentError([Diagnostic(display, 1, 1, "", say("schema_unusable", reason=reason))]) from None
        return built

    def root(self, kind: str) -> tuple[dict, str]:
        """The top schema of a kind, with the document it lives in."""
        uri = f"{kind}.schema.json"
        return self.documents[uri], uri

    def resolve(self, schema: dict, base: str) -> tuple[dict, str]:
        """Follow `$ref`s; keywords beside a `$ref` (annotations) win over the target's."""
        key = (id(schema), base)
        if key not in self._resolved:
            merged, where = schema, base
            while "$ref" in merged:
                uri, _, pointer = merged["$ref"].partition("#")
                where = uri or where
                target = self.documents[where]
                for part in filter(None, pointer.split("/")):
                    target = target[part]
                merged = {**target, **{k: v for k, v in merged.items() if k != "$ref"}}
            self._resolved[key] = (merged, where)
        return self._resolved[key]

    def coerce(self, value, kind: str) -> tuple[object, list[Reference]]:
        """Convert strings to the schema's types; return the new value and the references found."""
        refs: list[Reference] = []
        schema, base = self.root(kind)
        return self._walk(value, schema, base, (), refs), refs

    def _walk(self, value, schema: dict, base: str, path: FieldPath, refs: list[Reference]):
        schema, base = self.resolve(schema, base)
        if isinstance(value, str):
            return self._scalar(value, schema, path, refs)
        if isinstance(value, dict):
            props = schema.get("properties", {})
            return {k: self._walk(v, props[k], base, path + (k,), refs) if k in props else v for k, v in value.items()}
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            return [self._walk(v, schema["items"], base, path + (i,), refs) for i, v in enumerate(value)]
        return value

    @staticmethod
    def _scalar(value: str, schema: dict, path: FieldPath, refs: list[Reference]):
        kind = schema.get("type")
        if kind == "integer" and _INTEGER.fullmatch(value):
            return int(value)
        if kind == "number" and _NUMBER.fullmatch(value):
            # `+ 0` turns -0.0 into 0.0, which would otherwise be printed as "-0".
            return float(value) + 0 if "." in value else int(value)
        if "x-taxonomy" in schema:
            refs.append(Reference(path, schema["x-taxonomy"], value, False))
        if "x-ref" in schema:
            refs.append(Reference(path, schema["x-ref"], value, True))
        if schema.get("x-place"):
            refs.append(Reference(path, PLACES, value, False))
        return value
