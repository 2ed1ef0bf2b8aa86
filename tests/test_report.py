"""The report model: figures published as short decimals, and one summary every view reads."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.report import Report

from .conftest import ROOT

runner = CliRunner()
JUNIOR = str(ROOT / "examples" / "answers-junior.yaml")

# examples/answers-junior.yaml against junior-ml-engineer in data/skills.yaml, by category
# (a skill entry of the role overrides its category's; r, tensorflow, distributed-training,
# genai-evaluation, llm-finetuning-serving and the domains are required at 0):
#   programming 2, python 3, software-design 2, linux-shell 2: numpy-pandas 2, git 2 meet;
#     python 2<3, sql 1<2, testing 1<2, software-design 1<2, linux-shell 1<2  7 = 2 met + 5 gap
#   maths 2, calculus 1: linear-algebra 2, calculus 2, probability 2 meet; statistics 1
#                                                                        4 = 3 met + 1 gap
#   data 2, collection 1, pipelines 1: collection 1, cleaning 2, eda 2 meet;
#     feature-engineering 1, validation 0, pipelines 0 have a gap        6 = 3 met + 3 gap
#   modelling 2: classical-ml 2 meets; framing, selection, tuning, evaluation at 1
#                                                                        5 = 1 met + 4 gap
#   deep-learning 1, dl-fundamentals 2, pytorch 2, llm-apps 2, retrieval-rag 1: vision 1
#     meets; fundamentals 1, pytorch 1, nlp-transformers 0, llm-apps 1, retrieval-rag 0
#                                                                        6 = 1 met + 5 gap
#   mlops 1, tracking 2, containers 2, deployment 2: all five at 0       5 = 0 met + 5 gap
#   responsible-ai 1, ai-security 1: fairness 1 meets; explainability 0, ai-security 0;
#     privacy-governance skipped                           4 = 1 met + 2 gap + 1 not assessed
#   professional 2, continuous-learning 1: problem-solving 2, communication 2, learning 1
#     meet; collaboration 1                                              4 = 3 met + 1 gap
# required 41 = 14 met + 26 with a gap + 1 not assessed
JUNIOR_COUNTS = {"required": 41, "met": 14, "with_gap": 26, "not_assessed": 1}


def run(*args: str):
    return runner.invoke(app, list(args))


def numbers(value):
    """Every float in a JSON document."""
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from numbers(item)


def test_the_json_report_publishes_short_decimals():
    result = run("assess", "--answers", JUNIOR, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    importance = {s["id"]: s["importance"] for s in report["skills"]}
    # category weight x skill weight, as decimals (floats give 1.2000000000000002 and
    # 1.7999999999999998 for the first two)
    assert importance["fairness"] == 1.2  # responsible-ai 0.8 x 1.5
    assert importance["deployment"] == 1.8  # mlops 1.2 x 1.5
    assert importance["tensorflow"] == 0.84  # deep-learning 1.2 x 0.7
    assert importance["healthcare-ml"] == 0.6  # domains 0.6 x 1.0
    # Weights have one decimal, priorities two, readiness one: nothing needs more than two.
    # (This report has no knowledge checks, whose ratios may need more.)
    assert report["calibration"] is None
    long = [v for v in numbers(report) if Decimal(repr(v)).as_tuple().exponent < -2]
    assert long == []


def test_the_summary_line_and_the_role_fit_row_agree():
    result = run("assess", "--answers", JUNIOR, "--format", "json")
    report = json.loads(result.stdout)
    assert {k: report["summary"][k] for k in JUNIOR_COUNTS} == JUNIOR_COUNTS
    (own,) = [f for f in report["role_fit"] if f["id"] == "junior-ml-engineer"]
    assert (own["with_gap"], own["not_assessed"], own["gaps"]) == (26, 1, 27)
    assert report["summary"]["plan_hours"] == report["plan"]["total_hours"] == own["hours_to_close"]

    table = run("assess", "--answers", JUNIOR)
    assert table.exit_code == 0, table.output
    summary = re.search(
        r"^14 of 41 required skills met · 26 with a gap · 1 not assessed · plan (\d+) h$",
        table.stdout,
        re.MULTILINE,
    )
    row = re.search(r"^Junior ML Engineer ◀ +[\d.]+% +26 +1 +(\d+) h$", table.stdout, re.MULTILINE)
    assert summary and row, table.stdout
    assert summary[1] == row[1]
    assert re.search(r"^Role +Readiness +With a gap +Not assessed +Hours$", table.stdout, re.M)

    markdown = run("assess", "--answers", JUNIOR, "--format", "markdown").stdout
    assert "\n14 of 41 required skills met · 26 with a gap · 1 not assessed · plan " in markdown
    assert "| Role | Readiness | With a gap | Not assessed | Hours to close |" in markdown
    assert re.search(r"^\| Junior ML Engineer \| [\d.]+% \| 26 \| 1 \| \d+ h \|$", markdown, re.M)


def test_the_gap_tables_follow_the_summarys_order(tiny_path, tmp_path):
    # tiny.yaml, junior: priorities SQL 25 (skipped), Python 13.33, ML 11.43 (README example)
    answers = tmp_path / "answers.yaml"
    answers.write_text("role: junior\nratings: {python: 1, sql: null, stats: 2, ml: 0}\n")
    table = run("assess", "-t", str(tiny_path), "-a", str(answers)).stdout
    lines = table.splitlines()
    start = lines.index("Gaps by priority") + 2
    assert [line.split()[0] for line in lines[start : start + 3]] == ["SQL", "Python", "Machine"]
    markdown = run("assess", "-t", str(tiny_path), "-a", str(answers), "-f", "markdown").stdout
    section = markdown.split("## Gaps by priority\n\n")[1].split("\n\n")[0].splitlines()
    assert section[2:] == [
        "| SQL | - | 1 | 1 | 4 h | 25 | not assessed |",
        "| Python | 1 | 2 | 1 | 15 h | 13.33 | gap |",
        "| Machine learning | 0 | 2 | 2 | 35 h | 11.43 | gap |",
    ]


@pytest.fixture
def tiny_report(tiny_path, tmp_path) -> dict:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "role: junior\nlearner: {name: Ada Lovelace, id: ada}\n"
        "ratings: {python: 1, sql: null, stats: 2, ml: 0}\n"
    )
    result = run("assess", "-t", str(tiny_path), "-a", str(answers), "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_report_from_before_the_summary_gets_one_when_read(tiny_report, tmp_path):
    older = {k: v for k, v in tiny_report.items() if k != "summary"}
    older["role_fit"] = [
        {k: v for k, v in fit.items() if k not in ("with_gap", "not_assessed")}
        for fit in tiny_report["role_fit"]
    ]
    report = Report.model_validate(older)
    assert report.summary.model_dump() == tiny_report["summary"]
    # the assessed role's row gets the summary's counts; the others' skips are not known
    assert [(f.id, f.gaps, f.with_gap, f.not_assessed) for f in report.role_fit] == [
        ("junior", 3, 2, 1),
        ("analyst", 2, None, None),
    ]

    path = tmp_path / "older.json"
    path.write_text(json.dumps(older, indent=2))
    shown = run("show", str(path))
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    # figures of the README's worked example
    assert "1 of 4 required skills met · 2 with a gap · 1 not assessed · plan 54 h" in lines
    table = lines.index("Fit to every role") + 1
    assert lines[table : table + 3] == [
        "Role      Readiness  With a gap  Not assessed  Hours",
        "Junior ◀      37.5%           2             1   54 h",
        "Analyst       33.3%           -             -  104 h",
    ]


def test_a_summary_from_before_its_later_fields_gets_them_when_read(tiny_report):
    first = ("required", "met", "with_gap", "not_assessed", "plan_hours", "plan_steps")
    older = {**tiny_report, "summary": {k: tiny_report["summary"][k] for k in first}}
    older["summary"]["gaps_by_priority"] = tiny_report["summary"]["gaps_by_priority"]
    report = Report.model_validate(older)
    assert report.summary.model_dump() == tiny_report["summary"]
    # Ada's answers (tiny_report): stats 2 meets its level 1, nothing else does; the plan
    # starts at step 1; no next role below 100 %; no knowledge checks.
    assert (report.summary.strengths, report.summary.start_here) == (["stats"], 1)
    assert report.summary.next_role is None
    assert report.summary.checks_asked is None


def test_an_edited_later_summary_field_is_refused_too(tiny_report):
    tiny_report["summary"]["strengths"] = ["python", "stats"]
    with pytest.raises(ValidationError, match="edited by hand"):
        Report.model_validate(tiny_report)


def test_a_summary_edited_by_hand_is_refused(tiny_report, tmp_path):
    tiny_report["summary"]["met"] = 3
    text = json.dumps(tiny_report, indent=2)
    path = tmp_path / "edited.json"
    path.write_text(text)
    line = text[: text.index('"summary": {')].count("\n") + 1
    column = len('  "summary": ') + 1
    result = run("show", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {path}:{line}:{column}: `summary`: does not match the report's skills and "
        "plan: the report was edited by hand; make it again with `mlcareer assess`\n"
    )
