"""Hostile and broken input, run through the real command: exit 2, one clear line, nothing
written, no traceback, and no hang (every run carries a timeout).

The small files live in tests/hostile/; the large ones are generated here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import HERE, TINY

HOSTILE = HERE / "hostile"
TIMEOUT = 20  # a guard against hangs, not a speed measurement


def mlcareer(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mlcareer", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
    )


def assert_refused(result: subprocess.CompletedProcess, *fragments: str) -> str:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert result.stdout == b""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("mlcareer: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def generated_taxonomies(folder: Path) -> dict[str, tuple[Path, str]]:
    """Large hostile files, made on the fly rather than committed."""
    bomb = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    bomb += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    files = {
        "alias-bomb.yaml": ("\n".join(bomb) + "\n", "expands to more than"),
        "deep-yaml.yaml": ("a: " + "[" * 2000 + "]" * 2000 + "\n", "nested more than 64 levels"),
        "deep-json.json": (
            '{"a": ' + '{"b": ' * 3000 + "1" + "}" * 3001 + "\n",
            "nested more than 64 levels",
        ),
        "huge.yaml": (None, "larger than 8 MiB"),
    }
    made = {}
    for name, (text, fragment) in files.items():
        path = folder / name
        if text is None:  # 50 MB of valid-looking YAML
            with path.open("w") as handle:
                line = "# " + "x" * 1021 + "\n"
                for _ in range(50 * 1024):
                    handle.write(line)
        else:
            path.write_text(text)
        made[name] = (path, fragment)
    return made


TAXONOMY_CASES = {
    "python-object-tag.yaml": "the tag !!python/object/apply:os.system is not allowed",
    "binary-tag.yaml": "the tag !!binary is not allowed",
    "duplicate-keys.yaml": "duplicate key 'id' (first given on line 2)",
    "latin1.yaml": "is not UTF-8 text (byte 0xe9)",
    "binary.png.yaml": "is not UTF-8 text",
    "list.yaml": "must be a YAML mapping of keys to values, not a list",
    "empty.yaml": "the taxonomy is empty",
    "two-documents.yaml": "more than one YAML document",
    "syntax-error.yaml": "YAML syntax error",
    "bad-json.json": "YAML syntax error",
    "escape-in-name.yaml": ":9:11: `name` holds the control character U+001B",
    "url-with-escape.yaml": ":19:98: `url` must be a web address starting with https://",
    "url-javascript-after-https.yaml": "not one holding '['",
    "bidi-in-description.yaml": ":15:22: `description` holds the bidirectional control U+202E",
    "newline-in-category-name.yaml": ":37:11: `name` must be one line: it holds a line break",
}


@pytest.mark.parametrize("name", sorted(TAXONOMY_CASES))
def test_hostile_taxonomy_files(name, tmp_path):
    path = HOSTILE / "taxonomy" / name
    line = assert_refused(mlcareer("validate", str(path), cwd=tmp_path), TAXONOMY_CASES[name])
    assert str(path) in line


def test_generated_hostile_taxonomies(tmp_path):
    for name, (path, fragment) in generated_taxonomies(tmp_path).items():
        line = assert_refused(mlcareer("validate", str(path), cwd=tmp_path), fragment)
        assert line.startswith(f"mlcareer: {path}"), name


ANSWERS_CASES = {
    "level-boolean.yaml": "the rating of `python` must be a whole level from 0 to 4",
    "level-float.yaml": "not 2.5",
    "level-huge.yaml": "not 99999999999999999999999",
    "level-nan.yaml": "not nan",
    "level-negative.yaml": "not -1",
    "level-text.yaml": "not 'three'",
    "id-with-space.yaml": "unknown skill `py thon`",
    "id-with-path.yaml": "unknown skill `../../etc/passwd`",
    "role-with-path.yaml": "must use only lowercase letters, digits and hyphens",
    "duplicate-keys.yaml": "duplicate key 'ratings'",
    "python-tag.yaml": "the tag !!python/object/new:dict is not allowed",
    "ratings-list.yaml": "`ratings` must be a mapping of keys to values, not a list",
    "learner-id-path.yaml": "`id`: a learner id uses only ASCII letters, digits and . _ -",
    "learner-id-lookalike.yaml": "like the student number s123, not '\u04551'",
    "learner-id-zero-width.yaml": "like the student number s123, not 's1\\u200b'",
    "learner-id-newline.yaml": "like the student number s123, not 's123\\n'",
    "learner-name-escape.yaml": "`name`: a learner name holds the control character U+001B",
}


@pytest.mark.parametrize("name", sorted(ANSWERS_CASES))
def test_hostile_answers_leave_the_output_untouched(name, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("the previous report\n")
    path = HOSTILE / "answers" / name
    result = mlcareer(
        "assess", "-t", str(TINY), "-a", str(path), "-o", str(out), "--no-save", cwd=tmp_path
    )
    assert_refused(result, ANSWERS_CASES[name], str(path))
    assert out.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_paths_that_are_not_files(tmp_path):
    assert_refused(mlcareer("validate", str(tmp_path), cwd=tmp_path), "is a folder")
    assert_refused(
        mlcareer("validate", str(tmp_path / "missing.yaml"), cwd=tmp_path), "no such taxonomy"
    )
    assert_refused(
        mlcareer("assess", "-t", str(TINY), "-a", str(tmp_path), cwd=tmp_path),
        "is a folder, not an answers file",
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("role: junior\n")
    path.chmod(0)
    assert_refused(
        mlcareer("assess", "-t", str(TINY), "-a", str(path), cwd=tmp_path), "permission denied"
    )


def test_answers_on_stdin_that_are_binary(tmp_path):
    result = mlcareer("assess", "-t", str(TINY), "-a", "-", cwd=tmp_path, stdin=b"\xff\xfe\x00")
    assert_refused(result, "<stdin>", "not UTF-8 text")


def test_report_of_another_schema_version(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\nratings: {python: 2}\n")
    made = mlcareer(
        "assess", "-t", str(TINY), "-a", str(answers), "-f", "json", "--no-save", cwd=tmp_path
    )
    report = tmp_path / "report.json"
    report.write_bytes(made.stdout.replace(b'"schema_version": 2', b'"schema_version": 3', 1))
    for command in (["show", str(report)], ["plan", str(report), "-H", "5"]):
        assert_refused(mlcareer(*command, cwd=tmp_path), "schema_version 3")
    # cohort lists every bad file, then one line on what to do about them
    cohort = mlcareer("cohort", str(report), cwd=tmp_path)
    lines = cohort.stderr.decode().splitlines()
    assert cohort.returncode == 2 and cohort.stdout == b""
    assert "schema_version 3" in lines[0] and len(lines) == 2


def test_history_that_is_not_sqlite(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "history.sqlite3").write_bytes(b"this is not a database\n" * 100)
    env_home = {"MLCAREER_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "mlcareer", "history"],
        cwd=tmp_path,
        env={**os.environ, **env_home, "NO_COLOR": "1"},
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert_refused(result, str(home / "history.sqlite3"))
    assert (home / "history.sqlite3").read_bytes() == b"this is not a database\n" * 100
