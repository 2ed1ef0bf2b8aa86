"""The report model: computed once, rendered as terminal, JSON, Markdown and CSV.

Its JSON Schema is published (`mlcareer schema report`); bump REPORT_SCHEMA_VERSION
whenever a field changes meaning or disappears.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = 1

Status = Literal["meets", "gap", "not assessed", "not required"]
Evidence = Literal["supported", "contradicted", "unverified"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResourceOut(_Out):
    title: str
    url: str
    kind: str
    paid: bool = Field(default=False, description="True for a paywalled or paid item.")


class SkillResult(_Out):
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
    importance: float = Field(description="category weight x skill weight")
    hours_to_close: float = Field(description="Hours of the learning steps that close the gap.")
    priority: float = Field(description="100 x importance x gap / mean hours per missing level.")
    evidence: Evidence | None = Field(
        default=None, description="What the knowledge checks say of the rating; null if none asked."
    )


class CategoryResult(_Out):
    id: str
    name: str
    weight: float
    score: float | None = Field(
        ge=0,
        le=100,
        description="Readiness within the category, percent; null when "
        "the role requires none of its skills.",
    )
    levels_required: int
    levels_met: int
    gap: int = Field(description="Levels still to climb in this category.")
    skills_with_gap: int


class PlanStep(_Out):
    order: int
    skill: str
    skill_name: str
    from_level: int
    to_level: int
    step: str | None = Field(description="What to do; null when the taxonomy has no step for it.")
    hours: float
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


class Plan(_Out):
    total_hours: float
    steps: list[PlanStep]


class RoleFit(_Out):
    id: str
    name: str
    readiness: float
    gaps: int = Field(description="Skills below the required level.")
    hours_to_close: float


class CheckResult(_Out):
    id: str
    skill: str
    level: int
    question: str
    correct: bool
    confidence: Literal["low", "medium", "high"] | None = None
    explanation: str


class SkillEvidence(_Out):
    skill: str
    rating: int
    adjusted_level: int
    evidence: Evidence
    checks: list[str]


class Calibration(_Out):
    items: int
    accuracy: float = Field(description="Share of items answered correctly, 0-1.")
    mean_confidence: float | None = Field(description="Mean stated confidence, 0-1.")
    overconfidence: float | None = Field(description="mean confidence - accuracy")
    brier: float | None = Field(description="Mean squared error of confidence vs correctness.")
    supported: int
    contradicted: int
    unverified: int
    seed: int | None = Field(default=None, description="Seed of the choice shuffle.")
    skills: list[SkillEvidence]
    answers: list[CheckResult]


class Assessment(_Out):
    """What the scoring engine computes from one set of answers."""

    readiness: float = Field(
        ge=0, le=100, description="Percent of the role's weighted levels met, floored to 0.1."
    )
    categories: list[CategoryResult]
    skills: list[SkillResult]
    plan: Plan
    role_fit: list[RoleFit]
    calibration: Calibration | None = None


class ToolInfo(_Out):
    name: Literal["mlcareer"] = "mlcareer"
    version: str


class TaxonomyInfo(_Out):
    id: str
    title: str
    version: str
    sha256: str


class RoleInfo(_Out):
    id: str
    name: str
    seniority: str | None = Field(
        default=None, description="As the taxonomy states it, if it does."
    )


class LearnerInfo(_Out):
    name: str | None = None
    id: str | None = None


class ReportHeader(_Out):
    """Who, what and when: the part of a report that scoring does not compute."""

    schema_version: Literal[1] = REPORT_SCHEMA_VERSION
    tool: ToolInfo
    taxonomy: TaxonomyInfo
    role: RoleInfo
    learner: LearnerInfo | None = None
    created_at: str = Field(description="UTC, ISO 8601, e.g. 2026-11-26T09:30:00Z")
    trust_self: bool = Field(
        default=False,
        description="True when raw ratings were scored even though checks were answered.",
    )


# Bases listed this way round so the header fields come first in the JSON.
class Report(Assessment, ReportHeader):
    """A complete report: header + assessment."""

    def skill(self, skill_id: str) -> SkillResult | None:
        return next((s for s in self.skills if s.id == skill_id), None)
