"""The language check at validate time (issue 23): a text's script must fit its language.

The rule is in generator/records/language_check.py and docs/dev/record-format.md; `report` uses it too.
"""

from __future__ import annotations

import pytest
from test_validate import CASE, CASE_PATH, problems, write

from generator.languages import language
from generator.records.language_check import script_problem
from generator.records.validate import validate_catalogue

KOREAN_SUMMARY = "한빛정밀이 독일에 부품을 납품했습니다."
HANGUL_IN_EN = (
    'has Hangul letters outside brackets ("{}"); write the English text, '
    "or put a name or original title in brackets, as in: Hanbit Precision (한빛정밀)"
)


def test_korean_in_an_english_summary_is_refused_with_its_position(project):
    write(project, CASE_PATH, CASE, "  en: Summary\n", f'  en: "{KOREAN_SUMMARY}"\n')
    assert problems(project) == [f"{CASE_PATH}:6:7: summary.en: " + HANGUL_IN_EN.format(KOREAN_SUMMARY)]


def test_a_proper_name_in_brackets_passes(project):
    write(project, CASE_PATH, CASE, "  en: Summary\n", "  en: Hanbit Precision (한빛정밀) supplied parts to Germany.\n")
    assert "test-case" in {c.id for c in validate_catalogue(project).cases}


def test_latin_prose_in_a_korean_value_is_refused(project):
    write(project, CASE_PATH, CASE, "  ko: 요약\n", "  ko: Hanbit supplied parts to Germany.\n")
    assert problems(project) == [
        f"{CASE_PATH}:5:7: summary.ko: has no Korean (Hangul) letters but 5 words in another script; "
        "write it in Korean (only a name of up to 3 words, codes and addresses may stand alone)"
    ]


EXCEPTION = """\
language_exceptions:
  - field: summary.en
    reason: The company asked that its Korean slogan be quoted as it is.
"""


def test_a_listed_exception_lets_the_text_through(project):
    text = CASE.replace("  en: Summary\n", f'  en: "{KOREAN_SUMMARY}"\n') + EXCEPTION
    write(project, CASE_PATH, text)
    case = next(c for c in validate_catalogue(project).cases if c.id == "test-case")
    assert [(e.field, e.reason) for e in case.language_exceptions] == [
        ("summary.en", "The company asked that its Korean slogan be quoted as it is.")
    ]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("summary.en", "'summary.en' passes the language check; remove this exception"),
        ("summery.en", "'summery.en' names no text of this record; expected the path of a text, such as summary.en"),
    ],
)
def test_an_exception_that_is_not_needed_is_refused(project, field, message):
    write(project, CASE_PATH, CASE + EXCEPTION.replace("summary.en", field))
    line = CASE.count("\n") + 2
    assert problems(project) == [f"{CASE_PATH}:{line}:12: language_exceptions[0].field: {message}"]


def test_an_exception_needs_a_reason(project):
    write(project, CASE_PATH, CASE + "language_exceptions:\n  - field: summary.en\n")
    line = CASE.count("\n") + 2
    missing, unneeded = problems(project)  # every problem in one run: this exception is not needed either
    assert missing.startswith(f"{CASE_PATH}:{line}:5: language_exceptions[0].reason: required field 'reason'")
    assert unneeded.endswith("'summary.en' passes the language check; remove this exception")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "Park Yeong-seo (박영서)"),
        ("en", "The column 「중소기업 멘토링」 was read in Korean."),
        ("en", "Support for SMEs [@article-2013, p. 3]"),
        ("ko", "CorWave"),
        ("ko", "Horizon Europe"),
        ("ko", "KISTI R&D TRL 6-8"),
        ("ko", "https://www.kisti.re.kr/ and info@kisti.re.kr"),
        ("ko", "2013"),
        ("ko", "EIC 액셀러레이터"),
    ],
)
def test_what_fits_its_language_passes(code, text):
    assert script_problem(language(code), text) is None


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "한빛정밀 supplied parts"),
        ("en", "Supplied (parts) to 독일"),
        ("en", "An unclosed (한빛정밀 bracket"),
        ("ko", "Mentoring for small firms"),
    ],
)
def test_what_does_not_fit_is_refused(code, text):
    assert script_problem(language(code), text) is not None
