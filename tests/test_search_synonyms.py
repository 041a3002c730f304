"""site_config/synonyms.yaml is checked like the records: exact messages with file, line and column."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.diagnostics import ContentError
from generator.project import Project
from generator.records.validate import validate_catalogue
from generator.search.synonyms import load_synonyms, synonyms_path


def problems(project: Project) -> list[str]:
    """Every message validation gives, in order."""
    with pytest.raises(ContentError) as info:
        validate_catalogue(project)
    return [d.format() for d in info.value.diagnostics]


def write_synonyms(project: Project, text: str) -> None:
    synonyms_path(project).write_text(text, encoding="utf-8")


def test_the_bundled_synonyms_are_valid_and_loaded(project):
    validate_catalogue(project)
    groups = load_synonyms(project).groups
    assert groups[[g[0] for g in groups].index("상용화")][:3] == ["상용화", "상품화", "사업화"]
    assert any("성과리포트" in g and "성과 보고서" in g for g in groups)
    assert any("중기" in g and "중소기업" in g for g in groups)


def test_a_group_of_one_word_a_wrong_key_and_a_number_are_each_reported(project):
    write_synonyms(project, "groups:\n  - [상용화]\n  - [R&D, 연구개발]\n  - {a: b}\nwords: []\n")
    found = [p for p in problems(project) if p.startswith("site_config/synonyms.yaml")]
    assert found == [
        "site_config/synonyms.yaml:2:5: groups[0]: needs at least 2 items",
        "site_config/synonyms.yaml:4:5: groups[2]: expected a list, got a mapping of fields",
        "site_config/synonyms.yaml:5:1: words: unknown field 'words'; allowed here: groups",
    ]


def test_a_word_in_two_groups_is_reported_where_it_repeats(project):
    write_synonyms(project, "groups:\n  - [중기, 중소기업]\n  - [SME, 중소기업]\n")
    assert problems(project) == [
        "site_config/synonyms.yaml:3:11: groups[1][1]: '중소기업' is already in group 1 (line 2); expected "
        "each word or phrase in one group only (merge the two groups)"
    ]


def test_broken_yaml_is_a_message_from_the_validate_command(project):
    write_synonyms(project, "groups:\n  - [상용화, 상품화\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=project.root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "site_config/synonyms.yaml:3:1: YAML syntax error: the bracket opened at line 2, column 5 is not closed" in (
        result.stderr + result.stdout
    )


def test_without_a_synonyms_file_search_has_none(project):
    synonyms_path(project).unlink()
    validate_catalogue(project)
    assert load_synonyms(project).groups == []
