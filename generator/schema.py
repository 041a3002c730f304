"""The JSON Schemas in site_config/schema/: the one definition of the record format.

Loaded records hold only strings; `SchemaWalker.coerce` converts them to the types the
schema asks for (integers, numbers) and collects the references the schema marks with
`x-taxonomy` (a term of a vocabulary) and `x-ref` (the id of another record), so that the
cross-record checks need no second description of the format.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cached_property
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from .load import FieldPath

SCHEMA_FILES = ("common", "program", "case", "taxonomy")
# The schemas name each other by relative ids ("common.schema.json"); jsonschema-rs needs an absolute base.
# Nothing is fetched: every document is in the registry and the validators are built offline.
_RS_BASE = "file:///site_config/schema/"
# Bounded so that int() never meets Python's limit on digits; longer text stays text and fails the type check.
_INTEGER = re.compile(r"-?[0-9]{1,15}")
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


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
        self.documents = {
            f"{name}.schema.json": json.loads((directory / f"{name}.schema.json").read_text("utf-8"))
            for name in SCHEMA_FILES
        }
        self.registry = Registry().with_resources(
            (uri, Resource.from_contents(doc)) for uri, doc in self.documents.items()
        )
        self._resolved: dict[tuple[int, str], tuple[dict, str]] = {}

    def validator(self, kind: str) -> Draft202012Validator:
        """A draft 2020-12 validator with format checking for `program`, `case` or `taxonomy`."""
        return self._validators[kind]

    @cached_property
    def _validators(self) -> dict[str, Draft202012Validator]:
        return {
            name: Draft202012Validator(
                self.documents[f"{name}.schema.json"], registry=self.registry, format_checker=FormatChecker()
            )
            for name in ("program", "case", "taxonomy")
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
        return {
            name: jsonschema_rs.Draft202012Validator(
                self.documents[f"{name}.schema.json"], registry=registry, validate_formats=True,
                base_uri=f"{_RS_BASE}{name}.schema.json", offline=True,
            )
            for name in ("program", "case", "taxonomy")
        }

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
            return float(value) if "." in value else int(value)
        if "x-taxonomy" in schema:
            refs.append(Reference(path, schema["x-taxonomy"], value, False))
        if "x-ref" in schema:
            refs.append(Reference(path, schema["x-ref"], value, True))
        return value

    def field_description(self, kind: str, path: FieldPath) -> dict:
        """The resolved schema of a field path, for messages and generated docs."""
        schema, base = self.resolve(*self.root(kind))
        for part in path:
            key = "items" if isinstance(part, int) else None
            nxt = schema.get("items") if key else schema.get("properties", {}).get(part)
            if not isinstance(nxt, dict):
                return {}
            schema, base = self.resolve(nxt, base)
        return schema
