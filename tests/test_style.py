"""Ruff lint and format are part of the test command, so style never needs a review."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

PATHS = [p for p in ("src", "tests", "benchmarks") if (ROOT / p).exists()]


def ruff(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    command = [exe] if shutil.which(exe) else [sys.executable, "-m", "ruff"]
    return subprocess.run([*command, *args, *PATHS], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("args", [("check",), ("format", "--check")], ids=["lint", "format"])
def test_ruff(args):
    result = ruff(*args)
    assert result.returncode == 0, result.stdout + result.stderr
