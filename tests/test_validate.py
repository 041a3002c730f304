"""Validation: schema and cross-record checks, each with its exact message.

Each test writes a small valid record (below) into a copy of the project, changes one
thing, and checks the one message that change gives; the line numbers are those of the
records as written here.
"""

from __future__ import annotations

import pytest

from generator.diagnostics import ContentError
from generator.project import Project
from generator.validate import validate_catalogue

CASE_PATH = "cases/test-case.yaml"
CASE = """\
title:
  ko: 시험 사례
  en: Test case
summary:
  ko: 요약
  en: Summary
company:
  name:
    ko: 시험 회사
    en: Test Company
  makes:
    ko: 장비
    en: Equipment
  country: KR
programs:
  - kisti-knowledge-mentoring
outcomes:
  - measure:
      ko: 납품 계약
      en: Supply contract
    value: 1000
    unit:
      ko: 대
      en: units
story:
  ko: 이야기
  en: Story
year: 2013
sources:
  - title: 기사
    url: https://example.org/article
last_reviewed: 2026-01-31
tags:
  - export
"""

PROGRAM_PATH = "programs/test-programme.yaml"
PROGRAM = """\
kind: programme
name: {ko: 시험 프로그램, en: Test programme}
short_name: {ko: 시험, en: Test}
operator:
  name: {ko: 시험 기관, en: Test body}
country: KR
summary: {ko: 요약, en: Summary}
description: {ko: 설명, en: Description}
support_types: [mentoring]
eligibility:
  text: {ko: 중소기업, en: SMEs}
  company_sizes: [sme]
  sectors: [unspecified]
cost: {model: free}
delivery: {model: one-to-one-mentoring}
networks:
  - program: asti
status: {value: active, as_of: "2013"}
sources:
  - title: 기사
last_reviewed: 2026-01-31
"""

CASE_FIELDS = (
    "company, last_reviewed, markets, outcomes, partners, programs, quote, sources, story, summary, tags, title, year"
)


def write(project: Project, rel: str, text: str, old: str = "", new: str = "") -> None:
    """Write `text` into the project copy, with `old` replaced by `new` (once) if given."""
    if old:
        assert text.count(old) == 1, f"{old!r} must occur once"
        text = text.replace(old, new)
    (project.root / rel).write_text(text, "utf-8")


def problems(project: Project) -> list[str]:
    """Every message validation gives, in order."""
    with pytest.raises(ContentError) as info:
        validate_catalogue(project)
    return [d.format() for d in info.value.diagnostics]


def test_the_test_records_are_valid(project):
    write(project, CASE_PATH, CASE)
    write(project, PROGRAM_PATH, PROGRAM)
    catalogue = validate_catalogue(project)
    assert "test-case" in {c.id for c in catalogue.cases}
    assert "test-programme" in {p.id for p in catalogue.programs}


def test_unknown_field_suggests_the_nearest(project):
    write(project, CASE_PATH, CASE, "summary:", "sumary:")
    assert problems(project) == [
        f"{CASE_PATH}:1:1: summary: required field 'summary' is missing; add it",
        f"{CASE_PATH}:4:1: sumary: unknown field 'sumary' (did you mean 'summary'?); allowed here: {CASE_FIELDS}",
    ]


def test_missing_field_points_at_its_parent(project):
    write(project, CASE_PATH, CASE, "  country: KR\n", "")
    assert problems(project) == [f"{CASE_PATH}:7:1: company.country: required field 'country' is missing; add it"]


def test_missing_field_in_a_list_item_points_at_the_item(project):
    write(project, CASE_PATH, CASE, "  - measure:", "  - measur:")
    assert f"{CASE_PATH}:18:5: outcomes[0].measure: required field 'measure' is missing; add it" in problems(project)


def test_missing_english_text(project):
    write(project, CASE_PATH, CASE, "    en: Test Company\n", "")
    assert problems(project) == [f"{CASE_PATH}:8:3: company.name.en: required field 'en' is missing; add it"]


def test_empty_korean_text(project):
    write(project, CASE_PATH, CASE, "ko: 시험 회사", 'ko: ""')
    assert problems(project) == [f"{CASE_PATH}:9:9: company.name.ko: must not be empty"]


def test_list_where_text_is_expected(project):
    write(project, CASE_PATH, CASE, "  - title: 기사", "  - title: [기사, 글]")
    assert problems(project) == [f"{CASE_PATH}:30:12: sources[0].title: expected text, got a list"]


def test_list_where_text_in_both_languages_is_expected(project):
    write(project, CASE_PATH, CASE, "title:\n  ko: 시험 사례\n  en: Test case", "title:\n  - 시험 사례")
    assert problems(project) == [
        f"{CASE_PATH}:2:3: title: expected text in both languages (a mapping with ko: and en:), got a list"
    ]


def test_number_given_in_words(project):
    write(project, CASE_PATH, CASE, "value: 1000", "value: about 250")
    assert problems(project) == [
        f"{CASE_PATH}:21:12: outcomes[0].value: expected a number (digits only, such as 250), got the text 'about 250'"
    ]


def test_number_too_long_to_convert_is_a_clean_error(project):
    write(project, CASE_PATH, CASE, "year: 2013", "year: " + "9" * 5000)
    assert problems(project) == [
        f"{CASE_PATH}:28:7: year: expected a whole number (digits only, such as 250), got the text '{'9' * 59}…'"
    ]


def test_bad_date(project):
    write(project, CASE_PATH, CASE, "last_reviewed: 2026-01-31", "last_reviewed: 2026-02-30")
    assert problems(project) == [
        f"{CASE_PATH}:32:16: last_reviewed: '2026-02-30' is not valid; expected a date written YYYY-MM-DD"
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", "https://"])
def test_url_must_be_http_with_a_host(project, url):
    write(project, CASE_PATH, CASE, "https://example.org/article", url)
    assert problems(project) == [
        f"{CASE_PATH}:31:10: sources[0].url: '{url}' is not valid;"
        " expected an http:// or https:// address with a host name"
    ]


def test_misspelt_taxonomy_term_suggests_the_nearest(project):
    write(project, CASE_PATH, CASE, "  - export", "  - exports")
    assert problems(project) == [
        f"{CASE_PATH}:34:5: tags[0]: 'exports' is not a term of 'tags' in site_config/taxonomy.yaml"
        " (did you mean 'export'?)"
    ]


def test_case_refers_to_a_programme_that_does_not_exist(project):
    write(project, CASE_PATH, CASE, "kisti-knowledge-mentoring", "kisti-knowledge-mentorin")
    assert problems(project) == [
        f"{CASE_PATH}:16:5: programs[0]: no program record 'kisti-knowledge-mentorin' exists in programs/"
        " (did you mean 'kisti-knowledge-mentoring'?)"
    ]


def test_dangling_network_reference(project):
    write(project, PROGRAM_PATH, PROGRAM, "program: asti", "program: asty")
    assert problems(project) == [
        f"{PROGRAM_PATH}:17:14: networks[0].program: no program record 'asty' exists in programs/"
        " (did you mean 'asti'?)"
    ]


def test_reference_to_a_record_that_fails_its_schema_is_not_dangling(project):
    write(project, PROGRAM_PATH, PROGRAM, "country: KR", "country: Korea")
    write(project, CASE_PATH, CASE, "kisti-knowledge-mentoring", "test-programme")
    assert problems(project) == [
        f"{PROGRAM_PATH}:6:10: country: 'Korea' is not valid; expected a two-letter code such as KR"
    ]


def test_yml_extension_is_refused(project):
    write(project, "cases/test-case.yml", CASE)
    assert problems(project) == ["cases/test-case.yml:1:1: use the .yaml extension: rename it to test-case.yaml"]


def test_bad_file_name(project):
    write(project, "cases/My Case.yaml", CASE)
    assert problems(project) == [
        "cases/My Case.yaml:1:1: file name 'My Case' is not a valid record id;"
        " use lower-case ASCII letters, digits and hyphens, such as 'my-case.yaml'"
    ]


def test_index_is_reserved(project):
    write(project, "programs/index.yaml", PROGRAM)
    assert problems(project) == [
        "programs/index.yaml:1:1: 'index' is reserved for the list page; choose another file name"
    ]


def test_other_files_in_a_record_folder_are_refused(project):
    write(project, "cases/notes.txt", "notes")
    assert problems(project) == ["cases/notes.txt:1:1: only .yaml record files belong in cases/"]


def test_tag_that_would_overwrite_the_tag_index(project):
    path = project.config_dir / "taxonomy.yaml"
    text = path.read_text("utf-8")
    line = text.splitlines().index("tags:") + 2
    path.write_text(text.replace("tags:\n", "tags:\n  index: {ko: 색인, en: Index}\n"), "utf-8")
    assert problems(project) == [
        f"site_config/taxonomy.yaml:{line}:3: tags.index: would write the page tags/index.md,"
        " which a built-in page already writes; choose another id"
    ]


def test_badly_named_taxonomy_term(project):
    path = project.config_dir / "taxonomy.yaml"
    text = path.read_text("utf-8")
    line = text.splitlines().index("tags:") + 2
    path.write_text(text.replace("tags:\n", "tags:\n  Big Tag: {ko: 큰 태그, en: Big tag}\n"), "utf-8")
    assert problems(project) == [
        f"site_config/taxonomy.yaml:{line}:3: tags.Big Tag: 'Big Tag' is not a valid name here;"
        " expected lower-case letters, digits and hyphens, such as 'export', or a two-letter country code such as KR"
    ]


def test_load_errors_are_reported_with_schema_errors(project):
    write(project, CASE_PATH, CASE, "year: 2013", "year: &y 2013")
    write(project, PROGRAM_PATH, PROGRAM, "kind: programme", "kind: programm")
    assert problems(project) == [
        f"{CASE_PATH}:28:7: year: anchors (&y) are not allowed; write the value out in full",
        f"{PROGRAM_PATH}:1:7: kind: 'programm' is not a term of 'record_kinds' in site_config/taxonomy.yaml"
        " (did you mean 'programme'?)",
    ]


def test_every_problem_in_every_file_is_reported_sorted(project):
    write(project, PROGRAM_PATH, PROGRAM, "  - program: asti", "  - program: asti\n    name: {ko: 이름}")
    write(project, CASE_PATH, CASE, "year: 2013", "year: 2013\nyear: 2014")
    write(project, "cases/second-case.yaml", CASE, "value: 1000", "value: -5")
    write(project, "cases/third.yml", CASE)
    assert problems(project) == [
        "cases/second-case.yaml:21:12: outcomes[0].value: -5 is too small; expected at least 0",
        "cases/test-case.yaml:29:1: year: duplicate field 'year' (first given at line 28); keep one",
        "cases/third.yml:1:1: use the .yaml extension: rename it to third.yaml",
        f"{PROGRAM_PATH}:17:5: networks[0]: does not fit; expected either 'program' (a record id) or 'name', not both",
        f"{PROGRAM_PATH}:18:5: networks[0].name.en: required field 'en' is missing; add it",
    ]
