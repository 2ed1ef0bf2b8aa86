"""Small pieces the other tests pass by: the clock, the app folder without MLCAREER_HOME,
a schedule cut short by --weeks, and the cohort's progress bar on a terminal."""

from __future__ import annotations

import os
import sys
from datetime import timezone

import pytest
from typer.testing import CliRunner

from mlcareer.answers import Answers
from mlcareer.appdir import app_dir
from mlcareer.cli import app
from mlcareer.clock import moment_of, now_iso, today
from mlcareer.errors import MlcareerError
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .conftest import ROOT, TINY

runner = CliRunner()


def test_source_date_epoch_pins_now_and_today():
    # conftest: SOURCE_DATE_EPOCH=1790000000, 2026-09-21T14:13:20Z
    assert now_iso() == "2026-09-21T14:13:20Z"
    assert today().isoformat() == "2026-09-21"


def test_a_source_date_epoch_that_is_not_a_time_is_an_error(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(MlcareerError) as caught:
        now_iso()
    assert caught.value.render() == (
        "SOURCE_DATE_EPOCH='soon' is not a Unix time in seconds: unset it or fix it"
    )


def test_a_timestamp_without_a_zone_is_read_as_utc():
    assert moment_of("2026-01-02T03:04:05").tzinfo == timezone.utc
    assert moment_of("2026-01-02T03:04:05Z").hour == 3


def test_without_mlcareer_home_the_platform_config_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv("MLCAREER_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    assert app_dir(create=True) == tmp_path / "mlcareer"
    assert (tmp_path / "mlcareer").is_dir()


def test_a_schedule_cut_short_lists_what_comes_after(tmp_path):
    # tiny, junior, python 1, sql skipped, stats 2, ml 0: the plan is SQL 0->1 4 h,
    # Python 1->2 15 h, ML 0->1 5 h, ML 1->2 30 h (54 h; README worked example).
    # 5 h a week for 2 weeks = 10 h: week 1 holds SQL (4 h) and 1 h of Python, week 2
    # 5 h of Python; after week 2: the rest of Python (9 h), ML 0->1 (5 h), ML 1->2 (30 h).
    answers = tmp_path / "answers.yaml"
    answers.write_text("role: junior\nratings: {python: 1, sql: null, stats: 2, ml: 0}\n")
    made = runner.invoke(app, ["assess", "-t", str(TINY), "-a", str(answers), "-f", "json"])
    assert made.exit_code == 0, made.output
    markdown = runner.invoke(app, ["plan", "-H", "5", "-w", "2", "-f", "markdown"])
    assert markdown.exit_code == 0, markdown.output
    after = markdown.stdout.split("## After week 2\n\n", 1)[1].splitlines()
    assert after[:3] == [
        "- [ ] the rest of **Python** 1→2 (9 h)",
        "- [ ] **Machine learning** 0→1 (5 h)",
        "- [ ] **Machine learning** 1→2 (30 h)",
    ]
    table = runner.invoke(app, ["plan", "-H", "5", "-w", "2"])
    assert table.exit_code == 0, table.output
    assert "After week 2" in table.stdout
    assert "rest of Python 1→2" in table.stdout


def test_the_cohort_draws_a_progress_bar_on_a_terminal_and_still_prints(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    tax = load_taxonomy(TINY)
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(26):  # PROGRESS_MIN_FILES is 25
        answers = Answers(
            role=tax.role("junior"),
            ratings={"python": n % 5, "sql": 1, "stats": 2, "ml": n % 3},
            learner_id=f"s{n:02d}",
        )
        report = report_for(tax, answers, created_at="2026-09-21T14:13:20Z", tool_version="t")
        (folder / f"s{n:02d}.json").write_text(report.model_dump_json(), encoding="utf-8")
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "MLCAREER_PAGER": "cat"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mlcareer", "cohort", str(folder), "-t", str(TINY)],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "26 learners" in child.before.replace("\r", "")
