"""CSV on the Web (W3C CSVW) metadata beside each CSV file: its columns and its licence."""

from __future__ import annotations

from .licence import Licence


def csv_metadata(csv_name: str, columns: tuple[str, ...], licence: Licence, title: str) -> dict:
    """The `<name>.csv-metadata.json` document of one CSV file (found by CSVW readers by that name)."""
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_name,
        "dc:title": title,
        "dc:license": {"@id": licence.url},
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": [{"name": name, "titles": name, "datatype": "string"} for name in columns],
            "primaryKey": "id",
        },
    }
