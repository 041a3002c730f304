"""Template filters of the site's frame: the home page's provenance, counts in the page's language, raw-HTML
text, and the links from a record page to its file in the repository (issue 11)."""

from __future__ import annotations

import html

import jinja2
from babel import Locale
from babel.numbers import format_decimal
from markupsafe import Markup

from ..freshness import is_stale
from ..model import Case, Program
from ..paths import record_page, record_url, site_path
from . import card


@jinja2.pass_context
def provenance(ctx, cat) -> str:
    """Where the catalogue's facts come from and how current they are, for the home page."""
    records = (*cat.programs, *cat.cases)
    years = sorted(src.date[:4] for record in records for src in record.sources if src.date)
    reviewed = max((record.last_reviewed for record in records), default="")
    if not years or not reviewed:
        return ""
    lang, labels = ctx["lang"], ctx["s"]
    key = "sources_span" if years[0] != years[-1] else "sources_span_one"
    span = labels[key].format(first=years[0], last=years[-1])
    text = labels["home_provenance"].format(span=span, reviewed=card.month(reviewed, lang))
    text += " " + labels["home_built"].format(date=card.month(ctx["today"].isoformat(), lang))
    stale = sum(is_stale(record, ctx["today"], ctx["years"]) for record in records)
    if stale:
        text += " " + counted(ctx, "home_stale", stale, years=ctx["years"])
    return text


def plain(value: object) -> Markup:
    """Text for raw HTML in a page (an attribute or an element's text): HTML-escaped, not Markdown-escaped."""
    return Markup(html.escape(str(value), quote=True))


@jinja2.pass_context
def counted(ctx, key: str, n: int, **values: object) -> str:
    """The label `key` for `n` things in the page's language: `key_one` where its plural rule says "one"."""
    lang, labels = ctx["lang"], ctx["s"]
    form = Locale.parse(lang).plural_form(n)
    text = labels.get(f"{key}_{form}", labels[key])
    return text.format(n=format_decimal(n, locale=lang), **values)


@jinja2.pass_context
def edit_url(ctx, record: Program | Case) -> str:
    """The page that edits the record's file in the repository."""
    return ctx["frame"].edit_url(record.source_path)


@jinja2.pass_context
def report_url(ctx, record: Program | Case) -> str:
    """A new issue from the error form, naming the record's file and this page."""
    kind = "program" if isinstance(record, Program) else "case"
    lang, site_url = ctx["lang"], ctx["site_url"]
    page = record_url(site_url, kind, record.id, lang) if site_url else site_path(lang, record_page(kind, record.id))
    name = (record.name if isinstance(record, Program) else record.title).get(lang)
    title = ctx["s"]["report_error_title"].format(name=name)
    return ctx["frame"].error_report_url(title, record.source_path, page)
