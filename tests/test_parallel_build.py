"""The build on every core (one forked process per language) against the same build in one process.

Both must give the same bytes, keep the previous site when either language fails, and report a
problem met in a child process exactly as one process does: `path:line:col` lines, no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from project_copy import copy_project
from test_build import tree_digest

from generator import cache as build_cache
from generator import pipeline, workers
from generator.mkdocs_adapter import parallel
from generator.mkdocs_adapter.build import BuildFailed, build_site
from generator.project import Project
from generator.site_address import site_url_from_env

pytestmark = pytest.mark.slow


@pytest.fixture
def project_with_site(project, built_project) -> Project:
    """A fresh copy of the project that already has a built site/ (copied, not rebuilt)."""
    shutil.copytree(built_project.site_dir, project.site_dir)
    return project


def test_jobs_follow_the_setting_and_the_work(monkeypatch):
    monkeypatch.setenv("SMEKB_JOBS", "1")
    assert workers.jobs(2) == 1
    monkeypatch.setenv("SMEKB_JOBS", "8")
    assert workers.jobs(2) == 2  # never more processes than parts of the work
    monkeypatch.setenv("SMEKB_JOBS", "none")
    assert 1 <= workers.jobs(2) <= 2


def test_parallel_build_gives_the_bytes_of_a_one_process_build(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SMEKB_JOBS", "2")
    build_site(project)
    one = copy_project(tmp_path / "one")
    monkeypatch.setenv("SMEKB_JOBS", "1")
    build_site(one)
    parallel_site, one_site = tree_digest(project.site_dir), tree_digest(one.site_dir)
    assert parallel_site.keys() == one_site.keys()
    assert [path for path in parallel_site if parallel_site[path] != one_site[path]] == []
    assert tree_digest(project.generated_dir) == tree_digest(one.generated_dir)
    assert "en/search/kb/pages.json" in parallel_site
    for site in (project.site_dir, one.site_dir):  # the English site, built apart and moved in, reads as the rest
        assert (site / "en").stat().st_mode == (site / "programs").stat().st_mode == site.stat().st_mode


def test_the_pages_rendered_in_the_children_are_kept_in_the_build_cache(project, monkeypatch):
    monkeypatch.setenv("SMEKB_JOBS", "2")
    build_site(project)
    build_cache._OPEN.clear()  # read it back from disk, as the next build process would
    cache = build_cache.BuildCache.for_project(project)
    pipeline.generate(project, cache, site_url_from_env())  # the address is part of a page's key
    assert cache.misses == 0 and cache.hits > 0


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_mkdocs_failure_in_either_language_keeps_the_previous_site(project_with_site, monkeypatch, lang):
    monkeypatch.setenv("SMEKB_JOBS", "2")
    project = project_with_site
    before = tree_digest(project.site_dir)
    about = project.root / "docs" / lang / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[nowhere](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="strict"):
        build_site(project)
    assert tree_digest(project.site_dir) == before
    assert not list(project.root.glob(".site-staging-*"))


def _cli_build(project: Project, jobs: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), "build"],
        capture_output=True,
        text=True,
        cwd=project.root,
        env={**os.environ, "SMEKB_JOBS": jobs},
        timeout=300,
    )


def test_a_problem_found_in_a_child_reads_as_in_one_process(project_with_site):
    project = project_with_site
    before = tree_digest(project.site_dir)
    # Found while rendering the English pages, so in the English child of a parallel build.
    (project.root / "docs" / "en" / "linked.md").symlink_to(project.root / "README.md")
    parallel_run, one_run = _cli_build(project, "2"), _cli_build(project, "1")
    assert parallel_run.returncode == one_run.returncode == 1
    assert parallel_run.stderr == one_run.stderr
    assert parallel_run.stderr.startswith("docs/en/linked.md:1:1: is a symbolic link"), parallel_run.stderr
    assert "Traceback" not in parallel_run.stderr
    assert tree_digest(project.site_dir) == before
    assert not (project.generated_dir / "ko").exists()  # nothing written while a language has a problem


def test_a_child_that_fails_unexpectedly_fails_the_build_in_one_line(project_with_site, monkeypatch, capfd):
    monkeypatch.setenv("SMEKB_JOBS", "2")
    project = project_with_site
    before = tree_digest(project.site_dir)

    def broken(project, generation, job, strict, pipe):
        raise RuntimeError(f"no disk for {job.lang}")

    monkeypatch.setattr(parallel, "_language_work", broken)
    with pytest.raises(BuildFailed, match=r"^the ko build: RuntimeError: no disk for ko \(at test_parallel_build"):
        build_site(project)
    assert "Traceback" not in capfd.readouterr().err
    assert tree_digest(project.site_dir) == before
