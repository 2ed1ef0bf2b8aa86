"""The instructor's loop end to end: assignment -> reports -> cohort with roster and items."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlcareer.cli import app

from .conftest import TINY
from .test_item_analysis import CHOSEN

runner = CliRunner()

# tiny.yaml with four checks in category `code`, every key at choice 0, so the answers of
# test_item_analysis.CHOSEN (i1..i4 -> these ids) give the same hand-worked figures.
CHECK_IDS = {"i1": "python-1", "i2": "python-2", "i3": "python-3", "i4": "sql-1"}


def course_text() -> str:
    text = TINY.read_text(encoding="utf-8")
    checks = (
        "        checks:\n"
        "          - {id: python-1, level: 1, question: Q1?, choices: [w, x, y, z], answer: 0, "
        "explanation: E.}\n"
        "          - {id: python-2, level: 2, question: Q2?, choices: [w, x, y, z], answer: 0, "
        "explanation: E.}\n"
        "          - {id: python-3, level: 3, question: Q3?, choices: [w, x, y, z], answer: 0, "
        "explanation: E.}\n"
    )
    start = text.index("        checks:\n")
    end = text.index("      - id: sql")
    text = text[:start] + checks + text[end:]
    sql_end = text.index("  - id: maths")
    sql_check = (
        "        checks:\n"
        "          - {id: sql-1, level: 1, question: Q4?, choices: [w, x, y, z], answer: 0, "
        "explanation: E.}\n"
    )
    return text[:sql_end] + sql_check + text[sql_end:]


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def course(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "course.yaml").write_text(course_text(), encoding="utf-8")
    result = run(
        "assignment",
        "new",
        "week1.yaml",
        "-t",
        "course.yaml",
        "--role",
        "junior",
        "--due",
        "2026-09-21T15:00:00Z",
        "--submit-to",
        "the shared folder",
    )
    assert result.exit_code == 0, result.output
    return tmp_path


def hand_in(course: Path, learner: str, chosen: dict[str, int], epoch: int = 1790000000) -> Path:
    """One student's run of the README's command: answers file -> report named as told."""
    answers = course / f"{learner}.yaml"
    checks = {CHECK_IDS[item]: choice for item, choice in chosen.items()}
    answers.write_text(
        json.dumps(
            {
                "role": "junior",
                "learner": {"name": f"Name {learner}", "id": learner},
                "ratings": {"python": 3, "sql": 1, "stats": 1, "ml": 2},
                "checks": checks,
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["assess", "--assignment", "week1.yaml", "--answers", str(answers), "--no-save"],
        env={"SOURCE_DATE_EPOCH": str(epoch)},
    )
    assert result.exit_code == 0, result.output
    # Due 2026-09-21T15:00:00Z = 1790002800: a report made after it is told so at once.
    late = epoch - 1790002800
    due = "due 2026-09-21T15:00:00Z"
    if late > 0:
        due += f"; made {late // 60} min after it, so it shows as late"
    assert result.stderr == f"mlcareer: hand in {learner}.json ({due}): the shared folder\n"
    report = course / f"{learner}.json"
    submitted = course / "reports" / report.name
    submitted.parent.mkdir(exist_ok=True)
    shutil.move(report, submitted)
    return submitted


def test_assignment_round_trip_records_its_id_and_refuses_another_taxonomy(course: Path):
    report = json.loads(hand_in(course, "L1", CHOSEN["L1"]).read_text())
    assert report["assignment"] == {
        "id": "week1",
        "title": "Skills self-assessment: Tiny test taxonomy",
        "due": "2026-09-21T15:00:00Z",
    }
    assert report["role"]["id"] == "junior"
    (course / "edited.yaml").write_text(course_text() + "# edited\n", encoding="utf-8")
    refused = run("assess", "--assignment", "week1.yaml", "-t", "edited.yaml", "-a", "L1.yaml")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "mlcareer: edited.yaml: is not the taxonomy of assignment `week1` (its sha256 is "
    )
    wrong_role = run("assess", "--assignment", "week1.yaml", "--role", "analyst", "-a", "L1.yaml")
    assert wrong_role.exit_code == 2
    assert wrong_role.stderr == (
        "mlcareer: assignment `week1` is for the role `junior`, not `analyst`: pass --role junior\n"
    )


def test_six_learners_item_analysis_through_real_reports(course: Path):
    for learner, chosen in CHOSEN.items():
        hand_in(course, learner, chosen)
    result = run("cohort", "reports", "--assignment", "week1.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    items = {item["id"]: item for item in data["items"]["items"]}
    # The figures worked out by hand in test_item_analysis.py (same answers, same keys).
    assert [items[CHECK_IDS[i]]["difficulty"] for i in ("i1", "i2", "i3", "i4")] == [
        0.667,
        0.667,
        0.333,
        0.5,
    ]
    assert items["sql-1"]["discrimination"] == -0.905
    assert items["sql-1"]["flags"] == ["mis-keyed"]
    assert items["python-3"]["discrimination"] == 0.316
    [code] = [r for r in data["items"]["reliability"] if r["category"] == "code"]
    assert (code["kr20"], code["learner_count"]) == (-1.255, 6)
    assert data["assignment"] == "week1"

    table = run(
        "cohort", "reports", "--assignment", "week1.yaml", "-f", "csv", "--csv-table", "items"
    )
    rows = list(csv.DictReader(io.StringIO(table.stdout.removeprefix("\ufeff"))))
    assert [(r["check_id"], r["chosen_0"], r["chosen_2"], r["flags"]) for r in rows] == [
        ("python-1", "4", "0", ""),
        ("python-2", "4", "0", ""),
        ("python-3", "2", "0", ""),
        ("sql-1", "3", "3", "mis-keyed"),
    ]
    markdown = run("cohort", "reports", "--assignment", "week1.yaml", "-f", "markdown")
    assert "| sql-1 | 6 | 0.500 | -0.905 | 3\\* 0 3 0 | mis-keyed |" in markdown.stdout
    from mlcareer.cohort import Cohort
    from mlcareer.render.html import render_cohort_html

    page = render_cohort_html(Cohort.model_validate(data))
    assert (
        '<td>sql-1</td><td class="n">6</td><td class="n">0.500</td><td class="n">-0.905</td>'
        '<td class="chosen">3* 0 3 0</td>'
    ) in page
    assert "<td>mis-keyed</td>" in page
    terminal = run("cohort", "reports", "--assignment", "week1.yaml")
    assert "code: KR-20 -1.255 over 4 checks and 6 learners" in terminal.stdout
    belief = run(
        "cohort", "reports", "--assignment", "week1.yaml", "-f", "csv", "--csv-table", "belief"
    )
    assert belief.exit_code == 0, belief.output
    assert belief.stdout.splitlines()[0] == (
        "\ufeffkind,id,name,claim_count,supported_pct,contradicted_pct,unverified_pct,"
        "mean_claimed,mean_adjusted,overclaim,overrated_count,overrated_learners"
    )


def test_roster_missing_unknown_late_and_roster_order(course: Path):
    hand_in(course, "L2", CHOSEN["L2"])
    hand_in(course, "L1", CHOSEN["L1"], epoch=1790000000 + 3600)  # 14:13:20Z + 1 h: late
    hand_in(course, "L9", CHOSEN["L3"])
    (course / "roster.csv").write_text("id,name,group\nL2,Ben,B\nL1,Ada,A\nL5,Eve,A\n")
    args = ("cohort", "reports", "--assignment", "week1.yaml", "--roster", "roster.csv")
    data = json.loads(run(*args, "-f", "json").stdout)
    roster = data["roster"]
    assert (roster["on_roster_count"], roster["submitted_count"]) == (3, 2)
    assert [m["id"] for m in roster["missing"]] == ["L5"]
    assert [u["id"] for u in roster["not_on_roster"]] == ["L9"]
    assert [(late["id"], late["detail"]) for late in roster["late"]] == [
        (
            "L1",
            "made 2026-09-21T15:13:20Z, 13 min after the due date 2026-09-21T15:00:00Z",
        )
    ]
    # Learner rows follow the roster (L2, L1), then those not on it.
    assert [row["id"] for row in data["learners"]] == ["L2", "L1", "L9"]
    text = run(*args).stdout
    assert "Roster: 2 of 3 handed in (roster.csv)" in text
    assert "Not handed in: 1\n  Eve (L5)\n" in text
    # The late line (104 columns) wraps at 80 with its continuation four spaces in, so each
    # learner's line still starts two in.
    lines = text.splitlines()
    at = lines.index("Late: 1")
    assert lines[at + 1].startswith("  Name L1 (L1): made 2026-09-21T15:13:20Z, 13 min after")
    assert lines[at + 2].startswith("    ") and lines[at + 2].strip().endswith("(reports/L1.json)")
    assert all(len(line) <= 80 for line in lines[at : at + 3])
    gradebook = run(*args, "-f", "csv", "--csv-table", "roster").stdout
    assert gradebook.splitlines()[:4] == [
        "\ufeffid,name,group,status,file,issues",
        "L2,Ben,B,handed in,reports/L2.json,",
        'L1,Ada,A,handed in,reports/L1.json,"late: made 2026-09-21T15:13:20Z, 13 min after the '
        'due date 2026-09-21T15:00:00Z"',
        "L5,Eve,A,missing,,",
    ]
    skills = run(*args, "-f", "csv", "--csv-table", "learner-skills").stdout.splitlines()
    # python rated 3: L2 (supported at level 3) keeps 3; L1 too; L9 (L3's answers: i3 wrong,
    # python-2 right) is contradicted at 3 and scored at 2.
    assert skills[0] == "\ufefflearner_id,name,role,group,python,sql,stats,ml"
    assert skills[1].startswith("L2,Name L2,junior,B,3,")
    assert skills[3].startswith("L9,Name L9,junior,,2,")


def test_roster_and_min_group_do_not_mix(course: Path):
    (course / "roster.csv").write_text("id,name\nL1,Ada\n")
    hand_in(course, "L1", CHOSEN["L1"])
    result = run(
        "cohort", "reports", "--roster", "roster.csv", "--min-group", "3", "-t", "course.yaml"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --roster lists learners by name, which --min-group 3 hides: drop one of them\n"
    )


def test_a_learner_whose_report_was_left_out_handed_it_in_all_the_same(course: Path):
    hand_in(course, "L1", CHOSEN["L1"])
    edited = hand_in(course, "L2", CHOSEN["L2"])
    report = json.loads(edited.read_text())
    report["readiness"] = 99.9  # by hand: the answers give another figure
    edited.write_text(json.dumps(report))
    (course / "roster.csv").write_text("id,name\nL1,Ada\nL2,Ben\nL3,Cy\n")
    args = ("cohort", "reports", "--assignment", "week1.yaml", "--roster", "roster.csv")
    data = json.loads(run(*args, "-f", "json").stdout)
    roster = data["roster"]
    # L2 handed a file in: not missing, 2 of 3 handed in, and listed as left out.
    assert roster["submitted_count"] == 2
    assert [m["id"] for m in roster["missing"]] == ["L3"]
    [left_out] = roster["left_out"]
    assert (left_out["id"], left_out["file"]) == ("L2", "reports/L2.json")
    assert left_out["detail"].startswith("edited by hand: ")
    assert [e["file"] for e in data["edited"]] == ["reports/L2.json"]
    text = run(*args).stdout
    assert "Roster: 2 of 3 handed in (roster.csv)" in text
    assert "Not handed in: 1\n  Cy (L3)\n" in text
    assert "Handed in, left out of the figures: 1\n  Name L2 (L2): edited by hand:" in text
    gradebook = run(*args, "-f", "csv", "--csv-table", "roster").stdout.splitlines()
    assert gradebook[2].startswith("L2,Ben,handed in,reports/L2.json,left out: edited by hand: ")
    assert gradebook[3] == "L3,Cy,missing,,"


def test_an_answers_file_of_another_role_is_refused_not_rescored(course: Path):
    # week1 is for junior only; the file asks for analyst (a role of the taxonomy).
    answers = course / "a.yaml"
    answers.write_text(
        "role: analyst\nlearner: {name: Ana, id: a1}\n"
        "ratings: {python: 1, sql: 3, stats: 3, ml: 0}\n",
        encoding="utf-8",
    )
    args = ["assess", "--assignment", "week1.yaml", "--answers", str(answers), "--no-save"]
    refused = run(*args)
    assert refused.exit_code == 2
    # `role: analyst` is line 1; the value starts at column 7.
    assert refused.stderr == (
        f"mlcareer: {answers}:1:7: role `analyst` is not one assignment `week1` allows "
        "(junior): set `role: junior`, or pass --role\n"
    )
    assert not (course / "a1.json").exists()
    # --role replaces the file's role, as without an assignment.
    assert run(*args, "--role", "junior").exit_code == 0
    assert json.loads((course / "a1.json").read_text())["role"]["id"] == "junior"
    # A file without a role takes the assignment's only one.
    answers.write_text(
        "learner: {name: Ana, id: a2}\nratings: {python: 1, sql: 3, stats: 3, ml: 0}\n",
        encoding="utf-8",
    )
    assert run(*args).exit_code == 0
    assert json.loads((course / "a2.json").read_text())["role"]["id"] == "junior"


def test_a_report_for_another_assignment_is_not_judged_late_by_this_one(course: Path):
    hand_in(course, "L1", CHOSEN["L1"])
    late = hand_in(course, "L2", CHOSEN["L2"], epoch=1790002800 + 1800)  # 30 min after the due
    report = json.loads(late.read_text())
    assert report["assignment"]["id"] == "week1"
    # The same report, as if made for week0: another assignment, and not late for week1.
    report["assignment"]["id"] = "week0"
    late.write_text(json.dumps(report))
    data = json.loads(run("cohort", "reports", "--assignment", "week1.yaml", "-f", "json").stdout)
    roster = data["roster"]
    assert [(i["id"], i["detail"]) for i in roster["other_assignment"]] == [
        ("L2", "made for assignment `week0`, not `week1`")
    ]
    assert roster["late"] == []


@pytest.mark.parametrize(
    ("output", "named"),
    [
        ("week1.yaml", "--assignment"),
        ("roster.csv", "--roster"),
        ("course.yaml", "the assignment's taxonomy"),
    ],
)
def test_cohort_output_never_overwrites_the_assignment_roster_or_taxonomy(
    course: Path, output, named
):
    hand_in(course, "L1", CHOSEN["L1"])
    (course / "roster.csv").write_text("id,name\nL1,Ada\n")
    before = (course / output).read_bytes()
    result = run(
        "cohort", "reports", "--assignment", "week1.yaml", "--roster", "roster.csv",
        "-f", "csv", "-o", output,
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {output}: --output names the same file as {named}, which writing would "
        "overwrite: write to another file\n"
    )
    assert (course / output).read_bytes() == before


def test_assess_output_never_overwrites_the_assignment(course: Path):
    answers = course / "a.yaml"
    answers.write_text(
        "learner: {name: Ana, id: a1}\nratings: {python: 1, sql: 1, stats: 1, ml: 0}\n"
    )
    before = (course / "week1.yaml").read_bytes()
    result = run(
        "assess", "--assignment", "week1.yaml", "--answers", str(answers), "--no-save",
        "-f", "json", "-o", "week1.yaml",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: week1.yaml: --output names the same file as --assignment, which writing "
        "would overwrite: write to another file\n"
    )
    assert (course / "week1.yaml").read_bytes() == before


def test_an_assignment_for_a_role_its_taxonomy_lacks_is_refused_by_every_command(course: Path):
    import yaml

    hand_in(course, "L1", CHOSEN["L1"])
    assignment = yaml.safe_load((course / "week1.yaml").read_text())
    assignment["roles"] = ["senior"]  # edited by hand: tiny has junior and analyst
    text = yaml.safe_dump(assignment, sort_keys=False)
    (course / "week1.yaml").write_text(text)
    # safe_dump writes the list as "roles:\n- senior": the role is at column 3 of its line.
    line = text.splitlines().index("- senior") + 1
    expected = (
        f"mlcareer: week1.yaml:{line}:3: role `senior` is not a role of taxonomy `tiny`: choose "
        "one of junior, analyst\n"
    )
    answers = course / "L1.yaml"
    for args in (
        ("cohort", "reports", "--assignment", "week1.yaml"),
        ("assess", "--assignment", "week1.yaml", "--answers", str(answers), "--no-save"),
        ("validate", "week1.yaml"),
    ):
        result = run(*args)
        assert (result.exit_code, result.stderr) == (2, expected), args


def test_a_left_out_report_wraps_under_itself_at_80_columns(course: Path):
    edited = hand_in(course, "L2", CHOSEN["L2"])
    report = json.loads(edited.read_text())
    report["readiness"] = 99.9
    edited.write_text(json.dumps(report))
    hand_in(course, "L1", CHOSEN["L1"])
    lines = run("cohort", "reports", "--assignment", "week1.yaml").stdout.splitlines()
    at = lines.index("Edited by hand, left out: 1")
    # The entry starts at the margin; what it wraps onto goes two spaces in.
    assert lines[at + 1].startswith("reports/L2.json: Name L2 (L2): ")
    assert lines[at + 2].startswith("  ") and not lines[at + 2].startswith("   ")
    assert all(len(line) <= 80 for line in lines)


@pytest.mark.parametrize(
    ("args", "given_to"),
    [
        (["-", "--roster", "-"], "a report path and --roster"),
        (["reports", "--assignment", "-", "--roster", "-"], "--roster and --assignment"),
        (["reports", "-t", "-", "-t", "-"], "--taxonomy twice"),
        (
            ["reports", "-t", "-", "--roster", "-", "--assignment", "-"],
            "--roster, --assignment and --taxonomy",
        ),
    ],
)
def test_stdin_is_given_to_one_input_only(course: Path, args, given_to):
    hand_in(course, "L1", CHOSEN["L1"])
    result = runner.invoke(app, ["cohort", *args], input="id,name\nL1,Ada\n")
    assert (result.exit_code, result.stderr) == (
        2,
        f"mlcareer: - (stdin) can be read only once, and it is given to {given_to}: save all "
        "but one to a file\n",
    )


def test_stdin_is_one_report_path():
    twice = runner.invoke(app, ["cohort", "-", "-"], input="reports\n")
    assert (twice.exit_code, twice.stderr) == (
        2,
        "mlcareer: give - (stdin) once among the report paths\n",
    )


def test_files_are_judged_by_their_readers_not_by_the_option_parser(course: Path, monkeypatch):
    """typer refuses a path os.access calls unreadable with its own words ("--roster: path
    'r.csv' is not readable"); the readers say it at the file, with the fix, and root
    (for whom access() and open() can disagree) reads what it can."""
    import os

    hand_in(course, "L1", CHOSEN["L1"])
    (course / "roster.csv").write_text("id,name\nL1,Ada\n", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    result = run("cohort", "reports", "--assignment", "week1.yaml", "--roster", "roster.csv")
    assert result.exit_code == 0, result.stderr
    assert "Roster: 1 of 1 handed in" in result.stdout


def test_roster_columns_named_like_the_gradebook_s_own_are_renamed(course: Path):
    hand_in(course, "L1", CHOSEN["L1"])
    (course / "lms.csv").write_text(
        "id,name,status,file,issues,group\nL1,Ada,enrolled,x,none,A\nL2,Ben,withdrawn,y,,B\n",
        encoding="utf-8",
    )
    result = run(
        "cohort", "reports", "--assignment", "week1.yaml", "--roster", "lms.csv",
        "-f", "csv", "--csv-table", "roster",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == ("id,name,roster_status,roster_file,roster_issues,group,status,file,issues")
    assert lines[1].startswith("L1,Ada,enrolled,x,none,A,handed in,")
    assert lines[2] == "L2,Ben,withdrawn,y,,B,missing,,"


def test_roster_columns_keep_their_names_unless_they_clash():
    from mlcareer.render.csv import roster_columns

    assert roster_columns(["group", "status"], ["id", "status"]) == ["group", "roster_status"]
    # roster_status is taken by the roster itself: one more prefix.
    assert roster_columns(["status", "roster_status"], ["status"]) == [
        "roster_roster_status",
        "roster_status",
    ]
