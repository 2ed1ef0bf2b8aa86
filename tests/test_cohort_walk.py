"""Reading a cohort's folders, patterns and stdin safely: symlink loops end, FIFOs and
sockets are skipped with a warning, unreadable folders are named, file names that are not
UTF-8 survive every format, and one JSON line cannot exceed the report size limit."""

from __future__ import annotations

import glob
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcareer.cohort_sources import _matches, iter_sources, read_report
from mlcareer.errors import MlcareerError, Problem
from mlcareer.report_file import MAX_REPORT_BYTES

from .conftest import TINY

TIMEOUT = 60  # a guard against hangs: the bugs fixed here made cohort run for ever


def mlcareer(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mlcareer", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
    )


def report_text(tmp_path: Path, learner_id: str) -> str:
    answers = tmp_path / f"{learner_id}.yaml"
    answers.write_text(f"role: junior\nlearner: {{id: {learner_id}}}\nratings: {{python: 2}}\n")
    made = mlcareer("assess", "-t", str(TINY), "-a", str(answers), "-f", "json", "--no-save",
                    cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    answers.unlink()
    return made.stdout.decode()


@pytest.fixture
def looped(tmp_path) -> Path:
    """loop/ with two reports, links to its parent and itself, a FIFO and a link loop."""
    folder = tmp_path / "loop"
    (folder / "sub").mkdir(parents=True)
    (folder / "s1.json").write_text(report_text(tmp_path, "s1"))
    (folder / "sub" / "s2.json").write_text(report_text(tmp_path, "s2"))
    (folder / "up").symlink_to("..")
    (folder / "self").symlink_to(".")
    os.mkfifo(folder / "zz.json")
    (folder / "a.json").symlink_to("b.json")
    (folder / "b.json").symlink_to("a.json")
    return folder


def learners(result: subprocess.CompletedProcess) -> list[str]:
    return [row["id"] for row in json.loads(result.stdout)["learners"]]


WARNINGS = (
    "mlcareer: warning: loop/a.json: cannot read it (too many levels of symbolic links), so "
    "it is left out\n"
    "mlcareer: warning: loop/b.json: cannot read it (too many levels of symbolic links), so "
    "it is left out\n"
    "mlcareer: warning: loop/zz.json: is a FIFO, not a report file, so it is left out\n"
)


@pytest.mark.parametrize("arg", ["loop/**/*.json", "loop"])
def test_symlink_loops_and_fifos_neither_hang_nor_count(looped, arg):
    result = mlcareer("cohort", "-t", str(TINY), arg, "-f", "json", cwd=looped.parent)
    assert result.returncode == 0, result.stderr
    assert learners(result) == ["s1", "s2"]  # each once, through no link
    assert result.stderr.decode() == WARNINGS


def test_a_fifo_is_skipped_even_without_skip_invalid(looped):
    result = mlcareer("cohort", "-t", str(TINY), "loop/*.json", "-f", "json", cwd=looped.parent)
    assert result.returncode == 0
    assert learners(result) == ["s1"]
    assert "loop/zz.json: is a FIFO, not a report file" in result.stderr.decode()


def test_a_socket_is_skipped(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "s1.json").write_text(report_text(tmp_path, "s1"))
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.json"))
        result = mlcareer("cohort", "-t", str(TINY), "r", "-f", "json", cwd=tmp_path)
    finally:
        server.close()
    assert result.returncode == 0 and learners(result) == ["s1"]
    assert result.stderr.decode() == (
        "mlcareer: warning: r/sock.json: is a socket, not a report file, so it is left out\n"
    )


def test_an_unreadable_folder_is_warned_about(tmp_path, monkeypatch):
    folder = tmp_path / "r"
    (folder / "locked").mkdir(parents=True)
    (folder / "s1.json").write_text(report_text(tmp_path, "s1"))
    (folder / "locked" / "s3.json").write_text(report_text(tmp_path, "s3"))
    real_scandir = os.scandir

    def scandir(path="."):  # what a mode-000 folder does to a user who is not root
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    warned: list[Problem] = []
    sources = list(iter_sources([str(folder)], warn=warned.append))
    assert [s.label for s in sources] == [str(folder / "s1.json")]
    assert [str(p) for p in warned] == [
        f"{folder / 'locked'}: cannot read this folder (permission denied), so its reports "
        "are left out"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_for_real(tmp_path):
    folder = tmp_path / "r"
    (folder / "locked").mkdir(parents=True)
    (folder / "s1.json").write_text(report_text(tmp_path, "s1"))
    (folder / "locked").chmod(0)
    try:
        result = mlcareer("cohort", "-t", str(TINY), "r", "-f", "json", cwd=tmp_path)
    finally:
        (folder / "locked").chmod(0o755)
    assert result.returncode == 0
    assert "r/locked: cannot read this folder (permission denied)" in result.stderr.decode()


def test_file_names_that_are_not_utf8_survive_json_csv_and_o(tmp_path):
    folder = tmp_path / "enc"
    folder.mkdir()
    data = json.loads(report_text(tmp_path, "s1"))
    data["learner"] = None  # no id: the file name stands for the learner
    with open(os.path.join(os.fsencode(folder), b"caf\xe9-latin1.json"), "w") as handle:
        handle.write(json.dumps(data))
    result = mlcareer("cohort", "-t", str(TINY), "enc", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["learners"][0]["file"] == "enc/caf\\xe9-latin1.json"
    out = mlcareer("cohort", "-t", str(TINY), "enc", "-f", "csv", "--csv-table", "learners",
                   "-o", "out.csv", cwd=tmp_path)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "enc/caf\\xe9-latin1.json" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_a_json_line_over_the_limit_is_refused_without_holding_it(tmp_path):
    good = json.dumps(json.loads(report_text(tmp_path, "s1")))
    huge = '{"pad": "' + "x" * (MAX_REPORT_BYTES + 10) + '"}'
    sources = list(iter_sources(["-"], io.StringIO(f"{huge}\n{good}\n")))
    assert [s.label for s in sources] == ["<stdin>:1", "<stdin>:2"]
    with pytest.raises(MlcareerError) as caught:
        read_report(sources[0])
    assert str(caught.value) == (
        "<stdin>:1: the report is larger than 8 MiB, which no real report needs: check that "
        "this is the right file"
    )
    assert read_report(sources[1]).learner.id == "s1"


def test_a_json_line_of_many_bytes_but_few_characters_is_refused(tmp_path):
    # 3 million three-byte characters: 9 MB of UTF-8 in fewer than 8 Mi characters
    wide = '{"pad": "' + "\u20ac" * 3_000_000 + '"}'
    (source,) = iter_sources(["-"], io.StringIO(wide + "\n"))
    with pytest.raises(MlcareerError) as caught:
        read_report(source)
    assert "<stdin>:1: the report is larger than 8 MiB" in str(caught.value)


def test_jsonl_limit_end_to_end(tmp_path):
    huge = b'{"pad": "' + b"x" * (MAX_REPORT_BYTES + 10) + b'"}\n'
    result = mlcareer("cohort", "-t", str(TINY), "-", cwd=tmp_path, stdin=huge)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("mlcareer: <stdin>:1: the report is larger than 8 MiB")


# -- patterns match as glob.glob does, without following links ------------------------

NAMES = st.sampled_from(["a", "b.json", ".h", ".h.json", "c.json", "d"])
PATTERN_PARTS = st.sampled_from(["*", "**", "*.json", "?.json", "[ab]*", ".h*", "a", "b.json"])


@settings(max_examples=150, deadline=None)
@given(
    files=st.lists(st.lists(NAMES, min_size=1, max_size=3), min_size=1, max_size=6),
    pattern=st.lists(PATTERN_PARTS, min_size=1, max_size=3),
)
def test_patterns_match_what_glob_matches(tmp_path_factory, files, pattern):
    root = tmp_path_factory.mktemp("tree")
    made = set()
    for parts in files:
        path = root.joinpath(*parts)
        if any(root.joinpath(*parts[:i]) in made for i in range(1, len(parts) + 1)):
            continue  # a file cannot also be a folder
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
        made.add(path)
    expected = {
        Path(m).relative_to(root).parts
        for m in glob.glob(str(root.joinpath(*pattern)), recursive=True)
        # glob gives `b.json/` for `b.json/**` when b.json is a file: a name no one can open
        if Path(m).is_file() and not m.endswith(os.sep)
    }
    found = {
        p.relative_to(root).parts for p in made if _matches(p.relative_to(root).parts, pattern)
    }
    assert found == expected
