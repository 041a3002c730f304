"""Strict loading: bytes -> checked text -> plain data (every scalar a string) with positions.

YAML 1.1 typing is never applied: `no`, `06236`, `9:30` and `2013-02-01` all stay text, and
only the JSON Schema decides what becomes a number. The event stream of libyaml is read
directly so that anchors, aliases, tags, merge keys and duplicate keys can be refused with
their position instead of being resolved silently.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..diagnostics import Diagnostic, field_path
from ..texts import say
from .messages import character_message, syntax_message

try:
    from yaml import CSafeLoader as _Loader
except ImportError as exc:  # pragma: no cover - depends on how PyYAML was built
    raise ImportError("PyYAML was built without libyaml; reinstall it (make site does)") from exc

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_CHARACTER_PROBLEMS = 10
_STANDARD_TAGS = "tag:yaml.org,2002:"
Position = tuple[int, int]
FieldPath = tuple[str | int, ...]

# libyaml counts U+2028/U+2029 as line breaks but editors do not, so they would shift every line number.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ufffe\uffff]"
)


@dataclasses.dataclass(frozen=True)
class LoadedFile:
    """One record file as plain data, with the position of every value and key."""

    path: str
    data: dict
    value_marks: dict[FieldPath, Position]
    key_marks: dict[FieldPath, Position]

    def position(self, field: FieldPath, *, key: bool = False) -> Position:
        """Best position for a field: its key or value, else the nearest enclosing field."""
        marks = self.key_marks if key else self.value_marks
        while field not in marks and field:
            field = field[:-1]
        return marks.get(field, (1, 1))


class LoadError(Exception):
    """A file could not be loaded; carries one diagnostic per problem found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


def load_file(path: Path, display: str) -> LoadedFile:
    """Read one record file strictly; raise LoadError listing every problem found."""
    return load_bytes(read_file_bytes(path, display), display)


def load_bytes(raw: bytes, display: str) -> LoadedFile:
    """Load the bytes of a record file strictly; raise LoadError listing every problem found."""
    return parse_text(checked_text(raw, display), display)


def checked_text(raw: bytes, display: str) -> str:
    """The bytes of a file as UTF-8 text with no control, bidi or stray BOM characters."""
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        _fail(display, say("file_empty"))
    text = _normalise_breaks(_decode_utf8(raw, display))
    problems = [
        Diagnostic(display, *_line_col(text, m.start()), "", character_message(m.group()))
        for m in _FORBIDDEN.finditer(text)
    ]
    if problems:
        raise LoadError(problems[:MAX_CHARACTER_PROBLEMS])
    return text


def parse_text(text: str, display: str) -> LoadedFile:
    """Parse checked text into plain data; every YAML feature beyond plain data is refused."""
    builder = _Builder(display)
    try:
        data = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.problem == "found unexpected end of stream":
            mark = exc.context_mark  # the end of the file says less than where the unclosed value starts
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # libyaml's mark.index counts characters (not UTF-8 bytes), so it indexes the text directly.
        found = mark.index if mark else 0
        builder.errors.append(Diagnostic(display, line, col, "", syntax_message(exc, text[found : found + 1])))
    except yaml.YAMLError as exc:  # pragma: no cover - the character checks catch what libyaml's reader refuses
        detail = str(getattr(exc, "problem", exc))
        builder.errors.append(Diagnostic(display, 1, 1, "", say("yaml_other", detail=detail)))
    if builder.errors:
        raise LoadError(sorted(set(builder.errors)))
    return LoadedFile(display, data, builder.value_marks, builder.key_marks)


def _fail(display: str, message: str, line: int = 1, column: int = 1) -> None:
    raise LoadError([Diagnostic(display, line, column, "", message)])


def read_file_bytes(path: Path, display: str) -> bytes:
    """The bytes of a regular file (not a link, folder or device) of at most MAX_FILE_BYTES."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        _fail(display, say("cannot_read", reason=exc.strerror))
    if stat.S_ISLNK(info.st_mode):
        _fail(display, say("file_is_link"))
    if not stat.S_ISREG(info.st_mode):
        _fail(display, say("file_not_regular"))
    if info.st_size > MAX_FILE_BYTES:
        _fail(display, say("file_too_big", size=info.st_size, limit=MAX_FILE_BYTES))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        _fail(display, say("cannot_read", reason=exc.strerror))
    if len(raw) > MAX_FILE_BYTES:
        _fail(display, say("file_over_limit", limit=MAX_FILE_BYTES))
    return raw


def _decode_utf8(raw: bytes, display: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail(display, say("file_utf16_bom"))
    if b"\x00" in raw[:64]:
        _fail(display, say("file_utf16_nul"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = _normalise_breaks(raw[: exc.start].decode("utf-8", errors="replace"))
        line, col = _line_col(good, len(good))
        hint = say("hint_cp949" if _decodes_as_korean_legacy(raw) else "hint_utf8")
        _fail(display, say("file_not_utf8", byte=f"0x{raw[exc.start]:02X}", hint=hint), line, col)
    raise AssertionError("unreachable")  # pragma: no cover


def _decodes_as_korean_legacy(raw: bytes) -> bool:
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError:
        return False
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _normalise_breaks(text: str) -> str:
    """Drop a leading BOM (editors hide it) and use one kind of line break, so columns and lines match libyaml's."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _line_col(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Builder:
    """Turns a libyaml event stream into dicts, lists and strings, recording positions."""

    def __init__(self, display: str):
        self.display = display
        self.errors: list[Diagnostic] = []
        self.value_marks: dict[FieldPath, Position] = {}
        self.key_marks: dict[FieldPath, Position] = {}

    def build(self, events: Iterator[yaml.Event]) -> dict:
        """Read one document holding a mapping; refuse anything else."""
        self._events = events
        next(events)  # StreamStartEvent
        if isinstance(next(events), yaml.StreamEndEvent):
            data = None
        else:
            data = self._node(next(events), (), 1)
            next(events)  # DocumentEndEvent
            extra = next(events)
            if isinstance(extra, yaml.DocumentStartEvent):
                self._error(extra, "", say("yaml_second_document"))
        if isinstance(data, dict):
            return data
        if data is not None:
            line, col = self.value_marks[()]
            message = say("file_not_mapping_list" if isinstance(data, list) else "file_not_mapping_value")
            self.errors.append(Diagnostic(self.display, line, col, "", message))
        elif not self.errors:  # an alias at the top has been reported already
            message = say("file_no_fields")
            self.errors.append(Diagnostic(self.display, 1, 1, "", message))
        return {}

    def _error(self, event: yaml.Event, field: str, message: str) -> None:
        mark = event.start_mark
        self.errors.append(Diagnostic(self.display, mark.line + 1, mark.column + 1, field, message))

    def _check_node(self, event: yaml.Event, path: FieldPath) -> None:
        if event.anchor:
            self._error(event, _field(path), say("yaml_anchor", anchor=event.anchor))
        if event.tag:
            tag = "!!" + event.tag.removeprefix(_STANDARD_TAGS) if event.tag.startswith(_STANDARD_TAGS) else event.tag
            self._error(event, _field(path), say("yaml_tag", tag=tag))

    def _text(self, event: yaml.ScalarEvent, path: FieldPath) -> str:
        # Escapes in double quotes ("\u202e", "\0") can produce what the character check refused in the file.
        value = event.value
        bad = _FORBIDDEN.search(value)
        if bad:
            self._error(event, _field(path), character_message(bad.group(), escaped=True))
        if value.isascii() or unicodedata.is_normalized("NFC", value):
            return value
        return unicodedata.normalize("NFC", value)

    def _node(self, event: yaml.Event, path: FieldPath, depth: int):
        mark = event.start_mark
        self.value_marks[path] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is yaml.AliasEvent:
            self._error(event, _field(path), say("yaml_alias", anchor=event.anchor))
            return None
        self._check_node(event, path)
        if kind is yaml.ScalarEvent:
            if event.value == "" and event.implicit[0]:
                return None
            return self._text(event, path)
        if depth > MAX_DEPTH:
            self._error(event, _field(path), say("yaml_too_deep", limit=MAX_DEPTH))
            self._skip(self._events)
            return None
        if kind is yaml.MappingStartEvent:
            return self._mapping(path, depth)
        return self._sequence(path, depth)

    def _mapping(self, path: FieldPath, depth: int) -> dict:
        result: dict = {}
        for key_event in self._events:
            if type(key_event) is yaml.MappingEndEvent:
                return result
            key = self._key(key_event, path)
            value = self._node(next(self._events), path + (key,) if key is not None else path + ("?",), depth + 1)
            if key is None:
                continue
            if key in result:
                first, _ = self.key_marks[path + (key,)]
                message = say("duplicate_field", key=key, line=first)
                self._error(key_event, _field(path + (key,)), message)
                continue
            self.key_marks[path + (key,)] = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            result[key] = value
        return result  # pragma: no cover - the stream always closes its mappings

    def _key(self, event: yaml.Event, path: FieldPath) -> str | None:
        if not isinstance(event, yaml.ScalarEvent):
            self._error(event, _field(path), say("key_not_text"))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._skip(self._events)
            return None
        self._check_node(event, path)
        if event.value == "<<" and event.implicit[0]:
            self._error(event, _field(path), say("yaml_merge_key"))
            return None
        if not event.value.strip():
            self._error(event, _field(path), say("key_empty"))
            return None
        return self._text(event, path)

    def _sequence(self, path: FieldPath, depth: int) -> list:
        result: list = []
        for event in self._events:
            if type(event) is yaml.SequenceEndEvent:
                return result
            result.append(self._node(event, path + (len(result),), depth + 1))
        return result  # pragma: no cover

    @staticmethod
    def _skip(events: Iterator[yaml.Event]) -> None:
        """Consume the rest of a collection whose start event was already read."""
        level = 1
        while level:
            event = next(events)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                level += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                level -= 1


def _field(path: FieldPath) -> str:
    return field_path(path)
