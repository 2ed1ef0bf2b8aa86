"""The package builds, carries its data, installs and finds its default taxonomy: as a wheel
(with pip into a virtual environment, and with `uv tool install` as the README says) and as
an editable install.

`python -m build` makes the sdist and then the wheel from that sdist, as a release does, so
a file the sdist forgets is missing from the wheel too. The pip tests stay offline: their
environment sees this interpreter's installed dependencies through a .pth file, and only
mlcareer itself is installed into it. `uv tool install` resolves the dependencies from the
package index, as it does for a user.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from mlcareer import __version__

from .conftest import ROOT

pytestmark = pytest.mark.slow

# What a built package must carry besides the code: the default taxonomy, the JSON Schemas
# and the HTML templates (paths inside the source tree).
DATA_FILES = sorted(
    [
        "data/skills.yaml",
        *(f"schemas/{p.name}" for p in (ROOT / "schemas").glob("*.schema.json")),
        *(
            f"src/mlcareer/render/templates/{p.name}"
            for p in (ROOT / "src" / "mlcareer" / "render" / "templates").iterdir()
        ),
    ]
)


def in_wheel(source_path: str) -> str:
    """Where a data file of the source tree lands inside the wheel (pyproject.toml)."""
    if source_path.startswith("src/"):
        return source_path.removeprefix("src/")
    if source_path.startswith("schemas/"):  # force-include: under mlcareer/data/
        return "mlcareer/data/" + source_path
    return "mlcareer/" + source_path  # data/skills.yaml -> mlcareer/data/skills.yaml


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel of this checkout, as `python -m build` makes them."""
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: the build backend (hatchling) is among the test dependencies already.
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def wheel_of(dist: Path) -> Path:
    [wheel] = dist.glob("mlcareer-*.whl")
    return wheel


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


def test_build_makes_an_sdist_and_a_wheel_that_carry_the_data(dist):
    assert sorted(p.name for p in dist.iterdir()) == [
        f"mlcareer-{__version__}-py3-none-any.whl",
        f"mlcareer-{__version__}.tar.gz",
    ]
    assert "schemas/cohort.schema.json" in DATA_FILES  # the list found the files
    with tarfile.open(dist / f"mlcareer-{__version__}.tar.gz") as sdist:
        prefix = f"mlcareer-{__version__}/"
        for name in [*DATA_FILES, ".pre-commit-hooks.yaml", "README.md"]:
            member = sdist.extractfile(prefix + name)
            assert member is not None, f"the sdist lacks {name}"
            assert member.read() == (ROOT / name).read_bytes(), name
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        for name in DATA_FILES:
            assert wheel.read(in_wheel(name)) == (ROOT / name).read_bytes(), name
        scripts = wheel.read(f"mlcareer-{__version__}.dist-info/entry_points.txt").decode()
        assert "mlcareer = mlcareer.cli:main" in scripts
        assert "mlcareer-validate = mlcareer.cli.application:validate_main" in scripts


def test_uv_tool_install_of_the_wheel_runs_outside_the_checkout(dist, tmp_path):
    from uv import find_uv_bin

    tools, bin_dir, elsewhere = tmp_path / "tools", tmp_path / "bin", tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        UV_TOOL_DIR=str(tools), UV_TOOL_BIN_DIR=str(bin_dir), UV_CACHE_DIR=str(tmp_path / "cache")
    )
    install = subprocess.run(
        [find_uv_bin(), "tool", "install", "--python", sys.executable, str(wheel_of(dist))],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    for script in ("mlcareer", "mlcareer-validate"):
        assert (bin_dir / script).is_file(), install.stderr
    version = subprocess.run(
        [str(bin_dir / "mlcareer"), "--version"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (version.returncode, version.stdout) == (0, f"mlcareer {__version__}\n")
    # the tool's own environment, not this checkout, holds the code and the taxonomy
    validate = subprocess.run(
        [str(bin_dir / "mlcareer-validate")],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert validate.returncode == 0, validate.stderr
    shipped = Path(validate.stdout.split(": valid taxonomy")[0])
    assert (
        tools in shipped.parents
        and shipped.read_bytes() == (ROOT / "data" / "skills.yaml").read_bytes()
    )


def test_wheel_installs_and_runs_outside_the_checkout(dist, tmp_path):
    wheel = wheel_of(dist)
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
