"""How fast `mlcareer cohort` aggregates, and how much memory it holds. A benchmark, not a test.

    .venv/bin/python benchmarks/bench_cohort.py [--taxonomy FILE] [--sizes 1000 10000] [--checks N]

For each size it writes that many JSON reports into a temporary folder, as `mlcareer assess
--format json` writes them, made with the taxonomy (the shipped default unless --taxonomy)
from seeded random ratings (and, with --checks N, N knowledge checks answered), in two
shapes: every report from a different learner, and ten reports per learner (repeated
assessments over a course, where the latest counts). It then aggregates the folder as
`mlcareer cohort` does, once for time (reports per second, files in the page cache) and
once under tracemalloc for the peak memory the aggregation allocates.

Memory grows with the number of *learners* (one compact summary each, which the
learner rows of the output need), not with the number of reports: compare the two shapes.

In the same run, over the same files, it times two baselines and prints the ratios:
a plain loop of `json.loads` over the files (the least any reader must do), and DuckDB's
`read_json` computing the per-skill mean level (an optional benchmark dependency:
`pip install duckdb`; skipped when it is not installed). Ratios, since absolute times on a
shared machine are noise.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from mlcareer import cohort_scoring
from mlcareer.answers import Answers
from mlcareer.cohort import build_cohort
from mlcareer.cohort_sources import iter_sources
from mlcareer.render.json import render_json
from mlcareer.report import Report
from mlcareer.scoring import report_for
from mlcareer.taxonomy import Taxonomy, load_taxonomy

DISTINCT_ANSWERS = 200  # reports scored for real; the rest are copies with other learners


def scored_reports(tax: Taxonomy, count: int, rng: random.Random, checks: int = 0) -> list[dict]:
    """``count`` reports of random ratings (a tenth skipped), as JSON-ready dictionaries;
    with ``checks``, that many knowledge checks answered at random, half of them with a
    confidence (as a quiz of that many items leaves them)."""
    every_check = [check for _, check in tax.checks()]
    reports = []
    for _ in range(count):
        role = rng.choice(tax.roles)
        ratings = {s.id: (None if rng.random() < 0.1 else rng.randint(0, 4)) for s in tax.skills()}
        asked = rng.sample(every_check, min(checks, len(every_check)))
        answers = Answers(
            role=role,
            ratings=ratings,
            checks={c.id: rng.randrange(len(c.choices)) for c in asked},
            confidence={
                c.id: rng.choice(["low", "medium", "high"]) for c in asked if rng.random() < 0.5
            },
        )
        report = report_for(tax, answers, created_at="2026-01-01T00:00:00Z", tool_version="bench")
        reports.append(json.loads(report.model_dump_json()))
    return reports


def write_reports(folder: Path, templates: list[dict], total: int, per_learner: int) -> int:
    """Write ``total`` reports, ``per_learner`` of them per learner id, as `mlcareer assess
    --format json` writes them (render_json: indented, so about 53 KB for the default
    taxonomy, not the 38 KB of compact JSON); return the learners."""
    for n in range(total):
        learner, attempt = divmod(n, per_learner)
        report = dict(templates[n % len(templates)])
        report["learner"] = {"name": f"Learner {learner}", "id": f"s{learner:06d}"}
        report["created_at"] = f"2026-{1 + attempt % 12:02d}-{1 + attempt // 12:02d}T09:00:00Z"
        (folder / f"r{n:06d}.json").write_text(
            render_json(Report.model_validate(report)), encoding="utf-8"
        )
    return -(-total // per_learner)


def aggregate(folder: Path, tax: Taxonomy) -> int:
    # Every report's answers are scored again against the taxonomy, as `mlcareer cohort` does.
    return build_cohort(
        iter_sources([str(folder)]), taxonomies=[tax], at_risk_below=50
    ).learner_count


def json_loads_seconds(folder: Path) -> float:
    """A plain loop: read each file and json.loads it, nothing else."""
    files = sorted(folder.glob("*.json"))
    start = time.perf_counter()
    for file in files:
        json.loads(file.read_bytes())
    return time.perf_counter() - start


def duckdb_seconds(folder: Path) -> float | None:
    """DuckDB's read_json computing the mean level per skill over every report; None
    without duckdb."""
    try:
        import duckdb
    except ImportError:
        return None
    query = (
        "SELECT s.id, avg(s.level) FROM (SELECT unnest(skills) AS s FROM "
        f"read_json('{folder.as_posix()}/*.json', maximum_object_size=67108864)) GROUP BY s.id"
    )
    start = time.perf_counter()
    duckdb.sql(query).fetchall()
    return time.perf_counter() - start


def measure(folder: Path, tax: Taxonomy) -> tuple[float, float, int, int]:
    """(seconds, peak MiB allocated while aggregating, learners, processes that checked)."""
    chosen: list[int] = []
    free_cores = cohort_scoring._free_cores

    def recorded(idle: float | None = None) -> int:
        chosen.append(free_cores(idle))
        return chosen[-1]

    # How many processes `cohort` chose to check with, printed with the time: it decides
    # from the cores idle while it checks its first reports, and the row means little
    # without it.
    cohort_scoring._free_cores = recorded
    try:
        start = time.perf_counter()
        learners = aggregate(folder, tax)
        seconds = time.perf_counter() - start
    finally:
        cohort_scoring._free_cores = free_cores
    tracemalloc.start()
    aggregate(folder, tax)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / (1024 * 1024), learners, chosen[0] if chosen else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy", help="taxonomy file (default: the shipped one)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--checks",
        type=int,
        default=0,
        metavar="N",
        help="knowledge checks answered in each report (a quiz of N items; default 0)",
    )
    args = parser.parse_args(argv)

    tax = load_taxonomy(args.taxonomy)
    skills = sum(1 for _ in tax.skills())
    templates = scored_reports(tax, DISTINCT_ANSWERS, random.Random(args.seed), args.checks)
    size_kb = len(render_json(Report.model_validate(templates[0])).encode()) / 1024
    print(
        f"taxonomy {tax.id} {tax.version}: {skills} skills, {len(tax.roles)} roles; "
        f"{args.checks} knowledge checks answered in each; one report is about {size_kb:.0f} KB; "
        f"Python {sys.version.split()[0]}"
    )
    print()
    header = (
        f"{'reports':>8}  {'learners':>8}  {'procs':>5}  {'seconds':>8}  {'reports/s':>10}"
        f"  {'peak MiB':>9}"
        f"  {'json.loads s':>12}  {'x json':>7}  {'duckdb s':>9}  {'x duckdb':>8}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        for per_learner in (1, 10):
            with tempfile.TemporaryDirectory(prefix="mlcareer-bench-") as tmp:
                folder = Path(tmp)
                write_reports(folder, templates, size, per_learner)
                loads = json_loads_seconds(folder)
                duck = duckdb_seconds(folder)
                seconds, peak, learners, processes = measure(folder, tax)
            duck_cells = (
                f"{'-':>9}  {'-':>8}" if duck is None else f"{duck:>9.2f}  {seconds / duck:>8.2f}"
            )
            print(
                f"{size:>8,}  {learners:>8,}  {processes:>5}  {seconds:>8.2f}  "
                f"{size / seconds:>10,.0f}  "
                f"{peak:>9.1f}  {loads:>12.2f}  {seconds / loads:>7.2f}  {duck_cells}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
