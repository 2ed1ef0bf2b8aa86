"""The cohort's fast check (cohort_scoring) against the slow one (report_for + check_report).

The fast path may only ever say "this report is exactly what its answers give"; for anything
else it declines and the slow path decides. So: on reports `mlcareer assess` writes, the fast
figures are the slow path's re-derived report's, figure for figure (a property over random
answers and three taxonomies); on any edit, it declines and the cohort's outcome is the slow
path's; with a pool of workers the output is byte-identical to the serial one.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlcareer import cohort_scoring
from mlcareer.answers import Answers
from mlcareer.cli import app
from mlcareer.cohort import build_cohort
from mlcareer.cohort_evidence import TaxonomyShelf, check_report
from mlcareer.cohort_scoring import ReportScorer, ScorerShelf, figures_of
from mlcareer.cohort_sources import iter_sources
from mlcareer.errors import MlcareerError
from mlcareer.report import AssignmentInfo
from mlcareer.report_file import read_report_text
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .conftest import HERE, TINY

CREATED = "2026-09-21T14:13:20Z"
TAXONOMIES = {
    "default": load_taxonomy(None),  # core and weights, needs, prerequisites, 250 checks
    "tiny": load_taxonomy(TINY),  # aliases, prerequisites, category weights
    "checklist": load_taxonomy(HERE / "data" / "checklist.yaml"),  # steps without hours
}


def slow_figures(taxonomy, text: str):
    """What the slow path aggregates for a report text: its re-derived report's figures."""
    verdict = check_report(read_report_text(text, "r.json"), "r.json", TaxonomyShelf([taxonomy]))
    assert verdict.outcome == "checked", verdict.reason
    return figures_of(verdict.report)


@st.composite
def reports(draw, taxonomy):
    """A report as `mlcareer assess` writes it, from random answers."""
    skills = [skill.id for skill in taxonomy.skills()]
    checks = [check for _, check in taxonomy.checks()]
    ratings = {sid: draw(st.none() | st.integers(0, 4)) for sid in skills}
    answered = (
        draw(st.lists(st.sampled_from(checks), unique_by=lambda c: c.id, max_size=12))
        if checks
        else []
    )
    chosen = {c.id: draw(st.integers(0, len(c.choices) - 1)) for c in answered}
    confidence = {
        cid: draw(st.sampled_from(["low", "medium", "high"]))
        for cid in chosen
        if draw(st.booleans())
    }
    learner = draw(
        st.sampled_from([(None, None), ("Ada Lovelace", None), (None, "s001"), ("Ben", "b.2")])
    )
    # Checklist ticks, as the questionnaire keeps them (a skill may be answered with its
    # checklist and nothing ticked), for the skills that have indicators.
    indicators = {}
    for skill in taxonomy.skills():
        if skill.indicators and draw(st.booleans()):
            indicators[skill.id] = {
                level: picked
                for level, items in skill.indicators.items()
                if (picked := sorted(draw(st.sets(st.integers(1, len(items))))))
            }
    answers = Answers(
        role=draw(st.sampled_from(taxonomy.roles)),
        ratings=ratings,
        learner_name=learner[0],
        learner_id=learner[1],
        checks=chosen,
        confidence=confidence,
        seed=draw(st.none() | st.integers(0, 2**31)),
        indicators=indicators,
    )
    report = report_for(
        taxonomy, answers, created_at=CREATED, tool_version="0.1.0", trust_self=draw(st.booleans())
    )
    if draw(st.booleans()):
        report = report.model_copy(
            update={"assignment": AssignmentInfo(id="week-3", title="Week 3", due=None)}
        )
    return report.model_dump_json()


@pytest.mark.parametrize("name", sorted(TAXONOMIES))
def test_the_fast_figures_are_the_slow_ones(name):
    taxonomy = TAXONOMIES[name]
    scorer = ReportScorer(taxonomy)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=True,
    )
    @given(reports(taxonomy))
    def check(text):
        fast = scorer.check(text.encode())
        assert fast is not None  # a report as assess writes it is vouched for
        assert fast == slow_figures(taxonomy, text)

    check()


def tiny_report(**answers) -> str:
    # junior requires python 2, sql 1, stats 1, ml 2 (ml needs python and stats at 1).
    # Importances: python 2 x 1 = 2, sql 2 x 0.5 = 1, stats 1, ml 1; weighted levels
    # required 2*2 + 1*1 + 1*1 + 1*2 = 8. Levels python 1, sql 0, stats 1, ml 0 meet
    # 2*1 + 0 + 1*1 + 0 = 3 of 8: readiness 37.5. Code (python, sql): 2/5 = 40.0;
    # maths (stats, ml): 1/3 = 33.3 (floored).
    tax = TAXONOMIES["tiny"]
    ratings = {"python": 1, "sql": 0, "stats": 1, "ml": 0}
    return report_for(
        tax,
        Answers(role=tax.role("junior"), ratings=ratings, **answers),
        created_at=CREATED,
        tool_version="0.1.0",
    ).model_dump_json()


def test_figures_worked_by_hand():
    figures = ReportScorer(TAXONOMIES["tiny"]).check(tiny_report(learner_id="s1").encode())
    assert figures is not None
    assert figures.skill_ids == ("python", "sql", "stats", "ml")
    assert figures.readiness == 37.5
    assert figures.category_scores == (40.0, 33.3)
    assert figures.levels == (1, 0, 1, 0)
    assert figures.required == (2, 1, 1, 2)
    assert figures.learner_id == "s1"
    assert figures.checks == ()


def test_checks_come_in_the_taxonomy_order():
    # Answered python-2 first, then python-1: the taxonomy lists python-1 first. python-2
    # right (choice 1) supports the rating 1 (an item at or above the target level 1).
    text = tiny_report(checks={"python-2": 1, "python-1": 0})
    figures = ReportScorer(TAXONOMIES["tiny"]).check(text.encode())
    assert figures is not None
    assert figures.checks == (("python-1", 0), ("python-2", 1))
    assert figures.evidence[0] == "supported"
    assert figures == slow_figures(TAXONOMIES["tiny"], text)


def _default_report() -> dict:
    tax = TAXONOMIES["default"]
    skills = list(tax.skills())
    ratings = {s.id: (i * 7) % 5 for i, s in enumerate(skills)}
    checks = [check for skill in skills[:6] for check in skill.checks[:1]]
    answers = Answers(
        role=tax.roles[0],
        ratings=ratings,
        learner_name="Ada",
        learner_id="ada",
        checks={c.id: c.answer for c in checks[:3]} | {c.id: 0 for c in checks[3:]},
        confidence={checks[0].id: "high"},
        seed=7,
    )
    report = report_for(tax, answers, created_at=CREATED, tool_version="0.1.0")
    return json.loads(report.model_dump_json())


def _first_with(items, key):
    return next(item for item in items if item[key])


EDITS = {
    # Figures the cohort never shows, compared all the same.
    "a resource's url": lambda d: d["plan"]["steps"][0]["resources"][0].update(url="https://x.io"),
    "the steps waiting": lambda d: _first_with(d["plan"]["steps"], "needed_by")["needed_by"].pop(),
    "two steps swapped": lambda d: d["plan"]["steps"].insert(1, d["plan"]["steps"].pop(0)),
    "a step's hours and the total": lambda d: (
        d["plan"]["steps"][0].update(hours=d["plan"]["steps"][0]["hours"] + 1),
        d["plan"].update(total_hours=d["plan"]["total_hours"] + 1),
        d["summary"].update(plan_hours=d["plan"]["total_hours"]),
    ),
    "another role's hours": lambda d: d["role_fit"][-1].update(hours_to_close=1.0),
    "a check's explanation": lambda d: d["calibration"]["answers"][0].update(explanation="x"),
    "the calibration's accuracy": lambda d: d["calibration"].update(accuracy=1.0),
    "the calibration's Brier score": lambda d: d["calibration"].update(brier=0.0),
    "the calibration's seed": lambda d: d["calibration"].update(seed=8),
    "a check's confidence": lambda d: d["calibration"]["answers"][0].update(confidence="low"),
    "a check's chosen text": lambda d: d["calibration"]["answers"][-1].update(chosen="x"),
    "two checks swapped": lambda d: d["calibration"]["answers"].reverse(),
    "a judged skill's checks": lambda d: _first_with(d["calibration"]["skills"], "checks")[
        "checks"
    ].clear(),
    "an unverified skill's level": lambda d: next(
        s for s in d["calibration"]["skills"] if s["evidence"] == "unverified"
    ).update(adjusted_level=0),
    "the summary's strengths": lambda d: d["summary"]["strengths"].reverse(),
    "a priority": lambda d: _first_with(d["skills"], "priority").update(priority=0.5),
    "a category weight": lambda d: d["categories"][0].update(weight=3.0),
    # Figures it shows.
    "a level": lambda d: _first_with(d["skills"], "level").update(level=0, gap=2),
    "an evidence": lambda d: _first_with(d["skills"], "evidence").update(evidence="supported"),
    "a category score": lambda d: d["categories"][0].update(score=1.0),
    "the readiness": lambda d: d.update(readiness=99.9),
    "the role's name": lambda d: d["role"].update(name="Chief"),
    "a rating in the answers": lambda d: d["answers"]["ratings"].update(python=4),
    "a confidence for a check not answered": lambda d: d["answers"]["confidence"].update(
        {"nope": "low"}
    ),
    "a learner id that prints alike": lambda d: d["learner"].update(id="аda"),  # Cyrillic а
    "a field no report has": lambda d: d.update(extra=1),
    "an answer out of range": lambda d: d["answers"]["checks"].update(
        {next(iter(d["answers"]["checks"])): 99}
    ),
    "created_at not a time": lambda d: d.update(created_at="yesterday"),
}


def _outcome(folder: Path, **options):
    try:
        return build_cohort(
            iter_sources([str(folder)]), taxonomies=[TAXONOMIES["default"]], **options
        ).model_dump_json()
    except MlcareerError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_report_is_left_to_the_slow_path(edit, tmp_path, monkeypatch):
    good = _default_report()
    edited = json.loads(json.dumps(good))
    EDITS[edit](edited)
    assert edited != good
    text = json.dumps(edited)
    assert ReportScorer(TAXONOMIES["default"]).check(text.encode()) is None
    (tmp_path / "a.json").write_text(json.dumps(good))
    (tmp_path / "b.json").write_text(text)
    fast = _outcome(tmp_path, skip_invalid=True, workers=1)
    monkeypatch.setattr(ScorerShelf, "check", lambda self, data: None)
    assert fast == _outcome(tmp_path, skip_invalid=True, workers=1)
    # And the edit is caught: listed as edited, or skipped as not a valid report.
    cohort = json.loads(fast)
    assert cohort["learner_count"] == 1
    assert cohort["edited_count"] + cohort["invalid_skipped"] == 1


def test_a_number_out_of_range_is_exit_2_naming_the_file(tmp_path):
    data = _default_report()
    (tmp_path / "good.json").write_text(json.dumps(data))
    text = json.dumps(data).replace('"priority": 0.0', '"priority": 1e999', 1)
    assert "1e999" in text
    (tmp_path / "huge.json").write_text(text)
    assert ReportScorer(TAXONOMIES["default"]).check(text.encode()) is None
    result = CliRunner().invoke(app, ["cohort", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'huge.json'}:" in result.output
    assert "Traceback" not in result.output


def _folder_of_many(folder: Path) -> None:
    """45 reports: learners with two reports each, one edited, one not JSON, one of
    schema 1 that cannot be checked, and reports of two taxonomies."""
    tax = TAXONOMIES["tiny"]
    for n in range(40):
        ratings = {"python": n % 5, "sql": (n // 5) % 5, "stats": None if n % 7 == 0 else n % 3}
        report = report_for(
            tax,
            Answers(
                role=tax.roles[n % 2],
                ratings=ratings | {"ml": (n * 3) % 5},
                learner_id=f"s{n % 30:02d}",
                checks={"python-1": n % 4} if n % 3 == 0 else {},
            ),
            created_at=f"2026-09-{1 + n // 30:02d}T08:00:00Z",
            tool_version="0.1.0",
        )
        (folder / f"r{n:02d}.json").write_text(report.model_dump_json())
    edited = json.loads((folder / "r05.json").read_text())
    edited["readiness"] = 100.0
    (folder / "r05.json").write_text(json.dumps(edited))
    (folder / "r06.json").write_text("{not json")
    old = json.loads((folder / "r07.json").read_text())
    old["schema_version"] = 1
    del old["answers"], old["assignment"]
    (folder / "r07.json").write_text(json.dumps(old))


def test_a_pool_gives_the_serial_output_byte_for_byte(tmp_path, monkeypatch):
    _folder_of_many(tmp_path)
    monkeypatch.setattr(cohort_scoring, "POOL_AFTER", 4)
    monkeypatch.setattr(cohort_scoring, "BATCH", 3)

    def cohort(workers: int) -> str:
        return build_cohort(
            iter_sources([str(tmp_path)]),
            taxonomies=[TAXONOMIES["tiny"]],
            skip_invalid=True,
            now=None,
            workers=workers,
        ).model_dump_json()

    serial = cohort(1)
    assert cohort(2) == serial
    result = json.loads(serial)
    # 40 files: 1 not JSON (skipped), 1 edited, 1 of schema 1 (left out, unchecked); 37
    # aggregated, from 30 learner ids.
    assert (result["invalid_skipped"], result["edited_count"], result["unchecked_count"]) == (
        1,
        1,
        1,
    )
    assert result["reports_read"] == 37
    # And the serial fast path is the slow path's output.
    monkeypatch.setattr(ScorerShelf, "check", lambda self, data: None)
    assert cohort(1) == serial


def test_the_struct_of_the_report_reads_what_the_model_writes():
    import msgspec

    text = json.dumps(_default_report())
    decoded = cohort_scoring._report_decoder().decode(text.encode())
    assert msgspec.to_builtins(decoded) == json.loads(text)


@pytest.mark.parametrize(
    ("load", "free"),
    [
        # 2 cores; this process counts as free: round(2 - load + 1), from 1 to 2.
        (0.0, 2),  # idle: round(3.0) = 3, at most the 2 cores
        (1.0, 2),  # one busy process (this one, say): round(2.0) = 2
        (1.6, 1),  # round(1.4) = 1
        (2.5, 1),  # loaded: round(0.5) = 0 (round half to even), at least 1
        (6.0, 1),  # round(-3.0): at least 1
    ],
)
def test_without_a_measure_the_pool_goes_by_the_load_average(load, free, monkeypatch):
    monkeypatch.setattr(cohort_scoring, "_usable_cores", lambda: 2)
    monkeypatch.setattr(cohort_scoring.os, "getloadavg", lambda: (load, 0.0, 0.0))
    assert cohort_scoring._free_cores() == free


def test_without_a_load_average_the_pool_takes_every_core(monkeypatch):
    def no_load_average():
        raise OSError("no load average here")

    monkeypatch.setattr(cohort_scoring, "_usable_cores", lambda: 4)
    monkeypatch.setattr(cohort_scoring.os, "getloadavg", no_load_average)
    assert cohort_scoring._free_cores() == 4


@pytest.mark.parametrize(
    ("idle", "free"),
    [
        (1.0, 2),  # the other core idle: this one and that one
        (0.9, 2),  # 1 + round(0.9)
        (0.5, 1),  # 1 + round(0.5) = 1 + 0 (round half to even): the other half busy
        (0.1, 1),  # another job on the other core
        (0.0, 1),
        (3.0, 2),  # more idle than there are cores (not possible, but bounded): at most 2
    ],
)
def test_the_pool_takes_the_cores_measured_idle(idle, free, monkeypatch):
    # Whatever the load average says: it lags a minute behind.
    monkeypatch.setattr(cohort_scoring, "_usable_cores", lambda: 2)
    monkeypatch.setattr(cohort_scoring.os, "getloadavg", lambda: (5.0, 5.0, 5.0))
    assert cohort_scoring._free_cores(idle) == free


def test_usable_cores_without_an_affinity_are_the_cpu_count(monkeypatch):
    monkeypatch.delattr(cohort_scoring.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(cohort_scoring.os, "cpu_count", lambda: 6)
    assert cohort_scoring._usable_cores() == 6


def test_cpu_times_add_the_idle_and_all_ticks_of_this_process_cores(tmp_path, monkeypatch):
    stat = tmp_path / "stat"
    stat.write_text(
        "cpu  999 0 999 999 0 0 0 0 0 0\n"  # the sum over every core: not counted again
        "cpu0 100 5 50 800 10 0 2 3 40 0\n"  # guest 40 is inside user 100: not added
        "cpu1 200 0 100 600 20 1 1 0 0 0\n"
        "cpu2 7 7 7 7 7 7 7 7 0 0\n"  # not one this process may run on
        "intr 12345 1 2 3\n"
        "ctxt 99\n"
    )
    monkeypatch.setattr(cohort_scoring.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    # idle + iowait: (800 + 10) + (600 + 20) = 1430; every tick but guest's:
    # (100+5+50+800+10+0+2+3) + (200+0+100+600+20+1+1+0) = 970 + 922 = 1892.
    assert cohort_scoring._cpu_times(str(stat)) == (1430, 1892)
    assert cohort_scoring._cpu_times(str(tmp_path / "missing")) is None
    stat.write_text("cpuX 1 2 3 4\n")
    assert cohort_scoring._cpu_times(str(stat)) is None  # not the layout expected


@pytest.mark.parametrize(
    ("before", "after", "idle"),
    [
        # 30 ticks passed on 2 cores, 15 of them idle: one core idle on average.
        ((100, 1000), (115, 1030), 1.0),
        ((100, 1000), (103, 1030), 0.2),  # 3 of 30: a fifth of a core
        ((100, 1000), (105, 1009), None),  # 9 ticks: too little time to tell
        (None, (105, 1030), None),
        ((100, 1000), None, None),
        ((100, 1000), (90, 1030), None),  # counters that went back: not to be trusted
    ],
)
def test_idle_cores_between_two_readings(before, after, idle, monkeypatch):
    monkeypatch.setattr(cohort_scoring, "_usable_cores", lambda: 2)
    assert cohort_scoring._idle_cores(before, after) == idle


def test_a_busy_machine_is_checked_in_one_process_whatever_the_load_average(tmp_path, monkeypatch):
    _folder_of_many(tmp_path)
    monkeypatch.setattr(cohort_scoring, "POOL_AFTER", 4)
    monkeypatch.setattr(cohort_scoring, "_usable_cores", lambda: 2)
    # Idle a minute ago, but no tick idle while the first reports were checked.
    monkeypatch.setattr(cohort_scoring.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    readings = iter([(500, 1000), (500, 1040)])
    monkeypatch.setattr(cohort_scoring, "_cpu_times", lambda: next(readings))

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started on a busy machine")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_pool)
    cohort = build_cohort(
        iter_sources([str(tmp_path)]), taxonomies=[TAXONOMIES["tiny"]], skip_invalid=True
    )
    assert cohort.reports_read == 37  # every file read, in this process
    assert next(readings, None) is None  # both readings were taken


def test_an_idle_machine_is_shared_with_a_worker_whatever_the_load_average(tmp_path, monkeypatch):
    _folder_of_many(tmp_path)
    monkeypatch.setattr(cohort_scoring, "POOL_AFTER", 4)
    monkeypatch.setattr(cohort_scoring, "BATCH", 3)
    monkeypatch.setattr(cohort_scoring, "_usable_cores", lambda: 2)
    # Busy a minute ago (the load average says so), but half of the ticks idle while the
    # first reports were checked: the other core.
    monkeypatch.setattr(cohort_scoring.os, "getloadavg", lambda: (4.0, 4.0, 4.0))
    readings = iter([(500, 1000), (520, 1040)])
    monkeypatch.setattr(cohort_scoring, "_cpu_times", lambda: next(readings))
    chosen = []
    free_cores = cohort_scoring._free_cores

    def recorded(idle=None):
        chosen.append(free_cores(idle))
        return chosen[-1]

    monkeypatch.setattr(cohort_scoring, "_free_cores", recorded)
    shared = build_cohort(
        iter_sources([str(tmp_path)]), taxonomies=[TAXONOMIES["tiny"]], skip_invalid=True
    )
    assert chosen == [2]
    serial = build_cohort(
        iter_sources([str(tmp_path)]),
        taxonomies=[TAXONOMIES["tiny"]],
        skip_invalid=True,
        workers=1,
    )
    assert shared.model_dump_json() == serial.model_dump_json()


def test_packed_sums_add_every_field_at_once():
    # Two skills of two codes each, two fields. Largest sums: field 0 max(2, 0) + max(4, 0)
    # = 6, one byte; field 1 max(300, 0) + max(1, 65535) = 65835, over two bytes: four.
    packed = cohort_scoring._Packed([[2, 300], [0, 0], [4, 1], [0, 65535]], 2)
    assert packed.format == "<BI"
    # Skill 0 at code 0 and skill 1 at code 1: (2 + 0, 300 + 65535).
    assert packed.fields(packed.table[0] + packed.table[3]) == (2, 65835)
    # A sum beyond 64 bits (2**70 + 7) gets bits of its own, read by shifting.
    wide = cohort_scoring._Packed([[1, 2**70], [3, 0], [5, 1], [0, 7]], 2)
    assert wide.format is None
    assert wide.fields(wide.table[0] + wide.table[3]) == (1, 2**70 + 7)
    assert wide.fields(wide.table[1] + wide.table[2]) == (8, 1)


def test_report_bytes_reads_a_regular_file_whole(tmp_path):
    report = tmp_path / "r.json"
    report.write_bytes(b'\xef\xbb\xbf{"a": 1}')  # 3 bytes of BOM, then 8
    assert cohort_scoring.report_bytes(report, 11) == b'{"a": 1}'
    # One byte over the cap: declined (the slow path says the file is too large).
    assert cohort_scoring.report_bytes(report, 10) is None
    assert cohort_scoring.report_bytes(tmp_path / "missing.json", 100) is None
    assert cohort_scoring.report_bytes(tmp_path, 100) is None  # a folder


def test_report_bytes_declines_a_fifo_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "r.json"
    os.mkfifo(fifo)
    found = []
    # In a thread, so that a read waiting for a writer fails the test instead of hanging it.
    reader = threading.Thread(
        target=lambda: found.append(cohort_scoring.report_bytes(fifo, 100)), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive()
    assert found == [None]


# -- checklist ticks: recorded in the answers, made again and checked ----------------------

CHECKLIST_ANSWERS = """\
role: junior
learner: {name: Ada, id: ada}
ratings: {training: 2, serving: 1}
indicators: {training: {1: [2, 1], 2: [1]}}
"""


def _checklist_cohort(folder: Path, monkeypatch, *, slow: bool) -> dict:
    if slow:
        monkeypatch.setattr(ScorerShelf, "check", lambda self, data: None)
    cohort = build_cohort(
        iter_sources([str(folder)]), taxonomies=[TAXONOMIES["checklist"]], workers=1
    )
    return json.loads(cohort.model_dump_json())


def _checklist_report(tmp_path: Path, answers: str, name: str = "ada") -> Path:
    """The report `assess` writes for ``answers`` (checklist taxonomy), as reports/NAME.json."""
    given = tmp_path / f"{name}.yaml"
    given.write_text(answers, encoding="utf-8")
    out = tmp_path / "reports" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    result = CliRunner().invoke(
        app,
        [
            *("assess", "-t", str(HERE / "data" / "checklist.yaml"), "-a", str(given)),
            *("-f", "json", "-o", str(out), "--no-save"),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("slow", [False, True])
def test_the_cohort_shows_the_statements_each_learner_ticked(tmp_path, monkeypatch, slow):
    report = _checklist_report(tmp_path, CHECKLIST_ANSWERS)
    data = json.loads(report.read_text(encoding="utf-8"))
    # The answers keep the ticks as the answers file reads them back: positions sorted.
    assert data["answers"]["indicators"] == {"training": {"1": [1, 2], "2": [1]}}
    cohort = _checklist_cohort(report.parent, monkeypatch, slow=slow)
    assert cohort["edited_count"] == 0
    # Level 1's first two statements and level 2's first, in the taxonomy's words.
    assert cohort["learners"][0]["checklists"] == {
        "training": {
            "1": [
                "I can say why a test set is kept apart",
                "I can name two classification metrics",
            ],
            "2": ["I have trained a gradient-boosted model"],
        }
    }


@pytest.mark.parametrize("slow", [False, True])
def test_a_checklist_answered_with_nothing_ticked_is_not_an_edit(tmp_path, monkeypatch, slow):
    report = _checklist_report(
        tmp_path, CHECKLIST_ANSWERS.replace("{training: {1: [2, 1], 2: [1]}}", "{training: {}}")
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["answers"]["indicators"] == {"training": {}}
    assert [c["inferred_level"] for c in data["checklists"]] == [0]
    cohort = _checklist_cohort(report.parent, monkeypatch, slow=slow)
    assert (cohort["edited_count"], cohort["learners"][0]["checklists"]) == (0, {"training": {}})


@pytest.mark.parametrize(
    "edit",
    [
        # A statement reworded in the report, a tick added to the answers, one removed.
        lambda d: d["checklists"][0]["levels"][0]["ticked_statements"].__setitem__(0, "I ace"),
        lambda d: d["answers"]["indicators"]["training"]["1"].append(3),
        lambda d: d["answers"]["indicators"].clear(),
    ],
)
@pytest.mark.parametrize("slow", [False, True])
def test_edited_checklist_ticks_leave_the_report_out(tmp_path, monkeypatch, slow, edit):
    report = _checklist_report(tmp_path, CHECKLIST_ANSWERS)
    data = json.loads(report.read_text(encoding="utf-8"))
    edit(data)
    report.write_text(json.dumps(data), encoding="utf-8")
    (report.parent / "ben.json").write_text(
        report.read_text(encoding="utf-8").replace('"ada"', '"ben"'), encoding="utf-8"
    )
    _checklist_report(tmp_path, CHECKLIST_ANSWERS.replace("ada", "cy"), "cy")
    cohort = _checklist_cohort(report.parent, monkeypatch, slow=slow)
    assert (cohort["edited_count"], cohort["learner_count"]) == (2, 1)


WORKERS_SCRIPT = """
import multiprocessing, time
from types import SimpleNamespace
from mlcareer import cohort_scoring

cohort_scoring.POOL_AFTER = 1
cohort_scoring.BATCH = 1

def sources():
    while True:
        yield SimpleNamespace(error="not read", path=None, text=None)
        time.sleep(0.01)

checked = cohort_scoring.checked_in_order(sources(), lambda sha: None, lambda: [], workers=3)
for _ in range(20):
    next(checked)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
for _ in checked:
    pass
"""


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status  # ended, not yet reaped by whoever adopted it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_ignore_ctrl_c_and_end_when_cohort_is_killed():
    import signal
    import subprocess
    import time

    child = subprocess.Popen(
        [sys.executable, "-c", WORKERS_SCRIPT], stdout=subprocess.PIPE, text=True
    )
    try:
        line = child.stdout.readline()
        workers = [int(pid) for pid in line.split()]
        assert workers, "no worker started"
        for pid in workers:
            ignored = int(
                next(
                    row.split()[1]
                    for row in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if row.startswith("SigIgn:")
                ),
                16,
            )
            assert ignored & (1 << (signal.SIGINT - 1)), "a worker would print a traceback"
    finally:
        child.kill()  # SIGKILL: cohort cannot stop its pool
        child.wait(timeout=30)
    deadline = time.monotonic() + 20
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if not _gone(pid)]
    for pid in left:  # not to leave them running when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, "a worker outlived cohort"
