"""Addresses and labels from the configuration and the environment never reach a page as markup (issue 23).

SITE_URL, REPOSITORY_URL, site.yaml's repository and contact, and the licence are refused unless they
are RFC 3986 addresses with an allowed scheme, naming the variable or the file's position; what is
written is escaped all the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import material
import pytest

from generator.addresses import address_problem
from generator.frame import Frame, fill_repository, repository_from_env
from generator.model import Text
from generator.publish.licence import Licence, load_licence
from generator.publish.open_data_page import DOWNLOADS, downloads_table
from generator.records.strings import load_strings
from generator.site_address import SiteAddressError, normalise_site_url

REPO = Path(__file__).resolve().parent.parent
QUOTE_SITE = 'https://example.org/kb/"><script>alert(1)</script>'
MARKUP_REPO = "https://github.com/owner/<img/src=x/onerror=alert(1)>"


def _run(project, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "SMEKB_CACHE": "off", **env}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=environ,
    )


@pytest.mark.parametrize(
    "text",
    [
        QUOTE_SITE,
        "https://example.org/<b>/",
        "https://example.org/a\\b/",
        "http://example.org/kb/",  # plain http only for a preview on this machine
        "javascript:alert(1)//",
    ],
)
def test_a_site_address_with_markup_or_plain_http_is_refused_naming_the_variable(text):
    with pytest.raises(
        SiteAddressError, match=r"^SITE_URL: '.*': (not a web address|not an absolute|http:// is allowed only)"
    ):
        normalise_site_url(text)


@pytest.mark.parametrize("text", ["http://127.0.0.1:8000/", "http://localhost:8000/kb/", "https://example.org/a'b/"])
def test_an_address_rfc_3986_allows_is_kept(text):
    assert normalise_site_url(text) == text


def test_the_address_rules():
    assert address_problem("https://example.org/x") is None
    assert address_problem("http://example.org/licence", plain_http=True) is None
    assert address_problem("mailto:office@example.org", mailto=True) is None
    assert address_problem("mailto:office@example.org") is not None
    assert address_problem("https:///x") is not None and address_problem("ftp://example.org/") is not None
    assert address_problem("https://example.org/x\n") is not None


@pytest.mark.parametrize("command", ["validate", "render"])
def test_validate_and_render_refuse_a_bad_site_address(project, command):
    done = _run(project, command, SITE_URL=QUOTE_SITE)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("error: SITE_URL: 'https://example.org/kb/\"><script>"), done.stderr
    assert "Traceback" not in done.stderr and not project.generated_dir.exists()


def test_the_build_refuses_a_repository_address_with_markup(project, monkeypatch):
    monkeypatch.setenv("REPOSITORY_URL", MARKUP_REPO)
    with pytest.raises(SiteAddressError, match=r"^REPOSITORY_URL: 'https://github.com/owner/<img"):
        repository_from_env()
    done = _run(project, "build", REPOSITORY_URL=MARKUP_REPO)
    assert done.returncode == 1
    assert done.stderr.startswith("build failed: REPOSITORY_URL: 'https://github.com/owner/<img"), done.stderr
    assert not project.site_dir.exists()


def test_validate_refuses_a_repository_address_with_markup_in_site_yaml(project):
    site = project.config_dir / "site.yaml"
    text = site.read_text("utf-8")
    site.write_text(text.replace("url: https://github.com/example/sme-kb", f"url: {MARKUP_REPO}"), "utf-8")
    line = next(n for n, row in enumerate(site.read_text("utf-8").splitlines(), 1) if "onerror" in row)
    done = _run(project, "validate")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"site_config/site.yaml:{line}:8: repository.url: not a web address as RFC 3986" in done.stderr
    assert "publisher.contact: not a web address" in done.stderr  # {repository}/issues is the same address


def test_the_guide_writes_the_repository_address_safely_in_markdown():
    frame = Frame({}, "", "https://github.com/owner/name(x", "main")
    assert fill_repository(b"<{repository}> [form]({repository}/issues)", frame) == (
        b"<https://github.com/owner/name%28x> [form](https://github.com/owner/name%28x/issues)"
    )


def test_a_licence_address_that_is_not_one_is_refused_with_its_position(tmp_path):
    text = (REPO / "site_config/data_licence.yaml").read_text("utf-8")
    bad = text.replace("url: https://creativecommons.org/licenses/by/4.0/", 'url: "https://e.org/\\"><script>x"')
    assert bad != text
    (tmp_path / "data_licence.yaml").write_text(bad, "utf-8")
    line = next(n for n, row in enumerate(bad.splitlines(), 1) if row.startswith("url:"))
    with pytest.raises(Exception) as caught:
        load_licence(tmp_path)
    assert str(caught.value).startswith(f"site_config/data_licence.yaml:{line}:6: url: not a web address")


def test_the_licence_name_and_labels_are_escaped_on_the_open_data_page():
    strings = load_strings(REPO / "site_config/strings.yaml", "site_config/strings.yaml")
    markup = "<script>alert(1)</script> *CC*"
    licence = Licence("CC-BY-4.0", "https://e.org/a?b=1&c=2", Text(**{code: markup for code in ("ko", "en")}))
    table = downloads_table("en", {path: b"" for path, _, _ in DOWNLOADS}, licence, strings)
    assert "<script>" not in table and "&lt;script&gt;" in table and r"\*CC\*" in table
    assert 'href="https://e.org/a?b=1&amp;c=2"' in table


def _theme_env() -> jinja2.Environment:
    """MkDocs' template environment (no autoescape) over the overrides and Material's templates."""
    material_dir = Path(material.__file__).parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([REPO / "site_config/overrides", material_dir]))
    env.filters["url"] = lambda value: value
    return env


def test_the_head_escapes_the_addresses_and_configured_texts():
    template = _theme_env().get_template("main.html")
    page = {"canonical_url": "https://e.org/a'&b", "meta": {}, "previous_page": None, "next_page": None}
    config = {"site_description": '"><script>d</script>', "site_author": None, "theme": {"favicon": "x.png"}}
    context = template.new_context(
        {"page": page, "config": config, "kb_alternates": [("en", 'https://e.org/"x')], "mkdocs_version": "1"}
    )
    head = "".join(template.blocks["site_meta"](context))
    assert 'href="https://e.org/a&#39;&amp;b"' in head and 'href="https://e.org/&#34;x"' in head
    assert "<script>d" not in head


def test_the_language_switcher_escapes_the_registrys_names():
    template = _theme_env().get_template("partials/alternate.html")
    alternates = [{"name": "<b>ja</b>", "link": "../", "lang": "ja"}, {"name": "English", "link": "./", "lang": "en"}]
    html = template.render(
        config={"extra": {"alternate": alternates}, "theme": {"language": "en", "icon": {"alternate": None}}},
        page={"url": "x/"},
        lang={"t": lambda key: key},
    )
    assert "<b>ja</b>" not in html and "&lt;b&gt;ja&lt;/b&gt;" in html
