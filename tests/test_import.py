"""`mlcareer import`: a spreadsheet and a data-skills-matrix folder, each round-tripped into
a taxonomy that loads, with a loss report of what did not map. The fixtures are written
for these tests (tests/data/skills-matrix is a small matrix of our own in that layout)."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from mlcareer.answers import read_answers
from mlcareer.cli import app
from mlcareer.import_csv import read_csv
from mlcareer.import_skills_matrix import read_skills_matrix
from mlcareer.imported import counts_of, slug
from mlcareer.taxonomy import load_taxonomy

MATRIX = Path(__file__).parent / "data" / "skills-matrix"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def body(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


SHEET = (
    "Category;Skill;ID;Level 1;Level 2;Level 3;Level 4;Indicators 2;Prerequisites;Step 2;"
    "Hours 2;Notes;role: Junior analyst;role: Analyst\n"
    'Data;SQL;;Selects rows;Joins tables;Writes window functions;Designs schemas;"I join three '
    'tables\nI use CTEs | I count per group";;Rewrite a report with joins;12,5;ask Sam;2;3\n'
    "Data;Dashboards;dash_boards;Reads one;Builds one;Designs a suite;Sets standards;;"
    "sql:2;;;;1;\n"
)


def test_slug():
    assert slug("Data_Security") == "data-security"
    assert slug("Sécurité & RGPD") == "securite-rgpd"
    assert slug("  ", "x") == "x"


def test_csv_round_trip(tmp_path):
    sheet = tmp_path / "course.csv"
    sheet.write_text(SHEET, encoding="utf-8-sig")  # Excel's byte-order mark, semicolons
    out = tmp_path / "course.yaml"
    result = run("import", "csv", str(sheet), "-o", str(out), "--id", "course")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"{out}: valid taxonomy `course` version 1: 1 categories, 2 skills, 2 roles, 2 warnings\n"
    )
    tax = load_taxonomy(out)
    sql, dash = tax.skill("sql"), tax.skill("dash-boards")
    # Indicators: one per line in the cell, or split at " | ".
    assert sql.indicators == {2: ["I join three tables", "I use CTEs", "I count per group"]}
    assert sql.step_to(2).hours == 12.5 and sql.step_to(2).step == "Rewrite a report with joins"
    assert dash.aliases == ["dash_boards"] and dash.prerequisites == [("sql", 2)]
    assert tax.required_levels(tax.role("junior-analyst")) == {"sql": 2, "dash-boards": 1}
    assert tax.required_levels(tax.role("analyst")) == {"sql": 3, "dash-boards": 0}
    assert (tmp_path / "course.loss.md").read_text() == (
        f"# Import report: csv {sheet} -> course.yaml\n\n"
        "Imported: 1 categories, 2 skills, 2 roles, 3 indicators, 1 learning steps, "
        "0 resources.\n\n"
        "Not imported, or changed on the way:\n\n"
        "- columns of no known name, not imported (1): `Notes`\n"
        "- skills without a description: their name is used (2): SQL, Dashboards\n"
        "- ids made plain (the original kept as an alias where it can be one) (1): "
        "dash_boards -> dash-boards\n"
    )
    # The old id answers too: the alias keeps its underscore.
    answers = tmp_path / "a.yaml"
    answers.write_text("role: analyst\nratings: {sql: 2, dash_boards: 1}\n")
    assert read_answers(answers, tax).ratings == {"sql": 2, "dash-boards": 1}


def test_csv_problems_are_listed_by_row_and_nothing_is_written(tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "category,skill,level 1,level 2,level 3,level 4,role: A\n"
        "Data,SQL,a,b,,d,5\n"
        ",Dashboards,a,b,c,d,x\n"
    )
    out = tmp_path / "bad.yaml"
    result = run("import", "csv", str(sheet), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"mlcareer: {sheet}:2: row 2, column `level 3`: `SQL` does not describe level 3: say "
        "what a person at that level can do",
        f"mlcareer: {sheet}:2: row 2, column `role: A`: '5' is not a level: write a whole "
        "number from 0 to 4, or leave it empty for 0",
        f"mlcareer: {sheet}:3: row 3, column `category`: `Dashboards` has no category: name one",
        f"mlcareer: {sheet}:3: row 3, column `role: A`: 'x' is not a level: write a whole "
        "number from 0 to 4, or leave it empty for 0",
    ]
    assert not out.exists() and not (tmp_path / "bad.loss.md").exists()
    sheet.write_text("skill,level 1\nSQL,a\n")
    result = run("import", "csv", str(sheet), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {sheet}:1:1: the header row has no column `category`, `level 2`, "
        "`level 3`, `level 4`: name the columns as `mlcareer init --csv-template FILE` does\n"
    )


def test_csv_template_imports_cleanly(tmp_path):
    sheet = tmp_path / "skills.csv"
    assert run("init", "--csv-template", str(sheet)).exit_code == 0
    result = run("import", "csv", str(sheet), "-o", str(tmp_path / "course.yaml"))
    assert result.exit_code == 0, result.stderr
    imported = read_csv(sheet)
    assert counts_of(imported.document) == {
        "categories": 2,
        "skills": 3,
        "roles": 2,
        "indicators": 10,
        "learning steps": 4,
        "resources": 0,
    }
    assert imported.losses.topics == {}


def test_skills_matrix_mapping():
    imported = read_skills_matrix(MATRIX)
    doc = imported.document
    # category_order puts engineering first; ids made plain, originals kept as aliases.
    assert [c["id"] for c in doc["categories"]] == ["engineering", "modelling"]
    training = doc["categories"][1]["skills"][0]
    assert training["id"] == "model-training" and training["aliases"] == ["model_training"]
    assert sorted(training["levels"]) == [1, 2, 3, 4]  # 0, 5 and 6 go to the loss report
    assert {k: len(v) for k, v in training["indicators"].items()} == {1: 3, 2: 3, 3: 3, 4: 2}
    # Tips 1→2, 2→3, 3→4 become steps to 2, 3, 4, without hours; resources on the first.
    steps = training["learning"]
    assert [(s["to_level"], "hours" in s) for s in steps] == [(2, False), (3, False), (4, False)]
    assert [r["kind"] for r in steps[0]["resources"]] == ["docs", "course", "docs"]
    roles = {r["id"]: r for r in doc["roles"]}
    assert list(roles) == [
        "data-analyst-junior",
        "data-analyst-confirmed",
        "data-analyst-senior",
        "ml-engineer-junior",
        "ml-engineer-confirmed",
        "ml-engineer-senior",
    ]
    # ml_engineer: sql [1, 2, 2], versioning [1, 1, 2], training [2, 3, 4], serving [1, 2, 5].
    assert roles["ml-engineer-junior"]["requires"] == {
        "sql-queries": 1,
        "data-versioning": 1,
        "model-training": 2,
        "model-serving": 1,
    }
    assert roles["ml-engineer-junior"]["core"] == ["model-training", "model-serving"]
    assert roles["ml-engineer-confirmed"]["extends"] == "ml-engineer-junior"
    assert roles["ml-engineer-confirmed"]["seniority"] == "mid"  # "confirmed", 2nd level
    assert roles["ml-engineer-confirmed"]["requires"] == {
        "sql-queries": 2,
        "model-training": 3,
        "model-serving": 2,
    }
    # serving's 5 is capped at 4; versioning goes 1 -> 2.
    assert roles["ml-engineer-senior"]["requires"] == {
        "data-versioning": 2,
        "model-training": 4,
        "model-serving": 4,
    }
    # data_analyst: sql is core (core_roles and core_skills_by_role, once).
    assert roles["data-analyst-junior"]["core"] == ["sql-queries"]


def test_skills_matrix_round_trip(tmp_path):
    out = tmp_path / "matrix.yaml"
    result = run("import", "data-skills-matrix", str(MATRIX), "-o", str(out), "--id", "bootcamp")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"{out}: valid taxonomy `bootcamp` version 1: 2 categories, 4 skills, 6 roles, 5 warnings\n"
    )
    assert result.stderr.splitlines()[:2] == [
        "mlcareer: imported 2 categories, 4 skills, 6 roles, 23 indicators, 5 learning steps, "
        f"4 resources into {out}",
        # 19 topics, 32 items (the report lists them: 6 expected ranges, 4 descriptions, ...)
        f"mlcareer: 32 things did not map as they were: see {tmp_path / 'matrix.loss.md'}",
    ]
    tax = load_taxonomy(out)
    senior = tax.role("ml-engineer-senior")
    # Inherited through two levels: sql 2 from confirmed, the rest its own.
    assert tax.required_levels(senior) == {
        "sql-queries": 2,
        "data-versioning": 2,
        "model-training": 4,
        "model-serving": 4,
    }
    # core inherited from the junior role: training and serving weigh 2.
    assert tax.role_weights(senior) == {
        "sql-queries": 1,
        "data-versioning": 1,
        "model-training": 2,
        "model-serving": 2,
    }
    assert [(e.level, e.name) for e in tax.scale] == [
        (0, "None"),
        (1, "Beginner"),
        (2, "Intermediate"),
        (3, "Advanced"),
        (4, "Expert"),
    ]
    report = (tmp_path / "matrix.loss.md").read_text()
    assert "- level descriptions outside 1-4 (mlcareer describes levels 1-4; 0 is the " in report
    assert "(4): sql_queries 0, model_training 0, model_training 5, model_training 6\n" in report
    assert "- required levels above 4, capped at 4 (1): model-serving ml_engineer: 5\n" in report
    assert (
        "- resource types mlcareer does not have, read as docs (1): model_training: podcast\n"
        in report
    )
    # A second import refuses to overwrite without --force.
    again = run("import", "data-skills-matrix", str(MATRIX), "-o", str(out))
    assert again.exit_code == 2
    assert again.stderr == (
        f"mlcareer: {out}: already exists: pass --force to replace it, or choose another name\n"
    )


def test_not_a_matrix_folder(tmp_path):
    result = run("import", "data-skills-matrix", str(tmp_path), "-o", str(tmp_path / "m.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {tmp_path}: has no config.yaml (nor data/config.yaml): give the folder of "
        "a data-skills-matrix layout, which holds config.yaml and skills/\n"
    )
