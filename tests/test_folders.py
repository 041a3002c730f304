"""The folders a build reads, writes and cleans: no symbolic links, one build at a time, no leftovers.

MkDocs itself is replaced by a stand-in here (`quick_builds`): what is tested happens around it.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import ContentError
from generator.folders import build_lock, remove_leftovers
from generator.mkdocs_adapter import build as mkdocs_adapter
from generator.pipeline import prepare
from generator.project import Project

WRITTEN = "is a symbolic link; the build deletes and writes files in it, so it must be a real folder inside the project"
PUBLISHED = "is a symbolic link; pages and assets must be regular files in the repository"
HOLD_LOCK = """
import sys
from pathlib import Path
from generator.folders import build_lock
from generator.project import Project
with build_lock(Project(Path(sys.argv[1]))):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def quick_builds(monkeypatch, tmp_path) -> Callable[[], list[Path]]:
    """MkDocs replaced by a stand-in that writes one page; gives a function listing the folders it built into.

    The build runs each language in a process of its own (forked), so the stand-in notes the folders
    in a file, which the function reads.
    """
    log = tmp_path / "quick-builds.txt"

    def build_language(config_file: Path, site_dir: Path, *, strict: bool, dirty: bool = False) -> None:
        site_dir.mkdir(parents=True, exist_ok=True)
        (site_dir / "index.html").write_text(config_file.name, encoding="utf-8")
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{site_dir}\n")

    monkeypatch.setattr(mkdocs_adapter, "build_language", build_language)
    return lambda: [Path(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []


def messages(caught: pytest.ExceptionInfo[ContentError]) -> list[str]:
    return [d.format() for d in caught.value.diagnostics]


def outside_folder(tmp_path: Path) -> Path:
    """A folder outside the project with a file that must stay as it is."""
    target = tmp_path / "outside"
    target.mkdir()
    (target / "credentials.txt").write_text("secret", encoding="utf-8")
    return target


@pytest.mark.parametrize("folder", [".generated", ".generated/ko", ".cache", "site"])
def test_a_linked_folder_that_the_build_writes_is_refused_and_its_target_kept(project, tmp_path, quick_builds, folder):
    target = outside_folder(tmp_path)
    (project.root / folder).parent.mkdir(parents=True, exist_ok=True)
    (project.root / folder).symlink_to(target, target_is_directory=True)
    with pytest.raises(ContentError) as caught:
        mkdocs_adapter.build_site(project)
    assert messages(caught) == [f"{folder}/:1:1: {WRITTEN}"]
    assert [p.name for p in target.iterdir()] == ["credentials.txt"] and quick_builds() == []


@pytest.mark.parametrize("folder", ["docs/en", "site_config/assets", "docs"])
def test_a_linked_folder_that_the_site_publishes_is_refused(project, tmp_path, folder):
    target = outside_folder(tmp_path)
    shutil.copytree(project.root / folder, target, dirs_exist_ok=True)
    shutil.rmtree(project.root / folder)
    (project.root / folder).symlink_to(target, target_is_directory=True)
    with pytest.raises(ContentError) as caught:
        prepare(project)
    assert messages(caught) == [f"{folder}/:1:1: {PUBLISHED}"]
    assert not project.generated_dir.exists()


def test_a_second_build_is_told_that_another_is_running(project, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(project.root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert main(["--root", str(project.root), "render"]) == 1
        assert capsys.readouterr().err == (
            "error: another build is running in project/ (it holds .cache/build.lock); "
            "wait for it to finish, then build again\n"
        )
    finally:
        holder.kill()  # killed, not let go: the system releases the lock of a dead process
        holder.wait()
    assert main(["--root", str(project.root), "render"]) == 0


def test_the_lock_is_taken_once_by_a_build_that_renders_first(project):
    with build_lock(project), build_lock(project):
        prepare(project)
    with build_lock(project):  # released after the outermost
        pass


def ended_process() -> int:
    """The pid of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_leftovers_of_dead_builds_are_removed_and_those_of_live_ones_kept(project):
    dead = ended_process()
    project.site_dir.mkdir()  # else the old site is put back (tests/test_killed_build.py)
    for name in (f".site-staging-{dead}-k2j4", f".site-old-{dead}", ".site-staging-1-live", ".site-staging-x"):
        (project.root / name).mkdir()
        (project.root / name / "index.html").write_text("old", encoding="utf-8")
    with build_lock(project):
        assert remove_leftovers(project) == [f".site-old-{dead}", f".site-staging-{dead}-k2j4"]
    assert sorted(p.name for p in project.root.glob(".site-*")) == [".site-staging-1-live", ".site-staging-x"]


def test_a_build_cleans_up_after_a_killed_one_and_names_its_staging_folder_by_its_pid(project, quick_builds):
    dead = ended_process()
    (project.root / f".site-staging-{dead}-abcd" / "en").mkdir(parents=True)
    (project.root / f".site-old-{dead}").mkdir()
    mkdocs_adapter.build_site(project)
    assert quick_builds()[0].name.startswith(f".site-staging-{os.getpid()}-")
    assert list(project.root.glob(".site-*")) == []
    assert (project.site_dir / "index.html").read_text(encoding="utf-8") == "mkdocs.yml"


@pytest.mark.parametrize("command", ["render", "build"])
def test_a_folder_that_cannot_be_written_gets_a_message(project, quick_builds, monkeypatch, capsys, command):
    original = Path.mkdir

    def refuse(self: Path, *args, **kwargs) -> None:
        if self.is_relative_to(project.root):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)  # as on a read-only file system (root may write anywhere else)
    assert main(["--root", str(project.root), command]) == 1
    assert capsys.readouterr().err == (
        "error: cannot write .cache: permission denied; render and build write .generated/, .cache/ and site/ in "
        "the project folder, which must be writable\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
def test_a_read_only_project_folder_gets_a_message(project: Project, capsys):
    project.root.chmod(0o555)
    try:
        assert main(["--root", str(project.root), "render"]) == 1
    finally:
        project.root.chmod(0o755)
    assert capsys.readouterr().err.startswith("error: cannot write .cache: permission denied;")


def test_a_generated_path_that_is_a_file_gets_a_message(project, capsys):
    project.generated_dir.write_text("not a folder", encoding="utf-8")
    assert main(["--root", str(project.root), "render"]) == 1
    assert capsys.readouterr().err.startswith("error: cannot write .generated/en: not a directory;")
