"""The parts of a record page that carry citations: the summary card, the old-information notice,
citation marks and the numbered source list (issue 9).

Each returns ready HTML (Markup): record text in it is HTML-escaped, never read as Markdown.
A source's number is its place in the record's `sources`, so marks and list always agree.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from html import escape

from babel.dates import format_skeleton
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup

from .. import facts
from ..facts import Amount, Citation
from ..freshness import ProgramState, days_left, evidence_date, is_stale, period_start, program_state
from ..model import Case, Program

#: The id of the programme page's list of calls (with each call's own sources), which the card points to.
CALLS_ANCHOR = "calls"
Term = Callable[[str, str], str]  # (vocabulary, term) -> label in the page's language


def source_anchor(number: int) -> str:
    """The id of a source's entry in the page's source list."""
    return f"source-{number}"


def cite_marks(record: Program | Case, cites: tuple[Citation, ...] = ()) -> Markup:
    """Superscript [n] links for `cites`; with none given and exactly one source, that source."""
    numbers = {source.id: index for index, source in enumerate(record.sources, start=1)}
    if not cites and len(record.sources) == 1:
        cites = (Citation(record.sources[0].id),)
    marks: list[str] = []
    for cite in dict.fromkeys(cites):  # two groups citing one source show it once
        number = numbers.get(cite.source)
        if number is not None:
            title = f' title="{escape(cite.at)}"' if cite.at else ""
            mark = f'<a href="#{source_anchor(number)}"{title}>[{number}]</a>'
            if mark not in marks:
                marks.append(mark)
    return Markup(f'<sup class="kb-cite">{"".join(marks)}</sup>' if marks else "")


def inline_citations(rendered: Markup, record: Program | Case) -> Markup:
    """Rendered rich text with each `[@id]` of a source of the record made a numbered citation."""
    known = {source.id for source in record.sources}

    def mark(match: re.Match) -> str:
        cites = facts.html_citations_in(match.group(1))
        if all(cite.source in known for cite in cites):
            return str(cite_marks(record, cites))
        return match.group(0)  # an unknown id stays as written (validation refuses it)

    # The marker is matched in the sanitised HTML, as text: markdown-it keeps `[@id]` as written.
    # A locator's `&` is `&amp;` there: the HTML form of the marker allows entities (see facts.py).
    return Markup(facts.HTML_INLINE_CITE.sub(mark, str(rendered)))


def source_list(record: Program | Case, lang: str, labels: Mapping[str, str] | None = None) -> Markup:
    """The numbered sources, each with its anchor; a translated title or author shows the original in brackets
    (marked with its language), and a title the editors translated says so."""
    items = []
    for number, src in enumerate(record.sources, start=1):
        original_lang = src.language if src.language and src.language != lang else None
        title = _translated(src.title, src.title_translated, lang, original_lang)
        text = f'<a href="{escape(src.url)}">{title}</a>' if src.url else title
        if labels and src.translated_by != "publisher" and _differs(src.title, src.title_translated, lang):
            text += f' <span class="kb-translation">({escape(labels["our_translation"])})</span>'
        if src.author:
            text += " — " + _translated(src.author, src.author_translated, lang, original_lang)
        if src.publisher:
            text += ", " + escape(src.publisher)
        if src.date:
            text += f" ({escape(month(src.date, lang))})"
        if src.note:
            text += f"<br><small>{escape(src.note.get(lang))}</small>"
        items.append(f'<li id="{source_anchor(number)}">{text}</li>')
    return Markup('<ol class="kb-sources">\n' + "\n".join(items) + "\n</ol>")


def _differs(original: str, translated, lang: str) -> bool:
    return translated is not None and translated.get(lang) != original


def _translated(original: str, translated, lang: str, original_lang: str | None = None) -> str:
    marked = f'<span lang="{escape(original_lang)}">{escape(original)}</span>' if original_lang else escape(original)
    if not _differs(original, translated, lang):
        return marked
    return f"{escape(translated.get(lang))} [{marked}]"


def month(value: str, lang: str) -> str:
    """A partial date in the page's language: 2013, 2013년 2월 / Feb 2013, 2013년 2월 1일 / Feb 1, 2013."""
    skeleton = {1: "y", 2: "yMMM", 3: "yMMMd"}[len(value.split("-"))]
    return format_skeleton(skeleton, period_start(value), locale=lang)


def stale_notice(
    record: Program | Case, today: datetime.date, years: int, labels: Mapping[str, str], operator_url: str | None
) -> Markup:
    """ "This information is from 2013; check with the operator before you act", or nothing when current."""
    if not is_stale(record, today, years):
        return Markup("")
    newest = evidence_date(record, today)
    text = labels["stale_notice"].format(year=newest[:4]) if newest else labels["stale_notice_undated"]
    link = f' <a href="{escape(operator_url)}">{escape(labels["operator_link"])}</a>' if operator_url else ""
    return Markup(f'<div class="admonition warning kb-stale" role="note"><p>{escape(text)}{link}</p></div>')


def operator_url(program: Program) -> str | None:
    """The operator's own site, else its contact page, else none."""
    for kind in ("operator", "contact"):
        for link in program.links:
            if link.kind == kind:
                return link.url
    return program.contact.url if program.contact and program.contact.url else None


def amount_text(amount: Amount, lang: str, term: Term) -> str:
    """'up to ₩50,000,000 per project', a range, or the label alone."""

    def money(value: int | float) -> str:
        if amount.currency:
            # Whole amounts without cents (€10,000, not €10,000.00); the symbol as the locale writes it.
            return format_currency(value, amount.currency, "¤#,##0.##", locale=lang, currency_digits=False)
        return format_decimal(value, locale=lang)

    parts = []
    if amount.min is not None and amount.max is not None and amount.min != amount.max:
        parts.append(f"{money(amount.min)} – {money(amount.max)}")
    elif amount.max is not None or amount.min is not None:
        parts.append(money(amount.max if amount.max is not None else amount.min))
    if amount.per:
        parts.append(term("funding_units", amount.per))
    text = " ".join(parts)
    label = amount.label.get(lang) if amount.label else ""
    return f"{label}: {text}" if label and text else text or label


def state_text(
    program: Program, today: datetime.date, years: int, labels: Mapping[str, str], term: Term, lang: str
) -> str:
    """The programme's state at the build date in words: "Open until Mar 4, 2026 (D-12)", "Last known running
    in 2013", "Running (as of 2024), no call dates · apply: through the operator"."""
    found = program_state(program, today, years)
    when = month(found.evidence, lang) if found.evidence else labels["state_undated"]
    if found.state == "last-known":
        return labels["last_known_running"].format(year=found.year)
    if found.state in ("open", "upcoming", "closed"):
        text = labels[f"state_{found.state}"].format(date=month(found.date, lang))
        return text + (f" ({days_text(found.date, today, labels)})" if found.state == "open" else "")
    route = term("application_routes", program.application.route) if program.application else labels["no_route_known"]
    return labels[f"state_{found.state}"].format(date=when, route=route)


def short_state(found: ProgramState, today: datetime.date, labels: Mapping[str, str], lang: str) -> str:
    """The state in a few words, for lists and finder results: "Open · D-12", "Last known 2013"."""
    text = labels["state_short_" + found.state.replace("-", "_")].format(year=found.year)
    if found.state == "open":
        return f"{text} · {days_text(found.date, today, labels)}"
    return f"{text} · {month(found.date, lang)}" if found.state == "upcoming" else text


def days_text(day: str, today: datetime.date, labels: Mapping[str, str]) -> str:
    """D-12 / 12 days left, D-day / closes today."""
    n = days_left(day, today)
    if n == 0:
        return labels["days_left_today"]
    return labels["days_left_one" if n == 1 else "days_left"].format(n=n)


def call_text(program: Program, today: datetime.date, years: int, labels: Mapping[str, str], lang: str) -> str:
    """The next deadline and its call, the call that opens next, or that none is ahead."""
    found = program_state(program, today, years)
    if found.state == "open":
        return f"{month(found.date, lang)} ({days_text(found.date, today, labels)}) — {found.call.title.get(lang)}"
    if found.state == "upcoming":
        return labels["call_upcoming"].format(date=month(found.date, lang)) + f" — {found.call.title.get(lang)}"
    if found.state in ("rolling", "invitation"):
        return labels[f"call_{found.state}"] + f" — {found.call.title.get(lang)}"
    return labels["no_deadline"]


def _row(label: str, value: str, marks: Markup) -> str:
    return f"<dt>{escape(label)}</dt>\n<dd>{escape(value)}{marks}</dd>"


def funding_text(program: Program, lang: str, labels: Mapping[str, str], term: Term) -> str:
    """What the SME gets: amounts, in-kind help, none, or not stated."""
    funding = program.funding
    if funding is None or funding.given == "not-stated":
        return labels["not_stated"]
    if funding.given == "none":
        return labels["funding_none"]
    if funding.given == "in-kind":
        return term("funding_kinds", "in-kind") + (f": {funding.in_kind.get(lang)}" if funding.in_kind else "")
    texts = [amount_text(a, lang, term) for a in funding.amounts]
    if funding.covers_percent is not None:
        texts.append(labels["covers_percent"].format(percent=format_decimal(funding.covers_percent, locale=lang)))
    return "; ".join(t for t in texts if t) or labels["not_stated"]


def who_text(program: Program, lang: str, labels: Mapping[str, str], term: Term) -> str:
    """Company sizes, sectors, countries and whether foreign companies may apply."""
    elig = program.eligibility
    parts = [
        ", ".join(term("company_sizes", t) for t in elig.company_sizes),
        ", ".join(term("sectors", t) for t in elig.sectors),
    ]
    if elig.applicant_countries:
        parts.append(", ".join(term("countries", t) for t in elig.applicant_countries))
    if elig.foreign_companies:
        parts.append(labels["foreign_" + elig.foreign_companies.replace("-", "_")])
    return " · ".join(p for p in parts if p)


def apply_button(program: Program, labels: Mapping[str, str]) -> str:
    """The application page or official page as a button, or "ask the operator" with its link."""
    url = program.application.url if program.application and program.application.url else None
    marks = cite_marks(program, program.application.cites) if url and program.application else Markup("")
    for kind in ("apply", "official"):
        for link in program.links if url is None else ():
            if link.kind == kind:
                url, marks = link.url, cite_marks(program, link.cites)
                break
    if url:
        return (
            f'<p><a class="md-button md-button--primary" href="{escape(url)}">{escape(labels["apply_button"])}'
            f"</a>{marks}</p>"
        )
    operator = operator_url(program)
    link = f' <a href="{escape(operator)}">{escape(labels["operator_link"])}</a>' if operator else ""
    return f'<p class="kb-no-route">{escape(labels["no_route"])}{link}</p>'


def summary_card(
    program: Program, today: datetime.date, years: int, lang: str, labels: Mapping[str, str], term: Term
) -> Markup:
    """The card a programme page opens with: status, what the SME gets, who may apply, deadline, apply."""
    funding_cites = program.funding.cites if program.funding else ()
    rows = [
        _row(
            labels["status"],
            state_text(program, today, years, labels, term, lang),
            cite_marks(program, program.status.cites),
        ),
        _row(labels["what_you_get"], funding_text(program, lang, labels, term), cite_marks(program, funding_cites)),
        _row(
            labels["who_may_apply"],
            who_text(program, lang, labels, term),
            cite_marks(program, program.eligibility.cites),
        ),
        _row(
            labels["next_deadline"],
            call_text(program, today, years, labels, lang),
            Markup(f' <a href="#{CALLS_ANCHOR}">↓</a>') if program.calls else Markup(""),
        ),
    ]
    body = "\n".join(rows)
    return Markup(f'<div class="kb-card">\n<dl>\n{body}\n</dl>\n{apply_button(program, labels)}\n</div>')
