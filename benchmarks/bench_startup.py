"""Startup and scripted-run speed, as ratios to a minimal typer app timed in the same run.

    python benchmarks/bench_startup.py [--runs N]

Absolute times on shared machines are noise; the ratio to a one-command typer
application, measured interleaved with ours, is what we track. Targets (issue: hardening
and speed): `--version` <= 1.2, a scripted assessment <= 1.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = """\
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""


def wall_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        baseline = Path(home) / "baseline.py"
        baseline.write_text(BASELINE)
        env = {**os.environ, "MLCAREER_HOME": home, "NO_COLOR": "1"}
        python = sys.executable
        answers = str(ROOT / "examples" / "answers-junior.yaml")
        cases = {
            "baseline (minimal typer app)": [python, str(baseline), "--name", "x"],
            "mlcareer --version": [python, "-m", "mlcareer", "--version"],
            "mlcareer --help": [python, "-m", "mlcareer", "--help"],
            "mlcareer assess --answers ... --format json": [
                python,
                "-m",
                "mlcareer",
                "assess",
                "--answers",
                answers,
                "--format",
                "json",
                "--no-save",
            ],
        }
        targets = {"mlcareer --version": 1.2, "mlcareer assess --answers ... --format json": 1.5}
        times: dict[str, list[float]] = {name: [] for name in cases}
        for command in cases.values():  # warm the file cache once
            wall_time(command, env)
        for _ in range(args.runs):  # interleaved, so machine noise hits every case alike
            for name, command in cases.items():
                times[name].append(wall_time(command, env))
    base = statistics.median(times["baseline (minimal typer app)"])
    print(f"{'command':<46} {'median':>8} {'ratio':>6} {'target':>7}")
    for name, samples in times.items():
        median = statistics.median(samples)
        target = targets.get(name)
        verdict = (
            ""
            if target is None
            else f"<= {target}" + (" ok" if median / base <= target else " MISSED")
        )
        print(f"{name:<46} {median * 1000:>6.0f}ms {median / base:>6.2f} {verdict:>7}")


if __name__ == "__main__":
    main()
