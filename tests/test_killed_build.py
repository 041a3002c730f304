"""A build killed at any moment: its forked children end with it, the lock goes, and the previous site survives.

Each test runs `python -m generator build` (or the site swap alone) in a subprocess with a kill
point injected by a small wrapper script (no switch in the generator itself), kills it there, and
then checks what the next build finds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import folders
from generator.cli import main
from generator.project import Project

pytestmark = pytest.mark.slow

#: Runs the CLI build with the language children held: each notes its pid; the English one renders for
#: ever (so the Korean one, rendered, waits on its socket for the go); `no-pdeathsig` takes the
#: parent-death signal away, so that the portable fallback alone must end the children.
HELD_BUILD = """
import os, sys, time
from pathlib import Path
from generator import workers
from generator.mkdocs_adapter import parallel
from generator.cli import main

notes = Path(sys.argv[1])
if sys.argv[2] == "no-pdeathsig":
    workers._die_with_parent = lambda: None
real = parallel._language_work

def held(project, generation, job, strict, pipe):
    (notes / f"{job.lang}.pid").write_text(str(os.getpid()))
    if job.lang == "en":
        while True:
            time.sleep(1)
    real(project, generation, job, strict, pipe)

parallel._language_work = held
(notes / "parent.pid").write_text(str(os.getpid()))
sys.exit(main(["--root", sys.argv[3], "build", "--no-strict"]))
"""

#: Swaps the folder `staging` in for `site` and kills itself at the step named in argv (`mode`: with
#: the atomic exchange, or with the two renames it falls back to).
KILLED_SWAP = """
import os, signal, sys
from pathlib import Path
from generator import folders

root, step, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if mode == "renames":
    folders._exchange = lambda a, b: False

def kill_at(name):
    if name == step:
        (root / "killed-at").write_text(name)
        os.kill(os.getpid(), signal.SIGKILL)

folders.SWAP_STEP = kill_at
staging = root / f".site-staging-{os.getpid()}-x"
os.rename(root / "new-site", staging)
folders.swap_in(staging, root / "site")
kill_at("end")
"""


def gone(pid: int) -> bool:
    """True once every thread of the process has ended (a zombie waiting for its reaper counts as ended).

    Every thread: a leader that has ended shows as a zombie while its other threads still hold its files.
    """
    states = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            states.append((task / "stat").read_text().rsplit(")", 1)[1].split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return all(state in ("Z", "X") for state in states)


def wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def env_with_checkout() -> dict[str, str]:
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", ""), "SMEKB_JOBS": "2"}


@pytest.mark.parametrize("fallback", ["pdeathsig", "no-pdeathsig"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_children_of_a_killed_build_end_with_it_and_the_next_build_works(project, tmp_path, how, fallback):
    notes = tmp_path / "notes"
    notes.mkdir()
    build = subprocess.Popen(
        [sys.executable, "-c", HELD_BUILD, str(notes), fallback, str(project.root)],
        env=env_with_checkout(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert wait_for(lambda: all((notes / f"{lang}.pid").exists() for lang in ("ko", "en")), 120), build.stderr
        children = [int((notes / f"{lang}.pid").read_text()) for lang in ("ko", "en")]
        assert wait_for(lambda: not all(gone(pid) for pid in children), 1)
        time.sleep(0.5)  # the Korean child has rendered and waits on its socket
        build.send_signal(how)
        build.wait(timeout=30)
        assert wait_for(lambda: all(gone(pid) for pid in children), 5), "a child outlived its build"
    finally:
        build.kill()
        build.wait()
        for note in notes.glob("[a-z][a-z].pid"):  # never leave a child behind, even when the test fails
            pid = int(note.read_text())
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
    assert main(["--root", str(project.root), "build", "--no-strict"]) == 0
    assert (project.site_dir / "index.html").is_file()


def site_tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text() for p in sorted(site.rglob("*")) if p.is_file()}


def make_site(folder: Path, word: str) -> None:
    for rel in ("index.html", "en/index.html", "programs/asti/index.html"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(f"{word} {rel}")


SWAP_STEPS = {
    "exchange": ["before exchange", "exchanged", "end"],
    "renames": ["before renames", "site moved aside", "staging moved in", "end"],
}


@pytest.mark.parametrize(
    ("mode", "step"), [(mode, step) for mode, steps in SWAP_STEPS.items() for step in steps], ids=lambda v: v
)
def test_a_kill_at_any_step_of_the_site_swap_leaves_a_whole_site(tmp_path, mode, step):
    root = tmp_path / "project"
    make_site(root / "site", "old")
    make_site(root / "new-site", "new")
    old, new = site_tree(root / "site"), site_tree(root / "new-site")
    killed = subprocess.run([sys.executable, "-c", KILLED_SWAP, str(root), step, mode], env=env_with_checkout())
    assert killed.returncode == -signal.SIGKILL and (root / "killed-at").read_text() == step
    project = Project(root)
    with folders.build_lock(project):
        folders.remove_leftovers(project)  # what the next build does first
    assert site_tree(root / "site") in (old, new)
    assert list(root.glob(".site-*")) == []
    if step == "end" or step in ("exchanged", "staging moved in"):
        assert site_tree(root / "site") == new


def test_a_failing_build_after_a_kill_between_the_renames_keeps_the_previous_site(project, tmp_path):
    make_site(project.site_dir, "old")
    make_site(project.root / "new-site", "new")
    old = site_tree(project.site_dir)
    args = [sys.executable, "-c", KILLED_SWAP, str(project.root), "site moved aside", "renames"]
    assert subprocess.run(args, env=env_with_checkout()).returncode == -signal.SIGKILL
    assert not project.site_dir.exists()  # the moment the attack found
    record = project.root / "programs" / "asti.yaml"
    record.write_text(record.read_text("utf-8").replace("kind: network", "kind: nonsense", 1), "utf-8")
    assert main(["--root", str(project.root), "build"]) == 1
    assert site_tree(project.site_dir) == old
