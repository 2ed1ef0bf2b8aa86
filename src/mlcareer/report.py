"""The report model: computed once, rendered as terminal, JSON, Markdown and CSV.

Its JSON Schema is published (`mlcareer schema report`); bump REPORT_SCHEMA_VERSION
whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from mlcareer.input_rules import LearnerId, LearnerName

REPORT_SCHEMA_VERSION = 2
# Version 2 added `answers` (what the report was scored from); readers still read version 1
# (report_file.py upgrades it with `answers` null).

# Bounds of the published hours: a taxonomy's step takes at most 10,000 hours, a skill has
# four levels, and no plan of a real taxonomy comes near ten million hours.
MAX_STEP_HOURS = 10_000
MAX_SKILL_HOURS = 4 * MAX_STEP_HOURS
MAX_PLAN_HOURS = 10_000_000

Status = Literal["meets", "gap", "not assessed", "not required"]
# The statuses of required skills, the ones a summary counts.
REQUIRED_STATUSES: tuple[Status, ...] = ("meets", "gap", "not assessed")
# A skipped skill is scored at level 0: "not assessed" is below the required level as well.
BELOW_REQUIRED: tuple[Status, ...] = ("gap", "not assessed")
Evidence = Literal["supported", "contradicted", "unverified"]


@functools.lru_cache(maxsize=1024)
def exact(value: float) -> Fraction:
    """The decimal a published figure means: 0.7 as 7/10, not its binary approximation.

    Every sum and product of weights and hours goes through this, so 0.9 x 0.6 is 0.54 and
    2.5 + 2.5 + 2 is 7; the rounded float is taken only when a figure is published. Cached:
    a taxonomy has a handful of distinct weights and hours, and parsing them is not free.
    """
    return Fraction(str(value))


def half_up(value: Fraction, places: int) -> float:
    """``value`` rounded half up, exactly, to ``places`` decimals: 2.675 -> 2.68 (rounding
    the float would give 2.67), and never -0.0 (-0.0001 -> 0.0)."""
    from decimal import ROUND_HALF_UP, Decimal

    quantum = Decimal(1).scaleb(-places)
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    return float(decimal.quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


class OutputModel(BaseModel):
    """The base of every model the tool writes (reports, comparisons, schedules, cohorts):
    frozen, and no field that the schema does not name."""

    # allow_inf_nan=False: NaN and Infinity (which JSON parsing accepts) are refused in
    # every float field, so a report read back never carries a number no scoring produced.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ResourceOut(OutputModel):
    title: str
    url: str
    kind: str
    paid: bool = Field(default=False, description="True for a paywalled or paid item.")


class SkillResult(OutputModel):
    id: str
    name: str
    category: str = Field(description="Id of the skill's category.")
    rating: int | None = Field(
        ge=0, le=4, description="Self-rating 0-4; null when skipped (not assessed)."
    )
    level: int = Field(
        ge=0,
        le=4,
        description="Level used for scoring: the rating, evidence-adjusted when "
        "knowledge checks were answered (0 when not assessed).",
    )
    required: int = Field(ge=0, le=4)
    gap: int = Field(ge=0, le=4, description="max(0, required - level)")
    status: Status
    importance: float = Field(ge=0, le=10_000, description="category weight x skill weight")
    hours_to_close: float = Field(
        ge=0, le=MAX_SKILL_HOURS, description="Hours of the learning steps that close the gap."
    )
    priority: float = Field(
        ge=0, description="100 x importance x gap / mean hours per missing level."
    )
    evidence: Evidence | None = Field(
        default=None, description="What the knowledge checks say of the rating; null if none asked."
    )


class CategoryResult(OutputModel):
    id: str
    name: str
    weight: float = Field(gt=0, le=100)
    score: float | None = Field(
        ge=0,
        le=100,
        description="Readiness within the category, percent; null when "
        "the role requires none of its skills.",
    )
    levels_required: int = Field(ge=0)
    levels_met: int = Field(ge=0)
    gap: int = Field(ge=0, description="Levels still to climb in this category.")
    skills_with_gap: int = Field(
        description="Required skills below the required level, assessed or not "
        "(the summary's with_gap + not_assessed, in this category)."
    )


class PlanStep(OutputModel):
    order: int
    skill: str
    skill_name: str
    from_level: int = Field(ge=0, le=3)
    to_level: int = Field(ge=1, le=4)
    step: str | None = Field(description="What to do; null when the taxonomy has no step for it.")
    hours: float = Field(
        ge=0, le=MAX_STEP_HOURS, description="Estimated hours; 0 when the step has no estimate."
    )
    estimated: bool = Field(
        default=True,
        description="False when the taxonomy gives no hours for this step (no step written, "
        "or one written without hours).",
    )
    experience: bool = Field(
        default=False,
        description="True when the step needs a workplace or a real team or project.",
    )
    required_by_role: bool = Field(
        default=True,
        description="False for a step the plan adds because a later step needs it, "
        "though the role does not require that level.",
    )
    needed_by: list[int] = Field(
        default=[], description="The `order` of each later step of another skill that needs it."
    )
    resources: list[ResourceOut]


class Plan(OutputModel):
    total_hours: float = Field(
        ge=0,
        le=MAX_PLAN_HOURS,
        description="Hours of the steps with an estimate: at least this when "
        "steps_without_hours is above 0.",
    )
    steps: list[PlanStep]
    steps_without_hours: int = Field(
        default=0, ge=0, description="Steps the taxonomy gives no hours for."
    )


class RoleFit(OutputModel):
    id: str
    name: str
    readiness: float = Field(ge=0, le=100)
    gaps: int = Field(
        ge=0,
        description="Required skills below the required level, assessed or not: "
        "with_gap + not_assessed.",
    )
    with_gap: int | None = Field(
        default=None,
        description="Required skills rated below the required level, as in the summary; "
        "null only in reports made before it was recorded.",
    )
    not_assessed: int | None = Field(
        default=None,
        description="Required skills skipped, as in the summary; null only in reports made "
        "before it was recorded.",
    )
    hours_to_close: float = Field(ge=0, le=MAX_PLAN_HOURS)


class CheckResult(OutputModel):
    id: str
    skill: str
    level: int = Field(ge=1, le=4)
    question: str
    correct: bool
    confidence: Literal["low", "medium", "high"] | None = None
    explanation: str
    chosen: str | None = Field(
        default=None,
        description="The text of the choice the learner picked; null in older reports.",
    )
    right: str | None = Field(
        default=None, description="The text of the right choice; null in older reports."
    )


class SkillEvidence(OutputModel):
    skill: str
    rating: int = Field(ge=0, le=4)
    adjusted_level: int = Field(ge=0, le=4)
    evidence: Evidence
    checks: list[str]


class Calibration(OutputModel):
    items: int = Field(ge=0)
    accuracy: float = Field(ge=0, le=1, description="Share of items answered correctly, 0-1.")
    mean_confidence: float | None = Field(ge=0, le=1, description="Mean stated confidence, 0-1.")
    overconfidence: float | None = Field(ge=-1, le=1, description="mean confidence - accuracy")
    brier: float | None = Field(
        ge=0, le=1, description="Mean squared error of confidence vs correctness."
    )
    supported: int = Field(ge=0)
    contradicted: int = Field(ge=0)
    unverified: int = Field(ge=0)
    seed: int | None = Field(default=None, description="Seed of the choice shuffle.")
    skills: list[SkillEvidence]
    answers: list[CheckResult]


class Summary(OutputModel):
    """The counts every view shows, defined once: met + with_gap + not_assessed = required."""

    required: int = Field(ge=0, description="Skills the role requires (required level above 0).")
    met: int = Field(ge=0, description="Required skills rated at or above the required level.")
    with_gap: int = Field(
        ge=0, description="Required skills rated below the required level (status gap)."
    )
    not_assessed: int = Field(
        ge=0, description="Required skills skipped; they count as level 0, so they have a gap too."
    )
    plan_hours: float = Field(
        ge=0, le=MAX_PLAN_HOURS, description="Hours of the whole learning plan (plan.total_hours)."
    )
    plan_steps: int = Field(ge=0, description="Steps of the learning plan.")
    gaps_by_priority: list[str] = Field(
        description="Ids of the required skills below their level, assessed or not (with_gap "
        "+ not_assessed), highest priority first, then by id."
    )
    # The fields below came after the first reports were written: a report without them
    # gets them computed when it is read (see Report), so they have defaults here.
    strengths: list[str] = Field(
        default=[],
        description="Ids of the required skills met (status meets), highest importance first, "
        "then the higher required level, then by id.",
    )
    start_here: int | None = Field(
        default=None, description="`order` of the plan's first step; null when the plan is empty."
    )
    next_role: str | None = Field(
        default=None,
        description="When every required level is met: the id of the closest other role not "
        "yet reached (highest readiness, then fewest hours to close, then id); else null.",
    )
    checks_asked: int | None = Field(
        default=None, ge=0, description="Knowledge checks answered; null when none were asked."
    )
    checks_right: int | None = Field(
        default=None, ge=0, description="Knowledge checks answered correctly; null when none."
    )


def summary_of(
    skills: Iterable[SkillResult],
    plan: Plan,
    role_fit: Iterable[RoleFit] = (),
    role_id: str | None = None,
    calibration: Calibration | None = None,
) -> Summary:
    """The summary of a scored skill list, its plan, the fit to every role (``role_id`` is
    the assessed one) and the knowledge checks: the one place these are counted."""
    skills = list(skills)
    count = {status: sum(1 for s in skills if s.status == status) for status in REQUIRED_STATUSES}
    below = sorted((s for s in skills if s.status in BELOW_REQUIRED), key=_by_priority)
    met = sorted((s for s in skills if s.status == "meets"), key=_by_importance)
    next_role = None
    if not below:
        # Readiness is 100 % exactly when nothing is below its level (it is rounded down).
        others = [f for f in role_fit if f.id != role_id and f.readiness < 100]
        closest = min(others, key=lambda f: (-f.readiness, f.hours_to_close, f.id), default=None)
        next_role = closest.id if closest else None
    return Summary(
        required=sum(count.values()),
        met=count["meets"],
        with_gap=count["gap"],
        not_assessed=count["not assessed"],
        plan_hours=plan.total_hours,
        plan_steps=len(plan.steps),
        gaps_by_priority=[s.id for s in below],
        strengths=[s.id for s in met],
        start_here=plan.steps[0].order if plan.steps else None,
        next_role=next_role,
        checks_asked=calibration.items if calibration else None,
        checks_right=sum(1 for a in calibration.answers if a.correct) if calibration else None,
    )


def _by_priority(skill: SkillResult) -> tuple[float, str]:
    return (-skill.priority, skill.id)


def _by_importance(skill: SkillResult) -> tuple[float, int, str]:
    return (-skill.importance, -skill.required, skill.id)


class Assessment(OutputModel):
    """What the scoring engine computes from one set of answers."""

    summary: Summary
    readiness: float = Field(
        ge=0, le=100, description="Percent of the role's weighted levels met, floored to 0.1."
    )
    categories: list[CategoryResult]
    skills: list[SkillResult]
    plan: Plan
    role_fit: list[RoleFit]
    calibration: Calibration | None = None


class ToolInfo(OutputModel):
    name: Literal["mlcareer"] = "mlcareer"
    version: str


class TaxonomyInfo(OutputModel):
    id: str
    title: str
    version: str
    sha256: str


class RoleInfo(OutputModel):
    id: str
    name: str
    seniority: str | None = Field(
        default=None, description="As the taxonomy states it, if it does."
    )


class LearnerInfo(OutputModel):
    # Checked again when a report is read back: reports come from other people.
    name: LearnerName | None = None
    id: LearnerId | None = None


class ReportAnswers(OutputModel):
    """The answers a report was scored from, so that a reader (``mlcareer cohort``) can score
    them again against the taxonomy and trust its own figures rather than the file's."""

    role: str = Field(description="Id of the role the answers were scored against.")
    ratings: dict[str, Annotated[int, Field(ge=0, le=4)] | None] = Field(
        description="Self-rating 0-4 by skill id, every skill of the taxonomy; null = skipped."
    )
    checks: dict[str, Annotated[int, Field(ge=0)]] = Field(
        description="Index of the chosen answer by knowledge-check id (the taxonomy's order)."
    )
    confidence: dict[str, Literal["low", "medium", "high"]] = Field(
        description="Stated confidence by knowledge-check id."
    )
    seed: int | None = Field(description="Seed of the choice shuffle, if any.")
    trust_self: bool = Field(description="Whether --trust-self asked to score the raw ratings.")
    indicators: dict[str, dict[int, list[int]]] = Field(
        default={},
        description="Checklist ticks (assess --detailed): per skill id, per level 1-4, the "
        "positions (from 1) of the indicator statements ticked, as in the answers file.",
    )


class AssignmentInfo(OutputModel):
    """The assignment a report was made for (`mlcareer assess --assignment`)."""

    id: str
    title: str
    due: str | None = Field(default=None, description="ISO 8601 with a UTC offset.")


class ReportHeader(OutputModel):
    """Who, what and when: the part of a report that scoring does not compute."""

    schema_version: Literal[2] = REPORT_SCHEMA_VERSION
    tool: ToolInfo
    taxonomy: TaxonomyInfo
    role: RoleInfo
    learner: LearnerInfo | None = None
    created_at: str = Field(description="UTC, ISO 8601, e.g. 2026-11-26T09:30:00Z")
    trust_self: bool = Field(
        default=False,
        description="True when raw ratings were scored even though checks were answered.",
    )
    answers: ReportAnswers | None = Field(
        description="What the report was scored from; null only in a report of schema "
        "version 1 (mlcareer 0.1), read back upgraded."
    )
    assignment: AssignmentInfo | None = Field(
        default=None, description="The assignment it was made for, if any."
    )


class ChecklistLevel(OutputModel):
    level: int
    ticked: int = Field(ge=0, description="Statements of this level the learner ticked.")
    statements: int = Field(ge=1, description="Statements the level has.")
    ticked_statements: list[str] = Field(description="The text of the ticked statements.")


class ChecklistAnswer(OutputModel):
    """A skill answered with its behavioural checklist: the evidence behind the rating."""

    skill: str
    inferred_level: int = Field(
        ge=0, le=4, description="The level the ticks point to (two-thirds rule, see README)."
    )
    rating: int | None = Field(description="The rating the learner kept; may differ.")
    levels: list[ChecklistLevel]


# Bases listed this way round so the header fields come first in the JSON.
class Report(Assessment, ReportHeader):
    """A complete report: header + assessment."""

    checklists: list[ChecklistAnswer] = Field(
        default=[],
        description="Skills answered by ticking indicator statements, with what was ticked.",
    )

    def skill(self, skill_id: str) -> SkillResult | None:
        return next((s for s in self.skills if s.id == skill_id), None)

    def _computed_summary(self) -> Summary:
        return summary_of(self.skills, self.plan, self.role_fit, self.role.id, self.calibration)

    @model_validator(mode="wrap")
    @classmethod
    def _summary_of_the_skills(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Report:
        """The summary is summary_of the report's skills, plan, role fit and checks, whoever
        wrote the file.

        A report saved before the summary existed gets it here, and the assessed role's row
        of role_fit gets the same counts, so the two never disagree (other roles' rows keep
        what was recorded: which of their skills were skipped is not known). A summary saved
        before some of its fields existed gets the missing ones. A summary that disagrees
        with the skills was edited by hand, and is refused.
        """
        if not isinstance(data, dict) or "summary" in data:
            report = handler(data)
            given, expected = report.summary, report._computed_summary()
            if any(getattr(given, f) != getattr(expected, f) for f in given.model_fields_set):
                raise _edited_summary(given)
            if given == expected:
                return report
            return report.model_copy(update={"summary": expected})
        report = handler({**data, "summary": _PLACEHOLDER})
        summary = report._computed_summary()
        role_fit = [
            fit.model_copy(
                update={"with_gap": summary.with_gap, "not_assessed": summary.not_assessed}
            )
            if fit.id == report.role.id and fit.with_gap is None
            else fit
            for fit in report.role_fit
        ]
        return report.model_copy(update={"summary": summary, "role_fit": role_fit})


def _edited_summary(summary: Summary) -> ValidationError:
    # Raised as a ValidationError located at `summary`, so the message names that key's line.
    error = PydanticCustomError(
        "value_error",
        "Value error, {error}",
        {
            "error": "does not match the report's skills and plan: the report was edited by "
            "hand; make it again with `mlcareer assess`"
        },
    )
    details = InitErrorDetails(type=error, loc=("summary",), input=summary.model_dump())
    return ValidationError.from_exception_data("Report", [details])


# Stands in for the missing summary while the rest of an older report is validated.
_PLACEHOLDER = Summary(
    required=0, met=0, with_gap=0, not_assessed=0, plan_hours=0, plan_steps=0, gaps_by_priority=[]
).model_dump()


class ReportRef(OutputModel):
    """Which report, in a line: where it came from and its headline figures."""

    ref: str = Field(description='"#3" for a saved assessment, else the path of the report file.')
    history_id: int | None = None
    created_at: str
    taxonomy_id: str
    taxonomy_version: str
    role_id: str
    role_name: str
    learner: str | None = None
    readiness: float
    plan_hours: float


def ref_of(report: Report, ref: str, history_id: int | None = None) -> ReportRef:
    learner = report.learner
    return ReportRef(
        ref=ref,
        history_id=history_id,
        created_at=report.created_at,
        taxonomy_id=report.taxonomy.id,
        taxonomy_version=report.taxonomy.version,
        role_id=report.role.id,
        role_name=report.role.name,
        learner=(learner.name or learner.id) if learner else None,
        readiness=report.readiness,
        plan_hours=report.plan.total_hours,
    )
