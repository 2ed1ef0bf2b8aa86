"""Safe YAML loading: positions, and refusal of hostile or broken files."""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlcareer.errors import MlcareerError
from mlcareer.yamlfile import MAX_VALUES, load_mapping, parse_yaml, read_text


def error_of(text: str) -> str:
    with pytest.raises(MlcareerError) as info:
        parse_yaml(text, "f.yaml")
    return str(info.value)


def test_positions_of_values_and_keys():
    doc = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.value_marks[("a",)] == (1, 4)
    assert doc.value_marks[("b", 0)] == (3, 5)
    assert doc.value_marks[("b", 1, "c")] == (4, 9)
    assert doc.key_marks[("b", 1, "c")] == (4, 6)


def test_dates_stay_text_and_json_is_accepted():
    assert parse_yaml("d: 2026-11-26\n", "f").data == {"d": "2026-11-26"}
    assert parse_yaml('{"a": [1, 2.5, null, true]}', "f").data == {"a": [1, 2.5, None, True]}


def test_duplicate_key_is_refused_with_both_lines():
    assert error_of("a: 1\nb: 2\na: 3\n") == (
        "f.yaml:3:1: duplicate key 'a' (first given on line 1): keep only one"
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",
        "a: !!python/object/apply:os.system [echo hi]\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !custom 1\n",
    ],
)
def test_tags_that_construct_objects_are_refused(text):
    message = error_of(text)
    assert message.startswith("f.yaml:1:4: the tag ")
    assert message.endswith("is not allowed: this file may hold only plain data (remove the tag)")


def test_a_merge_key_is_refused_and_named():
    assert error_of("a: &x {b: 1}\nc:\n  <<: *x\n") == (
        "f.yaml:3:3: the plain value '<<' reads as YAML's !!merge, which is not allowed here: "
        "quote it to mean the text"
    )
    assert parse_yaml("'<<': 1\n", "f").data == {"<<": 1}


def test_python_tag_is_named_as_written():
    assert "the tag !!python/object:os.system is not allowed" in error_of(
        "a: !!python/object:os.system x\n"
    )


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    start = time.perf_counter()
    message = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert f"expands to more than {MAX_VALUES:,} values" in message


def test_small_aliases_are_fine():
    assert parse_yaml("a: &x [1]\nb: *x\n", "f").data == {"a": [1], "b": [1]}


def test_an_anchor_given_twice_is_refused_like_pyyaml_does():
    assert error_of("a: &x 1\nb: [&x 2]\nc: *x\n") == (
        "f.yaml:2:5: the anchor &x is already defined on line 1: give this one another name"
    )
    # Also when the first one is still open: the inner &x would shadow the list it is in.
    assert error_of("&x [&x a]") == (
        "f.yaml:1:5: the anchor &x is already defined on line 1: give this one another name"
    )


def test_an_alias_inside_what_it_names_is_refused():
    assert error_of("a: &x\n  b: *x\n") == (
        "f.yaml:2:6: the alias *x is inside the list or mapping it refers to: "
        "data here cannot contain itself"
    )
    assert error_of("a: *y\n") == "f.yaml:1:4: unknown alias *y: define the anchor first"


def test_aliased_values_keep_the_position_of_the_alias():
    doc = parse_yaml("a: &x {b: 1}\nc: *x\n", "f.yaml")
    assert doc.data == {"a": {"b": 1}, "c": {"b": 1}}
    assert doc.value_marks[("a",)] == (1, 4)
    assert doc.value_marks[("c",)] == (2, 4)
    assert doc.key_marks[("c",)] == (2, 1)


@pytest.mark.parametrize("depth", [100, 5000])
def test_deep_nesting_is_refused(depth):
    # 100 trips our own limit; 5000 trips libyaml's before ours and is reported the same way.
    assert "nested more than 64 levels deep" in error_of("a: " + "[" * depth + "]" * depth)


def test_huge_integer_is_refused():
    assert "cannot read '99999999999999999999...' as a !!int value" in error_of("a: " + "9" * 5000)


EMPTY = "value is empty: write a value after the tag, or remove it"
MALFORMED = "value (too long or malformed): write a plain value"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Empty values: PyYAML's constructors raise IndexError (!!int, !!float read value[0]),
        # KeyError (!!bool looks the text up) or AttributeError (!!timestamp's match is None).
        ("a: !!int\n", f"f.yaml:1:4: the !!int {EMPTY}"),
        ("a: !!float\n", f"f.yaml:1:4: the !!float {EMPTY}"),
        ("a: !!bool\n", f"f.yaml:1:4: the !!bool {EMPTY}"),
        ("a: !!timestamp\n", f"f.yaml:1:4: the !!timestamp {EMPTY}"),
        ("- !!int ''\n", f"f.yaml:1:3: the !!int {EMPTY}"),
        ("a: !!int +\n", f"f.yaml:1:4: cannot read '+' as a !!int {MALFORMED}"),
        ("a: !!int 0x\n", f"f.yaml:1:4: cannot read '0x' as a !!int {MALFORMED}"),
        ("a: !!float .\n", f"f.yaml:1:4: cannot read '.' as a !!float {MALFORMED}"),
        ("a: !!bool maybe\n", f"f.yaml:1:4: cannot read 'maybe' as a !!bool {MALFORMED}"),
        ("a: !!timestamp x\n", f"f.yaml:1:4: cannot read 'x' as a !!timestamp {MALFORMED}"),
        # The 30th of February matches the date pattern, then datetime.date() refuses it.
        ("a: 2026-02-30\n", f"f.yaml:1:4: cannot read '2026-02-30' as a !!timestamp {MALFORMED}"),
    ],
)
def test_a_tagged_value_its_tag_cannot_hold_is_located(text, message):
    assert error_of(text) == message


def test_tags_with_any_value_are_read_or_located():
    """Every allowed tag, on a value that fits it, on nothing, and on values that do not."""
    assert parse_yaml("a: !!null x\nb: !!str\nc: !!null\n", "f").data == {
        "a": None,
        "b": "",
        "c": None,
    }
    assert parse_yaml("[!!int '7', !!float '1', !!bool 'no']", "f").data == [7, 1.0, False]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp"]),
    st.text(max_size=12),
)
def test_an_allowed_tag_on_any_text_never_crashes(tag, value):
    text = f"a: {tag} {json.dumps(value)}\n"  # a JSON string is a YAML double-quoted scalar
    with contextlib.suppress(MlcareerError):
        parse_yaml(text, "f.yaml")


def test_syntax_error_has_position():
    assert error_of("a: [1, 2\nb: 3\n").startswith("f.yaml:2:")


def test_second_document_is_refused():
    assert "more than one YAML document" in error_of("a: 1\n---\nb: 2\n")


def test_complex_key_is_refused():
    assert "a key must be plain text or a number" in error_of("? [1, 2]\n: x\n")
    # An alias to a list, used as a key, is only known to be a list once it is read.
    assert error_of("a: &x [1]\n*x : 2\n") == (
        "f.yaml:2:1: a key must be plain text or a number, not a list or mapping"
    )


def read_error(path, **kwargs) -> str:
    with pytest.raises(MlcareerError) as info:
        load_mapping(path, max_bytes=kwargs.get("max_bytes", 1000), what="taxonomy")
    return str(info.value)


def test_invalid_utf8_names_line_and_column(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    assert read_error(path) == (
        f"{path}:2:7: the taxonomy is not UTF-8 text (byte 0xe9): save it as UTF-8"
    )


def test_binary_file(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes(b"a: 1\n\x00\x01\x02")
    assert read_error(path) == (
        f"{path}:2:1: the taxonomy holds a NUL character, which no text file has: check that "
        "this is the right file, and save the taxonomy again as plain text"
    )


def test_a_roster_with_a_nul_is_not_called_yaml(tmp_path):
    from mlcareer.roster import read_roster

    path = tmp_path / "r.csv"
    path.write_bytes(b"id,name\ns101,A\x00B\n")
    with pytest.raises(MlcareerError) as caught:
        read_roster(path)
    # "s101,A" is 6 characters: the NUL is in column 7 of line 2.
    assert caught.value.render() == (
        f"{path}:2:7: the roster holds a NUL character, which no text file has: check that "
        "this is the right file, and save the roster again as plain text"
    )


def test_too_large_file(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("a: " + "x" * 5000)
    assert read_error(path, max_bytes=1024).startswith(f"{path}: the taxonomy is larger than")


def test_empty_file_and_non_mapping(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# only a comment\n")
    assert read_error(empty) == f"{empty}:1:1: the taxonomy is empty: it must be a YAML mapping"
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    assert read_error(listing) == (
        f"{listing}:1:1: the taxonomy must be a YAML mapping of keys to values, not a list"
    )


def test_missing_path_and_folder(tmp_path):
    assert (
        read_error(tmp_path / "nope.yaml")
        == f"{tmp_path / 'nope.yaml'}: no such taxonomy: check the path"
    )
    assert (
        read_error(tmp_path) == f"{tmp_path}: is a folder, not a taxonomy: give the path of a file"
    )


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    _label, text = read_text(path, max_bytes=100, what="taxonomy")
    assert text == "a: 1\n"


def test_unreadable_file_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_text("a: 1\n")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # The tests may run as root, who reads any file: the refusal is simulated where the
    # file is opened (files.read_regular_file's os.open, so that a pipe is not waited on).
    from mlcareer import files

    monkeypatch.setattr(files.os, "open", denied)
    assert read_error(path) == (
        f"{path}: cannot read the taxonomy (permission denied): check its permissions"
    )


@pytest.mark.parametrize(
    ("tagged", "message"),
    [
        ("!!int", f"the !!int {EMPTY}"),
        ("!!float", f"the !!float {EMPTY}"),
        ("!!bool", f"the !!bool {EMPTY}"),
        ("!!int two", f"cannot read 'two' as a !!int {MALFORMED}"),
    ],
)
def test_commands_refuse_a_bad_tagged_value_with_exit_2(tiny_path, tmp_path, tagged, message):
    from mlcareer.cli import app

    runner = CliRunner()
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"role: junior\nratings:\n  python: {tagged}\n")
    result = runner.invoke(app, ["assess", "-t", str(tiny_path), "--answers", str(answers)])
    assert (result.exit_code, result.stdout) == (2, "")
    # "  python: " is 10 characters, so the value starts in column 11.
    assert result.stderr == f"mlcareer: {answers}:3:11: {message}\n"

    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(tiny_path.read_text().replace("weight: 0.5", f"weight: {tagged}", 1))
    line = tiny_path.read_text().splitlines().index("        weight: 0.5") + 1
    # "        weight: " is 16 characters, so the value starts in column 17.
    result = runner.invoke(app, ["validate", str(taxonomy)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mlcareer: {taxonomy}:{line}:17: {message}\n"
