"""Cohort aggregation, on a small cohort whose figures are worked out by hand.

The cohort (tests/data/cohort/answers, taxonomy tests/data/tiny.yaml, role junior):

    junior requires python 2, sql 1, stats 1, ml 2.
    importance = category weight x skill weight: python 2x1 = 2, sql 2x0.5 = 1,
    stats 1x1 = 1, ml 1x1 = 1; the weighted levels required: 2*2 + 1*1 + 1*1 + 1*2 = 8.

    learner  python sql stats ml    readiness            code score    maths score
    ada-old    1     0    0    0    (superseded by ada's later report)
    ada        3     1    0   skip  (4+1+0+0)/8 = 62.5   (4+1)/5 = 100  0/3 = 0
    ben        2     0    1    1    (4+0+1+1)/8 = 75.0   (4+0)/5 = 80   2/3 = 66.6
    cat        1     1    2    2    (2+1+1+2)/8 = 75.0   (2+1)/5 = 60   3/3 = 100
    dan        0     0    0    0    0.0                  0              0
    anon.json  2     2    1    2    8/8 = 100.0          100            100

Five learners from six reports. Readiness: mean 312.5/5 = 62.5, median of
0, 62.5, 75, 75, 100 = 75.0. Category means: code 340/5 = 68.0, maths 266.6/5 = 53.32.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlcareer.answers import read_answers
from mlcareer.cli import app
from mlcareer.cohort import (
    CohortAggregator,
    build_cohort,
    median_of_counts,
)
from mlcareer.cohort_sources import iter_sources
from mlcareer.errors import MlcareerError
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .conftest import HERE, TINY

COHORT = HERE / "data" / "cohort"
TINY_V2 = COHORT / "tiny-v2.yaml"
EARLIER = "2026-09-01T08:00:00Z"
LATER = "2026-09-21T14:13:20Z"
# cohort checks each report against the taxonomy it was made with: give it.
WITH_TINY = ("-t", str(TINY))
BOTH = (*WITH_TINY, "-t", str(TINY_V2))

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def make_report(answers: Path, *, taxonomy: Path = TINY, created_at: str = LATER) -> str:
    tax = load_taxonomy(taxonomy)
    report = report_for(tax, read_answers(answers, tax), created_at=created_at, tool_version="t")
    return report.model_dump_json(indent=2)


@pytest.fixture
def reports(tmp_path, monkeypatch) -> Path:
    """tmp_path/reports holding the six reports; the working folder is tmp_path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("ada-old", "ada", "anon", "ben", "cat", "dan"):
        when = EARLIER if name == "ada-old" else LATER
        text = make_report(COHORT / "answers" / f"{name}.yaml", created_at=when)
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    return folder


def aggregate(*inputs: str, **options):
    options.setdefault("taxonomies", [load_taxonomy(TINY), load_taxonomy(TINY_V2)])
    return build_cohort(iter_sources(list(inputs)), **options)


def by_id(items):
    return {item.id: item for item in items}


# -- the figures ---------------------------------------------------------------------------


def test_median_of_counts():
    assert median_of_counts([0, 0, 0, 0, 0]) is None
    assert median_of_counts([1, 1, 2, 1, 0]) == 2  # 0 1 2 2 3
    assert median_of_counts([1, 1, 2, 0, 0]) == 1.5  # 0 1 2 2: (1 + 2) / 2
    assert median_of_counts([0, 0, 0, 0, 1]) == 4


def test_cohort_figures_worked_out_by_hand(reports):
    cohort = aggregate("reports")
    assert (cohort.learner_count, cohort.reports_read, cohort.superseded) == (5, 6, 1)
    assert cohort.invalid_skipped == 0
    assert [(t.id, t.version, t.report_count, t.learner_count) for t in cohort.taxonomies] == [
        ("tiny", "1", 6, 5)
    ]
    assert [(r.id, r.learner_count) for r in cohort.roles] == [("junior", 5)]
    assert cohort.readiness_mean == 62.5
    assert cohort.readiness_median == 75.0

    skills = by_id(cohort.skills)
    # python: 3 2 1 0 2 -> counts 0:1 1:1 2:2 3:1; mean 8/5 = 1.6; median 2;
    # meets level 2: ada, ben, anon = 3 of 5 = 60 %; gaps: cat 1, dan 2 -> 3/5 = 0.6.
    python = skills["python"]
    assert python.levels == {"0": 1, "1": 1, "2": 2, "3": 1, "4": 0}
    assert (python.assessed, python.not_assessed) == (5, 0)
    assert (python.mean, python.median) == (1.6, 2.0)
    assert (python.required, python.required_by, python.meeting) == (2, 5, 3)
    assert python.meeting_pct == 60.0
    assert (python.learners_with_gap, python.mean_gap) == (2, 0.6)
    # sql: 1 0 1 0 2 -> mean 4/5 = 0.8, median 1; meets level 1: ada, cat, anon (60 %);
    # gaps: ben 1, dan 1 -> 2/5 = 0.4.
    sql = skills["sql"]
    assert sql.levels == {"0": 2, "1": 2, "2": 1, "3": 0, "4": 0}
    assert (sql.mean, sql.median, sql.meeting_pct, sql.mean_gap) == (0.8, 1.0, 60.0, 0.4)
    # stats: 0 1 2 0 1 -> the same figures as sql.
    stats = skills["stats"]
    assert (stats.mean, stats.median, stats.meeting_pct, stats.mean_gap) == (0.8, 1.0, 60.0, 0.4)
    # ml: ada skipped; 1 2 0 2 -> mean 5/4 = 1.25, median (1 + 2)/2 = 1.5; meets level 2:
    # cat and anon = 2 of 5 = 40 % (a skip counts as 0); gaps: ada 2, ben 1, dan 2 -> 1.0.
    ml = skills["ml"]
    assert ml.levels == {"0": 1, "1": 1, "2": 2, "3": 0, "4": 0}
    assert (ml.assessed, ml.not_assessed) == (4, 1)
    assert (ml.mean, ml.median) == (1.25, 1.5)
    assert (ml.meeting, ml.meeting_pct, ml.learners_with_gap, ml.mean_gap) == (2, 40.0, 3, 1.0)

    # Ranked by mean gap; sql and stats tie on gap and learners, so taxonomy order.
    assert [
        (p.rank, p.skill, p.mean_gap, p.learners_with_gap, p.meeting_pct) for p in cohort.priorities
    ] == [
        (1, "ml", 1.0, 3, 40.0),
        (2, "python", 0.6, 2, 60.0),
        (3, "sql", 0.4, 2, 60.0),
        (4, "stats", 0.4, 2, 60.0),
    ]
    assert [(c.id, c.learner_count, c.mean) for c in cohort.categories] == [
        ("code", 5, 68.0),
        ("maths", 5, 53.3),
    ]

    # Below 50 %: dan alone; his gaps, largest first, taxonomy order among equals.
    assert cohort.at_risk_count == 1
    [dan] = cohort.at_risk
    assert (dan.id, dan.name, dan.readiness, dan.file) == ("dan", "Dan", 0.0, "reports/dan.json")
    assert [(g.skill, g.level, g.required, g.gap) for g in dan.gaps] == [
        ("python", 0, 2, 2),
        ("ml", 0, 2, 2),
        ("sql", 0, 1, 1),
        ("stats", 0, 1, 1),
    ]

    rows = {row.id or row.file: row for row in cohort.learners}
    assert set(rows) == {"ada", "ben", "cat", "dan", "reports/anon.json"}
    assert rows["ada"].readiness == 62.5  # the later report, not ada-old's
    assert rows["ada"].created_at == LATER
    assert rows["ben"].categories == {"code": 80.0, "maths": 66.6}
    assert rows["cat"].categories == {"code": 60.0, "maths": 100.0}
    assert rows["reports/anon.json"].categories == {"code": 100.0, "maths": 100.0}


def test_a_higher_threshold_lists_more_learners_lowest_first(reports):
    cohort = aggregate("reports", at_risk_below=70)
    assert [(row.id, row.readiness) for row in cohort.at_risk] == [("dan", 0.0), ("ada", 62.5)]
    # ada skipped ml (counts as 0, gap 2) and rated stats 0 (gap 1)
    assert [(g.skill, g.level, g.gap) for g in cohort.at_risk[1].gaps] == [
        ("ml", None, 2),
        ("stats", 0, 1),
    ]
    assert [row.at_risk for row in cohort.learners] == [True, False, False, True, False]


def test_the_latest_report_wins_whatever_the_reading_order(reports):
    cohort = aggregate("reports/ada.json", "reports/ada-old.json")
    [ada] = cohort.learners
    assert (ada.readiness, cohort.superseded, cohort.learner_count) == (62.5, 1, 1)


def test_of_two_reports_made_at_the_same_time_the_later_input_counts(reports, tmp_path):
    same_time = tmp_path / "again.json"
    same_time.write_text(make_report(COHORT / "answers" / "ada-old.yaml", created_at=LATER))
    cohort = aggregate("reports/ada.json", str(same_time))
    # ada-old's ratings: python 1 -> 2, others 0: 2/8 = 25.0
    assert [row.readiness for row in cohort.learners] == [25.0]
    # Which one is the latest is then the order of the inputs: said, not left silent.
    assert [(w.kind, w.message) for w in cohort.warnings] == [
        (
            "same-moment",
            f"reports/ada.json and {same_time}: two reports of learner `ada` made at the same "
            f"moment ({LATER}), so the one read last counts ({same_time}): check which one "
            "the learner meant",
        )
    ]


def test_one_summary_per_learner_however_many_reports():
    tax = load_taxonomy(TINY)
    answers = read_answers(COHORT / "answers" / "ben.yaml", tax)
    aggregator = CohortAggregator()
    for day in range(1, 29):
        report = report_for(
            tax, answers, created_at=f"2026-02-{day:02d}T10:00:00Z", tool_version="t"
        )
        aggregator.add(report, f"ben-{day}.json")
    cohort = aggregator.result()
    assert (cohort.learner_count, cohort.reports_read, cohort.superseded) == (1, 28, 27)
    assert cohort.learners[0].file == "ben-28.json"


# -- sharing with --min-group ------------------------------------------------------------------


def test_min_group_hides_rows_small_counts_and_what_reveals_them(reports):
    cohort = aggregate("reports", min_group=3)
    assert cohort.learners is None and cohort.at_risk is None
    assert cohort.at_risk_count is None  # 1 learner at risk
    assert (cohort.readiness_mean, cohort.readiness_median) == (62.5, 75.0)  # over 5
    python = by_id(cohort.skills)["python"]
    # counts 1 1 2 1 0: every non-zero count is below 3
    assert python.levels == {"0": None, "1": None, "2": None, "3": None, "4": 0}
    assert (python.mean, python.median, python.mean_gap) == (1.6, 2.0, 0.6)  # over 5
    # 3 meet but 2 do not, so the count, the share and the 2 are all hidden
    assert (python.meeting, python.learners_with_gap, python.meeting_pct) == (None, None, None)
    ml = by_id(cohort.skills)["ml"]
    # 1 skipped: hidden, and the 4 who rated it would give it away (5 - 4)
    assert (ml.not_assessed, ml.assessed) == (None, None)
    assert (ml.mean, ml.median) == (1.25, 1.5)  # over 4 learners
    assert [(p.skill, p.mean_gap, p.learners_with_gap) for p in cohort.priorities] == [
        ("ml", 1.0, None),
        ("python", 0.6, None),
        ("sql", 0.4, None),
        ("stats", 0.4, None),
    ]
    assert [(c.learner_count, c.mean) for c in cohort.categories] == [(5, 68.0), (5, 53.3)]


@pytest.mark.parametrize(
    ("k", "values", "shown", "guarded"),
    [
        # 9 learners, K = 3: the 8 would give the 1 away; hidden, the 1 may be 1 or 2.
        (3, [8, 1], [None, None], [0]),
        # The smallest other first; hidden beside the 1, the 3 could only be 3 (4 in all,
        # and a hidden count of K or more), so the 5 is hidden too.
        (3, [5, 1, 3, 0], [None, None, None, 0], [0, 2]),
        # Two small ones of 3 in all: 1 and 2 or 2 and 1, nothing pinned.
        (3, [5, 1, 2, 0], [5, None, None, 0], []),
        # Three of 1 each (3 in all): pinned, so the 6 is hidden.
        (3, [1, 1, 6, 1, 0], [None, None, None, None, 0], [2]),
        # All at K - 1 and nothing else to hide.
        (3, [2, 2, 2], [None, None, None], []),
        (3, [4, 4, 0], [4, 4, 0], []),  # nothing small
        # Over fewer than K learners every count is hidden alike, zeros too.
        (3, [0, 1, 0], [None, None, None], [0, 1, 2]),
        # With K = 2 a hidden count is 1 whatever else is hidden.
        (2, [5, 1], [5, None], []),
    ],
)
def test_counts_adding_up_to_a_total_hide_others_while_a_small_one_is_pinned(
    k, values, shown, guarded
):
    from mlcareer.cohort import _Suppressor

    assert _Suppressor(k).parts(values) == (shown, guarded)


def _more_learners(reports: Path, ratings: list[str]) -> None:
    for n, rating in enumerate(ratings):
        (reports.parent / f"x{n}.yaml").write_text(
            f"role: junior\nlearner: {{name: X{n}, id: x{n}}}\nratings: {{{rating}}}\n"
        )
        (reports / f"x{n}.json").write_text(make_report(reports.parent / f"x{n}.yaml"))


def test_min_group_hides_a_level_count_the_learner_count_would_give_away(reports):
    # python: dan 0, cat 1, ben 2, anon 2, ada 3, and four more at 2: levels 1, 1, 6, 1, 0
    # of 9. With K = 3 the three 1s are hidden, and as they add up to 3 (9 - 6), each
    # would be 1: the 6 is hidden too.
    _more_learners(reports, ["python: 2"] * 4)
    cohort = aggregate("reports", min_group=3)
    python = by_id(cohort.skills)["python"]
    assert python.levels == {"0": None, "1": None, "2": None, "3": None, "4": 0}
    assert python.not_assessed == 0 and "levels.2" in python.secondary
    row = next(
        line
        for line in run(
            "cohort", "reports", "-t", str(TINY), "--min-group", "3"
        ).stdout.splitlines()
        if line.startswith("Python")
    )
    # Need 2; mean (0+1+2*6+3)/9 = 16/9 = 1.78, median 2.0; meets 7 of 9, but the 2 with a
    # gap are fewer than 3, so the share is hidden.
    assert row.split() == ["Python", "2", "1.78", "2.0", "hidden", "<3", "<3", "hidden", "<3"]


def test_min_group_over_fewer_learners_than_k_hides_every_level_alike(reports):
    cohort = aggregate("reports", min_group=6)  # 5 learners
    assert all(set(s.levels.values()) == {None} and s.not_assessed is None for s in cohort.skills)
    assert [(r.id, r.learner_count, r.secondary) for r in cohort.roles] == [("junior", None, True)]


def test_min_group_hides_a_category_s_belief_drawn_from_fewer_than_k_learners():
    from mlcareer.belief import Claim, LearnerClaims, belief_vs_knowledge
    from mlcareer.cohort import _Suppressor

    # Claims are per learner and skill: many claims in a category may be one learner's.

    skills = [("a", "A", "c"), ("b", "B", "c")]
    one = LearnerClaims("Ada", [Claim("a", 3, 1, "contradicted"), Claim("b", 2, 2, None)])
    other = LearnerClaims("Ben", [Claim("a", 1, 1, "supported")])
    belief = belief_vs_knowledge(skills, [("c", "C")], [one, other], _Suppressor(3))
    assert belief.categories[0].hidden
    assert belief.categories[0].mean_claimed is None and belief.categories[0].claim_count is None
    shown = belief_vs_knowledge(skills, [("c", "C")], [one, other], _Suppressor(2))
    # Two learners, three claims: claimed (3 + 2 + 1) / 3 = 2.00, scored (1 + 2 + 1) / 3.
    assert not shown.categories[0].hidden
    assert (shown.categories[0].mean_claimed, shown.categories[0].mean_adjusted) == (2.0, 1.33)


def test_min_group_hides_a_role_count_the_learner_count_would_give_away(reports):
    (reports.parent / "eve.yaml").write_text(
        "role: analyst\nlearner: {name: Eve, id: eve}\nratings: {python: 1}\n"
    )
    (reports / "eve.json").write_text(make_report(reports.parent / "eve.yaml"))
    cohort = aggregate("reports", min_group=3)
    # Five juniors and one analyst: the 1 is small, and 6 - 5 would give it away.
    assert [(r.id, r.learner_count, r.secondary) for r in cohort.roles] == [
        ("junior", None, True),
        ("analyst", None, False),
    ]
    result = run("cohort", "reports", "-t", str(TINY), "--min-group", "3")
    assert "Roles: Junior (hidden), Analyst (<3)" in result.stdout


def test_learner_ids_in_other_cases_are_one_learner_as_on_a_roster(reports):
    (reports.parent / "ben-upper.yaml").write_text(
        "role: junior\nlearner: {name: Ben, id: BEN}\nratings: {python: 4}\n"
    )
    (reports / "ben-upper.json").write_text(
        make_report(reports.parent / "ben-upper.yaml", created_at=EARLIER)
    )
    cohort = aggregate("reports")
    # Still five learners: BEN's report is older than ben's, which counts (python 2).
    assert cohort.learner_count == 5
    assert by_id(cohort.learners)["ben"].readiness == 75.0
    assert [(w.kind, w.learner_id, w.message) for w in cohort.warnings] == [
        (
            "same-id-other-case",
            "BEN",
            "learner ids `BEN` (reports/ben-upper.json), `ben` (reports/ben.json) differ only "
            "in case, so they are one learner (as on a roster) and the latest report counts: "
            "check who made each one",
        )
    ]


def test_min_group_larger_than_the_cohort_hides_every_figure(reports):
    cohort = aggregate("reports", min_group=6)
    assert cohort.learner_count == 5
    assert cohort.readiness_mean is None and cohort.priorities == []
    assert all(s.mean is None and s.mean_gap is None for s in cohort.skills)
    assert all(c.mean is None for c in cohort.categories)


# -- mixed taxonomies ------------------------------------------------------------------------


@pytest.fixture
def eve(reports, tmp_path) -> Path:
    """A sixth learner assessed with tiny-v2 (stats renamed statistics, deploy added)."""
    answers = tmp_path / "eve.yaml"
    answers.write_text(
        "role: junior\nlearner: {name: Eve, id: eve}\n"
        "ratings: {python: 2, sql: 1, statistics: 2, ml: 2, deploy: 1}\n"
    )
    path = reports / "eve.json"
    path.write_text(make_report(answers, taxonomy=TINY_V2))
    return path


def test_reports_of_two_taxonomies_are_refused(eve):
    result = run("cohort", *BOTH, "reports")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "mlcareer: the learners' latest reports come from 2 different taxonomies, so their "
        "figures do not compare: aggregate each group separately, assess again with one taxonomy, "
        "or pass --allow-mixed to compare by skill id"
    )
    assert lines[1].startswith("mlcareer:   taxonomy `tiny` version 1 (sha256 ")
    assert lines[1].endswith(
        "5 learners: reports/ada.json, reports/anon.json, reports/ben.json and 2 more"
    )
    assert lines[2].endswith("1 learner: reports/eve.json")


def test_bad_files_and_mixed_taxonomies_are_reported_in_one_run(eve, tmp_path):
    (eve.parent / "zz-broken.json").write_text("{")
    result = run("cohort", *BOTH, "reports")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("mlcareer: reports/zz-broken.json:1:2: is not valid JSON")
    assert lines[1] == (
        "mlcareer: 1 file could not be read as a report: fix or remove it, or pass "
        "--skip-invalid to aggregate the others"
    )
    assert lines[2].startswith("mlcareer: the learners' latest reports come from 2 different")
    assert len(lines) == 5


def test_allow_mixed_compares_shared_skills_and_says_what_it_dropped(eve):
    cohort = aggregate("reports", allow_mixed=True)
    assert [s.id for s in cohort.skills] == ["python", "sql", "ml"]
    assert [(d.id, d.missing_from) for d in cohort.dropped_skills] == [
        ("stats", ["tiny 2"]),
        ("deploy", ["tiny 1"]),  # the order in which the reports named them
        ("statistics", ["tiny 1"]),
    ]
    assert [(d.id, d.missing_from) for d in cohort.dropped_categories] == [("ops", ["tiny 1"])]
    assert cohort.learner_count == 6


def test_a_taxonomy_maps_former_skill_ids_so_nothing_renamed_is_dropped(eve):
    v2 = load_taxonomy(TINY_V2)
    cohort = aggregate("reports", allow_mixed=True, current_id=v2.current_id)
    assert [s.id for s in cohort.skills] == ["python", "sql", "statistics", "ml"]
    assert [d.id for d in cohort.dropped_skills] == ["deploy"]
    # stats of the five tiny-1 learners (0 1 2 0 1) and eve's statistics 2:
    # counts 0:2 1:2 2:2; mean 6/6 = 1.0; median of 0 0 1 1 2 2 = 1.0
    statistics = by_id(cohort.skills)["statistics"]
    assert statistics.levels == {"0": 2, "1": 2, "2": 2, "3": 0, "4": 0}
    assert (statistics.mean, statistics.median) == (1.0, 1.0)


def test_an_old_report_of_another_taxonomy_does_not_count_as_mixing(reports, tmp_path):
    answers = tmp_path / "dan-v2.yaml"
    answers.write_text(
        "role: junior\nlearner: {id: dan}\nratings: {python: 1, sql: 1, statistics: 1, ml: 1}\n"
    )
    # dan's tiny-1 report is newer than this tiny-2 one, so only tiny 1 is in use
    (reports / "dan-v2.json").write_text(make_report(answers, taxonomy=TINY_V2, created_at=EARLIER))
    cohort = aggregate("reports")
    assert [(t.version, t.report_count, t.learner_count) for t in cohort.taxonomies] == [
        ("1", 6, 5),
        ("2", 1, 0),
    ]
    assert cohort.dropped_skills == []


# -- inputs ------------------------------------------------------------------------------------


def test_bad_files_are_listed_with_the_reason_and_exit_2(reports, tmp_path):
    shutil.copytree(COHORT / "bad", tmp_path / "bad")
    result = run("cohort", *WITH_TINY, "reports", "bad", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    # truncated.json line 4 is `  "taxonomy": {"id": "tiny", "title": "Tiny`: the string
    # that never ends opens at column 39.
    assert result.stderr.splitlines() == [
        "mlcareer: bad/answers.json:1:1: is an answers file, not a report: make the report "
        "with `mlcareer assess --answers FILE --format json`",
        "mlcareer: bad/empty.json: is empty: give a report from `mlcareer assess --format json`",
        "mlcareer: bad/list.json:1:1: holds JSON but not a report object: give the output of "
        "`mlcareer assess --format json`",
        "mlcareer: bad/truncated.json:4:39: is not valid JSON (Unterminated string starting "
        "at): is it a complete report from `mlcareer assess --format json`?",
        "mlcareer: 4 files could not be read as a report: fix or remove them, or pass "
        "--skip-invalid to aggregate the others",
    ]


def test_skip_invalid_warns_and_aggregates_the_rest(reports, tmp_path):
    shutil.copytree(COHORT / "bad", tmp_path / "bad")
    result = run("cohort", *WITH_TINY, "reports", "bad", "--skip-invalid", "--format", "json")
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == 4
    assert warnings[1] == (
        "mlcareer: warning: bad/empty.json: is empty: give a report from "
        "`mlcareer assess --format json` (skipped)"
    )
    data = json.loads(result.stdout)
    assert (data["learner_count"], data["invalid_skipped"], data["readiness_mean"]) == (5, 4, 62.5)


def test_a_report_edited_out_of_range_is_refused(reports, tmp_path):
    data = json.loads((reports / "ben.json").read_text())
    data["skills"][0]["rating"] = 9
    (tmp_path / "edited.json").write_text(json.dumps(data))
    with pytest.raises(MlcareerError) as caught:
        aggregate("edited.json")
    # the report model bounds levels to 0-4 (and the published schema says so)
    assert caught.value.problems[0].message == (
        "does not match the report schema: `rating` must be at most 4, not 9"
    )


def test_a_report_of_another_schema_version_says_so(reports, tmp_path):
    data = json.loads((reports / "ben.json").read_text())
    data["schema_version"] = 3
    (tmp_path / "v3.json").write_text(json.dumps(data))
    result = run("cohort", *WITH_TINY, "v3.json")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "mlcareer: v3.json:1:20: report schema_version 3 is not supported by this mlcareer, "
        "which reads versions 1 to 2: upgrade mlcareer, or write the report again with "
        "`mlcareer assess --format json`"
    )


def test_missing_paths_empty_folders_and_globs_matching_nothing(reports, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("cohort", *WITH_TINY, "nowhere.json", "empty", "reports/*.jsn")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "mlcareer: nowhere.json: no such report: check the path",
        "mlcareer: empty: the folder holds no .json file: check the path",
        "mlcareer: reports/*.jsn: the pattern matches no file: check it",
    ]
    # A path naming nothing is not a bad file: --skip-invalid is not suggested, nor does it
    # help (P2-11).
    skipping = run("cohort", *WITH_TINY, "--skip-invalid", "nowhere.json", "reports")
    assert skipping.exit_code == 2
    assert skipping.stderr == "mlcareer: nowhere.json: no such report: check the path\n"


def test_folders_are_read_recursively_skipping_hidden_ones(reports):
    (reports / "term2").mkdir()
    shutil.move(reports / "dan.json", reports / "term2" / "dan.json")
    (reports / ".git").mkdir()
    (reports / ".git" / "junk.json").write_text("not a report")
    cohort = aggregate("reports")
    assert cohort.learner_count == 5


def test_globs_and_overlapping_arguments_read_each_file_once(reports):
    cohort = aggregate("reports/a*.json", "reports", "reports/anon.json")
    assert (cohort.learner_count, cohort.reports_read) == (5, 6)


def test_stdin_json_lines(reports):
    lines = [
        json.dumps(json.loads((reports / f"{name}.json").read_text()))
        for name in ("ada", "ben", "cat", "dan", "anon")
    ]
    result = run("cohort", *WITH_TINY, "-", "--format", "json", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["learner_count"], data["readiness_mean"]) == (5, 62.5)
    assert data["learners"][0]["file"] == "<stdin>:5"  # anon, sorted by its label


def test_stdin_list_of_paths(reports):
    result = run(
        "cohort",
        *WITH_TINY,
        "-",
        "--format",
        "json",
        input="reports/ada-old.json\n\nreports/ada.json\nreports/ben.json\n",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["learner_count"], data["superseded"]) == (2, 1)


def test_a_bad_line_on_stdin_is_named_by_its_line_number(reports):
    result = run("cohort", *WITH_TINY, "-", input='{"schema_version": 1\n')
    assert result.exit_code == 2
    # `{"schema_version": 1` is 20 characters: the comma JSON expects would be the 21st
    assert result.stderr.splitlines()[0] == (
        "mlcareer: <stdin>:1:21: is not valid JSON (Expecting ',' delimiter): is it a complete "
        "report from `mlcareer assess --format json`?"
    )


# -- formats --------------------------------------------------------------------------------


def test_json_output(reports):
    result = run("cohort", *WITH_TINY, "reports", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cohort_schema_version"] == 2
    assert (data["learner_count"], data["readiness_median"], data["at_risk_count"]) == (5, 75.0, 1)
    assert data["priorities"][0] == {
        "rank": 1,
        "skill": "ml",
        "name": "Machine learning",
        "mean_gap": 1.0,
        "learners_with_gap": 3,
        "meeting_pct": 40.0,
        "secondary": [],
    }


def test_csv_of_skills_opens_in_a_spreadsheet(reports):
    result = run("cohort", *WITH_TINY, "reports", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffskill_id,skill,category,")  # BOM: Excel reads UTF-8
    assert b"\r\n" in result.stdout_bytes  # CliRunner's .stdout folds CRLF
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0] == [
        "skill_id",
        "skill",
        "category",
        "required_min",
        "required_max",
        "required_by",
        "meeting",
        "meeting_pct",
        "mean",
        "median",
        "assessed",
        "not_assessed",
        "level_0",
        "level_1",
        "level_2",
        "level_3",
        "level_4",
        "learners_with_gap",
        "mean_gap",
        "priority_rank",
    ]
    assert rows[1] == [
        "python",
        "Python",
        "code",
        "2",  # required_min and required_max: "1-3" became a date in Excel (P2-5)
        "2",
        "5",
        "3",
        "60",
        "1.6",
        "2",
        "5",
        "0",
        "1",
        "1",
        "2",
        "1",
        "0",
        "2",
        "0.6",
        "2",
    ]
    assert rows[4] == [
        "ml",
        "Machine learning",
        "maths",
        "2",
        "2",
        "5",
        "2",
        "40",
        "1.25",
        "1.5",
        "4",
        "1",
        "1",
        "1",
        "2",
        "0",
        "0",
        "3",
        "1",
        "1",
    ]


def test_csv_of_learners_defuses_formulas(reports, tmp_path):
    answers = tmp_path / "mallory.yaml"
    answers.write_text(
        'role: junior\nlearner: {name: "=HYPERLINK(\\"http://x\\")", id: mallory}\n'
        "ratings: {python: 4, sql: 4, stats: 4, ml: 4}\n"
    )
    (reports / "mallory.json").write_text(make_report(answers))
    result = run("cohort", *WITH_TINY, "reports", "--format", "csv", "--csv-table", "learners")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0] == [
        "learner_id",
        "name",
        "file",
        "role",
        "created_at",
        "readiness",
        "at_risk",
        "code",
        "maths",
    ]
    assert next(row for row in rows if row[0] == "ada") == [
        "ada",
        "Ada",
        "reports/ada.json",
        "junior",
        LATER,
        "62.5",
        "no",
        "100",
        "0",
    ]
    mallory = next(row for row in rows if row[0] == "mallory")
    assert mallory[1] == '\'=HYPERLINK("http://x")'


def test_csv_of_learners_at_risk_lists_their_gaps(reports):
    result = run(
        "cohort",
        *WITH_TINY,
        "reports",
        "-f",
        "csv",
        "--csv-table",
        "at-risk",
        "--at-risk-below",
        "70",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "\ufefflearner_id,name,file,role,readiness,gaps\n"
        'dan,Dan,reports/dan.json,junior,0,"Python 0/2, Machine learning 0/2, SQL 0/1, '
        'Statistics 0/1"\n'
        'ada,Ada,reports/ada.json,junior,62.5,"Machine learning skipped/2, Statistics 0/1"\n'
    )


def test_csv_of_learners_is_refused_under_min_group(reports):
    result = run(
        "cohort", *WITH_TINY, "reports", "-f", "csv", "--csv-table", "learners", "--min-group", "3"
    )
    assert result.exit_code == 2
    assert "per-learner rows are hidden by --min-group 3" in result.stderr


def test_csv_table_needs_csv(reports):
    result = run("cohort", *WITH_TINY, "reports", "--csv-table", "learners")
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --csv-table chooses the table of --format csv: add --format csv\n"
    )


def test_markdown_output(reports):
    result = run("cohort", *WITH_TINY, "reports", "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Cohort report"
    assert lines[2] == (
        "5 learners · 6 reports read · 1 older report set aside. Taxonomy tiny 1 (Tiny test "
        "taxonomy). Roles: Junior (5)."
    )
    assert "Readiness: mean 62.5%, median 75.0%." in lines
    assert "| Python | 2 | 1.60 | 2.0 | 60.0% | 1 | 1 | 2 | 1 | 0 | 0 |" in lines
    assert "| Machine learning | 2 | 1.25 | 1.5 | 40.0% | 1 | 1 | 2 | 0 | 0 | 1 |" in lines
    assert "| 1 | Machine learning | 1.00 | 3 | 40.0% |" in lines
    assert "| Dan (dan) | 0.0% | Python 0/2, Machine learning 0/2, SQL 0/1, +1 more |" in lines
    assert "| Ben (ben) | 75.0 | 80.0 | 66.6 |" in lines
    assert "| **mean** | 62.5 | 68.0 | 53.3 |" in lines


def test_markdown_under_min_group_shows_small_counts_as_less_than_k(reports):
    result = run("cohort", *WITH_TINY, "reports", "--format", "markdown", "--min-group", "3")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # Python's levels 0, 1, 2, 2, 3: each level's count is 1 or 2, so <3. Meets is 3 of 5
    # (60 %), hidden because it would give the 2 below away: 'hidden', not '<3', which
    # would read as "fewer than 3 meet".
    assert "| Python | 2 | 1.60 | 2.0 | hidden | <3 | <3 | <3 | <3 | 0 | 0 |" in lines
    assert (
        "Shared with --min-group 3: per-learner rows are hidden; a count of 1 to 2 learners "
        "shows as <3, and a figure taken over fewer than 3 learners, or that would give such "
        "a count away, as hidden."
    ) in result.stdout.replace("\n", " ")
    assert "<3 learners (names hidden)." in lines
    assert not any("Dan" in line for line in lines)


def test_table_output(reports):
    result = run("cohort", *WITH_TINY, "reports")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "mlcareer cohort · 5 learners · 6 reports read · 1 older report set aside" in out
    assert "Readiness: mean 62.5%, median 75.0%" in out
    assert "At risk: readiness below 50%: 1" in out
    assert "\nDan (dan)       0.0%  Python 0/2, Machine learning 0/2, SQL 0/1, +1 more\n" in out
    # Means with two decimals and medians with one, always: Python's levels 0, 1, 2, 2, 3
    # give a mean of 8/5 = 1.60 (not 1.6 beside 1.52) and a median of 2.0.
    assert re.search(r"\nPython +2 +1\.60 +2\.0 +60\.0% ", out)
    # Without colour (not a terminal), the legend does not speak of colours.
    assert "Skills  learners per level, against the required level (Need)\n" in out
    assert "red below" not in out


def test_the_skills_legend_explains_the_colours_when_there_are_colours(reports):
    # A colour terminal (the tests run under NO_COLOR, see conftest.py).
    colour = {"FORCE_COLOR": "1", "NO_COLOR": None}
    result = runner.invoke(app, ["cohort", *WITH_TINY, "reports"], env=colour)
    assert result.exit_code == 0, result.output
    assert "learners per level: red below the required level, green at or above it" in (
        re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    )


def test_output_file_takes_its_format_from_the_extension(reports, tmp_path):
    result = run("cohort", *WITH_TINY, "reports", "-o", "class.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "class.csv").read_text(encoding="utf-8-sig").startswith("skill_id,")


def test_options_out_of_range_are_usage_errors(reports):
    assert run("cohort", *WITH_TINY, "reports", "--at-risk-below", "120").exit_code == 2
    assert run("cohort", *WITH_TINY, "reports", "--min-group", "0").exit_code == 2
    assert run("cohort").exit_code == 2


def test_from_assess_to_cohort_as_an_instructor_runs_it(tmp_path, monkeypatch, tiny_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    for name in ("ben", "cat"):
        result = run(
            "assess",
            "-t",
            str(tiny_path),
            "-a",
            str(COHORT / "answers" / f"{name}.yaml"),
            "--learner-id",
            f"s-{name}",
            "-f",
            "json",
            "-o",
            f"reports/{name}.json",
        )
        assert result.exit_code == 0, result.output
    result = run("cohort", *WITH_TINY, "reports", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # ben 75.0 and cat 75.0 (see the module docstring)
    assert [(r["id"], r["readiness"]) for r in data["learners"]] == [
        ("s-ben", 75.0),
        ("s-cat", 75.0),
    ]
    assert data["readiness_mean"] == 75.0


@pytest.mark.parametrize(
    ("k", "small"), [(2, "a count of 1 learner shows as <2"), (4, "1 to 3 learners shows as <4")]
)
def test_the_min_group_legend_says_which_counts_show_as_small(reports, k, small):
    result = run("cohort", "reports", "-t", str(TINY), "--min-group", str(k))
    assert small in " ".join(result.stdout.split())


def test_an_at_risk_learner_s_gaps_give_the_level_the_checks_left(tmp_path, monkeypatch):
    """Rated 2 in python, but python-2 (level 2) answered wrong: contradicted, scored at
    level 1. The gap list shows 1/2 and the JSON calls it the level, not the rating."""
    monkeypatch.chdir(tmp_path)
    Path("reports").mkdir()
    Path("eve.yaml").write_text(
        "role: junior\nlearner: {name: Eve, id: eve}\n"
        "ratings: {python: 2, sql: 0, stats: 0, ml: 0}\nchecks: {python-2: 0}\n"
    )
    Path("reports/eve.json").write_text(make_report(Path("eve.yaml")))
    data = json.loads(run("cohort", "reports", "-t", str(TINY), "-f", "json").stdout)
    # Gaps: python 2 - 1, sql 1 - 0, stats 1 - 0, ml 2 - 0; largest first, taxonomy order.
    assert [(g["skill"], g["level"], g["required"]) for g in data["at_risk"][0]["gaps"]] == [
        ("ml", 0, 2),
        ("python", 1, 2),
        ("sql", 0, 1),
        ("stats", 0, 1),
    ]
    table = run("cohort", "reports", "-t", str(TINY)).stdout
    assert "largest gaps as level/required" in table
    assert "Machine learning 0/2, Python 1/2, SQL 0/1, +1 more" in " ".join(table.split())


def test_an_edited_latest_report_says_an_earlier_one_counts(reports):
    data = json.loads((reports / "ada.json").read_text())
    data["readiness"] = 99.0
    (reports / "ada.json").write_text(json.dumps(data, indent=2))
    cohort = aggregate("reports")
    # ada-old (python 1, sql 0, stats 0, ml 0): (2 + 0 + 0 + 0) / 8 = 25.0.
    assert by_id(cohort.learners)["ada"].readiness == 25.0
    assert [(w.kind, w.files, w.message) for w in cohort.warnings] == [
        (
            "earlier-report-counts",
            ["reports/ada.json", "reports/ada-old.json"],
            "reports/ada.json: the latest report of learner `ada` was edited by hand, so an "
            "earlier one counts (reports/ada-old.json): ask them to run `mlcareer assess` again",
        )
    ]


def test_a_min_group_above_the_learner_count_says_everything_is_hidden(reports):
    result = run("cohort", "reports", "-t", str(TINY), "--min-group", "6")
    assert (
        "--min-group 6 is more than the 5 learners here, so every figure drawn from them is "
        "hidden: share the figures of a larger group, or none."
    ) in " ".join(result.stdout.split())
    assert (
        "more than the" not in run("cohort", "reports", "-t", str(TINY), "--min-group", "5").stdout
    )
