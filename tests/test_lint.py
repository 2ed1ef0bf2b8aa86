"""Warnings of `mlcareer validate`: valid taxonomies that are probably not what was meant."""

from __future__ import annotations

from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.lint import taxonomy_warnings
from mlcareer.taxonomy import load_taxonomy_with_document, taxonomy_from_document
from mlcareer.taxonomy_template import minimal_taxonomy
from mlcareer.yamlfile import parse_yaml

from .conftest import HERE, TINY

LINT_ME = HERE / "data" / "cohort" / "lint-me.yaml"
runner = CliRunner()

# Where each warning of lint-me.yaml points, counted by hand in the file:
#  13:9   the `learning:` key of python (8 spaces of indent), which reaches level 1 only
#         while junior requires 2 and senior 3;
#  18:40  the url value in `              - {title: Old site, url: "http://...`
#         (14 spaces, `- ` ends at 16, `{` is 17, `title: Old site, url: ` 18-39);
#  19:13  the id value of sql (`      - id: sql`), which has no `learning` at all;
#  23:13  the id value of git, which no role requires.
EXPECTED = [
    (
        13,
        9,
        "skill `python` has no learning step to level 2 or 3, yet roles `junior` (level 2) "
        "and `senior` (level 3) require it, so the plan would show those steps without "
        "instructions: add entries to `learning` with `to_level: 2` and `to_level: 3`",
    ),
    (
        18,
        40,
        "resource URL `http://example.org/py` is not https: use the https:// address if the "
        "site offers one, since browsers warn students about plain http",
    ),
    (
        19,
        13,
        "skill `sql` has no learning step to level 1, yet role `junior` (level 1) requires "
        "it, so the plan would show that step without instructions: add an entry to "
        "`learning` with `to_level: 1`",
    ),
    (
        23,
        13,
        "skill `git` is required by no role, so no report shows a gap in it and no plan "
        "teaches it: give it a level in a role's `requires`, or remove it",
    ),
]


def test_every_warning_with_its_position():
    tax, doc = load_taxonomy_with_document(LINT_ME)
    warnings = taxonomy_warnings(tax, doc)
    assert [(w.line, w.column, w.message) for w in warnings] == EXPECTED
    assert {w.file for w in warnings} == {str(LINT_ME)}


def test_clean_taxonomies_have_no_warning():
    for tax, doc in (load_taxonomy_with_document(TINY),):
        assert taxonomy_warnings(tax, doc) == []
    doc = parse_yaml(minimal_taxonomy(), "course.yaml")
    assert taxonomy_warnings(taxonomy_from_document(doc), doc) == []


def test_a_category_requirement_counts_for_each_of_its_skills(tmp_path):
    path = tmp_path / "by-category.yaml"
    path.write_text(
        LINT_ME.read_text().replace("requires: {python: 2, sql: 1}", "requires: {core: 1}")
    )
    tax, doc = load_taxonomy_with_document(path)
    messages = [w.message for w in taxonomy_warnings(tax, doc)]
    # core: 1 now covers git (no "required by no role") and sql (still no step to 1);
    # python needs 3 for senior, and 1 for junior, which its one step reaches.
    assert not any("required by no role" in m for m in messages)
    assert messages[0].startswith(
        "skill `python` has no learning step to level 2 or 3, yet role `senior` (level 3) "
        "requires it"
    )
    assert messages[2].startswith("skill `sql` has no learning step to level 1")


def test_validate_prints_warnings_and_exits_0():
    result = runner.invoke(app, ["validate", str(LINT_ME)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{LINT_ME}: valid taxonomy `lint-me` version 1: 1 category, 3 skills, 2 roles, "
        "0 knowledge checks, 4 warnings\n"
    )
    assert result.stderr.splitlines() == [
        f"mlcareer: {LINT_ME}:{line}:{column}: warning: {message}"
        for line, column, message in EXPECTED
    ]


def test_validate_without_warnings_prints_only_the_summary():
    result = runner.invoke(app, ["validate", str(TINY)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        f"{TINY}: valid taxonomy `tiny` version 1: 2 categories, 4 skills, 2 roles, "
        "2 knowledge checks\n"
    )


def test_validate_still_exits_2_on_errors(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(LINT_ME.read_text().replace("requires: {python: 3}", "requires: {rust: 3}"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "warning" not in result.stderr
    assert result.stderr.startswith(f"mlcareer: {path}:35:")


SHIPPED_KEPT = (
    "warning: this taxonomy keeps the shipped taxonomy's id `ml-engineer` and version "
    "2026.12 but its text differs, so its reports would pass for the shipped one's: give "
    "your course its own `id` and `version`"
)


def test_an_edited_copy_that_keeps_the_shipped_id_and_version_is_warned(tmp_path):
    from mlcareer.taxonomy import default_taxonomy_path

    shipped = default_taxonomy_path().read_text(encoding="utf-8")
    edited = tmp_path / "course.yaml"
    edited.write_text(shipped.replace("Reads short Python scripts", "Reads Python"), "utf-8")
    result = CliRunner().invoke(app, ["validate", str(edited)])
    assert result.exit_code == 0
    line = shipped[: shipped.index("\nid: ")].count("\n") + 2  # the `id:` line, 1-based
    assert f"mlcareer: {edited}:{line}:5: {SHIPPED_KEPT}\n" in result.stderr
    # The shipped file itself, and a copy with its own id, are not warned about.
    assert SHIPPED_KEPT not in CliRunner().invoke(app, ["validate"]).stderr
    renamed = tmp_path / "mine.yaml"
    renamed.write_text(edited.read_text("utf-8").replace("\nid: ml-engineer\n", "\nid: mine\n"))
    assert SHIPPED_KEPT not in CliRunner().invoke(app, ["validate", str(renamed)]).stderr


def test_top_level_scalars_are_read_without_the_rest(tmp_path):
    from mlcareer.lint import _top_level_scalars

    path = tmp_path / "t.yaml"
    # `id` under a nested mapping is not the top-level one; a list value is not a scalar.
    path.write_text(
        "meta: {id: inner, version: 0}\nroles: [a, b]\nid: outer\nversion: '7'\n", "utf-8"
    )
    assert _top_level_scalars(path, ("id", "version")) == ("outer", "7")
    assert _top_level_scalars(path, ("id", "title")) == ("outer", None)
    assert _top_level_scalars(tmp_path / "missing.yaml", ("id",)) == (None,)
    # An alias as a value is skipped like a list: the key after it is still a key.
    path.write_text("a: &x 1\nb: *x\nid: after\n", "utf-8")
    assert _top_level_scalars(path, ("id",)) == ("after",)
