"""The harvest from saved payloads into calls/<source>/: valid records, nothing lost, nothing invented.

The call layer's validator is being written beside this work; these tests check the records at the
data level against a JSON Schema written here from CALLS-SPEC (harvested calls only).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.harvest.run import Options, harvest
from tests.harvest_server import refuse_other_hosts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "harvest"
TODAY = datetime.date(2026, 12, 7)
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
HTTPS = {"type": "string", "pattern": r"^https://[^/?#\s]+\S*$"}
ONE_LANGUAGE = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": False,
    "properties": {"ko": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
}
SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "kind", "title", "read", "url"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "kind": {"const": "portal"},
        "title": {"type": "string", "minLength": 1},
        "publisher": {"type": "string"},
        "date": DATE,
        "read": DATE,
        "url": HTTPS,
        "language": {"enum": ["ko", "en"]},
    },
}
AMOUNT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["currency"],
    "properties": {
        "min": {"type": "number"},
        "max": {"type": "number"},
        "currency": {"pattern": "^[A-Z]{3}$"},
        "per": {"enum": ["project", "phase", "company", "year", "call"]},
        "cites": {"type": "array", "minItems": 1},
    },
}
CALL = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "title_language", "mode", "cites", "sources", "harvest", "external_id"],
    "oneOf": [{"required": ["program"]}, {"required": ["operator"]}],
    "properties": {
        "program": {"type": "string"},
        "operator": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name"],
            "properties": {"name": ONE_LANGUAGE},
        },
        "title": ONE_LANGUAGE,
        "title_language": {"enum": ["ko", "en"]},
        "mode": {"enum": ["dated", "rolling", "cutoffs"]},
        "opens": DATE,
        "closes": DATE,
        "cutoffs": {"type": "array", "items": DATE, "minItems": 2},
        "deadline_time": {"pattern": r"^\d{2}:\d{2}$"},
        "time_zone": {"enum": ["Asia/Seoul", "Europe/Brussels"]},
        "eligibility": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"applicant_countries": {"type": "array", "items": {"const": "KR"}}},
        },
        "funding": {"type": "object", "additionalProperties": False, "properties": {"amounts": {"items": AMOUNT}}},
        "url": HTTPS,
        "application": {
            "type": "object",
            "additionalProperties": False,
            "required": ["route"],
            "properties": {"route": {"const": "online"}, "url": HTTPS},
        },
        "external_id": {"type": "string", "minLength": 1},
        "cites": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "sources": {"type": "array", "minItems": 1, "items": SOURCE},
        "harvest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["source", "harvested", "raw_sha256"],
            "properties": {
                "source": {"enum": ["bizinfo", "kstartup", "sbir-gov", "eu-ft", "grants-gov"]},
                "harvested": DATE,
                "updated": DATE,
                "raw_sha256": {"pattern": "^[0-9a-f]{64}$"},
            },
        },
    },
    "allOf": [
        {"if": {"properties": {"mode": {"const": "dated"}}}, "then": {"required": ["closes"]}},
        {"if": {"properties": {"mode": {"const": "cutoffs"}}}, "then": {"required": ["cutoffs"]}},
    ],
}
RUNS = [
    ("bizinfo", ["bizinfo.json"]),
    ("kstartup", ["kstartup.json"]),
    ("sbir-gov", ["sbir.json"]),
    ("eu-ft", ["eu_ft.json"]),
    ("grants-gov", ["grants_gov.json"]),
]


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch):
    refuse_other_hosts(monkeypatch)


def run(project, source: str, *names: str, **options):
    files = tuple(FIXTURES / n for n in names)
    [result] = harvest(project, [source], Options(TODAY, files, **options), env={})
    return result


def calls(project, source: str) -> dict[str, dict]:
    folder = project.root / "calls" / source
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in sorted(folder.glob("*.yaml")) if p.stem[0] != "_"}


def snapshot(project) -> dict[str, bytes]:
    root = project.root / "calls"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("source", "names"), RUNS, ids=[r[0] for r in RUNS])
def test_every_source_writes_valid_cited_calls_and_a_second_run_writes_nothing(project, source, names):
    first = run(project, source, *names)
    assert first.complete and first.written, first.problem
    written = calls(project, source)
    assert written
    programs = {p.stem for p in (project.root / "programs").glob("*.yaml")}
    for cid, call in written.items():
        jsonschema.validate(call, CALL)
        assert cid.startswith(f"{source}-") and cid == cid.lower()
        assert call.get("program", next(iter(programs))) in programs
        assert call["cites"][0] == call["sources"][0]["id"] == cid
        assert call["harvest"]["harvested"] == call["sources"][0]["read"] == "2026-12-07"
        sha = call["harvest"]["raw_sha256"]
        assert (project.root / ".cache" / "harvest" / source / "items" / f"{sha}.json").is_file()
        if "closes" in call and "opens" in call:
            assert call["opens"] <= call["closes"]
    before = snapshot(project)
    again = run(project, source, *names)
    assert again.complete and not again.written
    assert snapshot(project) == before


def test_bizinfo_calls_follow_its_licence_and_hold_what_needs_an_editor(project):
    result = run(project, "bizinfo", "bizinfo.json")
    written = calls(project, "bizinfo")
    assert set(written) == {f"bizinfo-pbln-00000000012128{n}" for n in (2,)} | {
        f"bizinfo-pbln-00000000012130{n}" for n in (0, 1, 2)
    }
    first = written["bizinfo-pbln-000000000121282"]
    assert first["program"] == "smtech-startup-growth-rd"
    assert first["title"] == {"ko": "2026년 창업성장기술개발사업 디딤돌 과제 공고"} and first["title_language"] == "ko"
    assert (first["opens"], first["closes"], first["harvest"]["updated"]) == ("2026-04-24", "2026-05-15", "2026-04-25")
    assert first["eligibility"] == {"applicant_countries": ["KR"]}
    text = (project.root / "calls" / "bizinfo" / "bizinfo-pbln-000000000121282.yaml").read_text("utf-8")
    assert "창업기업의 기술개발" not in text and "온라인 접수" not in text  # KOGL Type 3: no summary, no how-to text
    jindo = written["bizinfo-pbln-000000000121301"]
    assert jindo["mode"] == "rolling" and jindo["operator"] == {"name": {"ko": "진도군청"}}
    assert written["bizinfo-pbln-000000000121302"]["operator"]["name"]["en"] == "Korea SMEs and Startups Agency"
    state = yaml.safe_load((project.root / "calls" / "bizinfo" / "_harvest.yaml").read_text("utf-8"))
    assert state["last_good"] == {"date": "2026-12-07", "notices": 6, "calls": 4}
    assert [h["external_id"] for h in state["held"]] == ["PBLN_000000000121303", "PBLN_000000000121304"]
    assert any("matches no programme" in note for m in result.calls for note in m.review)


def test_a_failed_run_changes_none_of_that_sources_calls_and_records_the_attempt(project):
    run(project, "bizinfo", "bizinfo.json")
    before = {k: v for k, v in snapshot(project).items() if not k.endswith("_harvest.yaml")}
    for bad in ("error-page.html", "bizinfo-broken.json"):
        failed = run(project, "bizinfo", bad, write=True)
        assert not failed.complete
        assert {k: v for k, v in snapshot(project).items() if not k.endswith("_harvest.yaml")} == before
        state = yaml.safe_load((project.root / "calls" / "bizinfo" / "_harvest.yaml").read_text("utf-8"))
        assert state["last_good"]["date"] == "2026-12-07"  # the stale feed's last good harvest, for the site
        assert state["last_attempt"]["complete"] is False and "FeedError" in state["last_attempt"]["problem"]


def test_a_page_that_fails_among_good_ones_fails_the_whole_source(project):
    failed = run(project, "kstartup", "kstartup.json", "error-page.html")
    assert not failed.complete
    assert calls(project, "kstartup") == {}


def test_a_count_far_from_the_last_good_run_is_reported_not_applied(project):
    folder = project.root / "calls" / "bizinfo"
    folder.mkdir(parents=True)
    (folder / "_harvest.yaml").write_text("source: bizinfo\nlast_good: {date: '2026-11-30', notices: 100}\n", "utf-8")
    held = run(project, "bizinfo", "bizinfo.json")
    assert not held.complete and "not applied" in held.problem
    assert calls(project, "bizinfo") == {}
    accepted = run(project, "bizinfo", "bizinfo.json", accept_count=True)
    assert accepted.complete and len(calls(project, "bizinfo")) == 4


def test_vanished_calls_are_kept_and_listed(project):
    run(project, "kstartup", "kstartup.json")
    later = run(project, "kstartup", "kstartup-single.json", accept_count=True)
    assert later.plan.vanished == ["kstartup-174380", "kstartup-174381"]
    assert set(calls(project, "kstartup")) == {"kstartup-174380", "kstartup-174381", "kstartup-174390"}


def test_bizinfo_and_kstartup_duplicates_are_merged_keeping_both_citations(project):
    run(project, "kstartup", "kstartup.json")
    bizinfo = run(project, "bizinfo", "bizinfo.json")
    assert [m["call"] for m in bizinfo.merged] == ["bizinfo-pbln-000000000121282"]
    assert "bizinfo-pbln-000000000121282" not in calls(project, "bizinfo")
    run(project, "kstartup", "kstartup.json")  # the next K-Startup run cites the merged Bizinfo notice
    merged = calls(project, "kstartup")["kstartup-174380"]
    assert merged["cites"] == ["kstartup-174380", "bizinfo-pbln-000000000121282"]
    assert [s["url"].split("/")[2] for s in merged["sources"]] == ["www.k-startup.go.kr", "www.bizinfo.go.kr"]
    assert merged["program"] == "smtech-startup-growth-rd"


def test_a_near_duplicate_is_not_merged(project):
    run(project, "kstartup", "kstartup.json")
    path = project.root / "calls" / "kstartup" / "kstartup-174380.yaml"
    path.write_text(path.read_text("utf-8").replace("closes: '2026-05-15'", "closes: '2026-05-16'"), "utf-8")
    assert run(project, "bizinfo", "bizinfo.json").merged == []


def test_other_sources_are_left_in_place_by_a_failed_one(project):
    run(project, "sbir-gov", "sbir.json")
    before = snapshot(project)
    run(project, "bizinfo", "error-page.html")
    after = snapshot(project)
    assert {k: v for k, v in after.items() if k.startswith("sbir-gov")} == {
        k: v for k, v in before.items() if k.startswith("sbir-gov")
    }


def test_cli_check_reports_drift_and_review_writes_markdown(project, capsys):
    root = ["--root", str(project.root)]
    fixture = str(FIXTURES / "sbir.json")
    assert main([*root, "harvest", "sbir-gov", "--from-file", fixture, "--check", "--today", "2026-12-07"]) == 1
    assert not (project.root / "calls" / "sbir-gov").exists()  # --check writes nothing
    assert main([*root, "harvest", "sbir-gov", "--from-file", fixture, "--review", "--today", "2026-12-07"]) == 0
    review = capsys.readouterr().out
    assert "| sbir-gov | complete | 3 | 3 | 0 | 0 | 0 |" in review
    assert "- New: `sbir-gov-dod-sbir-26-4`: DOD SBIR 26.4 Annual" in review
    assert main([*root, "harvest", "sbir-gov", "--from-file", fixture, "--check", "--today", "2026-12-07"]) == 0


def test_cli_from_file_needs_one_source(project, capsys):
    assert main(["--root", str(project.root), "harvest", "--from-file", str(FIXTURES / "sbir.json")]) == 2
    assert "one source" in capsys.readouterr().err


def test_the_eu_cross_check_is_in_the_review(project, capsys):
    root = ["--root", str(project.root)]
    args = ["harvest", "eu-ft", "--from-file", str(FIXTURES / "eu_ft.json"), "--review"]
    assert main([*root, *args, "--bulk-file", str(FIXTURES / "eu_ft_bulk.json"), "--today", "2026-12-07"]) == 0
    assert "- Cross-check: SMP-COSME-2026-CLUSTER-01: deadlines" in capsys.readouterr().out
    eic = calls(project, "eu-ft")["eu-ft-horizon-eic-2026-accelerator-01"]
    assert eic["program"] == "eic-accelerator" and eic["mode"] == "cutoffs"
    assert eic["funding"]["amounts"][0] == {
        "min": 500000,
        "max": 2500000,
        "currency": "EUR",
        "per": "project",
        "cites": ["eu-ft-horizon-eic-2026-accelerator-01"],
    }


def test_a_missing_key_is_a_clean_incomplete_source(project):
    [result] = harvest(project, ["bizinfo"], Options(TODAY), env={})
    assert not result.complete and "BIZINFO_API_KEY is not set" in result.problem


def test_the_state_is_plain_data_for_the_site(project):
    run(project, "grants-gov", "grants_gov.json")
    state = yaml.safe_load((project.root / "calls" / "grants-gov" / "_harvest.yaml").read_text("utf-8"))
    json.dumps(state)  # plain data: the site can name a stale feed from it
    assert state["last_attempt"] == {"date": "2026-12-07", "complete": True}


def test_new_program_from_an_unmatched_call(project, capsys):
    run(project, "bizinfo", "bizinfo.json")
    root = ["--root", str(project.root)]
    assert main([*root, "new", "program", "jindo-business-fund", "--from-call", "bizinfo-pbln-000000000121301"]) == 0
    out = capsys.readouterr().out
    assert "- program: jindo-business-fund" in out and 'title: "^진도군 소상공인 경영안정자금 지원$"' in out
    text = (project.root / "programs" / "jindo-business-fund.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../site_config/schema/program.schema.json\n#\n# Promoted")
    assert "# Title as published (ko): 진도군 소상공인 경영안정자금 지원" in text
    assert "# Support types suggested by the feed's category table: funding" in text
    assert main([*root, "new", "program", "--from-call", "bizinfo-pbln-000000000121282"]) == 2  # it has a programme
    assert "already belongs to programme 'smtech-startup-growth-rd'" in capsys.readouterr().err
    assert main([*root, "new", "program", "--from-call", "nothing-here"]) == 2


def test_the_bench_harvest_writes_nothing_the_second_time_and_merges(tmp_path):
    from bench.harvest_bench import measure, report

    figures = measure(400, 1, tmp_path)
    assert figures["second"]["files_written"] == 0
    state = yaml.safe_load((tmp_path / "project" / "calls" / "bizinfo" / "_harvest.yaml").read_text("utf-8"))
    assert state["merged"]  # every twentieth K-Startup call repeats a Bizinfo notice
    assert "| 0 | met |" in report(figures)  # figures only; never judged on time here


def test_feed_states_name_a_stale_feed_and_its_last_good_date(project):
    from generator.harvest.store import feed_states

    run(project, "sbir-gov", "sbir.json")
    run(project, "bizinfo", "bizinfo.json")
    run(project, "bizinfo", "error-page.html")
    assert feed_states(project.root / "calls") == [
        {
            "source": "bizinfo",
            "last_good": "2026-12-07",
            "stale": True,
            "problem": feed_states(project.root / "calls")[0]["problem"],
        },
        {"source": "sbir-gov", "last_good": "2026-12-07", "stale": False, "problem": None},
    ]
    assert "HTML" in feed_states(project.root / "calls")[0]["problem"]


def test_the_bizinfo_licence_is_recorded_and_forbids_text_and_translation():
    config = yaml.safe_load((Path(__file__).resolve().parent.parent / "site_config" / "harvest.yaml").read_text())
    licence = config["sources"]["bizinfo"]["licence"]
    assert licence["terms"].startswith("KOGL Type 3")
    assert (licence["copy_title"], licence["copy_text"], licence["translate"]) == (True, False, False)


def test_a_source_whose_terms_forbid_copying_the_title_is_refused(project):
    from generator.harvest.mapping import ConfigError, load_config

    path = project.config_dir / "harvest.yaml"
    path.write_text(path.read_text("utf-8").replace("copy_title: true ", "copy_title: false ", 1), "utf-8")
    with pytest.raises(ConfigError, match="bizinfo.licence.copy_title"):
        load_config(project.config_dir)


def test_harvested_calls_pass_the_validator_and_show_on_the_calls_pages(project):
    """Issue 20's "done when": the five sources' fixtures harvest into records that validate with the
    bundled catalogue and render on the calls pages and archive of both languages, with their citation."""
    from generator.pipeline import check
    from generator.render.call_list import call_anchor
    from generator.render.pages import render_catalogue

    for source, names in RUNS:
        assert run(project, source, *names).complete
    catalogue, strings = check(project)
    harvested = [c for c in catalogue.calls if c.folder != "hand"]
    assert {c.folder for c in harvested} == {source for source, _ in RUNS}
    files = render_catalogue(project, catalogue, strings, today=TODAY)
    for lang in ("ko", "en"):
        listed = files[f"{lang}/calls.md"].decode("utf-8") + files[f"{lang}/calls-archive.md"].decode("utf-8")
        assert [c.id for c in harvested if call_anchor(c) not in listed] == []  # open, upcoming, rolling or past
    korean_only = [c for c in harvested if c.title_language == "ko"]
    assert korean_only  # Bizinfo and K-Startup give Korean titles only
    english = files["en/calls-archive.md"].decode("utf-8") + files["en/calls.md"].decode("utf-8")
    assert all(c.title.get("en") == c.title.get("ko") for c in korean_only)  # shown as published, not translated
    assert 'lang="ko"' in english  # and marked as Korean on the English pages
