"""A repository that holds only records (programs/ and cases/, no site_config/) can validate them.

The pre-commit hook installs this package without extras, so validating must need neither MkDocs,
nor the theme, nor the Korean analyser, nor the renderer's libraries; the schemas, taxonomy and
strings come inside the package (generator/site_config/ in the wheel).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
# What a validate-only install leaves out: MkDocs, ProperDocs, the theme and Markdown
# extensions, the Korean analyser and the renderer's libraries (markdown-it stays: validate
# checks that rich text renders in full).
SITE_ONLY = ("mkdocs", "properdocs", "material", "pymdownx", "markdown", "kiwipiepy", "jinja2", "nh3")
VALID = (
    f"{len(list((REPO / 'programs').glob('*.yaml')))} programmes and "
    f"{len(list((REPO / 'cases').glob('*.yaml')))} cases are valid."
)
BAD_REFERENCE = "programs:\n  - program: kisti-knowledge-mentoring\n"
HOOK_REPO_PARTS = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "generator", "site_config")

# Runs `python -m generator ARGS` with the site-only packages made unimportable, then lists the
# modules it loaded in MODULES.
BLOCKED_RUN = textwrap.dedent(
    """
    import runpy, sys
    BLOCKED, MODULES, ARGS = sys.argv[1].split(","), sys.argv[2], sys.argv[3:]

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r} (not installed for this test)")

    sys.meta_path.insert(0, Blocker())
    sys.argv = ["generator", *ARGS]
    try:
        runpy.run_module("generator", run_name="__main__", alter_sys=True)
    finally:
        with open(MODULES, "w") as out:
            out.write("\\n".join(sorted(sys.modules)))
    """
)


def content_repo(folder: Path) -> Path:
    """A repository of the bundled records alone: programs/ and cases/, no site_config/."""
    for part in ("programs", "cases"):
        shutil.copytree(REPO / part, folder / part)
    return folder


def run_blocked(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    modules = folder.parent / "modules.txt"
    result = subprocess.run(
        [sys.executable, "-c", BLOCKED_RUN, ",".join(SITE_ONLY), str(modules), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, modules.read_text().split()


def loaded_site_only(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in SITE_ONLY]


def test_validate_needs_no_site_config_and_imports_only_the_light_core(tmp_path):
    repo = content_repo(tmp_path / "content")
    result, modules = run_blocked(repo, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        VALID,
        "(no site_config/ here: checked against the schemas and taxonomy of sme-support-kb 0.1.0)",
    ]
    assert "generator.records.validate" in modules
    assert loaded_site_only(modules) == []


def test_a_bad_record_in_a_content_only_repository_is_reported_with_its_position(tmp_path):
    repo = content_repo(tmp_path / "content")
    case = repo / "cases" / "charmcare-france-supply.yaml"
    text = case.read_text("utf-8")
    assert BAD_REFERENCE in text
    case.write_text(text.replace(BAD_REFERENCE, "programs:\n  - program: no-such-programme\n"), "utf-8")
    result, modules = run_blocked(repo, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = text[: text.index(BAD_REFERENCE)].count("\n") + 2
    where = f"cases/charmcare-france-supply.yaml:{line}:14: programs[0].program: "
    assert result.stderr.startswith(where), result.stderr
    assert "no-such-programme" in result.stderr.splitlines()[0]
    assert loaded_site_only(modules) == []


def test_validate_from_a_subfolder_finds_the_repository_root(tmp_path):
    repo = content_repo(tmp_path / "content")
    result, _ = run_blocked(repo / "cases", "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(VALID)


@pytest.mark.parametrize("command", ["render", "build"])
def test_render_and_build_need_site_config_and_say_so(tmp_path, command):
    repo = content_repo(tmp_path / "content")
    result, modules = run_blocked(repo, command)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {command} needs site_config/ (templates, theme) in {repo.resolve()}; "
        "a repository of records alone can run validate, new and report\n"
    )
    assert not (repo / ".generated").exists() and not (repo / "site").exists()
    assert loaded_site_only(modules) == []


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    return subprocess.run([*command, *args], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


def committed(folder: Path) -> str:
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "test")
    return git(folder, "rev-parse", "HEAD")


def hook_repo(folder: Path) -> str:
    """This project's working tree as a hook repository at one commit (what a content repo pins)."""
    folder.mkdir()
    for part in HOOK_REPO_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / part)
    return committed(folder)


@pytest.mark.slow
def test_the_pre_commit_hook_installs_light_and_checks_a_content_only_repository(tmp_path):
    rev = hook_repo(tmp_path / "hook")
    repo = content_repo(tmp_path / "content")
    config = {"repos": [{"repo": str(tmp_path / "hook"), "rev": rev, "hooks": [{"id": "validate-records"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    committed(repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "store"), "PRE_COMMIT_COLOR": "never"}
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"]

    passed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert VALID in passed.stdout

    (hook_env,) = (tmp_path / "store").glob("repo*/py_env-*")
    probe = "import importlib.util as u, sys; print(' '.join(m for m in sys.argv[1:] if u.find_spec(m)))"
    core = ["yaml", "jsonschema_rs", "markdown_it"]
    installed = subprocess.run(
        [hook_env / "bin" / "python", "-c", probe, *SITE_ONLY, *core], capture_output=True, text=True, check=True
    ).stdout.split()
    assert installed == core

    case = repo / "cases" / "charmcare-france-supply.yaml"
    case.write_text(
        case.read_text("utf-8").replace(BAD_REFERENCE, "programs:\n  - program: no-such-programme\n"), "utf-8"
    )
    failed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1
    assert "cases/charmcare-france-supply.yaml:" in failed.stdout and "no-such-programme" in failed.stdout
    assert "Traceback" not in failed.stdout
