"""The GitHub Actions workflows and the pre-commit hook: linted, audited and checked for safe settings.

actionlint (the maintained kjanat fork, installed from requirements-test.lock) must report
nothing. zizmor runs offline with its strictest persona (auditor) and must report nothing
but ACCEPTED_ZIZMOR: the CI container image is pinned by tag, not by digest (a pedantic
finding), because a digest cannot be checked from here; pin it with
`docker buildx imagetools inspect python:3.11-bookworm` when updating the image.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
ACCEPTED_ZIZMOR = {"unpinned-images"}
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")


def tool(name: str) -> str:
    """A command installed beside this Python (the venv) or on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed; run: .venv/bin/pip install -r requirements-test.lock")
    return found


def load(path: Path) -> dict:
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # BaseLoader: `on` stays a string
    assert isinstance(data, dict)
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_there_are_workflows():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "freshness.yml", "harvest.yml"]


def test_actionlint_reports_nothing():
    result = subprocess.run(
        [tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_reports_nothing_beyond_the_accepted():
    result = subprocess.run(
        [
            tool("zizmor"),
            "--offline",
            "--no-config",
            "--persona",
            "auditor",
            "--format",
            "json",
            "--collect=workflows,pre-commit",
            ".",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.stdout.strip(), result.stderr
    findings = json.loads(result.stdout)
    found = {(f["ident"], f["determinations"]["persona"]) for f in findings}
    assert {ident for ident, _ in found} <= ACCEPTED_ZIZMOR, findings
    assert all(persona == "Pedantic" for _, persona in found), findings


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_never_pull_request_target(path):
    code = [line for line in path.read_text("utf-8").splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in code if "pull_request_target" in line]
    assert "pull_request_target" not in load(path)["on"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_read_only_by_default_and_pages_rights_only_where_deployed(path):
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        uses = [step.get("uses", "") for step in job.get("steps", [])]
        if any(u.startswith("actions/deploy-pages@") for u in uses):
            assert permissions == {"pages": "write", "id-token": "write"}, name
            assert job["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
        elif (path.name, name) == ("harvest.yml", "pull-request"):
            assert permissions == {"contents": "write", "pull-requests": "write"}  # and no key: see below
        else:
            assert permissions == {}, f"job {name} must not widen the permissions"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_no_credentials_and_actions_are_pinned(path):
    text = path.read_text("utf-8")
    for job, step in steps(load(path)):
        uses = step.get("uses")
        if not uses:
            continue
        assert PINNED.fullmatch(uses), f"{job}: {uses} is not pinned to a full commit SHA"
        assert re.search(rf"{re.escape(uses)} # v\d+\.\d+\.\d+\n", text), f"{uses} needs its tag in a comment"
        if uses.startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false"


def test_pull_requests_validate_with_annotations_build_strictly_and_test():
    workflow = load(REPO / ".github" / "workflows" / "ci.yml")
    assert set(workflow["on"]) >= {"pull_request", "push"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    runs = [step.get("run", "").strip() for _, step in steps(workflow)]
    assert ".venv/bin/python -m generator validate --format github" in runs
    assert "make site" in runs  # `generator build` is strict unless told --no-strict
    assert "make test" in runs
    assert any("apt-get install" in r and "chromium fonts-noto-cjk" in r for r in runs)
    assert runs.index(".venv/bin/python -m generator validate --format github") < runs.index("make site")


def test_the_published_build_refuses_to_run_without_a_site_address():
    workflow = load(REPO / ".github" / "workflows" / "ci.yml")
    check = workflow["jobs"]["check"]
    assert check["env"]["SITE_URL"] == "${{ vars.SITE_URL }}"
    deploy_if = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    builds = {step.get("if"): step["run"] for step in check["steps"] if step.get("run", "").startswith("make site")}
    assert builds == {
        "github.event_name == 'pull_request' || github.ref != 'refs/heads/main'": "make site",
        deploy_if: "make site BUILD_FLAGS=--require-site-url",
    }
    upload = next(step for step in check["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["if"] == deploy_if


def test_pre_commit_hook():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hooks == [
        {
            "id": "validate-records",
            "name": "validate records",
            "description": hooks[0]["description"],
            "entry": "python -m generator validate",
            "language": "python",
            "pass_filenames": False,
            "files": "^(programs|cases|site_config)/",
        }
    ]
    pattern = re.compile(hooks[0]["files"])
    assert pattern.search("cases/acme.yaml") and pattern.search("site_config/taxonomy.yaml")
    assert not pattern.search("docs/en/about.md")


def test_weekly_freshness_report_and_link_check_into_the_job_summary():
    workflow = load(REPO / ".github" / "workflows" / "freshness.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    [schedule] = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    runs = [step.get("run", "").strip() for _, step in steps(workflow)]
    assert '.venv/bin/python -m generator report --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    assert '.venv/bin/python -m generator links --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    ci_pins = set(re.findall(r"uses: (\S+)", (REPO / ".github" / "workflows" / "ci.yml").read_text("utf-8")))
    assert {step["uses"] for _, step in steps(workflow) if "uses" in step} <= ci_pins


def test_weekly_harvest_keeps_the_keys_and_the_write_rights_in_separate_jobs():
    path = REPO / ".github" / "workflows" / "harvest.yml"
    workflow = load(path)
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    [schedule] = workflow["on"]["schedule"]
    assert schedule["cron"].split()[2:4] == ["*", "*"] and schedule["cron"].split()[4].isdigit()
    harvest, pull_request = workflow["jobs"]["harvest"], workflow["jobs"]["pull-request"]
    assert harvest["environment"] == "harvest" and harvest.get("permissions", {}) == {}
    [keyed] = [step for step in harvest["steps"] if "env" in step]
    assert keyed["env"] == {
        "BIZINFO_API_KEY": "${{ secrets.BIZINFO_API_KEY }}",
        "DATA_GO_KR_SERVICE_KEY": "${{ secrets.DATA_GO_KR_SERVICE_KEY }}",
    }
    assert keyed["run"] == ".venv/bin/python -m generator harvest --review > harvest-summary.md"
    assert "secrets." not in yaml.safe_dump(pull_request)  # the job that can push never sees a key
    assert pull_request["needs"] == "harvest"
    assert any("gh pr create" in step.get("run", "") for step in pull_request["steps"])
