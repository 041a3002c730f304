from generator.pipeline import check


def test_bundled_records_are_valid(project):
    catalogue, _ = check(project)
    assert [p.id for p in catalogue.programs] == sorted(p.id for p in catalogue.programs)
    ids = {c.id for c in catalogue.cases}
    assert {"charmcare-france-supply", "knr-systems-link-partnership"} <= ids
    assert len(ids) == len(list(project.root.glob("cases/*.yaml")))
