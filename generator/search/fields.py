"""What the search index knows about each record page besides its text: weighted fields and places.

Material's search plugin sees a record page only as HTML sections. The pipeline writes, for each
language, `search/kb-fields.json` into the generated tree (MkDocs copies it into the site), and
`generator.search.index` reads it after the build: per record page its summary (the snippet shown
under a result), the text of its weighted fields (operator, markets, sectors, support types, tags,
the programmes a story used) and the names of its places with every region that holds them, so
that "유럽" or "Europe" finds a record for France or the Netherlands; for a success story also
what names it (its company) and what came of it (what the company makes, its outcomes and their
kinds), by which the worker tells a query about the story from one about a programme. The synonym
groups of site_config/synonyms.yaml and the labels of the result kinds (site_config/strings.yaml)
travel in the same file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..languages import LANGUAGES
from ..model import Case, Catalogue, Program
from ..paths import generated_path, record_page
from ..places import Places
from ..records.strings import Strings
from .synonyms import Synonyms

FIELDS_FILE = "search/kb-fields.json"  # under a language's generated tree, and so under its site
FORMAT = 2
#: The kinds a search result shows (enrich.SHOWN_KIND), each with its label in site_config/strings.yaml.
RESULT_KINDS = ("program", "case", "call", "page")
_BRACKETED = re.compile(r"\([^()]*\)")  # "Eugene MS (romanised from the Korean name)"


def search_field_files(catalogue: Catalogue, synonyms: Synonyms, strings: Strings | None = None) -> dict[str, bytes]:
    """`kb-fields.json` of every language, keyed by its path under the generated tree."""
    return {
        generated_path(lang.code, FIELDS_FILE): _json(language_fields(catalogue, synonyms, lang.code, strings))
        for lang in LANGUAGES
    }


def kind_labels(strings: Strings | None, lang: str) -> dict[str, str]:
    """The label of each result kind in one language (none without strings: results then show no kind)."""
    if strings is None:
        return {}
    return {kind: strings.get(f"search_kind_{kind}", lang) for kind in RESULT_KINDS}


def language_fields(catalogue: Catalogue, synonyms: Synonyms, lang: str, strings: Strings | None = None) -> dict:
    """The fields of every record page in one language, the synonym groups and the result kinds' labels."""
    pages = {}
    for program in catalogue.programs:
        pages[record_page("program", program.id)] = _page(
            program.summary.get(lang), _program_fields(catalogue, program, lang), _places(catalogue, program, lang)
        )
    for case in catalogue.cases:
        pages[record_page("case", case.id)] = {
            **_page(case.summary.get(lang), _case_fields(catalogue, case, lang), _places(catalogue, case, lang)),
            **story_names(catalogue, case, lang),
        }
    return {
        "format": FORMAT,
        "pages": dict(sorted(pages.items())),
        "synonyms": synonyms.groups,
        "kinds": kind_labels(strings, lang),
    }


def story_names(catalogue: Catalogue, case: Case, lang: str) -> dict[str, str]:
    """What names a story (`company`: its company's name, without a note in brackets) and what came
    of it (`outcomes`: what the company makes and each outcome's measure), as the ranking reads them
    (docs/dev/search.md, "The kind rule"). Outcome kinds are left out: "수출" or "funding" name what
    programmes give as much as what came of a story."""
    outcomes = [case.company.makes.get(lang), *(outcome.measure.get(lang) for outcome in case.outcomes)]
    company = _BRACKETED.sub(" ", case.company.name.get(lang)).strip()
    return {"company": company, "outcomes": " · ".join(dict.fromkeys(o for o in outcomes if o))}


def _page(summary: str, fields: Iterator[str], places: list[str]) -> dict:
    return {"summary": summary, "fields": " · ".join(dict.fromkeys(f for f in fields if f)), "places": places}


def _program_fields(catalogue: Catalogue, program: Program, lang: str) -> Iterator[str]:
    operator = program.operator
    yield program.short_name.get(lang)
    yield operator.name.get(lang)
    if operator.short_name is not None:
        yield operator.short_name.get(lang)
    yield from (catalogue.label("support_types", term, lang) for term in program.support_types)
    yield from _labels(catalogue, "sectors", program.eligibility.sectors, lang)
    yield from _labels(catalogue, "tags", program.tags, lang)


def _case_fields(catalogue: Catalogue, case: Case, lang: str) -> Iterator[str]:
    yield case.company.name.get(lang)
    yield case.company.makes.get(lang)
    programs = catalogue.program_by_id
    for program_id in case.programs:
        if program_id in programs:
            yield programs[program_id].name.get(lang)
            yield programs[program_id].short_name.get(lang)
    yield from _labels(catalogue, "sectors", case.sectors, lang)
    yield from _labels(catalogue, "tags", case.tags, lang)


def _labels(catalogue: Catalogue, vocabulary: str, terms: tuple[str, ...], lang: str) -> Iterator[str]:
    known = catalogue.taxonomy.get(vocabulary, {})
    return (known[term].get(lang) for term in terms if term in known and term not in ("any", "not-stated"))


def record_places(record: Program | Case) -> list[str]:
    """The place codes of a record: where it or its operator (a story: its company) is, its markets, who may apply."""
    if isinstance(record, Program):
        codes = [record.country, record.operator.country, *record.eligibility.target_markets]
        codes += record.eligibility.applicant_countries
    else:
        codes = [*record.markets, record.company.country, *(partner.country for partner in record.partners)]
    return [code for code in dict.fromkeys(codes) if code]


def _places(catalogue: Catalogue, record: Program | Case, lang: str) -> list[str]:
    """Names of the record's places and of every region that shares a country with one of them."""
    places = catalogue.places or Places({})
    names = []
    for code in record_places(record):
        names.append(places.name(code, lang))
        names += [r.name.get(lang) for r in places.regions.values() if places.members(r.id) & places.members(code)]
    return list(dict.fromkeys(names))


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
