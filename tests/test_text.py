"""Safety of record text in pages: plain text is inert, rich text is sanitised, Mermaid labels stay labels.

Each check looks at the HTML that Python-Markdown makes with the site's own extensions (read from
mkdocs.yml), not only at the escaped string: an escape that Markdown does not honour is no escape.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.text import escape_markdown, mermaid_label, render_rich_text

REPO = Path(__file__).resolve().parent.parent

HOSTILE = [
    "<script>alert(1)</script>",
    "**x** _y_ `z`",
    "[a](javascript:x)",
    "{: onclick=x}",
    "a | b | c",
    "# not a heading",
    "1. not a list",
    "- not a list",
    '--8<-- "/etc/passwd"',
    "&amp; &lt;b&gt; &#60;",
    "<img src=x onerror=alert(1)>",
    "<http://example.com>",
    "![i](http://example.com/x.png)",
    "]: http://example.com",
    "[x]: http://example.com",
    "===",
    "---",
    "> quote",
    "    indented code",
    "\\*backslash\\*",
    "<!-- comment -->",
    "{{ 7*7 }} {% raw %}",
    "a\nb\n\nc  \n",
    "~~~",
    "~~~ mermaid",
    "```",
]

# Where templates put plain text, with the text the context itself adds around it.
CONTEXTS = {
    "paragraph": ("{}", ""),
    "heading": ("# {}", ""),
    "list item": ("- {}", ""),
    "numbered step": ("1. **{}**", ""),
    "table cell": ("| a | b |\n|---|---|\n| x | {} |", "a b x "),
    "link text": ("[{}](x.md)", ""),
    "link in a list": ("- [{}](x.md)", ""),
    "link in a heading": ("## [{}](x.md)", ""),
    "line after text": ("text\n{}", "text "),
    "note under a list item": ("1. x\n\n    {}", "x "),
}


class _Text(HTMLParser):
    """Visible text and tag names of an HTML fragment (permalink anchors left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> _Text:
    """Parse HTML, dropping the headings' permalink anchors."""
    parser = _Text()
    parser.feed(re.sub(r'<a class="headerlink".*?</a>', "", fragment))
    parser.close()
    return parser


def flat(text: str) -> str:
    """Whitespace collapsed, as templates collapse plain text to one line."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site_markdown(tmp_path_factory) -> markdown.Markdown:
    """Python-Markdown with exactly the extensions and settings of mkdocs.yml."""
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path_factory.mktemp("docs")))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def to_html(md: markdown.Markdown, source: str) -> str:
    """Convert one Markdown document."""
    md.reset()
    return md.convert(source)


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_renders_as_the_same_text(site_markdown, context, text):
    template, added = CONTEXTS[context]
    out = to_html(site_markdown, template.format(escape_markdown(text)))
    parsed = parse(out)
    assert flat("".join(parsed.text)) == flat(added + text), out
    allowed = {"p", "h1", "h2", "ul", "ol", "li", "strong", "a", "table", "thead", "tbody", "tr", "th", "td"}
    assert {tag for tag, _ in parsed.tags} <= allowed, out
    assert all(set(attrs) <= {"href", "id"} for _, attrs in parsed.tags), out
    assert all(attrs.get("href") in (None, "x.md") for _, attrs in parsed.tags), out
    if context == "table cell":
        assert out.count("<td>") == 2, out


@pytest.mark.parametrize(("first", "second"), [("~~~", "~~~"), ("~~~ mermaid", "~~~"), ("```", "```")])
def test_two_fence_marks_do_not_swallow_what_is_between_them(site_markdown, first, second):
    source = f"{escape_markdown(first)}\n\n## kept\n\nkept too\n\n{escape_markdown(second)}\n"
    out = to_html(site_markdown, source)
    assert flat("".join(parse(out).text)) == flat(f"{first} kept kept too {second}"), out
    assert "<pre" not in out and "<code" not in out and "<h2" in out, out


_PIECES = list("abc 가나 \\`*_{}[]()#+-.!|<>&;:=~^\"'/%$@?,\t\n1") + [
    "&amp;",
    "&#60;",
    "-->",
    "--8<--",
    "{: ",
    "http://x.y",
    "javascript:",
    "<script>",
    "**",
    "1. ",
    "]:",
    "    ",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join))
def test_any_plain_text_renders_as_itself(site_markdown, text):
    if not text.strip():
        return
    for context, (template, added) in CONTEXTS.items():
        out = to_html(site_markdown, template.format(escape_markdown(text)))
        assert flat("".join(parse(out).text)) == flat(added + text), (context, out)


def test_escaped_text_is_one_line():
    assert "\n" not in escape_markdown("a\nb\r\nc\u2028d")


def test_rich_text_keeps_the_markdown_subset():
    out = str(render_rich_text("**bold** _em_ `code`\n\n- one\n- two\n\n> quoted\n\n1. first"))
    for tag in ("<strong>bold</strong>", "<em>em</em>", "<code>code</code>", "<li>one</li>", "<blockquote>", "<ol>"):
        assert tag in out
    assert out.startswith('<div class="kb-rich">\n') and out.endswith("\n</div>")


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.com" onclick="x()">raw link</a>',
        "<b onmouseover=x>bold</b>",
        "<!-- hidden -->",
        "<div>block</div>",
    ],
)
def test_rich_text_shows_raw_html_as_text(source):
    out = str(render_rich_text(source))
    parsed = parse(out)
    assert {tag for tag, _ in parsed.tags} <= {"div", "p"}, out
    assert flat("".join(parsed.text)) == flat(source)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox(1)",
        "about.md",
        "/etc/passwd",
        "//evil.example/x",
        "#anchor",
        "file:///etc/passwd",
    ],
)
def test_rich_text_drops_unsafe_and_relative_links(link):
    out = str(render_rich_text(f"see [this]({link}) and <{link}>"))
    assert "href" not in out, out
    assert "this" in out


@pytest.mark.parametrize("link", ["https://example.com/a?b=1&c=2", "http://example.com", "mailto:info@example.com"])
def test_rich_text_keeps_absolute_web_links(link):
    out = str(render_rich_text(f"see [this]({link})"))
    hrefs = [attrs["href"] for tag, attrs in parse(out).tags if tag == "a"]
    assert hrefs == [link]
    assert 'rel="noopener nofollow"' in out


def test_rich_text_has_no_images_headings_or_code_blocks():
    source = "![alt](https://example.com/x.png)\n\n# heading\n\n```\nfence\n```\n\n    indented\n\n---"
    out = str(render_rich_text(source))
    tags = {tag for tag, _ in parse(out).tags}
    assert not tags & {"img", "h1", "pre", "hr"}, out


def test_rich_text_snippet_syntax_stays_text(site_markdown):
    source = '--8<-- "/etc/passwd"\n\n;--8<-- "mkdocs.yml"'
    page = "# Page\n\n" + str(render_rich_text(source)) + "\n"
    out = to_html(site_markdown, page)
    assert '--8&lt;-- "/etc/passwd"' in out
    assert "root:" not in out and "site_name" not in out


@pytest.mark.parametrize("source", ["<script>x</script>", "**b** [l](https://e.example)", "a\n\n- b\n- c\n\n> d"])
def test_rich_text_block_passes_through_markdown_unchanged(site_markdown, source):
    block = str(render_rich_text(source))
    out = to_html(site_markdown, "text before\n\n" + block + "\n\ntext after")
    assert block in out


MERMAID_HOSTILE = [
    'say "hi"',
    "a] --> b[evil",
    "x --> y",
    "`markdown` **b**",
    "<b>bold</b>",
    "a; b",
    "#quot; &amp;",
    "end",
    "click s1 call alert()",
    "%%{init: {'theme': 'dark'}}%%",
    "a|b|c",
    "{curly} (round) [square]",
    "x\n  s9[injected]",
    "수요조사 · CEO/CTO 면담: 1:1",
]
_NODE = re.compile(r'  s1\["1\. ([^"\[\]`<>{}|;&\n]|#\d+;)*"\]')


@pytest.mark.parametrize("label", MERMAID_HOSTILE)
def test_mermaid_label_cannot_leave_its_node(label):
    line = f'  s1["1. {mermaid_label(label)}"]'
    assert _NODE.fullmatch(line), line
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), mermaid_label(label))
    assert decoded == flat(label)
    assert "-->" not in mermaid_label(label)


def test_mermaid_label_keeps_ordinary_text_readable():
    assert mermaid_label("CEO·CTO 면담을 통한 요구 확인") == "CEO·CTO 면담을 통한 요구 확인"
    assert mermaid_label("Site visit and MoU (step 5)") == "Site visit and MoU (step 5)"


def test_escape_markdown_passes_markup_through():
    from markupsafe import Markup

    assert escape_markdown(Markup("<b>kept</b>")) == "<b>kept</b>"
    assert html.unescape(escape_markdown("a & b")) == "a & b"
