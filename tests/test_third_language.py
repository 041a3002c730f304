"""A throwaway third language, added as data only, builds with its own pages, switcher and exports.

The copy gets a `ja` entry in site_config/languages.yaml, a `ja` value (the English text) in every
text of the records, taxonomy, strings and licence, the schema's text type extended, docs/ja/ and an
MkDocs config: no code is changed. The language is not shipped.
"""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from project_copy import copy_project

pytestmark = pytest.mark.slow
NEW = "ja"


def _with_new_language(value: object) -> object:
    """Every {ko, en} text of a YAML document gains the new language (its English text)."""
    if isinstance(value, dict):
        out = {k: _with_new_language(v) for k, v in value.items()}
        if {"ko", "en"} <= set(value) and all(isinstance(value[k], str) for k in ("ko", "en")):
            out[NEW] = value["en"]
        return out
    if isinstance(value, list):
        return [_with_new_language(v) for v in value]
    return value


def _rewrite_yaml(path: Path) -> None:
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # every scalar stays a string
    dumper = type("NoAliases", (yaml.SafeDumper,), {"ignore_aliases": lambda self, data: True})
    path.write_text(yaml.dump(_with_new_language(data), Dumper=dumper, allow_unicode=True, sort_keys=False), "utf-8")


def add_language(root: Path) -> None:
    """Add the new language to a copy of the project, as data only."""
    registry = root / "site_config/languages.yaml"
    data = yaml.load(registry.read_text("utf-8"), Loader=yaml.BaseLoader)
    english = next(lang for lang in data["languages"] if lang["code"] == "en")
    data["languages"].append(
        {
            **english,
            "code": NEW,
            "name": "日本語",
            "english_name": "Japanese",
            "prefix": f"{NEW}/",
            "mkdocs_config": f"site_config/mkdocs.{NEW}.yml",
            "feed": f"cases.{NEW}.atom",
        }
    )
    registry.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    schema_path = root / "site_config/schema/common.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    text = schema["$defs"]["text"]
    text["properties"][NEW] = text["properties"]["en"]
    text["required"].append(NEW)
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), "utf-8")
    # A call's title may be in one language (a harvested notice's): its languages are listed in its schema.
    call_path = root / "site_config/schema/call.schema.json"
    call = json.loads(call_path.read_text("utf-8"))
    call["properties"]["title"]["properties"][NEW] = call["properties"]["title"]["properties"]["en"]
    operator = call["properties"]["operator"]["properties"]["name"]
    operator["properties"][NEW] = operator["properties"]["en"]
    call["properties"]["title_language"]["enum"].append(NEW)
    call_path.write_text(json.dumps(call, ensure_ascii=False, indent=2), "utf-8")
    records = [*root.glob("programs/*.yaml"), *root.glob("cases/*.yaml"), *root.glob("calls/*/*.yaml")]
    for path in [*records, *(root / "site_config").glob("*.yaml")]:
        if path.name != "languages.yaml":
            _rewrite_yaml(path)
    strings = root / "site_config/strings.yaml"
    labels = yaml.load(strings.read_text("utf-8"), Loader=yaml.BaseLoader)
    labels[f"data_feed_{NEW}"] = {code: "The same feed in Japanese." for code in ("ko", "en", NEW)}
    labels[f"data_calls_feed_{NEW}"] = {code: "The same feed in Japanese." for code in ("ko", "en", NEW)}
    labels[f"data_calendar_{NEW}"] = {code: "The same calendar in Japanese." for code in ("ko", "en", NEW)}
    strings.write_text(yaml.safe_dump(labels, allow_unicode=True, sort_keys=False), "utf-8")
    shutil.copytree(root / "docs/en", root / f"docs/{NEW}")
    config = (root / "site_config/mkdocs.en.yml").read_text("utf-8")
    config = config.replace(".generated/en", f".generated/{NEW}").replace("site/en", f"site/{NEW}")
    (root / f"site_config/mkdocs.{NEW}.yml").write_text(config.replace("language: en", f"language: {NEW}"), "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("third-language")
    copy_project(root)
    add_language(root)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000", "SMEKB_CACHE": "off", "SITE_URL": ""}
    # Run from the copy, so its generator/ (and the registry beside it) is the one imported.
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=root, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def _switcher(page: Path, site: Path) -> dict[str, str]:
    """The language switcher's links of a built page, as site-root paths, keyed by hreflang."""
    html = page.read_text("utf-8")
    block = html[html.index('class="md-select__list"') :]
    block = block[: block.index("</ul>")]
    folder = posixpath.dirname(page.relative_to(site).as_posix() + "x")
    return {
        lang: posixpath.normpath(posixpath.join(folder, href)) + "/"
        for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"', block)
    }


def test_the_new_language_has_every_record_page_under_its_prefix(site):
    programs = sorted(p.stem for p in (site.parent / "programs").glob("*.yaml"))
    cases = sorted(p.stem for p in (site.parent / "cases").glob("*.yaml"))
    for folder, ids in (("programs", programs), ("cases", cases)):
        for record_id in ids:
            assert (site / NEW / folder / record_id / "index.html").is_file()
    assert (site / NEW / "index.html").is_file() and (site / "en/index.html").is_file()
    assert '<html lang="ja"' in (site / NEW / "index.html").read_text("utf-8")


def test_the_switcher_links_the_same_page_in_every_language(site):
    record = sorted(p.stem for p in (site.parent / "programs").glob("*.yaml"))[0]
    path = f"programs/{record}/"
    expected = {"ko": path, "en": f"en/{path}", NEW: f"{NEW}/{path}"}
    for prefix in ("", "en/", f"{NEW}/"):
        assert _switcher(site / prefix / path / "index.html", site) == expected


def test_the_exports_carry_the_new_language(site):
    programs = json.loads((site / "api/programs.json").read_text("utf-8"))
    assert all(set(p["name"]) == {"ko", "en", NEW} for p in programs["programs"])
    assert set(programs["licence"]["name"]) == {"ko", "en", NEW}
    header = next(csv.reader(io.StringIO((site / "api/programs.csv").read_text("utf-8-sig"))))
    assert [c for c in header if c.startswith("name_")] == ["name_ko", "name_en", f"name_{NEW}"]
    assert f"url_{NEW}" in header and f"reach_{NEW}" in header
    feed = (site / f"api/cases.{NEW}.atom").read_text("utf-8")
    assert f'xml:lang="{NEW}"' in feed and f'href="{NEW}/cases/' in feed
