"""The model's parts for acting on a programme: links, how to apply, contact, funding, calls,
citations, relations and verification (issue 9). Frozen dataclasses, built by `model.from_data`.

Derived values (call status, deadlines, freshness) are in `freshness.py`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from . import model  # Text; annotations are resolved lazily, so the two modules may import each other

#: One inline citation in rich text: `@source-id`, with an optional locator after a comma.
_ONE_CITE = r"@[a-z0-9][a-z0-9-]*(?:,[^\[\];<>]*)?"
#: `[@id]`, `[@id, locator]` or several joined by semicolons (`[@a; @b, p. 3]`), as Pandoc writes them.
INLINE_CITE = re.compile(rf"\[({_ONE_CITE}(?:;\s*{_ONE_CITE})*)\]")
#: The same marker in rendered HTML, where a locator's & " < > are entities (&amp;), whose ';' is not a separator.
_HTML_ONE_CITE = r"@[a-z0-9][a-z0-9-]*(?:,(?:[^\[\];<>&]|&#?[a-zA-Z0-9]+;)*)?"
HTML_INLINE_CITE = re.compile(rf"\[({_HTML_ONE_CITE}(?:;\s*{_HTML_ONE_CITE})*)\]")


def inline_citations_in(marker_body: str) -> tuple[Citation, ...]:
    """The citations of one marker's inside (`@a; @b, p. 3`)."""
    cites = []
    for part in marker_body.split(";"):
        source, _, at = part.strip()[1:].partition(",")
        cites.append(Citation(source.strip(), at.strip() or None))
    return tuple(cites)


def html_citations_in(marker_body: str) -> tuple[Citation, ...]:
    """The citations of one marker's inside as it stands in rendered HTML (entities decoded)."""
    return inline_citations_in(html.unescape(marker_body))


def lost_inline_citations(source: str) -> list[str]:
    """The inline citations of a rich text that its rendered HTML would show as typed, not as citations.

    Markdown inside a locator (`*`, `` ` ``, a backslash) changes the marker's text when the page is
    rendered; what validates must render as a citation, so such a marker is refused.
    """
    from .text import markdown_html  # late: text.py needs nothing of the model

    written = [(m.group(0), _comparable(inline_citations_in(m.group(1)))) for m in INLINE_CITE.finditer(source)]
    if not written:
        return []
    shown = HTML_INLINE_CITE.finditer(markdown_html(source))
    rendered = Counter(_comparable(html_citations_in(m.group(1))) for m in shown)
    lost = []
    for marker, cites in written:
        if rendered[cites] > 0:
            rendered[cites] -= 1
        else:
            lost.append(marker)
    return lost


def _comparable(cites: tuple[Citation, ...]) -> tuple:
    return tuple((c.source, " ".join((c.at or "").split())) for c in cites)


def inline_cited_ids(text: str) -> list[str]:
    """The source ids that the inline citations of a text name, in order."""
    return [cite.source for match in INLINE_CITE.finditer(text) for cite in inline_citations_in(match.group(1))]


@dataclass(frozen=True)
class Citation:
    """A fact's reference to a source of its record, with an optional locator (section, page)."""

    source: str
    at: str | None = None

    @classmethod
    def from_plain(cls, value: str | dict) -> Citation:
        """A citation from its record form: a source id, or a mapping with `source` and `at`."""
        return cls(value) if isinstance(value, str) else cls(value["source"], value.get("at"))

    def as_plain(self) -> str | dict:
        """The citation in its record form: the bare id when it has no locator."""
        return self.source if self.at is None else {"source": self.source, "at": self.at}


@dataclass(frozen=True)
class Link:
    """A web page of a programme: official page, operator's site, application page..."""

    kind: str
    url: str
    language: str
    checked: str | None = None
    title: model.Text | None = None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Application:
    """How to apply: the route, in words, and where."""

    route: str
    text: model.Text | None = None
    url: str | None = None
    as_of: str | None = None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Contact:
    """The public contact of the operator's office (never a person)."""

    office: model.Text
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    as_of: str | None = None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Amount:
    """An amount of money, as a range in one ISO 4217 currency."""

    label: model.Text | None = None
    min: int | float | None = None
    max: int | float | None = None
    currency: str | None = None
    per: str | None = None
    as_of: str | None = None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Duration:
    """How long support lasts, in months."""

    months_min: int | None = None
    months_max: int | None = None
    note: model.Text | None = None


@dataclass(frozen=True)
class Funding:
    """What the SME gets: `given` is amounts, in-kind, none or not-stated."""

    given: str
    amounts: tuple[Amount, ...] = ()
    covers_percent: int | float | None = None
    in_kind: model.Text | None = None
    duration: Duration | None = None
    as_of: str | None = None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class CallEligibility:
    """Who may apply to one call, where it narrows its programme's rule."""

    text: model.Text | None = None
    applicant_countries: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class CallFunding:
    """The money of one call."""

    amounts: tuple[Amount, ...]
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class CallApplication:
    """How to apply to one call."""

    route: str | None = None
    url: str | None = None
    text: model.Text | None = None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Harvest:
    """Where and when a harvester took a call."""

    source: str
    harvested: str
    updated: str | None = None
    raw_sha256: str | None = None


@dataclass(frozen=True)
class Call:
    """A call record of calls/<folder>/<id>.yaml: a dated round, cut-offs, a rolling intake or an invitation.

    Its state (open, upcoming, closed) is derived from the dates and the build date in freshness.py.
    A title given in one language only (`title_language`) holds that text in every language.
    """

    id: str
    title: model.Text
    mode: str
    cites: tuple[Citation, ...] = ()
    sources: tuple[model.Source, ...] = ()
    source_path: str = ""
    #: The source folder it lives in: `hand`, or a harvester's source id.
    folder: str = "hand"
    program: str | None = None
    operator: model.Organisation | None = None
    title_language: str | None = None
    opens: str | None = None
    closes: str | None = None
    cutoffs: tuple[str, ...] = ()
    deadline_time: str | None = None
    time_zone: str | None = None
    eligibility: CallEligibility | None = None
    funding: CallFunding | None = None
    url: str | None = None
    application: CallApplication | None = None
    external_id: str | None = None
    harvest: Harvest | None = None

    @property
    def deadlines(self) -> tuple[str, ...]:
        """Every closing date of the call, ascending: its cut-offs and its close."""
        return tuple(sorted({*self.cutoffs, *((self.closes,) if self.closes else ())}))


@dataclass(frozen=True)
class Relation:
    """A case's link to a programme, with how sure its source is (confirmed or suggested)."""

    program: str
    certainty: str
    note: model.Text | None = None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Verification:
    """How a record was checked: against the operator's page (`source`) or from a secondary source."""

    method: str
    date: str
    source: str | None = None
