"""The published export schemas as self-contained documents (bundled, as JSON Schema 2020-12 allows).

The record schemas name each other by relative ids ("common.schema.json"), so a validator could
follow their `$ref`s only from inside their folder. A bundled export schema carries every schema
it refers to under `$defs`, each keeping its own `$id`; with a site address all the ids are
absolute addresses under api/schema/, else relative to wherever the bundle is read from.
"""

from __future__ import annotations

import copy

from ..records.schema import SchemaSet

SCHEMA_FOLDER = "api/schema/"


def schema_base(site_url: str | None) -> str:
    """The base of the published schema ids: their folder's absolute address, or '' without one."""
    return (site_url.rstrip("/") + "/" + SCHEMA_FOLDER) if site_url else ""


def bundle_schema(schema: dict, schemas: SchemaSet, site_url: str | None) -> dict:
    """A schema with its `$id` under the published folder and every schema it refers to under `$defs`."""
    base = schema_base(site_url)
    root = {**schema, "$id": base + schema["$id"]}
    embedded = {}
    for name in _referenced(root, schemas):
        document = copy.deepcopy(schemas.documents[name])
        document["$id"] = base + name
        embedded[name] = document
    root["$defs"] = {**root.get("$defs", {}), **dict(sorted(embedded.items()))}
    return root


def _referenced(schema: dict, schemas: SchemaSet) -> list[str]:
    """The schema documents reached from `schema` through `$ref`s, transitively."""
    found: list[str] = []
    pending = [schema]
    while pending:
        for name in _document_refs(pending.pop()):
            if name not in found and name in schemas.documents:
                found.append(name)
                pending.append(schemas.documents[name])
    return found


def _document_refs(node: object) -> set[str]:
    if isinstance(node, dict):
        names = set()
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            names.add(ref.partition("#")[0])
        for value in node.values():
            names |= _document_refs(value)
        return names
    if isinstance(node, list):
        return set().union(*(_document_refs(v) for v in node)) if node else set()
    return set()
