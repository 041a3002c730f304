"""The calls of each programme and of each finder option, for the calendars and feeds one can subscribe to.

A call has the finder's values of its programme, except that who may apply is the call's own rule where it
narrows the programme's (`CallEligibility.applicant_countries`). The options are those of the finder's facets
(generator/publish/facets.py) over every call, whatever its state, so that an address one subscribed to
stays published when its calls close: the calendar is then empty, not gone. Place options match as in the
finder: a call open to applicants from the EU is in the calendar of the Netherlands.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from ..facts import Call
from ..model import Catalogue
from .facets import NOT_GIVEN, Facet, facet_options, facet_values, named_values, option_label, place_tree
from .finder import FACETS


def _program(call: Call, catalogue: Catalogue):
    return catalogue.program_by_id[call.program] if call.program else None


def _applicants(call: Call, _today, catalogue: Catalogue) -> tuple[str, ...]:
    if call.eligibility and call.eligibility.applicant_countries:
        return call.eligibility.applicant_countries
    program = _program(call, catalogue)
    return (program.eligibility.applicant_countries if program else ()) or ("not-stated",)


def _like_finder(key: str, values) -> Facet:
    """The finder's facet `key` over calls: `values(program)` of the call's programme (none without one)."""
    facet = next(f for f in FACETS if f.key == key)

    def of_call(call: Call, _today, catalogue: Catalogue) -> tuple[str, ...]:
        program = _program(call, catalogue)
        return values(program) if program else ()

    return Facet(facet.key, facet.label, of_call, vocabulary=facet.vocabulary, places=facet.places, contextual=True)


#: The facets one can subscribe by, with the finder's keys (so `?applicants=KR` and `applicants/KR.ics` agree):
#: who may apply from where, where the programme is run, and what it gives.
CALL_FACETS = (
    Facet("applicants", "applicant_countries", _applicants, places=True, contextual=True),
    _like_finder("country", lambda p: (p.country,)),
    _like_finder("support", lambda p: p.support_types),
)


@dataclass(frozen=True)
class CallGroup:
    """The calls of one option of one facet (`facet` and `term` are also the folder and file name)."""

    facet: Facet
    term: str
    calls: tuple[Call, ...]

    def option(self, catalogue: Catalogue, lang: str, labels: Mapping[str, str]) -> str:
        """The option's label in one language ("South Korea")."""
        return option_label(catalogue, self.facet, self.term, lang, labels)

    def name(self, catalogue: Catalogue, lang: str, labels: Mapping[str, str]) -> str:
        """The option named with its facet ("Applicants from: South Korea"), in one language."""
        return f"{labels.get(self.facet.label, self.facet.key)}: {self.option(catalogue, lang, labels)}"


def call_groups(catalogue: Catalogue, today: datetime.date) -> list[CallGroup]:
    """Every option of CALL_FACETS that some call has (but "not stated"), with its calls by id."""
    calls = sorted(catalogue.calls, key=lambda c: c.id)
    groups = []
    for facet in CALL_FACETS:
        named = named_values(catalogue, facet, calls, today)
        tree = place_tree(catalogue, named) if facet.places else []
        values = [facet_values(catalogue, facet, call, today, named, tree) for call in calls]
        for term, _ in facet_options(catalogue, facet, calls, today):
            if term not in NOT_GIVEN:
                found = tuple(call for call, has in zip(calls, values, strict=True) if term in has)
                groups.append(CallGroup(facet, term, found))
    return groups
