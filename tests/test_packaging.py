"""The package installs and finds its default taxonomy: as a wheel and as an editable install.

Each test makes a fresh virtual environment. To stay offline and fast, the environment sees
this interpreter's installed dependencies through a .pth file, and only mlcareer itself is
installed into it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def make_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Our dependencies (typer, pydantic, ...) come from the environment running the tests.
    Path(purelib, "outer-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def pip_install(python: Path, *args: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_outside(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(python.parent / "mlcareer"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def default_path(python: Path, cwd: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "from mlcareer.taxonomy import default_taxonomy_path as p; print(p())"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return Path(out)


def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wheel = next(dist.glob("mlcareer-*.whl"))
    python = make_venv(tmp_path / "venv")
    pip_install(python, str(wheel))
    work = tmp_path / "elsewhere"
    work.mkdir()
    answers = work / "answers.yaml"
    answers.write_text((ROOT / "examples" / "answers-junior.yaml").read_text())

    version = run_outside(python, work, "--version")
    assert version.returncode == 0 and version.stdout.startswith("mlcareer ")
    result = run_outside(python, work, "assess", "--answers", str(answers), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["taxonomy"]["id"] == "ml-engineer"
    # The taxonomy came from inside the installed package, not from this checkout.
    found = default_path(python, work)
    assert found.is_file() and ROOT not in found.parents
    assert found.read_bytes() == (ROOT / "data" / "skills.yaml").read_bytes()
    module = subprocess.run(
        [str(python), "-m", "mlcareer", "--version"], cwd=work, capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout == version.stdout


def test_editable_install_reads_the_live_taxonomy(tmp_path):
    python = make_venv(tmp_path / "venv")
    pip_install(python, "-e", str(ROOT))
    work = tmp_path / "elsewhere"
    work.mkdir()
    # An editable install must read data/skills.yaml of the checkout, so edits show at once
    # (hatchling's force-include would only leave a stale copy in site-packages).
    assert default_path(python, work) == ROOT / "data" / "skills.yaml"
    result = run_outside(python, work, "validate")
    assert result.returncode == 0, result.stderr
    assert "valid taxonomy `ml-engineer`" in result.stdout
