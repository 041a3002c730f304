"""SOURCE_DATE_EPOCH: a value that is not a build time is refused with one message naming it (issue 23)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest

from generator.build_time import MAX_EPOCH, BuildDateError, epoch_from_env
from generator.freshness import build_date

NOT_TIMES = ["abc", "1e9", "17640000.5", "-1", "\u0661\u0662\u0663", str(MAX_EPOCH + 1), "99999999999999999999"]


@pytest.mark.parametrize("value", NOT_TIMES)
def test_a_value_that_is_not_a_build_time_is_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(BuildDateError, match=r"^SOURCE_DATE_EPOCH: '.*' is not a build time; expected whole seconds"):
        epoch_from_env()
    with pytest.raises(BuildDateError):
        build_date()


def test_the_last_day_of_9999_is_a_build_date_and_empty_is_unset(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MAX_EPOCH))
    assert build_date() == datetime.date(9999, 12, 31)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")
    assert epoch_from_env() is None


def _run(project, command: str, epoch: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), command],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch, "SMEKB_CACHE": "off"},
    )


@pytest.mark.parametrize(("command", "status", "start"), [("render", 2, "error: "), ("build", 1, "build failed: ")])
@pytest.mark.parametrize("epoch", ["soon", "253402300800000"])
def test_render_and_build_say_the_same_thing_and_build_nothing(project, command, status, start, epoch):
    done = _run(project, command, epoch)
    assert done.returncode == status, done.stdout + done.stderr
    assert done.stderr.startswith(f"{start}SOURCE_DATE_EPOCH: '{epoch}' is not a build time;"), done.stderr
    assert "Traceback" not in done.stderr
    assert not project.site_dir.exists() and not project.generated_dir.exists()
