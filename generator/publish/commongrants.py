"""api/calls.commongrants.json: every call as a CommonGrants opportunity, in the protocol's list response.

CommonGrants is the open protocol of the US grants portal (Simpler.Grants.gov), public domain (CC0).
Its shapes were read in the public repository `HHS/simpler-grants-protocol` at commit b874691 (August
2026, `@common-grants/core` 0.4.0): the TypeSpec models `lib/core/lib/core/models/opportunity/base.tsp`
(OpportunityBase), `status.tsp` (OppStatus), `timeline.tsp` (OppTimeline), `funding.tsp` (OppFunding),
the list route `lib/core/lib/core/routes/opportunities.tsp` (`GET /opportunities/`: a Paginated response,
"sorted by `lastModifiedAt` with most recent first"), and the JSON Schemas generated from them,
`website/public/schemas/yaml/*.yaml`, which tests/fixtures/commongrants/ holds and the tests validate
against. That version's OppTimeline has `postDate`, `closeDate` and `otherDates` (older examples in the
repository use `appOpens` and `appDeadline`, which its schema now refuses).

How a call maps, and why:
- `id` must be a UUID: a version 5 UUID of `urn:sme-support-kb:call:<call id>` in the URL namespace, so it
  never changes while the call's id does not, whatever the site's address; the call id is in customFields.
- `status`: open -> open, upcoming -> forecasted, closed -> closed; invitation and unknown (a rolling call of
  a programme not shown as running) are `custom` with that value. As in api/calls.json, at the build date,
  which `customFields.stateAsOf` gives (the list response has no room for it at the top).
- `keyDates.closeDate` is the last deadline (with its local time; the protocol's time has no zone, so the
  zone is in the event's description and `customFields.timeZone`); the opening day and a dated call's
  period are `otherDates` (`postDate` is when a notice was posted, which no record states); each cut-off is
  `otherDates.cutoffN`; a rolling or invitation-only call says so in an `other` event.
- `funding`: the first amount with a currency per project, phase, company or year gives min/maxAwardAmount,
  the first per call totalAmountAvailable; every amount is also in `details`, worded as on the pages.
  `acceptedApplicantTypes` is left out: the protocol's `for_profit_small_business` is the US definition,
  not the SME definitions of the records; the company sizes are in customFields instead.
- `createdAt`/`lastModifiedAt` are the days the record says it was taken and last changed (the feeds' dates,
  call_feeds.call_updated), at midnight UTC: the protocol wants times, the records give days.
- Record text and labels are in the open data's metadata language (`languages.METADATA`), the title in
  every language in customFields; the names of events and custom fields are fixed English, like the
  protocol's own examples ("Application period"), because they name parts of the format, not content.

Pure function of the catalogue, the labels and the build date: the same bytes each build.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Mapping

from ..facts import Amount, Call, apply_url
from ..figures import amount_text
from ..languages import METADATA
from ..model import Catalogue
from .calendars import UID_DOMAIN, CalendarContext, call_description
from .call_exports import call_pages, call_state
from .call_feeds import NO_DATE, call_updated
from .export_format import plain

#: CommonGrants status values for the states of freshness.call_status (the rest are `custom`).
STATUS = {"open": "open", "upcoming": "forecasted", "closed": "closed"}
#: The amount units that are per award; an amount per call is the call's total.
PER_AWARD = ("project", "phase", "company", "year")


def opportunity_id(call: Call) -> str:
    """The call's permanent CommonGrants id: a name-based (version 5) UUID of its id."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:{UID_DOMAIN}:call:{call.id}"))


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _created(call: Call) -> str:
    """The day the record was first taken: harvested, else the first source read, else NO_DATE."""
    if call.harvest is not None:
        return call.harvest.harvested
    return min((source.read for source in call.sources if source.read), default=NO_DATE)


def _status(state: str, labels: Mapping[str, str]) -> dict:
    status = {"value": STATUS.get(state, "custom")}
    if status["value"] == "custom":
        status["customValue"] = state
    status["description"] = labels[f"state_short_{state}"]
    return status


def _money(value: int | float, currency: str) -> dict:
    """A Money: the amount as a decimal string, never in exponent form."""
    return {"amount": format(decimal.Decimal(str(value)).normalize(), "f"), "currency": currency}


def _funding(call: Call, catalogue: Catalogue, labels: Mapping[str, str]) -> dict | None:
    amounts = [a for a in (call.funding.amounts if call.funding else ()) if a.currency]
    if not amounts:
        return None
    funding: dict = {"details": "; ".join(_amount_words(a, catalogue, labels) for a in amounts)}
    award = next((a for a in amounts if a.per in PER_AWARD), None)
    if award is not None:
        if award.min is not None:
            funding["minAwardAmount"] = _money(award.min, award.currency)
        if award.max is not None:
            funding["maxAwardAmount"] = _money(award.max, award.currency)
    total = next((a for a in amounts if a.per == "call" and (a.max or a.min) is not None), None)
    if total is not None:
        funding["totalAmountAvailable"] = _money(total.max if total.max is not None else total.min, total.currency)
    return funding


def _amount_words(amount: Amount, catalogue: Catalogue, labels: Mapping[str, str]) -> str:
    lang = METADATA.code
    per = catalogue.label("funding_units", amount.per, lang) if amount.per else ""
    text = amount_text(amount, lang, labels, per)
    return f"{amount.label.get(lang)}: {text}" if amount.label else text


def _day(name: str, day: str, call: Call, description: str | None = None) -> dict:
    event = {"name": name, "eventType": "singleDate", "date": day}
    if call.deadline_time and day in call.deadlines:
        event["time"] = f"{call.deadline_time}:00"
        if call.time_zone:
            description = f"{description + ', ' if description else ''}{call.time_zone}"
    if description:
        event["description"] = description
    return event


def _key_dates(call: Call, labels: Mapping[str, str]) -> dict | None:
    dates: dict = {}
    if call.deadlines:
        dates["closeDate"] = _day("Application deadline", call.deadlines[-1], call)
    other: dict = {}
    if call.opens and call.mode == "dated" and call.closes:
        period = {"name": "Application period", "eventType": "dateRange", "startDate": call.opens}
        period["endDate"] = call.closes
        if call.deadline_time:
            period["endTime"] = f"{call.deadline_time}:00"
        other["applicationPeriod"] = period
    elif call.opens:
        other["applicationsOpen"] = _day("Applications open", call.opens, call)
    for number, day in enumerate(call.cutoffs, start=1):
        other[f"cutoff{number}"] = _day(f"Cut-off {number}", day, call)
    if call.mode in ("rolling", "invitation"):
        other[call.mode] = {"name": labels[f"call_{call.mode}"], "eventType": "other"}
    if other:
        dates["otherDates"] = other
    return dates or None


def _field(name: str, field_type: str, value: object, description: str) -> dict:
    return {"name": name, "fieldType": field_type, "value": value, "description": description}


def _custom_fields(call: Call, catalogue: Catalogue, today: datetime.date, site_url: str | None) -> dict:
    program = catalogue.program_by_id.get(call.program) if call.program else None
    fields = {
        "callId": _field("Call id", "string", call.id, "The call's id in this catalogue (calls/<folder>/<id>.yaml)."),
        "folder": _field("Source folder", "string", call.folder, "hand (kept by people) or a harvester's source."),
        "title": _field("Title", "object", call.title.as_dict(), "The call's title in every language of the site."),
        "mode": _field("Mode", "string", call.mode, "dated, cutoffs, rolling or invitation."),
        "stateAsOf": _field("State as of", "string", today.isoformat(), "The build date the status is worked out for."),
    }
    if program is not None:
        fields["program"] = _field("Programme", "string", program.id, "The id of its programme in api/programs.json.")
    if call.operator is not None:
        name = call.operator.name.get(METADATA.code)
        fields["operator"] = _field("Operator", "string", name, "Who runs the call (it belongs to no programme).")
    if call.time_zone:
        fields["timeZone"] = _field("Time zone", "string", call.time_zone, "The IANA zone of the deadline time.")
    eligibility = call.eligibility
    if eligibility and eligibility.company_sizes:
        sizes = list(eligibility.company_sizes)
        fields["companySizes"] = _field("Company sizes", "array", sizes, "Terms of the company_sizes vocabulary.")
    if eligibility and eligibility.applicant_countries:
        places = list(eligibility.applicant_countries)
        fields["applicantCountries"] = _field("Applicant countries", "array", places, "ISO 3166-1 codes or regions.")
    if url := apply_url(call, program):
        fields["applyUrl"] = _field("Where to apply", "string", url, "The call's application page, else its notice.")
    if pages := call_pages(call, site_url):
        fields["page"] = _field("Page", "object", pages["page"], "Its entry on this site, in each language.")
    if call.funding:
        amounts = plain(call.funding.amounts)
        fields["amounts"] = _field("Amounts", "array", amounts, "Its amounts as the record gives them.")
    return fields


def opportunity(
    call: Call, catalogue: Catalogue, today: datetime.date, site_url: str | None, labels: Mapping[str, str]
) -> dict:
    """One call as a CommonGrants OpportunityBase."""
    lang = METADATA.code
    context = CalendarContext(catalogue, lang, today, site_url, labels)
    state = call_state(call, catalogue, today)
    item: dict = {
        "id": opportunity_id(call),
        "title": call.title.get(lang),
        "status": _status(state, labels),
        "description": call_description(context, call) or call.title.get(lang),
    }
    if funding := _funding(call, catalogue, labels):
        item["funding"] = funding
    if key_dates := _key_dates(call, labels):
        item["keyDates"] = key_dates
    if source := call.url or next((s.url for s in call.sources if s.url), None):
        item["source"] = source
    item["customFields"] = _custom_fields(call, catalogue, today, site_url)
    modified = call_updated(call)
    item["createdAt"] = _timestamp(min(_created(call), modified))
    item["lastModifiedAt"] = _timestamp(modified)
    return item


def commongrants_document(
    catalogue: Catalogue, today: datetime.date, site_url: str | None, labels: Mapping[str, str]
) -> dict:
    """The list response (`Paginated`): every call on one page, most recently modified first, then by id."""
    calls = sorted(sorted(catalogue.calls, key=lambda c: c.id), key=call_updated, reverse=True)
    items = [opportunity(call, catalogue, today, site_url, labels) for call in calls]
    return {
        "status": 200,
        "message": "Success",
        "items": items,
        "paginationInfo": {"page": 1, "pageSize": max(len(items), 1), "totalItems": len(items), "totalPages": 1},
    }
