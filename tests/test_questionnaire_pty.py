"""The installed command in a pseudo-terminal, as a person runs it: real keys, real exits.

Every wait has a timeout, so a missing prompt or keystroke fails the test instead of
hanging CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TINY

pexpect = pytest.importorskip("pexpect")

DOWN, UP, ENTER, CTRL_C, CTRL_D = "\x1b[B", "\x1b[A", "\r", "\x03", "\x04"
TIMEOUT = 15  # seconds for any one thing to appear on screen
# A colour in an SGR sequence: 30-37/90-97 (foreground), 40-47/100-107, or 38;/48; forms.
COLOUR = re.compile(r"\x1b\[[0-9;]*?(?<![0-9])(3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;|48;)[0-9;]*m")


def command() -> list[str]:
    """The console script next to this interpreter, else ``python -m mlcareer``."""
    script = Path(sys.executable).with_name("mlcareer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mlcareer"]


def spawn(*args: str, env_update: dict[str, str] | None = None):
    env = dict(os.environ)
    # The pty answers no cursor-position requests; without this each prompt waits for one.
    env.update({"TERM": "xterm", "COLUMNS": "80", "LINES": "24", "PROMPT_TOOLKIT_NO_CPR": "1"})
    env.update(env_update or {})
    program, *rest = command()
    return pexpect.spawn(
        program,
        [*rest, *args],
        env=env,
        encoding="utf-8",
        dimensions=(24, 80),
        timeout=TIMEOUT,
    )


def answer(child, question: str, keys: str) -> None:
    """Wait until ``question`` is on screen, then type ``keys``."""
    child.expect_exact(question)
    child.send(keys)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_a_full_run_with_arrow_keys(tmp_path):
    saved = tmp_path / "answers.yaml"
    child = spawn("assess", "-t", str(TINY), "--save-answers", str(saved), "--no-quiz")
    answer(child, "Your name", "Ada" + ENTER)
    answer(child, "Which role are you aiming for?", ENTER)
    answer(child, "[1/4] Code · Python", DOWN * 3 + ENTER)
    answer(child, "[2/4] Code · SQL", DOWN * 5 + ENTER)  # skip / not sure
    answer(child, "[3/4] Maths · Statistics", DOWN + ENTER)
    answer(child, "[4/4] Maths · Machine learning", DOWN + ENTER)
    answer(child, "Review:", ENTER)
    # junior: python 2x2 met, sql 0 of 1, stats 1 of 1, ml 1 of 2: 6 of 8 weighted levels.
    child.expect_exact("Readiness")
    child.expect_exact("75.0%")
    child.expect_exact(f"answers written to {saved}")
    assert finish(child) == 0
    assert saved.read_text(encoding="utf-8") == (
        "# mlcareer answers (taxonomy tiny 1).\n"
        "# Repeat the report with: mlcareer assess --answers FILE\n"
        "role: junior\n"
        "learner:\n"
        "  name: Ada\n"
        "ratings:\n"
        "  python: 3\n"
        "  sql: null\n"
        "  stats: 1\n"
        "  ml: 1\n"
    )


def test_ctrl_c_pauses_and_resume_finishes(isolated_home, tmp_path):
    report = tmp_path / "report.json"
    child = spawn("assess", "-t", str(TINY), "--role", "junior", "--learner", "Bo", "--no-quiz")
    answer(child, "[1/4] Code · Python", DOWN * 4 + ENTER)
    answer(child, "[2/4] Code · SQL", DOWN * 2 + ENTER)
    answer(child, "[3/4] Maths · Statistics", CTRL_C)
    child.expect_exact("paused with 2 of 4 skills answered")
    child.expect_exact("continue with: mlcareer assess --resume")
    assert finish(child) == 130
    assert "Traceback" not in (child.before or "")
    kept = json.loads((isolated_home / "progress.json").read_text(encoding="utf-8"))
    assert kept["ratings"] == {"python": 4, "sql": 2}

    child = spawn("assess", "--resume", "--output", str(report))
    child.expect_exact("Welcome back, Bo: 2 of 4 answered, aiming at Junior.")
    answer(child, "[3/4] Maths · Statistics", ENTER)  # 0 None
    answer(child, "[4/4] Maths · Machine learning", DOWN * 2 + ENTER)
    answer(child, "Review:", ENTER)
    child.expect_exact(f"report written to {report}")
    assert finish(child) == 0
    # met: python 2x2 + sql 1 + stats 0 + ml 2 = 7 of 8.
    assert json.loads(report.read_text(encoding="utf-8"))["readiness"] == 87.5
    assert not (isolated_home / "progress.json").exists()


def test_ctrl_d_ends_the_input_like_ctrl_c(isolated_home):
    child = spawn("assess", "-t", str(TINY), "--role", "analyst", "--no-quiz")
    answer(child, "Your name", ENTER)
    answer(child, "[1/4] Code · Python", DOWN + ENTER)
    answer(child, "[2/4] Code · SQL", CTRL_D)
    child.expect_exact("input ended with 1 of 4 skills answered")
    assert finish(child) == 130
    kept = json.loads((isolated_home / "progress.json").read_text(encoding="utf-8"))
    assert (kept["role"], kept["ratings"]) == ("analyst", {"python": 1})


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--no-color"], {"NO_COLOR": ""}, False),
        ([], {"NO_COLOR": "1"}, False),
        ([], {"NO_COLOR": ""}, True),
    ],
    ids=["--no-color", "NO_COLOR", "colour"],
)
def test_colour_follows_no_color(args, env, coloured):
    child = spawn(
        "assess", "-t", str(TINY), "--role", "junior", "--learner", "Bo", *args, env_update=env
    )
    child.expect_exact("[1/4] Code · Python")
    child.expect_exact("Skip / not sure")
    drawn = child.before
    child.send(CTRL_C)
    assert finish(child) == 130
    assert bool(COLOUR.search(drawn)) is coloured


def test_no_prompt_when_stdin_is_not_a_terminal():
    program = command()
    result = subprocess.run(
        [*program, "assess", "-t", str(TINY)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=dict(os.environ),
    )
    assert result.returncode == 2
    assert "pass --answers FILE" in result.stderr
    assert "`mlcareer template > answers.yaml`" in result.stderr


def test_a_full_run_with_a_knowledge_check(tmp_path):
    from mlcareer.calibration import choice_order
    from mlcareer.taxonomy import load_taxonomy

    saved = tmp_path / "answers.yaml"
    child = spawn(
        "assess",
        "-t",
        str(TINY),
        "--role",
        "junior",
        "--learner",
        "Ada",
        "--save-answers",
        str(saved),
        "--no-save",
    )
    answer(child, "[1/4] Code · Python", DOWN * 2 + ENTER)  # 2 Working
    child.expect_exact("Quick check · Python (level 2)")
    child.expect_exact("What does a generator avoid?")
    # Read the shuffled order off the screen: each expect finds the earliest choice left.
    left = ["typing", "materialising all items", "imports", "exceptions"]
    shown = []
    while left:
        shown.append(left.pop(child.expect_exact(left)))
    child.send(DOWN * shown.index("materialising all items") + ENTER)  # the right answer
    answer(child, "How sure are you?", DOWN * 2 + ENTER)  # High
    answer(child, "[2/4] Code · SQL", DOWN + ENTER)  # SQL has no items: straight on
    answer(child, "[3/4] Maths · Statistics", DOWN + ENTER)
    answer(child, "[4/4] Maths · Machine learning", DOWN * 2 + ENTER)
    answer(child, "Review:", ENTER)
    # Python 2 is supported by its item, so every required level is met.
    child.expect_exact("Readiness")
    child.expect_exact("100.0%")
    child.expect_exact("You were right on 1 of 1 knowledge check.")
    child.expect_exact("Knowledge checks")
    child.expect_exact("1 check answered: Python right.")
    child.expect_exact(f"answers written to {saved}")
    assert finish(child) == 0
    text = saved.read_text(encoding="utf-8")
    assert "checks:\n  python-2: 1\nconfidence:\n  python-2: high\nseed: " in text
    seed = int(text.rsplit("seed: ", 1)[1])
    check = next(c for _, c in load_taxonomy(TINY).checks() if c.id == "python-2")
    assert [check.choices[i] for i in choice_order(check, seed)] == shown
