"""Knowledge checks in the questionnaire, driven for real through the prompts.

tests/data/tiny.yaml has two items, both on Python:
  python-1 (level 1) "What is a list?"  [a number, a sequence, a file, a loop], answer 1
  python-2 (level 2) "What does a generator avoid?"
                      [typing, materialising all items, imports, exceptions], answer 1
The shuffle seed is pinned to 3, which shows python-1 as choices (2, 0, 1, 3) and python-2
as (3, 0, 1, 2) (test_the_item_is_shown_shuffled_and_never_marked looks): in both the right
answer is the third choice on screen, and the first one on screen is wrong (python-1: 2,
python-2: 3), so the stored index differs from the position chosen.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mlcareer import cli, questionnaire
from mlcareer.paused import (
    load_progress,
    progress_of,
    progress_path,
    resumed_checks,
    save_progress,
)
from mlcareer.questionnaire import Paused, assess_interactively, check_allowance, most_checks
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY
from .test_questionnaire import CTRL_C, DONE, DOWN, ENTER, SKIP, UP, drawn, pick, typed

SEED = 3
RIGHT = DOWN * 2 + ENTER  # the third choice on screen, for either item under seed 3
WRONG = ENTER  # the first choice on screen
LOW, MEDIUM, HIGH = ENTER, DOWN + ENTER, DOWN * 2 + ENTER
REVIEW_PYTHON = DOWN * 3 + ENTER  # Done, Name, Target role, (Code), Python
# Rest of the tiny run after Python: SQL 1, Statistics 1, Machine learning 2 (no items).
REST = pick(1) + pick(1) + pick(2)


# Every test here drives real prompts: fail instead of hanging on a missing key.
pytestmark = pytest.mark.usefixtures("prompt_deadline")


@pytest.fixture(autouse=True)
def pinned_seed(monkeypatch):
    monkeypatch.setattr(questionnaire, "new_seed", lambda: SEED)


def quiz(keys: str, taxonomy=TINY, **options):
    """A run with the role chosen on the command line and no name asked, so the keys start
    at the first rating; 12 items at most unless said otherwise."""
    options = {"role_id": "junior", "learner_name": "Ada", "quiz_max": 12, **options}
    with typed(keys):
        return assess_interactively(taxonomy, **options)[1]


def saved_file() -> dict:
    return json.loads(progress_path().read_text(encoding="utf-8"))


# -- which items are asked -------------------------------------------------------


def test_a_right_answer_at_the_claimed_level_asks_exactly_one_item():
    answers = quiz(pick(2) + RIGHT + HIGH + REST + DONE)
    assert answers.checks == {"python-2": 1}
    assert answers.confidence == {"python-2": "high"}
    assert answers.seed == SEED
    assert answers.ratings == {"python": 2, "sql": 1, "stats": 1, "ml": 2}


def test_a_miss_asks_a_second_item_a_level_lower():
    answers = quiz(pick(2) + WRONG + HIGH + RIGHT + MEDIUM + REST + DONE)
    assert answers.checks == {"python-2": 3, "python-1": 1}
    assert answers.confidence == {"python-2": "high", "python-1": "medium"}


def test_a_miss_at_the_lowest_level_asks_nothing_more():
    answers = quiz(pick(1) + WRONG + LOW + REST + DONE)
    assert answers.checks == {"python-1": 2}
    assert answers.confidence == {"python-1": "low"}


@pytest.mark.parametrize("level", [3, 4])
def test_a_claim_above_the_items_is_checked_with_the_highest_one_below(level):
    answers = quiz(pick(level) + RIGHT + HIGH + REST + DONE)
    assert answers.checks == {"python-2": 1}


@pytest.mark.parametrize("rate_python", [pick(0), SKIP], ids=["rated 0", "skipped"])
def test_a_rating_of_0_or_a_skip_asks_nothing(rate_python):
    answers = quiz(rate_python + REST + DONE)
    assert answers.checks == {} and answers.confidence == {}
    assert answers.seed is None  # no item shown, so no shuffle to record


def test_quiz_max_bounds_the_items_of_the_run():
    # The miss would call for python-1, but the one item allowed is spent.
    answers = quiz(pick(2) + WRONG + HIGH + REST + DONE, quiz_max=1)
    assert answers.checks == {"python-2": 3}


def test_quiz_max_0_asks_nothing():
    answers = quiz(pick(2) + REST + DONE, quiz_max=0)
    assert answers.checks == {}


STATS_CHECK = (
    "        levels: {1: knows a mean, 2: runs a t-test, 3: designs experiments, "
    "4: teaches inference}\n"
)


@pytest.fixture
def two_checked_categories(tmp_path):
    """tiny with one item on Statistics too, so both categories have checks."""
    path = tmp_path / "tiny-stats.yaml"
    text = TINY.read_text(encoding="utf-8")
    assert STATS_CHECK in text
    item = (
        "        checks:\n"
        "          - {id: stats-1, level: 1, question: What is a mean?, choices: [a sum over "
        "a count, a middle value, the commonest value, a spread], answer: 0, explanation: "
        "The sum divided by the count.}\n"
    )
    path.write_text(text.replace(STATS_CHECK, STATS_CHECK + item), encoding="utf-8")
    return path


def test_the_bound_is_paced_over_the_categories(two_checked_categories):
    taxonomy = load_taxonomy(two_checked_categories)
    python, ml = taxonomy.skill("python"), taxonomy.skill("ml")
    # Two categories with items: ceil(3 x 1/2) = 2 after Code, ceil(3 x 2/2) = 3 after Maths.
    assert [check_allowance(taxonomy, s, 3) for s in (python, ml)] == [2, 3]
    assert [check_allowance(taxonomy, s, 2) for s in (python, ml)] == [1, 2]
    assert check_allowance(taxonomy, python, 0) == 0
    tiny = load_taxonomy(TINY)  # one category with items: the whole bound from the start
    assert check_allowance(tiny, tiny.skill("python"), 2) == 2


def test_pacing_keeps_room_for_later_categories(two_checked_categories):
    # Bound 2: Code may use 1 item, so the Python miss is not followed up, and Statistics
    # (rated 1) still gets its item.
    keys = pick(2) + WRONG + HIGH + pick(1) + pick(1) + ENTER + LOW + pick(2) + DONE
    answers = quiz(keys, taxonomy=two_checked_categories, quiz_max=2)
    assert set(answers.checks) == {"python-2", "stats-1"}


def test_most_checks_counts_two_per_skill_with_two_levels_and_caps_at_the_bound():
    tiny = load_taxonomy(TINY)
    assert [most_checks(tiny, bound) for bound in (0, 1, 2, 12)] == [0, 1, 2, 2]


# -- what is drawn ---------------------------------------------------------------


def test_the_item_is_shown_shuffled_and_never_marked():
    screen = drawn(pick(2) + WRONG + HIGH, role_id="junior", learner_name="Ada", quiz_max=12)
    assert "Quick check · Python (level 2)" in screen
    assert "What does a generator avoid?" in screen
    # The first choice on screen (Enter) was python-2's choice 3.
    assert "Your answer: exceptions" in screen
    # The follow-up after the miss waits for a key, drawn in full: choices 2, 0, 1, 3.
    follow_up = screen[screen.index("Quick check · Python (level 1)") :]
    shown = [follow_up.index(c) for c in ("a file", "a number", "a sequence", "a loop")]
    assert shown == sorted(shown)
    progress_path().unlink()  # start afresh rather than be offered to continue
    # Stopped at the confidence of the follow-up, its choices are drawn in full.
    screen += drawn(
        pick(2) + WRONG + HIGH + RIGHT, role_id="junior", learner_name="Ada", quiz_max=12
    )
    assert "Your answer: a sequence" in screen
    for choice in ("Low: a guess, or nearly", "Medium: fairly sure", "High: sure"):
        assert choice in screen
    assert "Quick check · Python (level 2): answered, high confidence" in screen
    lowered = screen.lower()
    for verdict in ("correct", "wrong", "right answer", "lazily"):  # "lazily": the explanation
        assert verdict not in lowered


def test_the_welcome_counts_the_checks_in_the_time():
    # 4 ratings and up to 2 items at 20 s each: 2 minutes.
    screen = " ".join(drawn("", quiz_max=12).split())
    assert "4 skills in 2 categories and up to 2 quick checks, about 2 minutes." in screen
    assert "followed by a short multiple-choice question" in screen
    without = " ".join(drawn("", quiz_max=0).split())
    assert "4 skills in 2 categories, about 1 minute." in without
    assert "multiple-choice" not in without


# -- pausing and resuming --------------------------------------------------------


def test_ctrl_c_in_an_item_keeps_the_answers_and_resume_asks_the_rest(monkeypatch):
    with pytest.raises(Paused) as paused:
        quiz(pick(2) + WRONG + HIGH + CTRL_C)  # at the python-1 item
    assert (paused.value.answered, paused.value.end_of_input) == (1, False)
    kept = saved_file()
    assert kept["ratings"] == {"python": 2}
    assert kept["checks"] == {"python-2": 3}
    assert kept["confidence"] == {"python-2": "high"}
    assert (kept["seed"], kept["checking"]) == (SEED, "python")

    # A new seed would put the right answer elsewhere (seed 5 shows python-1 as 1, 2, 3, 0):
    # the third choice is still choice 1 only because the resume keeps seed 3.
    monkeypatch.setattr(questionnaire, "new_seed", lambda: 5)
    with typed(RIGHT + MEDIUM + REST + DONE):
        _, answers = assess_interactively(None, resume=True, quiz_max=12)
    assert answers.ratings == {"python": 2, "sql": 1, "stats": 1, "ml": 2}
    assert answers.checks == {"python-2": 3, "python-1": 1}
    assert answers.confidence == {"python-2": "high", "python-1": "medium"}
    assert answers.seed == SEED


def test_a_pause_before_the_confidence_asks_the_item_again():
    with pytest.raises(Paused):
        quiz(pick(2) + WRONG)  # the keys run out at "How sure are you?"
    kept = saved_file()
    assert (kept["checks"], kept["checking"]) == ({}, "python")
    with typed(RIGHT + LOW + REST + DONE):
        _, answers = assess_interactively(None, resume=True, quiz_max=12)
    assert answers.checks == {"python-2": 1}
    assert answers.confidence == {"python-2": "low"}


def test_a_finished_skill_is_not_checked_again_on_resume():
    with pytest.raises(Paused):
        quiz(pick(2) + RIGHT + HIGH + CTRL_C)  # at SQL
    assert saved_file()["checking"] is None
    with typed(REST + DONE):  # straight on to SQL
        _, answers = assess_interactively(None, resume=True, quiz_max=12)
    assert answers.checks == {"python-2": 1}


def test_resumed_checks_keep_only_what_still_fits():
    taxonomy = load_taxonomy(TINY)
    saved = progress_of(
        taxonomy,
        "junior",
        {"py": 2, "sql": 1},
        checks={"python-2": 1, "python-1": 1},
        confidence={"python-2": "high", "python-1": "low"},
        seed=9,
        checking="py",
    )
    save_progress(saved)
    assert load_progress() == saved
    carried = resumed_checks(saved, taxonomy, {"python": 2, "sql": 1})
    assert carried.checks == {"python-2": 1, "python-1": 1}
    assert carried.checking == "python"  # the former id maps to today's
    # Python now rated 0: its answers tested a claim no longer made.
    carried = resumed_checks(saved, taxonomy, {"python": 0, "sql": 1})
    assert (carried.checks, carried.confidence) == ({}, {})


# -- back and review -------------------------------------------------------------


def test_changing_a_rating_in_the_review_asks_its_items_again():
    keys = pick(2) + WRONG + HIGH + RIGHT + MEDIUM + REST
    keys += REVIEW_PYTHON + UP + ENTER  # Python 2 -> 1: only python-1 fits the new claim
    keys += RIGHT + LOW + DONE
    answers = quiz(keys)
    assert answers.ratings["python"] == 1
    assert answers.checks == {"python-1": 1}
    assert answers.confidence == {"python-1": "low"}


def test_changing_a_rating_to_0_in_the_review_drops_its_items():
    keys = pick(2) + RIGHT + HIGH + REST + REVIEW_PYTHON + UP * 2 + ENTER + DONE
    answers = quiz(keys)
    assert answers.ratings["python"] == 0
    assert (answers.checks, answers.confidence, answers.seed) == ({}, {}, None)


def test_an_unchanged_rating_keeps_its_items_and_asks_nothing():
    keep_in_review = REVIEW_PYTHON + ENTER  # the pointer is on the current answer, 2
    back_from_sql = UP + ENTER  # Back to Python, where the pointer is on 2 again
    keys = pick(2) + RIGHT + HIGH + back_from_sql + ENTER + REST + keep_in_review + DONE
    answers = quiz(keys)
    assert answers.checks == {"python-2": 1}


def test_a_pause_in_a_review_check_is_finished_on_resume():
    keys = pick(2) + RIGHT + HIGH + REST + REVIEW_PYTHON + UP + ENTER + CTRL_C  # at python-1
    with pytest.raises(Paused):
        quiz(keys)
    kept = saved_file()
    assert (kept["ratings"]["python"], kept["checks"], kept["checking"]) == (1, {}, "python")
    with typed(RIGHT + MEDIUM + DONE):  # python-1, then straight back to the review
        _, answers = assess_interactively(None, resume=True, quiz_max=12)
    assert answers.ratings == {"python": 1, "sql": 1, "stats": 1, "ml": 2}
    assert answers.checks == {"python-1": 1}


def test_the_review_bound_counts_the_items_kept():
    # Bound 1, spent on python-2; after Python 2 -> 1 in the review the old answer is gone,
    # so python-1 fits within the bound again.
    keys = pick(2) + WRONG + HIGH + REST + REVIEW_PYTHON + UP + ENTER + RIGHT + LOW + DONE
    answers = quiz(keys, quiz_max=1)
    assert answers.checks == {"python-1": 1}


# -- the command -----------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def terminal(monkeypatch):
    """Pretend stdin and stdout are a terminal, as they are for a person."""
    monkeypatch.setattr(cli.assess, "_draw_on_tty", lambda: False)


def assess(keys: str, *args: str):
    with typed(keys):
        return runner.invoke(cli.app, ["assess", "-t", str(TINY), "--role", "junior", *args])


def test_the_saved_answers_repeat_the_report_exactly(terminal, tmp_path):
    saved = tmp_path / "answers.yaml"
    keys = "Ada" + ENTER + pick(2) + WRONG + HIGH + RIGHT + MEDIUM + REST + DONE
    result = assess(keys, "-f", "json", "--save-answers", str(saved), "--no-save")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    # Python rated 2, python-2 missed, python-1 right: contradicted, adjusted to 1.
    # junior: python 2 (importance 2), sql 1 (1), stats 1 (1), ml 2 (1): 8 weighted levels;
    # met with Python at 1: 2x1 + 1 + 1 + 2 = 6, so 75.0 %.
    assert report["readiness"] == 75.0
    calibration = report["calibration"]
    # Two items, one right; confidence high 0.875 (wrong) and medium 0.625 (right):
    # mean 0.75, over by 0.75 - 0.5 = 0.25, Brier ((0.875 - 0)^2 + (0.625 - 1)^2) / 2
    # = (0.765625 + 0.140625) / 2 = 0.453125.
    assert {
        key: calibration[key]
        for key in (
            "items",
            "accuracy",
            "mean_confidence",
            "overconfidence",
            "brier",
            "supported",
            "contradicted",
            "unverified",
            "seed",
        )
    } == {
        "items": 2,
        "accuracy": 0.5,
        "mean_confidence": 0.75,
        "overconfidence": 0.25,
        "brier": 0.4531,
        "supported": 0,
        "contradicted": 1,
        "unverified": 3,  # sql, stats and ml are rated 1+ and have no items
        "seed": SEED,
    }
    assert calibration["skills"][0] == {
        "skill": "python",
        "rating": 2,
        "adjusted_level": 1,
        "evidence": "contradicted",
        "checks": ["python-1", "python-2"],
    }
    assert saved.read_text(encoding="utf-8") == (
        "# mlcareer answers (taxonomy tiny 1).\n"
        "# Repeat the report with: mlcareer assess --answers FILE\n"
        "role: junior\n"
        "learner:\n"
        "  name: Ada\n"
        "ratings:\n"
        "  python: 2\n"
        "  sql: 1\n"
        "  stats: 1\n"
        "  ml: 2\n"
        "checks:\n"
        "  python-2: 3\n"
        "  python-1: 1\n"
        "confidence:\n"
        "  python-2: high\n"
        "  python-1: medium\n"
        f"seed: {SEED}\n"
    )
    again = runner.invoke(
        cli.app, ["assess", "-t", str(TINY), "-a", str(saved), "-f", "json", "--no-save"]
    )
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout) == report
    # Scored on the ratings as given, every required level is met.
    trusting = runner.invoke(
        cli.app, ["assess", "-t", str(TINY), "-a", str(saved), "-f", "json", "--trust-self"]
    )
    assert json.loads(trusting.stdout)["readiness"] == 100.0


@pytest.mark.parametrize("off", [["--no-quiz"], ["--quiz-max", "0"]])
def test_no_quiz_asks_nothing(terminal, off):
    result = assess("Ada" + ENTER + pick(2) + REST + DONE, "-f", "json", *off)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["calibration"] is None
    assert report["readiness"] == 100.0


def test_quiz_max_on_the_command_line_bounds_the_items(terminal):
    result = assess("Ada" + ENTER + pick(2) + WRONG + HIGH + REST + DONE, "--quiz-max", "1")
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(cli.app, ["show", "1", "--format", "json"])
    assert json.loads(result.stdout)["calibration"]["items"] == 1


def test_ctrl_c_in_an_item_exits_130_and_the_resume_command_keeps_the_bound(terminal):
    result = assess("Ada" + ENTER + pick(2) + WRONG + HIGH + CTRL_C, "--quiz-max", "5")
    assert result.exit_code == 130
    assert result.stderr == (
        f"\nmlcareer: paused with 1 of 4 skills answered, kept in {progress_path()}.\n"
        "mlcareer: continue with: mlcareer assess --resume --quiz-max 5\n"
    )
    with typed(RIGHT + MEDIUM + REST + DONE):
        resumed = runner.invoke(cli.app, ["assess", "--resume", "--quiz-max", "5", "-f", "json"])
    assert resumed.exit_code == 0, resumed.stderr
    assert json.loads(resumed.stdout)["calibration"]["items"] == 2
    assert not progress_path().exists()


def test_a_negative_quiz_max_is_a_usage_error():
    result = runner.invoke(cli.app, ["assess", "-t", str(TINY), "--quiz-max", "-1"])
    assert result.exit_code == 2
    assert "--quiz-max" in result.stderr  # typer's usage error names the option
