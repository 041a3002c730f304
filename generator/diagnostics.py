"""Diagnostics: one problem in one record, printed as `path:line:col: field: message`."""

from __future__ import annotations

import dataclasses
import re

# Line breaks and other controls would start a new output line that seems to blame another file; bidi
# controls reorder what a terminal shows; lone surrogates stand for the bytes of a file name that is not
# UTF-8, and cannot be written out as UTF-8 at all.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Text safe to print on one line: control, bidi and undecodable characters written as escapes."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def _escape(match: re.Match) -> str:
    ch = match.group()
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # how Python keeps a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclasses.dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in a file, with its 1-based position and the field it concerns."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __post_init__(self) -> None:
        for name in ("path", "field", "message"):
            object.__setattr__(self, name, printable(getattr(self, name)))

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
