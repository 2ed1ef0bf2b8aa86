"""Fail when any one module is under the minimum coverage.

coverage's own ``fail_under`` checks only the total, which a well-tested large module can
hold up while a small one goes untested. Run it after the suite has run under coverage,
as CI does (.ci/run):

    python -m coverage run -m pytest && python -m coverage report && python tests/coverage_gate.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

DEFAULT_MINIMUM = 90.0


def modules_under(report: dict, minimum: float) -> list[tuple[str, float]]:
    """``(file, percent)`` for each file of a ``coverage json`` report under ``minimum``,
    lowest first. The percent is the one the report table shows (rounded to its precision),
    so a module the table shows at 90% is never failed for being at 89.96%."""
    under = []
    for name, measured in report["files"].items():
        percent = float(measured["summary"]["percent_covered_display"])
        if percent < minimum:
            under.append((name, percent))
    return sorted(under, key=lambda item: (item[1], item[0]))


def json_report() -> dict:
    """The measured data as ``coverage json`` writes it, with the project's configuration."""
    import coverage

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "coverage.json"
        measured = coverage.Coverage()
        measured.load()  # without it, reporting starts a fresh, empty data file
        measured.json_report(outfile=str(out))
        return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--minimum", type=float, default=DEFAULT_MINIMUM, help="percent every module needs"
    )
    args = parser.parse_args(argv)
    from coverage.exceptions import NoDataError

    try:
        report = json_report()
    except NoDataError:
        print(
            "coverage gate: no coverage data: run `python -m coverage run -m pytest` first",
            file=sys.stderr,
        )
        return 2
    under = modules_under(report, args.minimum)
    if not under:
        print(f"coverage gate: every module is covered at {args.minimum:g}% or more")
        return 0
    count = f"{len(under)} module{'s' if len(under) != 1 else ''}"
    print(f"coverage gate: {count} under {args.minimum:g}%:", file=sys.stderr)
    width = max(len(name) for name, _ in under)
    for name, percent in under:
        print(f"  {name:<{width}}  {percent:g}%", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
