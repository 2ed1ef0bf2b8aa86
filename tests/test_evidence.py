"""Reports are evidence, not truth (issue 12): cohort scores each report's answers again.

The figures come from tests/data/tiny.yaml and tests/data/cohort/answers (worked out in
test_cohort.py's docstring): junior requires python 2, sql 1, stats 1, ml 2, with
importances python 2, sql 1, stats 1, ml 1 (8 weighted levels in all), so

    ada  python 3, sql 1, stats 0, ml skipped   readiness (4+1+0+0)/8 = 62.5
    ben  python 2, sql 0, stats 1, ml 1         readiness (4+0+1+1)/8 = 75.0
    cat  python 1, sql 1, stats 2, ml 2         readiness (2+1+1+2)/8 = 75.0

SOURCE_DATE_EPOCH is pinned by conftest to 1790000000 = 2026-09-21T14:13:20Z.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlcareer.answers import answers_from_document, read_answers
from mlcareer.cli import app
from mlcareer.cohort import build_cohort
from mlcareer.cohort_evidence import TaxonomyShelf, check_report, differences
from mlcareer.cohort_sources import iter_sources
from mlcareer.errors import MlcareerError
from mlcareer.history import HISTORY_FILE
from mlcareer.report_file import read_report_file, read_report_text
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy
from mlcareer.yamlfile import Document

from .conftest import HERE, TINY

ANSWERS = HERE / "data" / "cohort" / "answers"
V1_BEN = HERE / "data" / "evidence" / "ben-v1.json"  # written by mlcareer 0.1.0 (schema 1)
NOW = "2026-09-21T14:13:20Z"
TAX = load_taxonomy(TINY)
WITH_TINY = ("-t", str(TINY))

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def report_data(who: str, *, created_at: str = NOW, **learner: str) -> dict:
    """The JSON data of the report of tests/data/cohort/answers/WHO.yaml."""
    answers = read_answers(ANSWERS / f"{who}.yaml", TAX)
    if learner:
        answers.learner_name = learner.get("name", answers.learner_name)
        answers.learner_id = learner.get("id", answers.learner_id)
    report = report_for(TAX, answers, created_at=created_at, tool_version="0.2.0")
    return json.loads(report.model_dump_json())


def write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def position(text: str, fragment: str) -> tuple[int, int]:
    """1-based line and column where ``fragment`` starts in ``text``."""
    index = text.index(fragment)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path("reports")


# -- the schema: reports carry their answers ----------------------------------------------------


def test_a_report_carries_the_answers_it_was_scored_from():
    data = report_data("ada")
    assert data["schema_version"] == 2
    # every skill of the taxonomy in file order; ada skipped ml (null)
    assert data["answers"] == {
        "role": "junior",
        "ratings": {"python": 3, "sql": 1, "stats": 0, "ml": None},
        "checks": {},
        "confidence": {},
        "seed": None,
        "trust_self": False,
        "indicators": {},  # no skill answered with its checklist
    }


def test_a_report_with_knowledge_checks_records_them_in_the_taxonomy_order():
    doc = Document(
        "a.yaml",
        {
            "role": "junior",
            "ratings": {"python": 2},
            "checks": {"python-2": 0, "python-1": 1},
            "confidence": {"python-2": "high"},
            "seed": 7,
        },
    )
    answers = answers_from_document(doc, TAX)
    report = report_for(TAX, answers, created_at=NOW, tool_version="t", trust_self=True)
    assert report.answers is not None
    assert list(report.answers.checks.items()) == [("python-1", 1), ("python-2", 0)]
    assert (report.answers.confidence, report.answers.seed) == ({"python-2": "high"}, 7)
    assert report.answers.trust_self and report.trust_self


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ratings=st.fixed_dictionaries(
        {sid: st.one_of(st.none(), st.integers(0, 4)) for sid in ("python", "sql", "stats", "ml")}
    ),
    checks=st.dictionaries(st.sampled_from(["python-1", "python-2"]), st.integers(0, 3)),
    role=st.sampled_from(["junior", "analyst"]),
    trust_self=st.booleans(),
)
def test_every_report_the_tool_writes_reads_back_and_checks_out(ratings, checks, role, trust_self):
    doc = Document("a.yaml", {"role": role, "ratings": ratings, "checks": checks, "seed": 3})
    answers = answers_from_document(doc, TAX)
    report = report_for(TAX, answers, created_at=NOW, tool_version="t", trust_self=trust_self)
    read = read_report_text(report.model_dump_json(), "r.json")  # passes the R3 cross-checks
    verdict = check_report(read, "r.json", TaxonomyShelf([TAX]))
    assert verdict.outcome == "checked"
    assert verdict.report == report


# -- cohort: edited reports are listed and left out ---------------------------------------------


def test_a_report_whose_readiness_was_raised_by_hand_is_listed_and_left_out(folder):
    write(folder / "ada.json", report_data("ada"))
    write(folder / "ben.json", report_data("ben"))
    cat = report_data("cat")
    cat["readiness"] = 95.0  # cat is at 75.0, with python 1 of 2
    text = json.dumps(cat, indent=2)
    (folder / "cat.json").write_text(text)
    line, column = position(text, "95.0")

    result = run("cohort", *WITH_TINY, "reports", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # ada 62.5 and ben 75.0 only: (62.5 + 75.0) / 2 = 68.75, published as 68.8
    assert (data["learner_count"], data["readiness_mean"]) == (2, 68.8)
    assert [row["id"] for row in data["learners"]] == ["ada", "ben"]
    reason = f"`readiness` is 95 with 1 required skill below the required level (line {line})"
    assert column > 1
    assert data["edited_count"] == 1
    assert data["edited"] == [
        {"file": "reports/cat.json", "learner_id": "cat", "learner_name": "Cat", "reason": reason}
    ]
    assert result.stderr == (
        f"mlcareer: warning: reports/cat.json: edited by hand: {reason}; left out: ask the "
        "learner to run `mlcareer assess` again\n"
    )


def test_an_edit_the_cross_checks_miss_is_caught_by_scoring_the_answers_again(folder):
    write(folder / "ada.json", report_data("ada"))
    ben = report_data("ben")
    junior = next(fit for fit in ben["role_fit"] if fit["id"] == "junior")
    analyst = next(fit for fit in ben["role_fit"] if fit["id"] == "analyst")
    # analyst requires sql 3 and stats 3 (importance 1 each): ben's sql 0, stats 1 give
    # (0 + 1) / 6 = 16.6; the file now claims 80.
    assert analyst["readiness"] == 16.6
    analyst["readiness"] = 80.0
    write(folder / "ben.json", ben)
    assert junior["readiness"] == 75.0

    cohort = build_cohort(iter_sources(["reports"]), taxonomies=[TAX])
    assert [row.id for row in cohort.learners] == ["ada"]
    [edited] = cohort.edited
    assert edited.reason == (
        "its figures differ from its answers: `role_fit[analyst].readiness` says 80.0 where the "
        "answers give 16.6"
    )


def test_consistent_figures_that_do_not_follow_from_the_answers_are_edited(folder):
    # Figures made for python 3 (a consistent report), with cat's real answers (python 1).
    claimed = report_data("cat")
    better = read_answers(ANSWERS / "cat.yaml", TAX)
    better.ratings["python"] = 3
    forged = json.loads(
        report_for(TAX, better, created_at=NOW, tool_version="0.2.0").model_dump_json()
    )
    forged["answers"] = claimed["answers"]
    write(folder / "cat.json", forged)
    write(folder / "ben.json", report_data("ben"))

    cohort = build_cohort(iter_sources(["reports"]), taxonomies=[TAX])
    assert [row.id for row in cohort.learners] == ["ben"]
    # python 3 of 2 claimed: 4 skills met, none with a gap, nothing to plan; the answers
    # (python 1 of 2) give 3 met, 1 with a gap and python's step to level 2, 15 hours.
    assert cohort.edited[0].reason == (
        "its figures differ from its answers: `summary.met` says 4 where the answers give 3; "
        "`summary.with_gap` says 0 where the answers give 1; `summary.plan_hours` says 0.0 "
        "where the answers give 15.0"
    )


def test_a_learner_id_that_looks_like_another_is_refused_when_read(folder):
    write(folder / "ben.json", report_data("ben"))
    fake = report_data("cat")
    fake["learner"]["id"] = "b\u0435n"  # Cyrillic e: `mlcareer assess` never writes it
    write(folder / "fake.json", fake)
    with pytest.raises(MlcareerError) as refused:
        build_cohort(iter_sources(["reports"]), taxonomies=[TAX])
    assert str(refused.value.problems[0]).startswith(
        "reports/fake.json:"
    ) and "a learner id uses only ASCII letters, digits and . _ -" in str(refused.value)
    cohort = build_cohort(iter_sources(["reports"]), taxonomies=[TAX], skip_invalid=True)
    assert cohort.learner_count == 1


# -- warnings: impersonation and reports from the future ---------------------------------------


def test_the_same_id_under_another_name_and_a_report_from_the_future_are_warned(folder):
    write(folder / "ben.json", report_data("ben"))
    # Mallory hands in cat's answers as ben, dated later so that it counts.
    write(folder / "zz-mallory.json", report_data("cat", name="Mallory", id="ben"))
    write(folder / "cat.json", report_data("cat", created_at="2030-01-01T00:00:00Z"))
    # 23 hours ahead of the clock: a time zone or a slow clock, not the future
    write(folder / "ada.json", report_data("ada", created_at="2026-09-22T13:13:20Z"))

    result = run("cohort", *WITH_TINY, "reports", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    same_id = (
        "learner id `ben` comes with different names: 'Ben' (reports/ben.json), 'Mallory' "
        "(reports/zz-mallory.json); the latest report counts: check who made each one"
    )
    future = (
        "reports/cat.json: `created_at` 2030-01-01T00:00:00Z is more than a day after this "
        "run, so it outranks every other report of learner `cat`: check who made it"
    )
    assert data["warnings"] == [
        {
            "kind": "same-id-different-names",
            "learner_id": "ben",
            "files": ["reports/ben.json", "reports/zz-mallory.json"],
            "message": same_id,
        },
        {
            "kind": "created-in-the-future",
            "learner_id": "cat",
            "files": ["reports/cat.json"],
            "message": future,
        },
    ]
    assert result.stderr == f"mlcareer: warning: {same_id}\nmlcareer: warning: {future}\n"
    # The latest report per learner still counts: ben's row is Mallory's (cat's 75.0 figures).
    rows = {row["id"]: row for row in data["learners"]}
    assert (rows["ben"]["name"], rows["ben"]["file"]) == ("Mallory", "reports/zz-mallory.json")

    table = run("cohort", *WITH_TINY, "reports")
    assert "\nWarnings: 2\n" in table.stdout
    markdown = run("cohort", *WITH_TINY, "reports", "-f", "markdown").stdout
    assert "## Warnings: 2" in markdown
    assert (
        "- reports/cat.json: \\`created\\_at\\` 2030-01-01T00:00:00Z is more than a day after "
        "this run"
    ) in markdown


def test_min_group_hides_the_names_of_edited_reports_and_warnings(folder):
    for name in ("ada", "ben", "cat"):
        write(folder / f"{name}.json", report_data(name))
    edited = report_data("dan")
    edited["readiness"] = 50.0  # dan rated everything 0
    write(folder / "dan.json", edited)
    cohort = build_cohort(iter_sources(["reports"]), taxonomies=[TAX], min_group=2)
    assert (cohort.edited, cohort.warnings) == (None, None)
    assert cohort.edited_count is None  # one report: a count below 2
    result = run("cohort", *WITH_TINY, "reports", "--min-group", "2", "-f", "markdown")
    assert "## Edited by hand, left out: <2 (names hidden by --min-group)" in result.stdout
    assert "dan.json" not in result.stdout and "dan.json" in result.stderr


# -- reports that cannot be checked -------------------------------------------------------------


def test_show_reads_a_report_made_by_mlcareer_0_1():
    result = run("show", V1_BEN, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # upgraded to the current model: version 2, answers unknown
    assert (data["schema_version"], data["answers"], data["readiness"]) == (2, None, 75.0)
    assert run("show", V1_BEN).exit_code == 0


def test_cohort_leaves_a_report_of_mlcareer_0_1_out_unless_told_to_trust_it(folder):
    write(folder / "ada.json", report_data("ada"))
    folder.joinpath("ben.json").write_text(V1_BEN.read_text())

    result = run("cohort", *WITH_TINY, "reports", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["learner_count"], data["readiness_mean"], data["trust_reports"]) == (
        1,
        62.5,
        False,
    )
    reason = "made by mlcareer 0.1 (report schema 1), which did not record the answers"
    assert data["unchecked"] == [
        {"file": "reports/ben.json", "learner_id": "ben", "learner_name": "Ben", "reason": reason}
    ]
    assert result.stderr == (
        f"mlcareer: warning: reports/ben.json: cannot be checked: {reason}; left out: ask the "
        "learner to run `mlcareer assess` again, or pass --trust-reports to use the figures it "
        "states\n"
    )

    trusted = run("cohort", *WITH_TINY, "reports", "--trust-reports", "-f", "json")
    assert trusted.exit_code == 0, trusted.output
    data = json.loads(trusted.stdout)
    # ada 62.5 and ben 75.0 as his file states: 68.75, published as 68.8
    assert (data["learner_count"], data["readiness_mean"], data["unchecked_count"]) == (2, 68.8, 1)
    assert trusted.stderr == (
        f"mlcareer: warning: reports/ben.json: not checked: {reason}; used as it states "
        "(--trust-reports)\n"
    )


def test_reports_of_a_taxonomy_not_given_are_refused_with_the_command_to_fix_it(folder):
    for name in ("ada", "ben", "cat", "dan"):
        write(folder / f"{name}.json", report_data(name))
    result = run("cohort", "reports")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"mlcareer: 4 reports were made with taxonomy `tiny` version 1 (sha256 "
        f"{TAX.sha256[:12]}), whose file was not given, so their figures cannot be checked "
        "(reports/ada.json, reports/ben.json, reports/cat.json and 1 more): give that "
        "taxonomy's file, `mlcareer cohort --taxonomy COURSE.yaml reports`, or pass "
        "--trust-reports to use the figures the reports state\n"
    )
    # ada, ben, cat 62.5 + 75 + 75 and dan 0: 212.5 / 4 = 53.125, published as 53.1
    trusted = run("cohort", "reports", "--trust-reports", "-f", "json")
    assert json.loads(trusted.stdout)["readiness_mean"] == 53.1
    assert run("cohort", *WITH_TINY, "reports", "-f", "json").exit_code == 0


def test_reports_of_the_shipped_taxonomy_are_checked_without_naming_it(folder):
    shipped = load_taxonomy()
    role = shipped.roles[0]
    doc = Document("a.yaml", {"role": role.id, "learner": {"id": "s1"}})
    answers = answers_from_document(doc, shipped)
    report = report_for(shipped, answers, created_at=NOW, tool_version="t")
    write(folder / "s1.json", json.loads(report.model_dump_json()))
    result = run("cohort", "reports", "-f", "json")
    assert result.exit_code == 0, result.output
    # every skill skipped: readiness 0
    assert json.loads(result.stdout)["readiness_mean"] == 0.0


# -- R5: no report decides how another is read --------------------------------------------------


def forged_layout(name: str) -> dict:
    """A report whose category `code` was renamed `kode` everywhere (consistently)."""
    data = report_data(name)
    for category in data["categories"]:
        if category["id"] == "code":
            category["id"] = "kode"
    for skill in data["skills"]:
        if skill["category"] == "code":
            skill["category"] = "kode"
    return data


def test_a_forged_report_read_first_does_not_make_honest_ones_rejected(folder):
    write(folder / "a0.json", forged_layout("ada"))  # sorts first
    for name in ("ben", "cat"):
        write(folder / f"{name}.json", report_data(name))
    result = run("cohort", *WITH_TINY, "reports", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # ben 75.0 and cat 75.0 are aggregated, in the taxonomy's layout
    assert (data["learner_count"], data["readiness_mean"]) == (2, 75.0)
    assert [c["id"] for c in data["categories"]] == ["code", "maths"]
    assert [e["file"] for e in data["edited"]] == ["reports/a0.json"]
    assert data["edited"][0]["reason"].startswith(
        "its figures differ from its answers: `categories[code].id` says 'kode' where the "
        "answers give 'code'"
    )


def test_trusted_reports_of_two_layouts_are_two_groups_and_no_one_is_blamed(folder):
    write(folder / "a0.json", forged_layout("ada"))
    for name in ("ben", "cat"):
        write(folder / f"{name}.json", report_data(name))
    result = run("cohort", "reports", "--trust-reports")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "warning" not in line]
    assert lines[0].startswith("mlcareer: the learners' latest reports come from 2 different")
    assert lines[1].endswith(
        "(other skills or categories than other reports of this sha256: edited?): 2 learners: "
        "reports/ben.json, reports/cat.json"
    )
    assert lines[2].endswith("edited?): 1 learner: reports/a0.json")


# -- O5: nobody rated it is not "hidden" ---------------------------------------------------------


def test_a_skill_nobody_rated_reads_as_a_dash_not_as_hidden(folder, tmp_path):
    for learner in ("a", "b", "c"):
        answers = tmp_path / f"{learner}.yaml"
        answers.write_text(
            f"role: junior\nlearner: {{id: {learner}}}\n"
            "ratings: {python: 2, sql: null, stats: 1, ml: 2}\n"
        )
        report = report_for(TAX, read_answers(answers, TAX), created_at=NOW, tool_version="t")
        write(folder / f"{learner}.json", json.loads(report.model_dump_json()))
    table = run("cohort", *WITH_TINY, "reports").stdout
    # SQL: required 1, mean and median "-", nobody meets it (0.0%), 3 skipped
    [sql] = [line for line in table.splitlines() if line.startswith("SQL")]
    assert sql.split() == ["SQL", "1", "-", "-", "0.0%", "3"]
    markdown = run("cohort", *WITH_TINY, "reports", "-f", "markdown").stdout
    assert "| SQL | 1 | - | - | 0.0% | 0 | 0 | 0 | 0 | 0 | 3 |" in markdown.splitlines()


# -- numbers that are not finite or out of range: exit 2 at the key ------------------------------


BAD_NUMBERS = [
    # (what is replaced, by what, the sentence)
    ('"total_hours": 34.0', '"total_hours": NaN', "`total_hours` must be a finite number, not nan"),
    ('"hours": 30.0', '"hours": Infinity', "`hours` must be a finite number, not inf"),
    ('"readiness": 16.6', '"readiness": 1e308', "`readiness` must be at most 100.0, not 1e+308"),
    ('"priority": 0.0', '"priority": -Infinity', "`priority` must be a finite number, not -inf"),
]


@pytest.fixture
def ben_text() -> str:
    """ben's report: python 2 of 2 (no step), sql 0 of 1 (4 h), stats 1 of 1, ml 1 of 2
    (30 h, level 2 of ml): 34 hours in all; analyst readiness 16.6 (see above)."""
    text = json.dumps(report_data("ben"), indent=2)
    assert all(old in text for old, _, _ in BAD_NUMBERS)
    return text


@pytest.mark.parametrize(("old", "new", "sentence"), BAD_NUMBERS)
def test_a_bad_number_is_refused_at_its_key_by_every_reader(tmp_path, ben_text, old, new, sentence):
    bad = ben_text.replace(old, new, 1)
    path = tmp_path / "bad.json"
    path.write_text(bad)
    good = write(tmp_path / "good.json", report_data("ben"))
    line, column = position(bad, new.split(": ")[1])
    expected = f"mlcareer: {path}:{line}:{column}: does not match the report schema: {sentence}"
    for command in (
        ["show", path],
        ["plan", path, "-H", "8"],
        ["compare", good, path],
    ):
        result = run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stdout == ""
        assert result.stderr == expected + "\n", command
    cohort = run("cohort", *WITH_TINY, path)
    assert cohort.exit_code == 2
    assert cohort.stderr.splitlines()[0] == expected


def test_a_history_row_with_a_bad_number_is_named_by_its_id(tmp_path, isolated_home):
    result = run("assess", *WITH_TINY, "-a", ANSWERS / "ben.yaml")
    assert result.exit_code == 0, result.output
    database = isolated_home / HISTORY_FILE
    with sqlite3.connect(database) as conn:
        [(text,)] = conn.execute("SELECT report FROM assessments WHERE id = 1").fetchall()
        assert '"readiness":75.0' in text
        bad = text.replace('"readiness":75.0', '"readiness":NaN', 1)
        conn.execute("UPDATE assessments SET report = ? WHERE id = 1", (bad,))
    line, column = position(bad, "NaN")
    for command in (["show", "1"], ["plan", "latest", "-H", "8"], ["compare", "1", "1"]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert result.stderr == (
            f"mlcareer: {database} (assessment #1):{line}:{column}: does not match the report "
            "schema: `readiness` must be a finite number, not nan\n"
        )


def test_a_history_row_of_mlcareer_0_1_still_shows(isolated_home):
    assert run("assess", *WITH_TINY, "-a", ANSWERS / "ada.yaml").exit_code == 0
    with sqlite3.connect(isolated_home / HISTORY_FILE) as conn:
        conn.execute(
            "UPDATE assessments SET report = ?, report_schema = 1 WHERE id = 1",
            (V1_BEN.read_text(),),
        )
    result = run("show", "1", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["readiness"] == 75.0


# -- R3: a report whose figures contradict each other ------------------------------------------


def test_a_skill_marked_met_with_a_gap_is_refused_by_show(tmp_path):
    data = report_data("ben")
    sql = next(s for s in data["skills"] if s["id"] == "sql")  # level 0 of 1: gap 1
    sql["status"] = "meets"
    del data["summary"]  # else the summary, counted from the statuses, disagrees first
    text = json.dumps(data, indent=2)
    path = tmp_path / "r.json"
    path.write_text(text)
    # the second "status" key of the file is sql's (python's comes first)
    first = text.index('"status"')
    index = text.index('"meets"', text.index('"status"', first + 1))
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    result = run("show", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {path}:{line}:{column}: skill `sql` is marked 'meets' with level 0 of 1 "
        "(that is 'gap'): the report was edited by hand; make it again with `mlcareer assess`\n"
    )


def test_differences_name_the_path_by_ids():
    stated = {"skills": [{"id": "sql", "level": 2}], "readiness": 50.0}
    derived = {"skills": [{"id": "sql", "level": 0}], "readiness": 50.0}
    assert differences(stated, derived) == ["`skills[sql].level` says 2 where the answers give 0"]


def test_a_v1_report_has_no_answers_when_read(tmp_path):
    report = read_report_file(V1_BEN)
    assert (report.schema_version, report.answers, report.tool.version) == (2, None, "0.1.0")
