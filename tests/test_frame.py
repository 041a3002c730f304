"""The site's frame (issue 11): the home page, counts and dates in each language, the repository links of
record pages, the contributor guide's repository, and Korean text marked lang="ko" on English pages."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.diagnostics import ContentError
from generator.frame import load_frame
from generator.model import Catalogue
from generator.project import Project
from generator.records.validate import validate_catalogue
from generator.render import filters
from generator.render.pages import render_catalogue
from generator.site_address import SiteAddressError
from generator.text import mark_other_scripts

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rendered(bundled) -> dict[str, str]:
    """Every generated Markdown page of the bundled records."""
    files = render_catalogue(Project(REPO), *bundled)
    return {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".md")}


def _configured() -> dict:
    return yaml.safe_load((REPO / "site_config/site.yaml").read_text("utf-8"))


# --- counts and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("en", 1, "1 programme or network"),
        ("en", 2, "2 programmes and networks"),
        ("en", 1000, "1,000 programmes and networks"),
        ("ko", 1, "지원 프로그램·네트워크 1개"),
        ("ko", 29, "지원 프로그램·네트워크 29개"),
    ],
)
def test_counts_follow_the_plural_rule_of_the_language(bundled, lang, n, expected):
    ctx = {"lang": lang, "s": bundled[1].bound(lang)}
    assert filters.counted(ctx, "count_programs", n) == expected


def test_a_catalogue_of_one_programme_reads_in_the_singular(bundled):
    catalogue, strings = bundled
    alone = next(p for p in catalogue.programs if not p.networks)
    one = Catalogue((dataclasses.replace(alone, case_ids=(), used_by=()),), (), catalogue.taxonomy)
    files = render_catalogue(Project(REPO), one, strings)
    home = {lang: files[f"{lang}/index.md"].decode("utf-8") for lang in ("ko", "en")}
    assert "**1 programme or network**" in home["en"] and "**0 success stories**" in home["en"]
    assert "1 programmes" not in home["en"]
    assert "**지원 프로그램·네트워크 1개**" in home["ko"]


def test_korean_counts_put_the_counter_after_the_number(rendered):
    index = rendered["ko/programs/index.md"]
    assert re.search(r"\| \d+단계 \|", index), "the steps column reads '7단계'"
    assert not re.search(r"\d+ 단계", index)
    assert re.search(r"\| \d+ steps \|", rendered["en/programs/index.md"])


def test_dates_read_as_each_language_writes_them(rendered):
    ko, en = rendered["ko/programs/asti.md"], rendered["en/programs/asti.md"]
    assert re.search(r"\*최종 검토일: \d{4}년 \d{1,2}월 \d{1,2}일\*", ko)
    assert re.search(r"\*Last reviewed: [A-Z][a-z]{2} \d{1,2}, \d{4}\*", en)
    assert "2026\\-11\\-28" not in ko + en


# --- the home page ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_page_leads_to_search_find_compare_and_the_stories(rendered, lang):
    home = rendered[f"{lang}/index.md"]
    assert '<form class="kb-home-search" action="." method="get"' in home and 'name="q"' in home
    for target in ("(find.md)", "(compare.md)", "(cases/index.md)", "(programs/index.md)", "(contributing.md)"):
        assert target in home, target
    front = yaml.safe_load(home.split("---\n")[1])
    heading = next(line for line in home.splitlines() if line.startswith("# "))
    assert front["title"] != heading[2:], "the tab says Home; the heading names the site"


def test_home_page_says_how_current_the_information_is(rendered):
    ko, en = rendered["ko/index.md"], rendered["en/index.md"]
    assert re.search(r"상태와 마감은 이 사이트를 만든 \d{4}년 \d{1,2}월 \d{1,2}일을 기준으로", ko)
    assert re.search(r"기록 \d+건은 출처가 모두 2년보다 오래되어", ko)
    assert re.search(r"as of [A-Z][a-z]{2} \d{1,2}, \d{4}, the day this site was built", en)


# --- the repository: footer data, record links, the contributor guide ----------------------


def test_record_pages_link_to_their_file_and_to_a_prefilled_error_report(rendered):
    repo = _configured()["repository"]
    page = rendered["en/programs/asti.md"]
    edit = re.search(r'<a href="([^"]+)">Edit this record</a>', page).group(1)
    assert edit == f"{repo['url']}/edit/{repo['branch']}/programs/asti.yaml"
    report = re.search(r'<a href="([^"]+)">Report an error</a>', page).group(1).replace("&amp;", "&")
    parts = urlsplit(report)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{repo['url']}/issues/new"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query["template"] == "report-an-error.yml"
    assert query["record"] == "programs/asti.yaml" and query["page"] == "en/programs/asti/"
    assert (REPO / ".github/ISSUE_TEMPLATE" / query["template"]).is_file()
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE" / query["template"]).read_text("utf-8"))
    assert {"record", "page"} <= {field.get("id") for field in form["body"]}, "the link fills these fields"


def test_the_frame_comes_from_site_yaml():
    frame, configured = load_frame(Project(REPO)), _configured()
    assert frame.repository == configured["repository"]["url"]
    assert frame.publisher["ko"] == configured["publisher"]["name"]["ko"]
    assert frame.theme("en", {f"footer_{k}": k for k in ("publisher", "contact", "repository")})["repository"]


def test_repository_url_in_the_environment_wins_and_the_contact_follows_it(monkeypatch):
    """The workflow sets REPOSITORY_URL to the repository it runs in, so a copy links to itself."""
    monkeypatch.setenv("REPOSITORY_URL", "https://github.com/some-institute/kb")
    frame = load_frame(Project(REPO))
    assert frame.repository == "https://github.com/some-institute/kb"
    assert _configured()["publisher"]["contact"] == "{repository}/issues"
    assert frame.contact == "https://github.com/some-institute/kb/issues"
    assert frame.edit_url("cases/x.yaml") == "https://github.com/some-institute/kb/edit/main/cases/x.yaml"


@pytest.mark.parametrize(
    "bad", ["http://github.com/a/b", "https://github.com/a/b/", "https://host/a b", "github.com/a/b"]
)
def test_a_malformed_repository_url_in_the_environment_is_refused(monkeypatch, bad):
    monkeypatch.setenv("REPOSITORY_URL", bad)
    with pytest.raises(
        SiteAddressError, match=r"^REPOSITORY_URL: .* is not a repository address; expected an https://"
    ):
        load_frame(Project(REPO))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_contributor_guide_names_the_configured_repository(rendered, lang):
    guide = rendered[f"{lang}/contributing.md"]
    repo = _configured()["repository"]["url"]
    assert f"<{repo}>" in guide and f"- repo: {repo}" in guide
    assert f"{repo}/issues/new?template=new-success-story.yml" in guide
    assert "OWNER/REPOSITORY" not in guide and "{repository}" not in guide


def test_a_bad_repository_address_is_refused_with_its_position(project: Project):
    settings = project.config_dir / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("url: https://", "url: http://"), "utf-8")
    with pytest.raises(ContentError) as caught:
        validate_catalogue(project)
    (problem,) = [d for d in caught.value.diagnostics if d.path == "site_config/site.yaml"]
    assert problem.field == "repository.url" and "an https:// address of a repository" in problem.message


# --- Korean on English pages --------------------------------------------------------------


def test_hangul_runs_on_english_pages_are_marked_korean():
    marked = mark_other_scripts("ASTI \\(과학기술정보협의회\\) — 박영서 \\(KISTI 원장\\)", "en")
    assert marked == (
        'ASTI \\(<span lang="ko">과학기술정보협의회</span>\\) — <span lang="ko">박영서</span> '
        '\\(KISTI <span lang="ko">원장</span>\\)'
    )
    assert mark_other_scripts("과학기술정보협의회", "ko") == "과학기술정보협의회"


def test_marking_leaves_tags_and_marked_text_alone():
    html = '<a href="x" title="한>글">링크 text</a> <span lang="ko">이미 <b>표시</b></span>'
    assert mark_other_scripts(html, "en") == (
        '<a href="x" title="한>글"><span lang="ko">링크</span> text</a> <span lang="ko">이미 <b>표시</b></span>'
    )


def test_english_pages_mark_korean_and_translate_source_titles(rendered):
    page = rendered["en/programs/asti.md"]
    assert '# ASTI – Science and Technology Information Council \\(<span lang="ko">과학기술정보협의회</span>\\)' in page
    source = re.search(r'<li id="source-1">(.*?)<br>', page).group(1)
    assert (
        "Let&#x27;s master how to use SME mentoring "
        '[<span lang="ko">Let&#x27;s master 중기 멘토링 활용법</span>]</a> '
        '<span class="kb-translation">(our translation)'
    ) in source
    assert 'Park Yeong-seo (President of KISTI) [<span lang="ko">박영서 (KISTI 원장)</span>]' in source


def test_an_official_translation_is_not_called_ours(rendered):
    page = rendered["en/programs/asti-knowledge-research-groups.md"]
    official = re.search(r"<li[^>]*>[^\n]*Small Giant Enterprise[^\n]*</li>", page).group(0)
    assert "our translation" not in official


def test_every_korean_source_title_has_an_english_title(bundled):
    catalogue, _ = bundled
    hangul = re.compile(r"[\uac00-\ud7a3]")
    missing = [
        f"{record.source_path}: {source.id}"
        for record in (*catalogue.programs, *catalogue.cases)
        for source in record.sources
        if hangul.search(source.title) and not (source.title_translated and source.title_translated.get("en"))
    ]
    assert missing == []


def test_a_case_without_a_translation_shows_its_title_as_published(bundled):
    catalogue, strings = bundled
    case = catalogue.case_by_id["charmcare-france-supply"]
    plain = dataclasses.replace(
        case, sources=tuple(dataclasses.replace(s, title_translated=None) for s in case.sources)
    )
    from generator.render import card

    listed = str(card.source_list(plain, "en", strings.bound("en")))
    assert "our translation" not in listed and "Let&#x27;s master 중기 멘토링 활용법" in listed


def test_a_large_catalogue_s_home_page_lists_thirty_of_each_and_links_to_the_full_lists(bundled):
    catalogue, strings = bundled
    copies = [dataclasses.replace(p, id=f"{p.id}-copy{n}") for n in range(2) for p in catalogue.programs]
    large = dataclasses.replace(catalogue, programs=(*catalogue.programs, *copies))
    assert len(large.programs) > 30 >= len(catalogue.cases)
    home = render_catalogue(Project(REPO), large, strings)["en/index.md"].decode("utf-8")
    programmes = home.split("\n## Support programmes\n", 1)[1].split("\n## ", 1)[0]
    assert programmes.count("\n- [") == 30
    assert f"[See all {len(large.programs)} programmes and networks](programs/index.md)" in programmes
    stories = home.split("\n## Success stories\n", 1)[1].split("\n## ", 1)[0]
    assert stories.count("\n- [") == len(catalogue.cases) and "See all" not in stories
