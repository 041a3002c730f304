"""The open-data page: the hand-written text with the table of downloads and its schema.org `Dataset`.

docs/<lang>/open-data.md marks where the table goes with OPEN_DATA_MARKER; the table gives each
file as a download link with its size, then the format version and the licence. The page's
JSON-LD describes the catalogue as a `Dataset` whose distributions are the same files.
"""

from __future__ import annotations

import html

import yaml

from ..languages import CODES, LANGUAGES
from ..paths import feed_path, page_url, to_site_root
from ..records.strings import Strings
from ..text import escape_markdown
from .exports import FORMAT_VERSION
from .jsonld import CONTEXT, jsonld_script
from .licence import Licence

OPEN_DATA_MARKER = "<!-- open-data-files -->"
PAGE = "open-data.md"
#: (file under the site root, its media type, the strings key of its description), as listed.
DOWNLOADS = (
    ("api/programs.json", "application/json", "data_programs_json"),
    ("api/cases.json", "application/json", "data_cases_json"),
    ("api/programs.csv", "text/csv", "data_programs_csv"),
    ("api/cases.csv", "text/csv", "data_cases_csv"),
    *((feed_path(lang.code), "application/atom+xml", f"data_feed_{lang.code}") for lang in LANGUAGES),
    ("api/schema/programs-export.schema.json", "application/schema+json", "data_programs_schema"),
    ("api/schema/cases-export.schema.json", "application/schema+json", "data_cases_schema"),
)


def file_size(size: int) -> str:
    """A file size for readers: bytes, kB or MB (powers of 1,000)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _link(lang: str, path: str, site_url: str | None = None) -> str:
    """The address of a site-root file from this language's open-data page (absolute with an address)."""
    if site_url:
        return site_url + path
    return to_site_root(lang) + path


def downloads_table(lang: str, files: dict[str, bytes], licence: Licence, strings: Strings) -> str:
    """The Markdown table of downloads, the format version and the licence, in one language.

    The labels and the licence come from site_config/: they are escaped like every text of a page.
    """
    s = {key: escape_markdown(value) for key, value in strings.bound(lang).items()}
    rows = [f"| {s['data_file']} | {s['data_contents']} | {s['data_size']} |", "|---|---|---|"]
    for path, _, key in DOWNLOADS:
        href = html.escape(_link(lang, path))  # relative: the same link works in a local preview
        code = html.escape(path)
        rows.append(f'| <a href="{href}" download><code>{code}</code></a> | {s[key]} | {file_size(len(files[path]))} |')
    licence_link = f'<a href="{html.escape(licence.url)}">{escape_markdown(licence.name.get(lang))}</a>'
    rows += ["", f"{s['data_format_version']}: {FORMAT_VERSION} · {s['data_licence']}: {licence_link}"]
    return "\n".join(rows)


def dataset_jsonld(
    lang: str, files: dict[str, bytes], site_url: str | None, licence: Licence, strings: Strings
) -> dict:
    """schema.org `Dataset` of the open data, with one `DataDownload` per file."""
    data: dict = {"@context": CONTEXT, "@type": "Dataset"}
    if site_url:
        url = page_url(site_url, lang, "open-data/")
        data.update({"@id": url + "#dataset", "url": url})
    data.update(
        {
            "name": strings.get("data_title", lang),
            "description": strings.get("data_description", lang),
            "inLanguage": list(CODES),
            "license": licence.url,
            "isAccessibleForFree": True,
            "version": str(FORMAT_VERSION),
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": path,
                    "encodingFormat": media,
                    "contentUrl": _link(lang, path, site_url),
                    "contentSize": file_size(len(files[path])),
                }
                for path, media, _ in DOWNLOADS
            ],
        }
    )
    return data


def open_data_page(
    text: bytes, lang: str, files: dict[str, bytes], site_url: str | None, licence: Licence, strings: Strings
) -> bytes:
    """The page with the table put in at the marker and the `Dataset` JSON-LD in its front matter."""
    body = text.decode("utf-8").replace(OPEN_DATA_MARKER, downloads_table(lang, files, licence, strings))
    script = jsonld_script(dataset_jsonld(lang, files, site_url, licence, strings))
    front = yaml.safe_dump({"jsonld": script}, allow_unicode=True, width=1_000_000)
    return f"---\n{front}---\n\n{body}".encode()
