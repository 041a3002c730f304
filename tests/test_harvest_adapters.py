"""Each feed's adapter on fixtures in its documented shape (tests/fixtures/harvest/README.md): every quirk."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.harvest import adapter
from generator.harvest.bizinfo import period
from generator.harvest.common import FeedError, clean_text, https_url, match_key
from generator.harvest.eu_ft import cross_check

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "harvest"
CONFIG = yaml.safe_load((REPO / "site_config" / "harvest.yaml").read_text("utf-8"))


def notices(source: str, name: str, **extra):
    settings = {**CONFIG["sources"][source], "regions": CONFIG["regions"], **extra}
    return {n.external_id: n for n in adapter(source).parse((FIXTURES / name).read_bytes(), settings)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-24 ~ 2026-05-15", ("dated", "2026-04-24", "2026-05-15")),
        ("20260105 ~ 20260123", ("dated", "2026-01-05", "2026-01-23")),
        ("2026.01.05 ~ 2026.01.23", ("dated", "2026-01-05", "2026-01-23")),
        ("상시", ("rolling", None, None)),
        ("예산 소진시까지", ("rolling", None, None)),
        ("추후 공지", (None, None, None)),
        ("사업별 상이", (None, None, None)),
        ("2026-05-15 ~ 2026-04-24", (None, None, None)),  # closes before it opens: held, not guessed
        ("곧", (None, None, None)),
    ],
)
def test_bizinfo_application_periods(text, expected):
    found = period(text)
    assert (found.mode, found.opens, found.closes) == expected
    assert (found.undated is None) == (found.mode is not None)


def test_bizinfo_deadline_time_is_kept_in_seoul_time():
    found = period("2026-04-24 10:00 ~ 2026-05-15 18:00")
    assert (found.closes, found.deadline_time, found.time_zone) == ("2026-05-15", "18:00", "Asia/Seoul")


def test_bizinfo_json_items():
    found = notices("bizinfo", "bizinfo.json")
    assert len(found) == 6
    first = found["PBLN_000000000121282"]
    assert first.url == "https://www.bizinfo.go.kr/sii/siia/selectSIIA200Detail.do?pblancId=PBLN_000000000121282"
    assert (first.operator, first.agency, first.updated) == ("중소기업기술정보진흥원", "중소벤처기업부", "2026-04-25")
    assert len(first.regions) == 17  # every 시·도 in the hashtags: nationwide
    voucher = found["PBLN_000000000121300"]
    assert voucher.title == "2026년 수출바우처 R&D 연계ㆍ지원 사업 공고"  # &amp; decoded, ㆍ kept as published
    assert voucher.regions == ("부산", "대구")
    assert found["PBLN_000000000121301"].url.startswith("https://")  # the portal's own http link upgraded
    assert found["PBLN_000000000121304"].categories == ("경영", "기술")  # @-joined multi-values


def test_bizinfo_keeps_no_summary_text():
    raw = notices("bizinfo", "bizinfo.json")["PBLN_000000000121282"]
    assert "bsnsSumryCn" in raw.raw.decode()  # kept in the raw copy only
    assert not any("창업기업의 기술개발" in str(v) for v in vars(raw).values() if not isinstance(v, bytes))


def test_bizinfo_rss_variant_gives_the_same_notice():
    rss = notices("bizinfo", "bizinfo.rss.xml")["PBLN_000000000121300"]
    json_notice = notices("bizinfo", "bizinfo.json")["PBLN_000000000121300"]
    for field in ("title", "operator", "url", "period", "updated"):
        assert getattr(rss, field) == getattr(json_notice, field), field


@pytest.mark.parametrize("name", ["bizinfo-broken.json", "error-page.html"])
def test_bizinfo_broken_json_and_an_html_page_are_clean_failures(name):
    with pytest.raises(FeedError, match="not valid JSON|HTML"):
        notices("bizinfo", name)


def test_bizinfo_request_error_shape():
    with pytest.raises(FeedError, match="refused the request: key"):
        adapter("bizinfo").parse(b'{"reqErr": "key"}', {})


def test_kstartup_items():
    found = notices("kstartup", "kstartup.json")
    first = found["174380"]  # pbanc_sn is a number in the feed
    assert (first.period.opens, first.period.closes) == ("2026-04-24", "2026-05-15")  # YYYYMMDD
    assert first.url == "https://www.k-startup.go.kr/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn=174380"
    assert first.programme_name == "창업성장기술개발"
    assert first.categories == ("기술개발(R&D)",)
    second = found["174381"]
    assert second.url.startswith("https://www.k-startup.go.kr/")  # no scheme in the feed
    assert second.notes == ("K-Startup marks it not recruiting (rcrt_prgs_yn=N)",)
    assert found["174382"].period.mode is None  # closes before it opens


def test_kstartup_a_dict_where_a_list_is_expected_and_the_camel_case_envelope():
    assert list(notices("kstartup", "kstartup-single.json")) == ["174390"]
    assert adapter("kstartup").total((FIXTURES / "kstartup-single.json").read_bytes()) == 1
    assert adapter("kstartup").total((FIXTURES / "kstartup.json").read_bytes()) == 3


def test_kstartup_html_error_page_is_a_clean_failure():
    with pytest.raises(FeedError, match="HTML"):
        notices("kstartup", "error-page.html")


def test_sbir_several_due_dates_are_cutoffs_and_statuses_are_noted():
    found = notices("sbir-gov", "sbir.json")
    dod = found["DOD-SBIR-26.4"]
    assert (dod.period.mode, dod.period.cutoffs) == ("cutoffs", ("2026-01-07", "2026-05-06", "2026-09-30"))
    assert found["NSF 24-579"].period.closes == "2025-03-04"
    assert found["NSF 24-579"].url is None  # http only: not written as the call's page
    assert found["DE-FOA-0003700"].period.opens == "2027-01-05"  # a single due date as a string
    assert [n.notes for n in found.values()] == [
        ("SBIR.gov status: Open",),
        ("SBIR.gov status: Closed",),
        ("SBIR.gov status: Future",),
    ]


def test_eu_list_wrapped_metadata_budget_in_a_string_and_the_ignored_range_filter():
    found = notices("eu-ft", "eu_ft.json")
    assert list(found) == ["HORIZON-EIC-2026-ACCELERATOR-01", "SMP-COSME-2026-CLUSTER-01"]  # 2024 topic filtered here
    eic = found["HORIZON-EIC-2026-ACCELERATOR-01"]
    assert eic.period.cutoffs == ("2026-01-07", "2026-03-04", "2026-05-06")
    assert (eic.period.deadline_time, eic.period.time_zone) == ("17:00", "Europe/Brussels")
    assert eic.funding == ({"min": 500000, "max": 2500000, "currency": "EUR", "per": "project"},)
    clusters = found["SMP-COSME-2026-CLUSTER-01"]
    assert clusters.funding[0]["max"] == 100000  # budgetOverview encoded twice
    assert clusters.title == "Euroclusters & SME internationalisation"
    assert clusters.notes == ("portal status: forthcoming",)
    assert len(notices("eu-ft", "eu_ft.json", deadline_since=None)) == 3


def test_eu_cross_check_against_the_bulk_file():
    found = list(notices("eu-ft", "eu_ft.json").values())
    problems = cross_check(found, (FIXTURES / "eu_ft_bulk.json").read_bytes(), "2026-12-07")
    assert problems == [
        "SMP-COSME-2026-CLUSTER-01: deadlines ['2026-09-17'] in the search, ['2026-09-24'] in the bulk file"
    ]


def test_grants_gov_search2_dates_and_forecasts():
    found = notices("grants-gov", "grants_gov.json")
    nsf = found["PD-26-5371"]
    assert (nsf.period.opens, nsf.period.closes) == ("2026-10-01", "2027-03-04")  # MM/DD/YYYY
    assert nsf.url == "https://www.grants.gov/search-results-detail/360001"
    assert found["HHS-2027-ACF-OCS-EE-0099"].title == "Community Economic Development & Jobs"
    assert found["USDA-NIFA-SBIR-010000"].period.undated == "a forecast: its dates are estimates"


def test_grants_gov_xml_extract_dates_amounts_and_double_escapes():
    found = notices("grants-gov", "grants_gov_extract.xml")
    assert found["PD-26-5371"].period.closes == "2027-03-04"  # MMDDYYYY
    assert found["PD-26-5371"].funding == ({"max": 305000, "currency": "USD", "per": "project"},)
    assert found["RD-RBS-27-01"].title == "Rural Business Development Grants & Loans"
    assert found["USDA-NIFA-SBIR-010000"].period.mode is None


def test_grants_gov_error_answer():
    with pytest.raises(FeedError, match="error 1"):
        adapter("grants-gov").parse(b'{"errorcode": 1, "msg": "bad", "data": {}}', {})


def test_text_helpers():
    assert clean_text("Phase I &amp;lt;br/&amp;gt; feasibility") == "Phase I feasibility"
    assert match_key("연계ㆍ지원 사업") == match_key("연계·지원사업")
    assert https_url("[공고](https://a.example/x)") == "https://a.example/x"
    assert https_url("javascript:alert(1)") is None
    assert https_url("http://a.example/x") is None
