"""The per-module coverage gate that CI runs after the suite (tests/coverage_gate.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from .conftest import HERE
from .coverage_gate import modules_under

GATE = HERE / "coverage_gate.py"


def summary(shown: str) -> dict:
    return {"summary": {"percent_covered_display": shown}}


def test_modules_under_the_minimum_lowest_first():
    report = {"files": {"a.py": summary("95"), "b.py": summary("89"), "c.py": summary("12")}}
    assert modules_under(report, 90) == [("c.py", 12.0), ("b.py", 89.0)]
    # the table's rounded figure is what counts: 90 is not under 90
    assert modules_under({"files": {"d.py": summary("90")}}, 90) == []


def test_the_gate_on_real_coverage_data(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "full.py").write_text("x = 1\n")
    # Five statements, of which `return 2` never runs: 4 of 5 is 80%.
    (tmp_path / "pkg" / "partial.py").write_text(
        textwrap.dedent(
            """\
            def used():
                return 1
            def unused():
                return 2
            used()
            """
        )
    )
    (tmp_path / "run.py").write_text("import pkg.full, pkg.partial\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.coverage.run]\nsource = ["pkg"]\nbranch = true\n'
        "[tool.coverage.report]\nskip_empty = true\n"
    )
    # Without the outer run's variables, in case this suite itself runs under coverage.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE")}

    def run(*args):
        return subprocess.run(
            [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True
        )

    assert run("-m", "coverage", "run", "run.py").returncode == 0
    gate = run(str(GATE))
    assert (gate.returncode, gate.stdout) == (1, "")
    assert gate.stderr == "coverage gate: 1 module under 90%:\n  pkg/partial.py  80%\n"
    passed = run(str(GATE), "--minimum", "80")
    assert (passed.returncode, passed.stderr) == (0, "")
    assert passed.stdout == "coverage gate: every module is covered at 80% or more\n"
    (tmp_path / ".coverage").unlink()
    missing = run(str(GATE))
    assert missing.returncode == 2
    assert missing.stderr == (
        "coverage gate: no coverage data: run `python -m coverage run -m pytest` first\n"
    )
