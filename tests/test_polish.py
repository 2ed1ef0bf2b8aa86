"""Polish from the usability review: piped tables without trailing spaces, `mlcareer help`,
plurals, and `-o` into a folder that does not exist yet (--create-dirs)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.wording import plural, plural_of

from .conftest import HERE, TINY

runner = CliRunner()
ANSWERS = HERE / "data" / "cohort" / "answers"


def run(*args: str, **kwargs):
    return runner.invoke(app, list(args), prog_name="mlcareer", **kwargs)


# -- piped tables ------------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path, monkeypatch):
    """Two saved assessments (so history, show, compare and plan have something to show)
    and a folder of two JSON reports for cohort; the working folder is tmp_path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    for name in ("ada", "ben"):
        result = run("assess", "-t", str(TINY), "-a", str(ANSWERS / f"{name}.yaml"))
        assert result.exit_code == 0, result.output
        result = run(
            "assess", "-t", str(TINY), "-a", str(ANSWERS / f"{name}.yaml"), "--no-save",
            "-o", f"reports/{name}.json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return tmp_path


TABLE_VIEWS = {
    "assess": ["assess", "-t", str(TINY), "-a", str(ANSWERS / "ada.yaml"), "--no-save"],
    "roles": ["roles", "-t", str(TINY)],
    "skills": ["skills", "-t", str(TINY)],
    "default roles": ["roles"],
    "default skills": ["skills"],
    "history": ["history"],
    "show": ["show", "1"],
    # Two learners: issue 15 has compare refuse them unless --across-learners.
    "compare": ["compare", "1", "2", "--across-learners"],
    "plan": ["plan", "-H", "6"],
    "cohort": ["cohort", "reports", "-t", str(TINY)],
}


@pytest.mark.parametrize("columns", ["60", "200"])
@pytest.mark.parametrize("view", sorted(TABLE_VIEWS))
def test_no_line_of_a_piped_table_view_ends_in_a_space(saved, view, columns):
    result = runner.invoke(app, TABLE_VIEWS[view], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 3  # the view was drawn
    assert [line for line in lines if line.endswith(" ")] == []


def test_a_table_view_written_to_a_file_has_no_trailing_spaces(saved):
    result = run("cohort", "reports", "-t", str(TINY), "-o", "cohort.txt")
    assert result.exit_code == 0, result.output
    text = (saved / "cohort.txt").read_text(encoding="utf-8")
    assert text.endswith("\n") and not any(line.endswith(" ") for line in text.splitlines())


# -- mlcareer help -----------------------------------------------------------------------------


def test_help_without_a_command_is_the_main_help():
    result = run("help")
    assert result.exit_code == 0
    assert result.stdout == run("--help").stdout
    assert "help" in result.stdout and "validate" in result.stdout


@pytest.mark.parametrize("command", ["assess", "validate", "cohort", "help"])
def test_help_of_a_command_is_its_help(command):
    result = run("help", command)
    assert result.exit_code == 0
    assert result.stdout == run(command, "--help").stdout
    assert f"Usage: mlcareer {command} [OPTIONS]" in result.stdout


def test_help_of_an_unknown_command_suggests_one():
    result = run("help", "valdate")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: no command `valdate`: did you mean `validate`? (`mlcareer help` lists them)\n"
    )
    result = run("help", "frobnicate")
    assert result.stderr == "mlcareer: no command `frobnicate`: (`mlcareer help` lists them)\n"


# -- plurals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, word, expected",
    [
        (0, "skill", "0 skills"),
        (1, "skill", "1 skill"),
        (2, "category", "2 categories"),
        (1, "category", "1 category"),
        (3, "day", "3 days"),  # a vowel before the y
        (2, "match", "2 matches"),
        (4, "knowledge check", "4 knowledge checks"),
        (2, "box", "2 boxes"),
    ],
)
def test_plural(count, word, expected):
    assert plural(count, word) == expected


def test_plural_of_an_irregular_noun_is_given():
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"
    assert plural_of("entry") == "entries"


def test_counts_of_one_read_in_the_singular(tmp_path):
    one = tmp_path / "one.yaml"
    # tiny with its Maths category, the SQL skill and the analyst role removed: 1 category,
    # 1 skill (python), 1 role, which requires python 2 (the 2 levels it needs)
    text = TINY.read_text(encoding="utf-8")
    code = text[: text.index("      - id: sql")]
    one.write_text(
        code + "roles:\n  - id: junior\n    name: Junior\n    description: Entry role.\n"
        "    requires: {code: 2}\n",
        encoding="utf-8",
    )
    result = run("validate", str(one))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{one}: valid taxonomy `tiny` version 1: 1 category, 1 skill, 1 role, 2 knowledge checks\n"
    )
    roles = run("roles", "-t", str(one))
    assert roles.stdout.splitlines()[0] == "junior  Junior  (1 skill, 2 levels)"
    report = run(
        "assess", "-t", str(one), "-a", "-", "--no-save", "-f", "markdown",
        input="role: junior\nratings: {python: 1}\n",
    )  # fmt: skip
    assert "0 of 1 required skill met · 1 with a gap" in report.stdout


# -- -o into a missing folder --------------------------------------------------------------


def test_output_into_a_missing_folder_is_refused_without_create_dirs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers.yaml").write_text(
        "role: junior\nratings: {python: 1, sql: 0, stats: 2, ml: 0}\n"
    )
    args = ["assess", "-t", str(TINY), "-a", "answers.yaml", "--no-save"]
    result = run(*args, "-o", "out/2026/report.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: out/2026/report.json: the folder does not exist: create it first, or pass "
        "--create-dirs\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]
    result = run(*args, "-o", "out/2026/report.json", "--create-dirs")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "2026" / "report.json").read_text())["role"]["id"]


def test_cohort_output_into_a_missing_folder_takes_create_dirs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers.yaml").write_text("role: junior\nratings: {python: 1}\n")
    made = run("assess", "-t", str(TINY), "-a", "answers.yaml", "--no-save", "-f", "json")
    (tmp_path / "r.json").write_text(made.stdout)
    args = ["cohort", "r.json", "-t", str(TINY), "-f", "csv", "-o", "out/week1/skills.csv"]
    refused = run(*args)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "mlcareer: out/week1/skills.csv: the folder does not exist: create it first, or pass "
        "--create-dirs\n",
    )
    assert not (tmp_path / "out").exists()
    written = run(*args, "--create-dirs")
    assert written.exit_code == 0, written.output
    assert (
        (tmp_path / "out" / "week1" / "skills.csv")
        .read_text(encoding="utf-8-sig")
        .startswith("skill_id,")
    )
