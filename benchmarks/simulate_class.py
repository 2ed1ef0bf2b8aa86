"""A simulated class for trying `mlcareer cohort`'s instructor views. Not a test.

    .venv/bin/python benchmarks/simulate_class.py OUT_FOLDER [--learners 30] [--seed 7]

Writes OUT_FOLDER/reports/*.json (one report per learner, of the shipped taxonomy, role
the first one), OUT_FOLDER/roster.csv and OUT_FOLDER/assignment.yaml. Each learner has an
ability; their true level per skill follows it, and their self-rating adds a personal
bias (most over-rate themselves a little). Knowledge checks are asked as the questionnaire
asks them (the item at the rating, one lower after a miss), without the 12-item cap, and
answered right with probability 0.85 when the true level reaches the item's level, else
0.25 (a guess). One item is simulated as mis-keyed: learners who know the answer choose the
choice after the key. Two learners hand in late, one is not on the roster and two on the
roster hand in nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mlcareer import __version__
from mlcareer.answers import Answers
from mlcareer.assignment import assignment_text, new_assignment
from mlcareer.calibration import next_check
from mlcareer.report import AssignmentInfo
from mlcareer.scoring import report_for
from mlcareer.taxonomy import default_taxonomy_path, load_taxonomy

DUE = datetime(2026, 12, 1, 23, 59, 59, tzinfo=timezone.utc)


def clamp(value: float) -> int:
    return max(0, min(4, round(value)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    tax = load_taxonomy()
    role = tax.roles[0]
    skills = list(tax.skills())
    miskeyed = next(check for _, check in tax.checks() if check.level == 1)

    reports = args.out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    roster = ["id,name,group"]
    assignment = new_assignment(
        assignment_file=args.out / "assignment.yaml",
        taxonomy_file=default_taxonomy_path(),
        taxonomy=tax,
        roles=[role.id],
        assignment_id="week1",
        title="Week 1 self-assessment",
        due=DUE.isoformat().replace("+00:00", "Z"),
        quiz_max=12,
        submit_to="the course's shared folder",
    )
    handed_out = AssignmentInfo(id=assignment.id, title=assignment.title, due=assignment.due)
    for n in range(args.learners):
        learner_id = f"s{101 + n}"
        name = f"Learner {n + 1:02d}"
        if n != args.learners - 1:  # the last learner is not on the roster
            roster.append(f"{learner_id},{name},{'AB'[n % 2]}")
        if n in (3, 4):
            continue  # on the roster, nothing handed in
        ability = rng.gauss(0, 1)
        bias = rng.gauss(0.4, 0.5)
        truth: dict[str, int] = {}
        ratings: dict[str, int | None] = {}
        for skill in skills:
            truth[skill.id] = clamp(1.5 + ability + rng.gauss(0, 0.8))
            ratings[skill.id] = None if rng.random() < 0.05 else clamp(truth[skill.id] + bias)
        checks: dict[str, int] = {}
        for skill in skills:
            asked: dict[str, bool] = {}
            while (check := next_check(skill, ratings[skill.id], asked)) is not None:
                knows = truth[skill.id] >= check.level
                right = check.answer
                if check.id == miskeyed.id:
                    right = (check.answer + 1) % len(check.choices)
                if rng.random() < (0.85 if knows else 0.25):
                    chosen = right
                else:
                    chosen = rng.choice([i for i in range(len(check.choices)) if i != right])
                checks[check.id] = chosen
                asked[check.id] = chosen == check.answer
        answers = Answers(
            role=role,
            ratings=ratings,
            learner_name=name,
            learner_id=learner_id,
            checks=checks,
            confidence={c: rng.choice(["low", "medium", "high"]) for c in checks},
        )
        late = timedelta(hours=5) if n in (7, 8) else -timedelta(hours=rng.randint(2, 72))
        created = (DUE + late).isoformat().replace("+00:00", "Z")
        report = report_for(tax, answers, created_at=created, tool_version=__version__)
        # As `mlcareer assess --assignment` records it.
        report = report.model_copy(update={"assignment": handed_out})
        (reports / f"{learner_id}.json").write_text(report.model_dump_json(indent=2) + "\n")
    (args.out / "roster.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    (args.out / "assignment.yaml").write_text(assignment_text(assignment), encoding="utf-8")
    print(f"simulated {args.learners} learners in {args.out}; mis-keyed item: {miskeyed.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
