"""`python -m generator new program|case ID`: a commented skeleton that validates once its placeholders are replaced."""

from __future__ import annotations

import datetime
import re

import pytest

from generator.cli import main
from generator.diagnostics import ContentError
from generator.pipeline import check
from generator.records.load import load_file
from generator.records.schema import SchemaSet

TODAY = datetime.date(2027, 3, 4)
SCHEMA_LINE = "# yaml-language-server: $schema=../site_config/schema/{}.schema.json"


def run(project, *args: str) -> int:
    return main(["--root", str(project.root), *args])


#: The placeholders of the fields that take a choice, and what the tests choose (issue 23: none is made for them).
CHOICES = {
    r'"TODO: choose / 고르세요: ([^,"]+)[^"]*"': r"\1",
    r'"TODO: choose the id of a programme in programs/[^"]*"': "{program}",
    r'"TODO: country code such as KR[^"]*"': "KR",
    r'"TODO: a number / 숫자"': "2013",
    r'"TODO: YYYY-MM-DD"': "2026-01-31",
    r'"TODO: year, year-month or date[^"]*"': '"2013"',
}


def texts_filled_in(path) -> None:
    """Replace the placeholders of a skeleton's texts, and leave its choices as they are."""
    choice = re.compile("|".join(f"(?:{pattern})" for pattern in CHOICES))
    text = path.read_text("utf-8")
    text = re.sub(r'"TODO: [^"]*"', lambda m: m.group() if choice.fullmatch(m.group()) else '"Filled in (채움)"', text)
    path.write_text(text, "utf-8")


def filled_in(path, program: str = "asti") -> None:
    """Replace every placeholder of a skeleton, as its author would: write the texts, make the choices."""
    texts_filled_in(path)
    text = path.read_text("utf-8")
    for pattern, value in CHOICES.items():
        text = re.sub(pattern, value.replace("{program}", program), text)
    path.write_text(text, "utf-8")


def test_new_case_is_refused_until_its_placeholders_are_replaced(project, capsys):
    assert run(project, "new", "case", "acme-export-contract") == 0
    assert "Wrote cases/acme-export-contract.yaml" in capsys.readouterr().out
    path = project.root / "cases" / "acme-export-contract.yaml"
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE.format("case")
    assert run(project, "validate") == 1
    err = capsys.readouterr().err
    line = text.splitlines().index('  en: "TODO: Headline (in English)"') + 1
    assert (
        f"cases/acme-export-contract.yaml:{line}:7: title.en: is still a placeholder"
        " (the text 'TODO: Headline (in English)'); write the real value" in err
    )
    assert all("is still a placeholder" in problem for problem in err.splitlines()[:-1])
    filled_in(path)
    catalogue, _ = check(project)
    case = catalogue.case_by_id["acme-export-contract"]
    assert case.programs == ("asti",)
    assert case.title.get("en") == "Filled in (채움)"


@pytest.mark.parametrize(
    ("kind", "unchosen"),
    [
        (
            "case",
            {
                "company.country": "an ISO 3166-1 country code such as KR or FR, or a region of"
                " site_config/places.yaml: eu, europe",
                "programs[0].program": "the id of a programme in programs/: asti, ",
                "programs[0].certainty": "one of: confirmed, suggested",
                "year": "a number, written in digits",
                "sources[0].kind": "one of the terms of 'source_kinds' in site_config/taxonomy.yaml: operator-page,",
                "last_reviewed": "a date written YYYY-MM-DD",
            },
        ),
        (
            "program",
            {
                "kind": "one of the terms of 'record_kinds' in site_config/taxonomy.yaml: programme, network",
                "country": "an ISO 3166-1 country code such as KR or FR",
                "support_types[0]": "one of the terms of 'support_types' in site_config/taxonomy.yaml: mentoring,",
                "eligibility.company_sizes[0]": "one of the terms of 'company_sizes' in site_config/taxonomy.yaml:",
                "eligibility.sectors[0]": "one of the terms of 'sectors' in site_config/taxonomy.yaml: A, B, C,",
                "cost.model": "one of the terms of 'costs' in site_config/taxonomy.yaml: free, unknown, co-funding",
                "delivery.model": "one of the terms of 'delivery_models' in site_config/taxonomy.yaml:",
                "status.value": "one of the terms of 'statuses' in site_config/taxonomy.yaml: active, planned,",
                "status.as_of": "a year such as 2013, a year-month such as 2013-02, or a date such as 2013-02-01",
                "sources[0].kind": "one of the terms of 'source_kinds' in site_config/taxonomy.yaml:",
                "last_reviewed": "a date written YYYY-MM-DD",
            },
        ),
    ],
)
def test_a_skeleton_with_only_its_texts_written_names_each_unchosen_field(project, kind, unchosen):
    """No choice is made for the author (issue 23): a programme, certainty, year, country or kind waits for one."""
    assert run(project, "new", kind, "acme-new") == 0
    texts_filled_in(project.record_dir(kind) / "acme-new.yaml")
    with pytest.raises(ContentError) as info:
        check(project)
    found = {d.field: d.message for d in info.value.diagnostics}
    assert set(found) == set(unchosen)
    for field, choices in unchosen.items():
        assert found[field].startswith("is still a placeholder (the text 'TODO: "), field
        assert f"; choose {choices}" in found[field], field


def test_new_program_is_refused_until_its_placeholders_are_replaced(project):
    assert run(project, "new", "program", "acme-mentoring") == 0
    path = project.root / "programs" / "acme-mentoring.yaml"
    assert path.read_text("utf-8").splitlines()[0] == SCHEMA_LINE.format("program")
    with pytest.raises(ContentError) as info:
        check(project)
    assert {d.message.split(" (")[0] for d in info.value.diagnostics} == {"is still a placeholder"}
    filled_in(path)
    catalogue, _ = check(project)
    program = catalogue.program_by_id["acme-mentoring"]
    assert program.kind == "programme" and program.country == "KR"


def test_new_program_and_case_together_validate_once_filled_in(project):
    assert run(project, "new", "program", "aaa-first") == 0
    assert run(project, "new", "case", "aaa-story") == 0
    filled_in(project.root / "programs" / "aaa-first.yaml")
    filled_in(project.root / "cases" / "aaa-story.yaml", program="aaa-first")
    catalogue, _ = check(project)
    assert catalogue.case_by_id["aaa-story"].programs == ("aaa-first",)


def test_a_placeholder_web_address_is_refused_too(project):
    from generator.records.checks import PLACEHOLDER_URL, is_placeholder

    assert is_placeholder(PLACEHOLDER_URL) and is_placeholder("  TODO: x") and not is_placeholder("To do: x")


def test_refuses_a_record_folder_that_is_a_file(project, capsys):
    import shutil

    shutil.rmtree(project.root / "cases")
    (project.root / "cases").write_text("not a folder", "utf-8")
    assert run(project, "new", "case", "acme-story") == 2
    assert capsys.readouterr().err == "error: cases is not a folder; it must be the folder of case records\n"


@pytest.mark.parametrize("kind", ["program", "case"])
def test_skeleton_has_every_field_and_explains_it(project, kind):
    from generator.authoring.new import new_record

    path = new_record(project, kind, "x-skeleton", today=TODAY)
    text = path.read_text("utf-8")
    schema, _ = SchemaSet(project.schema_dir).root(kind)
    for name in schema["properties"]:
        assert re.search(rf"^(# )?{name}:", text, re.MULTILINE), f"{name} is missing from the skeleton"
    assert "(required / 필수)" in text and "(optional / 선택)" in text
    assert re.search(r"[\uac00-\ud7a3]", text), "the comments carry Korean hints"
    assert 'last_reviewed: "TODO: YYYY-MM-DD"' in text  # a review date is the author's to give, not today's


@pytest.mark.parametrize("kind", ["program", "case"])
def test_commented_fields_are_valid_yaml_once_uncommented(project, kind):
    from generator.authoring.new import new_record

    path = new_record(project, kind, "x-uncommented", today=TODAY)
    code = re.compile(r"^(\s*)# ((?:\s*)(?:- )?[a-z_]+:(?: |$)|\s*- )")
    lines = [code.sub(lambda m: m.group(1) + m.group(2), line) for line in path.read_text("utf-8").splitlines()]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    loaded = load_file(path, "x")
    schema, _ = SchemaSet(project.schema_dir).root(kind)
    assert set(loaded.data) == set(schema["properties"])


def test_refuses_to_overwrite(project, capsys):
    path = project.root / "cases" / "charmcare-france-supply.yaml"
    before = path.read_bytes()
    assert run(project, "new", "case", "charmcare-france-supply") == 2
    assert capsys.readouterr().err == (
        "error: cases/charmcare-france-supply.yaml already exists; choose another id or edit that file\n"
    )
    assert path.read_bytes() == before


def test_refuses_when_a_yml_file_has_the_id(project, capsys):
    (project.root / "cases" / "old-story.yml").write_text("title: x\n", "utf-8")
    assert run(project, "new", "case", "old-story") == 2
    assert "cases/old-story.yml already exists" in capsys.readouterr().err
    assert not (project.root / "cases" / "old-story.yaml").exists()


@pytest.mark.parametrize(
    ("record_id", "hint"),
    [("Acme_Story", "acme-story"), ("acme-", "acme"), ("acme--story", "acme-story"), ("한글", "acme-export-contract")],
)
def test_refuses_an_invalid_id(project, capsys, record_id, hint):
    assert run(project, "new", "case", record_id) == 2
    assert capsys.readouterr().err == (
        f"error: '{record_id}' is not a valid id; use lower-case ASCII letters, digits and hyphens, such as '{hint}'\n"
    )
    assert not list((project.root / "cases").glob(f"{record_id}*"))


def test_refuses_the_reserved_id(project, capsys):
    assert run(project, "new", "program", "index") == 2
    assert capsys.readouterr().err == "error: 'index' is reserved for the list page; choose another id\n"


def test_a_case_needs_a_programme(project, capsys):
    for path in (project.root / "programs").glob("*.yaml"):
        path.unlink()
    assert run(project, "new", "case", "lonely") == 2
    assert "programs/ has none yet" in capsys.readouterr().err
    assert not (project.root / "cases" / "lonely.yaml").exists()


def test_unknown_kind_is_a_usage_error(project):
    with pytest.raises(SystemExit) as caught:
        run(project, "new", "story", "x")
    assert caught.value.code == 2
