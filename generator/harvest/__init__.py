"""The harvest of the official feeds into call records: one adapter module per source (issue 20).

`python -m generator harvest [SOURCE ...]` reads each feed through http.py (or a saved payload with
`--from-file`), turns its notices into call records with mapping.py and the rules of
site_config/harvest.yaml, merges Bizinfo and K-Startup duplicates (merge.py), and writes
calls/<source>/ all at once or not at all (store.py); review.py says what changed.
"""

from __future__ import annotations

import importlib

#: The sources, by folder name, and the module of each adapter.
SOURCES = {
    "bizinfo": "bizinfo",
    "kstartup": "kstartup",
    "sbir-gov": "sbir_gov",
    "eu-ft": "eu_ft",
    "grants-gov": "grants_gov",
}


def adapter(source: str):
    """The adapter module of a source folder name."""
    return importlib.import_module(f"{__name__}.{SOURCES[source]}")
