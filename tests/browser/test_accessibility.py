"""axe-core (axe-playwright-python, which bundles it: nothing is fetched) finds no serious or critical
violation on the home, programme index, programme, case, compare and find pages, in both languages.

The compare and find pages are checked with their scripts' controls on screen (a comparison shown,
a filter chosen, an option disabled), since that is where most of their markup is.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import wait_for_diagrams

PAGES = {
    "home": "",
    "programme index": "programs/",
    "programme": "programs/kisti-knowledge-mentoring/",
    "case": "cases/charmcare-france-supply/",
    "compare": "compare/?p=kisti-knowledge-mentoring,gri-sme-technology-support",
    "find": "find/?country=KR",
    "find, nothing matches": "find/?country=US&support=mentoring",
}
READY = {  # what shows that the page's own script has run
    "compare": ".kb-compare:not([hidden]) .kb-compare__table",
    "find": ".kb-find:not([hidden]) .kb-option",
    "find, nothing matches": ".kb-find__empty:not([hidden])",
}
BLOCKING = ("serious", "critical")
# Rules left out of the check, each for named elements only, with the reason. None today: Material's
# search dialog had no accessible name (aria-dialog-name); site_config/overrides/partials/search.html adds one.
EXCLUDED_RULES: dict[str, list[str]] = {}


def blocking(violations: list[dict]) -> list[dict]:
    """The serious and critical violations, less each excluded rule on its own element."""
    found = []
    for violation in violations:
        skip = [[selector] for selector in EXCLUDED_RULES.get(violation["id"], [])]
        nodes = [node for node in violation["nodes"] if node["target"] not in skip]
        if violation["impact"] in BLOCKING and nodes:
            found.append({**violation, "nodes": nodes})
    return found


def describe(violations: list[dict]) -> str:
    """One line per element: rule id, impact, CSS target and axe's summary of what is wrong."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{violation['id']} ({violation['impact']}) at {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe() -> Axe:
    """The axe-core runner (its script is read once from the installed package)."""
    return Axe()


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_serious_or_critical_violation(open_page, axe, lang, name):
    page = open_page(PAGES[name], lang=lang)
    wait_for_diagrams(page)
    if name in READY:
        page.locator(READY[name]).first.wait_for()
    found = blocking(axe.run(page).response["violations"])
    assert found == [], f"{lang} {name} ({page.url}):\n{describe(found)}"
