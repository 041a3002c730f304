"""Safe text for Markdown pages: escaping plain text, sanitising rich text, Mermaid labels.

Record text is data, never Markdown or template source. Plain text is HTML-escaped and
its Markdown punctuation backslash-escaped (or, where Markdown has no such escape, written as
an entity), so that no character of it can start a block; rich text is a small Markdown subset rendered
by markdown-it (raw HTML off) and then cleaned by nh3 (Ammonia) with an allow-list.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markupsafe import Markup

from .texts import say

# Python-Markdown's ESCAPED_CHARS plus '|' (added by the tables extension), less ']': its
# reference-definition pattern ignores backslashes, so "[\\]: x](...)" would swallow the line.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[()#+\-.!|])")
_SETEXT_UNDERLINE = re.compile(r"=+")
_RICH_TAGS = {"p", "em", "strong", "code", "ul", "ol", "li", "blockquote", "a", "br"}
_RICH_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https", "mailto"}
# Only absolute links survive: a relative one ("about.md", "/x", "//host") in raw HTML is neither
# checked nor rewritten by MkDocs, so it would be a broken (or disguised off-site) link.
_ABSOLUTE_URL = re.compile(r"(?:https?://[^/?#\s]|mailto:)", re.IGNORECASE)
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "heading", "lheading", "code", "fence", "hr", "html_block", "html_inline"]
)


def escape_markdown(value: object) -> str:
    """Plain text made inert in Markdown: HTML-escaped, punctuation escaped, one line."""
    if isinstance(value, Markup):
        return str(value)
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(value).split()), quote=False))
    # '~' has no backslash escape in Python-Markdown, and '~~~' opens a fence in pymdownx.superfences.
    text = text.replace("]", "&#93;").replace("~", "&#126;")
    # '=' has no backslash escape; a line of them under a text line would make it a heading.
    return "&#61;" + text[1:] if _SETEXT_UNDERLINE.fullmatch(text) else text


def render_rich_text(source: str) -> Markup:
    """A rich-text field as sanitised HTML wrapped in one block element."""
    import nh3  # here, not above: validating (rich_text_problem) needs only the parser, and the hook installs no nh3

    rendered = _markdown.render(source)
    clean = nh3.clean(
        rendered,
        tags=_RICH_TAGS,
        attributes=_RICH_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
        attribute_filter=_keep_absolute_links,
    )
    return Markup('<div class="kb-rich">\n' + clean.strip() + "\n</div>")


def markdown_html(source: str) -> str:
    """A rich text as markdown-it renders it, before sanitising: for checks of what the page will show."""
    return _markdown.render(source)


# markdown-it stops reading blocks nested this deep and silently drops the rest of the text.
_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}


def rich_text_problem(source: str) -> str | None:
    """Why a rich text cannot be rendered in full (lists or quotes nested too deeply), or None."""
    limit = _markdown.options["maxNesting"] - 1
    if any(token.level >= limit and token.type in _CONTAINERS for token in _markdown.parse(source)):
        return say("rich_too_deep")
    return None


def _keep_absolute_links(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "href" and not _ABSOLUTE_URL.match(value.strip()):
        return None
    return value


# Anything else becomes a numeric entity (#34;) that Mermaid decodes only after parsing.
_MERMAID_SAFE = re.compile(r"[^\w\s.,·:/()\-–—'?!]")


def mermaid_label(text: str) -> str:
    """Text for a Mermaid node label: every character that Mermaid could parse becomes an entity."""
    flat = " ".join(text.split())
    return _MERMAID_SAFE.sub(lambda m: f"#{ord(m.group())};", flat)


# A run of text in a script: its letters (and CJK ideographs, which Korean headlines use: 中企), joined by
# spaces, digits and punctuation, as long as the run has at least one letter of the script itself.
_SCRIPT_LETTERS = {"Hangul": "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"}
_SCRIPT_RUNS = {
    script: re.compile(rf"[{letters}\u4e00-\u9fff]+(?:[\s\d.,·…'‘’“”!?~-]+[{letters}\u4e00-\u9fff]+)*")
    for script, letters in _SCRIPT_LETTERS.items()
}
_SCRIPT_LETTER = {script: re.compile(f"[{letters}]") for script, letters in _SCRIPT_LETTERS.items()}
# A tag, with quoted attribute values that may hold '>'; the text between tags is what gets marked.
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_SPAN_OPEN = re.compile(r"<span\b", re.IGNORECASE)
_HAS_LANG = re.compile(r"""\slang\s*=""", re.IGNORECASE)


def mark_other_scripts(text: str, lang: str) -> str:
    """HTML (or escaped plain text) of a page in `lang` with each run of another language's script in a
    `<span lang="..">`, so that browsers, screen readers and the `:lang()` styles know it (Korean names and
    titles on English pages). Text already inside an element with a `lang` is left as it is."""
    from .languages import LANGUAGES, language

    own = language(lang).script
    others = [
        (o.code, _SCRIPT_RUNS[o.script], _SCRIPT_LETTER[o.script])
        for o in LANGUAGES
        if o.script != own and o.script in _SCRIPT_RUNS
    ]
    if not others or not any(letter.search(text) for _, _, letter in others):
        return text
    out, spans, at = [], [], 0
    for tag in _TAG.finditer(text):
        out.append(_mark_runs(text[at : tag.start()], others) if not any(spans) else text[at : tag.start()])
        name = tag.group()
        if _SPAN_OPEN.match(name):
            spans.append(bool(_HAS_LANG.search(name)))
        elif name.lower().startswith("</span") and spans:
            spans.pop()
        out.append(name)
        at = tag.end()
    out.append(_mark_runs(text[at:], others) if not any(spans) else text[at:])
    return "".join(out)


def _mark_runs(text: str, others: list[tuple[str, re.Pattern, re.Pattern]]) -> str:
    for code, runs, letter in others:
        text = runs.sub(lambda m, code=code, letter=letter: _span(m.group(), code, letter), text)
    return text


def _span(run: str, code: str, letter: re.Pattern) -> str:
    return f'<span lang="{code}">{run}</span>' if letter.search(run) else run
