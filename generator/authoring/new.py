"""`python -m generator new program|case ID`: write a commented skeleton of a new record.

The skeleton is generated from the JSON Schema, so it always has every field the format
knows: required fields hold placeholders ("TODO: ...") that show what to write or choose,
never a ready-made choice (a programme, a certainty, a year, a country, a kind: issue 23);
`validate` refuses the record until every "TODO: ..." is replaced, naming the valid choices,
so a skeleton is never published. Optional fields are commented out. Every field carries its
description in English and Korean.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from pathlib import Path

from ..languages import CODES
from ..project import Project
from ..records.checks import PLACEHOLDER, PLACEHOLDER_URL
from ..records.load import LoadError, load_file
from ..records.schema import SchemaSet
from ..records.validate import ID_PATTERN
from .fieldref import KOREAN_DESCRIPTION

#: Optional fields that a new record shows uncommented, because nearly every record has them.
SHOWN_OPTIONAL = {"case": {"outcomes"}, "program": {"process"}}
_INTRO = {
    "program": ("A support programme or network.", "지원 프로그램 또는 네트워크입니다."),
    "case": ("A success case.", "성공 사례입니다."),
}


class ScaffoldError(Exception):
    """The skeleton cannot be written; the message says why in plain words."""


@dataclasses.dataclass
class _Field:
    """One key of the skeleton: a scalar (rendered YAML), a mapping (list of _Field) or a list (_Items)."""

    key: str
    note: str
    value: object
    active: bool


class _Items(list):
    """The items of a YAML sequence: each a rendered scalar or a list of _Field."""


@dataclasses.dataclass(frozen=True)
class _Context:
    schemas: SchemaSet
    taxonomy: dict
    program_ids: tuple[str, ...]
    today: datetime.date


def check_new_id(record_id: str) -> None:
    """Raise ScaffoldError unless `record_id` is a valid, unreserved record id."""
    if record_id == "index":
        raise ScaffoldError("'index' is reserved for the list page; choose another id")
    if not ID_PATTERN.fullmatch(record_id):
        better = re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-") or "acme-export-contract"
        raise ScaffoldError(
            f"'{record_id}' is not a valid id; use lower-case ASCII letters, digits and hyphens, such as '{better}'"
        )


def new_record(project: Project, kind: str, record_id: str, today: datetime.date | None = None) -> Path:
    """Write programs/ID.yaml or cases/ID.yaml as a skeleton; refuse a bad id or an existing file."""
    check_new_id(record_id)
    folder = project.record_dir(kind)
    if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
        raise ScaffoldError(f"{project.display(folder)} is not a folder; it must be the folder of {kind} records")
    path = folder / f"{record_id}.yaml"
    for existing in (path, path.with_suffix(".yml")):
        if existing.exists() or existing.is_symlink():
            raise ScaffoldError(f"{project.display(existing)} already exists; choose another id or edit that file")
    context = _Context(
        SchemaSet(project.schema_dir), _load_taxonomy(project), _program_ids(project), today or datetime.date.today()
    )
    if kind == "case" and not context.program_ids:
        raise ScaffoldError("a case must name the programme it used, and programs/ has none yet; add one first")
    text = skeleton(context, kind)
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def _load_taxonomy(project: Project) -> dict:
    path = project.config_dir / "taxonomy.yaml"
    try:
        return load_file(path, project.display(path)).data
    except LoadError as exc:
        raise ScaffoldError(f"cannot read {project.display(path)}; run 'python -m generator validate'") from exc


def _program_ids(project: Project) -> tuple[str, ...]:
    folder = project.record_dir("program")
    stems = (p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else ()
    return tuple(sorted(s for s in stems if ID_PATTERN.fullmatch(s) and s != "index"))


def skeleton(context: _Context, kind: str) -> str:
    """The text of a new record of `kind`: schema reference, how-to comments, then every field."""
    schema, base = context.schemas.resolve(*context.schemas.root(kind))
    en, ko = _INTRO[kind]
    lines = [
        f"# yaml-language-server: $schema=../site_config/schema/{kind}.schema.json",
        f'# {en} Replace every "TODO: ...", then check with: python -m generator validate',
        f'# {ko} "TODO: ..."를 모두 알맞은 내용으로 바꾼 뒤 python -m generator validate로 확인하세요.',
        '# Optional fields are commented out; remove the "# " in front of one to use it.',
        '# 선택 항목은 주석(#)으로 막혀 있습니다. 쓰려면 줄 앞의 "# "를 지우세요.',
    ]
    required = set(schema.get("required", ()))
    for name, raw in schema["properties"].items():
        active = name in required or name in SHOWN_OPTIONAL.get(kind, ())
        field = _build(context, raw, base, name, active)
        status = "required / 필수" if name in required else "optional / 선택"
        lines += ["", f"# {field.note} ({status})"]
        lines += _render(dataclasses.replace(field, note=""), 0, commented=False)
    return "\n".join(lines) + "\n"


def _note(schema: dict) -> str:
    english = schema.get("description", "")
    korean = schema.get(KOREAN_DESCRIPTION)
    return f"{english} / {korean}" if korean else english


def _build(context: _Context, raw: dict, base: str, key: str, active: bool) -> _Field:
    schema, where = context.schemas.resolve(raw, base)
    return _Field(key, _note(schema), _value(context, schema, where, active), active)


def _value(context: _Context, schema: dict, base: str, active: bool) -> object:
    props = schema.get("properties", {})
    if set(props) == set(CODES):
        return _text_placeholder(schema)
    if schema.get("type") == "object":
        required = set(schema.get("required", ()))
        for alternative in schema.get("oneOf", ())[:1]:
            required |= set(alternative.get("required", ()))
        required |= set(schema.get("then", {}).get("required", ()))  # required under a condition (status.as_of)
        fields = [_build(context, raw, base, name, active and name in required) for name, raw in props.items()]
        return sorted(fields, key=lambda f: not f.active)  # a list item must start with a key that is used
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        item, where = context.schemas.resolve(schema["items"], base)
        return _Items([_value(context, item, where, active)])
    return _scalar(context, schema)


def _text_placeholder(schema: dict) -> list[_Field]:
    english = schema.get("description", "text").rstrip(".")
    korean = schema.get(KOREAN_DESCRIPTION, english).rstrip(".")
    return [
        _Field("ko", "", _quote(f"{PLACEHOLDER} {korean} (한국어로)"), True),
        _Field("en", "", _quote(f"{PLACEHOLDER} {english} (in English)"), True),
    ]


def _scalar(context: _Context, schema: dict) -> str:
    """A placeholder that `validate` refuses until it is replaced: choices are never made for the author."""
    if "x-taxonomy" in schema:
        terms = ", ".join(context.taxonomy.get(schema["x-taxonomy"], {}))
        return _quote(f"{PLACEHOLDER} choose / 고르세요: {terms}")
    if "x-ref" in schema:
        return _quote(f"{PLACEHOLDER} choose the id of a programme in programs/ / programs/의 프로그램 id를 고르세요")
    if schema.get("x-place"):
        return _quote(f"{PLACEHOLDER} country code such as KR, or a region / KR 같은 국가 코드 또는 지역")
    if "enum" in schema:
        return _quote(f"{PLACEHOLDER} choose / 고르세요: {', '.join(str(v) for v in schema['enum'])}")
    if schema.get("type") in ("integer", "number"):
        return _quote(f"{PLACEHOLDER} a number / 숫자")
    if schema.get("format") == "date":
        return _quote(f"{PLACEHOLDER} YYYY-MM-DD")
    if schema.get("x-partial-date") or ("pattern" in schema and "year" in schema.get("x-expected", "")):
        return _quote(f"{PLACEHOLDER} year, year-month or date / 연도, 연-월 또는 날짜")
    if "default" in schema:  # the schema's own example of a name the author gives (a source id)
        return _quote(str(schema["default"]))
    if schema.get("format") == "uri":
        return _quote(PLACEHOLDER_URL)
    return _quote(f"{PLACEHOLDER} {schema.get('description', 'text').rstrip('.')}")


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _render(field: _Field, indent: int, commented: bool) -> list[str]:
    """YAML lines for one field; an inactive field is commented out at its own indentation."""
    comment = not field.active and not commented
    note = f"  # {field.note}" if field.note else ""
    pad = " " * indent
    value = field.value
    if isinstance(value, str):
        lines = [f"{pad}{field.key}: {value}{note}"]
    else:
        lines = [f"{pad}{field.key}:{note}"]
        if isinstance(value, _Items):
            lines += _render_items(value, indent + 2, commented or comment)
        else:
            for child in value:
                lines += _render(child, indent + 2, commented or comment)
    if comment:
        lines = [pad + "# " + line[indent:] for line in lines]
    return lines


def _render_items(items: _Items, indent: int, commented: bool) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        if isinstance(item, str):
            lines.append(f"{pad}- {item}")
            continue
        for index, child in enumerate(item):
            rendered = _render(child, indent + 2, commented)
            if index == 0:
                rendered[0] = f"{pad}- " + rendered[0][indent + 2 :]
            lines += rendered
    return lines
