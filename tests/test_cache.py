"""The build cache: a warm build gives the very bytes of a cold one, whatever changed in between.

Each step changes the project the way a contributor would (a record's text, a link between
records, a new or deleted record, the taxonomy, a template, a label) and then compares the
files generated with the cache kept from the steps before against those of a cache-less run.
"""

from __future__ import annotations

import dataclasses
import random
import shutil

import pytest

from generator import pipeline
from generator.cache import BuildCache, code_digest
from generator.diagnostics import ContentError
from generator.model import LINK_FIELDS, build_record
from generator.project import Project
from generator.records.load import load_file
from generator.records.schema import SchemaSet
from generator.records.validate import validate_catalogue
from generator.render.pages import Renderer

CASE = "cases/knr-systems-link-partnership.yaml"
PROGRAM = "programs/kisti-knowledge-mentoring.yaml"


def cold(project: Project) -> dict[str, bytes]:
    return pipeline.generate(project, BuildCache(None, ""))


def warm(project: Project) -> tuple[dict[str, bytes], BuildCache]:
    cache = BuildCache.for_project(project)
    files = pipeline.generate(project, cache)
    cache.save()
    return files, cache


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new), "utf-8")


def same_files(got: dict[str, bytes], expected: dict[str, bytes]) -> None:
    assert got.keys() == expected.keys()
    assert [path for path in got if got[path] != expected[path]] == []


def new_case(project: Project) -> None:
    """A second case of the mentoring programme, as a contributor would add it (a copy, retitled)."""
    text = (project.root / CASE).read_text("utf-8")
    text = text.replace(
        "  en: KNR Systems teams up with Link of Detroit for service in the US", "  en: A second partnership"
    )
    (project.root / "cases/second-partnership.yaml").write_text(text, "utf-8")


STEPS = {
    "nothing": lambda p: None,
    "case title (shown on its programme's page)": lambda p: edit(
        p,
        CASE,
        "  en: KNR Systems teams up with Link of Detroit for service in the US",
        "  en: KNR Systems and Link of Detroit",
    ),
    "programme name (shown on its cases' pages)": lambda p: edit(
        p, PROGRAM, "kind: programme\nname:\n  ko: ", "kind: programme\nname:\n  ko: 새 이름 "
    ),
    "a new case (the programme gains a link)": new_case,
    "the new case deleted": lambda p: (p.root / "cases/second-partnership.yaml").unlink(),
    "a taxonomy label": lambda p: edit(
        p, "site_config/taxonomy.yaml", "export: {ko: 수출, en: Export}", "export: {ko: 수출, en: Exports}"
    ),
    "a template": lambda p: edit(
        p, "site_config/templates/case.md.j2", "{{ m.footer(case) }}", "{{ m.footer(case) }}\n\n*cached?*"
    ),
    "a label": lambda p: edit(
        p,
        "site_config/strings.yaml",
        "home_counts: {ko: 수록 현황, en: In the catalogue}",
        "home_counts: {ko: 수록 현황, en: Counted}",
    ),
}


def test_a_warm_build_gives_the_bytes_of_a_cold_one_after_every_change(project):
    warm(project)
    for step, change in STEPS.items():
        change(project)
        files, cache = warm(project)
        assert cache.misses > 0 or step == "nothing", step
        same_files(files, cold(project))


def test_a_second_build_with_nothing_changed_renders_nothing(project):
    warm(project)
    _, cache = warm(project)
    assert (cache.hits, cache.misses) == (cache.hits, 0)
    assert cache.hits > 0


def test_one_changed_record_renders_only_the_pages_that_read_it(project, monkeypatch):
    warm(project)
    rendered = []
    original = Renderer._render_page
    monkeypatch.setattr(
        Renderer,
        "_render_page",
        lambda self, lang, path, *rest: rendered.append(f"{lang}/{path}") or original(self, lang, path, *rest),
    )
    edit(
        project,
        CASE,
        "  en: KNR Systems teams up with Link of Detroit for service in the US",
        "  en: KNR Systems and Link of Detroit",
    )
    warm(project)
    for lang in ("ko", "en"):
        assert f"{lang}/cases/knr-systems-link-partnership.md" in rendered  # the case itself
        assert f"{lang}/programs/kisti-knowledge-mentoring.md" in rendered  # lists the case
        assert f"{lang}/cases/index.md" in rendered
        assert f"{lang}/cases/charmcare-france-supply.md" not in rendered
        assert f"{lang}/programs/tno-sbir.md" not in rendered  # neither lists nor links the case


def test_the_cache_survives_a_new_process(project):
    """What one run saved, a new run (a new BuildCache read from disk) uses."""
    warm(project)
    fresh = BuildCache(project.root / ".cache" / "generator", code_digest(project))
    files = pipeline.generate(project, fresh)
    assert fresh.misses == 0
    same_files(files, cold(project))


def test_an_unreadable_cache_is_an_empty_cache(project):
    warm(project)
    for path in (project.root / ".cache" / "generator").iterdir():
        path.write_bytes(b"\x00garbage" * 10)
    fresh = BuildCache(project.root / ".cache" / "generator", code_digest(project))
    same_files(pipeline.generate(project, fresh), cold(project))
    assert fresh.hits == 0


def corrupt(data: bytes, rng: random.Random) -> bytes:
    """One kind of damage: a few bytes flipped, the file cut short, or a run of bytes overwritten."""
    kind = rng.choice(("flip", "cut", "smear"))
    if kind == "cut":
        return data[: rng.randrange(len(data))]
    damaged = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    else:
        at = rng.randrange(len(data))
        damaged[at : at + 16] = bytes(rng.randrange(256) for _ in range(len(damaged[at : at + 16])))
    return bytes(damaged)


def test_a_damaged_cache_gives_the_bytes_of_a_cold_build(project):
    """Seeded random damage to the cache files: never a different site, a wrong message or a traceback."""
    expected = cold(project)
    warm(project)
    folder = project.root / ".cache" / "generator"
    good = {path: path.read_bytes() for path in sorted(folder.iterdir())}
    rng = random.Random(12)
    for attempt in range(60):
        damaged = rng.choice(list(good))
        for path, data in good.items():
            path.write_bytes(corrupt(data, rng) if path == damaged else data)
        fresh = BuildCache(folder, code_digest(project))
        files = pipeline.generate(project, fresh)
        assert files.keys() == expected.keys(), attempt
        assert [path for path in files if files[path] != expected[path]] == [], attempt


def test_a_cache_of_other_code_is_an_empty_cache(project):
    warm(project)
    other = BuildCache(project.root / ".cache" / "generator", "0" * 40)
    assert other.records == {} and other.pages == {}


def test_a_failing_record_is_checked_again_every_time(project):
    edit(project, CASE, "year: 2012", "year: twenty twelve")
    for _ in range(2):
        cache = BuildCache.for_project(project)
        with pytest.raises(ContentError) as info:
            validate_catalogue(project, cache=cache)
        cache.save()
        assert any("year" in d.format() for d in info.value.diagnostics)


def test_a_dangling_reference_in_a_cached_record_is_placed_at_its_line(project):
    warm(project)  # every record is now cached with only the positions of its references
    (project.root / PROGRAM).unlink()
    with pytest.raises(ContentError) as info:
        validate_catalogue(project, cache=BuildCache.for_project(project))
    messages = [d.format() for d in info.value.diagnostics]
    lines = (project.root / CASE).read_text("utf-8").splitlines()
    line, text = next((n, t) for n, t in enumerate(lines, 1) if "program: kisti-knowledge-mentoring" in t)
    where = f"{CASE}:{line}:{text.index('kisti-knowledge-mentoring') + 1}"  # the value's own line and column
    expected = f"{where}: programs[0].program: no programme record 'kisti-knowledge-mentoring' exists in programs/"
    assert expected in "\n".join(messages)


def test_the_cache_can_be_turned_off(project, monkeypatch):
    monkeypatch.setenv("SMEKB_CACHE", "off")
    pipeline.prepare(project)
    assert not (project.root / ".cache" / "generator").exists()  # .cache/ holds only the build lock


def test_link_fields_are_all_that_the_catalogue_adds_to_a_record(project):
    """Cached pages trust a record's file digest plus its LINK_FIELDS to stand for the whole record."""
    catalogue = validate_catalogue(project)
    schemas = SchemaSet(project.schema_dir)
    for record in (*catalogue.programs, *catalogue.cases):
        kind = "program" if record in catalogue.programs else "case"
        data, _ = schemas.coerce(load_file(project.root / record.source_path, record.source_path).data, kind)
        alone = build_record(type(record), data, id=record.id, source_path=record.source_path)
        assert alone == dataclasses.replace(record, **{name: () for name in LINK_FIELDS[type(record)]})


def test_cache_files_hold_only_this_builds_entries(project):
    warm(project)
    shutil.rmtree(project.root / "cases")
    (project.root / "cases").mkdir()
    cache_dir = project.root / ".cache" / "generator"
    before = (cache_dir / "records.marshal").stat().st_size
    warm(project)
    assert (cache_dir / "records.marshal").stat().st_size < before


def test_the_code_digest_covers_the_stage_folders(project, tmp_path, monkeypatch):
    """An edit in generator/render/ (or any stage folder) must invalidate the cache, not only top-level modules."""
    package = tmp_path / "generator"
    (package / "render").mkdir(parents=True)
    (package / "cli.py").write_text("top = 1\n")
    (package / "render" / "pages.py").write_text("row = 1\n")
    monkeypatch.setattr("generator.cache._PACKAGE", package)
    before = code_digest(project)
    (package / "render" / "pages.py").write_text("row = 2\n")
    assert code_digest(project) != before


def test_a_build_that_reuses_every_page_keeps_their_fragments(project, monkeypatch):
    """A no-change build keeps the list pages' fragments, so a later change re-renders only its own."""
    warm(project)
    warm(project)  # every page reused whole: no fragment is rendered, yet all must stay in the cache
    fragments = []
    original = Renderer.fragment
    monkeypatch.setattr(
        Renderer,
        "fragment",
        lambda self, name, record, cat, lang, folder, render: original(
            self, name, record, cat, lang, folder, lambda: fragments.append((name, record.id)) or render()
        ),
    )
    edit(project, CASE, "  en: KNR Systems teams up with Link of Detroit for service in the US", "  en: KNR")
    BuildCache.for_project(project)  # the cache as a new process reads it from disk
    fresh = BuildCache(project.root / ".cache" / "generator", code_digest(project))
    pipeline.generate(project, fresh)
    assert fragments
    assert {record_id for _, record_id in fragments} <= {"knr-systems-link-partnership", "kisti-knowledge-mentoring"}
