"""schema.org terms for issue 9's groups of a programme: its official page, the operator's site and
public contact, the application channel, and the funding amounts.

schema.org has no property that puts a grant on a `Service` (`funding` is for works, events and
organisations), so each amount is an `Offer` of the service with a `PropertyValue` whose value is
a `MonetaryAmount` (minValue, maxValue, currency): machine-readable, and within the vocabulary.
"""

from __future__ import annotations

from ..facts import Amount
from ..model import Program


def is_region(code: str) -> bool:
    """Regions of site_config/places.yaml have lower-case ids; countries are ISO 3166-1 codes."""
    return not code.isupper()


def _link(program: Program, kind: str) -> str | None:
    return next((link.url for link in program.links if link.kind == kind), None)


def service_links(program: Program) -> dict:
    """`sameAs`: the programme's official page (the page of this site stays its `url`)."""
    official = _link(program, "official")
    return {"sameAs": official} if official else {}


def provider(program: Program, lang: str) -> dict:
    """The operator as an Organization: its website, its country and its public office."""
    operator = program.operator
    data: dict = {"@type": "Organization", "name": operator.name.get(lang)}
    if operator.short_name and operator.short_name.get(lang) != operator.name.get(lang):
        data["alternateName"] = operator.short_name.get(lang)
    website = _link(program, "operator")
    if website:
        data["url"] = website
    if operator.country and not is_region(operator.country):
        data["address"] = {"@type": "PostalAddress", "addressCountry": operator.country}
    contact = program.contact
    if contact:
        point = {
            "@type": "ContactPoint",
            "name": contact.office.get(lang),
            **{k: v for k, v in (("email", contact.email), ("telephone", contact.phone), ("url", contact.url)) if v},
        }
        data["contactPoint"] = point
    return data


def _channel(program: Program, lang: str) -> dict | None:
    """Where to apply, as a ServiceChannel with its address (the application page, else an apply link)."""
    application = program.application
    url = (application.url if application else None) or _link(program, "apply")
    if not url:
        return None
    channel: dict = {"@type": "ServiceChannel", "serviceUrl": url}
    if application and application.text:
        channel["description"] = application.text.get(lang)
    return channel


def _offer(amount: Amount, lang: str) -> dict:
    money: dict = {"@type": "MonetaryAmount"}
    for key, value in (("minValue", amount.min), ("maxValue", amount.max), ("currency", amount.currency)):
        if value is not None:
            money[key] = value
    offer: dict = {
        "@type": "Offer",
        "additionalProperty": {"@type": "PropertyValue", "name": "funding", "value": money},
    }
    if amount.label:
        offer["name"] = amount.label.get(lang)
    if amount.per:
        offer["additionalProperty"]["unitText"] = amount.per
    return offer


def action_facts(program: Program, lang: str) -> dict:
    """`availableChannel` for the application and `offers` for the funding amounts with a currency."""
    data: dict = {}
    channel = _channel(program, lang)
    if channel:
        data["availableChannel"] = channel
    amounts = [a for a in (program.funding.amounts if program.funding else ()) if a.currency]
    if amounts:
        data["offers"] = [_offer(a, lang) for a in amounts]
    return data
