"""The language registry: the one place that names a language code, and what it refuses."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator import languages, paths
from generator.diagnostics import ContentError
from generator.languages import CODES, UnknownLanguage, load_registry
from generator.model import Text

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"


def test_text_of_an_unknown_language_is_an_error_not_english():
    text = Text(ko="한국어", en="English")
    assert [text.get(code) for code in CODES] == ["한국어", "English"]
    with pytest.raises(UnknownLanguage, match=r"unknown language 'ja'; the site's languages are ko, en"):
        text.get("ja")


def test_unknown_language_codes_are_refused_by_every_path_function():
    for call in (
        lambda: paths.site_path("ja", "x/"),
        lambda: paths.feed_path("ja"),
        lambda: paths.page_url("https://h/", "ja", "x/"),
        lambda: languages.language("ja"),
    ):
        with pytest.raises(UnknownLanguage):
            call()


def test_text_is_frozen_and_compared_by_value():
    text = Text(ko="가", en="a")
    with pytest.raises(AttributeError):
        text.ko = "나"  # type: ignore[attr-defined]
    assert text == Text(en="a", ko="가") and hash(text) == hash(Text(en="a", ko="가"))
    assert text.as_dict() == {"ko": "가", "en": "a"}  # registry order, whatever order the record used


def test_the_schemas_text_type_lists_the_registrys_languages():
    text = json.loads((REPO / "site_config/schema/common.schema.json").read_text("utf-8"))["$defs"]["text"]
    assert list(text["properties"]) == list(CODES)
    assert text["required"] == list(CODES)


def test_urls_and_paths_come_from_the_prefixes():
    site = "https://example.org/kb/"
    assert paths.record_url(site, "case", "c1", "ko") == site + "cases/c1/"
    assert paths.record_url(site, "program", "p1", "en") == site + "en/programs/p1/"
    assert paths.page_alternates(site, "find/")[-1] == ("x-default", site + "find/")
    assert paths.root_of(site + "en/", "en") == site
    assert paths.switcher_links("en") == [
        {"name": "한국어", "link": "../", "lang": "ko"},
        {"name": "English", "link": "./", "lang": "en"},
    ]
    assert paths.record_of_page("programs/p1.md") == ("program", "p1")
    assert paths.record_of_page("tags/x.md") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("languages: []\nmetadata: en\n", "languages.yaml:1:1: languages: expected a list of languages"),
        (
            "metadata: fr\nlanguages:\n  - {code: ko, name: 한국어, english_name: Korean, script: Hangul,"
            " prefix: '', mkdocs_config: mkdocs.yml, feed: cases.atom, about: '약 {}', more_than: '{} 이상',"
            " tight_units: 'true'}\n",
            "languages.yaml:1:11: metadata: expected one of the codes ko",
        ),
        (
            "metadata: ko\nlanguages:\n  - {code: ko}\n",
            "languages.yaml:3:5: languages[0]: expected a mapping with exactly",
        ),
        (
            "metadata: ko\nlanguages:\n  - {code: ko, name: 한국어, english_name: Korean, script: Hangul, prefix: '',"
            " mkdocs_config: mkdocs.yml, feed: cases.atom, about: '약 {}', more_than: '{} 이상', tight_units: yes}\n",
            "languages.yaml:3:170: languages[0].tight_units: expected true or false",
        ),
    ],
)
def test_a_bad_registry_is_refused_with_its_position(tmp_path, text, message):
    (tmp_path / "languages.yaml").write_text(text, "utf-8")
    with pytest.raises(ContentError) as caught:
        load_registry(tmp_path / "languages.yaml", "languages.yaml")
    assert str(caught.value).startswith(message)


def language_branches(source: str, codes=frozenset(CODES)) -> list[int]:
    """Lines that compare with a language code literal or spell a tuple, list or set of codes."""

    def is_code(node) -> bool:
        return isinstance(node, ast.Constant) and node.value in codes

    def is_codes(node) -> bool:
        return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and sum(map(is_code, node.elts)) >= 2

    def is_branch(node) -> bool:
        operands = (node.left, *node.comparators) if isinstance(node, ast.Compare) else ()
        return any(is_code(n) or is_codes(n) for n in operands) or is_codes(node)

    return sorted({node.lineno for node in ast.walk(ast.parse(source)) if is_branch(node)})


def test_the_branch_finder_finds_branches():
    assert language_branches('if lang == "ko":\n    pass\n') == [1]
    assert language_branches('x = "en" != lang\n') == [1]
    assert language_branches('for lang in ("ko", "en"):\n    pass\n') == [1]
    assert language_branches('ok = set(props) == {"ko", "en"}\n') == [1]
    assert language_branches('name = "en"\nlabels = {"ko": 1}\n') == []


def test_no_module_outside_the_registry_branches_on_a_language_code():
    found = {
        path.relative_to(REPO).as_posix(): lines
        for path in sorted(GENERATOR.rglob("*.py"))
        if path != GENERATOR / "languages.py" and (lines := language_branches(path.read_text("utf-8")))
    }
    assert found == {}, "ask generator/languages.py or generator/paths.py instead"


REGISTRY = (REPO / "site_config/languages.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        ("feed: cases.atom", "feed: ../../../../escaped.atom", "languages[0].feed", "a plain file name"),
        ("feed: cases.en.atom", "feed: sub/cases.atom", "languages[1].feed", "a plain file name"),
        ("feed: cases.en.atom", "feed: .hidden", "languages[1].feed", "a plain file name"),
        ("feed: cases.en.atom", "feed: cases.atom", "languages[1].feed", "already another language's feed"),
        ("mkdocs_config: mkdocs.yml", "mkdocs_config: ../mkdocs.yml", "languages[0].mkdocs_config", "relative"),
        ("mkdocs_config: mkdocs.yml", "mkdocs_config: /etc/mkdocs.yml", "languages[0].mkdocs_config", "relative"),
        ("code: en", "code: ../en", "languages[1].code", "a language code"),
        ('about: "about {}"', 'about: "about {n}"', "languages[1].about", "{} once"),
        ('more_than: "{} 이상"', 'more_than: "이상"', "languages[0].more_than", "{} once"),
    ],
)
def test_a_name_that_becomes_a_path_is_refused_with_its_position(tmp_path, old, new, field, expected):
    text = REGISTRY.replace(old, new, 1)
    (tmp_path / "languages.yaml").write_text(text, "utf-8")
    with pytest.raises(ContentError) as caught:
        load_registry(tmp_path / "languages.yaml", "languages.yaml")
    at = REGISTRY.index(old) + len(old.split(": ")[0]) + 2  # the value's first character
    line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    assert str(caught.value).startswith(f"languages.yaml:{line}:{col}: {field}: ")
    assert expected in str(caught.value)
