"""Search synonyms: the groups of site_config/synonyms.yaml, checked like the records.

A group lists words or short phrases that a searcher uses for one thing: a loanword and its
Korean word (성과리포트, 성과 보고서), an abbreviation (중기, 중소기업), near-synonyms (상용화,
상품화, 사업화), or a Korean word and its English one. The search index adds every word of a
group to a page that has any entry of it (a phrase counts when its words stand side by side), and
the search worker looks a query word up under the other words of its group too. The file is
optional: without it search has no synonyms.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..diagnostics import Diagnostic, field_path
from ..project import Project
from ..records.load import LoadedFile, LoadError, load_file
from ..texts import say

SYNONYMS_FILE = "synonyms.yaml"
#: Entries in all groups together: the search stub that every page loads carries them (the schema
#: bounds a group to 16 entries of at most 6 words, and the file to 500 groups).
MAX_ENTRIES = 1000


@dataclasses.dataclass(frozen=True)
class Synonyms:
    """The synonym groups, each a list of entries as written (NFC text)."""

    groups: list[list[str]] = dataclasses.field(default_factory=list)


def synonyms_path(project: Project) -> Path:
    """Where the project's synonyms live (site_config/synonyms.yaml)."""
    return project.config_dir / SYNONYMS_FILE


def check_synonyms(project: Project, validator) -> tuple[Synonyms, list[Diagnostic]]:
    """The project's synonyms and every problem of the file (none when it is absent)."""
    path = synonyms_path(project)
    if not path.is_file():
        return Synonyms(), []
    try:
        loaded = load_file(path, project.display(path))
    except LoadError as exc:
        return Synonyms(), list(exc.diagnostics)
    problems = _schema_problems(loaded, validator)
    if problems:
        return Synonyms(), problems
    problems = repeated_entries(loaded) + too_many_entries(loaded)
    return Synonyms([list(group) for group in loaded.data["groups"]]), problems


def load_synonyms(project: Project) -> Synonyms:
    """The project's synonyms, for a catalogue that has passed validation (which checked the file)."""
    from ..records.schema import SchemaSet

    synonyms, problems = check_synonyms(project, SchemaSet(project.schema_dir).validator("synonyms"))
    return Synonyms() if problems else synonyms


def _schema_problems(loaded: LoadedFile, validator) -> list[Diagnostic]:
    from ..records.record_check import schema_problems  # imported late: validate imports this module

    return schema_problems(loaded, loaded.data, validator)


def repeated_entries(loaded: LoadedFile) -> list[Diagnostic]:
    """A word or phrase may stand in one group only (else two groups would be one)."""
    seen: dict[str, tuple[int, int]] = {}
    found = []
    for g, group in enumerate(loaded.data["groups"]):
        for e, entry in enumerate(group):
            key = " ".join(entry.lower().split())
            where = ("groups", g, e)
            if key in seen:
                first_group, first_line = seen[key]
                message = say("synonym_twice", entry=entry, group=first_group + 1, line=first_line)
                found.append(Diagnostic(loaded.path, *loaded.position(where), field_path(where), message))
            else:
                seen[key] = (g, loaded.position(where)[0])
    return found


def too_many_entries(loaded: LoadedFile) -> list[Diagnostic]:
    """The entry past MAX_ENTRIES, if the groups together hold more."""
    count = 0
    for g, group in enumerate(loaded.data["groups"]):
        for e in range(len(group)):
            count += 1
            if count > MAX_ENTRIES:
                where = ("groups", g, e)
                message = say("synonyms_too_many", n=count, limit=MAX_ENTRIES)
                return [Diagnostic(loaded.path, *loaded.position(where), field_path(where), message)]
    return []
