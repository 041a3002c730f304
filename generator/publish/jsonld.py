"""schema.org JSON-LD for programme and case pages, and the page addresses they link to.

A programme is a `GovernmentService` (a network or platform a plain `Service`), whose funding amounts
and calls are its `offers` (jsonld_facts.py, jsonld_calls.py, which says why a call is an `Offer`); a case
is an `Article` about the company and the programmes it used. The dicts use the usual
`"@context": "https://schema.org"`; `jsonld_script` wraps one safely for an HTML page.
"""

from __future__ import annotations

import json

from ..model import Case, Catalogue, Program, Source
from ..paths import record_of_page, record_url
from .jsonld_calls import call_offers
from .jsonld_facts import action_facts, is_region, provider, service_links

CONTEXT = "https://schema.org"
#: What the `@id` of a record's node adds to its page address: the page is about the service;
#: a case's page is the article itself.
_FRAGMENT = {"program": "#service", "case": ""}


def _identified(data: dict, site_url: str | None, kind: str, record_id: str, lang: str) -> dict:
    """`data` with an absolute `@id` and `url` first, when the site has an address (else as it is)."""
    if not site_url:
        return data
    url = record_url(site_url, kind, record_id, lang)
    return {"@id": url + _FRAGMENT[kind], **data, "url": url}


def jsonld_program(
    program: Program, catalogue: Catalogue, lang: str, url: str | None, site_url: str | None = None
) -> dict:
    """schema.org data for a programme page in one language (`url`: the page's own address)."""
    data: dict = {
        "@type": "GovernmentService" if program.kind == "programme" else "Service",
        "identifier": program.id,
        "name": program.name.get(lang),
    }
    if program.short_name.get(lang) != program.name.get(lang):
        data["alternateName"] = program.short_name.get(lang)
    data["description"] = program.summary.get(lang)
    data.update(service_links(program))
    data["provider"] = provider(program, lang)
    data["areaServed"] = [
        _place(code, catalogue, lang) for code in program.eligibility.applicant_countries or (program.country,)
    ]
    data["serviceType"] = [catalogue.label("support_types", t, lang) for t in program.support_types]
    data["audience"] = {
        "@type": "BusinessAudience",
        "audienceType": [catalogue.label("company_sizes", size, lang) for size in program.eligibility.company_sizes],
        "description": program.eligibility.text.get(lang),
    }
    data.update(action_facts(program, lang))
    if calls := call_offers(program, lang, site_url):
        data["offers"] = [*data.get("offers", []), *calls]
    if program.recognitions:
        data["award"] = [f"{r.award.get(lang)} ({r.year})" for r in program.recognitions]
    # `citation` is for creative works only: a service's sources (those with an address) are works about it
    subjects = [
        *(_case_ref(catalogue.case_by_id[c], lang, site_url) for c in program.case_ids),
        *(_source(s) for s in program.sources if s.url),
    ]
    if subjects:
        data["subjectOf"] = subjects
    return {"@context": CONTEXT, **_identified(data, site_url, "program", program.id, lang), **_own_url(url)}


def jsonld_case(case: Case, catalogue: Catalogue, lang: str, url: str | None, site_url: str | None = None) -> dict:
    """schema.org `Article` data for a case page in one language (`url`: the page's own address)."""
    company = {
        "@type": "Organization",
        "name": case.company.name.get(lang),
        "description": case.company.makes.get(lang),
        **_address(case.company.country),
    }
    data: dict = {
        "@type": "Article",
        "identifier": case.id,
        "headline": case.title.get(lang),
        "description": case.summary.get(lang),
        "inLanguage": lang,
    }
    data["about"] = [company, *(_program_ref(catalogue.program_by_id[p], lang, site_url) for p in case.programs)]
    data["temporalCoverage"] = str(case.year)
    data["dateModified"] = case.last_reviewed
    if case.tags:
        data["keywords"] = [catalogue.label("tags", t, lang) for t in case.tags]
    data["citation"] = [_source(s) for s in case.sources]
    return {"@context": CONTEXT, **_identified(data, site_url, "case", case.id, lang), **_own_url(url)}


def _own_url(url: str | None) -> dict:
    """The page address the caller gave, which wins over the one made from the site address."""
    return {"url": url} if url else {}


def _address(code: str | None) -> dict:
    """A postal address in a country; nothing for a region (europe, eu)."""
    if not code or is_region(code):
        return {}
    return {"address": {"@type": "PostalAddress", "addressCountry": code}}


def jsonld_for_page(
    catalogue: Catalogue, page_path: str, lang: str, url: str | None, site_url: str | None = None
) -> str | None:
    """The JSON-LD `<script>` for a record page (`programs/ID.md`, `cases/ID.md`); None for other pages.

    `url` defaults to the page's address under `site_url`, when that is known.
    """
    kind, record_id = record_of_page(page_path) or ("", "")
    if url is None and site_url and kind:
        url = record_url(site_url, kind, record_id, lang)
    if kind == "program" and record_id in catalogue.program_by_id:
        return jsonld_script(jsonld_program(catalogue.program_by_id[record_id], catalogue, lang, url, site_url))
    if kind == "case" and record_id in catalogue.case_by_id:
        return jsonld_script(jsonld_case(catalogue.case_by_id[record_id], catalogue, lang, url, site_url))
    return None


def jsonld_script(data: dict) -> str:
    """A `<script type="application/ld+json">` element; `<`, `>` and `&` are escaped so text cannot end it."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _place(code: str, catalogue: Catalogue, lang: str) -> dict:
    """A country, or a plain place for a region (europe, eu)."""
    return {"@type": "Place" if is_region(code) else "Country", "name": catalogue.label("countries", code, lang)}


def _program_ref(program: Program, lang: str, site_url: str | None) -> dict:
    data = {"@type": "GovernmentService" if program.kind == "programme" else "Service", "name": program.name.get(lang)}
    return _identified(data, site_url, "program", program.id, lang)


def _case_ref(case: Case, lang: str, site_url: str | None) -> dict:
    return _identified({"@type": "Article", "headline": case.title.get(lang)}, site_url, "case", case.id, lang)


def _source(source: Source) -> dict:
    data: dict = {"@type": "CreativeWork", "name": source.title}
    if source.author:
        data["author"] = {"@type": "Person", "name": source.author}
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.date:
        data["datePublished"] = source.date
    if source.url:
        data["url"] = source.url
    if source.language:
        data["inLanguage"] = source.language
    return data
