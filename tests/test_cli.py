"""Commands as a user runs them: exact outputs and exit codes."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from typer.testing import CliRunner

from mlcareer import __version__
from mlcareer.cli import app

from .conftest import ROOT

runner = CliRunner()
JUNIOR = str(ROOT / "examples" / "answers-junior.yaml")


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(
        "role: junior\nlearner: {name: Ada Lovelace, id: ada}\n"
        "ratings: {python: 1, sql: null, stats: 2, ml: 0}\n"
    )
    return path


def sql_unrated(answers) -> str:
    """The warning `answers` (sql skipped) gives on stderr."""
    return (
        f"mlcareer: {answers}: warning: 1 of 4 skills was not rated (`sql`) and counts as 0 (not "
        "assessed), and `junior` requires it: rate it from 0 to 4 if you meant to\n"
    )


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"mlcareer {__version__}\n"


def test_assess_json_with_hand_computed_figures(tiny_path, answers):
    result = run("assess", "-t", str(tiny_path), "-a", str(answers), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["schema_version"] == 2
    assert report["created_at"] == "2026-09-21T14:13:20Z"  # SOURCE_DATE_EPOCH=1790000000
    assert report["readiness"] == 37.5
    assert report["role"] == {"id": "junior", "name": "Junior", "seniority": None}
    assert report["learner"] == {"name": "Ada Lovelace", "id": "ada"}
    assert report["plan"]["total_hours"] == 54.0
    import hashlib

    assert report["taxonomy"]["sha256"] == hashlib.sha256(tiny_path.read_bytes()).hexdigest()


def test_assess_json_validates_against_the_published_schema():
    schema = json.loads(run("schema", "report").stdout)
    result = run("assess", "--answers", JUNIOR, "--format", "json")
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.stdout), schema)


def test_schemas_are_valid_json_schema():
    for name in ("taxonomy", "answers", "report"):
        schema = json.loads(run("schema", name).stdout)
        jsonschema.Draft202012Validator.check_schema(schema)


def test_assess_table_plain_when_not_a_terminal(tiny_path, answers):
    result = run("assess", "-t", str(tiny_path), "-a", str(answers))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "\x1b[" not in result.stdout
    assert lines[1] == "mlcareer · Ada Lovelace · Junior"
    assert lines[2] == "Readiness  " + "█" * 11 + "░" * 19 + "  37.5%"
    assert lines[3] == "1 of 4 required skills met · 2 with a gap · 1 not assessed · plan 54 h"
    assert "  1. SQL 0→1 · 4 h" in lines
    assert "     Learn SELECT." in lines
    assert all(len(line) <= 80 for line in lines)
    assert all(line == line.rstrip() for line in lines)


def test_assess_markdown(tiny_path, answers):
    result = run("assess", "-t", str(tiny_path), "-a", str(answers), "-f", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Junior: readiness 37.5% for Ada Lovelace\n")
    assert "| Code | 40.0% | 1/3 | 2 |" in result.stdout
    assert "1. **SQL** 0→1 (4 h): Learn SELECT." in result.stdout


def test_output_file_and_format_from_extension(tiny_path, answers, tmp_path):
    out = tmp_path / "report.json"
    result = run("assess", "-t", str(tiny_path), "-a", str(answers), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text())["readiness"] == 37.5
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_fail_under(tiny_path, answers):
    result = run(
        "assess", "-t", str(tiny_path), "-a", str(answers), "-f", "json", "--fail-under", "40"
    )
    assert result.exit_code == 3
    assert json.loads(result.stdout)["readiness"] == 37.5
    assert result.stderr == (
        sql_unrated(answers) + "mlcareer: readiness 37.5% is below --fail-under 40%\n"
    )
    ok = run(
        "assess", "-t", str(tiny_path), "-a", str(answers), "-f", "json", "--fail-under", "37.5"
    )
    assert ok.exit_code == 0


def test_stdin_answers(tiny_path):
    result = run(
        "assess",
        "-t",
        str(tiny_path),
        "-a",
        "-",
        "-f",
        "json",
        input='{"role": "analyst", "ratings": {"sql": 3, "stats": 3}}',
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["readiness"] == 100.0


def test_bad_answers_exit_2_and_keep_the_output_file(tiny_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("role: junior\nratings: {python: 7}\n")
    out = tmp_path / "report.json"
    out.write_text("previous report\n")
    result = run("assess", "-t", str(tiny_path), "-a", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"mlcareer: {bad}:2:19: the rating of `python` must be a whole level from 0 to 4, or "
        "empty to skip, not 7\n"
    )
    assert out.read_text() == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "report.json"]


def test_missing_answers_file(tiny_path, tmp_path):
    result = run("assess", "-t", str(tiny_path), "-a", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"mlcareer: {tmp_path / 'nope.yaml'}: no such answers file: check the path\n"
    )


def test_template_round_trip(tiny_path, tmp_path):
    result = run("template", "-t", str(tiny_path), "--role", "analyst")
    assert result.exit_code == 0
    assert "role: analyst\n" in result.stdout
    assert "  #   2 Working: writes joins\n" in result.stdout
    path = tmp_path / "answers.yaml"
    path.write_text(result.stdout)
    report = json.loads(run("assess", "-t", str(tiny_path), "-a", str(path), "-f", "json").stdout)
    assert report["readiness"] == 0.0
    assert {s["status"] for s in report["skills"]} == {"not assessed", "not required"}


def test_template_of_the_default_taxonomy_is_accepted_as_it_is(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(run("template").stdout)
    result = run("assess", "-a", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["readiness"] == 0.0


def test_template_comments_wrap_under_their_text_and_never_inside_an_id():
    from mlcareer.answers_template import answers_template
    from mlcareer.taxonomy import load_taxonomy

    lines = answers_template(load_taxonomy(None)).splitlines()
    # The header is 95 characters on one line: it wraps before the taxonomy id, not at its
    # hyphen ("ml-" / "engineer").
    assert lines[:2] == [
        "# Answers for `mlcareer assess --answers FILE` (Machine Learning Engineer, taxonomy",
        "# ml-engineer 2026.12).",
    ]
    assert all(len(line) <= 88 for line in lines)
    # A level descriptor's continuation lines hang two spaces in, under its text, so the
    # level numbers stand out down the column; no comment line ends inside a hyphenated word.
    level = re.compile(r"  #   [1-4] ")
    continued = 0
    in_level = False
    for line in lines:
        if level.match(line):
            in_level = True
        elif in_level and line.startswith("  # "):
            assert line.startswith("  #     ") and line[8] != " ", line
            continued += 1
        else:
            in_level = False
        assert not re.search(r"[A-Za-z]-$", line), line
    assert continued > 100  # the default taxonomy's descriptors run over one line often


def test_template_unknown_role(tiny_path):
    result = run("template", "-t", str(tiny_path), "--role", "boss")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --role: no role `boss` in taxonomy `tiny`: choose one of junior, analyst "
        "(`mlcareer roles` describes them)\n"
    )


def test_roles_and_skills_json(tiny_path):
    roles = json.loads(run("roles", "-t", str(tiny_path), "-f", "json").stdout)
    assert [(r["id"], r["required_levels"]) for r in roles] == [
        ("junior", {"python": 2, "sql": 1, "stats": 1, "ml": 2}),
        ("analyst", {"sql": 3, "stats": 3}),
    ]
    skills = json.loads(run("skills", "-t", str(tiny_path), "-f", "json").stdout)
    assert [(s["id"], s["hours_to_expert"]) for s in skills] == [
        ("python", 160),
        ("sql", 124),
        ("stats", 205),
        ("ml", 245),
    ]


def test_validate(tiny_path, tmp_path):
    result = run("validate", str(tiny_path))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"{tiny_path}: valid taxonomy `tiny` version 1: 2 categories, 4 skills, 2 roles, "
        "2 knowledge checks"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\n")
    result = run("validate", str(bad))
    assert result.exit_code == 2
    # all four at the top of the file, so in alphabetical order
    assert result.stderr.splitlines() == [
        f"mlcareer: {bad}:1:1: `categories` is missing: add it",
        f"mlcareer: {bad}:1:1: `roles` is missing: add it",
        f"mlcareer: {bad}:1:1: `title` is missing: add it",
        f"mlcareer: {bad}:1:1: `version` is missing: add it",
        f"mlcareer: {bad}: 4 problems: 4 schema errors",
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the taxonomy is empty: it must be a YAML mapping"),
        (b"- a\n", "the taxonomy must be a YAML mapping of keys to values, not a list"),
        (
            b"a: !!python/object/apply:os.system [ls]\n",
            "the tag !!python/object/apply:os.system "
            "is not allowed: this file may hold only plain data (remove the tag)",
        ),
        (b"a: 1\na: 2\n", "duplicate key 'a' (first given on line 1): keep only one"),
        (b"\xff\xfe", "the taxonomy is not UTF-8 text (byte 0xff): save it as UTF-8"),
    ],
)
def test_hostile_taxonomies(tmp_path, content, message):
    path = tmp_path / "t.yaml"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.rstrip().endswith(message)
    assert "Traceback" not in result.output


def test_internal_error_is_one_line_without_traceback(monkeypatch, tiny_path, answers):
    import mlcareer.scoring

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(mlcareer.scoring, "report_for", broken)
    result = run("assess", "-t", str(tiny_path), "-a", str(answers))
    assert result.exit_code == 1
    assert result.stderr == sql_unrated(answers) + (
        "mlcareer: internal error (RuntimeError: boom). This is a bug: run again with --debug "
        "or MLCAREER_DEBUG=1 and report the traceback.\n"
    )
    monkeypatch.setenv("MLCAREER_DEBUG", "1")
    result = run("assess", "-t", str(tiny_path), "-a", str(answers))
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "RuntimeError: boom" in result.stderr


def test_trust_self_scores_the_raw_ratings(tiny_path, tmp_path):
    answers = tmp_path / "a.yaml"
    # python-2 (level 2) missed, python-1 right: the rating 2 is contradicted and scored as 1.
    answers.write_text(
        "role: junior\nratings: {python: 2, sql: 1, stats: 2, ml: 0}\n"
        "checks: {python-2: 0, python-1: 1}\n"
    )
    adjusted = json.loads(
        run("assess", "-t", str(tiny_path), "-a", str(answers), "-f", "json", "--no-save").stdout
    )
    trusting = json.loads(
        run(
            "assess",
            "-t",
            str(tiny_path),
            "-a",
            str(answers),
            "-f",
            "json",
            "--no-save",
            "--trust-self",
        ).stdout
    )
    # met 2*1 + 1 + 1 + 0 = 4 of 8 -> 50 %; trusting python at 2: 2*2 + 1 + 1 + 0 = 6 of 8 -> 75 %
    assert (adjusted["readiness"], adjusted["trust_self"]) == (50.0, False)
    assert (trusting["readiness"], trusting["trust_self"]) == (75.0, True)
    text = run("assess", "-t", str(tiny_path), "-a", str(answers), "--no-save").stdout
    assert "Python: you rated yourself 2; the checks point to 1, so this report uses 1 for" in text


def test_learner_id_from_the_command_line_is_checked(tiny_path, answers):
    result = run("assess", "-t", str(tiny_path), "-a", str(answers), "--learner-id", "../x")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --learner-id is not a usable id: a learner id uses only ASCII letters, "
        "digits and . _ - (starting with a letter or digit), like the student number s123, "
        "not '../x'\n"
    )


def test_ctrl_c_outside_the_questions_exits_130(monkeypatch, tiny_path, answers):
    import mlcareer.scoring

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(mlcareer.scoring, "report_for", interrupted)
    result = run("assess", "-t", str(tiny_path), "-a", str(answers))
    assert result.exit_code == 130
    assert result.stderr == sql_unrated(answers) + "\nmlcareer: interrupted\n"


def test_scripted_runs_cache_the_parsed_taxonomy(tiny_path, answers, isolated_home):
    first = run("assess", "-t", str(tiny_path), "-a", str(answers), "-f", "json", "--no-save")
    (cached,) = (isolated_home / "cache").iterdir()
    second = run("assess", "-t", str(tiny_path), "-a", str(answers), "-f", "json", "--no-save")
    assert first.stdout == second.stdout
    assert cached.name.startswith("taxonomy-")


def test_a_closed_pipe_is_a_quiet_exit(tmp_path):
    import os
    import subprocess
    import sys

    # `mlcareer skills --format markdown | head -1` where head has already left: the
    # reading end of the pipe is closed before the command writes anything.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mlcareer", "skills", "--format", "markdown"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr.decode() == ""
    assert result.returncode == 0
