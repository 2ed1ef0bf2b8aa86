"""`mlcareer validate` for CI: --strict, --format json|github, several files, and the
pre-commit hook (`mlcareer-validate`, declared in .pre-commit-hooks.yaml)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.taxonomy_check import ProblemOut, github_annotation

from .conftest import HERE, ROOT, TINY

LINT_ME = HERE / "data" / "cohort" / "lint-me.yaml"
runner = CliRunner()

# Where the two mistakes of `two_mistakes` stand (worked out from the text of tiny.yaml):
# line 9 is "    weight: two": 4 spaces and "weight: " (8) put the value at column 13;
# line 65 is "    requires: {sql: 7, stats: 3}": 4 spaces, "requires: " (10) and "{sql: "
# (6) put the 7 at column 21.
WEIGHT = (9, 13, "`weight` must be a finite number, not 'two'")
LEVEL = (65, 21, "`sql` must be at most 4, not 7")
SUMMARY_TINY = (
    "valid taxonomy `tiny` version 1: 2 categories, 4 skills, 2 roles, 2 knowledge checks"
)


@pytest.fixture
def two_mistakes(tmp_path, monkeypatch) -> Path:
    """tiny.yaml with a category weight that is text and a required level above 4, as
    course.yaml in the working folder (so paths print as written)."""
    monkeypatch.chdir(tmp_path)
    text = TINY.read_text(encoding="utf-8")
    assert text.count("    weight: 2.0\n") == 1 and text.count("{sql: 3, stats: 3}") == 1
    text = text.replace("    weight: 2.0\n", "    weight: two\n")
    text = text.replace("{sql: 3, stats: 3}", "{sql: 7, stats: 3}")
    path = Path("course.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def validate(*args: str):
    return runner.invoke(app, ["validate", *args])


# -- text (the default) -----------------------------------------------------------------


def test_text_reports_every_file_and_fails_if_any_fails(two_mistakes):
    result = validate(str(TINY), "course.yaml")
    assert result.exit_code == 2
    assert result.stdout == f"{TINY}: {SUMMARY_TINY}\n"
    assert result.stderr.splitlines() == [
        f"mlcareer: course.yaml:{line}:{col}: {message}" for line, col, message in (WEIGHT, LEVEL)
    ] + [
        "mlcareer: course.yaml: 2 problems: 2 schema errors",
        "mlcareer: 2 files checked: 2 errors and 0 warnings: failed",
    ]


def test_several_good_files_pass(tmp_path):
    result = validate(str(TINY), str(TINY))
    assert result.exit_code == 0
    assert result.stdout == f"{TINY}: {SUMMARY_TINY}\n" * 2
    assert result.stderr == ""


def test_strict_turns_warnings_into_exit_2():
    plain = validate(str(LINT_ME))
    assert plain.exit_code == 0
    strict = validate("--strict", str(LINT_ME))
    assert strict.exit_code == 2
    # the same report, and one more line saying why it failed
    assert strict.stdout == plain.stdout
    assert strict.stderr.splitlines() == [
        *plain.stderr.splitlines(),
        "mlcareer: 1 file checked: 0 errors and 4 warnings: failed, since --strict counts "
        "warnings as errors",
    ]
    # `1 category`, not `1 categories`
    assert strict.stdout.endswith(
        ": 1 category, 3 skills, 2 roles, 0 knowledge checks, 4 warnings\n"
    )


def test_strict_passes_a_file_without_warnings():
    result = validate("--strict", str(TINY))
    assert (result.exit_code, result.stderr) == (0, "")


# -- github ----------------------------------------------------------------------------------


def test_github_annotations_for_a_taxonomy_with_two_mistakes(two_mistakes):
    result = validate("--format", "github", "course.yaml")
    assert result.exit_code == 2
    assert result.stdout == (
        f"::error file=course.yaml,line={WEIGHT[0]},col={WEIGHT[1]}::{WEIGHT[2]}\n"
        f"::error file=course.yaml,line={LEVEL[0]},col={LEVEL[1]}::{LEVEL[2]}\n"
    )
    assert result.stderr == "mlcareer: 1 file checked: 2 errors and 0 warnings: failed\n"


def test_github_warnings_are_warning_annotations_and_fail_only_under_strict():
    result = validate("-f", "github", str(LINT_ME))
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert len(lines) == 4
    assert lines[0].startswith(f"::warning file={LINT_ME},line=13,col=9::skill `python` has no")
    assert validate("-f", "github", "--strict", str(LINT_ME)).exit_code == 2


def test_github_annotation_escaping():
    # GitHub's rules: in the message % CR LF are percent-encoded; in a property also : and ,
    problem = ProblemOut(
        file="C:/a,b.yaml", line=3, column=None, severity="error", message="50% off\r\nnext: x,y"
    )
    assert github_annotation(problem) == (
        "::error file=C%3A/a%2Cb.yaml,line=3::50%25 off%0D%0Anext: x,y"
    )
    whole_file = ProblemOut(file="x.yaml", line=None, column=None, severity="warning", message="m")
    assert github_annotation(whole_file) == "::warning file=x.yaml::m"


def test_github_names_a_missing_file_without_a_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = validate("-f", "github", "missing.yaml")
    assert result.exit_code == 2
    assert result.stdout == "::error file=missing.yaml::no such taxonomy: check the path\n"


# -- json ------------------------------------------------------------------------------------


def test_json_lists_problems_files_and_a_summary(two_mistakes):
    result = validate("--format", "json", "course.yaml", str(LINT_ME))
    assert result.exit_code == 2
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["validation_schema_version"] == 1
    assert data["files"] == [
        {
            "file": "course.yaml",
            "valid": False,
            "taxonomy_id": None,
            "taxonomy_version": None,
            "errors": 2,
            "warnings": 0,
        },
        {
            "file": str(LINT_ME),
            "valid": True,
            "taxonomy_id": "lint-me",
            "taxonomy_version": "1",
            "errors": 0,
            "warnings": 4,
        },
    ]
    assert data["problems"][:2] == [
        {"file": "course.yaml", "line": line, "column": col, "severity": "error", "message": msg}
        for line, col, msg in (WEIGHT, LEVEL)
    ]
    assert [(p["file"], p["line"], p["severity"]) for p in data["problems"][2:]] == [
        (str(LINT_ME), line, "warning") for line in (13, 18, 19, 23)
    ]
    assert data["summary"] == {
        "files": 2,
        "errors": 2,
        "warnings": 4,
        "strict": False,
        "passed": False,
        "exit_status": 2,
    }


def test_json_of_a_good_file_passes():
    result = validate("-f", "json", str(TINY))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"] == {
        "files": 1,
        "errors": 0,
        "warnings": 0,
        "strict": False,
        "passed": True,
        "exit_status": 0,
    }


# -- the pre-commit hook ---------------------------------------------------------------------


def hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [only] = hooks
    return only


def test_the_hook_runs_a_console_script_of_this_package():
    declared = hook()
    assert (declared["id"], declared["language"]) == ("mlcareer-validate", "python")
    script = shlex.split(declared["entry"])[0]
    # (tomllib is Python 3.11+; the [project.scripts] line is read as text)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'\n{script} = "mlcareer.cli.application:validate_main"\n' in pyproject


def run_hook(files: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """What pre-commit does: the entry, its args, then the staged files its pattern matches."""
    declared = hook()
    pattern = re.compile(declared["files"])
    chosen = [f for f in files if pattern.search(f)]
    entry = shlex.split(declared["entry"])
    script = Path(sys.executable).parent / entry[0]
    assert script.is_file(), f"{script} is missing: reinstall with `pip install -e '.[test]'`"
    return subprocess.run(
        [str(script), *entry[1:], *declared.get("args", []), *chosen],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_hook_passes_good_files_and_leaves_others_alone(tmp_path):
    (tmp_path / "course.yml").write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a taxonomy\n")
    result = run_hook(["course.yml", "notes.txt"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"course.yml: {SUMMARY_TINY}\n"
    assert result.stderr == ""


def test_the_hook_fails_on_a_bad_file(two_mistakes, tmp_path):
    (tmp_path / "good.yaml").write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_hook(["good.yaml", "course.yaml"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == f"good.yaml: {SUMMARY_TINY}\n"
    assert result.stderr.splitlines() == [
        f"mlcareer: course.yaml:{line}:{col}: {message}" for line, col, message in (WEIGHT, LEVEL)
    ] + [
        "mlcareer: course.yaml: 2 problems: 2 schema errors",
        "mlcareer: 2 files checked: 2 errors and 0 warnings: failed",
    ]


def test_the_hook_script_takes_validate_options(two_mistakes, tmp_path):
    script = Path(sys.executable).parent / "mlcareer-validate"
    result = subprocess.run(
        [str(script), "--format", "github", "course.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout.splitlines()[0] == f"::error file=course.yaml,line=9,col=13::{WEIGHT[2]}"
    strict = subprocess.run(
        [str(script), "--strict", str(LINT_ME)], capture_output=True, text=True, timeout=120
    )
    assert strict.returncode == 2
    assert strict.stderr.splitlines()[-1].endswith(
        "failed, since --strict counts warnings as errors"
    )


# -- the next step, for a person at a terminal -----------------------------------------------

NEXT_TINY = (
    "mlcareer: next: hand it out with `mlcareer assignment new assignment.yaml --taxonomy "
    "course.yaml --role ROLE` (ROLE: junior, analyst)"
)


@pytest.fixture
def on_a_terminal(monkeypatch):
    from mlcareer.cli import taxonomy as taxonomy_cli

    monkeypatch.setattr(taxonomy_cli, "_on_a_terminal", lambda: True)


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """tiny.yaml as course.yaml in the working folder (so its path prints as written)."""
    monkeypatch.chdir(tmp_path)
    path = Path("course.yaml")
    path.write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_valid_course_on_a_terminal_is_followed_by_how_to_hand_it_out(course, on_a_terminal):
    result = validate(str(course))
    assert result.exit_code == 0
    assert result.stdout == f"course.yaml: {SUMMARY_TINY}\n"
    assert result.stderr == NEXT_TINY + "\n"


def test_the_hint_names_the_one_role_and_quotes_the_path(tmp_path, monkeypatch, on_a_terminal):
    monkeypatch.chdir(tmp_path)
    text = TINY.read_text(encoding="utf-8")
    analyst = text.index("  - id: analyst")
    path = Path("my course.yaml")
    path.write_text(text[:analyst], encoding="utf-8")  # junior alone
    result = validate(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "mlcareer: next: hand it out with `mlcareer assignment new assignment.yaml --taxonomy "
        "'my course.yaml' --role junior`"
    )


def test_the_hint_names_four_roles_and_counts_the_others(tmp_path, monkeypatch, on_a_terminal):
    monkeypatch.chdir(tmp_path)
    path = Path("course.yaml")
    path.write_text((ROOT / "data" / "skills.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    ids = [role["id"] for role in yaml.safe_load(path.read_text(encoding="utf-8"))["roles"]]
    assert len(ids) == 9
    result = validate(str(path))
    assert result.exit_code == 0
    # The copy keeps the shipped id and version: that warning first, then the hint.
    assert result.stderr.splitlines()[-1] == (
        "mlcareer: next: hand it out with `mlcareer assignment new assignment.yaml --taxonomy "
        f"course.yaml --role ROLE` (ROLE: {', '.join(ids[:4])} and 5 others)"
    )


def test_no_hint_in_a_log_for_several_files_or_for_a_file_that_fails(course, monkeypatch):
    from mlcareer.cli import taxonomy as taxonomy_cli

    broken = Path("broken.yaml")
    broken.write_text(course.read_text().replace("    weight: 2.0\n", "    weight: two\n"))

    # Not a terminal (a CI log, a hook): nothing but the summary.
    result = validate(str(course))
    assert (result.exit_code, result.stderr) == (0, "")
    monkeypatch.setattr(taxonomy_cli, "_on_a_terminal", lambda: True)
    both = validate(str(course), str(course))
    assert both.exit_code == 0 and "next:" not in both.stderr
    failed = validate(str(broken))
    assert failed.exit_code == 2 and "next:" not in failed.stderr
    # The shipped taxonomy (no file named) is not the instructor's to hand out.
    assert "next:" not in validate().stderr


def test_the_hint_reaches_a_real_terminal(course):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mlcareer", "validate", "course.yaml"],
        env={**os.environ, "COLUMNS": "200"},
        cwd=str(course.resolve().parent),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert child.before.replace("\r", "").splitlines()[-1] == NEXT_TINY


# -- stdin and other kinds of file ------------------------------------------------------------


def test_a_taxonomy_on_stdin_is_read_once(two_mistakes):
    """`validate -` read stdin to tell an assignment from a taxonomy, then found it empty."""
    good = runner.invoke(app, ["validate", "-"], input=TINY.read_text(encoding="utf-8"))
    assert (good.exit_code, good.stdout) == (0, f"<stdin>: {SUMMARY_TINY}\n")
    bad = runner.invoke(app, ["validate", "-"], input=two_mistakes.read_text(encoding="utf-8"))
    assert bad.exit_code == 2
    assert bad.stderr.splitlines()[:2] == [
        f"mlcareer: <stdin>:{line}:{col}: {message}" for line, col, message in (WEIGHT, LEVEL)
    ]


def test_an_assignment_on_stdin_finds_its_taxonomy_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("course.yaml").write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    made = runner.invoke(
        app, ["assignment", "new", "week1.yaml", "-t", "course.yaml", "-r", "junior"]
    )
    assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["validate", "-"], input=Path("week1.yaml").read_text())
    assert (result.exit_code, result.stdout) == (
        0,
        "<stdin>: valid assignment `week1`: taxonomy `tiny` version 1 (course.yaml, unchanged), "
        "role junior, at most 12 checks\n",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"schema_version": 2, "readiness": 50.0, "skills": [], "categories": []}',
            "is a report, not a taxonomy or an assignment: `mlcareer show FILE` reads it, and "
            "`mlcareer cohort` checks reports",
        ),
        (
            "role: junior\nratings: {python: 2}\n",
            "is an answers file, not a taxonomy or an assignment: `mlcareer assess --answers "
            "FILE` reads it",
        ),
        (
            "assignment_schema_version: 1\nx: '" + "a" * 300_000 + "'\n",
            "the assignment is larger than 256 KiB, which no real assignment needs: check that "
            "this is the right file",
        ),
    ],
)
def test_a_file_of_another_kind_is_named_as_such(tmp_path, text, message):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate(str(path))
    assert result.exit_code == 2
    where = "" if "larger" in message else ":1:1"
    assert result.stderr.splitlines()[0] == f"mlcareer: {path}{where}: {message}"
