"""Diagnostics: one problem in one record, printed as `path:line:col: field: message`."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in a file, with its 1-based position and the field it concerns."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def format(self) -> str:
        """Render as `path:line:col: field: message` (the field part is left out when empty)."""
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    """Raised when records have problems; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def field_path(parts: tuple[str | int, ...]) -> str:
    """Join a path of keys and indexes as `a.b[2].c`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
