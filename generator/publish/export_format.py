"""How the open-data files are written: plain data from the model, JSON bytes and CSV bytes.

Shared by the programme and case exports (exports.py) and the calls exports (call_exports.py).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json

from ..facts import Citation
from ..model import Text

#: The items of a list share one CSV cell, one item per line (a line break inside a quoted cell, which
#: spreadsheets show as lines of the cell). An item's own line breaks become spaces, as on the pages,
#: so the separator never occurs inside an item.
LIST_SEPARATOR = "\n"
#: A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCHEMA_2020 = "https://json-schema.org/draft/2020-12/schema"
#: The `licence` of every published JSON document (Licence.as_data), as its export schema gives it.
LICENCE_SCHEMA = {
    "type": "object",
    "description": "The licence under which the data may be reused.",
    "properties": {
        "id": {"type": "string", "description": "Its SPDX id."},
        "url": {"$ref": "common.schema.json#/$defs/url"},
        "name": {"$ref": "common.schema.json#/$defs/text"},
    },
    "required": ["id", "url", "name"],
    "additionalProperties": False,
}


def json_bytes(document: object, indent: int | None = 2) -> bytes:
    """JSON as UTF-8. The catalogues are written compact: only then does `json` use its C encoder
    (indented, writing them took longer than rendering every page that lists the records)."""
    separators = (",", ":") if indent is None else None
    return (json.dumps(document, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


def present(value: object) -> bool:
    """False for a field the record leaves out (None or an empty tuple)."""
    return value is not None and value != ()


def plain(value: object) -> object:
    """A model value as plain data in the shape of the record file (absent fields left out)."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, Citation):
        return value.as_plain()
    names = _field_names(type(value))
    if names is None:
        return value
    return {name: plain(getattr(value, name)) for name in names if present(getattr(value, name))}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass (None for other types), looked up once per class."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def items(values) -> str:
    """List items for one cell, one per line; each item's own whitespace runs become one space."""
    return LIST_SEPARATOR.join(" ".join(str(value).split()) for value in values)


def csv_cell(value: object) -> object:
    """A cell made inert for spreadsheets: text that would start a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    """UTF-8 with a byte order mark (so that Excel reads Hangul), CRLF line ends, as RFC 4180 says."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: csv_cell(value) for name, value in row.items()} for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
