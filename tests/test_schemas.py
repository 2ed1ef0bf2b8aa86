"""The JSON Schemas committed under schemas/ are the ones the models produce."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from mlcareer.answers import read_answers
from mlcareer.cli import app
from mlcareer.cli.taxonomy import SchemaName
from mlcareer.schemas import SCHEMA_NAMES, schema_json
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy
from mlcareer.yamlfile import load_mapping

from .conftest import HERE, ROOT, TINY

NAMES = tuple(SCHEMA_NAMES)
REGENERATE = (
    f"for name in {' '.join(NAMES)}; do "
    ".venv/bin/mlcareer schema $name > schemas/$name.schema.json; done"
)


def test_every_schema_is_committed_and_offered():
    assert NAMES == (
        "taxonomy",
        "answers",
        "report",
        "cohort",
        "history",
        "validation",
        "assignment",
    )
    assert [n.value for n in SchemaName] == list(NAMES)
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(
        f"{name}.schema.json" for name in NAMES
    )


def committed(name: str) -> str:
    return (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_matches_the_models(name):
    if committed(name) != schema_json(name):
        pytest.fail(
            f"schemas/{name}.schema.json no longer matches the models. Regenerate the "
            f"committed schemas from the repository root with:\n  {REGENERATE}",
            pytrace=False,
        )


@pytest.mark.parametrize("name", NAMES)
def test_schema_command_prints_the_committed_file(name):
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0
    assert result.stdout == committed(name)


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_is_a_valid_json_schema(name):
    jsonschema.Draft202012Validator.check_schema(json.loads(committed(name)))


def _as_json(data: object) -> object:
    return json.loads(json.dumps(data))  # YAML's integer keys (levels 1-4) become text


def test_taxonomy_and_answers_files_validate_against_the_committed_schemas():
    jsonschema.validate(
        _as_json(load_mapping(TINY, max_bytes=1 << 20, what="taxonomy").data),
        json.loads(committed("taxonomy")),
    )
    answers = HERE / "data" / "cohort" / "answers" / "ada.yaml"
    jsonschema.validate(
        _as_json(load_mapping(answers, max_bytes=1 << 20, what="answers file").data),
        json.loads(committed("answers")),
    )


def test_a_report_validates_against_the_committed_schema():
    tax = load_taxonomy(TINY)
    answers = read_answers(HERE / "data" / "cohort" / "answers" / "ada.yaml", tax)
    report = report_for(tax, answers, created_at="2026-09-21T14:13:20Z", tool_version="t")
    jsonschema.validate(json.loads(report.model_dump_json()), json.loads(committed("report")))


def test_an_assignment_file_validates_against_the_committed_schema(tmp_path):
    from mlcareer.assignment import assignment_text, new_assignment

    tax = load_taxonomy(TINY)
    assignment = new_assignment(
        assignment_file=tmp_path / "week1.yaml",
        taxonomy_file=TINY,
        taxonomy=tax,
        roles=[tax.roles[0].id],
        due="2026-12-01T23:59:59+01:00",
        quiz_max=3,
        submit_to="Moodle",
    )
    (tmp_path / "week1.yaml").write_text(assignment_text(assignment), encoding="utf-8")
    data = load_mapping(tmp_path / "week1.yaml", max_bytes=1 << 20, what="assignment").data
    jsonschema.validate(data, json.loads(committed("assignment")))


def test_command_outputs_validate_against_the_committed_schemas(tmp_path, monkeypatch):
    """The JSON of `cohort`, `history` and `validate` as the commands print it."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("ada", "ben"):
        answers = HERE / "data" / "cohort" / "answers" / f"{name}.yaml"
        result = runner.invoke(
            app, ["assess", "-t", str(TINY), "-a", str(answers), "-o", f"reports/{name}.json"]
        )
        assert result.exit_code == 0, result.output
    outputs = {
        "cohort": ["cohort", "reports", "-t", str(TINY), "-f", "json"],
        "history": ["history", "-f", "json"],
        "validation": ["validate", "-f", "json", str(TINY), "missing.yaml"],
    }
    for name, args in outputs.items():
        result = runner.invoke(app, args)
        data = json.loads(result.stdout)
        jsonschema.validate(data, json.loads(committed(name)))
        if name == "history":
            assert [e["id"] for e in data] == [1, 2]  # both assessments were saved
        if name == "cohort":
            assert (data["learner_count"], len(data["learners"])) == (2, 2)
