"""What a reassessment starts from: the answers of an earlier report, on today's taxonomy.

`mlcareer assess --from REF` (and the offer at the start of an interactive run) reads an
earlier report and starts every question on the answer given then. Only what every report
carries is used: each skill's self-rating (``skills[].rating``, null when skipped), the
learner, the role, the ids of the knowledge checks answered (``calibration.answers``), so
that the checks rotate instead of repeating, and the checklist statements ticked
(``checklists``), found again by their words, so that a checklist starts as it was left.

The report's skill ids are mapped to today's through the taxonomy's aliases (a renamed
skill keeps its answer); skills the report lacks are the ones added since, and are marked
new; skills the taxonomy no longer has are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlcareer.errors import MlcareerError, Problem
from mlcareer.report import Report
from mlcareer.taxonomy import Taxonomy


@dataclass(frozen=True)
class PreviousAnswers:
    """An earlier assessment as a starting point for the same taxonomy."""

    label: str  # "#3" for a saved assessment, else the report file's path
    created_at: str
    ratings: dict[str, int | None]  # by today's skill id; absent: the skill is new
    seen_checks: frozenset[str] = frozenset()  # check ids answered in that assessment
    role_id: str | None = None  # None when the taxonomy no longer has that role
    learner_name: str | None = None
    learner_id: str | None = None
    dropped: list[str] = field(default_factory=list)  # its skills the taxonomy no longer has
    # Checklist ticks then, by today's skill id: per level, the positions (from 1) of the
    # statements ticked then that today's taxonomy still has at that level.
    indicators: dict[str, dict[int, list[int]]] = field(default_factory=dict)

    def new_skills(self, taxonomy: Taxonomy) -> list[str]:
        """Ids of the skills added to the taxonomy since (in the taxonomy's order)."""
        return [s.id for s in taxonomy.skills() if s.id not in self.ratings]


def previous_answers(report: Report, taxonomy: Taxonomy, label: str) -> PreviousAnswers:
    """The answers of ``report`` as a starting point on ``taxonomy``.

    Raises ``MlcareerError`` when the report was made with another taxonomy: its skills
    would be other questions.
    """
    if report.taxonomy.id != taxonomy.id:
        raise MlcareerError(
            Problem(
                f"this assessment was made with taxonomy `{report.taxonomy.id}`, not "
                f"`{taxonomy.id}`: pass --taxonomy with the file of `{report.taxonomy.id}`, "
                "or start afresh without --from",
                label,
            )
        )
    ratings: dict[str, int | None] = {}
    dropped: list[str] = []
    for skill in report.skills:
        if taxonomy.has_skill(skill.id):
            ratings.setdefault(taxonomy.current_id(skill.id), skill.rating)
        else:
            dropped.append(skill.id)
    known_checks = {check.id for _, check in taxonomy.checks()}
    seen = (
        frozenset(a.id for a in report.calibration.answers if a.id in known_checks)
        if report.calibration
        else frozenset()
    )
    learner = report.learner
    return PreviousAnswers(
        label=label,
        created_at=report.created_at,
        ratings=ratings,
        seen_checks=seen,
        role_id=report.role.id if taxonomy.role(report.role.id) else None,
        learner_name=learner.name if learner else None,
        learner_id=learner.id if learner else None,
        dropped=dropped,
        indicators=_ticks_then(report, taxonomy),
    )


def _ticks_then(report: Report, taxonomy: Taxonomy) -> dict[str, dict[int, list[int]]]:
    """The statements ``report`` ticked, as positions in today's taxonomy: matched by their
    words, since a new version may reorder, reword or drop statements (a statement no longer
    there is not ticked)."""
    ticks: dict[str, dict[int, list[int]]] = {}
    for answer in report.checklists:
        if not taxonomy.has_skill(answer.skill):
            continue
        skill = taxonomy.skill(answer.skill)
        levels = ticks.setdefault(skill.id, {})
        for level in answer.levels:
            today = skill.indicators.get(level.level, [])
            positions = sorted(
                today.index(text) + 1 for text in set(level.ticked_statements) if text in today
            )
            if positions:
                levels[level.level] = positions
    return ticks


def changes_since(
    previous: PreviousAnswers, ratings: dict[str, int | None]
) -> list[tuple[str, int | None, int | None]]:
    """(skill id, rating then, rating now) for every skill answered both times whose rating
    moved, in the order of ``ratings``."""
    return [
        (skill_id, previous.ratings[skill_id], rating)
        for skill_id, rating in ratings.items()
        if skill_id in previous.ratings and previous.ratings[skill_id] != rating
    ]
