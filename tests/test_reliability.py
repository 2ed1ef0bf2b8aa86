"""Files the tool keeps and the ways a run ends: a history database with planted SQL is
refused before it runs, damaged rows say so, an unusable MLCAREER_HOME is a sentence,
SIGTERM and SIGHUP pause the questionnaire like Ctrl-C, a reader that goes away ends every
table view quietly, and dates past the calendar are usage errors."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.history import HISTORY_FILE

from .conftest import ROOT, TINY

runner = CliRunner()
JUNIOR = str(ROOT / "examples" / "answers-junior.yaml")
# The example leaves one skill empty on purpose, and assess says so on every run.
UNRATED = (
    f"mlcareer: {JUNIOR}: warning: 1 of 50 skills was not rated (`privacy-governance`) and "
    "counts as 0 (not assessed), and `junior-ml-engineer` requires it: rate it from 0 to 4 if "
    "you meant to\n"
)
TIMEOUT = 60


def run(*args: str):
    return runner.invoke(app, list(args))


def saved_history(home: Path) -> Path:
    for learner in ("Ada", "Ada"):
        result = run("assess", "-a", JUNIOR, "--learner", learner, "-f", "json")
        assert result.exit_code == 0, result.stderr
    return home / HISTORY_FILE


# -- the history database ---------------------------------------------------------------

PLANTED = {
    "trigger": (
        "CREATE TABLE loot (what TEXT);"
        "CREATE TRIGGER evil AFTER INSERT ON assessments BEGIN "
        "INSERT INTO loot VALUES ('trigger ran for ' || NEW.learner_name); "
        "UPDATE assessments SET readiness = 99.9 WHERE id = NEW.id; END;",
        "trigger `evil`",
    ),
    "view": (
        "ALTER TABLE assessments RENAME TO real_assessments;"
        "CREATE VIEW assessments AS SELECT * FROM real_assessments;",
        "view `assessments`",
    ),
    "index": (
        "CREATE INDEX sneaky ON assessments (readiness);",
        "index `sneaky`",
    ),
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_a_history_with_planted_objects_is_refused_and_never_runs_them(isolated_home, kind):
    database = saved_history(isolated_home)
    script, named = PLANTED[kind]
    with sqlite3.connect(database) as conn:
        conn.executescript(script)
    before = database.read_bytes()
    message = (
        f"{database}: this history database holds objects mlcareer did not create ({named}): "
        "move it aside (e.g. rename it to history.sqlite3.broken) and mlcareer starts a new "
        "history"
    )
    for command in (["history"], ["show"], ["compare"], ["plan", "-H", "5"]):
        result = run(*command)
        assert result.exit_code == 2
        assert result.stderr == f"mlcareer: {message}\n"
    saving = run("assess", "-a", JUNIOR, "--learner", "Victim", "-f", "json")
    assert saving.exit_code == 0  # the report is printed all the same
    assert saving.stderr == (
        UNRATED + f"mlcareer: warning: this assessment was not saved to the history: {message}\n"
    )
    assert database.read_bytes() == before  # nothing ran, nothing was written
    if kind == "trigger":
        with sqlite3.connect(database) as conn:
            assert conn.execute("SELECT count(*) FROM loot").fetchone() == (0,)


def test_the_history_mlcareer_made_is_accepted(isolated_home):
    saved_history(isolated_home)
    assert [e["id"] for e in json.loads(run("history", "-f", "json").stdout)] == [1, 2]


@pytest.mark.parametrize(
    "update",
    [
        "readiness = 'abc'",
        "readiness = 250",
        "plan_hours = -3",
        "role_name = x'00ff'",  # a blob: SQLite keeps it as bytes in a TEXT column
        "readiness = x'00'",
    ],
)
def test_a_row_holding_what_mlcareer_never_writes_is_damage(isolated_home, update):
    database = saved_history(isolated_home)
    with sqlite3.connect(database) as conn:
        conn.execute(f"UPDATE assessments SET {update} WHERE id = 1")
    result = run("history")
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {database}: the history database is damaged (assessment #1 holds values "
        "mlcareer never writes): move it away (e.g. rename it to history.sqlite3.broken) and "
        "mlcareer starts a new history\n"
    )


def test_a_superscript_is_not_a_history_id(isolated_home):
    saved_history(isolated_home)
    result = run("show", "²")
    assert result.exit_code == 2
    assert result.stderr.startswith("mlcareer: ²: no such report file, and not a history id")


# -- dates past the calendar ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "extra", "weeks"),
    [("9999-12-20", [], "593 weeks"), ("9999-12-31", ["--weeks", "1"], "1 week")],
)
def test_a_start_too_close_to_the_end_of_the_calendar(isolated_home, start, extra, weeks):
    saved_history(isolated_home)
    # answers-junior's plan: 593 weeks at one hour a week (its total hours, rounded up)
    result = run("plan", "-H", "1", "--start", start, *extra)
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: --start {start} leaves no room for {weeks} before the calendar ends "
        "(31 December 9999): choose an earlier date\n"
    )


def test_a_start_that_leaves_room_is_fine(isolated_home):
    saved_history(isolated_home)
    result = run("plan", "-H", "40", "--start", "9999-01-04", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["weeks"][0]["start"] == "9999-01-04"


# -- MLCAREER_HOME that cannot be used --------------------------------------------------


@pytest.fixture
def home_is_a_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home-file"
    path.write_text("x\n")
    monkeypatch.setenv("MLCAREER_HOME", str(path))
    return path


def test_a_file_as_mlcareer_home_is_a_sentence(home_is_a_file):
    message = (
        f"mlcareer: {home_is_a_file}: MLCAREER_HOME names a file, not a folder: point "
        "MLCAREER_HOME at a folder\n"
    )
    for command in (["history"], ["show"], ["plan", "-H", "5"]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert result.stderr == message, command
    # --no-save needs no application folder: not even a warning
    result = run("assess", "-a", JUNIOR, "--no-save", "-f", "json")
    assert result.exit_code == 0 and result.stderr == UNRATED
    saving = run("assess", "-a", JUNIOR, "-f", "json")
    assert saving.exit_code == 0
    assert saving.stderr == UNRATED + (
        "mlcareer: warning: this assessment was not saved to the history: "
        + message[len("mlcareer: ") :]
    )


def test_the_questionnaire_refuses_an_unusable_home_before_any_question(
    home_is_a_file, monkeypatch
):
    import mlcareer.cli.assess as assess_cli

    monkeypatch.setattr(assess_cli, "_can_prompt", lambda: True)
    result = run("assess", "-t", str(TINY))
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {home_is_a_file}: MLCAREER_HOME names a file, not a folder: point "
        "MLCAREER_HOME at a folder (with --no-save the questions run without it, but cannot "
        "be paused)\n"
    )


def test_the_default_folder_and_one_that_cannot_be_made(tmp_path, monkeypatch):
    import typer

    from mlcareer.appdir import app_dir
    from mlcareer.errors import MlcareerError

    monkeypatch.delenv("MLCAREER_HOME")
    monkeypatch.setattr(typer, "get_app_dir", lambda name: str(tmp_path / "platform" / name))
    assert app_dir() == tmp_path / "platform" / "mlcareer"
    assert (tmp_path / "platform" / "mlcareer").is_dir()
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    monkeypatch.setenv("MLCAREER_HOME", str(blocker / "home"))
    with pytest.raises(MlcareerError) as caught:
        app_dir()
    assert str(caught.value) == (
        f"{blocker / 'home'}: cannot create the application folder (Not a directory): set "
        "MLCAREER_HOME to a writable folder"
    )


def test_unwritable_home_is_named(tmp_path, monkeypatch):
    from mlcareer.appdir import unwritable_app_dir

    home = tmp_path / "ro"
    home.mkdir()
    monkeypatch.setenv("MLCAREER_HOME", str(home))
    assert unwritable_app_dir() is None
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # what a read-only folder says
    assert unwritable_app_dir() == (
        f"{home}: the application folder is not writable: make it writable, or set "
        "MLCAREER_HOME to a writable folder"
    )


# -- the questionnaire on a real terminal -----------------------------------------------

pexpect = pytest.importorskip("pexpect")


def spawn(*args: str, home: Path):
    env = dict(os.environ)
    env.update(
        {
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "MLCAREER_HOME": str(home),
            "NO_COLOR": "1",
        }
    )
    script = Path(sys.executable).with_name("mlcareer")
    program, rest = (str(script), []) if script.exists() else (sys.executable, ["-m", "mlcareer"])
    return pexpect.spawn(
        program, [*rest, *args], env=env, encoding="utf-8", dimensions=(24, 80), timeout=20
    )


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_pause_like_ctrl_c(isolated_home, name):
    child = spawn("assess", "-t", str(TINY), "--no-quiz", home=isolated_home)
    child.expect_exact("Your name")
    child.send("Ada\r")
    child.expect_exact("Which role are you aiming for?")
    child.send("\r")
    child.expect_exact("[1/4] Code · Python")
    child.send("\x1b[B\x1b[B\r")  # level 2
    child.expect_exact("[2/4] Code · SQL")
    time.sleep(0.3)  # the prompt is up and waiting for a key
    os.kill(child.pid, getattr(signal, name))
    child.expect(pexpect.EOF)
    shown = child.before
    child.close()
    assert child.exitstatus == 130, shown
    assert "Traceback" not in shown
    assert (
        f"mlcareer: paused with 1 of 4 skills answered, kept in {isolated_home / 'progress.json'}"
        ".\r\nmlcareer: continue with: mlcareer assess --resume --no-quiz\r\n"
    ) in shown
    # the cursor is shown again before the message: prompt_toolkit tore the prompt down
    assert shown.rindex("\x1b[?25h") < shown.index("mlcareer: paused")
    kept = json.loads((isolated_home / "progress.json").read_text())
    assert kept["ratings"] == {"python": 2}


def test_no_save_runs_the_questions_without_a_usable_home(tmp_path):
    home = tmp_path / "home-file"
    home.write_text("x\n")
    child = spawn("assess", "-t", str(TINY), "--no-quiz", "--no-save", "-f", "json",
                  home=home)  # fmt: skip
    child.expect_exact("Pausing is off: the application folder cannot be written")
    child.expect_exact("Your name")
    child.send("\r")
    child.expect_exact("Which role are you aiming for?")
    child.send("\r")
    for question in ("[1/4]", "[2/4]", "[3/4]", "[4/4]"):
        child.expect_exact(question)
        child.send("\r")  # level 0
    child.expect_exact("Review:")
    child.send("\r")
    child.expect_exact('"readiness": 0.0')
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert home.read_text() == "x\n"


# -- a reader that goes away --------------------------------------------------------------


@pytest.fixture
def filled_home(isolated_home, tmp_path) -> Path:
    saved_history(isolated_home)
    folder = tmp_path / "reports"
    folder.mkdir()
    assert run("assess", "-a", JUNIOR, "--no-save", "-o", str(folder / "s1.json")).exit_code == 0
    return folder


TABLE_VIEWS = [
    ["skills"],
    ["roles"],
    ["assess", "-a", JUNIOR, "--no-save"],
    ["history"],
    ["show"],
    ["compare"],
    ["plan", "-H", "5"],
    ["cohort", "{reports}"],
    ["validate"],
]


def _command(view: list[str], reports: Path) -> list[str]:
    return [sys.executable, "-m", "mlcareer", *(a.format(reports=reports) for a in view)]


@pytest.mark.parametrize("view", TABLE_VIEWS, ids=lambda v: v[0])
def test_a_closed_pipe_ends_every_table_view_quietly(filled_home, view):
    """The reader is gone before the first byte is written, so every write meets EPIPE."""
    process = subprocess.Popen(
        _command(view, filled_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=TIMEOUT)
    assert (process.returncode, stderr) == (0, UNRATED.encode() if view[0] == "assess" else b"")


@pytest.mark.parametrize("view", TABLE_VIEWS, ids=lambda v: v[0])
def test_piped_into_head_every_table_view_exits_0(filled_home, view):
    words = " ".join(f"'{w}'" for w in _command(view, filled_home))
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {words} | head -1 > /dev/null"],
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, "COLUMNS": "100"},
    )
    expected = UNRATED.encode() if view[0] == "assess" else b""
    assert (result.returncode, result.stderr) == (0, expected)
