"""What moved between two reports: readiness, skill levels, gaps closed and opened.

Reports keep the skill ids of the taxonomy they were scored with. A taxonomy that
renamed a skill lists the old id among the skill's ``aliases``; given that taxonomy,
both reports' ids are mapped to today's ids before they are matched, so a rename
reads as the same skill. A skill that matches nothing in the newer report is listed
as gone, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import Field

from mlcareer.history import different_learners, learner_label
from mlcareer.report import OutputModel, Report, ReportRef, SkillResult, Status, exact, ref_of
from mlcareer.taxonomy import Taxonomy


class SkillChange(OutputModel):
    id: str = Field(description="The skill's id in the newer report.")
    former_id: str | None = Field(
        default=None, description="Its id in the earlier report, when it was renamed since."
    )
    name: str
    category: str
    rating_before: int | None
    rating_after: int | None
    level_before: int
    level_after: int
    level_change: int = Field(description="level_after - level_before")
    required_before: int
    required_after: int
    gap_before: int
    gap_after: int
    status_before: Status
    status_after: Status
    changed: bool = Field(description="True when the rating, level or required level moved.")


class GoneSkill(OutputModel):
    id: str
    name: str
    rating: int | None
    gap: int
    merged_into: str | None = Field(
        default=None,
        description="Set when the taxonomy now maps this id onto a skill that another id of "
        "the earlier report already matched.",
    )


class NewSkill(OutputModel):
    id: str
    name: str
    rating: int | None
    required: int
    gap: int


class TimelinePoint(OutputModel):
    ref: str
    created_at: str
    readiness: float


class Comparison(OutputModel):
    before: ReportRef
    after: ReportRef
    readiness_change: float = Field(description="Percentage points, after - before.")
    plan_hours_change: float
    same_role: bool
    skills: list[SkillChange] = Field(description="Every skill of both reports, newer order.")
    gaps_closed: list[str] = Field(description="Ids of skills with a gap before and none after.")
    gaps_opened: list[str] = Field(description="Ids of skills with no gap before and one after.")
    gone: list[GoneSkill] = Field(description="Skills of the earlier report no longer present.")
    added: list[NewSkill] = Field(description="Skills only the newer report has.")
    timeline: list[TimelinePoint]
    notes: list[str]


def _id_mapper(
    taxonomy: Taxonomy | None, before: Report, after: Report, notes: list[str]
) -> Callable[[str], str]:
    """A function from a report's skill id to today's id, and a note when none applies."""
    if taxonomy is None:
        return lambda skill_id: skill_id
    if taxonomy.id not in (before.taxonomy.id, after.taxonomy.id):
        notes.append(
            f"skill renames were not looked up: the taxonomy given is `{taxonomy.id}`, the "
            f"reports use `{after.taxonomy.id}` (pass that one with --taxonomy)"
        )
        return lambda skill_id: skill_id
    return taxonomy.current_id


def compare_reports(
    before: Report,
    after: Report,
    *,
    before_ref: str = "before",
    after_ref: str = "after",
    before_id: int | None = None,
    after_id: int | None = None,
    taxonomy: Taxonomy | None = None,
    timeline: Sequence[TimelinePoint] | None = None,
) -> Comparison:
    """Compare an earlier report with a later one.

    ``taxonomy`` supplies the aliases of renamed skills (ignored, with a note, when it is
    not the reports' taxonomy). ``timeline`` is the readiness over time to chart; by
    default the two reports.
    """
    notes: list[str] = []
    current = _id_mapper(taxonomy, before, after, notes)
    if before.role.id != after.role.id:
        notes.append(
            f"the reports target different roles ({before.role.name}, then {after.role.name}), "
            "so readiness is measured against different requirements"
        )
    who = [(r.learner.id, r.learner.name) if r.learner else (None, None) for r in (before, after)]
    if different_learners(*who):
        notes.append(
            f"the reports are of different learners ({learner_label(*who[0])}, then "
            f"{learner_label(*who[1])})"
        )
    if before.taxonomy.id != after.taxonomy.id:
        notes.append(
            f"the reports use different taxonomies (`{before.taxonomy.id}`, then "
            f"`{after.taxonomy.id}`)"
        )
    elif before.taxonomy.version != after.taxonomy.version:
        notes.append(
            f"the taxonomy changed from version {before.taxonomy.version} to "
            f"{after.taxonomy.version} in between"
        )

    earlier: dict[str, SkillResult] = {}
    gone: list[GoneSkill] = []
    after_ids = {current(s.id) for s in after.skills}
    for skill in before.skills:
        today = current(skill.id)
        if today not in after_ids:
            gone.append(GoneSkill(id=skill.id, name=skill.name, rating=skill.rating, gap=skill.gap))
        elif today in earlier:
            # Two former skills now map to one: the first one matched stands for it.
            gone.append(
                GoneSkill(
                    id=skill.id,
                    name=skill.name,
                    rating=skill.rating,
                    gap=skill.gap,
                    merged_into=today,
                )
            )
        else:
            earlier[today] = skill

    changes: list[SkillChange] = []
    added: list[NewSkill] = []
    for skill in after.skills:
        old = earlier.get(current(skill.id))
        if old is None:
            added.append(
                NewSkill(
                    id=skill.id,
                    name=skill.name,
                    rating=skill.rating,
                    required=skill.required,
                    gap=skill.gap,
                )
            )
            continue
        changes.append(
            SkillChange(
                id=skill.id,
                former_id=old.id if old.id != skill.id else None,
                name=skill.name,
                category=skill.category,
                rating_before=old.rating,
                rating_after=skill.rating,
                level_before=old.level,
                level_after=skill.level,
                level_change=skill.level - old.level,
                required_before=old.required,
                required_after=skill.required,
                gap_before=old.gap,
                gap_after=skill.gap,
                status_before=old.status,
                status_after=skill.status,
                changed=(old.rating, old.level, old.required)
                != (skill.rating, skill.level, skill.required),
            )
        )

    before_point = TimelinePoint(
        ref=before_ref, created_at=before.created_at, readiness=before.readiness
    )
    after_point = TimelinePoint(
        ref=after_ref, created_at=after.created_at, readiness=after.readiness
    )
    return Comparison(
        before=ref_of(before, before_ref, before_id),
        after=ref_of(after, after_ref, after_id),
        readiness_change=float(exact(after.readiness) - exact(before.readiness)),
        plan_hours_change=float(
            round(exact(after.plan.total_hours) - exact(before.plan.total_hours), 2)
        ),
        same_role=before.role.id == after.role.id,
        skills=changes,
        gaps_closed=[c.id for c in changes if c.gap_before > 0 and c.gap_after == 0],
        gaps_opened=[c.id for c in changes if c.gap_before == 0 and c.gap_after > 0]
        + [n.id for n in added if n.gap > 0],
        gone=gone,
        added=added,
        timeline=list(timeline) if timeline else [before_point, after_point],
        notes=notes,
    )
