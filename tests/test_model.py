"""The model: frozen dataclasses built from validated plain data."""

from __future__ import annotations

import dataclasses

from generator.model import Text, from_data
from generator.records.validate import validate_catalogue


def test_from_data_builds_what_the_dataclass_would(project):
    catalogue = validate_catalogue(project)
    for record in (*catalogue.programs, *catalogue.cases):
        rebuilt = from_data(type(record), _plain(record))
        assert rebuilt == record
        assert rebuilt.__dict__.keys() == record.__dict__.keys()


def _plain(value):
    if isinstance(value, Text):
        return value.as_dict()
    if dataclasses.is_dataclass(value):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) != f.default
        }
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
