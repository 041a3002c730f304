"""Call records of issue 19 (calls/<source>/<id>.yaml): loaded and checked like programmes and cases, with
the rules of CALLS-SPEC; every bad input with its exact message and position.

Each test writes the call below into a copy of the project, changes one thing, and checks the messages
that change gives; line numbers are those of the call as written here.
"""

from __future__ import annotations

import os

from test_validate import problems, write

from generator.project import Project
from generator.records.validate import validate_catalogue

PATH = "calls/hand/tno-sbir-2026-03.yaml"
CALL = """\
program: tno-sbir
title: {ko: 2026년 1차 공고, en: First call of 2026}
mode: dated
opens: "2026-01-15"
closes: "2026-03-04"
deadline_time: "17:00"
time_zone: Europe/Amsterdam
eligibility:
  text: {ko: 네덜란드 중소기업, en: SMEs in the Netherlands}
  applicant_countries: [NL]
  company_sizes: [sme]
funding:
  amounts: [{max: 50000, currency: EUR, per: company}]
url: https://example.org/call
application: {route: online, url: "https://example.org/apply"}
external_id: CALL-1
cites: [notice]
sources:
  - {id: notice, kind: operator-page, title: Call notice, url: "https://example.org/call", read: "2026-11-01"}
"""


def call(project: Project, old: str = "", new: str = "", path: str = PATH) -> list[str]:
    """Write the call (with one change) and return every message validation gives."""
    (project.root / path).parent.mkdir(parents=True, exist_ok=True)
    write(project, path, CALL, old, new)
    return problems(project)


def test_the_call_is_valid_and_linked_both_ways_with_its_programme(project):
    write(project, PATH, CALL)
    catalogue = validate_catalogue(project)
    found = catalogue.call_by_id["tno-sbir-2026-03"]
    assert (found.folder, found.source_path, found.program) == ("hand", PATH, "tno-sbir")
    assert (found.opens, found.closes, found.time_zone, found.deadline_time) == (
        "2026-01-15",
        "2026-03-04",
        "Europe/Amsterdam",
        "17:00",
    )
    assert found.eligibility.applicant_countries == ("NL",) and found.funding.amounts[0].max == 50000
    assert found in catalogue.program_by_id["tno-sbir"].calls
    assert found.sources[0].id == "notice"


def test_the_bundled_calls_moved_out_of_the_programmes(bundled):
    catalogue, _ = bundled
    eic = catalogue.program_by_id["eic-accelerator"]
    assert len(eic.calls) == 17 and all(c.program == "eic-accelerator" and c.folder == "hand" for c in eic.calls)
    assert {c.id for c in catalogue.calls} >= {"eic-accelerator-2026-03", "nl-sbir-rvo-2014-09"}
    assert all(c.sources and {cite.source for cite in c.cites} <= {s.id for s in c.sources} for c in catalogue.calls)


def test_a_call_that_closes_before_it_opens(project):
    assert call(project, 'closes: "2026-03-04"', 'closes: "2026-01-02"') == [
        f"{PATH}:5:9: closes: 2026-01-02 is before the opening date 2026-01-15; a call cannot close before it opens"
    ]


def test_a_dated_call_needs_a_closing_date(project):
    assert call(project, 'closes: "2026-03-04"\n', "") == [
        f"{PATH}:1:1: closes: required field 'closes' is missing; add it"
    ]


def test_cutoffs_must_be_ascending(project):
    assert call(project, "mode: dated", 'mode: cutoffs\ncutoffs: ["2026-03-04", "2026-02-01", "2026-02-01"]') == [
        f"{PATH}:4:25: cutoffs[1]: 2026-02-01 is not after the cut-off before it (2026-03-04);"
        " list cut-offs in ascending order, each once",
        f"{PATH}:4:39: cutoffs[2]: 2026-02-01 is not after the cut-off before it (2026-02-01);"
        " list cut-offs in ascending order, each once",
    ]


def test_a_cutoff_before_the_call_opens(project):
    assert call(project, "mode: dated", 'mode: cutoffs\ncutoffs: ["2026-01-07", "2026-03-04"]') == [
        f"{PATH}:4:11: cutoffs[0]: 2026-01-07 is before the opening date 2026-01-15;"
        " a cut-off cannot come before the call opens"
    ]


def test_a_call_with_cutoffs_needs_them(project):
    assert call(project, "mode: dated", "mode: cutoffs") == [
        f"{PATH}:1:1: cutoffs: required field 'cutoffs' is missing; add it"
    ]


def test_an_unknown_programme(project):
    assert call(project, "program: tno-sbir", "program: tno-sibr") == [
        f"{PATH}:1:10: program: no programme record 'tno-sibr' exists in programs/ (did you mean 'tno-sbir'?)"
    ]


def test_a_call_of_no_programme_names_its_operator(project):
    assert call(project, "program: tno-sbir\n", "") == [
        f"{PATH}:1:1: operator: required field 'operator' is missing; add it"
    ]
    write(project, PATH, CALL, "program: tno-sbir\n", "operator:\n  name: {ko: 시험 기관, en: Test body}\n")
    catalogue = validate_catalogue(project)
    found = catalogue.call_by_id["tno-sbir-2026-03"]
    assert found.program is None and found.operator.name.get("en") == "Test body"
    assert all(found not in p.calls for p in catalogue.programs)


def test_a_citation_must_name_a_source_of_the_call(project):
    assert call(project, "cites: [notice]", "cites: [notise]") == [
        f"{PATH}:17:9: cites[0]: 'notise' is not the id of a source of this record (did you mean 'notice'?);"
        " expected one of: notice"
    ]


def test_a_call_cites_the_source_of_its_dates(project):
    assert call(project, "cites: [notice]\n", "") == [f"{PATH}:1:1: cites: required field 'cites' is missing; add it"]


def test_two_calls_with_one_external_id_in_one_source_folder(project):
    other = "calls/hand/tno-sbir-2026-09.yaml"
    write(project, other, CALL)
    assert call(project) == [
        f"{other}:16:14: external_id: 'CALL-1' is already the external_id of {PATH};"
        " one call per external id in calls/hand/"
    ]


def test_one_external_id_in_two_source_folders_is_two_calls(project):
    (project.root / "calls/bizinfo").mkdir(parents=True)
    write(project, "calls/bizinfo/bizinfo-call-1.yaml", CALL)
    write(project, PATH, CALL)
    assert {c.id for c in validate_catalogue(project).calls} >= {"bizinfo-call-1", "tno-sbir-2026-03"}


def test_a_call_id_is_unique_across_source_folders(project):
    (project.root / "calls/bizinfo").mkdir(parents=True)
    write(project, "calls/bizinfo/tno-sbir-2026-03.yaml", CALL)
    assert call(project) == [
        f"{PATH}:1:1: call id 'tno-sbir-2026-03' is already used by calls/bizinfo/tno-sbir-2026-03.yaml;"
        " call ids are unique across calls/"
    ]


def test_a_harvested_call_lives_in_its_harvesters_folder(project):
    harvest = 'harvest: {source: kstartup, harvested: "2026-11-01"}\n'
    assert call(project, "external_id: CALL-1\n", "external_id: CALL-1\n" + harvest) == [
        f"{PATH}:17:19: harvest.source: 'kstartup' is not the folder this call is in (calls/hand/);"
        " a harvester writes only its own folder"
    ]


def test_a_title_in_one_language_says_which(project):
    one = "title: {ko: 2026년 1차 공고}"
    assert call(project, "title: {ko: 2026년 1차 공고, en: First call of 2026}", one) == [
        f"{PATH}:2:1: title.en: required field 'en' is missing; add it"
    ]
    write(project, PATH, CALL, "title: {ko: 2026년 1차 공고, en: First call of 2026}", one + "\ntitle_language: ko")
    found = validate_catalogue(project).call_by_id["tno-sbir-2026-03"]
    assert found.title.get("en") == found.title.get("ko") == "2026년 1차 공고" and found.title_language == "ko"
    assert call(project, "title: {ko: 2026년 1차 공고, en: First call of 2026}", one + "\ntitle_language: en") == [
        f"{PATH}:3:17: title_language: the title has no 'en:' text; give the title in en, or name the language it is in"
    ]


def test_unknown_fields_and_bad_times_are_refused(project):
    assert call(project, 'deadline_time: "17:00"', 'deadline_time: "5 pm"\nstatus: open') == [
        f"{PATH}:6:16: deadline_time: '5 pm' is not valid; expected a time written HH:MM, such as 17:00",
        f"{PATH}:7:1: status: unknown field 'status'; allowed here: application, cites,"
        " closes, cutoffs, deadline_time, eligibility, external_id, funding, harvest, mode, opens, operator,"
        " program, sources, time_zone, title, title_language, url",
    ]


def test_a_programme_that_still_has_calls_is_told_where_they_live(project):
    path = project.root / "programs" / "tno-sbir.yaml"
    text = path.read_text("utf-8")
    path.write_text(text + "calls:\n  - {title: {ko: 공고, en: Call}, mode: rolling}\n", "utf-8")
    line = text.count("\n") + 1
    assert problems(project) == [
        f"programs/tno-sbir.yaml:{line}:1: calls: calls now live in files of their own: move each call to"
        " calls/hand/<programme-id>-<yyyy>-<mm>.yaml with 'program:' naming this record and the sources it cites"
        " (see docs/dev/record-format.md)"
    ]


def test_the_walk_of_calls_refuses_what_is_not_a_call_file(project):
    root = project.root / "calls"
    (root / "loose.yaml").write_text(CALL, "utf-8")
    (root / "Bad_Source").mkdir()
    (root / "hand" / "nested").mkdir()
    (root / "hand" / "notes.txt").write_text("x", "utf-8")
    (root / "hand" / "Bad_Id.yaml").write_text(CALL, "utf-8")
    (root / "hand" / "old.yml").write_text(CALL, "utf-8")
    os.symlink(root / "hand", root / "linked")
    assert problems(project) == [
        "calls/Bad_Source/:1:1: source folder name 'Bad_Source' is not valid; use lower-case ASCII letters,"
        " digits and hyphens",
        "calls/hand/Bad_Id.yaml:1:1: file name 'Bad_Id' is not a valid call id; use lower-case ASCII letters, digits"
        " and hyphens, such as 'bad-id.yaml'",
        "calls/hand/nested:1:1: only .yaml call files belong in calls/hand/ (no sub-folders)",
        "calls/hand/notes.txt:1:1: only .yaml call files belong in calls/hand/ (no sub-folders)",
        "calls/hand/old.yml:1:1: use the .yaml extension: rename it to old.yaml",
        "calls/linked:1:1: is a symbolic link; call folders must be real folders in the repository",
        "calls/loose.yaml:1:1: call files belong in a source folder: move it to calls/hand/loose.yaml",
    ]


def test_a_symlinked_call_file_is_refused(project):
    target = project.root / "elsewhere.yaml"
    target.write_text(CALL, "utf-8")
    os.symlink(target, project.root / PATH)
    assert problems(project) == [
        f"{PATH}:1:1: file is a symbolic link; records must be regular files in the repository"
    ]


def test_the_harvesters_state_file_is_not_a_call(project):
    """calls/<source>/_harvest.yaml is the harvester's record of its last good run (harvest/store.py)."""
    (project.root / "calls/bizinfo").mkdir()
    write(project, "calls/bizinfo/_harvest.yaml", "harvested: '2026-12-01'\ncount: 3\n")
    write(project, "calls/bizinfo/_other.yaml", "harvested: '2026-12-01'\n")
    assert problems(project) == [
        "calls/bizinfo/_other.yaml:1:1: file name '_other' is not a valid call id; use lower-case ASCII letters,"
        " digits and hyphens, such as 'other.yaml'"
    ]
