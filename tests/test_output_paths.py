"""Where -o may write (DESIGN.md, Trust boundaries): a device, a FIFO or /dev/stdout is
written to, never replaced; a symlink keeps pointing where it did; an input is never
overwritten."""

from __future__ import annotations

import os
import stat
import tempfile
import threading

import pytest
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.errors import MlcareerError
from mlcareer.files import write_atomic

from .conftest import ROOT, TINY

runner = CliRunner()
JUNIOR = str(ROOT / "examples" / "answers-junior.yaml")


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def no_replacing_in_dev(monkeypatch):
    """A regression must fail this test, not replace the machine's /dev/null or /dev/stdout
    (the tests may run as root): any temporary file or rename under /dev or /proc raises."""
    real_replace, real_mkstemp = os.replace, tempfile.mkstemp

    def guarded_replace(src, dst, *args, **kwargs):
        assert not os.path.abspath(dst).startswith(("/dev/", "/proc/")), f"replaced {dst}"
        return real_replace(src, dst, *args, **kwargs)

    def guarded_mkstemp(*args, dir=None, **kwargs):
        assert not os.path.abspath(str(dir)).startswith(("/dev", "/proc")), f"temp in {dir}"
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(os, "replace", guarded_replace)
    monkeypatch.setattr(tempfile, "mkstemp", guarded_mkstemp)


def test_dev_null_is_written_to_and_stays_a_device(no_replacing_in_dev):
    write_atomic("/dev/null", "a report nobody keeps\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_the_process_own_stdout_is_written_to(no_replacing_in_dev, capfd, name):
    write_atomic(name, "to whatever fd 1 is\n")
    assert capfd.readouterr().out == "to whatever fd 1 is\n"
    assert os.path.islink("/dev/stdout") or not os.path.exists("/dev/stdout")


def test_a_full_device_is_an_error_not_a_replacement(no_replacing_in_dev):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with pytest.raises(MlcareerError) as caught:
        write_atomic("/dev/full", "x" * 10_000)
    assert str(caught.value) == "/dev/full: could not write to it (No space left on device)"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_character_device_in_a_folder_is_written_to(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    result = run("assess", "-a", JUNIOR, "--no-save", "-f", "json", "-o",
                 str(device))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("assess", "-a", JUNIOR, "--no-save", "-o", str(fifo))
    reader.join(timeout=20)
    assert result.exit_code == 0, result.stderr
    assert received and received[0].startswith(b'{\n  "schema_version": 2,')
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_symlink_is_kept_and_its_target_replaced(tmp_path):
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "precious.json"
    target.write_text("the old report\n")
    target.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    result = run("assess", "-a", JUNIOR, "--no-save", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith('{\n  "schema_version": 2,')
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    # no temporary file left beside the link or the target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.json", "reports"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["precious.json"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to("made.md")
    write_atomic(link, "# hello\n")
    assert link.is_symlink() and (tmp_path / "made.md").read_text() == "# hello\n"


# -- an output that is an input ----------------------------------------------------


def test_output_equal_to_the_answers_file_is_refused(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("role: junior\nratings: {python: 2}\n")
    result = run("assess", "-t", str(TINY), "-a", str(mine), "-o", str(mine), "-f", "table",
                 "--no-save")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {mine}: --output names the same file as --answers, which writing would "
        "overwrite: write to another file\n"
    )
    assert mine.read_text() == "role: junior\nratings: {python: 2}\n"


def test_output_through_a_symlink_to_an_input_is_refused(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("role: junior\n")
    alias = tmp_path / "alias.txt"
    alias.symlink_to(mine)
    result = run("assess", "-t", str(TINY), "-a", str(mine), "-o", str(alias), "--no-save")
    assert result.exit_code == 2
    assert "--output names the same file as --answers" in result.stderr
    assert mine.read_text() == "role: junior\n"


def test_output_equal_to_save_answers_or_the_taxonomy_is_refused(tmp_path):
    copy = tmp_path / "tax.yaml"
    copy.write_bytes(TINY.read_bytes())
    same = tmp_path / "same.json"
    result = run("assess", "-a", JUNIOR, "-o", str(same),
                 "--save-answers", str(same), "--no-save")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {same}: --output names the same file as --save-answers, which writing "
        "would overwrite: write to another file\n"
    )
    assert not same.exists()
    result = run("template", "-t", str(copy), "-o", str(copy))
    assert result.exit_code == 2
    assert "--output names the same file as --taxonomy" in result.stderr
    assert copy.read_bytes() == TINY.read_bytes()


def test_show_and_plan_refuse_to_overwrite_the_report_they_read(tmp_path):
    report = tmp_path / "r.json"
    assert run("assess", "-a", JUNIOR, "--no-save", "-o", str(report)).exit_code == 0
    before = report.read_bytes()
    for command in (["show", str(report)], ["plan", str(report), "-H", "5"]):
        result = run(*command, "-o", str(report))
        assert result.exit_code == 2
        assert result.stderr == (
            f"mlcareer: {report}: --output names the same file as REF, which writing would "
            "overwrite: write to another file\n"
        )
    assert report.read_bytes() == before


def test_cohort_refuses_an_output_it_would_read_back(tmp_path):
    folder = tmp_path / "rep"
    folder.mkdir()
    s1 = folder / "s1.json"
    assert (
        run("assess", "-a", JUNIOR, "--no-save", "--learner-id", "s1", "-o", str(s1)).exit_code == 0
    )
    for arg, out in ((str(folder), folder / "cohort.json"),
                     (f"{folder}/**/*.json", folder / "sub.json")):  # fmt: skip
        result = run("cohort", arg, "-o", str(out))
        assert result.exit_code == 2
        assert result.stderr == (
            f"mlcareer: {out}: is among the reports this command reads ({arg}), so the next run "
            "would read the summary as a report: write it outside, or give it another "
            "extension\n"
        )
        assert not out.exists()
    result = run("cohort", str(s1), "-o", str(s1))
    assert result.exit_code == 2 and f"the same file as the report {s1}" in result.stderr
    # a Markdown summary beside the reports is never read as one
    assert run("cohort", str(folder), "-o", str(folder / "cohort.md")).exit_code == 0


def test_taxonomy_and_answers_cannot_both_be_stdin():
    result = runner.invoke(
        app, ["assess", "-t", "-", "-a", "-", "--no-save"], input=TINY.read_text()
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --taxonomy and --answers cannot both read stdin (-): give one of them as a "
        "file\n"
    )
