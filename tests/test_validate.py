"""Validation: schema and cross-record checks, each with its exact message.

Each test writes a small valid record (below) into a copy of the project, changes one
thing, and checks the one message that change gives; the line numbers are those of the
records as written here.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from generator.diagnostics import ContentError
from generator.project import Project
from generator.records.load import load_file
from generator.records.validate import validate_catalogue

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
  - {program: kisti-knowledge-mentoring, certainty: suggested}
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
  - {id: article, kind: news, title: 기사, read: 2026-01-31,
     url: https://example.org/article}
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
  sectors: [not-stated]
cost: {model: free}
delivery: {model: one-to-one-mentoring}
networks:
  - program: asti
status: {value: active, as_of: "2013"}
sources:
  - {id: article, kind: news, title: 기사}
last_reviewed: 2026-01-31
"""

CASE_FIELDS = (
    "company, language_exceptions, last_reviewed, markets, outcomes, partners, programs, quote, sectors, sources,"
    " story, summary, tags, title, year"
)


#: The valid tags, which a message about a bad tag lists.
TAGS = list(load_file(Path(__file__).parent.parent / "site_config/taxonomy.yaml", "taxonomy").data["tags"])


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
    write(project, CASE_PATH, CASE, "title: 기사,", "title: [기사, 글],")
    assert problems(project) == [f"{CASE_PATH}:30:38: sources[0].title: expected text, got a list"]


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
        f"{CASE_PATH}:31:11: sources[0].url: '{url}' is not valid; expected an https:// address (links must use https)"
    ]


def test_misspelt_taxonomy_term_suggests_the_nearest(project):
    write(project, CASE_PATH, CASE, "  - export", "  - exports")
    assert problems(project) == [
        f"{CASE_PATH}:34:5: tags[0]: 'exports' is not a term of 'tags' in site_config/taxonomy.yaml"
        " (did you mean 'export'?); expected one of: " + ", ".join(TAGS)
    ]


def test_case_refers_to_a_programme_that_does_not_exist(project):
    write(project, CASE_PATH, CASE, "kisti-knowledge-mentoring", "kisti-knowledge-mentorin")
    assert problems(project) == [
        f"{CASE_PATH}:16:15: programs[0].program: no programme record 'kisti-knowledge-mentorin' exists in programs/"
        " (did you mean 'kisti-knowledge-mentoring'?)"
    ]


def test_dangling_network_reference(project):
    write(project, PROGRAM_PATH, PROGRAM, "program: asti", "program: asty")
    assert problems(project) == [
        f"{PROGRAM_PATH}:17:14: networks[0].program: no programme record 'asty' exists in programs/"
        " (did you mean 'asti'?)"
    ]


def test_reference_to_a_record_that_fails_its_schema_is_not_dangling(project):
    write(project, PROGRAM_PATH, PROGRAM, "country: KR", "country: Korea")
    write(project, CASE_PATH, CASE, "kisti-knowledge-mentoring", "test-programme")
    assert problems(project) == [
        f"{PROGRAM_PATH}:6:10: country: 'Korea' is not valid; expected a two-letter ISO 3166-1 code such as FR,"
        " or a region id of site_config/places.yaml such as europe"
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
        " (did you mean 'programme'?); expected one of: programme, network",
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


@pytest.mark.parametrize(
    "url", ["https://example.org/<b>x</b>", "https://example.org/a\\\\b", "https://example.org/a\\u200b"]
)
def test_url_must_be_a_uri(project, url):
    write(project, CASE_PATH, CASE, "url: https://example.org/article", f'url: "{url}"')
    shown = url.replace("\\\\", "\\").replace("\\u200b", "\u200b")
    assert problems(project) == [
        f"{CASE_PATH}:31:11: sources[0].url: '{shown}' is not valid;"
        " expected an https:// address (links must use https)"
    ]


def test_a_date_ending_in_a_line_break_is_refused(project):
    write(project, CASE_PATH, CASE, "      en: units\n", '      en: units\n    date: "2013\\n"\n')
    assert problems(project) == [
        f"{CASE_PATH}:25:11: outcomes[0].date: '2013' (with a space or line break at an end) is not valid;"
        " expected a year such as 2013, a year-month such as 2013-02, or a date such as 2013-02-01"
    ]


def test_a_url_ending_in_a_line_break_is_refused(project):
    write(project, CASE_PATH, CASE, "url: https://example.org/article", 'url: "https://example.org/article\\n"')
    assert set(problems(project)) == {
        f"{CASE_PATH}:31:11: sources[0].url: 'https://example.org/article' (with a space or line break at an end)"
        " is not valid;"
        " expected an https:// address (links must use https)"
    }


@pytest.mark.parametrize("name", [" ", "\\u200b", "\\u3164", "\\u2060", "\\u00a0\\u200b "])
def test_a_name_of_only_spaces_or_invisible_characters_is_refused(project, name):
    write(project, CASE_PATH, CASE, "ko: 시험 사례", f'ko: "{name}"')
    codes = ", ".join(f"U+{ord(ch):04X}" for ch in name.encode().decode("unicode_escape"))
    assert problems(project) == [
        f"{CASE_PATH}:2:7: title.ko: text of only spaces or invisible characters ({codes}) is not valid;"
        " expected text with at least one visible character"
    ]


def test_a_source_title_of_only_invisible_characters_is_refused(project):
    write(project, CASE_PATH, CASE, "title: 기사,", 'title: "\\u200b",')
    assert problems(project) == [
        f"{CASE_PATH}:30:38: sources[0].title: text of only spaces or invisible characters (U+200B) is not valid;"
        " expected text with at least one visible character"
    ]


def test_a_programme_cannot_draw_on_itself(project):
    write(project, PROGRAM_PATH, PROGRAM, "program: asti", "program: test-programme")
    assert problems(project) == [
        f"{PROGRAM_PATH}:17:14: networks[0].program: 'test-programme' is this record itself;"
        " a programme cannot draw on itself"
    ]


def test_a_programme_draws_on_another_only_once(project):
    write(project, PROGRAM_PATH, PROGRAM, "  - program: asti\n", "  - program: asti\n  - program: asti\n")
    assert problems(project) == [
        f"{PROGRAM_PATH}:18:14: networks[1].program: 'asti' is already listed at networks[0]; keep one"
    ]


def test_a_process_of_more_than_30_steps_is_refused(project):
    steps = "".join(f"  - name: {{ko: 단계 {i}, en: Step {i}}}\n" for i in range(31))
    write(project, PROGRAM_PATH, PROGRAM, "networks:\n", f"process:\n{steps}networks:\n")
    assert problems(project) == [f"{PROGRAM_PATH}:17:3: process: has 31 items; expected at most 30"]


def test_a_review_date_after_the_build_date_is_refused(project):
    write(project, CASE_PATH, CASE, "last_reviewed: 2026-01-31", "last_reviewed: 9999-12-31")
    with pytest.raises(ContentError) as info:  # a build date after every date the bundled records give
        validate_catalogue(project, today=datetime.date(2030, 12, 1))
    assert [d.format() for d in info.value.diagnostics] == [
        f"{CASE_PATH}:32:16: last_reviewed: 9999-12-31 is after today (2030-12-01);"
        " a review date cannot lie in the future"
    ]


def test_a_review_date_one_day_ahead_is_allowed_for_time_zones(project):
    write(project, CASE_PATH, CASE, "last_reviewed: 2026-01-31", "last_reviewed: 2030-12-02")
    validate_catalogue(project, today=datetime.date(2030, 12, 1))


def test_minus_zero_is_zero(project):
    write(project, CASE_PATH, CASE, "value: 1000", "value: -0.0")
    outcome = validate_catalogue(project).case_by_id["test-case"].outcomes[0]
    assert str(outcome.value) == "0.0"


def test_rich_text_nested_too_deeply_to_render_is_refused(project):
    write(project, CASE_PATH, CASE, "  en: Story", '  en: "' + "> " * 25 + 'deep"')
    assert problems(project) == [
        f"{CASE_PATH}:27:7: story.en: nests lists or quotes so deeply that the deepest text would not be shown;"
        " nest them less"
    ]


def test_a_placeholder_is_refused(project):
    write(project, CASE_PATH, CASE, "title: 기사,", 'title: "TODO: title",')
    assert problems(project) == [
        f"{CASE_PATH}:30:38: sources[0].title: is still a placeholder (the text 'TODO: title'); write the real value"
    ]


def test_a_record_folder_that_is_a_file_is_refused(project):
    import shutil

    shutil.rmtree(project.root / "cases")
    (project.root / "cases").write_text("", "utf-8")
    assert problems(project) == ["cases:1:1: is not a folder; cases/ must be a folder of .yaml record files"]


def test_a_schema_file_that_is_not_json_is_a_message(project):
    path = project.schema_dir / "common.schema.json"
    path.write_text(path.read_text("utf-8").replace('"$defs": {', '"$defs": {,', 1), "utf-8")
    assert problems(project) == [
        "site_config/schema/common.schema.json:5:13: schema file is not valid JSON:"
        " Expecting property name enclosed in double quotes"
    ]


def test_a_schema_file_that_is_not_a_schema_is_a_message(project):
    path = project.schema_dir / "case.schema.json"
    path.write_text(path.read_text("utf-8").replace('"type": "object"', '"type": "mapping"', 1), "utf-8")
    [message] = problems(project)
    assert message.startswith("site_config/schema/case.schema.json:1:1: type: is not a valid JSON Schema")


def test_a_schema_with_a_broken_reference_is_a_message(project):
    path = project.schema_dir / "case.schema.json"
    path.write_text(path.read_text("utf-8").replace("#/$defs/text", "#/$defs/txt", 1), "utf-8")
    assert problems(project) == [
        "site_config/schema/case.schema.json:1:1: the schema cannot be used: Pointer '/$defs/txt' does not exist"
    ]


def test_the_derived_countries_are_every_place_the_records_name(project):
    """The catalogue takes its places from the checked references: the same as searching every record's data."""
    from generator.model import place_codes
    from generator.records.load import load_file

    named = set()
    calls = project.calls_dir.glob("*/*.yaml")
    for path in [*project.record_dir("program").glob("*.yaml"), *project.record_dir("case").glob("*.yaml"), *calls]:
        named.update(place_codes(load_file(path, path.name).data))
    assert set(validate_catalogue(project).taxonomy["countries"]) == named


def test_display_is_the_path_from_the_project_root(project):
    for path in (project.root / "programs" / "a.yaml", project.root, project.root.parent / "elsewhere.yaml"):
        try:
            expected = path.relative_to(project.root).as_posix()
        except ValueError:
            expected = path.as_posix()
        assert project.display(path) == expected


@pytest.mark.parametrize("given", ["none", "not-stated", "in-kind"])
def test_amounts_beside_a_funding_that_gives_no_money_are_refused(project, given):
    funding = f"funding:\n  given: {given}\n  amounts:\n    - {{max: 1000, currency: EUR}}\n  covers_percent: 50\n"
    write(project, PROGRAM_PATH, PROGRAM + funding)
    line = PROGRAM.count("\n") + 4  # the list item under amounts:
    assert problems(project) == [
        f"{PROGRAM_PATH}:{line}:5: funding.amounts: is not allowed here; expected amounts only with given: amounts "
        "(pages show given, the open data the amounts); change given to amounts, or remove the amounts",
        f"{PROGRAM_PATH}:{line + 1}:19: funding.covers_percent: is not allowed here; expected a share of the costs "
        "only with given: amounts; change given to amounts, or remove covers_percent",
    ]


@pytest.mark.parametrize("given", ["none", "not-stated"])
def test_services_in_kind_beside_no_funding_are_refused(project, given):
    write(project, PROGRAM_PATH, PROGRAM + f"funding:\n  given: {given}\n  in_kind: {{ko: 멘토링, en: Mentoring}}\n")
    line = PROGRAM.count("\n") + 3
    assert problems(project) == [
        f"{PROGRAM_PATH}:{line}:12: funding.in_kind: is not allowed here; expected services in kind only with "
        "given: in-kind or amounts; change given, or remove in_kind",
    ]


def test_amounts_with_given_amounts_are_valid(project):
    funding = "funding:\n  given: amounts\n  amounts:\n    - {max: 1000, currency: EUR}\n  covers_percent: 50\n"
    write(project, PROGRAM_PATH, PROGRAM + funding)
    assert "test-programme" in {p.id for p in validate_catalogue(project).programs}


def test_a_case_links_a_programme_once(project):
    second = "  - {program: kisti-knowledge-mentoring, certainty: suggested}\n"
    write(project, CASE_PATH, CASE, second, second + second.replace("suggested", "confirmed"))
    assert problems(project) == [
        f"{CASE_PATH}:17:15: programs[1].program: 'kisti-knowledge-mentoring' is already linked at programs[0]; "
        "keep one link, with one certainty"
    ]


def test_a_citation_whose_locator_holds_an_ampersand_validates_and_renders_as_a_citation(project):
    from generator.pipeline import check
    from generator.render.pages import render_catalogue

    story = '  en: Story [@article, p. 3 & 4] and [@article, "Results"].\n'
    write(project, CASE_PATH, CASE, "  en: Story\n", story)
    files = render_catalogue(project, *check(project), today=datetime.date(2026, 3, 1))
    page = files["en/cases/test-case.md"].decode()
    assert "[@article" not in page
    assert '<a href="#source-1" title="p. 3 &amp; 4">[1]</a>' in page
    assert '<a href="#source-1" title="&quot;Results&quot;">[1]</a>' in page


@pytest.mark.parametrize("locator", ["p. *3*", "`p. 3`", "p. 3\\\\4"])
def test_a_citation_that_markdown_would_change_is_refused(project, locator):
    write(project, CASE_PATH, CASE, "  en: Story\n", f"  en: 'Story [@article, {locator}]'\n")
    assert problems(project) == [
        f"{CASE_PATH}:27:7: story.en: has the inline citation [@article, {locator}], "
        "which the page would show as typed: Markdown inside its locator (such as *, _, ` or a backslash) "
        "changes it; expected a locator in plain words, such as [@id, p. 3 & 4]"
    ]


def test_an_email_only_one_validator_refused_names_its_field(project):
    contact = "contact:\n  office: {ko: 창구, en: Desk}\n  email: info..desk@example.org\n"
    write(project, PROGRAM_PATH, PROGRAM + contact)
    line = PROGRAM.count("\n") + 3
    assert problems(project) == [
        f"{PROGRAM_PATH}:{line}:10: contact.email: 'info..desk@example.org' is not valid; "
        "expected an e-mail address such as info@example.org"
    ]
