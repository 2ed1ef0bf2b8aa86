"""Comparing two reports: deltas worked out by hand, and a taxonomy that renamed a skill."""

from __future__ import annotations

import pytest

from mlcareer.answers import Answers
from mlcareer.compare import TimelinePoint, compare_reports
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY

# Version 2 of the tiny taxonomy: `python` became `python3` (with `python` and `py`
# as aliases), `sql` was dropped, `git` is new. Same id, so its aliases apply.
TINY_V2 = """\
schema_version: 1
id: tiny
title: Tiny test taxonomy
version: "2"
categories:
  - id: code
    name: Code
    weight: 2.0
    skills:
      - id: python3
        aliases: [python, py]
        name: Python 3
        description: Writing Python.
        levels: {1: reads it, 2: writes scripts, 3: writes packages, 4: designs libraries}
        learning:
          - {to_level: 1, step: Read the tutorial., hours: 5}
          - {to_level: 2, step: Write scripts., hours: 15}
      - id: git
        name: Git
        description: Version control.
        weight: 0.5
        levels: {1: commits, 2: branches, 3: rebases, 4: runs a repository}
        learning:
          - {to_level: 1, step: Commit., hours: 2}
  - id: maths
    name: Maths
    skills:
      - id: stats
        name: Statistics
        description: Statistics.
        levels: {1: knows a mean, 2: runs a t-test, 3: designs experiments, 4: teaches inference}
        learning:
          - {to_level: 1, step: Learn means., hours: 5}
      - id: ml
        name: Machine learning
        description: Models.
        prerequisites: [python3, stats]
        levels: {1: knows what a model is, 2: fits a model, 3: evaluates models, 4: leads}
        learning:
          - {to_level: 1, step: Read an intro., hours: 5}
          - {to_level: 2, step: Fit models., hours: 30}
roles:
  - id: junior
    name: Junior
    requires: {code: 2, git: 1, stats: 1, ml: 2}
"""


@pytest.fixture(scope="module")
def tiny():
    return load_taxonomy(TINY)


@pytest.fixture
def tiny_v2(tmp_path):
    path = tmp_path / "tiny-v2.yaml"
    path.write_text(TINY_V2)
    return load_taxonomy(path)


def make_report(tax, ratings, *, role="junior", created_at="2026-09-21T14:13:20Z"):
    answers = Answers(role=tax.role(role), ratings=ratings, learner_name="Ada")
    return report_for(tax, answers, created_at=created_at, tool_version="0.1.0")


def test_hand_computed_deltas(tiny):
    # junior needs python 2, sql 1, stats 1, ml 2; importances 2, 1, 1, 1 (8 weighted levels).
    # before: python 1, sql 0, stats 1, ml 0 -> 2 + 0 + 1 + 0 = 3/8 = 37.5 %, plan 54 h
    # after:  python 2, sql 1, stats 0, ml 1 -> 4 + 1 + 0 + 1 = 6/8 = 75.0 %,
    #         plan stats 0->1 5 h + ml 1->2 30 h = 35 h
    before = make_report(tiny, {"python": 1, "sql": 0, "stats": 1, "ml": 0})
    after = make_report(
        tiny, {"python": 2, "sql": 1, "stats": 0, "ml": 1}, created_at="2026-10-19T10:00:00Z"
    )
    result = compare_reports(before, after, before_ref="#1", after_ref="#2", before_id=1,
                             after_id=2)  # fmt: skip
    assert (result.before.readiness, result.after.readiness) == (37.5, 75.0)
    assert result.readiness_change == 37.5
    assert (result.before.plan_hours, result.after.plan_hours) == (54.0, 35.0)
    assert result.plan_hours_change == -19.0
    assert result.same_role and result.notes == []
    rows = {
        c.id: (c.level_before, c.level_after, c.level_change, c.gap_before, c.gap_after, c.changed)
        for c in result.skills
    }
    assert rows == {
        "python": (1, 2, 1, 1, 0, True),
        "sql": (0, 1, 1, 1, 0, True),
        "stats": (1, 0, -1, 0, 1, True),
        "ml": (0, 1, 1, 2, 1, True),
    }
    assert result.gaps_closed == ["python", "sql"]
    assert result.gaps_opened == ["stats"]
    assert result.gone == [] and result.added == []
    assert [(p.ref, p.readiness) for p in result.timeline] == [("#1", 37.5), ("#2", 75.0)]
    assert (result.before.history_id, result.after.history_id) == (1, 2)


def test_unchanged_skills_are_listed_but_not_changed(tiny):
    before = make_report(tiny, {"python": 2, "sql": None})
    after = make_report(tiny, {"python": 2, "sql": 1})
    result = compare_reports(before, after)
    by_id = {c.id: c for c in result.skills}
    assert not by_id["python"].changed
    # Skipped (None, level 0) then rated 1: the rating moved, and the gap closed.
    assert by_id["sql"].changed
    assert (by_id["sql"].rating_before, by_id["sql"].rating_after) == (None, 1)
    assert (by_id["sql"].status_before, by_id["sql"].status_after) == ("not assessed", "meets")
    assert result.readiness_change == 12.5  # sql adds importance 1 x level 1 = 1/8


def test_a_renamed_skill_is_matched_through_its_alias(tiny, tiny_v2):
    # The earlier report was scored with version 1 (ids: python, sql, stats, ml).
    before = make_report(tiny, {"python": 1, "sql": 0, "stats": 1, "ml": 0})
    # The later one with version 2. junior needs python3 2, git 1, stats 1, ml 2;
    # importances python3 2x1, git 2x0.5, stats 1, ml 1 -> 4 + 1 + 1 + 2 = 8 weighted levels.
    # python3 2, git 1, stats 2, ml 1 -> 4 + 1 + 1 + 1 = 7/8 = 87.5 %.
    after = make_report(tiny_v2, {"python3": 2, "git": 1, "stats": 2, "ml": 1})
    assert after.readiness == 87.5

    result = compare_reports(before, after, taxonomy=tiny_v2)
    assert result.readiness_change == 50.0
    by_id = {c.id: c for c in result.skills}
    assert list(by_id) == ["python3", "stats", "ml"]
    python = by_id["python3"]
    assert (python.former_id, python.name, python.level_before, python.level_after) == (
        "python",
        "Python 3",
        1,
        2,
    )
    assert (python.gap_before, python.gap_after) == (1, 0)
    assert by_id["stats"].former_id is None
    # stats rose from 1 to 2 but was already enough: changed, no gap either side.
    assert (by_id["stats"].level_change, by_id["stats"].gap_before, by_id["stats"].gap_after) == (
        1,
        0,
        0,
    )
    assert result.gaps_closed == ["python3"]
    assert result.gaps_opened == []
    assert [(g.id, g.name, g.rating, g.gap, g.merged_into) for g in result.gone] == [
        ("sql", "SQL", 0, 1, None)
    ]
    assert [(n.id, n.rating, n.required, n.gap) for n in result.added] == [("git", 1, 1, 0)]
    assert result.notes == ["the taxonomy changed from version 1 to 2 in between"]


def test_without_the_taxonomy_a_rename_reads_as_gone_and_new(tiny, tiny_v2):
    before = make_report(tiny, {"python": 1})
    after = make_report(tiny_v2, {"python3": 2})
    result = compare_reports(before, after)
    assert [g.id for g in result.gone] == ["python", "sql"]
    assert [n.id for n in result.added] == ["python3", "git"]
    # New skills that arrive with a gap are gaps opened: python3 needs 2 (has 2), git needs 1.
    assert result.gaps_opened == ["git"]


def test_a_taxonomy_of_another_id_is_not_used_for_aliases(tiny, tiny_v2, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(TINY_V2.replace("id: tiny", "id: other", 1))
    before = make_report(tiny, {"python": 1})
    after = make_report(tiny_v2, {"python3": 2})
    result = compare_reports(before, after, taxonomy=load_taxonomy(other))
    assert "python" in [g.id for g in result.gone]
    assert result.notes[0] == (
        "skill renames were not looked up: the taxonomy given is `other`, the reports use "
        "`tiny` (pass that one with --taxonomy)"
    )


def test_two_former_skills_merged_into_one(tiny, tmp_path):
    merged = tmp_path / "merged.yaml"
    # python and sql become one skill `coding` (version 3).
    merged.write_text(
        TINY_V2.replace("aliases: [python, py]", "aliases: [python, py, sql]")
        .replace("id: python3", "id: coding")
        .replace("[python3, stats]", "[coding, stats]")
        .replace('version: "2"', 'version: "3"')
    )
    tax3 = load_taxonomy(merged)
    before = make_report(tiny, {"python": 1, "sql": 3})
    after = make_report(tax3, {"coding": 2})
    result = compare_reports(before, after, taxonomy=tax3)
    coding = next(c for c in result.skills if c.id == "coding")
    assert (coding.former_id, coding.level_before, coding.level_after) == ("python", 1, 2)
    assert [(g.id, g.rating, g.merged_into) for g in result.gone] == [("sql", 3, "coding")]


def test_different_roles_are_noted(tiny):
    before = make_report(tiny, {"sql": 2, "stats": 2}, role="analyst")
    after = make_report(tiny, {"sql": 2, "stats": 2})
    result = compare_reports(before, after)
    assert not result.same_role
    assert result.notes == [
        "the reports target different roles (Analyst, then Junior), so readiness is "
        "measured against different requirements"
    ]
    # analyst needs sql 3, stats 3 (importances 2x0.5 = 1 and 1): (2 + 2) / (3 + 3) = 66.67 %,
    # floored to 66.6; junior: sql min(2,1) x 1 + stats min(2,1) x 1 = 2 of 8 = 25 %.
    assert (result.before.readiness, result.after.readiness, result.readiness_change) == (
        66.6,
        25.0,
        -41.6,
    )


def test_a_given_timeline_is_kept(tiny):
    points = [TimelinePoint(ref=f"#{i}", created_at="2026-09-21T14:13:20Z", readiness=r)
              for i, r in ((1, 10.0), (2, 20.0), (3, 40.0))]  # fmt: skip
    result = compare_reports(make_report(tiny, {}), make_report(tiny, {}), timeline=points)
    assert [p.readiness for p in result.timeline] == [10.0, 20.0, 40.0]
    assert result.readiness_change == 0.0
