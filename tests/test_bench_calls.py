"""The benchmark's synthetic calls (bench/synthetic.py): valid against call.schema.json and the project's own
validator, the same bytes for the same seed, about half of them past at the benchmark's build date."""

from __future__ import annotations

import collections
import json

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from project_copy import REPO
from referencing import Registry, Resource

from bench.synthetic import BUILD_DATE, CALL_FOLDER, write_catalogue
from generator.freshness import CLOSED, INVITATION, OPEN, UPCOMING, call_status
from generator.project import Project
from generator.records.validate import validate_catalogue

PROGRAMS, CASES, CALLS = 8, 2, 300


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    return write_catalogue(tmp_path_factory.mktemp("bench-calls") / "project", PROGRAMS, CASES, 1, CALLS)


def _files(root):
    return sorted((root / "calls" / CALL_FOLDER).glob("*.yaml"))


def test_every_synthetic_call_is_valid_against_the_call_schema(catalogue):
    schemas = {p.name: json.loads(p.read_text("utf-8")) for p in (REPO / "site_config" / "schema").glob("*.json")}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    validator = Draft202012Validator(schemas["call.schema.json"], registry=registry, format_checker=FormatChecker())
    files = _files(catalogue)
    assert len(files) == CALLS
    problems = [f"{p.name}: {e.message}" for p in files for e in validator.iter_errors(yaml.safe_load(p.read_text()))]
    assert problems == []


def test_the_project_validator_accepts_them_and_about_half_are_past_at_the_build_date(catalogue):
    found = validate_catalogue(Project(catalogue), today=BUILD_DATE)
    assert len(found.calls) == CALLS
    programs = {p.id for p in found.programs}
    assert {c.program for c in found.calls} <= programs
    assert len({c.program for c in found.calls}) == PROGRAMS  # spread over the programmes
    assert all(c.cites and c.sources for c in found.calls)
    states = collections.Counter(call_status(c, BUILD_DATE) for c in found.calls)
    assert 0.4 * CALLS <= states[CLOSED] <= 0.6 * CALLS, states
    assert states[OPEN] > 0.2 * CALLS and states[UPCOMING] > 0.08 * CALLS and states[INVITATION] > 0, states
    modes = collections.Counter(c.mode for c in found.calls)
    assert set(modes) == {"dated", "cutoffs", "rolling", "invitation"} and modes["dated"] > CALLS / 2, modes


def test_the_same_seed_writes_the_same_calls_and_another_seed_others(catalogue, tmp_path):
    again = write_catalogue(tmp_path / "again", PROGRAMS, CASES, 1, CALLS)
    other = write_catalogue(tmp_path / "other", PROGRAMS, CASES, 2, CALLS)
    first = {p.name: p.read_bytes() for p in _files(catalogue)}
    assert {p.name: p.read_bytes() for p in _files(again)} == first
    assert {p.name: p.read_bytes() for p in _files(other)} != first


def test_no_calls_unless_asked(tmp_path):
    assert not (write_catalogue(tmp_path / "project", 2, 1, 1) / "calls").exists()
