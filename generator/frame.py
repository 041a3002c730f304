"""The site's frame: who publishes it, how to reach them and where its source lives (site_config/site.yaml).

One place for the repository address: the footer links to it, record pages link to their file in it
("edit this record") and to a prefilled issue ("report an error"), and the contributor guide's
`{repository}` becomes it. The values are checked by site_config/schema/site.schema.json when the
records are validated, and the addresses by `frame_problems` (see `generator.addresses`).
"""

from __future__ import annotations

import dataclasses
import os
import re
from urllib.parse import quote, urlencode

from .addresses import address_problem, markdown_address
from .diagnostics import Diagnostic
from .languages import LANGUAGES
from .project import Project
from .records.load import LoadedFile, load_file
from .site_address import SiteAddressError, shown

#: The issue form (in .github/ISSUE_TEMPLATE/) that "report an error" opens, and its prefilled fields.
ERROR_FORM = "report-an-error.yml"
#: What the contributor guide (docs/<lang>/*.md) and the contact in site.yaml write where the
#: repository's address belongs.
REPOSITORY_TOKEN = "{repository}"
#: Sets the repository's address for one build, over site.yaml: the workflow sets it from GitHub's
#: context, so that a copy of the project links to its own repository without an edit.
REPOSITORY_ENV = "REPOSITORY_URL"
#: A repository's web address, as site.schema.json's `repository.url` allows it.
_REPOSITORY_URL = re.compile(r"https://[^/?#\s]+/[^?#\s]*[^/?#\s]")


@dataclasses.dataclass(frozen=True)
class Frame:
    """The publisher (name per language, public contact) and the repository (address, published branch)."""

    publisher: dict[str, str]
    contact: str
    repository: str
    branch: str

    def edit_url(self, source_path: str) -> str:
        """The page that edits a file of the repository on the published branch (GitHub's /edit/)."""
        return f"{self.repository}/edit/{quote(self.branch)}/{quote(source_path)}"

    def file_url(self, source_path: str) -> str:
        """The page that shows a file of the repository on the published branch."""
        return f"{self.repository}/blob/{quote(self.branch)}/{quote(source_path)}"

    def error_report_url(self, title: str, record: str, page: str) -> str:
        """A new issue from the error form, with its title, the record's file and the page filled in."""
        query = urlencode({"template": ERROR_FORM, "title": title, "record": record, "page": page})
        return f"{self.repository}/issues/new?{query}"

    def theme(self, lang: str, labels: dict[str, str]) -> dict[str, str]:
        """What the theme's footer shows in one language (MkDocs' `config.extra.kb_frame`)."""
        return {
            "publisher": self.publisher[lang],
            "contact": self.contact,
            "repository": self.repository,
            **{key: labels[key] for key in ("footer_publisher", "footer_contact", "footer_repository")},
        }


def load_frame(project: Project) -> Frame:
    """The frame from site_config/site.yaml (validated with the records, so assumed well-formed here)."""
    path = project.config_dir / "site.yaml"
    data = load_file(path, project.display(path)).data
    publisher, repository = data["publisher"], data["repository"]
    url = repository_from_env() or repository["url"]
    return Frame(
        publisher={lang.code: publisher["name"][lang.code] for lang in LANGUAGES},
        contact=publisher["contact"].replace(REPOSITORY_TOKEN, url),
        repository=url,
        branch=repository["branch"],
    )


def repository_from_env() -> str | None:
    """The repository's address from REPOSITORY_URL, if set; a malformed one is refused."""
    value = os.environ.get(REPOSITORY_ENV, "").strip()
    if not value:
        return None
    if not _REPOSITORY_URL.fullmatch(value):
        raise SiteAddressError(
            f"{REPOSITORY_ENV}: '{shown(value)}' is not a repository address; "
            "expected an https:// address without a trailing slash, such as https://github.com/owner/name"
        )
    if problem := address_problem(value):
        raise SiteAddressError(f"{REPOSITORY_ENV}: '{shown(value)}': {problem}")
    return value


def frame_problems(loaded: LoadedFile) -> list[Diagnostic]:
    """The addresses of site.yaml (schema-valid) that may not be written into a page, at their position."""
    data = loaded.data
    url = data["repository"]["url"]
    found = [(("repository", "url"), address_problem(url))]  # the schema checked its form
    contact = data["publisher"]["contact"].replace(REPOSITORY_TOKEN, url)
    found.append((("publisher", "contact"), address_problem(contact, mailto=True)))
    return [Diagnostic(loaded.path, *loaded.position(where), ".".join(where), why) for where, why in found if why]


def fill_repository(markdown: bytes, frame: Frame) -> bytes:
    """A hand-written page with `{repository}` replaced by the repository's address (safe in Markdown)."""
    return markdown.replace(REPOSITORY_TOKEN.encode(), markdown_address(frame.repository).encode())
