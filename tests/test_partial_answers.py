"""Partial answers say so, and an unknown --role is blamed on the option."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mlcareer.answers import closest_id
from mlcareer.cli import app

from .conftest import TINY

runner = CliRunner()


def assess(*args: str, input: str | None = None):
    return runner.invoke(app, ["assess", "-t", str(TINY), "--no-save", *args], input=input)


def test_an_untouched_template_warns_no_ratings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = runner.invoke(app, ["template", "-t", str(TINY)])
    (tmp_path / "answers.yaml").write_text(template.stdout)
    result = assess("-a", "answers.yaml", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["readiness"] == 0.0
    assert result.stderr == (
        "mlcareer: answers.yaml: warning: no ratings: did you fill in the template? All 4 "
        "skills count as 0 (not assessed), so readiness is 0: rate each from 0 to 4\n"
    )


def test_strict_refuses_an_untouched_template_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers.yaml").write_text("role: junior\nratings: {python: , sql: }\n")
    result = assess("-a", "answers.yaml", "--strict", "-o", "report.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "mlcareer: answers.yaml: no ratings: did you fill in the template? All 4 skills count "
        "as 0 (not assessed), so readiness is 0: rate each from 0 to 4 (an error under "
        "--strict)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]


def test_partial_answers_count_the_unrated_skills():
    # tiny has 4 skills; python and sql are rated, so stats and ml are not. The role
    # analyst requires sql 3 and stats 3, so of the two unrated only stats is required.
    result = assess("-a", "-", input="role: analyst\nratings: {python: 3, sql: 2}\n")
    assert result.exit_code == 0
    assert result.stderr == (
        "mlcareer: <stdin>: warning: 2 of 4 skills were not rated (`stats`, `ml`) and count as 0 "
        "(not assessed), 1 of them required by `analyst`: rate them from 0 to 4, or start from "
        "`mlcareer template`, which lists every skill\n"
    )


def test_one_unrated_skill_is_named():
    # sql is empty (skipped): junior requires sql 1
    result = assess("-a", "-", input="role: junior\nratings: {python: 1, sql: , stats: 2, ml: 0}\n")
    assert result.exit_code == 0
    assert result.stderr == (
        "mlcareer: <stdin>: warning: 1 of 4 skills was not rated (`sql`) and counts as 0 "
        "(not assessed), and `junior` requires it: rate it from 0 to 4 if you meant to\n"
    )
    strict = assess("--strict", "-a", "-", input="role: junior\nratings: {python: 1}\n")
    assert strict.exit_code == 2
    assert "3 of 4 skills were not rated" in strict.stderr


def test_complete_answers_give_no_warning():
    result = assess(
        "--strict", "-a", "-", input="role: junior\nratings: {python: 1, sql: 0, stats: 2, ml: 0}\n"
    )
    assert (result.exit_code, result.stderr) == (0, "")


# -- --role -----------------------------------------------------------------------------------


def test_an_unknown_role_option_is_blamed_on_the_option(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("role: junior\nratings: {python: 1}\n")
    result = assess("-a", str(answers), "--role", "analist")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --role: no role `analist` in taxonomy `tiny`: did you mean `analyst`? "
        "(`mlcareer roles` lists them)\n"
    )
    result = assess("-a", str(answers), "-r", "boss")
    assert result.stderr == (
        "mlcareer: --role: no role `boss` in taxonomy `tiny`: choose one of junior, analyst "
        "(`mlcareer roles` describes them)\n"
    )


def test_an_unknown_role_in_the_file_is_still_blamed_on_the_file(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("role: analist\nratings: {python: 1}\n")
    result = assess("-a", str(answers))
    assert result.exit_code == 2
    # `role: ` is 6 characters, so the value starts at column 7
    assert result.stderr == (
        f"mlcareer: {answers}:1:7: unknown role `analist` (did you mean `analyst`?): choose one "
        "of junior, analyst\n"
    )


def test_template_blames_the_role_option_too():
    result = runner.invoke(app, ["template", "-t", str(TINY), "--role", "juniro"])
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --role: no role `juniro` in taxonomy `tiny`: did you mean `junior`? "
        "(`mlcareer roles` lists them)\n"
    )


ROLE_IDS = ["junior-ml-engineer", "ml-engineer", "senior-ml-engineer", "mlops-engineer"]


@pytest.mark.parametrize(
    "word, meant",
    [
        ("junior", "junior-ml-engineer"),  # a part of one id only
        ("mlops", "mlops-engineer"),  # the start of one id only
        ("ml-enginer", "ml-engineer"),  # a slip
        ("engineer", "ml-engineer"),  # close in spelling: 2*8/(8+11) = 0.84 >= 0.6
        ("ml", None),  # a part of three ids: no guess
        ("boss", None),
    ],
)
def test_closest_id(word, meant):
    assert closest_id(word, ROLE_IDS) == meant
