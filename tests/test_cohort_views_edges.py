"""Cohort views at their edges: everyone meets every level, too few learners to show, the
category means that stand in for hidden rows, and a required level that differs by role."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mlcareer.answers import Answers
from mlcareer.cli import app
from mlcareer.render.json import render_json
from mlcareer.report import OutputModel
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY

runner = CliRunner()
TAX = load_taxonomy(TINY)
ALL_MET = {"python": 2, "sql": 1, "stats": 1, "ml": 2}  # junior: code 2, sql 1, stats 1, ml 2


def write_reports(folder, learners):
    folder.mkdir()
    for who, role, ratings in learners:
        answers = Answers(role=TAX.role(role), ratings=ratings, learner_id=who, learner_name=who)
        report = report_for(TAX, answers, created_at="2026-09-21T14:13:20Z", tool_version="t")
        (folder / f"{who}.json").write_text(report.model_dump_json(), encoding="utf-8")


def cohort(folder, *args):
    result = runner.invoke(app, ["cohort", str(folder), "-t", str(TINY), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_when_everyone_meets_every_level_there_is_no_cohort_gap(tmp_path):
    write_reports(tmp_path / "r", [("ada", "junior", ALL_MET), ("ben", "junior", ALL_MET)])
    line = "No cohort gap: every learner meets every required level."
    assert line in cohort(tmp_path / "r")
    assert line in cohort(tmp_path / "r", "-f", "markdown")


def test_too_few_learners_for_min_group_hide_the_priorities(tmp_path):
    write_reports(tmp_path / "r", [("ada", "junior", {"python": 1})])
    line = "Hidden: fewer than 2 learners."
    assert line in cohort(tmp_path / "r", "--min-group", "2")
    assert line in cohort(tmp_path / "r", "--min-group", "2", "-f", "markdown")


def test_min_group_shows_category_means_instead_of_learner_rows(tmp_path):
    # Three juniors: code scores (python x2 + sql x1 weighted 2 and 1 within code) are
    # ada python 2 sql 1 -> 100%, ben python 1 sql 1 -> (2x1 + 1x1)/(2x2 + 1x1) = 60%,
    # cat python 0 sql 0 -> 0%; mean (100 + 60 + 0) / 3 = 53.3%.
    write_reports(
        tmp_path / "r",
        [
            ("ada", "junior", {"python": 2, "sql": 1, "stats": 1, "ml": 2}),
            ("ben", "junior", {"python": 1, "sql": 1, "stats": 1, "ml": 2}),
            ("cat", "junior", {"python": 0, "sql": 0, "stats": 1, "ml": 2}),
        ],
    )
    table = cohort(tmp_path / "r", "--min-group", "3")
    assert "mean score of the learners whose role requires it" in table
    assert any(
        line.split()[:1] == ["Code"] and line.endswith("53.3%") for line in table.splitlines()
    )
    data = json.loads(cohort(tmp_path / "r", "--min-group", "3", "-f", "json"))
    assert data["learners"] is None
    assert {c["id"]: c["mean"] for c in data["categories"]}["code"] == 53.3


def test_a_required_level_that_differs_by_role_reads_as_a_range(tmp_path):
    # sql: junior requires 1, analyst 3, so the cohort's required level is the range 1-3.
    write_reports(
        tmp_path / "r",
        [("ada", "junior", {"sql": 1}), ("ben", "analyst", {"sql": 2, "stats": 3})],
    )
    data = json.loads(cohort(tmp_path / "r", "-f", "json"))
    sql = next(s for s in data["skills"] if s["id"] == "sql")
    assert (sql["required_min"], sql["required_max"]) == (1, 3)
    assert any(line.split()[:2] == ["SQL", "1-3"] for line in cohort(tmp_path / "r").splitlines())


class _Name(OutputModel):
    name: str


def test_json_of_text_with_a_lone_surrogate_is_an_escape():
    # A file name that is not UTF-8 reaches the model as a lone surrogate (U+DCE9 for the
    # byte 0xE9); it has no UTF-8 form, so it is written as the escape \udce9.
    assert render_json(_Name(name="caf\udce9.json")) == '{\n  "name": "caf\\udce9.json"\n}\n'


def _default_cohort_drawn(width: int) -> list[str]:
    import io

    from rich.console import Console

    from mlcareer.cohort import CohortAggregator
    from mlcareer.render.cohort import render_cohort_table

    tax = load_taxonomy(None)
    aggregator = CohortAggregator()
    for number, level in enumerate((1, 3), start=1):
        answers = Answers(
            role=tax.role("ml-engineer"),
            ratings={skill.id: level for skill in tax.skills()},
            learner_name=f"Learner {number}",
            learner_id=f"s{number}",
        )
        report = report_for(tax, answers, created_at="2026-12-01T09:00:00Z", tool_version="t")
        aggregator.add(report, f"s{number}.json")
    out = io.StringIO()
    render_cohort_table(aggregator.result(), Console(file=out, width=width, no_color=True))
    return out.getvalue().splitlines()


def test_the_learner_matrix_of_nine_categories_fits_80_columns_with_a_key():
    lines = _default_cohort_drawn(80)
    at = lines.index("Learners x categories  score %; - where the role needs none of it")
    # Headed by the ids, the nine columns would fold them ("progra/mming"): numbered instead.
    assert lines[at + 1].split() == ["Learner", "Ready", *(f"C{n}" for n in range(1, 10))]
    assert all(len(line) <= 80 for line in lines)
    # The key under the table, no entry split over two lines.
    mean = next(i for i in range(at, len(lines)) if lines[i].startswith("mean"))
    assert lines[mean + 1 : mean + 4] == [
        "C1 Programming and software engineering · C2 Mathematics · C3 Data",
        "C4 Modelling · C5 Deep learning · C6 MLOps · C7 Responsible AI",
        "C8 Professional skills · C9 Domain applications",
    ]


def test_the_learner_matrix_keeps_the_category_ids_when_they_fit():
    lines = _default_cohort_drawn(200)
    at = lines.index("Learners x categories  score %; - where the role needs none of it")
    assert lines[at + 1].split() == [
        "Learner",
        "Ready",
        *(category.id for category in load_taxonomy(None).categories),
    ]
