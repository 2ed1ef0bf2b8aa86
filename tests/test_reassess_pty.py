"""Reassessing as a person does it, in a pseudo-terminal: `assess`, then `assess --from
latest` pressing only Enter; the offer of an earlier assessment; `history rm` confirmed on
the terminal; `mlcareer assess | tee report.txt`; and the key presses of a whole run of the
default taxonomy. Every wait has a timeout.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from mlcareer.taxonomy import default_taxonomy_path, load_taxonomy

from .conftest import HERE
from .test_questionnaire_pty import command, finish, spawn

pexpect = pytest.importorskip("pexpect")

ENTER, CTRL_C = "\r", "\x03"
ROTATING = HERE / "data" / "rotating.yaml"
CHOICES = ["right", "wrong", "worse", "worst"]  # every item of rotating.yaml; "right" is key


def pty_env() -> dict[str, str]:
    """The environment `spawn` gives the command, for a shell pipeline around it."""
    env = dict(os.environ)
    env.update({"TERM": "xterm", "COLUMNS": "80", "LINES": "24", "PROMPT_TOOLKIT_NO_CPR": "1"})
    return env


def history_json(*args: str) -> list[dict]:
    child = spawn("history", "-f", "json", *args)
    child.expect(pexpect.EOF)
    child.close()
    return json.loads(child.before.replace("\r\n", "\n"))


def show_json(ref: str) -> dict:
    child = spawn("show", ref, "-f", "json")
    child.expect(pexpect.EOF)
    child.close()
    return json.loads(child.before.replace("\r\n", "\n"))


def answer_right(child) -> None:
    """Read the shuffled choices of the check on screen and pick the key, then High."""
    left = list(CHOICES)
    shown = []
    while left:
        shown.append(left.pop(child.expect_exact(left)))
    child.send("\x1b[B" * shown.index("right") + ENTER)
    child.expect_exact("How sure are you?")
    child.send("\x1b[B" * 2 + ENTER)


def first_assessment() -> None:
    """Ada rates alpha 2, beta 1 and gamma 3 with digit keys and answers both checks right:
    the checks asked are the first item of each level, alpha-2a and beta-1a."""
    child = spawn(
        "assess", "-t", str(ROTATING), "--role", "builder", "--learner", "Ada",
        "--learner-id", "ada",
    )  # fmt: skip
    # Time left (0.3 s a word + 5 s an answer): alpha 3 + 23 words = 12.8 s, beta 12.8 s,
    # gamma 7 + 23 = 14 s; two checks expected, each 3 + 4 + 14 words + 2 answers = 16.3 s:
    # 72.2 s in all, about 2 min.
    child.expect_exact("[1/3 · about 2 min left] Core · Alpha")
    child.send("2")  # a digit picks the level at once
    child.expect_exact("Alpha two A?")
    answer_right(child)
    child.expect_exact("Core · Beta")
    child.send("1")
    child.expect_exact("Beta one A?")
    answer_right(child)
    child.expect_exact("Extra · Gamma")
    child.expect_exact("Not needed for Builder")
    child.send("3")
    child.expect_exact("Review:")
    child.send(ENTER)
    child.expect_exact("saved in your history as #1")
    assert finish(child) == 0


def test_reassess_from_latest_with_only_enter_keeps_every_rating_and_rotates_the_checks():
    first_assessment()
    child = spawn("assess", "-t", str(ROTATING), "--from", "latest")
    # SOURCE_DATE_EPOCH 1790000000 is 2026-09-21 14:13:20 UTC, and the tests run in UTC.
    child.expect_exact("Reassessing Ada for Builder, starting from #1 of 2026-09-21 14:13")
    seen, presses = [], 0
    prompts = ["Alpha one A?", "Alpha one B?", "Alpha two A?", "Alpha two B?", "Beta one A?",
               "Beta one B?", "Beta two A?", "Beta two B?", "How sure are you?",
               "What can you do today?", "Review:"]  # fmt: skip
    while True:
        found = prompts[child.expect_exact(prompts)]
        seen.append(found)
        child.send(ENTER)
        presses += 1
        if found == "Review:":
            break
    child.expect_exact("saved in your history as #2")
    assert finish(child) == 0
    # Rotation: the level-2 item of alpha and the level-1 item of beta are the ones not
    # seen in #1. (Enter picks whichever choice the shuffle put first, so a miss may add
    # alpha's level-1 follow-up, alpha-1a, which #1 did not ask either.)
    assert "Alpha two B?" in seen and "Beta one B?" in seen
    assert "Alpha two A?" not in seen and "Beta one A?" not in seen
    # Only Enter: 3 ratings + 2 keys per check (answer, confidence) + the review.
    checks = sum(1 for s in seen if s.startswith(("Alpha", "Beta")))
    assert presses == 3 + 2 * checks + 1, seen
    ratings = {s["id"]: s["rating"] for s in show_json("latest")["skills"]}
    assert ratings == {"alpha": 2, "beta": 1, "gamma": 3}
    assert show_json("latest")["learner"] == {"name": "Ada", "id": "ada"}


def test_a_new_run_offers_to_start_from_the_earlier_assessment():
    first_assessment()
    child = spawn("assess", "-t", str(ROTATING))
    child.expect_exact("You have assessed yourself with this taxonomy before.")
    # The sentence (147 characters) is wrapped to the 80 columns, not cut at the edge.
    child.expect_exact("so an unchanged skill takes one Enter.")
    child.expect_exact("Start from #1 of 2026-09-21 14:13 (Ada)")
    child.expect_exact("Start from scratch")
    child.send(ENTER)
    child.expect_exact("Reassessing Ada for Builder")
    child.expect_exact("Core · Alpha")
    child.send(CTRL_C)
    assert finish(child) == 130


def test_history_rm_asks_on_a_terminal():
    first_assessment()
    child = spawn("history", "rm", "1")
    child.expect_exact("#1  2026-09-21 14:13  Ada  Builder")
    child.expect_exact("Delete this assessment from the history? [y/N]:")
    child.send("n" + ENTER)
    child.expect_exact("mlcareer: nothing deleted")
    assert finish(child) == 0
    assert [e["id"] for e in history_json()] == [1]

    child = spawn("history", "rm", "#1")
    child.expect_exact("Delete this assessment from the history? [y/N]:")
    child.send("y" + ENTER)
    child.expect_exact("mlcareer: deleted #1 from the history")
    assert finish(child) == 0
    assert history_json() == []


def test_assess_piped_into_tee_draws_the_questions_on_the_terminal(tmp_path):
    report = tmp_path / "report.txt"
    program = " ".join(command())
    child = pexpect.spawn(
        "sh",
        [
            "-c",
            f"{program} assess -t {ROTATING} --role builder --learner Ada --no-quiz "
            f"--no-save | tee {report}",
        ],
        env=pty_env(),
        encoding="utf-8",
        dimensions=(24, 80),
        timeout=15,
    )
    child.expect_exact("Core · Alpha")
    child.send("2")
    child.expect_exact("Core · Beta")
    child.send("1")
    child.expect_exact("Extra · Gamma")
    child.send("0")
    child.expect_exact("Review:")
    child.send(ENTER)
    # builder needs alpha 2 and beta 1 (weights 1): 3 of 3 levels met.
    child.expect_exact("100.0%")
    assert finish(child) == 0
    text = report.read_text(encoding="utf-8")
    assert "mlcareer · Ada · Builder" in text
    assert "100.0%" in text
    # Only the report went down the pipe: no prompt, no escape sequence.
    assert "What can you do today?" not in text and "Review:" not in text
    assert "\x1b" not in text


def test_key_presses_of_a_first_run_and_an_unchanged_reassessment_of_the_default_taxonomy():
    taxonomy = load_taxonomy(default_taxonomy_path())
    skills = sum(1 for _ in taxonomy.skills())
    assert skills == 50
    first = spawn("assess", "--no-quiz")
    presses = 0
    first.expect_exact("Your name")
    first.send(ENTER)  # no name
    first.expect_exact("Which role are you aiming for?")
    first.send(ENTER)  # the first role
    presses += 2
    for n in range(1, skills + 1):
        first.expect(re.escape(f"[{n}/{skills} · about ") + r"\d+ min left\]")
        first.send(str(n % 5))  # a digit: one key a skill
        presses += 1
    first.expect_exact("Review:")
    first.send(ENTER)
    presses += 1
    first.expect_exact("saved in your history as #1")
    assert finish(first) == 0
    # name 1 + role 1 + 50 skills x 1 + review 1.
    assert presses == 53

    again = spawn("assess", "--no-quiz", "--from", "latest")
    presses = 0
    for n in range(1, skills + 1):
        again.expect(re.escape(f"[{n}/{skills} · about ") + r"\d+ min left\]")
        again.send(ENTER)  # the answer of #1 is already chosen
        presses += 1
    again.expect_exact("0 ratings changed")
    again.expect_exact("Review:")
    again.send(ENTER)
    presses += 1
    again.expect_exact("saved in your history as #2")
    assert finish(again) == 0
    # No name, no role: 50 skills x 1 + review 1.
    assert presses == 51
    before = {s["id"]: s["rating"] for s in show_json("1")["skills"]}
    after = {s["id"]: s["rating"] for s in show_json("2")["skills"]}
    assert after == before
    assert sorted(set(before.values())) == [0, 1, 2, 3, 4]
