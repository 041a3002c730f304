"""The model: frozen dataclasses built from validated records, linked both ways."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass

from . import facts  # the parts of issue 9; facts.py imports this module back for Text
from .languages import CODES, UnknownLanguage

if typing.TYPE_CHECKING:
    from .places import Places

#: The language codes, in registry order (see generator/languages.py).
LANGUAGES = CODES


class Text:
    """Reader text, one value per language of the registry; frozen, compared and hashed by its values."""

    __slots__ = ("_by_lang",)

    def __init__(self, **by_lang: str):
        object.__setattr__(self, "_by_lang", by_lang)

    def get(self, lang: str) -> str:
        """The text in one language; UnknownLanguage for a code the registry does not have."""
        try:
            return self._by_lang[lang]
        except KeyError:
            raise UnknownLanguage(lang) from None

    def as_dict(self) -> dict[str, str]:
        """The values keyed by language code, in registry order."""
        return {lang: self._by_lang[lang] for lang in LANGUAGES}

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field '{name}'")

    def __eq__(self, other: object) -> bool:
        return self._by_lang == other._by_lang if isinstance(other, Text) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._by_lang.items())))

    def __repr__(self) -> str:
        return f"Text({', '.join(f'{k}={v!r}' for k, v in self._by_lang.items())})"

    def __reduce__(self):
        return (_text, (self._by_lang,))


def _text(by_lang: dict[str, str]) -> Text:
    """A Text holding `by_lang` itself (checked data from the schema: no copy)."""
    text = object.__new__(Text)
    object.__setattr__(text, "_by_lang", by_lang)
    return text


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
    cites: tuple[facts.Citation, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a record's facts come from."""

    id: str
    kind: str
    title: str
    title_translated: Text | None = None
    author: str | None = None
    author_translated: Text | None = None
    #: Who translated the title and author: "editors" (also when absent) or "publisher" (an official title).
    translated_by: str | None = None
    publisher: str | None = None
    date: str | None = None
    read: str | None = None
    url: str | None = None
    language: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Eligibility:
    """Who a programme is for."""

    text: Text
    company_sizes: tuple[str, ...]
    #: KSIC sections (A..U), or "any", or "not-stated".
    sectors: tuple[str, ...]
    applicant_countries: tuple[str, ...] = ()
    foreign_companies: str | None = None
    target_markets: tuple[str, ...] = ()
    as_of: str | None = None
    cites: tuple[facts.Citation, ...] = ()


@dataclass(frozen=True)
class Choice:
    """A vocabulary term with an optional note (cost, delivery), and the sources it comes from."""

    model: str
    note: Text | None = None
    cites: tuple[facts.Citation, ...] = ()


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
    cites: tuple[facts.Citation, ...] = ()


@dataclass(frozen=True)
class NetworkLink:
    """A network a programme draws on: another record or a named group."""

    program: str | None = None
    name: Text | None = None
    role: Text | None = None
    cites: tuple[facts.Citation, ...] = ()


@dataclass(frozen=True)
class Recognition:
    """An award or other recognition."""

    award: Text
    year: int
    event: Text | None = None
    givers: tuple[Text, ...] = ()
    cites: tuple[facts.Citation, ...] = ()


@dataclass(frozen=True)
class Status:
    """Whether a programme runs, as of a date."""

    value: str
    as_of: str | None = None
    cites: tuple[facts.Citation, ...] = ()


@dataclass(frozen=True)
class LanguageException:
    """A text that deliberately breaks the language check, with why (records/language_check.py)."""

    field: str
    reason: str


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
    links: tuple[facts.Link, ...] = ()
    application: facts.Application | None = None
    contact: facts.Contact | None = None
    funding: facts.Funding | None = None
    #: The calls of calls/ that name this programme, by id (linked by `build_catalogue`).
    calls: tuple[facts.Call, ...] = ()
    verification: facts.Verification | None = None
    language_exceptions: tuple[LanguageException, ...] = ()
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
    cites: tuple[facts.Citation, ...] = ()
    kind: str | None = None


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
    #: The ids of the linked programmes, in the order of `program_links`.
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
    sectors: tuple[str, ...] = ()
    language_exceptions: tuple[LanguageException, ...] = ()
    #: The links to programmes with their certainty (the record's `programs`).
    program_links: tuple[facts.Relation, ...] = ()


Vocabulary = typing.Mapping[str, Text]


@dataclass(frozen=True)
class Catalogue:
    """All programmes and cases, sorted by id, with the vocabularies they use."""

    programs: tuple[Program, ...]
    cases: tuple[Case, ...]
    taxonomy: typing.Mapping[str, Vocabulary]
    #: For each record ("program:<id>", "case:<id>"), a digest of the checked file it was built from (for caches).
    source_digests: typing.Mapping[str, str] = dataclasses.field(default_factory=lambda: types.MappingProxyType({}))
    #: The regions of site_config/places.yaml (None only in catalogues built without it, in tests).
    places: Places | None = None
    #: site_config/site.yaml `freshness_years`: how old a status or source may be and still count as current.
    freshness_years: int = 2
    #: The official portals of site_config/portals.yaml (generator/portals.py), for the finder's next steps.
    portals: tuple = ()
    #: Every call of calls/, sorted by id (those of a programme are also on `Program.calls`).
    calls: tuple[facts.Call, ...] = ()

    @functools.cached_property
    def program_by_id(self) -> dict[str, Program]:
        """Programmes keyed by id."""
        return {p.id: p for p in self.programs}

    @functools.cached_property
    def case_by_id(self) -> dict[str, Case]:
        """Cases keyed by id."""
        return {c.id: c for c in self.cases}

    @functools.cached_property
    def call_by_id(self) -> dict[str, facts.Call]:
        """Calls keyed by id."""
        return {c.id: c for c in self.calls}

    def label(self, vocabulary: str, term: str, lang: str) -> str:
        """The label of a taxonomy term in one language."""
        return self.taxonomy[vocabulary][term].get(lang)

    def tagged(self, tag: str) -> tuple[list[Program], list[Case]]:
        """Programmes and cases that carry a tag."""
        return [p for p in self.programs if tag in p.tags], [c for c in self.cases if tag in c.tags]

    def used_tags(self) -> list[str]:
        """Tags used by at least one record, sorted."""
        return sorted({t for r in (*self.programs, *self.cases) for t in r.tags})


class ModelMismatch(TypeError):
    """The schema and the model disagree on a field: a bug of the generator, named rather than a traceback."""

    def __init__(self, model: str, field: str, unknown: bool, path: tuple = (), source_path: str = ""):
        self.model, self.field, self.unknown, self.path, self.source_path = model, field, unknown, path, source_path
        what = "has no field" if unknown else "needs field"
        tail = ", which the schema allows: add it to the model" if unknown else ", which the data leaves out"
        super().__init__(f"{model} {what} {field!r}{tail}")


def from_data(cls: type, data: dict, **extra):
    """Build a dataclass from validated plain data, converting nested values by type hints.

    The schema has checked the fields, so the instance is filled in directly: the generated
    `__init__` of a frozen dataclass sets each field through `object.__setattr__`, which made
    building a large catalogue several times slower. A field the schema allows but the model
    lacks, or a required model field the data leaves out, raises a TypeError naming it.
    """
    converters, defaults = _converters(cls), _defaults(cls)
    if cls not in _CONVERTING and not extra and data.keys() == converters.keys():  # Text and other flat classes
        record = object.__new__(cls)
        record.__dict__.update(data)
        return record
    unknown = [name for name in data if name not in converters]
    if unknown:
        raise ModelMismatch(cls.__name__, unknown[0], True, (unknown[0],))
    try:
        values = {**defaults, **{name: converters[name](value) for name, value in data.items()}, **extra}
    except ModelMismatch as exc:  # the slow path of an error: find the field it came from, for its position
        raise _within(exc, data, converters) from None
    if len(values) != len(converters):
        missing = [name for name in converters if name not in values]
        raise ModelMismatch(cls.__name__, missing[0], False)
    record = object.__new__(cls)
    record.__dict__.update(values)
    return record


def _within(exc: ModelMismatch, data: dict, converters: dict) -> ModelMismatch:
    """`exc` with the path of the field of `data` in which it arose put in front of its own."""
    for name, value in data.items():
        try:
            converters[name](value)
        except ModelMismatch as inner:
            index = _failing_item(value, converters[name]) if isinstance(value, list) else ()
            return ModelMismatch(inner.model, inner.field, inner.unknown, (name, *index, *inner.path))
    return exc


def _failing_item(items: list, convert) -> tuple:
    for index, item in enumerate(items):
        try:
            convert([item])
        except ModelMismatch:
            return (index,)
    return ()


#: The fields `build_catalogue` fills in from other records, not from the record's own file.
LINK_FIELDS: dict[type, tuple[str, ...]] = {Program: ("case_ids", "used_by", "calls"), Case: ()}


def build_catalogue(
    programs: list[tuple[str, str, dict]],
    cases: list[tuple[str, str, dict]],
    taxonomy,
    source_digests: typing.Mapping[str, str] | None = None,
    places: Places | None = None,
    freshness_years: int = 2,
    used_places: typing.Iterable[str] | None = None,
    calls: typing.Iterable[tuple[str, str, str, dict]] = (),
) -> Catalogue:
    """Build the catalogue from (id, path, data) triples; links cases and programmes both ways, and
    each call (id, path, source folder, data) to its programme.

    `used_places` is every place code the records name, when the caller knows it already (the
    checked references); otherwise the records' data is searched for them.
    """
    built_cases = tuple(_located(_build_case, cid, path, data) for cid, path, data in sorted(cases))
    by_program: dict[str, list[str]] = {}
    for case in built_cases:
        for pid in case.programs:
            by_program.setdefault(pid, []).append(case.id)
    users: dict[str, list[str]] = {}
    for pid, _, data in programs:
        for link in data.get("networks", ()):
            if "program" in link:
                users.setdefault(link["program"], []).append(pid)
    calls = list(calls)
    built_calls = tuple(sorted((build_call(*call) for call in calls), key=lambda c: c.id))
    calls_of: dict[str, list[facts.Call]] = {}
    for call in built_calls:
        if call.program:
            calls_of.setdefault(call.program, []).append(call)
    built_programs = tuple(
        _located(
            from_data,
            Program,
            data,
            id=pid,
            source_path=path,
            case_ids=tuple(by_program.get(pid, ())),
            used_by=tuple(sorted(users.get(pid, ()))),
            calls=tuple(calls_of.get(pid, ())),
        )
        for pid, path, data in sorted(programs)
    )
    vocab = {name: types.MappingProxyType({k: Text(**v) for k, v in terms.items()}) for name, terms in taxonomy.items()}
    if places is not None:
        if used_places is None:
            records = (*programs, *cases, *((cid, path, data) for cid, path, _, data in calls))
            used_places = (code for _, _, data in records for code in place_codes(data))
        used = set(used_places)
        vocab["countries"] = types.MappingProxyType(
            {code: Text(**{lang: places.name(code, lang) for lang in LANGUAGES}) for code in sorted(used)}
        )
    digests = types.MappingProxyType(dict(source_digests or {}))
    return Catalogue(
        built_programs,
        built_cases,
        types.MappingProxyType(vocab),
        digests,
        places,
        freshness_years,
        calls=built_calls,  # by name: `portals` stands between them (validate sets it)
    )


def _every_language(text: dict) -> dict:
    """A text given in some languages only, with the first given standing for the others."""
    given = next(iter(text.values()))
    return {lang: text.get(lang, given) for lang in LANGUAGES}


def build_call(call_id: str, path: str, folder: str, data: dict) -> facts.Call:
    """A Call from its validated data; a title (`title_language`) or an operator's name in one language stands
    for every language."""
    data = {**data, "title": _every_language(data["title"])}
    if "operator" in data:  # a harvested notice names its operator in its own language only
        data["operator"] = {**data["operator"], "name": _every_language(data["operator"]["name"])}
    return from_data(facts.Call, data, id=call_id, source_path=path, folder=folder)


#: The record fields that hold places (a country code or a region id), at any depth.
PLACE_FIELDS = frozenset({"country", "applicant_countries", "target_markets", "markets"})


def place_codes(data) -> typing.Iterator[str]:
    """Every place code in a record's data, for the derived 'countries' vocabulary."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in PLACE_FIELDS:
                yield from ([value] if isinstance(value, str) else value)
            else:
                yield from place_codes(value)
    elif isinstance(data, list):
        for item in data:
            yield from place_codes(item)


def _located(build: typing.Callable, *args, **kwargs):
    """`build(*args, **kwargs)`, with the record's file named on a ModelMismatch."""
    try:
        return build(*args, **kwargs)
    except ModelMismatch as exc:
        path = kwargs.get("source_path") or args[1]
        raise ModelMismatch(exc.model, exc.field, exc.unknown, exc.path, path) from None


def _build_case(case_id: str, path: str, data: dict) -> Case:
    return build_record(Case, data, id=case_id, source_path=path)


def build_record(cls: type, data: dict, **extra):
    """A Program or Case from its validated data; a case's `programs` relations become
    `program_links`, and `programs` their ids (which the pages link by)."""
    if cls is not Case or "programs" not in data:
        return from_data(cls, data, **extra)
    relations = tuple(from_data(facts.Relation, item) for item in data["programs"])
    rest = {key: value for key, value in data.items() if key != "programs"}
    return from_data(Case, rest, programs=tuple(r.program for r in relations), program_links=relations, **extra)


def links(record: Program | Case) -> tuple:
    """The values of a record's LINK_FIELDS."""
    return tuple(getattr(record, name) for name in LINK_FIELDS[type(record)])


@functools.cache
def _converters(cls: type) -> dict[str, typing.Callable]:
    """For each field of a dataclass, the function that turns plain data into its typed value (worked out once)."""
    converters = {name: _converter(hint) for name, hint in typing.get_type_hints(cls).items()}
    if any(convert is not _same for convert in converters.values()):
        _CONVERTING.add(cls)
    return converters


#: Dataclasses with a field whose plain value needs converting (noted by `_converters`).
_CONVERTING: set[type] = set()


@functools.cache
def _defaults(cls: type) -> dict[str, object]:
    return {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}


def _converter(hint) -> typing.Callable:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        convert = _converter(inner[0]) if len(inner) == 1 else _same
        return lambda value: None if value is None else convert(value)
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0])
        return lambda value: None if value is None else tuple(map(item, value))
    if hint is Text:
        return lambda value: None if value is None else _text(value)
    if hasattr(hint, "from_plain"):  # a dataclass with a short record form too (a citation by id)
        return lambda value: None if value is None else hint.from_plain(value)
    if dataclasses.is_dataclass(hint):
        return lambda value: None if value is None else from_data(hint, value)
    return _same


def _same(value):
    return value
