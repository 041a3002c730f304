"""`validate` gives every problem in one run (issue 23), in the contributor's language.

One case below has one error of every kind: an unknown field, a value of the wrong type, a term
that is not in the taxonomy, a programme that does not exist, a citation of no source, a date
that does not exist, a date of the wrong form and a country code that is not one. A record that
fails its schema is still checked for everything else, so all of them come in the first run.
"""

from __future__ import annotations

import re

from test_validate import CASE, CASE_PATH, write

from generator.cli import main

BROKEN = (
    CASE.replace("title:\n", "colour: red\ntitle:\n", 1)
    .replace("  country: KR\n", "  country: KX\n", 1)
    .replace("kisti-knowledge-mentoring", "kisti-knowledge-mentorin", 1)
    .replace("    value: 1000\n", "    value: 1000\n    cites: [artcle]\n", 1)
    .replace("year: 2013", "year: twenty", 1)
    .replace("read: 2026-01-31,", 'read: "2026-13-01", date: "2012-02-30", kind: newspaper,', 1)
    .replace("{id: article, kind: news,", "{id: article,", 1)
    .replace("  - export\n", "  - exports\n", 1)
)

ENGLISH = [
    "cases/test-case.yaml:1:1: colour: unknown field 'colour'; allowed here: company, language_exceptions,"
    " last_reviewed, markets, outcomes, partners, programs, quote, sectors, sources, story, summary, tags, title, year",
    "cases/test-case.yaml:15:12: company.country: 'KX' is not an ISO 3166-1 country code; expected a code such"
    " as KR or FR, or a region id",
    "cases/test-case.yaml:17:15: programs[0].program: no programme record 'kisti-knowledge-mentorin' exists in"
    " programs/ (did you mean 'kisti-knowledge-mentoring'?)",
    "cases/test-case.yaml:23:13: outcomes[0].cites[0]: 'artcle' is not the id of a source of this record"
    " (did you mean 'article'?); expected one of: article",
    "cases/test-case.yaml:30:7: year: expected a whole number (digits only, such as 250), got the text 'twenty'",
    "cases/test-case.yaml:32:36: sources[0].read: '2026-13-01' is not valid; expected a date written YYYY-MM-DD",
    "cases/test-case.yaml:32:56: sources[0].date: 2012-02-30 is not a day of the calendar;"
    " expected a date that exists, such as 2012-02-29",
    "cases/test-case.yaml:32:76: sources[0].kind: 'newspaper' is not a term of 'source_kinds' in"
    " site_config/taxonomy.yaml (did you mean 'news'?); expected one of: operator-page, news, column, report,"
    " portal, press-release, paper, law",
    "cases/test-case.yaml:36:5: tags[0]: 'exports' is not a term of 'tags' in site_config/taxonomy.yaml"
    " (did you mean 'export'?); expected one of: ",
]

KOREAN = [
    "cases/test-case.yaml:1:1: colour: 알 수 없는 항목 'colour'입니다. 여기에 쓸 수 있는 항목: company,"
    " language_exceptions, last_reviewed, markets, outcomes, partners, programs, quote, sectors, sources, story,"
    " summary, tags, title, year",
    "cases/test-case.yaml:15:12: company.country: 'KX'은(는) ISO 3166-1 국가 코드가 아닙니다. KR, FR 같은 코드나"
    " 지역 id여야 합니다",
    "cases/test-case.yaml:17:15: programs[0].program: programs/ 폴더에 프로그램 레코드 'kisti-knowledge-mentorin'이(가)"
    " 없습니다 ('kisti-knowledge-mentoring'을(를) 쓰려던 것인가요?)",
    "cases/test-case.yaml:23:13: outcomes[0].cites[0]: 'artcle'은(는) 이 레코드의 출처 id가 아닙니다"
    " ('article'을(를) 쓰려던 것인가요?). 다음 중 하나여야 합니다: article",
    "cases/test-case.yaml:30:7: year: 정수이어야 하는데(250처럼 숫자만) 글 'twenty'입니다",
    "cases/test-case.yaml:32:36: sources[0].read: '2026-13-01'은(는) 올바르지 않습니다."
    " 기대하는 값: YYYY-MM-DD 형식의 날짜",
    "cases/test-case.yaml:32:56: sources[0].date: 2012-02-30은(는) 달력에 없는 날입니다."
    " 2012-02-29처럼 실제 있는 날짜를 쓰세요",
    "cases/test-case.yaml:32:76: sources[0].kind: 'newspaper'은(는) site_config/taxonomy.yaml의 'source_kinds' 용어가"
    " 아닙니다 ('news'을(를) 쓰려던 것인가요?). 다음 중 하나여야 합니다: operator-page, news, column, report, portal,"
    " press-release, paper, law",
    "cases/test-case.yaml:36:5: tags[0]: 'exports'은(는) site_config/taxonomy.yaml의 'tags' 용어가 아닙니다"
    " ('export'을(를) 쓰려던 것인가요?). 다음 중 하나여야 합니다: ",
]


def _validate(project, capsys, *args: str) -> list[str]:
    assert main(["--root", str(project.root), "validate", *args]) == 1
    lines = capsys.readouterr().err.splitlines()
    return lines


def _matches(lines: list[str], expected: list[str]) -> None:
    """Each problem exactly as expected (the tag lists end with every valid tag), and nothing else."""
    assert len(lines) == len(expected), lines
    for line, want in zip(lines, expected, strict=True):
        assert line.startswith(want) if want.endswith(": ") else line == want, (line, want)


def test_one_run_reports_an_error_of_every_kind_in_english(project, capsys):
    write(project, CASE_PATH, BROKEN)
    lines = _validate(project, capsys, "--lang", "en")
    _matches(lines[:-1], ENGLISH)
    assert lines[-1] == "9 problems found; nothing was built."


def test_one_run_reports_an_error_of_every_kind_in_korean(project, capsys):
    write(project, CASE_PATH, BROKEN)
    lines = _validate(project, capsys, "--lang", "ko")
    _matches(lines[:-1], KOREAN)
    assert lines[-1] == "문제 9개를 찾았습니다. 아무것도 만들지 않았습니다."


def test_the_language_follows_the_locale(project, capsys, monkeypatch):
    write(project, CASE_PATH, BROKEN)
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")
    assert _validate(project, capsys)[:-1][4] == KOREAN[4]
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert _validate(project, capsys)[:-1][4] == ENGLISH[4]
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # a locale of no language of the site: the registry's first
    assert _validate(project, capsys)[:-1][4] == KOREAN[4]
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert _validate(project, capsys)[:-1][4] == ENGLISH[4]


def test_machine_formats_keep_their_shape_in_korean(project, capsys):
    write(project, CASE_PATH, BROKEN)
    assert main(["--root", str(project.root), "validate", "--lang", "ko", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[4] == "::error file=cases/test-case.yaml,line=30,col=7,title=year::" + KOREAN[4].split("year: ", 1)[1]
    assert all(re.match(r"::error file=cases/test-case\.yaml,line=\d+,col=\d+,title=", line) for line in out)


def test_a_commands_language_holds_for_that_command_only(project):
    """`validate --lang ko` does not leave later messages of the same process in Korean."""
    from generator.texts import say

    assert main(["--root", str(project.root), "validate", "--lang", "ko"]) == 0
    assert say("must_not_be_empty") == "must not be empty"
