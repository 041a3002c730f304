"""The model: frozen dataclasses built from validated records, linked both ways."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass

LANGUAGES = ("ko", "en")


@dataclass(frozen=True)
class Text:
    """Reader text in Korean and English."""

    ko: str
    en: str

    def get(self, lang: str) -> str:
        """The text in one language."""
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Person:
    """A named person with a position."""

    name: Text
    title: Text


@dataclass(frozen=True)
class Organisation:
    """An organisation taking part in a programme or case."""

    name: Text
    short_name: Text | None = None
    kind: str | None = None
    country: str | None = None
    region: Text | None = None
    role: Text | None = None
    head: Person | None = None


@dataclass(frozen=True)
class Figure:
    """A number from a source, with what it counts and when it held."""

    value: int | float
    unit: Text
    measure: Text
    qualifier: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a record's facts come from."""

    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Eligibility:
    """Who a programme is for."""

    text: Text
    company_sizes: tuple[str, ...]
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    """A vocabulary term with an optional note (cost, delivery)."""

    model: str
    note: Text | None = None


@dataclass(frozen=True)
class Step:
    """One step of a programme's process."""

    name: Text
    detail: Text | None = None


@dataclass(frozen=True)
class Milestone:
    """A dated event in a programme's history."""

    text: Text
    date: str | None = None


@dataclass(frozen=True)
class NetworkLink:
    """A network a programme draws on: another record or a named group."""

    program: str | None = None
    name: Text | None = None
    role: Text | None = None


@dataclass(frozen=True)
class Recognition:
    """An award or other recognition."""

    award: Text
    year: int
    event: Text | None = None
    givers: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Status:
    """Whether a programme runs, as of a date."""

    value: str
    as_of: str


@dataclass(frozen=True)
class Program:
    """A support programme or network."""

    id: str
    source_path: str
    kind: str
    name: Text
    short_name: Text
    operator: Organisation
    country: str
    summary: Text
    description: Text
    support_types: tuple[str, ...]
    eligibility: Eligibility
    cost: Choice
    delivery: Choice
    status: Status
    sources: tuple[Source, ...]
    last_reviewed: str
    partners: tuple[Organisation, ...] = ()
    region: Text | None = None
    process: tuple[Step, ...] = ()
    escalation: Text | None = None
    aftercare: Text | None = None
    participants: tuple[Text, ...] = ()
    outputs: tuple[Text, ...] = ()
    plans: tuple[Text, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    reach: tuple[Figure, ...] = ()
    networks: tuple[NetworkLink, ...] = ()
    recognitions: tuple[Recognition, ...] = ()
    started: str | None = None
    tags: tuple[str, ...] = ()
    case_ids: tuple[str, ...] = ()
    used_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Company:
    """The company a success case is about."""

    name: Text
    makes: Text
    country: str
    standing: Text | None = None


@dataclass(frozen=True)
class Outcome:
    """What came of a case, with a figure where the source gives one."""

    measure: Text
    value: int | float | None = None
    qualifier: str | None = None
    unit: Text | None = None
    date: str | None = None


@dataclass(frozen=True)
class Quote:
    """A quote from a case."""

    text: Text
    by: Text | None = None


@dataclass(frozen=True)
class Case:
    """An SME success case."""

    id: str
    source_path: str
    title: Text
    summary: Text
    company: Company
    programs: tuple[str, ...]
    story: Text
    year: int
    sources: tuple[Source, ...]
    last_reviewed: str
    partners: tuple[Organisation, ...] = ()
    markets: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    quote: Quote | None = None
    tags: tuple[str, ...] = ()


Vocabulary = typing.Mapping[str, Text]


@dataclass(frozen=True)
class Catalogue:
    """All programmes and cases, sorted by id, with the vocabularies they use."""

    programs: tuple[Program, ...]
    cases: tuple[Case, ...]
    taxonomy: typing.Mapping[str, Vocabulary]

    @functools.cached_property
    def program_by_id(self) -> dict[str, Program]:
        """Programmes keyed by id."""
        return {p.id: p for p in self.programs}

    @functools.cached_property
    def case_by_id(self) -> dict[str, Case]:
        """Cases keyed by id."""
        return {c.id: c for c in self.cases}

    def label(self, vocabulary: str, term: str, lang: str) -> str:
        """The label of a taxonomy term in one language."""
        return self.taxonomy[vocabulary][term].get(lang)

    def tagged(self, tag: str) -> tuple[list[Program], list[Case]]:
        """Programmes and cases that carry a tag."""
        return [p for p in self.programs if tag in p.tags], [c for c in self.cases if tag in c.tags]

    def used_tags(self) -> list[str]:
        """Tags used by at least one record, sorted."""
        return sorted({t for r in (*self.programs, *self.cases) for t in r.tags})


def from_data(cls: type, data: dict, **extra):
    """Build a dataclass from validated plain data, converting nested values by type hints."""
    hints = _hints(cls)
    values = {name: _convert(hints[name], value) for name, value in data.items()}
    return cls(**values, **extra)


def build_catalogue(programs: list[tuple[str, str, dict]], cases: list[tuple[str, str, dict]], taxonomy) -> Catalogue:
    """Build the catalogue from (id, path, data) triples; links cases and programmes both ways."""
    built_cases = tuple(from_data(Case, data, id=cid, source_path=path) for cid, path, data in sorted(cases))
    by_program: dict[str, list[str]] = {}
    for case in built_cases:
        for pid in case.programs:
            by_program.setdefault(pid, []).append(case.id)
    users: dict[str, list[str]] = {}
    for pid, _, data in programs:
        for link in data.get("networks", ()):
            if "program" in link:
                users.setdefault(link["program"], []).append(pid)
    built_programs = tuple(
        from_data(
            Program, data, id=pid, source_path=path,
            case_ids=tuple(by_program.get(pid, ())), used_by=tuple(sorted(users.get(pid, ()))),
        )
        for pid, path, data in sorted(programs)
    )
    vocab = {name: types.MappingProxyType({k: Text(**v) for k, v in terms.items()}) for name, terms in taxonomy.items()}
    return Catalogue(built_programs, built_cases, types.MappingProxyType(vocab))


@functools.cache
def _hints(cls: type) -> dict:
    return typing.get_type_hints(cls)


def _convert(hint, value):
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_convert(item, v) for v in value)
    if dataclasses.is_dataclass(hint):
        return from_data(hint, value)
    return value
