"""`python -m generator report`: records due for review, and missing or untranslated text."""

from __future__ import annotations

import datetime

import pytest
import yaml

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


def test_bundled_records_have_nothing_to_report_on_their_review_day(project, capsys):
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
    assert run(project, "report", "--today", "2025-03-01", "--older-than", "400") == 0
    out = capsys.readouterr().out
    line = line_of(path, "last_reviewed:")
    assert out.splitlines()[:2] == [
        "Records last reviewed more than 400 days before 2025-03-01:",
        f"  cases/charmcare-france-supply.yaml:{line}:16: last_reviewed: last reviewed 2024-01-15 (411 days ago)",
    ]
    assert out.endswith("1 finding.\n")


def test_default_age_is_a_year(project):
    records = [*project.root.glob("programs/*.yaml"), *project.root.glob("cases/*.yaml")]
    reviewed = [
        datetime.date.fromisoformat(str(yaml.safe_load(p.read_text("utf-8"))["last_reviewed"])) for p in records
    ]
    report = review_report(project, today=min(reviewed) + datetime.timedelta(days=365))
    assert report.stale == ()
    report = review_report(project, today=max(reviewed) + datetime.timedelta(days=366))
    assert len(report.stale) == len(records)


def test_untranslated_text_is_listed(project, capsys):
    path = project.root / "cases" / "knr-systems-link-partnership.yaml"
    set_field(path, "    en: KNR Systems\n", "    en: 케이엔알시스템\n")
    set_field(path, "    ko: 시험기기\n", "    ko: Test equipment\n")
    assert run(project, "report", "--today", "2026-11-28") == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Text missing or not translated:",
        f"  cases/knr-systems-link-partnership.yaml:{line_of(path, '    en: 케이엔알')}:9: company.name.en: "
        "the Korean and English texts are the same; translate one of them",
        f"  cases/knr-systems-link-partnership.yaml:{line_of(path, '    ko: Test equipment')}:9: company.makes.ko: "
        "has no Korean (Hangul) letters; write it in Korean",
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


@pytest.mark.parametrize(
    ("ko", "en", "expected"),
    [
        ("지식멘토링", "Knowledge mentoring", []),
        ("KISTI", "KISTI", []),
        ("TNO SBIR", "TNO SBIR", []),
        ("ACE", "ACE", []),
        ("링크(Link)", "Link", []),
        ("박영서", "Park Yeong-seo (박영서)", []),
        ("멘토링", "멘토링", [("en", "the Korean and English texts are the same; translate one of them")]),
        ("Mentoring", "Mentoring", [("en", "the Korean and English texts are the same; translate one of them")]),
        ("Mentoring", "mentoring", [("ko", "has no Korean (Hangul) letters; write it in Korean")]),
        ("멘토링", "지식 멘토링 프로그램 (KISTI)", [("en", "is mostly Korean; write it in English")]),
        ("", "x", [("ko", "the Korean text is missing")]),
        ("TODO: 제목", "TODO: title", [("ko", "still holds a placeholder (TODO: ...)"),
                                       ("en", "still holds a placeholder (TODO: ...)")]),
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
