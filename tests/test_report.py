"""`python -m generator report`: records due for review, and missing or untranslated text."""

from __future__ import annotations

import datetime
import re

import pytest
from project_copy import keep_article_records

from generator.authoring.report import review_report, text_findings
from generator.cli import main


def run(project, *args: str) -> int:
    return main(["--root", str(project.root), *args])


def line_of(path, prefix: str) -> int:
    """The 1-based line of the first line of `path` that starts with `prefix`."""
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(prefix))


def set_field(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def long_freshness(project) -> None:
    """The bundled records cite a 2013 article: with a limit of 20 years its facts still count as current."""
    set_field(project.root / "site_config" / "site.yaml", 'freshness_years: "2"', 'freshness_years: "20"')


@pytest.fixture
def project(project):
    """The article's records only: exact report output, without the catalogue's many unchecked links."""
    return keep_article_records(project)


def test_bundled_records_have_nothing_to_report_on_their_review_day(project, capsys):
    long_freshness(project)
    reviewed = max(
        line.split('"')[1]
        for path in (project.root / "cases").glob("*.yaml")
        for line in path.read_text("utf-8").splitlines()
        if line.startswith("last_reviewed:")
    )
    assert run(project, "report", "--today", reviewed) == 0
    assert capsys.readouterr().out == "Nothing to report.\n"


def test_old_reviews_are_listed_with_their_line(project, capsys):
    path = project.root / "cases" / "charmcare-france-supply.yaml"
    set_field(path, 'last_reviewed: "2026-11-28"', 'last_reviewed: "2024-01-15"')
    long_freshness(project)
    assert run(project, "report", "--today", "2025-03-01", "--older-than", "400") == 0
    out = capsys.readouterr().out
    line = line_of(path, "last_reviewed:")
    assert out.splitlines()[:2] == [
        "Records last reviewed more than 400 days before 2025-03-01:",
        f"  cases/charmcare-france-supply.yaml:{line}:16: last_reviewed: last reviewed 2024-01-15 (411 days ago)",
    ]
    assert out.endswith("1 finding.\n")


def test_default_age_is_a_year(project):
    today = datetime.date(2027, 11, 28)
    report = review_report(project, today=today)
    assert report.stale == ()
    later = today + datetime.timedelta(days=1)
    report = review_report(project, today=later)
    records = [*project.root.glob("programs/*.yaml"), *project.root.glob("cases/*.yaml")]
    reviewed = {p: re.search(r'^last_reviewed: "(.*)"$', p.read_text("utf-8"), re.M).group(1) for p in records}
    due = [p for p, day in reviewed.items() if (later - datetime.date.fromisoformat(day)).days > 365]
    assert due and len(report.stale) == len(due)


def test_untranslated_text_is_listed(project, capsys):
    path = project.root / "cases" / "knr-systems-link-partnership.yaml"
    set_field(path, "    en: KNR Systems\n", "    en: 케이엔알시스템\n")
    set_field(path, "    ko: 시험기기\n", "    ko: Test equipment for plants\n")
    long_freshness(project)
    assert run(project, "report", "--today", "2026-11-28") == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Text missing or not translated:",
        f"  cases/knr-systems-link-partnership.yaml:{line_of(path, '    en: 케이엔알')}:9: company.name.en: "
        + HANGUL_IN_EN.replace("지식 멘토링 프로그램 (KISTI)", "케이엔알시스템"),
        f"  cases/knr-systems-link-partnership.yaml:{line_of(path, '    ko: Test equipment')}:9: company.makes.ko: "
        + NO_HANGUL,
        "",
        "2 findings.",
    ]


def test_placeholders_left_by_new_are_listed(project, capsys):
    assert run(project, "new", "case", "draft-story") == 0
    capsys.readouterr()
    assert run(project, "report") == 0
    out = capsys.readouterr().out
    assert "cases/draft-story.yaml:9:7: title.ko: still holds a placeholder (TODO: ...)" in out
    assert "cases/draft-story.yaml:10:7: title.en: still holds a placeholder (TODO: ...)" in out


def test_a_record_that_cannot_be_read_does_not_stop_the_report(project, capsys):
    (project.root / "cases" / "broken.yaml").write_text("title: [unclosed\n", "utf-8")
    assert run(project, "report", "--today", "2026-11-28") == 0
    out = capsys.readouterr().out
    assert "Records that cannot be read (run: python -m generator validate):\n  cases/broken.yaml:" in out


def test_missing_text_and_dates_are_listed(project):
    path = project.root / "cases" / "charmcare-france-supply.yaml"
    set_field(path, "    en: Charmcare\n", "")
    set_field(path, 'last_reviewed: "2026-11-28"\n', "")
    report = review_report(project, today=datetime.date(2026, 11, 28))
    assert [(d.path, d.field, d.message) for d in report.stale] == [
        ("cases/charmcare-france-supply.yaml", "last_reviewed", "has no last-reviewed date")
    ]
    assert [(d.field, d.message) for d in report.text] == [("company.name.en", "the English text is missing")]


SAME = "the Korean and English texts are the same; translate one of them"
NO_HANGUL = (
    "has no Korean (Hangul) letters but 4 words in another script; write it in Korean "
    "(only a name of up to 3 words, codes and addresses may stand alone)"
)
HANGUL_IN_EN = (
    'has Hangul letters outside brackets ("지식 멘토링 프로그램 (KISTI)"); write the English text, '
    "or put a name or original title in brackets, as in: Hanbit Precision (한빛정밀)"
)


@pytest.mark.parametrize(
    ("ko", "en", "expected"),
    [
        ("지식멘토링", "Knowledge mentoring", []),
        ("KISTI", "KISTI", []),
        ("TNO SBIR", "TNO SBIR", []),
        ("ACE", "ACE", []),
        ("링크(Link)", "Link", []),
        ("박영서", "Park Yeong-seo (박영서)", []),
        ("멘토링", "멘토링", [("en", SAME), ("en", HANGUL_IN_EN.replace("지식 멘토링 프로그램 (KISTI)", "멘토링"))]),
        ("Mentoring", "Mentoring", [("en", "the Korean and English texts are the same; translate one of them")]),
        ("Mentoring", "mentoring", []),  # a word or a short name may stand in Latin letters
        ("Mentoring for small firms", "Mentoring for small firms", [("en", SAME), ("ko", NO_HANGUL)]),
        ("Mentoring for small firms", "Mentoring", [("ko", NO_HANGUL)]),
        ("멘토링", "지식 멘토링 프로그램 (KISTI)", [("en", HANGUL_IN_EN)]),
        ("", "x", [("ko", "the Korean text is missing")]),
        (
            "TODO: 제목",
            "TODO: title",
            [("ko", "still holds a placeholder (TODO: ...)"), ("en", "still holds a placeholder (TODO: ...)")],
        ),
    ],
)
def test_text_findings(ko, en, expected):
    assert text_findings({"ko": ko, "en": en}) == expected


@pytest.mark.parametrize("args", [["--today", "28-11-2026"], ["--older-than", "a year"], ["--older-than", "-5"]])
def test_bad_options_are_usage_errors(project, capsys, args):
    with pytest.raises(SystemExit) as caught:
        run(project, "report", *args)
    assert caught.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_ci_mode_fails_on_placeholders(project, capsys):
    assert run(project, "report", "--ci", "--today", "2026-11-28") == 0
    assert run(project, "new", "case", "draft-story") == 0
    capsys.readouterr()
    assert run(project, "report", "--today", "2026-11-28") == 0
    assert run(project, "report", "--ci", "--today", "2026-11-28") == 1
    out = capsys.readouterr().out
    title = "Not to be published as it is (python -m generator validate refuses it):"
    assert f"{title}\n  cases/draft-story.yaml:9:7:" in out


def test_ci_mode_fails_on_a_record_that_cannot_be_read(project, capsys):
    (project.root / "cases" / "broken.yaml").write_text("title: [unclosed\n", "utf-8")
    assert run(project, "report", "--ci", "--today", "2026-11-28") == 1


def test_a_records_folder_that_is_a_file_is_reported(project, capsys):
    import shutil

    shutil.rmtree(project.root / "cases")
    (project.root / "cases").write_text("", "utf-8")
    assert run(project, "report", "--ci", "--today", "2026-11-28") == 1
    assert "  cases:1:1: is not a folder of .yaml record files" in capsys.readouterr().out


def test_a_proper_name_may_read_the_same_in_both_languages():
    """A foreign company's name is written in Latin letters in Korean too; other text must be translated."""
    from generator.authoring.report import text_findings

    assert text_findings({"ko": "CorWave", "en": "CorWave"}, proper_name=True) == []
    assert text_findings({"ko": "Heart pumps", "en": "Heart pumps"}) != []


def test_old_facts_and_sources_are_listed_against_the_freshness_limit(project, capsys):
    path = project.root / "programs" / "tno-sbir.yaml"
    assert run(project, "report", "--today", "2015-12-31") == 0
    out = capsys.readouterr().out  # 2013 is current until the end of 2015; the 2009 figures are not
    assert "tno-sbir.yaml:72:12: reach[0].as_of: as of 2009, older than 2 years" in out
    assert "status.as_of" not in out and "Records whose sources" not in out
    assert run(project, "report", "--today", "2016-01-01") == 0
    out = capsys.readouterr().out
    status = line_of(path, "  as_of:")
    sources = line_of(path, "sources:") + 1
    assert "Facts dated more than 2 years before 2016-01-01:" in out
    assert f"  programs/tno-sbir.yaml:{status}:10: status.as_of: as of 2013, older than 2 years" in out
    assert "Records whose sources are all more than 2 years old:" in out
    assert (
        f"  programs/tno-sbir.yaml:{sources}:3: sources: every source is older than 2 years (the newest is from 2013)"
    ) in out


def test_the_freshness_limit_comes_from_site_yaml(project):
    set_field(project.root / "site_config" / "site.yaml", 'freshness_years: "2"', 'freshness_years: "3"')
    report = review_report(project, today=datetime.date(2016, 1, 1))
    assert (report.years, report.old_sources) == (3, ())
    assert [d.field for d in report.old_facts] == ["reach[0].as_of", "reach[1].as_of", "reach[2].as_of"]
    assert review_report(project, today=datetime.date(2017, 1, 1)).old_sources


def test_links_not_checked_for_a_year_are_listed(project):
    path = project.root / "programs" / "tno-sbir.yaml"
    set_field(
        path,
        "sources:\n",
        "links:\n"
        '  - kind: official\n    url: https://example.org/a\n    language: en\n    checked: "2024-01-01"\n'
        "  - kind: official\n    url: https://example.org/b\n    language: en\n"
        '  - kind: official\n    url: https://example.org/c\n    language: en\n    checked: "2024-06-01"\n'
        "sources:\n",
    )
    found = review_report(project, today=datetime.date(2025, 3, 1)).unchecked_links
    first = line_of(path, "links:")
    assert [d.format() for d in found] == [
        f"programs/tno-sbir.yaml:{first + 4}:14: links[0].checked: last checked 2024-01-01 (425 days ago)",
        f"programs/tno-sbir.yaml:{first + 6}:10: links[1].url: never checked",
    ]


def test_markdown_report_for_a_job_summary(project, capsys):
    assert run(project, "report", "--today", "2016-01-01", "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert out.startswith("## Record report (2016-01-01)\n\n### Facts dated more than 2 years before 2016-01-01 (")
    assert "- `programs/tno-sbir.yaml:" in out
    assert "status.as\\_of: as of 2013, older than 2 years" in out
