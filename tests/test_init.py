"""`mlcareer init`: a starting taxonomy that validates, teaches the format and has a schema."""

from __future__ import annotations

import json

import jsonschema
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.lint import taxonomy_warnings
from mlcareer.schemas import schema_json
from mlcareer.taxonomy import load_taxonomy_with_document
from mlcareer.taxonomy_template import default_with_header, minimal_taxonomy
from mlcareer.yamlfile import parse_yaml

from .conftest import ROOT

runner = CliRunner()
SCHEMA_LINE = "# yaml-language-server: $schema=./taxonomy.schema.json"


def run(*args: str):
    return runner.invoke(app, list(args))


def as_json(yaml_text: str) -> object:
    """What an editor checks against the schema: keys as text (YAML `1:` is an int)."""
    return json.loads(json.dumps(parse_yaml(yaml_text, "t.yaml").data))


def test_minimal_writes_a_valid_taxonomy_and_its_schema(tmp_path):
    course = tmp_path / "course.yaml"
    result = run("init", str(course), "--minimal")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"mlcareer: wrote {course} (a minimal taxonomy)",
        f"mlcareer: wrote {tmp_path / 'taxonomy.schema.json'} (the JSON Schema your editor "
        "checks the taxonomy with)",
        f"mlcareer: next: edit it, then check it with `mlcareer validate {course}`",
    ]
    text = course.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert f"#   mlcareer validate {course}" in text
    schema_file = tmp_path / "taxonomy.schema.json"
    assert schema_file.read_text(encoding="utf-8") == schema_json("taxonomy")
    assert schema_file.read_text(encoding="utf-8") == (
        ROOT / "schemas" / "taxonomy.schema.json"
    ).read_text(encoding="utf-8")

    tax, doc = load_taxonomy_with_document(course)
    assert (tax.id, len(list(tax.skills())), [r.id for r in tax.roles]) == (
        "my-course",
        4,
        ["graduate"],
    )
    assert taxonomy_warnings(tax, doc) == []
    jsonschema.validate(as_json(text), json.loads(schema_json("taxonomy")))
    assert run("validate", str(course)).exit_code == 0


def test_minimal_is_the_default(tmp_path):
    assert run("init", str(tmp_path / "c.yaml")).exit_code == 0
    assert (tmp_path / "c.yaml").read_text() == minimal_taxonomy(file_name=str(tmp_path / "c.yaml"))


def test_from_default_copies_the_shipped_taxonomy_under_a_teaching_header(tmp_path):
    from mlcareer.taxonomy import default_taxonomy_path

    target = tmp_path / "full.yaml"
    result = run("init", str(target), "--from-default")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == SCHEMA_LINE
    assert sum("yaml-language-server" in line for line in lines) == 1  # the default's own went
    default = default_taxonomy_path().read_text(encoding="utf-8")
    body = default.split("\n", 1)[1] if default.startswith("# yaml-language-server") else default
    assert text.endswith(body)
    assert "# How the file works:" in text
    assert run("validate", str(target)).exit_code == 0


def test_default_with_header_keeps_a_file_without_a_schema_line_whole():
    text = default_with_header("id: x\n", file_name="x.yaml")
    assert text.startswith(SCHEMA_LINE + "\n")
    assert text.endswith("#\nid: x\n")


def test_an_existing_file_is_kept_unless_forced(tmp_path):
    course = tmp_path / "course.yaml"
    course.write_text("mine\n")
    result = run("init", str(course))
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {course}: already exists: pass --force to replace it, or choose another name\n"
    )
    assert course.read_text() == "mine\n"
    assert not (tmp_path / "taxonomy.schema.json").exists()
    assert run("init", str(course), "--force").exit_code == 0
    assert course.read_text().startswith(SCHEMA_LINE)


def test_a_schema_file_of_someone_else_is_left_alone(tmp_path):
    (tmp_path / "taxonomy.schema.json").write_text('{"title": "not ours"}')
    result = run("init", str(tmp_path / "course.yaml"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "taxonomy.schema.json").read_text() == '{"title": "not ours"}'
    assert "warning: left " in result.stderr


def test_an_old_schema_of_ours_is_updated(tmp_path):
    stale = json.loads(schema_json("taxonomy"))
    stale["title"] = "old"
    (tmp_path / "taxonomy.schema.json").write_text(json.dumps(stale))
    result = run("init", str(tmp_path / "course.yaml"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "taxonomy.schema.json").read_text() == schema_json("taxonomy")
    assert "mlcareer: updated " in result.stderr


def test_dash_prints_the_taxonomy_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == minimal_taxonomy()
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_write_nothing(tmp_path):
    both = run("init", str(tmp_path / "a.yaml"), "--minimal", "--from-default")
    assert both.exit_code == 2
    assert both.stderr == ("mlcareer: choose one of --minimal, --from-default and --csv-template\n")
    missing = run("init", str(tmp_path / "no" / "a.yaml"))
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"mlcareer: {tmp_path / 'no' / 'a.yaml'}: the folder does not exist: create it first\n"
    )
    folder = run("init", str(tmp_path))
    assert folder.exit_code == 2
    assert list(tmp_path.iterdir()) == []
