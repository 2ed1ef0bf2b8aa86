"""The history commands as a user runs them: assess, history, show, compare, plan."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.history import HISTORY_FILE

from .conftest import TINY
from .test_compare import TINY_V2

runner = CliRunner()

FIRST = """\
role: junior
learner: {name: Ada Lovelace, id: ada}
ratings: {py: 1, sql: 0, stats: 1, ml: 0}
"""
# Three answers moved: python 1 -> 2, sql 0 -> 1, ml 0 -> 1.
SECOND = """\
role: junior
learner: {name: Ada Lovelace, id: ada}
ratings: {python: 2, sql: 1, stats: 1, ml: 1}
"""
DONE = """\
role: junior
learner: {name: Ada Lovelace, id: ada}
ratings: {python: 2, sql: 1, stats: 1, ml: 2}
"""
ANALYST = """\
role: analyst
ratings: {sql: 2, stats: 2}
"""


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def answers(tmp_path):
    files = {}
    for name, text in (("first", FIRST), ("second", SECOND), ("done", DONE),
                       ("analyst", ANALYST)):  # fmt: skip
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        files[name] = path
    return files


def assess(path, *extra: str):
    result = run("assess", "-t", TINY, "-a", path, *extra)
    assert result.exit_code == 0, result.output
    return result


def test_assess_saves_and_history_lists(answers, isolated_home):
    assess(answers["first"], "-f", "json")
    assess(answers["second"], "-f", "json")
    result = run("history", "--format", "json")
    assert result.exit_code == 0
    # junior needs python 2, sql 1, stats 1, ml 2 with importances 2, 1, 1, 1 (8 levels):
    # first  2x1 + 0 + 1 + 0 = 3/8 = 37.5 %, plan 15 + 4 + 5 + 30 = 54 h;
    # second 2x2 + 1 + 1 + 1 = 7/8 = 87.5 %, plan ml 1->2 = 30 h.
    assert [
        (e["id"], e["readiness"], e["plan_hours"], e["learner_id"])
        for e in json.loads(result.stdout)
    ] == [(1, 37.5, 54.0, "ada"), (2, 87.5, 30.0, "ada")]
    table = run("history")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Id", "Date", "Learner", "Taxonomy", "Role", "Readiness", "Plan"]
    # bar of 10 cells: 37.5 % -> 4 filled, 87.5 % -> 9 filled.
    assert lines[1].split() == ["1", "2026-09-21", "14:13", "Ada", "Lovelace", "tiny", "1",
                                "Junior", "████░░░░░░", "37.5%", "54", "h"]  # fmt: skip
    assert lines[2].split()[-4:] == ["█████████░", "87.5%", "30", "h"]
    assert lines[3].strip() == f"2 assessments · {isolated_home / HISTORY_FILE}"


def test_history_filters_by_role_and_keeps_the_last(answers):
    for name in ("first", "analyst", "second"):
        assess(answers[name], "-f", "json")
    junior = json.loads(run("history", "-f", "json", "--role", "junior").stdout)
    assert [e["id"] for e in junior] == [1, 3]
    assert [e["id"] for e in json.loads(run("history", "-f", "json", "-n", "1").stdout)] == [3]
    markdown = run("history", "-f", "markdown").stdout
    # analyst needs sql 3, stats 3: sql 2->3 30 h + stats 2->3 60 h = 90 h;
    # readiness (1x2 + 1x2) / (1x3 + 1x3) = 66.67 %, floored to 66.6.
    assert "| 2 | 2026-09-21 14:13 | - | tiny 1 | Analyst | 66.6% | 90 h |" in markdown


def test_no_save_leaves_no_trace(answers, isolated_home):
    assess(answers["first"], "-f", "json", "--no-save")
    assert not (isolated_home / HISTORY_FILE).exists()
    result = run("history", "-f", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    empty = run("history")
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert empty.stderr == (
        "mlcareer: no assessments saved yet: `mlcareer assess --answers FILE` saves each one.\n"
    )


@pytest.mark.parametrize("fmt", ["json", "markdown", "table"])
def test_show_renders_a_saved_report_as_assess_did(answers, fmt):
    printed = assess(answers["first"], "-f", fmt).stdout
    assess(answers["second"], "-f", "json")
    for ref in ("1", "#1", "previous"):
        shown = run("show", ref, "--format", fmt)
        assert shown.exit_code == 0, shown.output
        assert shown.stdout == printed
    latest = run("show", "-f", "json")  # latest by default
    assert json.loads(latest.stdout)["readiness"] == 87.5


def test_show_writes_an_output_file_in_the_format_of_its_extension(answers, tmp_path):
    printed = assess(answers["first"], "-f", "markdown").stdout
    target = tmp_path / "report.md"
    result = run("show", "latest", "-o", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text() == printed


def test_show_of_an_unknown_id_or_a_bad_file(answers, tmp_path):
    assess(answers["first"], "-f", "json")
    missing = run("show", "5")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "mlcareer: there is no assessment #5 in the history (ids 1 to 1): `mlcareer history` "
        "lists them\n"
    )
    report = json.loads(run("show", "1", "-f", "json").stdout)
    report["schema_version"] = 3
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(report))
    result = run("show", newer)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(
        f"mlcareer: {newer}:1:20: report schema_version 3 is not supported by this mlcareer"
    )


def test_compare_previous_with_latest(answers):
    assess(answers["first"], "-f", "json")
    assess(answers["second"], "-f", "json")
    result = run("compare", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["before"]["ref"], data["after"]["ref"]) == ("#1", "#2")
    assert (data["readiness_change"], data["plan_hours_change"]) == (50.0, -24.0)
    assert data["gaps_closed"] == ["python", "sql"]
    assert data["gaps_opened"] == []
    moved = {s["id"]: (s["level_before"], s["level_after"]) for s in data["skills"] if s["changed"]}
    assert moved == {"python": (1, 2), "sql": (0, 1), "ml": (0, 1)}

    table = run("compare")
    assert table.exit_code == 0
    out = table.stdout
    assert "Ada Lovelace · Junior" in out
    assert "37.5%  →  " in out and "87.5%  +50.0 points" in out
    assert "Plan       54 h → 30 h (-24 h)" in out
    assert "Gaps closed  Python, SQL" in out
    assert "Gaps opened  none" in out
    assert "1 other skill unchanged" in out

    markdown = run("compare", "1", "2", "-f", "markdown").stdout
    assert "Readiness **37.5% → 87.5%** (+50.0 points); learning plan 54 h → 30 h." in markdown
    assert "| Machine learning | 0→1 | +1 | 2 | 2→1 |" in markdown
    assert "**Gaps closed:** Python, SQL" in markdown


def test_compare_draws_readiness_over_time_for_the_same_role(answers):
    for name in ("first", "analyst", "second", "done"):
        assess(answers[name], "-f", "json")
    data = json.loads(run("compare", "-f", "json").stdout)
    assert (data["before"]["ref"], data["after"]["ref"]) == ("#3", "#4")
    # The analyst assessment (#2) is another role, so it is not on the line.
    assert [(p["ref"], p["readiness"]) for p in data["timeline"]] == [
        ("#1", 37.5),
        ("#3", 87.5),
        ("#4", 100.0),
    ]
    # 8 cells on a 0-100 scale: round(37.5 x 7 / 100) = 3 -> ▄, 87.5 -> 6 -> ▇, 100 -> █.
    assert "Over time  ▄▇█  3 assessments, 37.5% → 100.0%" in run("compare").stdout
    assert "Readiness over time: `▄▇█` #1 37.5% · #3 87.5% · #4 100.0%" in (
        run("compare", "-f", "markdown").stdout
    )


def test_compare_report_files_across_a_taxonomy_rename(tmp_path):
    v2 = tmp_path / "tiny-v2.yaml"
    v2.write_text(TINY_V2)
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    first = tmp_path / "first.yaml"
    first.write_text(FIRST)
    later = tmp_path / "later.yaml"
    later.write_text("role: junior\nratings: {python3: 2, git: 1, stats: 2, ml: 1}\n")
    assert run("assess", "-t", TINY, "-a", first, "-o", old, "--no-save").exit_code == 0
    assert run("assess", "-t", v2, "-a", later, "-o", new, "--no-save").exit_code == 0

    result = run("compare", old, new, "--taxonomy", v2, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # v2: python3 2x1, git 2x0.5, stats 1, ml 1 -> 7 of 8 = 87.5 %, from 37.5 %.
    assert data["readiness_change"] == 50.0
    python = next(s for s in data["skills"] if s["id"] == "python3")
    assert (python["former_id"], python["level_before"], python["level_after"]) == ("python", 1, 2)
    assert [g["id"] for g in data["gone"]] == ["sql"]
    assert [n["id"] for n in data["added"]] == ["git"]
    table = run("compare", old, new, "--taxonomy", v2).stdout
    assert "Python 3 (was `python`)" in table
    assert "No longer in the taxonomy" in table and "SQL (sql), rated 0" in table
    assert "New in the taxonomy" in table and "Git (git), rated 1, needed 1" in table


def test_compare_needs_two_assessments(answers):
    empty = run("compare")
    assert empty.exit_code == 2
    assert empty.stderr.startswith("mlcareer: the history is empty, so there is no `previous`")
    assess(answers["first"], "-f", "json")
    one = run("compare")
    assert one.exit_code == 2
    assert one.stderr == (
        "mlcareer: the history holds one assessment of Ada Lovelace, so there is no `previous` "
        "one: assess again after some study, then compare\n"
    )


def test_plan_markdown_is_a_task_list(answers):
    assess(answers["first"], "-f", "json")
    assess(answers["second"], "-f", "json")
    result = run("plan", "-H", "12", "--start", "2026-10-05", "-f", "markdown")
    assert result.exit_code == 0, result.output
    # Latest: only ml 1->2 is left, 30 h at 12 h a week -> 12 + 12 + 6 in 3 weeks.
    assert result.stdout == (
        "# Learning schedule\n"
        "\n"
        "Ada Lovelace · Junior · readiness 87.5% · #2 of 2026-09-21\n"
        "\n"
        "30 h at 12 h a week: 3 weeks, from 2026-10-05 to 2026-10-25.\n"
        "\n"
        "## Week 1 · 2026-10-05 to 2026-10-11 · 12 h\n"
        "\n"
        "- [ ] **Machine learning** 1→2 (12 h of 30 h, part 1/3): Fit models.\n"
        "\n"
        "## Week 2 · 2026-10-12 to 2026-10-18 · 12 h\n"
        "\n"
        "- [ ] **Machine learning** 1→2, continued (12 h of 30 h, part 2/3): Fit models.\n"
        "\n"
        "## Week 3 · 2026-10-19 to 2026-10-25 · 6 h\n"
        "\n"
        "- [ ] **Machine learning** 1→2, continued (6 h of 30 h, part 3/3): Fit models.\n"
    )


def test_plan_of_a_report_file_as_json(answers, tmp_path):
    report = tmp_path / "first.json"
    assess(answers["first"], "-o", report, "--no-save")
    result = run("plan", report, "--hours-per-week", "10", "--start", "2026-10-05", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # Plan order: sql 0->1 4 h, python 1->2 15 h, ml 0->1 5 h, ml 1->2 30 h = 54 h.
    # At 10 h: week 1 sql 4 + python 6; week 2 python 9 + ml 1; week 3 ml 4 + ml(2) 6;
    # weeks 4-5 ml(2) 10 each; week 6 ml(2) 4.
    assert [w["hours"] for w in data["weeks"]] == [10, 10, 10, 10, 10, 4]
    assert [[(i["skill"], i["to_level"], i["hours"]) for i in w["items"]]
            for w in data["weeks"][:3]] == [
        [("sql", 1, 4), ("python", 2, 6)],
        [("python", 2, 9), ("ml", 1, 1)],
        [("ml", 1, 4), ("ml", 2, 6)],
    ]  # fmt: skip
    assert (data["weeks_needed"], data["finishes"]) == (6, "2026-11-15")
    assert data["source"]["ref"] == str(report)
    # What fits in two weeks: 20 h of 54.
    two = json.loads(run("plan", report, "-H", "10", "-w", "2", "-f", "json").stdout)
    assert (two["scheduled_hours"], two["fits"]) == (20, False)
    assert [
        (u["skill"], u["to_level"], u["hours_left"], u["started"]) for u in two["unscheduled"]
    ] == [("ml", 1, 4, True), ("ml", 2, 30, False)]


def test_plan_table(answers):
    assess(answers["second"], "-f", "json")
    out = run("plan", "-H", "12", "--start", "2026-10-05").stdout
    assert "30 h at 12 h a week: 3 weeks, from 2026-10-05 to 2026-10-25." in out
    assert "Machine learning 1→2 · part 2/3 (continued)" in out


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("0", "--hours-per-week must be a number of hours above 0, not 0"),
        ("-2", "--hours-per-week must be a number of hours above 0, not -2"),
        ("abc", "--hours-per-week 'abc' is not a number"),
        ("1e400", "--hours-per-week '1e400' is not a number"),
    ],
)
def test_invalid_budgets_exit_2(answers, budget, message):
    assess(answers["first"], "-f", "json")
    result = run("plan", "--hours-per-week", budget)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"mlcareer: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_a_corrupt_history_does_not_cost_the_report(answers, isolated_home):
    database = isolated_home / HISTORY_FILE
    database.write_bytes(b"not a database at all\n" * 100)
    result = run("assess", "-t", TINY, "-a", answers["first"], "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["readiness"] == 37.5
    assert result.stderr == (
        "mlcareer: warning: this assessment was not saved to the history: "
        f"{database}: the history database is damaged or is not a SQLite file (file is not a "
        "database): move it away (e.g. rename it to history.sqlite3.broken) and mlcareer "
        "starts a new history\n"
    )
    for command in (["history"], ["show", "latest"], ["compare"]):
        failed = run(*command)
        assert failed.exit_code == 2
        assert failed.stderr.startswith(f"mlcareer: {database}: the history database is damaged")
    # Moving it away, as the message says, starts a new history.
    database.rename(database.with_name("history.sqlite3.broken"))
    assess(answers["first"], "-f", "json")
    assert [e["id"] for e in json.loads(run("history", "-f", "json").stdout)] == [1]


def test_commands_are_listed_in_help():
    out = run("--help").stdout
    for command in ("history", "show", "compare", "plan"):
        assert command in out


def _history_drawn(width: int, learner_name: str = "Sam Rivera") -> str:
    import io

    from rich.console import Console

    from mlcareer.history import HistoryEntry
    from mlcareer.render.history import print_history

    entry = HistoryEntry(
        id=1,
        created_at="2026-12-02T16:45:00Z",
        taxonomy_id="ml-engineer",
        taxonomy_version="2026.12",
        role_id="junior-ml-engineer",
        role_name="Junior ML Engineer",
        learner_id=None,
        learner_name=learner_name,
        readiness=55.9,
        plan_hours=593.0,
    )
    out = io.StringIO()
    print_history([entry], Console(file=out, width=width, no_color=True), "history.sqlite3")
    return out.getvalue()


def test_history_at_80_columns_keeps_the_taxonomy_id_whole():
    # The one-line row is 91 columns wide (padding included): at 80, the version goes under
    # the id, which stays whole, and the learner and role wrap between words.
    lines = _history_drawn(80).splitlines()
    assert "ml-engineer" in lines[1] and "ml-enginee\n" not in "\n".join(lines)
    assert lines[2].split() == ["Rivera", "2026.12", "Engineer"]
    assert all(len(line) <= 80 for line in lines)
    # Wide enough, one line per assessment.
    assert "Sam Rivera  ml-engineer 2026.12  Junior ML Engineer" in _history_drawn(120)


LONG_NAME = "Alexandra Rivera-Montgomery"
# The stacked layout's first two lines, worked out by hand: Id (2 wide, right) and two
# spaces; the header pads Date to the date's 16 columns, Readiness to the bar's 10, a space
# and the percentage's 5, and right-aligns Plan over "593 h" (5), two spaces apart; 55.9 %
# fills round(5.59) = 6 of the 10 cells.
STACKED_HEAD = [
    "Id  Date" + " " * 14 + "Readiness" + " " * 10 + "Plan",
    " 1  2026-12-02 16:45  ██████░░░░ 55.9%  593 h",
]


def test_history_too_narrow_for_its_table_gives_one_block_per_assessment():
    # With a long name the table cannot fit 80 columns even with the version under the id
    # (its narrowest: 1 + 16 + 17 for "Rivera-Montgomery" + 11 + 8 for "Engineer" + 10 + 5
    # + 5, and 2 between each of the 8 columns: 87). Each block: the figures, then who,
    # the role and the taxonomy, whole words, under them.
    who = f"{LONG_NAME} · Junior ML Engineer · ml-engineer 2026.12"  # 71 columns
    # (rich pads each cell to its column: the lines are compared without trailing spaces)
    assert [line.rstrip() for line in _history_drawn(80, LONG_NAME).splitlines()] == [
        *STACKED_HEAD,
        "    " + who,
        "1 assessment · history.sqlite3",
    ]
    # At 60 the text has 56 columns: "ml-engineer" would end at 62, so it starts a line.
    assert [line.rstrip() for line in _history_drawn(60, LONG_NAME).splitlines()] == [
        *STACKED_HEAD,
        f"    {LONG_NAME} · Junior ML Engineer ·",
        "    ml-engineer 2026.12",
        "1 assessment · history.sqlite3",
    ]


def test_history_at_40_columns_still_shows_every_field_in_whole_words():
    drawn = _history_drawn(40, LONG_NAME)
    lines = drawn.splitlines()
    assert all(len(line) <= 40 for line in lines)
    words = drawn.split()
    for word in [*LONG_NAME.split(), "Junior", "ML", "Engineer", "ml-engineer", "2026.12"]:
        assert word in words
    for figure in ["2026-12-02", "16:45", "55.9%", "593"]:
        assert figure in words
