"""The questionnaire driven for real, in-process.

The real questionary prompts read keys from a prompt_toolkit pipe (``create_pipe_input``
inside ``create_app_session``). Every test types its keys and then closes the pipe, so a
missing keystroke ends the input (the flow pauses) instead of waiting for ever; an alarm
fails any test that still runs after a few seconds.
"""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import contextmanager

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput
from typer.testing import CliRunner

from mlcareer import cli
from mlcareer.answers import answers_file_text, read_answers, save_answers_file
from mlcareer.errors import MlcareerError
from mlcareer.paused import (
    PausedRun,
    load_progress,
    progress_of,
    progress_path,
    resumed_ratings,
    save_progress,
)
from mlcareer.questionnaire import (
    Paused,
    assess_interactively,
    choice_title,
    description_block,
    level_choices,
    position,
    resumed_state,
)
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY

DOWN, UP, ENTER, CTRL_C, CTRL_D = "\x1b[B", "\x1b[A", "\r", "\x03", "\x04"
SKIP = DOWN * 5 + ENTER  # "Skip / not sure" follows the five levels
BACK = UP + ENTER  # "Back" is the last choice; Up from a new question's first choice wraps to it
DONE = ENTER  # the review opens on "Done, show my report"


def pick(level: int) -> str:
    """Keys that choose ``level`` on a question not answered before (the pointer is on 0)."""
    return DOWN * level + ENTER


# Every test here drives real prompts: fail instead of hanging on a missing key.
pytestmark = pytest.mark.usefixtures("prompt_deadline")


@contextmanager
def typed(keys: str, output=None):
    """A terminal session whose keyboard types ``keys`` and then ends the input."""
    with (
        create_pipe_input() as pipe,
        create_app_session(input=pipe, output=output or DummyOutput()),
    ):
        pipe.send_text(keys)
        pipe.close()
        yield


def run(keys: str, taxonomy=TINY, **options):
    """The questionnaire on ``keys``; without ``quiz_max`` it asks no knowledge checks
    (tests/test_quiz.py covers them)."""
    with typed(keys):
        return assess_interactively(taxonomy, **options)


def drawn(keys: str, taxonomy=TINY, **options) -> str:
    """What the prompts drew (as plain text) up to the moment the keys ran out."""
    screen = io.StringIO()
    with typed(keys, PlainTextOutput(screen)), pytest.raises(Paused):
        assess_interactively(taxonomy, **options)
    return screen.getvalue()


def saved_file() -> dict:
    return json.loads(progress_path().read_text(encoding="utf-8"))


TINY_SHA256 = hashlib.sha256(TINY.read_bytes()).hexdigest()


# -- answering -------------------------------------------------------------------


def test_answering_every_question():
    keys = "Ada Lovelace" + ENTER + DOWN + ENTER + pick(3) + pick(1) + pick(0) + pick(2) + DONE
    taxonomy, answers = run(keys)
    assert taxonomy.id == "tiny"
    assert answers.role.id == "analyst"
    assert answers.learner_name == "Ada Lovelace"
    assert answers.ratings == {"python": 3, "sql": 1, "stats": 0, "ml": 2}


def test_the_name_is_optional_and_role_and_learner_can_come_from_options():
    keys = pick(2) + pick(2) + pick(1) + pick(2) + DONE  # no name, no role question
    _, answers = run(keys, role_id="junior", learner_name="Bo", learner_id="bo-7")
    assert (answers.role.id, answers.learner_name, answers.learner_id) == ("junior", "Bo", "bo-7")
    assert answers.ratings == {"python": 2, "sql": 2, "stats": 1, "ml": 2}


def test_skipped_skills_are_none():
    keys = ENTER + ENTER + SKIP + pick(4) + SKIP + pick(1) + DONE
    _, answers = run(keys)
    assert answers.learner_name is None
    assert answers.role.id == "junior"
    assert answers.ratings == {"python": None, "sql": 4, "stats": None, "ml": 1}


def test_back_returns_to_the_previous_answer_and_then_onwards():
    # Python 3; at SQL go back; Python's pointer is on 3, so Up makes it 2; then SQL again.
    keys = ENTER + ENTER + pick(3) + BACK + UP + ENTER + pick(1) + pick(1) + pick(2) + DONE
    _, answers = run(keys)
    assert answers.ratings == {"python": 2, "sql": 1, "stats": 1, "ml": 2}


def test_review_changes_an_answer():
    # Review: Done, Name, Target role, (Code), Python... so three Downs reach Python.
    review_python = DOWN * 3 + ENTER
    keys = ENTER + ENTER + pick(3) + pick(1) + pick(0) + pick(2) + review_python + DOWN + ENTER
    _, answers = run(keys + DONE)
    assert answers.ratings == {"python": 4, "sql": 1, "stats": 0, "ml": 2}


def test_review_back_keeps_the_answer_and_the_role_can_change():
    review_python, review_role = DOWN * 3 + ENTER, DOWN * 2 + ENTER
    keep = DOWN * 3 + ENTER  # from Python's answer (3) past 4 and Skip to "Back to the review"
    keys = ENTER + ENTER + pick(3) + pick(1) + pick(0) + pick(2)
    keys += review_python + keep + review_role + DOWN + ENTER + DONE
    _, answers = run(keys)
    assert answers.role.id == "analyst"
    assert answers.ratings == {"python": 3, "sql": 1, "stats": 0, "ml": 2}


def test_every_answer_is_kept_as_it_is_given():
    run(ENTER + ENTER + pick(3) + pick(1) + pick(0) + pick(2) + DONE)
    assert saved_file()["ratings"] == {"python": 3, "sql": 1, "stats": 0, "ml": 2}


# -- what is drawn ---------------------------------------------------------------


def test_first_question_shows_position_levels_and_skip_but_no_back():
    screen = drawn(ENTER + ENTER)
    assert "[1/4 · about 1 min left] Code · Python" in screen
    assert "Writing Python." in screen
    for line in (
        "0 None: has not met it yet",
        "1 Aware: reads it",
        "2 Working: writes scripts",
        "3 Proficient: writes packages",
        "4 Expert: designs libraries",
        "Skip / not sure",
    ):
        assert line in screen
    # No Back on the first question: neither the choice nor its key in the hint.
    assert "Back to the previous question" not in screen
    assert "(0-4; arrows, Enter; Ctrl-C pauses)" in screen
    # The role needs Python at 2: nothing on screen may hint at it while rating.
    assert "requir" not in screen.lower() and "need" not in screen.lower()


def test_later_questions_offer_back():
    screen = drawn(ENTER + ENTER + pick(1))
    assert "[2/4 · about 1 min left] Code · SQL" in screen
    assert "Back to the previous question" in screen


def test_welcome_says_how_long_and_where_answers_stay():
    screen = drawn("")
    assert "4 skills in 2 categories, about 1 minute." in screen
    assert "Your answers stay on this machine." in " ".join(screen.split())


def test_level_choices_use_the_scale_names_and_the_skill_descriptors():
    taxonomy = load_taxonomy(TINY)
    titles = level_choices(taxonomy, taxonomy.skill("sql"), width=79)
    assert titles == [
        (0, "0 None: has not met it yet"),
        (1, "1 Aware: reads a select"),
        (2, "2 Working: writes joins"),
        (3, "3 Proficient: tunes queries"),
        (4, "4 Expert: designs schemas"),
    ]
    assert position(taxonomy, taxonomy.skill("ml"), 3, 4) == "[4/4] Maths · Machine learning"


def test_long_choices_wrap_under_their_text():
    # 30 columns: the pointer takes 3, so 27 for the first line; the rest hang 3 + 2.
    text = "2 Working: writes scripts of a few hundred lines with functions"
    assert choice_title(text, width=30, hang=2) == (
        "2 Working: writes scripts\n     of a few hundred lines\n     with functions"
    )


def test_role_descriptions_wrap_after_questionarys_label():
    # "  Description: " takes 15 of 40 columns; later lines start at column 2.
    text = "Builds and ships models under guidance of senior engineers every day"
    assert description_block(text, 40) == (
        "Builds and ships models\n  under guidance of senior engineers\n  every day"
    )


# -- pausing ---------------------------------------------------------------------


def test_ctrl_c_keeps_the_answers_and_resume_continues():
    with pytest.raises(Paused) as paused:
        run("Ada" + ENTER + ENTER + pick(3) + pick(1) + CTRL_C)
    assert (paused.value.answered, paused.value.total) == (2, 4)
    assert paused.value.end_of_input is False
    assert paused.value.path == progress_path()
    kept = saved_file()
    assert kept["role"] == "junior"
    assert kept["learner"] == {"name": "Ada", "id": None}
    assert kept["ratings"] == {"python": 3, "sql": 1}
    assert kept["taxonomy"] == {
        "id": "tiny",
        "version": "1",
        "sha256": TINY_SHA256,
        "path": str(TINY.resolve()),
    }

    # The resume asks only Statistics and Machine learning, then the review.
    taxonomy, answers = run(pick(0) + pick(2) + DONE, taxonomy=None, resume=True)
    assert taxonomy.sha256 == TINY_SHA256
    assert answers.learner_name == "Ada"
    assert answers.ratings == {"python": 3, "sql": 1, "stats": 0, "ml": 2}


def test_end_of_input_pauses_like_ctrl_c():
    with pytest.raises(Paused) as paused:
        run(ENTER + ENTER + pick(2))  # then the keys run out
    assert paused.value.end_of_input is True
    assert saved_file()["ratings"] == {"python": 2}


def test_ctrl_d_in_a_question_pauses():
    with pytest.raises(Paused) as paused:
        run(ENTER + ENTER + pick(2) + CTRL_D)
    assert paused.value.end_of_input is True
    assert saved_file()["ratings"] == {"python": 2}


def test_pausing_before_a_role_is_chosen_keeps_nothing():
    with pytest.raises(Paused) as paused:
        run(CTRL_C)
    assert paused.value.path is None
    assert not progress_path().exists()


def test_resume_goes_back_into_earlier_answers():
    with pytest.raises(Paused):
        run(ENTER + ENTER + pick(3) + pick(1) + CTRL_C)
    # Resumed at Statistics; Back reaches SQL (pointer on its answer 1), Down makes it 2.
    _, answers = run(BACK + DOWN + ENTER + pick(1) + pick(1) + DONE, taxonomy=None, resume=True)
    assert answers.ratings == {"python": 3, "sql": 2, "stats": 1, "ml": 1}


def test_a_fresh_run_offers_to_continue_a_paused_one():
    with pytest.raises(Paused):
        run(ENTER + ENTER + pick(3) + CTRL_C)
    _, answers = run(ENTER + pick(1) + pick(1) + pick(1) + DONE)  # "Continue where I stopped"
    assert answers.ratings == {"python": 3, "sql": 1, "stats": 1, "ml": 1}


def test_ctrl_c_at_the_offer_leaves_the_paused_run_alone():
    with pytest.raises(Paused):
        run(ENTER + ENTER + pick(3) + CTRL_C)
    before = saved_file()
    with pytest.raises(Paused) as paused:
        run(CTRL_C)
    assert (paused.value.path, paused.value.answered, paused.value.total) == (progress_path(), 1, 4)
    assert saved_file() == before


def test_a_fresh_run_can_start_over():
    with pytest.raises(Paused):
        run(ENTER + ENTER + pick(3) + CTRL_C)
    start_over = DOWN + ENTER
    _, answers = run(
        start_over + ENTER + DOWN + ENTER + pick(0) + pick(0) + pick(0) + pick(0) + DONE
    )
    assert answers.role.id == "analyst"
    assert answers.ratings == {"python": 0, "sql": 0, "stats": 0, "ml": 0}


# -- resuming against a changed taxonomy ----------------------------------------

RETIRED_SKILL = """\
      - id: retired
        name: Retired skill
        description: Gone in the next version.
        levels: {1: a, 2: b, 3: c, 4: d}
roles:
"""


@pytest.fixture
def paused_on_older_version(tmp_path):
    """Progress saved against version 0 of tiny, which had one more skill."""
    older = tmp_path / "tiny-0.yaml"
    text = TINY.read_text(encoding="utf-8").replace('version: "1"', 'version: "0"')
    older.write_text(text.replace("roles:\n", RETIRED_SKILL, 1), encoding="utf-8")
    taxonomy = load_taxonomy(older)
    save_progress(progress_of(taxonomy, "junior", {"python": 3, "sql": 1, "retired": 2}, "Ada"))
    return older


def test_a_changed_taxonomy_is_explained_and_the_rest_asked(paused_on_older_version):
    saved = load_progress()
    state, note = resumed_state(saved, load_taxonomy(TINY), None)
    assert state.ratings == {"python": 3, "sql": 1}
    assert note == (
        "The taxonomy changed since you paused (version 0 -> 1): kept 2 answers to skills it "
        "still has, dropped 1 for skills it no longer has (retired); 2 questions left to answer."
    )
    _, answers = run(pick(2) + pick(2) + DONE, taxonomy=TINY, resume=True)
    assert answers.ratings == {"python": 3, "sql": 1, "stats": 2, "ml": 2}


def test_an_unchanged_taxonomy_needs_no_explanation():
    taxonomy = load_taxonomy(TINY)
    save_progress(progress_of(taxonomy, "junior", {"python": 3}))
    state, note = resumed_state(load_progress(), taxonomy, None)
    assert (state.ratings, note) == ({"python": 3}, None)


def test_former_skill_ids_keep_their_answer():
    taxonomy = load_taxonomy(TINY)
    saved = progress_of(taxonomy, "junior", {"py": 2, "sql": None})
    carried = resumed_ratings(saved, taxonomy)
    assert carried.ratings == {"python": 2, "sql": None}
    assert carried.dropped == [] and carried.taxonomy_changed is False


def test_resume_refuses_a_role_the_taxonomy_lost_unless_another_is_given():
    taxonomy = load_taxonomy(TINY)
    save_progress(
        progress_of(taxonomy, "junior", {"python": 3}).model_copy(update={"role": "boss"})
    )
    with pytest.raises(MlcareerError) as error:
        run("", taxonomy=None, resume=True)
    assert str(error.value) == (
        f"the paused assessment aims at role `boss`, which the taxonomy {TINY.resolve()} no "
        "longer has: pass --role with one of junior, analyst to continue"
    )
    _, answers = run(
        pick(1) + pick(1) + pick(1) + DONE, taxonomy=None, resume=True, role_id="analyst"
    )
    assert answers.role.id == "analyst"


def test_resume_with_nothing_paused():
    with pytest.raises(MlcareerError) as error:
        run("", resume=True)
    assert str(error.value) == (
        f"nothing to resume: no paused assessment in {progress_path().parent}; "
        "`mlcareer assess` starts one"
    )


def test_resume_when_the_taxonomy_file_is_gone(paused_on_older_version):
    paused_on_older_version.unlink()
    with pytest.raises(MlcareerError) as error:
        run("", taxonomy=None, resume=True)
    assert str(error.value) == (
        f"{paused_on_older_version.resolve()}: the paused assessment used this taxonomy, which "
        "is no longer there: pass --taxonomy FILE to continue with a copy, or run `mlcareer "
        "assess` without --resume to start over"
    )


def test_resume_with_another_taxonomy_is_refused(tmp_path):
    save_progress(progress_of(load_taxonomy(TINY), "junior", {"python": 3}))
    other = tmp_path / "other.yaml"
    other.write_text(TINY.read_text(encoding="utf-8").replace("id: tiny", "id: other", 1))
    with pytest.raises(MlcareerError) as error:
        run("", taxonomy=other, resume=True)
    assert str(error.value) == (
        f"the paused assessment used taxonomy `tiny` ({TINY.resolve()}), not `other`: resume "
        "without --taxonomy, or run `mlcareer assess` without --resume to start over"
    )


def test_unreadable_progress_names_the_file():
    progress_path().write_text('{"format": 1, "role": 3}\n', encoding="utf-8")
    with pytest.raises(MlcareerError) as error:
        run("", resume=True)
    message = str(error.value)
    assert message.startswith(f"{progress_path()}:1:")
    assert message.endswith(
        "delete the file, or run `mlcareer assess` without --resume to start over"
    )


# -- the answers file ------------------------------------------------------------


def test_saved_answers_read_back_as_the_same_answers(tmp_path):
    taxonomy = load_taxonomy(TINY)
    _, answers = run("Ada" + ENTER + ENTER + pick(3) + SKIP + pick(1) + pick(0) + DONE)
    text = answers_file_text(answers, taxonomy)
    assert text == (
        "# mlcareer answers (taxonomy tiny 1).\n"
        "# Repeat the report with: mlcareer assess --answers FILE\n"
        "role: junior\n"
        "learner:\n"
        "  name: Ada\n"
        "ratings:\n"
        "  python: 3\n"
        "  sql: null\n"
        "  stats: 1\n"
        "  ml: 0\n"
    )
    path = tmp_path / "answers.json"
    save_answers_file(path, answers, taxonomy)
    assert json.loads(path.read_text(encoding="utf-8"))["ratings"]["sql"] is None
    assert read_answers(path, taxonomy) == answers


# -- the command -----------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def terminal(monkeypatch):
    """Pretend stdin and stdout are a terminal, as they are for a person."""
    monkeypatch.setattr(cli.assess, "_draw_on_tty", lambda: False)


def invoke(keys: str, *args: str):
    with typed(keys):
        return runner.invoke(cli.app, ["assess", "-t", str(TINY), *args])


def test_assess_asks_then_prints_the_report_and_saves_the_answers(terminal, tmp_path):
    saved = tmp_path / "answers.yaml"
    keys = "Ada" + ENTER + ENTER + pick(3) + SKIP + pick(1) + pick(1) + DONE
    result = invoke(keys, "--format", "json", "--save-answers", str(saved), "--no-quiz")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    # junior needs python 2 (x2), sql 1 (x1), stats 1 (x1), ml 2 (x1): 8 weighted levels;
    # met: python 2x2 + sql 0 + stats 1 + ml 1 = 6, so 75%.
    assert report["readiness"] == 75.0
    assert report["learner"]["name"] == "Ada"
    assert {s["id"]: s["rating"] for s in report["skills"]} == {
        "python": 3,
        "sql": None,
        "stats": 1,
        "ml": 1,
    }
    assert result.stderr == (
        f"mlcareer: answers written to {saved}; `mlcareer assess --answers {saved}` repeats "
        "this report\n"
        "mlcareer: saved in your history as #1: `mlcareer show 1` shows it again, "
        "`mlcareer compare` what moved since last time\n"
    )
    assert not progress_path().exists()  # a completed run leaves nothing to resume
    again = runner.invoke(cli.app, ["assess", "-t", str(TINY), "-a", str(saved), "-f", "json"])
    assert json.loads(again.stdout)["readiness"] == 75.0


def test_assess_ctrl_c_exits_130_and_says_how_to_resume(terminal, tmp_path):
    out = tmp_path / "report.md"
    result = invoke(ENTER + ENTER + pick(3) + CTRL_C, "-o", str(out), "--no-quiz")
    assert result.exit_code == 130
    assert result.stdout == ""
    assert result.stderr == (
        f"\nmlcareer: paused with 1 of 4 skills answered, kept in {progress_path()}.\n"
        f"mlcareer: continue with: mlcareer assess --resume --no-quiz --output {out}\n"
    )
    assert not out.exists()


def test_assess_resume_finishes_the_run(terminal):
    assert invoke(ENTER + ENTER + pick(3) + pick(1) + CTRL_C, "--no-quiz").exit_code == 130
    with typed(pick(0) + pick(2) + DONE):
        result = runner.invoke(cli.app, ["assess", "--resume", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    # met: python 2x2 + sql 1 + stats 0 + ml 2 = 7 of 8.
    assert json.loads(result.stdout)["readiness"] == 87.5
    assert not progress_path().exists()


def test_assess_never_prompts_without_a_terminal():
    result = runner.invoke(cli.app, ["assess", "-t", str(TINY)])
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: no answers given, and stdin is not a terminal (it is a pipe or a file), so "
        "no question can be asked: pass --answers FILE (`mlcareer template > answers.yaml` "
        "writes one to fill in)\n"
    )


def test_assess_no_input_never_prompts(terminal):
    result = invoke("", "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: no answers given and --no-input forbids questions: pass --answers FILE "
        "(`mlcareer template > answers.yaml` writes one to fill in)\n"
    )


def test_assess_resume_and_answers_conflict(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\nratings: {python: 1}\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["assess", "-t", str(TINY), "-a", str(answers), "--resume"])
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --resume continues a paused questionnaire, so it cannot be combined with "
        "--answers: drop one of them\n"
    )


def test_assess_checks_output_folders_before_asking(terminal, tmp_path):
    missing = tmp_path / "nowhere" / "report.json"
    result = invoke(ENTER, "-o", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"mlcareer: {missing}: the folder does not exist: create it first\n"
    assert not progress_path().exists()


def test_assess_resume_with_nothing_paused(terminal):
    result = invoke("", "--resume")
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: nothing to resume: no paused assessment in {progress_path().parent}; "
        "`mlcareer assess` starts one\n"
    )


def test_saved_progress_model_round_trips():
    taxonomy = load_taxonomy(TINY)
    kept = progress_of(taxonomy, "analyst", {"python": None, "sql": 4}, "Ada", "ada-1")
    save_progress(kept)
    assert load_progress() == kept
    assert isinstance(load_progress(), PausedRun)
