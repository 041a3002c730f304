"""The strict loader: one small fixture per kind of bad input, each with its exact message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.records.load import MAX_FILE_BYTES, LoadedFile, LoadError, load_file

FIXTURES = Path(__file__).parent / "fixtures" / "load"

# Each fixture file and the exact messages loading it gives (the display path is the file name).
BAD_FILES = {
    "anchor.yaml": ["anchor.yaml:1:7: name: anchors (&n) are not allowed; write the value out in full"],
    "alias.yaml": ["alias.yaml:4:13: short_name: aliases (*n) are not allowed; write the value out in full"],
    "merge-key.yaml": ["merge-key.yaml:3:3: name: merge keys (<<) are not allowed; write the fields out in full"],
    "explicit-tag.yaml": ["explicit-tag.yaml:1:7: year: explicit tags (!!int) are not allowed; write plain values"],
    "duplicate-key.yaml": ["duplicate-key.yaml:4:3: name.ko: duplicate field 'ko' (first given at line 2); keep one"],
    "two-documents.yaml": [
        "two-documents.yaml:2:1: only one YAML document is allowed per file; remove the second '---' and what follows"
    ],
    "empty.yaml": ["empty.yaml:1:1: file is empty; expected a mapping of fields such as 'name:'"],
    "comments-only.yaml": [
        "comments-only.yaml:1:1: file has no fields, only comments or blank lines;"
        " expected a mapping of fields such as 'name:'"
    ],
    "top-level-list.yaml": ["top-level-list.yaml:1:1: the file must be a mapping of fields (name: value), not a list"],
    "top-level-scalar.yaml": [
        "top-level-scalar.yaml:1:1: the file must be a mapping of fields (name: value), not a single value"
    ],
    "deep-nesting.yaml": [
        "deep-nesting.yaml:17:33: l0.l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11.l12.l13.l14.l15:"
        " nested deeper than 16 levels; records are flatter than this"
    ],
    # Korean text on the line before: the tab is found through libyaml's mark.index (characters, not bytes).
    "tab-indent.yaml": [
        "tab-indent.yaml:3:1: YAML syntax error: a tab character cannot indent YAML; indent with spaces"
    ],
    "syntax-error.yaml": [
        "syntax-error.yaml:2:9: YAML syntax error: a colon followed by a space cannot appear here;"
        " put a value that contains ': ' in double quotes, or check the indentation"
    ],
    "bad-indent.yaml": [
        "bad-indent.yaml:3:3: YAML syntax error: expected another list item ('- ') at this indentation;"
        " check the indentation"
    ],
    "bad-first-character.yaml": [
        "bad-first-character.yaml:2:7: YAML syntax error: a value cannot start with '@';"
        " put the whole value in double quotes"
    ],
    "unclosed-quote.yaml": [
        "unclosed-quote.yaml:2:7: YAML syntax error: the quoted value that starts here is never closed;"
        " add the closing quote"
    ],
    "unclosed-bracket.yaml": [
        "unclosed-bracket.yaml:2:1: YAML syntax error: the bracket opened at line 1, column 7 is not closed;"
        " add ']' or a missing comma"
    ],
    "complex-key.yaml": ["complex-key.yaml:1:3: a field name must be plain text, not a list, mapping or alias"],
    "empty-key.yaml": ["empty-key.yaml:2:3: name: a field name is empty; write the name before the colon"],
    "cp949.yaml": [
        "cp949.yaml:2:7: file is not valid UTF-8 (byte 0xC1);"
        " it looks like CP949/EUC-KR (Korean Windows encoding); save the file as UTF-8"
    ],
    "utf16.yaml": ["utf16.yaml:1:1: file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"],
    "control-char.yaml": ["control-char.yaml:2:9: control character U+0007 is not allowed; remove it"],
    "bidi.yaml": [
        "bidi.yaml:2:11: bidirectional control character U+202E is not allowed (it can disguise text); remove it"
    ],
    "escaped-bidi.yaml": [
        "escaped-bidi.yaml:2:7: name.en: bidirectional control character U+202E is not allowed"
        " (it can disguise text), even written as an escape; remove the escape"
    ],
    "line-separator.yaml": [
        "line-separator.yaml:2:10: line or paragraph separator U+2028 is not allowed"
        " (editors do not show it as a line break); use an ordinary line break"
    ],
    "stray-bom.yaml": [
        "stray-bom.yaml:3:1: byte order mark U+FEFF is only allowed at the very start of the file; remove it"
    ],
}


def messages(path: Path, display: str | None = None) -> list[str]:
    """The formatted messages of loading a file that must fail."""
    with pytest.raises(LoadError) as info:
        load_file(path, display or path.name)
    assert str(info.value) == "\n".join(d.format() for d in info.value.diagnostics)
    return [d.format() for d in info.value.diagnostics]


def load_text(tmp_path: Path, text: str | bytes) -> LoadedFile:
    """Write text (UTF-8) or bytes to a file and load it."""
    path = tmp_path / "record.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_file(path, "record.yaml")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_exact_message(name):
    assert messages(FIXTURES / name) == BAD_FILES[name]


def test_every_fixture_has_a_test():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(BAD_FILES)


def test_fixtures_hold_the_bytes_they_are_named_for():
    assert (FIXTURES / "cp949.yaml").read_bytes() == "name:\n  ko: 지식멘토링\n".encode("cp949")
    assert (FIXTURES / "utf16.yaml").read_bytes().startswith(b"\xff\xfe")
    assert "\u202e" in (FIXTURES / "bidi.yaml").read_text("utf-8")
    assert "\\u202E" in (FIXTURES / "escaped-bidi.yaml").read_text("utf-8")


def test_symbolic_link_is_refused(tmp_path):
    (tmp_path / "real.yaml").write_text("name: x\n", "utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert messages(tmp_path / "link.yaml") == [
        "link.yaml:1:1: file is a symbolic link; records must be regular files in the repository"
    ]


def test_directory_is_refused(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    assert messages(tmp_path / "folder.yaml") == [
        "folder.yaml:1:1: is not a regular file (a folder, pipe or device); records must be regular .yaml files"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    assert messages(tmp_path / "pipe.yaml") == [
        "pipe.yaml:1:1: is not a regular file (a folder, pipe or device); records must be regular .yaml files"
    ]


def test_over_large_file_is_refused(tmp_path):
    path = tmp_path / "large.yaml"
    path.write_bytes(b"name: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert messages(path) == [
        f"large.yaml:1:1: file is {MAX_FILE_BYTES + 7} bytes, over the limit of {MAX_FILE_BYTES} bytes;"
        " shorten the text"
    ]


def test_missing_file_is_a_clean_error(tmp_path):
    assert messages(tmp_path / "gone.yaml") == ["gone.yaml:1:1: cannot read the file: No such file or directory"]


def test_several_problems_in_one_file_are_all_reported_in_order(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("b: &x 1\na: *x\nc: !!str 2\n", "utf-8")
    assert messages(path) == [
        "many.yaml:1:4: b: anchors (&x) are not allowed; write the value out in full",
        "many.yaml:2:4: a: aliases (*x) are not allowed; write the value out in full",
        "many.yaml:3:4: c: explicit tags (!!str) are not allowed; write plain values",
    ]


def test_escapes_cannot_smuggle_in_control_characters(tmp_path):
    path = tmp_path / "escape.yaml"
    path.write_text('a: "\\0"\n"\\ufeffb": c\n', "utf-8")
    assert messages(path) == [
        "escape.yaml:1:4: a: control character U+0000 is not allowed, even written as an escape; remove the escape",
        "escape.yaml:2:1: byte order mark U+FEFF is only allowed at the very start of the file,"
        " even written as an escape; remove the escape",
    ]


def test_yaml_1_1_surprises_stay_text(tmp_path):
    text = "a: no\nb: 06236\nc: 9:30\nd: 2013-02-01\ne: ~\nf: 1e3\ng: yes\nh: 0x1F\ni: null\nj: .inf\nk:\n"
    loaded = load_text(tmp_path, text)
    assert loaded.data == {
        "a": "no", "b": "06236", "c": "9:30", "d": "2013-02-01", "e": "~", "f": "1e3",
        "g": "yes", "h": "0x1F", "i": "null", "j": ".inf", "k": None,
    }  # fmt: skip


def test_quoted_empty_text_stays_text(tmp_path):
    assert load_text(tmp_path, "a: ''\nb:\n").data == {"a": "", "b": None}


def test_text_is_normalised_to_nfc(tmp_path):
    decomposed = "\u1100\u1161\u11a8"  # ㄱ + ㅏ + ㄱ as separate jamo
    loaded = load_text(tmp_path, f"{decomposed}: {decomposed}\n")
    assert loaded.data == {"각": "각"}


def test_leading_byte_order_mark_is_accepted(tmp_path):
    loaded = load_text(tmp_path, b"\xef\xbb\xbfname: x\nyear: 2013\n")
    assert loaded.data == {"name": "x", "year": "2013"}
    assert loaded.key_marks[("year",)] == (2, 1)


def test_leading_byte_order_mark_takes_no_column(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: \x07\n")
    assert messages(path) == ["bom.yaml:1:4: control character U+0007 is not allowed; remove it"]
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfa: b\n")
    assert messages(path) == [
        "bom.yaml:1:1: byte order mark U+FEFF is only allowed at the very start of the file; remove it"
    ]
    path.write_bytes(b"\xef\xbb\xbfa: \xff\n")
    assert messages(path) == ["bom.yaml:1:4: file is not valid UTF-8 (byte 0xFF); save the file as UTF-8"]


def test_old_mac_line_endings_count_as_lines(tmp_path):
    with pytest.raises(LoadError) as info:
        load_text(tmp_path, b"a: b\rc: d\r\x07\r")
    assert [d.format() for d in info.value.diagnostics] == [
        "record.yaml:3:1: control character U+0007 is not allowed; remove it"
    ]


def test_columns_count_characters_not_bytes(tmp_path):
    loaded = load_text(tmp_path, "제목:\n  한국어: 지식멘토링 안내\n  영어: Guide\n")
    assert loaded.value_marks[("제목", "한국어")] == (2, 8)
    assert loaded.key_marks[("제목", "영어")] == (3, 3)
    path = tmp_path / "anchor.yaml"
    path.write_text("이름: 한국어 &a 값\n설명: &b 값\n", "utf-8")
    assert messages(path) == ["anchor.yaml:2:5: 설명: anchors (&b) are not allowed; write the value out in full"]


def test_libyaml_mark_index_counts_characters():
    text = "이름: 한국어\n\t설명: 값\n"
    with pytest.raises(yaml.MarkedYAMLError) as info:
        list(yaml.parse(text, Loader=yaml.CSafeLoader))
    mark = info.value.problem_mark
    assert (mark.line, mark.column, text[mark.index]) == (1, 0, "\t")


def test_positions_of_keys_and_values(tmp_path):
    loaded = load_text(tmp_path, "name:\n  ko: 이름\nsteps:\n  - 첫째\n  - 둘째\n")
    assert loaded.key_marks[("name", "ko")] == (2, 3)
    assert loaded.value_marks[("steps", 1)] == (5, 5)
    assert loaded.position(("steps", 7, "x")) == (4, 3)


# Property tests: whatever the bytes, the loader gives a record or a LoadError, nothing else.

YAMLISH = [
    "a",
    "ko",
    "이름",
    ":",
    ": ",
    "- ",
    "\n",
    "  ",
    "\t",
    "&x ",
    "*x",
    "!!str ",
    "!x ",
    "<<: ",
    "---\n",
    "...\n",
    "# c",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ", ",
    "? ",
    "|",
    ">-",
    "\\",
    "\\u202e",
    "\\0",
    "%YAML 1.2\n",
    "\r",
    "\ufeff",
    "\u2028",
    "\u1100\u1161",
    "no",
    "06236",
    "9:30",
    "~",
    "1e3",
    "😀",
    "\x00",
    "\x85",
    "\xff",
]
_PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One folder for all examples of the property tests (a function-scoped tmp_path would not reset)."""
    return tmp_path_factory.mktemp("load-property")


def _assert_record_or_load_error(scratch: Path, raw: bytes) -> None:
    path = scratch / "record.yaml"
    path.write_bytes(raw)
    try:
        loaded = load_file(path, "record.yaml")
    except LoadError as exc:
        assert exc.diagnostics and all(d.path == "record.yaml" and d.line >= 1 for d in exc.diagnostics)
        return
    assert isinstance(loaded.data, dict)
    stack = [loaded.data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            assert all(isinstance(key, str) for key in value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        else:
            assert value is None or isinstance(value, str)


@_PROPERTY
@given(st.binary(max_size=400))
def test_any_bytes_give_a_record_or_a_load_error(scratch, raw):
    _assert_record_or_load_error(scratch, raw)


@_PROPERTY
@given(st.text(max_size=200))
def test_any_text_gives_a_record_or_a_load_error(scratch, text):
    _assert_record_or_load_error(scratch, text.encode("utf-8", "surrogatepass"))


@_PROPERTY
@given(st.lists(st.sampled_from(YAMLISH), max_size=40))
def test_yaml_like_text_gives_a_record_or_a_load_error(scratch, parts):
    _assert_record_or_load_error(scratch, "".join(parts).encode("utf-8", "surrogatepass"))
