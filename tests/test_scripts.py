"""The site's own scripts: each parses, and the ES modules link (every imported name is exported).

Node.js does the checking (`node --check`, then an import with a stub `document` that has no mount
points, so a page script links and returns without touching the page). Without Node.js these
tests skip locally and fail under CI, like the browser tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "site_config" / "assets" / "javascripts"
CLASSIC = {"search-worker.js"}  # a Web Worker script, not a module
# What a module may find when it is imported outside a browser: nothing to mount on.
STUB = "globalThis.document = { getElementById: () => null }; globalThis.location = new URL('http://localhost/');"


def node() -> str:
    """The node command; skips without it, except under CI where that is a failure."""
    found = shutil.which("node")
    if not found:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail("node is not installed (CI is set: the script checks must run)", pytrace=False)
        pytest.skip("node is not installed (apt-get install nodejs)")
    return found


def own_scripts() -> list[Path]:
    return sorted(SCRIPTS.glob("*.js"))


def module_scripts() -> set[str]:
    """The scripts mkdocs.yml loads as modules, and the modules they import."""
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    listed = {
        Path(entry["path"]).name
        for entry in config["extra_javascript"]
        if isinstance(entry, dict) and entry.get("type") == "module"
    }
    return listed | {"kb-common.js"}


def test_every_script_is_classic_or_a_listed_module():
    assert {p.name for p in own_scripts()} == CLASSIC | module_scripts()


@pytest.mark.parametrize("script", own_scripts(), ids=lambda p: p.name)
def test_script_parses(script: Path):
    kind = "commonjs" if script.name in CLASSIC else "module"
    # From standard input, so that --input-type says how to parse it (Node 18 and later).
    result = subprocess.run(
        [node(), f"--input-type={kind}", "--check"],
        input=script.read_text("utf-8"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", sorted(module_scripts()))
def test_module_links_and_loads(name: str):
    url = (SCRIPTS / name).as_uri()
    code = f"{STUB} await import({json.dumps(url)}); console.log('loaded');"
    result = subprocess.run([node(), "--input-type=module", "-e", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "loaded", result.stderr


def test_a_missing_export_is_caught(tmp_path: Path):
    """The link check is real: importing a name the shared module does not export fails."""
    (tmp_path / "kb-common.js").write_text((SCRIPTS / "kb-common.js").read_text("utf-8"), "utf-8")
    (tmp_path / "page.js").write_text('import { notThere } from "./kb-common.js";\nnotThere();\n', "utf-8")
    code = f"{STUB} await import({json.dumps((tmp_path / 'page.js').as_uri())});"
    result = subprocess.run([node(), "--input-type=module", "-e", code], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "notThere" in result.stderr


def test_the_search_worker_stems_english_query_words_with_the_rules_of_the_index():
    """The worker has no English rules of its own: it takes the index's from the stub, and stems alike."""
    from generator.search import index

    words = [
        "companies",
        "classes",
        "training",
        "funded",
        "boxes",
        "grants",
        "bus",
        "analysis",
        "press",
        "sing",
        "red",
        "its",
        "exports",
        "supplies",
        "mentoring",
    ]
    stub = index.build_index({"lang": ["en"]}, [], index.Analyser(None))["search_index.json"]
    kb = json.loads(stub)["config"]["kb"]
    worker = (SCRIPTS / "search-worker.js").read_text("utf-8")
    code = (
        "const vm = require('vm'); const context = vm.createContext({ addEventListener() {}, self: {} });"
        f"vm.runInContext({json.dumps(worker)}, context);"
        f"vm.runInContext('kb = ' + {json.dumps(json.dumps(kb))}, context);"
        f"console.log(JSON.stringify(vm.runInContext({json.dumps(json.dumps(words))} + '.map(englishStem)', context)));"
    )
    result = subprocess.run([node(), "-e", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [index.english_stem(word) for word in words]
    assert '"ies"' not in worker and "ss|us|is" not in worker  # no second copy of the rules to drift
