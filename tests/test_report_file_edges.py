"""Edge cases of the report reader: files that are not reports, versions, hand edits."""

from __future__ import annotations

import copy
import json

import pytest

from mlcareer.answers import Answers
from mlcareer.errors import MlcareerError
from mlcareer.report_file import (
    EditedReport,
    _other_version,
    read_report_file,
    read_report_text,
)
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY

ASSESS = "`mlcareer assess --format json`"
EDITED = ": the report was edited by hand; make it again with `mlcareer assess`"


@pytest.fixture(scope="module")
def report():
    # junior: python 1 of 2, sql 0 of 1, stats 1 of 1, ml 0 of 2 -> readiness 37.5, plan 54 h.
    tax = load_taxonomy(TINY)
    answers = Answers(role=tax.role("junior"), ratings={"python": 1, "sql": 0, "stats": 1, "ml": 0})
    # Dumped with indent=2, the answers (ending with `"indicators": {}`, line 34) and
    # `"assignment": null` (line 35) come before the figures, so `readiness` is line 56.
    return report_for(tax, answers, created_at="2026-09-21T14:13:20Z", tool_version="0.1.0")


@pytest.fixture
def data(report):
    return copy.deepcopy(json.loads(report.model_dump_json()))


def rendered(text: str) -> str:
    with pytest.raises(MlcareerError) as caught:
        read_report_text(text, "r.json")
    return caught.value.render()


def edited(data: dict) -> EditedReport:
    with pytest.raises(EditedReport) as caught:
        read_report_text(json.dumps(data, indent=2), "r.json")
    return caught.value


def test_a_written_report_reads_back_from_a_file(report, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(report.model_dump_json(), encoding="utf-8")
    assert read_report_file(path) == report


def test_a_version_1_report_is_upgraded_with_answers_null(data):
    data["schema_version"] = 1
    del data["answers"]
    upgraded = read_report_text(json.dumps(data), "r.json")
    assert upgraded.schema_version == 2
    assert upgraded.answers is None
    assert upgraded.readiness == 37.5


def test_a_version_3_report_is_not_supported(data):
    data["schema_version"] = 3
    assert rendered(json.dumps(data, indent=2)) == (
        "r.json:2:21: report schema_version 3 is not supported by this mlcareer, which reads "
        f"versions 1 to 2: upgrade mlcareer, or write the report again with {ASSESS}"
    )


def test_an_empty_file_is_empty(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(MlcareerError) as caught:
        read_report_file(path)
    assert caught.value.render().endswith(f"r.json: is empty: give a report from {ASSESS}")


def test_invalid_json_is_located():
    assert rendered('{"a": ') == (
        f"r.json:1:7: is not valid JSON (Expecting value): is it a complete report from {ASSESS}?"
    )


def test_json_too_deep_to_decode_is_not_valid_json():
    assert rendered("[" * 100_000) == f"r.json: is not valid JSON: give a report from {ASSESS}"


def test_a_number_too_long_for_python_is_located(data):
    """Python reads integers of at most 4300 digits: json.loads raises a bare ValueError
    on a longer one, which was an internal error. Digits in a string are not a number."""
    data["learner"] = {"name": "9" * 5000, "id": None}
    text = json.dumps(data, indent=2).replace('"readiness": 37.5', '"readiness": ' + "9" * 5000)
    # The learner, four lines now (`{`, name, id, `}`) instead of `null`, moves `readiness`
    # from line 56 to 59; `  "readiness": ` is 15 characters: the number starts in column 16.
    assert rendered(text) == (
        f"r.json:59:16: holds a number of 5000 digits, more than any report has: give a "
        f"report from {ASSESS}"
    )


def test_json_that_is_not_an_object():
    assert rendered("[1, 2]") == (
        f"r.json:1:1: holds JSON but not a report object: give the output of {ASSESS}"
    )


def test_a_yaml_answers_file_is_named():
    assert rendered("role: junior\nratings:\n  python: 1\n") == (
        "r.json:1:1: is an answers file, not a report: make the report with "
        "`mlcareer assess --answers FILE --format json`"
    )


def test_a_taxonomy_is_named():
    assert rendered(json.dumps({"categories": [], "roles": []})) == (
        "r.json:1:1: is a taxonomy, not a report: give the students' JSON reports"
    )


def test_an_object_without_schema_version_or_skills():
    assert rendered(json.dumps({"foo": 1})) == (
        "r.json:1:1: is not an mlcareer report (it has no `schema_version`): give a report "
        f"written by {ASSESS}"
    )


def test_a_wrong_type_does_not_match_the_schema(data):
    data["readiness"] = "x"
    assert rendered(json.dumps(data, indent=2)) == (
        "r.json:56:16: does not match the report schema: `readiness` must be a finite number, "
        "not 'x'"
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d.update(created_at="not a time"),
            "r.json:19:17: `created_at` 'not a time' is not an ISO 8601 time",
        ),
        (
            lambda d: d["skills"][0].update(category="nope"),
            "r.json:83:19: skill `python` names a category the report lacks",
        ),
        (
            lambda d: d["skills"][0].update(level=2),
            "r.json:85:16: skill `python` is scored at level 2, above its rating",
        ),
        (
            lambda d: d["skills"][0].update(gap=0),
            "r.json:87:14: skill `python` has gap 0 with level 1 of 2",
        ),
        (
            lambda d: d["categories"][0].update(gap=5),
            "r.json:65:14: category `code` has gap 5 where its skills give 2",
        ),
        (
            lambda d: d["categories"][0].update(score=90.0),
            "r.json:62:16: category `code` scores 90.0 where its skills give 40.0",
        ),
        (
            lambda d: d["skills"][0].update(importance=0.0),
            "r.json:62:16: category `code` scores 40.0 where its skills give none",
        ),
        (
            lambda d: d.update(readiness=50.0),
            "r.json:56:16: `readiness` is 50 with 3 required skills below the required level",
        ),
        (
            lambda d: (d["plan"].update(total_hours=99.0), d["summary"].update(plan_hours=99.0)),
            "r.json:138:20: the plan's `total_hours` 99 is not the sum of its steps (54)",
        ),
    ],
    ids=[
        "created_at",
        "category",
        "level",
        "gap",
        "count",
        "score",
        "importance",
        "readiness",
        "plan",
    ],
)
def test_hand_edits_are_caught_and_located(data, edit, message):
    edit(data)
    error = edited(data)
    assert error.render() == message + EDITED
    where, _, reason = message.partition(": ")
    line = where.split(":")[1]
    assert error.reason == f"{reason} (line {line})"
    assert error.report.role.id == "junior"


def test_an_edit_in_json_that_yaml_rejects_is_said_at_the_start(report):
    # A duplicate key: JSON keeps the last value, the YAML reader refuses the file.
    text = report.model_dump_json()[:-1] + ', "created_at": "x"}'
    assert rendered(text) == "r.json:1:1: `created_at` 'x' is not an ISO 8601 time" + EDITED


def test_other_version_ignores_what_is_not_an_object():
    assert _other_version([3]) is None
    assert _other_version({"schema_version": 1}) is None
    assert _other_version({"schema_version": True}) is True


def test_a_schema_problem_in_json_that_yaml_rejects_is_said_at_the_start(report):
    text = report.model_dump_json()[:-1] + ', "readiness": "x"}'
    assert rendered(text) == (
        "r.json:1:1: does not match the report schema: `readiness` must be a finite number, not 'x'"
    )
