"""The licence of the published data, from site_config/data_licence.yaml (the publisher's choice)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..addresses import address_problem
from ..diagnostics import ContentError, Diagnostic
from ..languages import text_keys
from ..model import LANGUAGES, Text
from ..records.load import LoadError, load_file

DISPLAY = "site_config/data_licence.yaml"
_KEYS = ("id", "url", "name")
_SPDX = re.compile(r"[A-Za-z0-9.+-]+")


@dataclasses.dataclass(frozen=True)
class Licence:
    """A licence: its SPDX id, its address and its name in each language."""

    id: str
    url: str
    name: Text

    def as_data(self) -> dict:
        """The licence as published in the JSON exports."""
        return {"id": self.id, "url": self.url, "name": {lang: self.name.get(lang) for lang in LANGUAGES}}


def load_licence(config_dir: Path) -> Licence:
    """Read and check the licence file; every problem is reported with its position."""
    try:
        loaded = load_file(config_dir / "data_licence.yaml", DISPLAY)
    except LoadError as exc:
        raise ContentError(exc.diagnostics) from None
    data, problems = loaded.data, []

    def problem(field: tuple, message: str) -> None:
        line, col = loaded.position(field)
        problems.append(Diagnostic(DISPLAY, line, col, ".".join(field), message))

    for key in sorted(set(data) - set(_KEYS)):
        problem((key,), f"unknown key; expected only {', '.join(_KEYS)}")
    for key in _KEYS:
        if key not in data:
            problem((), f"'{key}' is missing; expected {', '.join(_KEYS)}")
    if "id" in data and not (isinstance(data["id"], str) and _SPDX.fullmatch(data["id"])):
        problem(("id",), "expected an SPDX licence id such as CC-BY-4.0")
    if "url" in data and (why := address_problem(data["url"], plain_http=True)):
        problem(("url",), f"{why}; expected the licence's https:// address")
    name = data.get("name")
    if "name" in data and not (
        isinstance(name, dict) and set(name) == set(LANGUAGES) and all(isinstance(v, str) and v for v in name.values())
    ):
        problem(("name",), f"expected a mapping with non-empty {text_keys()} text")
    if problems:
        raise ContentError(problems)
    return Licence(data["id"], data["url"], Text(**name))
