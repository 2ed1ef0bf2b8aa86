"""Answering with a behavioural checklist: the inference rule by hand, the prompt driven for
real, and the ticks kept in the answers file and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlcareer.answers import answers_file_text, read_answers
from mlcareer.checklist import inferred_level, level_counts, ticked_statements
from mlcareer.clock import now_iso
from mlcareer.errors import MlcareerError
from mlcareer.questionnaire import checklist_pages
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .test_questionnaire import DONE, ENTER, pick, run

CHECKLIST = Path(__file__).parent / "data" / "checklist.yaml"
DOWN = "\x1b[B"


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy(CHECKLIST)


@pytest.mark.parametrize(
    "ticked, expected",
    [
        # level 1 has 3 statements, level 2 has 3, level 3 has 2; a level counts at >= 2/3.
        ({}, 0),  # 0/3 at level 1: nothing counts
        ({1: [1]}, 0),  # 1/3 < 2/3
        ({1: [1, 3]}, 1),  # 2/3 counts; level 2 0/3 stops the climb
        ({1: [1, 2, 3], 2: [1, 3]}, 2),  # 3/3, 2/3, then level 3 0/2
        ({1: [1, 2], 2: [1, 2, 3], 3: [1]}, 2),  # level 3: 1/2 = 0.5 < 2/3
        ({1: [1, 2], 2: [2, 3], 3: [1, 2]}, 3),  # 2/3, 2/3, 2/2
        # level 3 fully ticked does not count while level 2 (1/3) does not: 1
        ({1: [1, 2, 3], 2: [1], 3: [1, 2]}, 1),
    ],
)
def test_inference_rule_by_hand(tax, ticked, expected):
    assert inferred_level(tax.skill("training"), ticked) == expected


def test_counts_and_statements(tax):
    skill = tax.skill("training")
    ticked = {1: [1, 3], 2: [2]}
    assert level_counts(skill, ticked) == {1: (2, 3), 2: (1, 3), 3: (0, 2)}
    assert ticked_statements(skill, ticked) == {
        1: ["I can say why a test set is kept apart", "I have run a notebook that trains a model"],
        2: ["I compare models with cross-validation"],
    }


def test_pages_fit_the_screen():
    # 24 rows, 5 kept for the question: 19 rows for statements. Twelve statements of three
    # wrapped lines each (at width 40) make pages of 6 (18 rows) and 6.
    long = "word " * 20  # 100 characters: 3 lines at width 40 after the 3-column pointer
    pages = checklist_pages([long] * 12, width=40, rows=24, reserved=5)
    assert [len(p) for p in pages] == [6, 6]
    assert [pos for pos, _ in pages[1]] == [7, 8, 9, 10, 11, 12]
    # Short statements all fit on one page; a screen too small still shows one per page.
    assert len(checklist_pages(["a", "b", "c"], 40, 24, 5)) == 1
    assert [len(p) for p in checklist_pages([long] * 2, 40, 6, 5)] == [1, 1]


def test_detailed_questionnaire_ticks_and_infers(tax):
    # training, --detailed: level 1 tick all three; level 2 tick 1 and 3 (2/3); level 3 tick
    # the first of two (1/2). Inferred 2; Enter keeps it. serving has no checklist: rate 1.
    keys = (
        " " + DOWN + " " + DOWN + " " + ENTER
        + " " + DOWN * 2 + " " + ENTER
        + " " + ENTER
        + ENTER
        + pick(1)
        + DONE
    )  # fmt: skip
    _, answers = run(keys, taxonomy=CHECKLIST, role_id="junior", learner_name="Ada", detailed=True)
    assert answers.ratings == {"training": 2, "serving": 1}
    assert answers.indicators == {"training": {1: [1, 2, 3], 2: [1, 3], 3: [1]}}


def test_override_the_inferred_level(tax):
    # The same ticks, but Up from the default (2) chooses 1: the rating is what the learner
    # keeps, the ticks stay as evidence.
    keys = " " + DOWN + " " + DOWN + " " + ENTER + " " + DOWN * 2 + " " + ENTER + ENTER
    keys += "\x1b[A" + ENTER + pick(1) + DONE
    _, answers = run(keys, taxonomy=CHECKLIST, role_id="junior", learner_name="Ada", detailed=True)
    assert answers.ratings["training"] == 1
    assert answers.indicators == {"training": {1: [1, 2, 3], 2: [1, 3]}}


def test_checklist_on_request_for_one_skill():
    # Without --detailed the question offers "Answer with a checklist" after the five levels.
    keys = DOWN * 5 + ENTER + " " + DOWN + " " + ENTER + ENTER + ENTER + ENTER + pick(2) + DONE
    # level 1: 2/3 ticked; levels 2 and 3 nothing -> inferred 1, kept.
    _, answers = run(keys, taxonomy=CHECKLIST, role_id="junior", learner_name="Ada")
    assert answers.ratings == {"training": 1, "serving": 2}
    assert answers.indicators == {"training": {1: [1, 2]}}


def test_ticks_round_trip_through_answers_and_report(tax, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(
        "role: senior\nratings: {training: 1, serving: 1}\n"
        "indicators: {training: {1: [1, 2, 3], 2: [2]}}\n"
    )
    answers = read_answers(path, tax)
    assert answers.indicators == {"training": {1: [1, 2, 3], 2: [2]}}
    again = tmp_path / "again.yaml"
    again.write_text(answers_file_text(answers, tax))
    assert read_answers(again, tax).indicators == answers.indicators
    report = report_for(tax, answers, created_at=now_iso(), tool_version="0")
    data = json.loads(report.model_dump_json())
    assert data["checklists"] == [
        {
            "skill": "training",
            "inferred_level": 1,  # 3/3 at level 1, 1/3 at level 2
            "rating": 1,
            "levels": [
                {
                    "level": 1,
                    "ticked": 3,
                    "statements": 3,
                    "ticked_statements": [
                        "I can say why a test set is kept apart",
                        "I can name two classification metrics",
                        "I have run a notebook that trains a model",
                    ],
                },
                {
                    "level": 2,
                    "ticked": 1,
                    "statements": 3,
                    "ticked_statements": ["I compare models with cross-validation"],
                },
                {"level": 3, "ticked": 0, "statements": 2, "ticked_statements": []},
            ],
        }
    ]


def test_ticks_the_taxonomy_does_not_have_are_errors(tax, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(
        "role: junior\nratings: {training: 1}\n"
        "indicators: {training: {3: [3]}, serving: {1: [1]}, trainin: {1: [1]}}\n"
    )
    with pytest.raises(MlcareerError) as info:
        read_answers(path, tax)
    assert [p.message for p in info.value.problems] == [
        "level 3 of `training` has 2 indicator statements, so 3 is not one of them: give "
        "positions from 1 to 2",
        "level 1 of `serving` has no indicator statements: remove this entry",
        "unknown skill `trainin` (did you mean `training`?): `mlcareer skills` lists the ids",
    ]


def test_steps_without_hours_make_totals_at_least(tax, tmp_path):
    from mlcareer.render.markdown import render_markdown
    from mlcareer.render.text import summary_line

    path = tmp_path / "answers.yaml"
    path.write_text("role: junior\nratings: {training: 0, serving: 0}\n")
    report = report_for(tax, read_answers(path, tax), created_at=now_iso(), tool_version="0")
    # training 0->1 (10 h), 0->2 (written without hours), serving 0->1 (no step written):
    # 10 h known, 2 steps without an estimate.
    assert report.plan.total_hours == 10
    assert report.plan.steps_without_hours == 2
    estimated = {(s.skill, s.to_level): s.estimated for s in report.plan.steps}
    assert estimated == {("training", 1): True, ("training", 2): False, ("serving", 1): False}
    assert summary_line(report).endswith("plan at least 10 h (2 steps have no estimate)")
    assert "## Learning plan (at least 10 h (2 steps have no estimate))" in render_markdown(report)


def test_cohort_keeps_the_ticks(tax, tmp_path):
    from mlcareer.cohort import CohortAggregator

    path = tmp_path / "answers.yaml"
    path.write_text(
        "role: junior\nlearner: {name: Ada, id: ada}\nratings: {training: 2, serving: 1}\n"
        "indicators: {training: {1: [1, 3], 2: [2]}}\n"
    )
    report = report_for(tax, read_answers(path, tax), created_at=now_iso(), tool_version="0")
    aggregator = CohortAggregator()
    aggregator.add(report, "ada.json")
    cohort = aggregator.result()
    assert cohort.learners[0].checklists == {
        "training": {
            "1": [
                "I can say why a test set is kept apart",
                "I have run a notebook that trains a model",
            ],
            "2": ["I compare models with cross-validation"],
        }
    }


def test_a_reassessment_starts_each_checklist_as_it_was_left(tax, tmp_path):
    from mlcareer.answers import Answers
    from mlcareer.reassess import previous_answers

    earlier = Answers(
        role=tax.role("junior"),
        ratings={"training": 2, "serving": 1},
        learner_name="Ada",
        indicators={"training": {1: [1, 3], 2: [2]}},
    )
    report = report_for(tax, earlier, created_at=now_iso(), tool_version="0")
    start = previous_answers(report, tax, "#1")
    # Found again by their words: level 1's first and third statements, level 2's second.
    assert start.indicators == {"training": {1: [1, 3], 2: [2]}}

    # --detailed from that report: Enter on each of training's three pages keeps the boxes
    # ticked as they were; the ticks point to 1 (level 1 2/3, level 2 1/3), but they are
    # unchanged, so Enter keeps the 2 chosen for them then; Enter keeps serving's 1.
    keys = ENTER * 3 + ENTER + ENTER + DONE
    _, answers = run(keys, taxonomy=CHECKLIST, detailed=True, start_from=lambda t: start)
    assert answers.indicators == {"training": {1: [1, 3], 2: [2]}}
    assert answers.ratings == {"training": 2, "serving": 1}
    # Level 1's third statement unticked: the ticks changed, so Enter takes the level they
    # point to now, 0 (level 1 1/3 does not count), not the 2 kept for the old ticks.
    keys = DOWN * 2 + " " + ENTER + ENTER + ENTER + ENTER + ENTER + DONE
    _, answers = run(keys, taxonomy=CHECKLIST, detailed=True, start_from=lambda t: start)
    assert answers.indicators == {"training": {1: [1], 2: [2]}}
    assert answers.ratings == {"training": 0, "serving": 1}


def test_ticks_of_statements_a_new_version_reworded_are_dropped(tax, tmp_path):
    from mlcareer.answers import Answers
    from mlcareer.reassess import previous_answers

    report = report_for(
        tax,
        Answers(
            role=tax.role("junior"),
            ratings={"training": 2, "serving": 1},
            indicators={"training": {1: [1, 3], 2: [2]}},
        ),
        created_at=now_iso(),
        tool_version="0",
    )
    # Today's version swaps level 1's first two statements and rewords level 2's second.
    text = CHECKLIST.read_text(encoding="utf-8")
    text = text.replace(
        "            - I can say why a test set is kept apart\n"
        "            - I can name two classification metrics\n",
        "            - I can name two classification metrics\n"
        "            - I can say why a test set is kept apart\n",
    ).replace("I compare models with cross-validation", "I compare models fairly")
    newer = tmp_path / "checklist.yaml"
    newer.write_text(text, encoding="utf-8")
    # "kept apart" is now second; "a notebook" still third; level 2's reworded one is gone.
    assert previous_answers(report, load_taxonomy(newer), "#1").indicators == {
        "training": {1: [2, 3]}
    }


def test_a_paused_reassessment_keeps_the_checklists_it_started_from(tax):
    from mlcareer.answers import Answers
    from mlcareer.paused import progress_path
    from mlcareer.questionnaire import Paused, assess_interactively
    from mlcareer.reassess import previous_answers

    from .test_questionnaire import typed

    report = report_for(
        tax,
        Answers(
            role=tax.role("junior"),
            ratings={"training": 2, "serving": 1},
            learner_name="Ada",
            indicators={"training": {1: [1, 3], 2: [2]}},
        ),
        created_at=now_iso(),
        tool_version="0",
    )
    start = previous_answers(report, tax, "#1")
    with typed(""), pytest.raises(Paused):  # the input ends at the first question
        assess_interactively(CHECKLIST, start_from=lambda t: start, detailed=True)
    kept = json.loads(progress_path().read_text(encoding="utf-8"))
    assert kept["previous"]["indicators"] == {"training": {"1": [1, 3], "2": [2]}}
    # Resumed: training's pages start ticked as the report left them.
    _, answers = run(ENTER * 5 + DONE, taxonomy=CHECKLIST, resume=True, detailed=True)
    assert answers.indicators == {"training": {1: [1, 3], 2: [2]}}
