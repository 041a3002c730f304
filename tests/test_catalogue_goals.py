"""The bundled catalogue keeps issue 10's goals: enough programmes and stories, each acting on a
public https source beyond the 2013 article, and every programme with an official or operator link."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.project import Project
from generator.records.validate import validate_catalogue

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "article-2013"


@pytest.fixture(scope="module")
def catalogue():
    return validate_catalogue(Project(REPO))


def test_the_catalogue_has_the_families_an_sme_compares(catalogue):
    assert len(catalogue.programs) >= 25 and len(catalogue.cases) >= 12


def test_every_record_cites_a_public_https_source_besides_the_article(catalogue):
    lacking = [
        r.id
        for r in (*catalogue.programs, *catalogue.cases)
        if not any(s.url and s.url.startswith("https://") and s.id != ARTICLE for s in r.sources)
    ]
    assert lacking == []


def test_every_programme_has_an_official_or_operator_link(catalogue):
    assert [p.id for p in catalogue.programs if not {"official", "operator"} & {link.kind for link in p.links}] == []
