"""schema.org JSON-LD of a programme's calls: each call an `Offer` of the programme's service.

schema.org has no type for a call for applications, so the nearest honest reading is chosen:

- An `Offer` ("an offer to transfer some rights to an item or to provide a service") in the service's
  `offers`, whose `availabilityStarts` and `availabilityEnds` ("the beginning/end of the availability of
  the product or service included in the offer") are what a call's opening day and last deadline are:
  the window in which the programme's support can be applied for. The funding amounts (jsonld_facts.py)
  are offers of the same service; a call's offer is told apart by its `identifier`, the call id.
- Not an `Event`: a call is not something held at a time and place that one attends, and search engines
  show an Event as one. Not a `Grant`: schema.org's Grant is funding given to a work or person
  (`fundedItem`), not an open invitation to apply. Not a `Demand`: that is the seeker's side.

A call's offer carries its `name` (title), `availabilityStarts` (opens), `availabilityEnds` (its last deadline,
at its local time with the zone's offset where the call gives both; else the day), cut-offs before the last
as `additionalProperty` values, and `url`: where to apply. A rolling call is an offer without an end;
an invitation-only call is left out, since nobody can take it up by applying. The offers list every call
with its dates, past ones included: whether a call is open depends on the day the data is read.
"""

from __future__ import annotations

import datetime

from ..facts import Call, apply_url
from ..model import Program
from ..paths import page_url
from .calendars import Deadline, call_page

#: The modes of a call that anyone may apply to (an invitation is not an offer to the public).
OFFERED = ("dated", "cutoffs", "rolling")


def _moment(call: Call, day: str) -> str:
    """The deadline as an ISO 8601 date, or date and time with the zone's offset when the call gives both."""
    start = Deadline(call, day).start()
    return start.isoformat() if isinstance(start, datetime.datetime) else day


def call_offer(call: Call, program: Program, lang: str, site_url: str | None) -> dict:
    """One call as an `Offer` of its programme's service, in one language."""
    offer: dict = {"@type": "Offer"}
    if site_url:
        offer["@id"] = page_url(site_url.rstrip("/") + "/", lang, call_page(call))
    offer.update({"identifier": call.id, "name": call.title.get(lang)})
    if call.opens:
        offer["availabilityStarts"] = call.opens
    if call.deadlines:
        offer["availabilityEnds"] = _moment(call, call.deadlines[-1])
    if len(call.deadlines) > 1:
        offer["additionalProperty"] = [
            {"@type": "PropertyValue", "name": "cut-off", "value": _moment(call, day)} for day in call.deadlines[:-1]
        ]
    if url := apply_url(call, program):
        offer["url"] = url
    return offer


def call_offers(program: Program, lang: str, site_url: str | None) -> list[dict]:
    """The offers of a programme's calls that anyone may apply to, in id order."""
    return [call_offer(call, program, lang, site_url) for call in program.calls if call.mode in OFFERED]
