"""The official portals (site_config/portals.yaml): checked like the records, and handed to the finder.

The finder names them as next steps (tests/browser/test_find.py drives that in Chromium); here the
file's checks, each with its exact message, and which place options each portal answers.
"""

from __future__ import annotations

import pytest

from generator.diagnostics import ContentError
from generator.publish.finder import finder_data
from generator.records.validate import validate_catalogue

PORTALS = "site_config/portals.yaml"


def edit(project, old: str, new: str) -> None:
    path = project.root / PORTALS
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def messages(project) -> list[str]:
    with pytest.raises(ContentError) as info:
        validate_catalogue(project)
    return [d.format() for d in info.value.diagnostics]


def line_of(project, text: str) -> int:
    lines = (project.root / PORTALS).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_bundled_portals_are_in_the_catalogue(bundled):
    catalogue, _ = bundled
    assert [p.id for p in catalogue.portals] == ["bizinfo", "k-startup", "eu-funding-tenders", "sbir-gov"]
    assert all(p.url.startswith("https://") and p.sources for p in catalogue.portals)


def test_a_place_that_is_no_code_is_refused_at_its_position(project):
    edit(project, "places: [US]", "places: [USA]")
    line = line_of(project, "places: [USA]")
    assert messages(project) == [
        f"{PORTALS}:{line}:14: portals[3].places[0]: 'USA' is not valid; expected a two-letter ISO 3166-1 code"
        " such as FR, or a region id of site_config/places.yaml such as europe"
    ]


def test_a_region_the_places_file_does_not_know_is_refused(project):
    edit(project, "places: [eu]", "places: [europa]")
    line = line_of(project, "places: [europa]")
    assert messages(project) == [
        f"{PORTALS}:{line}:14: portals[2].places[0]: 'europa' is not a region of site_config/places.yaml "
        "(did you mean 'europe'?); expected an ISO 3166-1 code such as FR, or one of: eu, europe"
    ]


def test_two_portals_with_one_id_are_refused(project):
    edit(project, "  - id: k-startup\n", "  - id: bizinfo\n")
    line = line_of(project, "name: {ko: K-스타트업") - 2  # the second "- id: bizinfo"
    assert messages(project) == [
        f"{PORTALS}:{line}:9: portals[1].id: the id 'bizinfo' is used by an earlier portal; give each portal its own id"
    ]


def test_an_address_must_be_https(project):
    edit(project, "url: https://www.k-startup.go.kr\n", "url: http://www.k-startup.go.kr\n")
    line = line_of(project, "url: http://www.k-startup.go.kr")
    assert messages(project) == [
        f"{PORTALS}:{line}:10: portals[1].url: 'http://www.k-startup.go.kr' is not valid; expected an https://"
        " address (links must use https)"
    ]


def test_each_portal_answers_the_place_options_that_share_a_country_with_it(bundled):
    catalogue, strings = bundled
    data = finder_data(catalogue, "en", strings.bound("en"))
    by_id = {portal["id"]: portal for portal in data["portals"]}
    place_options = {o[0] for f in data["facets"] if f.get("places") for o in f["options"]}
    assert {"KR", "NL", "eu", "europe", "US"} <= place_options
    assert "KR" in by_id["bizinfo"]["o"] and "eu" not in by_id["bizinfo"]["o"]
    assert {"NL", "eu", "europe"} <= set(by_id["eu-funding-tenders"]["o"]) and "KR" not in by_id["eu-funding-tenders"][
        "o"
    ]
    assert by_id["sbir-gov"]["o"] == ["US"]
    assert by_id["bizinfo"]["source"] == "동아일보, 2017-10-26"
    assert [f["key"] for f in data["facets"] if f.get("places")] == ["market", "country", "applicants"]
