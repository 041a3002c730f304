"""A content-addressed cache of work already done: checked records and rendered pages.

Every key is a digest of all that the result depends on, so an entry is either exactly what
the work would give again or it is never looked up:

- a checked record is keyed by the generator's code, the schemas, the record's path and its
  bytes; only records that loaded and passed their schema are kept (a failing record is checked
  again, so its messages are always fresh);
- a rendered page is keyed by the code, templates, strings, taxonomy, site URL, language and the
  page's own arguments, and it lists the records its rendering read (noted by a tracking view of
  the catalogue, see `render/pages.py`) with the digest each had; it is used only while every one of
  them still has that digest.

The cache lives in `.cache/generator/` (git-ignored; CI may keep it between runs) as two files
replaced atomically. Each starts with a header naming the format and the code digest; each entry
is its key and its value written with `marshal` (plain data only: no code runs on loading,
unlike pickle), followed by a digest of both. An entry whose digest does not match is left out,
so a damaged file loses entries but never gives a wrong one; a file of other code (or none at
all) counts as an empty cache. Each build writes back only
the entries it used, so the files never grow beyond one catalogue. In one process (`mkdocs
serve`) the cache stays in memory between rebuilds.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import struct
import sys
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

from .project import Project

FORMAT = 2
_MAGIC = b"smekb build cache\n"
_ENTRY_HEAD = struct.Struct("<II")  # the lengths of an entry's key and value
_CHECK = 20  # bytes of an entry's digest
_MARSHAL_VERSION = 4
_LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "Jinja2", "markdown-it-py", "nh3", "MarkupSafe")
_PACKAGE = Path(__file__).resolve().parent
_OPEN: dict[Path, BuildCache] = {}


def digest(*parts: str | bytes) -> str:
    """A short, stable digest of some strings and bytes (length-prefixed, so parts cannot run together)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The digest of some files' relative paths and bytes."""
    parts: list[str | bytes] = []
    for path in sorted(paths):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def code_digest(project: Project) -> str:
    """What every cached result depends on: the code of every folder of this package, the schemas, the libraries."""
    code = files_digest(_PACKAGE.rglob("*.py"), _PACKAGE)  # every stage: render/, publish/, records/ ...
    schemas = files_digest(project.schema_dir.glob("*.json"), project.schema_dir)
    libraries = [f"{name}=={version(name)}" for name in _LIBRARIES]
    return digest(str(FORMAT), sys.version, code, schemas, *libraries)


class BuildCache:
    """Checked records and rendered pages from earlier builds, and those used by this one."""

    def __init__(self, folder: Path | None, salt: str):
        self.folder = folder
        self.salt = salt
        self.records: dict[str, object] = {}
        self.pages: dict[str, tuple[tuple[tuple[str, str], ...], bytes]] = {}
        self._used_records: dict[str, object] = {}
        self._used_pages: dict[str, tuple[tuple[tuple[str, str], ...], bytes]] = {}
        self.hits = self.misses = 0
        if folder is not None:
            self.records = _read(folder / "records.marshal", salt)
            self.pages = _read(folder / "pages.marshal", salt)

    @classmethod
    def for_project(cls, project: Project) -> BuildCache:
        """The cache of a project, read from disk once per process and kept for later builds in it.

        `SMEKB_CACHE=off` turns it off (a cold build, for benchmarks and to rule the cache out).
        """
        if os.environ.get("SMEKB_CACHE", "").lower() in ("off", "0", "no"):
            return cls(None, "")
        salt = code_digest(project)
        cache = _OPEN.get(project.root)
        if cache is None or cache.salt != salt:
            cache = _OPEN[project.root] = cls(project.root / ".cache" / "generator", salt)
        cache.begin()
        return cache

    def begin(self) -> None:
        """Start a build: what the last build used becomes what can be looked up."""
        self.records.update(self._used_records)  # what the last build in this process made (even if it failed)
        self.pages.update(self._used_pages)
        self._used_records, self._used_pages = {}, {}
        self.hits = self.misses = 0

    def record(self, key: str):
        """A checked record stored under `key`, or None."""
        found = self.records.get(key)
        if found is not None:
            self._used_records[key] = found
        return found

    def store_record(self, key: str, value) -> None:
        """Keep a checked record (plain data only)."""
        self._used_records[key] = value

    def page(self, key: str, current: Callable[[str], str]) -> bytes | None:
        """A rendered page stored under `key`, if every record it read still has the digest it had."""
        found = self.lookup(key, current)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found[1]

    def lookup(self, key: str, current: Callable[[str], str]) -> tuple[tuple[str, ...], bytes] | None:
        """A stored page or fragment: the names of the records it read and its content, if none changed."""
        found = self.pages.get(key)
        if found is None or not all(current(name) == seen for name, seen in found[0]):
            return None
        self._used_pages[key] = found
        return tuple(name for name, _ in found[0]), found[1]

    def store_page(self, key: str, reads: Iterable[tuple[str, str]], content: bytes) -> None:
        """Keep a rendered page with the digests of the records its rendering read."""
        self._used_pages[key] = (tuple(sorted(reads)), content)

    def keep(self, keys: Iterable[str]) -> None:
        """Count stored entries as used without reading them (the fragments of a page reused whole)."""
        for key in keys:
            found = self.pages.get(key)
            if found is not None:
                self._used_pages.setdefault(key, found)

    def pages_used(self) -> tuple[list[str], dict[str, tuple[tuple[tuple[str, str], ...], bytes]]]:
        """The pages this build used: keys of those reused as read, and those made anew (for another process)."""
        reused = [key for key, value in self._used_pages.items() if self.pages.get(key) is value]
        made = {key: value for key, value in self._used_pages.items() if self.pages.get(key) is not value}
        return reused, made

    def take_pages_used(self, reused: list[str], made: dict[str, tuple[tuple[tuple[str, str], ...], bytes]]) -> None:
        """Count as used by this build what `pages_used` of another process (forked from this one) gave."""
        for key in reused:
            self._used_pages[key] = self.pages[key]
        self._used_pages.update(made)

    def save(self) -> None:
        """Write the entries this build used (only if they differ from what was read)."""
        if self.folder is None:
            return
        for name, used, read in (
            ("records", self._used_records, self.records),
            ("pages", self._used_pages, self.pages),
        ):
            if used.keys() != read.keys() or any(value is not read[key] for key, value in used.items()):
                _write(self.folder / f"{name}.marshal", self.salt, used)


def _read(path: Path, salt: str) -> dict:
    """The entries of a cache file whose digests match; none if the file is missing or of other code."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    header = _header(salt)
    if not data.startswith(header):
        return {}
    entries, at = {}, len(header)
    while at + _ENTRY_HEAD.size <= len(data):
        key_length, value_length = _ENTRY_HEAD.unpack_from(data, at)
        body = at + _ENTRY_HEAD.size
        end = body + key_length + value_length
        if end + _CHECK > len(data):
            break  # cut short (or a damaged length): nothing after this can be framed
        # A digest that matches means this code wrote the entry, so it loads (the guard is for the impossible).
        if _check(data[at:end]) == data[end : end + _CHECK]:
            with contextlib.suppress(EOFError, ValueError, TypeError, UnicodeDecodeError):
                entries[data[body : body + key_length].decode("utf-8")] = marshal.loads(data[body + key_length : end])
        at = end + _CHECK
    return entries


def _write(path: Path, salt: str, entries: dict) -> None:
    chunks = [_header(salt)]
    for key, value in entries.items():
        key_bytes, value_bytes = key.encode("utf-8"), marshal.dumps(value, _MARSHAL_VERSION)
        entry = _ENTRY_HEAD.pack(len(key_bytes), len(value_bytes)) + key_bytes + value_bytes
        chunks += [entry, _check(entry)]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(b"".join(chunks))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout builds as well, only without a cache


def _header(salt: str) -> bytes:
    return _MAGIC + salt.encode("ascii") + b"\n"


def _check(entry: bytes) -> bytes:
    return hashlib.blake2b(entry, digest_size=_CHECK).digest()
