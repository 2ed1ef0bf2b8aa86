"""Edge cases of `mlcareer import csv` (src/mlcareer/import_csv.py) and of the shared
import helpers (src/mlcareer/imported.py): unreadable or incomplete sheets, bad cells
named by row and column, delimiter variants, ids made plain, and the loss report."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.errors import MlcareerError, Problem
from mlcareer.import_csv import read_csv
from mlcareer.imported import LossReport, separate_category_ids

runner = CliRunner()
HEADER = "category,skill,level 1,level 2,level 3,level 4"
LEVELS = "a,b,c,d"


def write(tmp_path, text: str, name: str = "sheet.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path) -> list[Problem]:
    with pytest.raises(MlcareerError) as caught:
        read_csv(path)
    return caught.value.problems


def test_empty_file_is_refused_through_the_cli(tmp_path):
    sheet = write(tmp_path, "  \n\n")
    result = runner.invoke(app, ["import", "csv", str(sheet), "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"mlcareer: {sheet}:1:1: the CSV file is empty: it needs a header row\n"
    assert not (tmp_path / "o.yaml").exists()


def test_header_without_separator_falls_back_to_commas(tmp_path):
    # The sniffer finds no separator in a one-word header; commas are assumed, so the
    # whole line is one column and every required column but none is missing.
    sheet = write(tmp_path, "skill\nSQL\n")
    assert problems_of(sheet) == [
        Problem(
            "the header row has no column `category`, `level 1`, `level 2`, `level 3`, "
            "`level 4`: name the columns as `mlcareer init --csv-template FILE` does",
            str(sheet),
            1,
            1,
        )
    ]


def test_unreadable_header_is_reported(tmp_path):
    # A header cell over the csv module's field limit (131072 characters) cannot be read.
    sheet = write(tmp_path, '"' + "x" * 140_000 + '"\n')
    [problem] = problems_of(sheet)
    assert problem.message == ("is not readable as CSV (field larger than field limit (131072))")
    assert (problem.file, problem.line, problem.column) == (str(sheet), 1, 1)


def test_header_without_role_column(tmp_path):
    sheet = write(tmp_path, f"{HEADER}\nData,SQL,{LEVELS}\n")
    assert problems_of(sheet) == [
        Problem(
            "the header row has no role column: add one per role, named `role: NAME`, "
            "holding the level (0-4) that role requires of each skill",
            str(sheet),
            1,
            1,
        )
    ]


def test_header_but_only_blank_rows(tmp_path):
    sheet = write(tmp_path, f"{HEADER},role: A\n,,,,,,\n\n")
    assert problems_of(sheet) == [
        Problem("has a header row but no skill rows: add one row per skill", str(sheet))
    ]


def test_tab_separated_with_blank_rows_empty_column_and_zero_levels(tmp_path):
    # Tabs are recognised; an unnamed column (trailing tab) is silently skipped, not a
    # loss; a blank row is skipped; a role level of 0 is not written to `requires`.
    text = (
        "Category\tSkill\tLevel_1\tLevel 2\tLEVEL 3\tlevel4\tDescription\trole: Analyst\t\n"
        "Data\tSQL\ta\tb\tc\td\tQuerying\t0\t\n"
        "\t\t\t\t\t\t\t\t\n"
        "Data\tPandas\ta\tb\tc\td\tFrames\t2\t\n"
    )
    imported = read_csv(write(tmp_path, text, "My Course.tsv"))
    doc = imported.document
    assert doc["id"] == "my-course" and doc["title"] == "My Course (imported)"
    assert doc["version"] == "1"
    assert [s["id"] for s in doc["categories"][0]["skills"]] == ["sql", "pandas"]
    assert doc["roles"] == [{"id": "analyst", "name": "Analyst", "requires": {"pandas": 2}}]
    assert imported.losses.topics == {}


def test_options_override_id_title_and_version(tmp_path):
    sheet = write(tmp_path, f"{HEADER},role: A\nData,SQL,{LEVELS},1\n")
    doc = read_csv(sheet, taxonomy_id="course", title="Course", version="2").document
    assert (doc["id"], doc["title"], doc["version"]) == ("course", "Course", "2")


def test_semicolon_weights_with_decimal_commas(tmp_path):
    sheet = write(tmp_path, "category;skill;weight;level 1;level 2;level 3;level 4;role: A\n"
                  "Data;SQL;1,5;a;b;c;d;1\n")  # fmt: skip
    skill = read_csv(sheet).document["categories"][0]["skills"][0]
    assert skill["weight"] == 1.5


def test_id_that_cannot_be_an_alias_is_made_plain_without_one(tmp_path):
    sheet = write(tmp_path, "category,skill,id,level 1,level 2,level 3,level 4,role: A\n"
                  f"Data,SQL,SQL Queries!,{LEVELS},1\n")  # fmt: skip
    imported = read_csv(sheet)
    skill = imported.document["categories"][0]["skills"][0]
    assert skill["id"] == "sql-queries" and "aliases" not in skill
    assert imported.losses.topics[
        "ids made plain (the original kept as an alias where it can be one)"
    ] == ["SQL Queries! -> sql-queries"]


def test_bad_cells_are_named_by_row_and_column(tmp_path):
    text = (
        "category,skill,weight,level 1,level 2,level 3,level 4,prerequisites,"
        "step 1,hours 1,step 2,hours 2,role: A\n"
        f"Data,,1,{LEVELS},,,,,,1\n"
        f"Data,SQL,heavy,{LEVELS},Not An Id,,3,Read,many,1\n"
        f'Data,Pandas,1,{LEVELS},"sql:5, sql:2",,,,,1\n'
    )
    sheet = write(tmp_path, text)
    label = str(sheet)
    assert problems_of(sheet) == [
        Problem("row 2, column `skill`: the skill has no name: give it one, or empty the row",
                label, 2),
        Problem("row 3, column `weight`: 'heavy' is not a number: write e.g. 1 or 1.5", label, 3),
        Problem("row 3, column `prerequisites`: 'Not An Id' is not a skill id, or `id:level` "
                "with a level 1-4", label, 3),
        Problem("row 3, column `hours 1`: hours are given without a step: write the step "
                "beside them", label, 3),
        Problem("row 3, column `hours 2`: 'many' is not a number of hours", label, 3),
        Problem("row 4, column `prerequisites`: 'sql:5' is not a skill id, or `id:level` "
                "with a level 1-4", label, 4),
    ]  # fmt: skip


def test_bad_cells_through_the_cli_exit_2_and_write_nothing(tmp_path):
    sheet = write(tmp_path, f"{HEADER},role: A\nData,,{LEVELS},1\n")
    out = tmp_path / "o.yaml"
    result = runner.invoke(app, ["import", "csv", str(sheet), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {sheet}:2: row 2, column `skill`: the skill has no name: give it one, "
        "or empty the row\n"
    )
    assert not out.exists()


def test_category_named_like_a_skill_is_renamed(tmp_path):
    sheet = write(tmp_path, f"{HEADER},role: A\nStatistics,Statistics,{LEVELS},2\n")
    imported = read_csv(sheet)
    assert imported.document["categories"][0]["id"] == "statistics-category"
    assert imported.document["roles"][0]["requires"] == {"statistics": 2}
    assert imported.losses.topics == {
        "skills without a description: their name is used": ["Statistics"],
        "category ids that were also skill ids, renamed": ["statistics -> statistics-category"],
    }


def test_separate_category_ids_steps_past_taken_ids():
    document = {
        "categories": [
            {"id": "stats", "skills": [{"id": "stats"}, {"id": "stats-category"}]},
            {"id": "other", "skills": [{"id": "stats-category-x"}]},
        ]
    }
    losses = LossReport("src")
    separate_category_ids(document, losses)
    assert [c["id"] for c in document["categories"]] == ["stats-category-x-x", "other"]
    assert losses.topics == {
        "category ids that were also skill ids, renamed": ["stats -> stats-category-x-x"]
    }


def test_loss_report_lines_topic_without_items_and_truncation():
    losses = LossReport("src")
    losses.add("formulas, not imported")
    for n in range(8):
        losses.add("columns of no known name, not imported", f"c{n}")
    losses.add("columns of no known name, not imported", "c0")  # repeated: kept once
    assert len(losses) == 1 + 8
    assert losses.lines() == [
        "- formulas, not imported",
        "- columns of no known name, not imported (8): c0, c1, c2, c3, c4, c5 and 2 more",
    ]
