"""Programme processes are drawn as Mermaid diagrams by the bundled Mermaid, offline."""

from __future__ import annotations

import pytest
from browser_helpers import wait_for_diagrams

KISTI = "programs/kisti-knowledge-mentoring/"
KISTI_STEPS = 7


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_kisti_process_is_a_mermaid_diagram_with_one_node_per_step(open_page, watch_of, lang):
    page = open_page(KISTI, lang=lang)
    assert wait_for_diagrams(page) == 1
    diagram = page.locator(".mermaid svg").first
    assert diagram.locator(".node").count() == KISTI_STEPS
    box = diagram.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 300  # drawn, not an empty shell
    assert page.locator("pre.mermaid").count() == 0  # no source left undrawn
    page.wait_for_load_state("networkidle")
    watch = watch_of(page)
    assert watch.foreign_requests == []  # Mermaid came from the site, not from a CDN
    assert watch.problems() == []
