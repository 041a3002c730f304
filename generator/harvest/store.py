"""calls/<source>/: what a harvest would change there, and writing it all at once or not at all.

A plan compares the calls a harvest made with the committed files: new, changed, unchanged and
vanished. An unchanged call keeps its file byte for byte (its harvest and read dates stay those of the
harvest that last changed it), so a second run with nothing new writes nothing. A vanished call (no
longer in a complete feed) is kept, and listed: the feeds drop closed notices, and only a person
decides that a call was withdrawn. Applying a plan builds the new folder beside the old one and
swaps them with renames, so a failure part-way leaves the committed folder as it was. The state
file calls/<source>/_harvest.yaml records the last good harvest (date and count, for the stale-feed
notice and the count cross-check) and the last attempt (complete or not, and why).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from .mapping import STATE_FILE, Mapped

HEADER = "# yaml-language-server: $schema=../../site_config/schema/call.schema.json\n"
# libyaml (C) when PyYAML has it: some twenty times faster than the Python emitter, which matters at 20,000 calls.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump(data) -> str:
    """YAML text of plain data: keys in the order made, Korean as is, no line wrapping (deterministic)."""
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)


def load(text: str):
    """Plain data from YAML text (yaml.YAMLError when it is not YAML)."""
    return yaml.load(text, Loader=_LOADER)


@dataclasses.dataclass
class Plan:
    """The files of one source folder after the harvest, and which of them are new, changed or vanished."""

    source: str
    files: dict[str, str]
    new: list[str] = dataclasses.field(default_factory=list)
    changed: list[str] = dataclasses.field(default_factory=list)
    vanished: list[str] = dataclasses.field(default_factory=list)
    removed: list[str] = dataclasses.field(default_factory=list)
    unchanged: int = 0

    @property
    def drift(self) -> bool:
        """Whether the committed calls differ from the harvest (new, changed or merged-away calls)."""
        return bool(self.new or self.changed or self.removed)

    def drop(self, name: str) -> None:
        """Leave a file out (a call merged into another source's); a committed one is listed as removed."""
        call = name.removesuffix(".yaml")
        if self.files.pop(name, None) is not None and call not in self.new:
            self.removed.append(call)
        for listed in (self.new, self.changed, self.vanished):
            if call in listed:
                listed.remove(call)


def render(call: dict) -> str:
    """A call record as YAML, keys in the order made, Korean as is (deterministic)."""
    return HEADER + dump(call)


def committed(folder: Path) -> dict[str, str]:
    """The committed call files of a source folder, by file name (the state file left out)."""
    if not folder.is_dir():
        return {}
    return {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.yaml")) if p.name != STATE_FILE}


def plan(source: str, calls: list[Mapped], before: dict[str, str]) -> Plan:
    """What the harvest changes: each call's file compared with the committed one, its dates aside."""
    result = Plan(source, {})
    for mapped in calls:
        name = f"{mapped.id}.yaml"
        old_text = before.get(name)
        text = render(mapped.call)
        if old_text is not None and text != old_text:
            text = _keep_dates(mapped.call, old_text) or text
        result.files[name] = text
        if old_text is None:
            result.new.append(mapped.id)
        elif text != old_text:
            result.changed.append(mapped.id)
        else:
            result.unchanged += 1
    for name, text in before.items():
        if name not in result.files:
            result.files[name] = text
            result.vanished.append(name.removesuffix(".yaml"))
    return result


def _keep_dates(call: dict, old_text: str) -> str | None:
    """The committed text when the call differs from it only by the harvest and read dates."""
    try:
        old = load(old_text)
        harvested = old["harvest"]["harvested"]
        reads = [s.get("read") for s in old["sources"]]
    except (yaml.YAMLError, KeyError, TypeError):
        return None
    again = {**call, "harvest": {**call["harvest"], "harvested": harvested}}
    if len(reads) != len(call["sources"]):
        return None
    again["sources"] = [{**s, "read": r} if r else s for s, r in zip(call["sources"], reads, strict=True)]
    return old_text if render(again) == old_text else None


def apply(folder: Path, result: Plan, state: dict) -> bool:
    """Write the plan's files and the state into `folder`, all at once; False when nothing would change."""
    state_text = dump(state)
    old_state = (folder / STATE_FILE).read_text("utf-8") if (folder / STATE_FILE).exists() else None
    if not result.drift and state_text == old_state:
        return False
    if not result.drift:
        write_state(folder, state)
        return True
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.staging-", dir=folder.parent))
    try:
        unchanged = set(result.files) - {f"{c}.yaml" for c in result.new + result.changed}
        for name, text in result.files.items():
            if name in unchanged and _link(folder / name, staging / name):
                continue  # the committed file itself, not a copy: an unchanged call keeps its bytes and time
            (staging / name).write_text(text, "utf-8", newline="\n")
        (staging / STATE_FILE).write_text(state_text, "utf-8", newline="\n")
        _swap(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def _link(old: Path, new: Path) -> bool:
    try:
        os.link(old, new)
        return True
    except OSError:
        return False


def _swap(staging: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    try:
        staging.rename(folder)
    except OSError:
        if old.exists():
            old.rename(folder)  # put the committed folder back
        raise
    shutil.rmtree(old, ignore_errors=True)


def read_state(folder: Path) -> dict:
    """The source's state file, or {} before its first harvest."""
    path = folder / STATE_FILE
    try:
        data = load(path.read_text("utf-8")) if path.exists() else {}
    except yaml.YAMLError:
        data = {}
    return data if isinstance(data, dict) else {}


def write_state(folder: Path, state: dict) -> None:
    """Replace the state file atomically (a temporary file renamed over it); the calls are not touched."""
    folder.mkdir(parents=True, exist_ok=True)
    text = dump(state)
    handle, temporary = tempfile.mkstemp(prefix=".harvest-", dir=folder)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.replace(temporary, folder / STATE_FILE)


def feed_states(calls_root: Path) -> list[dict]:
    """Per harvested source: its last good harvest date and whether the last attempt failed (for the site).

    The site names a stale feed from this: `stale` is true when the last attempt was not complete.
    """
    states = []
    for folder in sorted(p for p in calls_root.iterdir() if p.is_dir()) if calls_root.is_dir() else []:
        state = read_state(folder)
        if not state:
            continue
        attempt = state.get("last_attempt") or {}
        states.append(
            {
                "source": folder.name,
                "last_good": (state.get("last_good") or {}).get("date"),
                "stale": attempt.get("complete") is False,
                "problem": attempt.get("problem"),
            }
        )
    return states
