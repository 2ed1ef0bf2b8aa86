"""Crash-safe writes: an error in the middle leaves the old file and no partial file."""

from __future__ import annotations

import errno
import os

import pytest

from mlcareer.errors import MlcareerError
from mlcareer.files import write_atomic


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "report.md"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        KeyboardInterrupt(),
    ],
    ids=["disk-full", "ctrl-c"],
)
def test_failure_while_writing_leaves_old_file_and_no_temp(tmp_path, monkeypatch, failure):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n")

    def broken_fsync(fd):
        raise failure

    monkeypatch.setattr(os, "fsync", broken_fsync)
    expected = MlcareerError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as info:
        write_atomic(target, "half of a new report")
    if expected is MlcareerError:
        assert str(info.value) == (
            f"{target}: could not write the file (No space left on device); nothing was changed"
        )
    assert target.read_text() == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_missing_folder_and_folder_target(tmp_path):
    with pytest.raises(MlcareerError) as info:
        write_atomic(tmp_path / "nope" / "r.json", "x")
    assert (
        str(info.value)
        == f"{tmp_path / 'nope' / 'r.json'}: the folder does not exist: create it first"
    )
    with pytest.raises(MlcareerError) as info:
        write_atomic(tmp_path, "x")
    assert str(info.value) == f"{tmp_path}: is a folder: give a file name to write to"


def test_exception_during_rendering_writes_nothing(tmp_path, monkeypatch, tiny_path):
    from typer.testing import CliRunner

    import mlcareer.render.json as render_json
    from mlcareer.cli import app

    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\nratings: {python: 2}\n")
    out = tmp_path / "report.json"
    out.write_text("the previous report\n")

    def broken(model):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(render_json, "render_json", broken)
    result = CliRunner().invoke(
        app, ["assess", "-t", str(tiny_path), "-a", str(answers), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert out.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "report.json"]


def test_read_capped_reads_a_file_whole_and_one_byte_past_the_cap(tmp_path, monkeypatch):
    import io
    import os

    from mlcareer import files
    from mlcareer.files import read_capped

    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 10)
    with path.open("rb") as handle:
        assert read_capped(handle, 10) == b"x" * 10
    with path.open("rb") as handle:  # over a cap of 4: 5 bytes show it is over
        assert read_capped(handle, 4) == b"x" * 5
    # A stream without a file number is read to one byte past the cap.
    assert read_capped(io.BytesIO(b"z" * 50), 20) == b"z" * 21
    # A file that grew after its size was looked up (it says 10 bytes, holds 20) is read on.
    path.write_bytes(b"x" * 20)
    real = os.fstat

    def stale(fd):
        found = real(fd)
        return os.stat_result((*found[:6], 10, *found[7:]))  # st_size is field 6

    monkeypatch.setattr(files.os, "fstat", stale)
    with path.open("rb") as handle:
        assert read_capped(handle, 100) == b"x" * 20
        handle.seek(0)
        assert read_capped(handle, 15) == b"x" * 16


# -- files named on the command line that are not regular files -------------------------


def _mlcareer(*args: str, cwd) -> tuple[int, str]:
    """The CLI in a process of its own, with a timeout: a command that waited on a named
    pipe would hang the suite otherwise."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mlcareer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["validate", "pipe"], "taxonomy"),
        (["cohort", "pipe", "-t", "course.yaml"], "report"),
        (["cohort", "folder", "-t", "course.yaml", "--roster", "pipe"], "roster"),
        (["assess", "--assignment", "pipe", "--answers", "a.yaml", "--no-save"], "assignment"),
    ],
)
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path, tiny_path, args, what):
    os.mkfifo(tmp_path / "pipe")  # no writer: opening it to read would wait for one
    (tmp_path / "course.yaml").write_bytes(tiny_path.read_bytes())
    (tmp_path / "folder").mkdir()
    status, stderr = _mlcareer(*args, cwd=tmp_path)
    assert status == 2
    assert stderr.splitlines()[0] == (
        "mlcareer: pipe: is not a regular file (a named pipe, a device or a socket), which "
        f"could keep the command waiting: save the {what} to a file, or give it on stdin as -"
    )


def test_a_name_too_long_for_the_system_is_exit_2_not_an_internal_error(tmp_path):
    name = "a" * 300  # over NAME_MAX (255 bytes on the common file systems)
    status, stderr = _mlcareer("validate", name, cwd=tmp_path)
    assert status == 2
    assert stderr == (
        f"mlcareer: {name}: cannot read the taxonomy ({os.strerror(errno.ENAMETOOLONG)}): "
        "check the path\n"
    )


def test_the_size_cap_is_said_in_the_unit_it_is_set_in(tmp_path):
    from mlcareer.yamlfile import read_text

    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * (256 * 1024 // 5 + 1))  # just over 256 KiB
    with pytest.raises(MlcareerError) as raised:
        read_text(big, max_bytes=256 * 1024, what="assignment")
    assert str(raised.value) == (
        f"{big}: the assignment is larger than 256 KiB, which no real assignment needs: "
        "check that this is the right file"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_output_with_nowhere_to_go_is_exit_2_not_an_internal_error(tmp_path):
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "mlcareer", "roles"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr == (
        f"mlcareer: cannot write the output ({os.strerror(errno.ENOSPC)}): free some space, "
        "or write it somewhere else\n"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"\x00\n", "\\x00: cannot be read as a path (it holds a NUL byte): check it"),
        # Not UTF-8: the byte is shown escaped, and there is no such file.
        (b"x\xff.json\n", "x\\xff.json: no such report: check the path"),
    ],
)
def test_lines_on_stdin_that_no_path_can_be_are_exit_2(tmp_path, tiny_path, line, message):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mlcareer", "cohort", "-", "-t", str(tiny_path)],
        input=line,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines()[0] == f"mlcareer: {message}"
