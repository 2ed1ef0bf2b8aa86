"""Reassessment in-process: starting from an earlier report, the keys, the time estimate,
the review of what changed, history scoping and deletion, completion and help.

The questionnaire reads real prompt_toolkit keys from a pipe (see test_questionnaire.py);
the history holds hand-made reports of two learners.
"""

from __future__ import annotations

import io
import json
import re
import time

import pytest
from typer.testing import CliRunner

from mlcareer import cli
from mlcareer.answers import Answers
from mlcareer.cli.application import usage_line
from mlcareer.cli.options import complete_role
from mlcareer.errors import MlcareerError
from mlcareer.history import History, LearnerScope, learner_label
from mlcareer.paused import discard_progress
from mlcareer.questionnaire import (
    Paused,
    assess_interactively,
    check_seconds,
    rating_seconds,
    whole_minutes,
    with_hint,
)
from mlcareer.reassess import changes_since, previous_answers
from mlcareer.scoring import report_for
from mlcareer.taxonomy import Taxonomy, load_taxonomy

from .conftest import HERE, TINY
from .test_compare import TINY_V2
from .test_questionnaire import DONE, DOWN, ENTER, UP, typed

ROTATING = HERE / "data" / "rotating.yaml"
BACKSPACE, LEFT = "\x7f", "\x1b[D"
runner = CliRunner()

pytestmark = pytest.mark.usefixtures("prompt_deadline")


def make_report(
    tax: Taxonomy,
    ratings: dict,
    *,
    role: str = "junior",
    name: str | None = "Ada Lovelace",
    learner_id: str | None = "ada",
    checks: dict | None = None,
    created_at: str = "2026-09-21T14:13:20Z",
):
    answers = Answers(
        role=tax.role(role),
        ratings=ratings,
        learner_name=name,
        learner_id=learner_id,
        checks=checks or {},
        confidence={k: "high" for k in checks or {}},
        seed=7 if checks else None,
    )
    return report_for(tax, answers, created_at=created_at, tool_version="0.1.0")


def save(*reports) -> list[int]:
    with History.open() as history:
        return [history.save(r) for r in reports]


@pytest.fixture
def tiny():
    return load_taxonomy(TINY)


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(cli.assess, "_draw_on_tty", lambda: False)


def invoke(keys: str, *args: str, taxonomy=TINY):
    with typed(keys):
        return runner.invoke(cli.app, ["assess", "-t", str(taxonomy), *args])


def drawn(keys: str, **options) -> str:
    """What the prompts drew (plain text) until the keys ran out; the paused run is then
    forgotten, so the next run starts afresh."""
    from prompt_toolkit.output.plain_text import PlainTextOutput

    screen = io.StringIO()
    with typed(keys, PlainTextOutput(screen)), pytest.raises(Paused):
        assess_interactively(TINY, **options)
    discard_progress()
    return screen.getvalue()


def flat(text: str) -> str:
    return " ".join(text.split())


# -- the earlier report as a starting point ------------------------------------------


def test_previous_answers_map_renamed_skills_and_mark_new_ones(tiny, tmp_path):
    report = make_report(
        tiny, {"python": 2, "sql": None, "stats": 1, "ml": 0}, checks={"python-2": 1}
    )
    v2_path = tmp_path / "v2.yaml"
    v2_path.write_text(TINY_V2)
    v2 = load_taxonomy(v2_path)  # python renamed python3, sql removed, git added
    start = previous_answers(report, v2, "#4")
    assert start.ratings == {"python3": 2, "stats": 1, "ml": 0}
    assert start.dropped == ["sql"]
    assert start.new_skills(v2) == ["git"]
    assert start.seen_checks == frozenset()  # v2 has no item python-2
    assert (start.role_id, start.learner_name, start.learner_id) == (
        "junior",
        "Ada Lovelace",
        "ada",
    )
    same = previous_answers(report, tiny, "#4")
    assert same.seen_checks == frozenset({"python-2"})
    assert same.new_skills(tiny) == []
    assert changes_since(same, {"python": 3, "sql": None, "stats": 1, "ml": 2}) == [
        ("python", 2, 3),
        ("ml", 0, 2),
    ]


def test_a_report_of_another_taxonomy_is_refused(tiny):
    other = make_report(load_taxonomy(ROTATING), {"alpha": 1}, role="builder")
    with pytest.raises(MlcareerError) as info:
        previous_answers(other, tiny, "#2")
    assert str(info.value) == (
        "#2: this assessment was made with taxonomy `rotating`, not `tiny`: pass --taxonomy "
        "with the file of `rotating`, or start afresh without --from"
    )


# -- reassessing in the terminal ---------------------------------------------------


def test_from_latest_with_only_enter_gives_the_same_answers(tiny, terminal):
    save(make_report(tiny, {"python": 3, "sql": None, "stats": 0, "ml": 2}))
    # No name or role question: four Enters keep python 3, skip, 0 and 2; then Done.
    result = invoke(ENTER * 4 + DONE, "--from", "latest", "--no-quiz", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert {s["id"]: s["rating"] for s in report["skills"]} == {
        "python": 3,
        "sql": None,
        "stats": 0,
        "ml": 2,
    }
    assert report["learner"] == {"name": "Ada Lovelace", "id": "ada"}
    assert report["role"]["id"] == "junior"


def test_the_review_shows_what_changed_since_last_time(tiny):
    start = previous_answers(
        make_report(tiny, {"python": 2, "sql": 1, "stats": 1, "ml": 0}), tiny, "#1"
    )
    # Python up to 3 with the digit; the rest unchanged; then look at the review.
    screen = flat(drawn("3" + ENTER * 3, start_from=lambda tax: start, quiz_max=0))
    assert (
        "Reassessing Ada Lovelace for Junior, starting from #1 of 2026-09-21 14:13: every "
        "question starts on your answer then, so Enter keeps it. Change the name or role in "
        "the review." in screen
    )
    assert "Since #1 of 2026-09-21 14:13: 1 rating changed: Python 2→3." in screen
    assert "Python: 3 Proficient (was 2)" in screen
    assert "SQL: 1 Aware" in screen and "SQL: 1 Aware (was" not in screen


def test_skills_added_since_are_marked_new(tmp_path):
    v2_path = tmp_path / "v2.yaml"
    v2_path.write_text(TINY_V2)
    v2 = load_taxonomy(v2_path)
    start = previous_answers(make_report(load_taxonomy(TINY), {"python": 2}), v2, "#1")
    screen = io.StringIO()
    from prompt_toolkit.output.plain_text import PlainTextOutput

    with typed(ENTER * 4, PlainTextOutput(screen)), pytest.raises(Paused):
        assess_interactively(v2_path, start_from=lambda tax: start, quiz_max=0)
    text = flat(screen.getvalue())
    assert "1 skill added to the taxonomy since then is marked new." in text
    assert "Git · new since your last assessment" in text
    assert "Python 3 · new since" not in text  # renamed, not new
    assert "Git: 0 None (new)" in text
    assert "1 new skill rated" in text


def test_checks_asked_last_time_are_not_asked_again(tiny, terminal):
    # #1 asked python-2 (level 2). Rated 2 again, the level-2 item would repeat, since tiny
    # has one item a level: rotation only moves on when the level has another item.
    save(make_report(tiny, {"python": 2, "sql": 1, "stats": 1, "ml": 2}, checks={"python-2": 1}))
    start = previous_answers(History.open().report(1), tiny, "#1")
    assert start.seen_checks == frozenset({"python-2"})
    rotating = load_taxonomy(ROTATING)
    before = make_report(
        rotating,
        {"alpha": 2, "beta": 1, "gamma": 0},
        role="builder",
        checks={"alpha-2a": 0, "beta-1a": 0},
    )
    from mlcareer.calibration import next_check

    seen = previous_answers(before, rotating, "#2").seen_checks
    assert next_check(rotating.skill("alpha"), 2, {}, seen).id == "alpha-2b"
    assert next_check(rotating.skill("beta"), 1, {}, seen).id == "beta-1b"


# -- keys --------------------------------------------------------------------------


def test_digits_pick_a_level_and_b_backspace_and_left_go_back():
    # Python "3"; SQL "b" back to Python, "1"; SQL Backspace back, Python "2"; SQL "4";
    # Stats Left back to SQL, "0"; Stats "1"; ML "2"; Done.
    keys = ENTER + ENTER + "3" + "b" + "1" + BACKSPACE + "2" + "4" + LEFT + "0" + "1" + "2"
    _, answers = run_keys(keys + DONE)
    assert answers.ratings == {"python": 2, "sql": 0, "stats": 1, "ml": 2}


def run_keys(keys: str, **options):
    """The questionnaire on ``keys`` to the end (the CLI then forgets the progress)."""
    with typed(keys):
        result = assess_interactively(TINY, **options)
    discard_progress()
    return result


def test_the_hint_names_the_keys():
    screen = drawn(ENTER + ENTER + "1")
    assert "(0-4; arrows, Enter; Ctrl-C pauses)" in screen  # no Back on the first question
    assert "(0-4; arrows, Enter; b back; Ctrl-C pauses)" in screen


def test_after_back_and_a_re_answer_the_flow_says_where_it_continues():
    # Python, SQL and Stats 1; at ML back three times to Python; Python 2. SQL and Stats are
    # still answered, so the flow jumps to ML, [4/4], and says it kept questions 2-3.
    screen = drawn(ENTER + ENTER + "111" + "bbb" + "2")
    assert "continuing at [4/4] (2–3 kept)" in screen
    # Back once from ML to Stats and re-answer: the next is ML itself, so nothing to say.
    screen = drawn(ENTER + ENTER + "111" + "b" + "2")
    assert "continuing" not in screen
    # From ML back to SQL and re-answer: on at ML again, keeping Stats alone.
    assert "continuing at [4/4] (3 kept)" in drawn(ENTER + ENTER + "111" + "bb" + "2")


def test_skills_the_role_does_not_need_are_labelled_and_only_required_leaves_them_out():
    # analyst requires sql 3 and stats 3 only.
    screen = flat(drawn(ENTER + DOWN + ENTER + "1", quiz_max=0))
    assert (
        "Not needed for Analyst: asked to compare you with other roles (`--only-required` "
        "leaves such skills out)." in screen
    )
    _, answers = run_keys(ENTER + DOWN + ENTER + "2" + "3" + DONE, only_required=True)
    assert answers.ratings == {"python": None, "sql": 2, "stats": 3, "ml": None}
    screen = flat(drawn(ENTER + DOWN + ENTER, only_required=True))
    # Before a role is chosen the welcome counts every skill, and says which are asked.
    assert "4 skills in 2 categories (you are asked only those your role requires)" in screen
    assert "[1/2 · about 1 min left] Code · SQL" in screen


def test_only_required_keeps_the_earlier_rating_of_a_skill_not_asked(tiny):
    start = previous_answers(
        make_report(tiny, {"python": 3, "sql": 1, "stats": 2, "ml": 1}, role="analyst"),
        tiny,
        "#1",
    )
    _, answers = run_keys(ENTER + ENTER + DONE, start_from=lambda t: start, only_required=True)
    assert answers.ratings == {"python": 3, "sql": 1, "stats": 2, "ml": 1}


def test_with_hint_keeps_the_hint_whole():
    # "? " + 30 letters + " " = 33 columns, then 20 of hint: 53 fits in 60.
    assert with_hint("x" * 30, "(h" + "i" * 17 + ")", 60) == ("x" * 30, "(h" + "i" * 17 + ")")
    # On a later line no "? ": 70 + 1 + 20 = 91 > 79, so the hint gets its own line.
    message = "head\n" + "y" * 70
    assert with_hint(message, "(" + "i" * 18 + ")", 79) == (message + "\n ", "(" + "i" * 18 + ")")


# -- time ------------------------------------------------------------------------


def test_the_time_comes_from_the_words_on_screen(tiny):
    # python: "Writing Python." (2) + "0 None: has not met it yet" (7) + four choices of 4
    # words ("1 Aware: reads it" ...) = 25 words; 25 x 60 / 200 = 7.5 s + 5 s to answer.
    assert rating_seconds(tiny, tiny.skill("python")) == pytest.approx(12.5)
    # python-1: "What is a list?" (4) + "a number", "a sequence", "a file", "a loop" (8)
    # + 14 of the confidence question = 26 words: 7.8 s + 2 answers x 5 s.
    check = next(c for _, c in tiny.checks() if c.id == "python-1")
    assert check_seconds(check) == pytest.approx(17.8)
    assert (whole_minutes(51.5), whole_minutes(60), whole_minutes(61)) == (1, 1, 2)


def test_the_welcome_gives_the_time_and_the_keys():
    screen = flat(drawn("", quiz_max=0))
    # 12.5 + 12.8 + 12.8 + 13.4 = 51.5 s (see test_questionnaire_pty MINUTES): 1 minute.
    assert "4 skills in 2 categories, about 1 minute." in screen
    assert "Keys: a digit 0-4 picks that level; arrows (or j/k) and Enter; b, Backspace" in screen
    assert "mlcareer · Tiny test taxonomy (taxonomy tiny 1)" in screen


# -- the command line ---------------------------------------------------------------


def test_from_cannot_go_with_answers_or_resume(tmp_path, terminal):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\nratings: {python: 1}\n")
    result = runner.invoke(
        cli.app, ["assess", "-t", str(TINY), "-a", str(answers), "--from", "latest"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "mlcareer: --from and --only-required shape the questionnaire, so they cannot be "
            "combined with --answers: drop them, or drop --answers to answer the questions\n"
        ),
    )
    result = invoke("", "--resume", "--from", "latest")
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "mlcareer: --resume continues a paused questionnaire and --from starts a new one from "
            "an earlier assessment: drop one of them\n"
        ),
    )


def test_from_latest_on_an_empty_history_or_another_taxonomy(terminal, tiny):
    result = invoke("", "--from", "latest")
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "mlcareer: the history is empty, so there is no `latest` assessment: run "
            "`mlcareer assess` first (it saves each assessment)\n"
        ),
    )
    save(make_report(tiny, {"python": 1}))
    result = invoke("", "--from", "1", taxonomy=ROTATING)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "mlcareer: #1: this assessment was made with taxonomy `tiny`, not `rotating`"
    )


def test_from_latest_is_the_named_learners(terminal, tiny):
    save(
        make_report(tiny, {"python": 4, "sql": 4, "stats": 4, "ml": 4}),
        make_report(
            tiny, {"python": 1, "sql": 1, "stats": 1, "ml": 1}, name="Sam", learner_id="sam"
        ),
    )
    result = invoke(
        ENTER * 4 + DONE, "--from", "latest", "--learner-id", "ada", "--no-quiz", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert {s["rating"] for s in json.loads(result.stdout)["skills"]} == {4}


def test_a_pipe_on_stdin_names_the_stream(monkeypatch):
    result = runner.invoke(cli.app, ["assess", "-t", str(TINY)])
    assert result.stderr == (
        "mlcareer: no answers given, and stdin is not a terminal (it is a pipe or a file), so "
        "no question can be asked: pass --answers FILE (`mlcareer template > answers.yaml` "
        "writes one to fill in)\n"
    )


def test_no_terminal_to_draw_on_names_the_fix(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)

    def no_tty(*args, **kwargs):
        raise OSError("no controlling terminal")

    monkeypatch.setattr("builtins.open", no_tty)
    with pytest.raises(MlcareerError) as info:
        cli.assess._draw_on_tty()
    assert str(info.value) == (
        "no answers given, and stdout is not a terminal and there is no terminal (/dev/tty) to "
        "draw the questions on: run `mlcareer assess -o report.md` in a terminal to keep the "
        "report in a file, or pass --answers FILE"
    )


# -- a history that belongs to a learner ---------------------------------------------


@pytest.fixture
def two_learners(tiny):
    """#1 Ada 37.5 %, #2 Sam 100 %, #3 Ada 87.5 %, #4 Sam (no id, name only) 50 %."""
    return save(
        make_report(tiny, {"python": 1, "sql": 0, "stats": 1, "ml": 0}),
        make_report(
            tiny, {"python": 2, "sql": 1, "stats": 1, "ml": 2}, name="Sam", learner_id="sam"
        ),
        make_report(
            tiny, {"python": 2, "sql": 1, "stats": 1, "ml": 1}, created_at="2026-09-21T18:05:00Z"
        ),
        make_report(
            tiny, {"python": 1, "sql": 1, "stats": 1, "ml": 0}, name="Sam", learner_id=None
        ),
    )


def history(*args: str):
    return runner.invoke(cli.app, ["history", *args])


def test_latest_and_previous_stay_with_one_learner(two_learners):
    with History.open() as store:
        assert store.resolve("latest") == 4
        # #4's learner is "Sam" without an id: no earlier one, so no `previous`.
        with pytest.raises(MlcareerError, match="holds one assessment of Sam, so"):
            store.resolve("previous")
        ada = LearnerScope.of("ada", "Ada Lovelace")
        assert (store.resolve("latest", ada), store.resolve("previous", ada)) == (3, 1)
        sam = LearnerScope.matching("sam")  # the id sam: #2 only
        assert store.resolve("latest", sam) == 2
        with pytest.raises(MlcareerError, match="holds one assessment of Sam, so"):
            store.resolve("previous", sam)
        assert store.earlier_of(3) == 1 and store.earlier_of(2) is None
        with pytest.raises(MlcareerError, match="no assessment of learner `zoe`"):
            store.resolve("latest", LearnerScope.matching("zoe"))


def test_history_learner_filters_by_id_or_name(two_learners):
    ids = [e["id"] for e in json.loads(history("-f", "json", "--learner", "ada").stdout)]
    assert ids == [1, 3]
    # "Sam" is the name of #4 and of #2 (whose id is sam).
    ids = [e["id"] for e in json.loads(history("-f", "json", "--learner", "Sam").stdout)]
    assert ids == [2, 4]
    none = history("--learner", "zoe")
    assert (none.exit_code, none.stdout, none.stderr) == (
        0,
        "",
        "mlcareer: no assessments of learner `zoe` saved.\n",
    )


def test_history_shows_local_date_and_time(two_learners, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30, no daylight saving
    time.tzset()
    rows = history("-f", "markdown").stdout
    # 14:13 UTC is 19:43 in India; #3 at 18:05 UTC is 23:35.
    assert "| 1 | 2026-09-21 19:43 | Ada Lovelace |" in rows
    assert "| 3 | 2026-09-21 23:35 | Ada Lovelace |" in rows


def test_compare_refuses_two_learners_unless_asked(two_learners):
    result = runner.invoke(cli.app, ["compare", "1", "2"])
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "mlcareer: #1 is of Ada Lovelace and #2 of Sam, two different learners: compare one "
            "learner's assessments (`mlcareer history --learner NAME` lists them), or pass "
            "--across-learners\n"
        ),
    )
    across = runner.invoke(cli.app, ["compare", "1", "2", "--across-learners", "-f", "json"])
    assert across.exit_code == 0, across.stderr
    assert (
        "the reports are of different learners (Ada Lovelace, then Sam)"
        in json.loads(across.stdout)["notes"]
    )


def test_a_learner_named_in_a_sentence_is_cut_to_sixty_characters():
    assert learner_label("s1", "Ada") == "Ada"
    assert learner_label("s1", None) == "s1"
    assert learner_label(None, None) == "no name"
    assert learner_label(None, "x" * 60) == "x" * 60
    # 61 characters: the first 59 and an ellipsis, 60 in all.
    assert learner_label(None, "y" * 61) == "y" * 59 + "…"


def test_compare_defaults_and_the_timeline_stay_with_one_learner(two_learners, tiny):
    save(make_report(tiny, {"python": 2, "sql": 1, "stats": 1, "ml": 2}))  # #5, Ada, 100 %
    data = json.loads(runner.invoke(cli.app, ["compare", "-f", "json"]).stdout)
    assert (data["before"]["ref"], data["after"]["ref"]) == ("#3", "#5")
    # Ada's line only: #1 37.5, #3 87.5, #5 100 (Sam's #2 and #4 are not on it).
    assert [p["ref"] for p in data["timeline"]] == ["#1", "#3", "#5"]
    # --learner: that learner's latest and the one before it.
    result = runner.invoke(cli.app, ["compare", "--learner", "sam"])
    assert result.exit_code == 2
    assert "holds one assessment of Sam, so there is no `previous` one" in result.stderr


def test_history_rm_with_yes_and_its_refusals(two_learners):
    no_tty = history("rm", "1")
    assert (no_tty.exit_code, no_tty.stderr) == (
        2,
        ("mlcareer: history rm deletes for good, and with no terminal to confirm it: pass --yes\n"),
    )
    unknown = history("rm", "1", "9", "--yes")
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        (
            "mlcareer: there is no assessment #9 in the history, so nothing was deleted: "
            "`mlcareer history` lists the ids\n"
        ),
    )
    bad = history("rm", "latest", "--yes")
    assert (bad.exit_code, bad.stderr) == (
        2,
        ("mlcareer: `latest` is not an assessment id: give the numbers `mlcareer history` lists\n"),
    )
    assert [e["id"] for e in json.loads(history("-f", "json").stdout)] == [1, 2, 3, 4]
    done = history("rm", "#2", "4", "--yes")
    assert (done.exit_code, done.stderr) == (0, "mlcareer: deleted #2, #4 from the history\n")
    assert [e["id"] for e in json.loads(history("-f", "json").stdout)] == [1, 3]


# -- completion and help ------------------------------------------------------------


def test_show_completion_prints_a_bash_script():
    result = runner.invoke(cli.app, ["--show-completion", "bash"], prog_name="mlcareer")
    assert result.exit_code == 0
    assert "_mlcareer_completion()" in result.stdout
    assert "complete -o default -F _mlcareer_completion mlcareer" in result.stdout


class FakeContext:
    def __init__(self, **params):
        self.params = params


def test_role_completion_offers_the_taxonomys_role_ids(monkeypatch):
    monkeypatch.delenv("MLCAREER_TAXONOMY", raising=False)
    assert complete_role(FakeContext(taxonomy=TINY), "") == [
        ("junior", "Junior"),
        ("analyst", "Analyst"),
    ]
    assert complete_role(FakeContext(taxonomy=TINY), "an") == [("analyst", "Analyst")]
    monkeypatch.setenv("MLCAREER_TAXONOMY", str(ROTATING))
    assert [r for r, _ in complete_role(FakeContext(), "")] == ["builder", "generalist"]
    # A taxonomy that cannot be read completes nothing, and says nothing.
    assert complete_role(FakeContext(taxonomy=HERE / "missing.yaml"), "") == []
    monkeypatch.delenv("MLCAREER_TAXONOMY")
    shipped = load_taxonomy(None)
    assert [r for r, _ in complete_role(FakeContext(), "")] == [r.id for r in shipped.roles]


def test_usage_errors_are_one_mlcareer_line():
    result = runner.invoke(cli.app, ["assess", "-f", "yaml"], prog_name="mlcareer")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mlcareer: --format: 'yaml' is not one of 'table', 'json', 'markdown', 'csv', 'html': "
        "`mlcareer assess -h` shows the options\n"
    )
    result = runner.invoke(cli.app, ["history", "rm"], prog_name="mlcareer")
    assert (result.exit_code, result.stderr) == (
        2,
        ("mlcareer: Missing argument 'ID...': `mlcareer history rm -h` shows the options\n"),
    )


def test_usage_errors_of_mlcareer_validate_are_one_line_too():
    from mlcareer.cli.application import validate_app

    result = runner.invoke(validate_app, ["--bogus"], prog_name="mlcareer-validate")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mlcareer: No such option: --bogus: `mlcareer-validate -h` shows the options\n"
    )


def test_usage_line_without_a_context():
    class Bare(Exception):
        exit_code = 2

        def format_message(self):
            return "Invalid value for '--x' / '-x': Value error, nope."

    assert usage_line(Bare()) == "--x: nope"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["assess"],
        ["template"],
        ["roles"],
        ["skills"],
        ["validate"],
        ["schema"],
        ["history"],
        ["history", "rm"],
        ["show"],
        ["compare"],
        ["plan"],
        ["init"],
        ["cohort"],
        ["assignment"],
        ["assignment", "new"],
        ["import"],
        ["import", "csv"],
        ["import", "data-skills-matrix"],
        ["help"],
    ],
)
def test_help_shows_plain_metavars_and_examples(command):
    result = runner.invoke(cli.app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    for leak in ("<bool>", "<str>", "<path>", "<list", "range>"):
        assert leak not in result.stdout, (command, leak)
    # A choice list ({table|json}) is a leak too; a placeholder in help text such as
    # assignment's "{learner_id} is replaced" is not.
    assert re.search(r"\{[^}\s]*\|[^}\s]*\}", result.stdout) is None, command
    assert "Examples:" in result.stdout
    assert f"mlcareer {' '.join(command)}".strip() in result.stdout.split("Examples:")[1]


def test_a_paused_reassessment_resumes_on_the_same_earlier_answers(tiny):
    start = previous_answers(
        make_report(tiny, {"python": 3, "sql": 2, "stats": 1, "ml": 0}), tiny, "#1"
    )
    with typed(ENTER), pytest.raises(Paused):  # Python kept at 3, then the input ends
        assess_interactively(TINY, start_from=lambda tax: start, quiz_max=0)
    kept = json.loads((History.open().path.parent / "progress.json").read_text())
    assert kept["previous"]["label"] == "#1"
    assert kept["previous"]["ratings"] == {"python": 3, "sql": 2, "stats": 1, "ml": 0}
    # Resumed: SQL, Stats and ML still start on #1's answers, so three Enters keep them.
    from prompt_toolkit.output.plain_text import PlainTextOutput

    screen = io.StringIO()
    with typed(ENTER * 3 + DONE, PlainTextOutput(screen)):
        _, answers = assess_interactively(TINY, resume=True, quiz_max=0)
    assert answers.ratings == {"python": 3, "sql": 2, "stats": 1, "ml": 0}
    assert "Since #1 of 2026-09-21 14:13: 0 ratings changed." in flat(screen.getvalue())


def test_ctrl_c_at_the_offer_keeps_nothing(tiny):
    start = previous_answers(make_report(tiny, {"python": 1}), tiny, "#1")
    with typed("\x03"), pytest.raises(Paused) as info:
        assess_interactively(TINY, offers=lambda tax: [start])
    assert (info.value.path, info.value.answered, info.value.end_of_input) == (None, 0, False)


def test_starting_from_scratch_after_the_offer_asks_the_name(tiny):
    start = previous_answers(make_report(tiny, {"python": 4}), tiny, "#1")
    # Down to "Start from scratch"; then a name, a role and four fresh answers.
    _, answers = run_keys(
        DOWN + ENTER + "Bo" + ENTER + ENTER + "1234" + DONE, offers=lambda tax: [start]
    )
    assert (answers.learner_name, answers.ratings["python"]) == ("Bo", 1)


def test_only_required_asks_what_another_role_requires_after_a_change_in_the_review():
    # Analyst: SQL 2, Stats 3. In the review change the role to Junior (the first role):
    # Python and ML are then required and asked, 1 and 2; then Done.
    review_role = DOWN * 2 + ENTER
    keys = ENTER + DOWN + ENTER + "23" + review_role + UP + ENTER + "1" + "2" + DONE
    _, answers = run_keys(keys, only_required=True)
    assert answers.role.id == "junior"
    assert answers.ratings == {"python": 1, "sql": 2, "stats": 3, "ml": 2}


def test_local_time_leaves_a_timestamp_it_cannot_read_as_it_is():
    from mlcareer.render.text import local_time

    assert local_time("2026-09-21T14:13:20Z") == "2026-09-21 14:13"
    assert local_time("not a time") == "not a time"


def test_every_option_that_takes_a_value_names_it_plainly():
    # A metavar left to typer is the option's own name in capitals (--submit-to SUBMIT-TO),
    # which says nothing of what to give; every option sets one (FILE, DATE, TEXT, N, ...).
    import typer.main

    def commands(command, path):
        for name, sub in getattr(command, "commands", {}).items():
            yield from commands(sub, [*path, name])
        yield path, command

    unnamed = [
        (" ".join(path), param.opts[0])
        for path, command in commands(typer.main.get_command(cli.app), [])
        for param in command.params
        if param.param_type_name == "option"
        and not getattr(param, "is_flag", False)
        and param.metavar is None
    ]
    assert unnamed == []
