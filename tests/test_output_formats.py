"""Which format a command writes: --format, else the output file's extension; never a
silent fallback to the terminal table."""

from __future__ import annotations

from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.paused import progress_of
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def answers_file(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("role: junior\nratings: {python: 1, sql: null, stats: 2, ml: 0}\n")
    return path


def test_the_report_as_csv_is_its_skills_table(tmp_path):
    # tiny: importance = category weight x skill weight: python 2 x 1 = 2, sql 2 x 0.5 = 1,
    # stats 1 x 1 = 1, ml 1 x 1 = 1. Junior requires python 2 (code: 2), sql 1, stats 1, ml 2.
    # python 1 -> 2: one step of 15 h, priority 100 x 2 x 1 / 15 = 13.33;
    # sql skipped -> 1: 4 h, priority 100 x 1 x 1 / 4 = 25; stats meets;
    # ml 0 -> 2: 5 + 30 = 35 h over two levels, priority 100 x 1 x 2 / 17.5 = 11.43.
    target = tmp_path / "report.csv"
    result = run("assess", "-t", TINY, "-a", answers_file(tmp_path), "-o", target, "--no-save")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().decode("utf-8") == (
        "\ufeffskill_id,skill,category,rating,level,required,gap,status,evidence,importance,"
        "hours_to_close,priority\r\n"
        "python,Python,code,1,1,2,1,gap,,2,15,13.33\r\n"
        "sql,SQL,code,,0,1,1,not assessed,,1,4,25\r\n"
        "stats,Statistics,maths,2,2,1,0,meets,,1,0,0\r\n"
        "ml,Machine learning,maths,0,0,2,2,gap,,1,35,11.43\r\n"
    )


def test_an_extension_that_names_no_format_is_refused_and_nothing_is_written(tmp_path):
    for name in ("report.pdf", "report"):
        target = tmp_path / name
        result = run("assess", "-t", TINY, "-a", answers_file(tmp_path), "-o", target)
        assert result.exit_code == 2
        assert result.stderr == (
            f"mlcareer: {target}: cannot tell the format from the file name: pass --format "
            "table, json, markdown, csv or html, or end the name with .txt, .json, .md, "
            ".markdown, .csv, .html, .htm\n"
        )
        assert not target.exists()


def test_a_format_the_view_lacks_is_refused(tmp_path):
    result = run("history", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: this view has no csv format: choose table, json or markdown\n"
    )
    target = tmp_path / "plan.csv"
    result = run("plan", "-H", "5", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: this view has no csv format (from {target}): choose table, json, markdown "
        "or html\n"
    )


def test_a_txt_file_gets_the_table_without_colour(tmp_path):
    target = tmp_path / "report.txt"
    result = run("assess", "-t", TINY, "-a", answers_file(tmp_path), "-o", target, "--no-save")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "Readiness" in text and "\x1b" not in text


def test_history_writes_to_a_file_too(tmp_path):
    assert run("assess", "-t", TINY, "-a", answers_file(tmp_path), "-f", "json").exit_code == 0
    target = tmp_path / "history.md"
    result = run("history", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    # readiness = (2 x 1 + 1 x 1) / (2 x 2 + 1 x 1 + 1 x 1 + 1 x 2) = 3 / 8 = 37.5%;
    # plan = python 15 h + sql 4 h + ml 35 h = 54 h (see the CSV test above).
    assert target.read_text(encoding="utf-8") == (
        "# Assessment history\n\n"
        "| Id | Date | Learner | Taxonomy | Role | Readiness | Plan |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 1 | 2026-09-21 | - | tiny 1 | Junior | 37.5% | 54 h |\n"
    )


def test_source_date_epoch_pins_the_time_a_questionnaire_is_paused():
    # conftest sets SOURCE_DATE_EPOCH=1790000000, which is 2026-09-21T14:13:20Z.
    paused = progress_of(load_taxonomy(TINY), "junior", {"python": 1})
    assert paused.saved_at == "2026-09-21T14:13:20Z"
