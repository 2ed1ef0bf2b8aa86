"""Assignments: the model, `mlcareer assignment new`, reading back, and refusing mistakes."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlcareer.assignment import (
    Assignment,
    check_taxonomy_matches,
    id_from_file_name,
    load_assignment,
    role_for,
)
from mlcareer.cli import app
from mlcareer.errors import MlcareerError
from mlcareer.taxonomy import load_taxonomy

runner = CliRunner()


@pytest.fixture
def course(tmp_path: Path, tiny_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    shutil.copy(tiny_path, folder / "course.yaml")
    return folder


def new(course: Path, *args: str):
    return runner.invoke(
        app,
        [
            "assignment",
            "new",
            str(course / "week1.yaml"),
            "-t",
            str(course / "course.yaml"),
            *args,
        ],
    )


def roles_of(path: Path) -> list[str]:
    return [r.id for r in load_taxonomy(path).roles]


def test_new_writes_an_assignment_that_reads_back(course: Path):
    role = roles_of(course / "course.yaml")[0]
    result = new(
        course,
        "--role",
        role,
        "--due",
        "2026-12-01T17:00+01:00",
        "--quiz-max",
        "4",
        "--submit-to",
        "Moodle, Week 1",
        "--install",
        "uv tool install ./mlcareer-0.1.0-py3-none-any.whl",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "uv tool install ./mlcareer-0.1.0-py3-none-any.whl\n"
        'mlcareer assess --assignment week1.yaml --learner "Your Name" --learner-id YOUR-ID\n'
        "# then hand in YOUR-ID.json: Moodle, Week 1\n"
        "# due 2026-12-01T17:00:00+01:00\n"
    )
    a = load_assignment(course / "week1.yaml")
    tax = load_taxonomy(course / "course.yaml")
    assert a.id == "week1"
    assert a.taxonomy.path == "course.yaml"
    assert a.taxonomy.sha256 == tax.sha256
    assert (a.taxonomy.id, a.taxonomy.version) == (tax.id, tax.version)
    assert a.roles == [role]
    assert a.quiz.max == 4
    assert a.due == "2026-12-01T17:00:00+01:00"
    assert a.file_name_for("s101") == "s101.json"
    assert a.taxonomy_path(course / "week1.yaml") == course / "course.yaml"


def test_new_refuses_an_unknown_role_an_existing_file_and_a_bad_file_name(course: Path):
    role = roles_of(course / "course.yaml")[0]
    bad = new(course, "--role", role + "x")
    assert bad.exit_code == 2
    assert f"(did you mean `{role}`?)" in bad.stderr
    assert not (course / "week1.yaml").exists()
    assert new(course, "--role", role).exit_code == 0
    again = new(course, "--role", role)
    assert again.exit_code == 2
    assert "already exists: choose another name, or pass --force" in again.stderr
    name = new(course, "--role", role, "--force", "--file-name", "{student}.json")
    assert name.exit_code == 2
    assert name.stderr == (
        "mlcareer: --file-name: '{student}.json' uses {student}: the file name may use "
        "{learner_id} and {assignment}\n"
    )


def test_several_roles_the_student_chooses_with_role(course: Path):
    a = Assignment.model_validate(
        {
            "id": "w",
            "title": "W",
            "taxonomy": {
                "path": "c.yaml",
                "id": "c",
                "version": "1",
                "sha256": "0" * 64,
            },
            "roles": ["junior", "intern"],
            "quiz": {"max": 0},
            "submit": {"to": "x"},
        }
    )
    assert role_for(a, None) is None
    assert role_for(a, "intern") == "intern"
    with pytest.raises(MlcareerError, match="is for the roles `junior` or `intern`, not `senior`"):
        role_for(a, "senior")
    with pytest.raises(MlcareerError, match="needs your learner id: pass --learner-id"):
        a.file_name_for(None)


def test_a_changed_taxonomy_is_refused(course: Path):
    role = roles_of(course / "course.yaml")[0]
    assert new(course, "--role", role).exit_code == 0
    a = load_assignment(course / "week1.yaml")
    with pytest.raises(MlcareerError) as caught:
        check_taxonomy_matches(a, "f" * 64, "course.yaml")
    assert str(caught.value).startswith(
        "course.yaml: is not the taxonomy of assignment `week1` (its sha256 is ffffffffffff"
    )


def test_bad_assignment_files_are_explained_with_their_line(tmp_path: Path, tiny_path: Path):
    bad = tmp_path / "a.yaml"
    bad.write_text(
        "assignment_schema_version: 1\nid: Week 1\ntitle: x\n"
        "taxonomy: {path: c.yaml, id: c, version: '1', sha256: abc}\n"
        "roles: [a, a]\nquiz: {max: 3}\ndue: 2026-12-01T10:00\nsubmit: {to: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(MlcareerError) as caught:
        load_assignment(bad)
    lines = [p.line for p in caught.value.problems]
    assert lines == [2, 4, 5, 7]
    assert "has no UTC offset" in str(caught.value)
    assert "role `a` is listed twice" in str(caught.value)
    with pytest.raises(MlcareerError, match="is a taxonomy, not an assignment"):
        load_assignment(tiny_path)


def test_id_from_file_name():
    assert id_from_file_name("Week 1 (skills).yaml") == "week-1-skills"
    assert id_from_file_name("___.yaml") == "assignment"


def test_validate_checks_an_assignment_file_against_its_taxonomy(course: Path):
    """`validate` tells an assignment from a taxonomy by its content, and checks that its
    taxonomy is there, unchanged, and holds its role."""
    assert new(course, "--role", "junior", "--quiz-max", "3", "--due", "2026-12-20").exit_code == 0
    week1 = course / "week1.yaml"
    taxonomy = course / "course.yaml"
    ok = runner.invoke(app, ["validate", str(week1)])
    assert (ok.exit_code, ok.stdout) == (
        0,
        f"{week1}: valid assignment `week1`: taxonomy `tiny` version 1 ({taxonomy}, "
        "unchanged), role junior, at most 3 checks, due 2026-12-20T23:59:59Z\n",
    )

    # A role the taxonomy does not have (the file edited by hand).
    week1.write_text(week1.read_text().replace("  - junior\n", "  - senior\n"))
    line = week1.read_text().splitlines().index("  - senior") + 1
    unknown = runner.invoke(app, ["validate", str(week1)])
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        f"mlcareer: {week1}:{line}:5: role `senior` is not a role of taxonomy `tiny`: choose "
        "one of junior, analyst\n"
    )

    # The course taxonomy changed after the assignment was made: its sha256 differs.
    week1.write_text(week1.read_text().replace("  - senior\n", "  - junior\n"))
    taxonomy.write_text(taxonomy.read_text() + "# edited\n")
    changed = runner.invoke(app, ["validate", str(week1)])
    assert changed.exit_code == 2
    assert f"mlcareer: {taxonomy}: is not the taxonomy of assignment `week1`" in changed.stderr

    # The taxonomy is gone: the error points at the assignment's line naming it, and at
    # the file that path means (relative to the assignment's folder, not the current one).
    taxonomy.unlink()
    line = week1.read_text().splitlines().index('  path: "course.yaml"') + 1
    missing = runner.invoke(app, ["validate", str(week1)])
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"mlcareer: {week1}:{line}:9: the taxonomy `course.yaml` is not there (looked for "
        f"{taxonomy}: a relative path starts at the assignment's folder): put the course "
        "taxonomy there, or correct the path\n",
    )
    # assess and cohort take a copy kept elsewhere with --taxonomy, and say so.
    for args in (
        ["assess", "--assignment", str(week1), "--answers", "-"],
        ["cohort", str(course)],
    ):
        if args[0] == "cohort":
            args += ["--assignment", str(week1)]
        result = runner.invoke(app, args, input="ratings: {}\n")
        assert (result.exit_code, result.stderr) == (
            2,
            f"mlcareer: {week1}:{line}:9: the taxonomy `course.yaml` is not there (looked for "
            f"{taxonomy}: a relative path starts at the assignment's folder): put the course "
            "taxonomy there, or pass your copy of it with --taxonomy\n",
        ), args


@pytest.mark.parametrize(
    ("epoch", "warning"),
    [
        # Due 2026-12-01T17:00:00+01:00 = 16:00:00Z = 1796140800. Made the evening before:
        # no warning.
        (1796140800 - 3 * 3600, None),
        # 30 min after: 30 min ago.
        (1796140800 + 1800, "30 min"),
        # 3 days and 5 h after: over 48 h, so in whole days.
        (1796140800 + 3 * 86400 + 5 * 3600, "3 days"),
    ],
)
def test_a_due_date_already_past_is_warned_about(course: Path, monkeypatch, epoch, warning):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = new(course, "--role", "junior", "--due", "2026-12-01T17:00+01:00")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"mlcareer: wrote {course / 'week1.yaml'} (assignment `week1`, due "
        "2026-12-01T17:00:00+01:00)"
    )
    expected = (
        []
        if warning is None
        else [
            f"mlcareer: warning: the due date passed {warning} ago, so every report will "
            "show as late: pass a later --due (with --force) unless that is meant"
        ]
    )
    assert [line for line in lines if "warning" in line] == expected


def refused(course: Path, *args: str) -> str:
    """stderr of `assignment new` with these options, which must be refused (exit 2) without
    writing the file."""
    result = new(course, "--role", "junior", *args)
    assert result.exit_code == 2
    assert not (course / "week1.yaml").exists()
    return result.stderr


def test_text_no_honest_assignment_holds_is_refused(course: Path):
    # An escape sequence (OSC 52 writes the clipboard) and a line break that would fake a
    # second `mlcareer:` line: refused on the command line, never printed. The first
    # character it may not hold is the ESC.
    assert refused(course, "--submit-to", "x\x1b]52;c;aGk=\x07\nmlcareer: fake") == (
        "mlcareer: --submit-to: holds the control character U+001B, which no honest file "
        "holds: remove it\n"
    )
    assert refused(course, "--title", "Week 1\nmlcareer: fake") == (
        "mlcareer: --title: must be one line: it holds a line break\n"
    )
    # And in a file: where it is, and no escape reaches the terminal.
    assert new(course, "--role", "junior").exit_code == 0
    path = course / "week1.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  to: ") == 1
    path.write_text(text.replace("  to: ", '  to: "\\u202eevil" #', 1), encoding="utf-8")
    line = 1 + text[: text.index("  to: ")].count("\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.stderr
    assert "bidirectional control U+202E" in result.stderr
    assert "\u202e" not in result.stderr


def test_a_sha256_that_is_not_one_says_what_a_sha256_is(course: Path):
    assert new(course, "--role", "junior").exit_code == 0
    path = course / "week1.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("  sha256: ")]
    lines[at] = "  sha256: XYZ"  # the value starts at column 11
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {path}:{at + 1}:11: `sha256` must be a sha256: 64 characters 0-9 and a-f "
        "(lowercase), not 'XYZ': make the assignment again with `mlcareer assignment new`\n"
    )


def test_an_empty_due_date_is_refused_not_taken_for_none(course: Path):
    assert refused(course, "--due", "") == (
        "mlcareer: --due '' is not a date: write 2026-12-01 (the end of that day) or "
        "2026-12-01T17:00 or 2026-12-01T17:00+01:00\n"
    )


# -- the report's file name ---------------------------------------------------------------

# Bytes of UTF-8: é is 2, {learner_id} filled with the longest id (64 characters) is 64,
# .json is 5. A file name has at most 255 bytes.
LONGEST_OK = "é" * 93 + "{learner_id}.json"  # 186 + 64 + 5 = 255 bytes
ONE_BYTE_OVER = "é" * 93 + "a{learner_id}.json"  # 256 bytes


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        (
            "\x1b[2J{learner_id}.json",
            "holds the control character U+001B, which no honest file holds: remove it",
        ),
        (
            "{learner_id}\u202e.json",
            "holds the bidirectional control U+202E, which can make text read differently than "
            "it is stored: remove it",
        ),
        ("{learner_id}\n.json", "must be one line: it holds a line break"),
        (
            "{learner_id}\x00.json",
            "holds the control character U+0000, which no honest file holds: remove it",
        ),
        (
            ".{learner_id}.json",
            "'.{learner_id}.json' starts with a dot, which makes a hidden file that `mlcareer "
            "cohort` passes over in a folder of reports: remove the dot",
        ),
        (
            "reports\\{learner_id}.json",
            "'reports\\\\{learner_id}.json' is a path: give a file name without a folder",
        ),
        (
            ONE_BYTE_OVER,
            "must be shorter: with a learner id of 64 characters (the longest allowed) it makes "
            "a name of 256 bytes in UTF-8, and a file name has at most 255",
        ),
        (
            # 64 + 1 + 180 + 64 + 5 = 314 bytes, {assignment} counted at its longest too.
            "{assignment}-" + "é" * 90 + "{learner_id}.json",
            "must be shorter: with a learner id and an assignment id of 64 characters (the "
            "longest allowed) it makes a name of 314 bytes in UTF-8, and a file name has at "
            "most 255",
        ),
    ],
)
def test_a_file_name_no_file_system_or_cohort_takes_is_refused(course, file_name, message):
    assert refused(course, "--file-name", file_name) == f"mlcareer: --file-name: {message}\n"


def test_a_file_name_of_255_bytes_with_the_longest_id_is_taken(course: Path):
    result = new(course, "--role", "junior", "--file-name", LONGEST_OK)
    assert result.exit_code == 0, result.output
    a = load_assignment(course / "week1.yaml")
    assert len(a.file_name_for("s" * 64).encode("utf-8")) == 255


def with_line(path: Path, start: str, line: str) -> int:
    """Replace the line of ``path`` starting with ``start``; its number (from 1)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    [at] = [i for i, text in enumerate(lines) if text.startswith(start)]
    lines[at] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # YAML's "\0" is a NUL, which no file name can hold: Python raised ValueError.
        (
            '"{learner_id}\\0.json"',
            "`file_name` holds the control character U+0000, which no honest file holds: remove it",
        ),
        # 200 + 64 + 5 = 269 bytes: the file system refused it with ENAMETOOLONG.
        (
            '"' + "é" * 100 + '{learner_id}.json"',
            "`file_name` must be shorter: with a learner id of 64 characters (the longest "
            "allowed) it makes a name of 269 bytes in UTF-8, and a file name has at most 255",
        ),
    ],
)
def test_a_file_name_from_the_file_is_refused_before_a_student_answers(course, value, message):
    assert new(course, "--role", "junior").exit_code == 0
    week1 = course / "week1.yaml"
    line = with_line(week1, "  file_name: ", f"  file_name: {value}")
    expected = f"mlcareer: {week1}:{line}:14: {message}\n"
    checked = runner.invoke(app, ["validate", str(week1)])
    assert (checked.exit_code, checked.stderr) == (2, expected)
    assess = [
        "assess",
        "--assignment",
        str(week1),
        "--answers",
        "-",
        "--learner-id",
        "s1",
    ]
    result = runner.invoke(app, [*assess, "--no-save"], input="role: junior\nratings: {}\n")
    assert (result.exit_code, result.stderr) == (2, expected)


def test_a_report_name_that_is_the_taxonomys_is_refused_when_made_and_read(course, tiny_path):
    import json

    from mlcareer.yamlfile import parse_yaml

    taxonomy = course / "week1.json"
    data = parse_yaml(tiny_path.read_text(encoding="utf-8"), "tiny.yaml").data
    taxonomy.write_text(json.dumps(data), encoding="utf-8")
    week1 = course / "week1.yaml"
    args = ["assignment", "new", str(week1), "-t", str(taxonomy), "-r", "junior"]
    clash = (
        "is the taxonomy's file name, so every student's report would be refused (it would "
        "overwrite the taxonomy handed out with the assignment): give the report another name, "
        "like {learner_id}.json"
    )
    for name, says in [
        ("{assignment}.json", "'{assignment}.json' makes week1.json, which " + clash),
        # One file on macOS and Windows.
        ("Week1.json", "'Week1.json' " + clash),
    ]:
        result = runner.invoke(app, [*args, "--file-name", name])
        assert (result.exit_code, result.stderr) == (
            2,
            f"mlcareer: --file-name: {says}\n",
        )
        assert not week1.exists()

    # Made by hand: validate and every student's assess point at the line.
    assert runner.invoke(app, args).exit_code == 0
    line = with_line(week1, "  file_name: ", '  file_name: "{assignment}.json"')
    expected = (
        f"mlcareer: {week1}:{line}:14: `file_name` '{{assignment}}.json' makes week1.json, "
        f"which {clash}\n"
    )
    checked = runner.invoke(app, ["validate", str(week1)])
    assert (checked.exit_code, checked.stderr) == (2, expected)
    assess = ["assess", "--assignment", str(week1), "--answers", "-", "--no-save"]
    result = runner.invoke(app, assess, input="role: junior\nratings: {}\n")
    assert (result.exit_code, result.stderr) == (2, expected)


# -- where the assignment is written ------------------------------------------------------


def test_the_assignment_is_never_written_over_its_taxonomy(course: Path):
    taxonomy = course / "course.yaml"
    before = taxonomy.read_bytes()
    args = [
        "assignment",
        "new",
        str(taxonomy),
        "-t",
        str(taxonomy),
        "-r",
        "junior",
        "--force",
    ]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (
        2,
        f"mlcareer: {taxonomy}: FILE names the same file as --taxonomy, which writing would "
        "overwrite: write to another file\n",
    )
    assert taxonomy.read_bytes() == before


def test_an_assignment_is_a_file_not_stdout_a_device_or_a_folder(course, monkeypatch):
    monkeypatch.chdir(course)
    taxonomy = ["-t", "course.yaml", "-r", "junior"]
    stdout = runner.invoke(app, ["assignment", "new", "-", *taxonomy])
    assert (stdout.exit_code, stdout.stdout, stdout.stderr) == (
        2,
        "",
        "mlcareer: an assignment is a file students are handed beside the taxonomy, so it "
        "cannot go to stdout (-): give a file name, like week1.yaml\n",
    )
    assert not (course / "-").exists()
    (course / "week1").mkdir()
    for target in (os.devnull, "week1"):
        result = runner.invoke(app, ["assignment", "new", target, *taxonomy, "--force"])
        assert (result.exit_code, result.stderr) == (
            2,
            f"mlcareer: {target}: is not a regular file: an assignment is a file students are "
            "handed beside the taxonomy: give a file name, like week1.yaml\n",
        )


# -- --due --------------------------------------------------------------------------------


def in_zone(monkeypatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()  # conftest's fixture sets TZ=UTC again for the next test


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York", "UTC"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1969-12-31", "9999-01-01"])
def test_a_due_date_too_far_off_is_refused_in_every_zone(course, monkeypatch, zone, day):
    # The end of 9999-12-31 in New York is in the year 10000 in UTC; 0001-01-01 in Tokyo is
    # in the year 0: Python raised OverflowError and ValueError.
    in_zone(monkeypatch, zone)
    assert refused(course, "--due", day) == (
        f"mlcareer: --due '{day}' is too far off: give a due date in the years 1970 to 9998\n"
    )


@pytest.mark.parametrize(
    ("zone", "day", "stored"),
    [
        ("America/New_York", "9998-12-31", "9998-12-31T23:59:59-05:00"),
        ("Asia/Tokyo", "1970-01-01", "1970-01-01T23:59:59+09:00"),
    ],
)
def test_the_first_and_last_years_of_due_dates_are_taken(course, monkeypatch, zone, day, stored):
    in_zone(monkeypatch, zone)
    result = new(course, "--role", "junior", "--due", day)
    assert result.exit_code == 0, result.output
    assert load_assignment(course / "week1.yaml").due == stored


NEEDS_311 = pytest.mark.skipif(
    sys.version_info < (3, 11),
    reason="Python 3.10's fromisoformat reads 2026-12-01 only",
)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2026-12-01", "2026-12-01T23:59:59-05:00"),
        pytest.param("20261201", "2026-12-01T23:59:59-05:00", marks=NEEDS_311),
        pytest.param("2026-W49-2", "2026-12-01T23:59:59-05:00", marks=NEEDS_311),  # a Tuesday
        pytest.param("2026W492", "2026-12-01T23:59:59-05:00", marks=NEEDS_311),
        pytest.param("2026-W49", "2026-11-30T23:59:59-05:00", marks=NEEDS_311),  # its Monday
        ("2026-07-01", "2026-07-01T23:59:59-04:00"),  # daylight saving time
        ("2026-12-01T17:00", "2026-12-01T17:00:00-05:00"),  # a time: as given
    ],
)
def test_every_spelling_of_a_date_alone_means_the_end_of_that_day(
    course, monkeypatch, given, stored
):
    in_zone(monkeypatch, "America/New_York")
    result = new(course, "--role", "junior", "--due", given)
    assert result.exit_code == 0, result.output
    assert load_assignment(course / "week1.yaml").due == stored


@pytest.mark.parametrize(
    ("given", "offset"), [("2026-12-01Z", "Z"), ("2026-12-01+01:00", "+01:00")]
)
def test_a_date_with_an_offset_but_no_time_is_refused(course, monkeypatch, given, offset):
    # fromisoformat took the "+" for the T: 2026-12-01+00:00 was midnight, local time.
    in_zone(monkeypatch, "America/New_York")
    assert refused(course, "--due", given) == (
        f"mlcareer: --due '{given}' is a date with a UTC offset but no time: write 2026-12-01 "
        f"(the end of that day in this computer's time zone) or 2026-12-01T23:59:59{offset}\n"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"2026-12-01Z"',
            "'2026-12-01Z' is a date without a time: write the moment reports are due, like "
            "2026-12-01T23:59:59Z",
        ),
        (
            '"2026-12-01-05:00"',
            "'2026-12-01-05:00' is a date without a time: write the moment reports are due, "
            "like 2026-12-01T23:59:59-05:00",
        ),
        (
            '"2026-12-01"',
            "'2026-12-01' is a date without a time: write the moment reports are due, like "
            "2026-12-01T23:59:59+01:00",
        ),
        (
            '"9999-12-31T23:59:59-05:00"',
            "'9999-12-31T23:59:59-05:00' is too far off: give a due date in the years 1970 to 9998",
        ),
    ],
)
def test_a_due_date_in_the_file_that_is_not_a_moment_is_refused(course: Path, value, message):
    assert new(course, "--role", "junior").exit_code == 0
    week1 = course / "week1.yaml"
    line = with_line(week1, "due: ", f"due: {value}")  # the value starts at column 6
    result = runner.invoke(app, ["validate", str(week1)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"mlcareer: {week1}:{line}:6: `due`: {message}\n",
    )


# -- which option a message names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "junior"], "--role: role `junior` is listed twice: keep one"),
        (
            ["--id", "Week 1"],
            "--id: an id uses only lowercase letters, digits and hyphens, starting with a letter "
            "or digit (like week-1), not 'Week 1'",
        ),
        (
            ["--id", "a" * 65],
            "--id: at most 64 characters, not 65: give a shorter --id",
        ),
        (["--quiz-max", "1001"], "--quiz-max: at most 1000, not 1001"),
        (
            ["--title", "t" * 201],
            "--title: at most 200 characters, not 201: give a shorter --title",
        ),
        (["--submit-to", ""], "--submit-to: must not be empty"),
    ],
)
def test_option_mistakes_name_the_option_in_plain_words(course: Path, args, message):
    assert refused(course, *args) == f"mlcareer: {message}\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ta\nx.yaml", "must be one line: it holds a line break"),
        (
            "ta\x1b[2Jx.yaml",
            "holds the control character U+001B, which no honest file holds",
        ),
    ],
)
def test_a_taxonomy_path_an_assignment_cannot_hold_names_taxonomy(course, tiny_path, name, message):
    shutil.copy(tiny_path, course / name)
    result = runner.invoke(
        app,
        [
            "assignment",
            "new",
            str(course / "week1.yaml"),
            "-t",
            str(course / name),
            "-r",
            "junior",
        ],
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"mlcareer: --taxonomy: the path of the taxonomy {message}: rename the file\n",
    )
    assert not (course / "week1.yaml").exists()


def test_a_taxonomy_path_too_long_to_store_names_taxonomy(course, tiny_path):
    # Five folders of 200 characters, their five slashes and course.yaml (11): 1016.
    folder = course.joinpath(*["d" * 200] * 5)
    folder.mkdir(parents=True)
    shutil.copy(tiny_path, folder / "course.yaml")
    args = [
        "assignment",
        "new",
        str(course / "week1.yaml"),
        "-t",
        str(folder / "course.yaml"),
    ]
    result = runner.invoke(app, [*args, "-r", "junior"])
    assert (result.exit_code, result.stderr) == (
        2,
        "mlcareer: --taxonomy: the path of the taxonomy from the assignment's folder has 1016 "
        "characters, and an assignment holds at most 1000: put the taxonomy nearer the "
        "assignment\n",
    )


# -- the schema version -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", "must be the whole number 1, not true (a yes/no value): write 1"),
        ("1.0", "must be the whole number 1, not 1.0: write 1"),
        ('"1"', "must be the whole number 1, not the text '1': remove the quotes"),
        ("0", "must be the whole number 1, not 0: write 1"),
        (
            "2",
            "2 is not supported by this mlcareer, which reads version 1: upgrade mlcareer",
        ),
    ],
)
def test_the_schema_version_is_the_whole_number_1(course: Path, value, message):
    assert new(course, "--role", "junior").exit_code == 0
    week1 = course / "week1.yaml"
    key = "assignment_schema_version: "  # 27 characters: the value starts at column 28
    line = with_line(week1, key, key + value)
    result = runner.invoke(app, ["validate", str(week1)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"mlcareer: {week1}:{line}:28: assignment_schema_version {message}\n",
    )


def test_a_taxonomy_not_beside_the_assignment_is_warned_about(
    tmp_path: Path, tiny_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "sub").mkdir()
    shutil.copy(tiny_path, tmp_path / "other" / "tax.yaml")
    result = runner.invoke(
        app, ["assignment", "new", "sub/w2.yaml", "-t", "other/tax.yaml", "-r", "junior"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1:3] == [
        "mlcareer: warning: w2.yaml finds the taxonomy at ../other/tax.yaml, not beside it, "
        "so students given the two files in one folder would be told it is missing: copy "
        "tax.yaml next to w2.yaml and make the assignment from that copy",
        "mlcareer: hand the students w2.yaml and tax.yaml (in one folder), with these lines:",
    ]
    beside = runner.invoke(
        app, ["assignment", "new", "other/w3.yaml", "-t", "other/tax.yaml", "-r", "junior"]
    )
    assert "warning" not in beside.stderr


def test_the_file_name_help_names_both_placeholders():
    result = runner.invoke(app, ["assignment", "new", "--help"], env={"COLUMNS": "200"})
    assert "{learner_id} and {assignment} are replaced" in result.stdout
