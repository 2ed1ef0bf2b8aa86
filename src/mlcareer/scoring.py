"""The scoring engine: a pure function from (taxonomy, role, levels) to an assessment.

The maths, also in the README with a worked example:

* importance(s)  = weight of s's category x weight of s
* gap(s)         = max(0, required(s) - level(s)); a skipped skill counts as level 0
* readiness      = 100 x sum(importance x min(level, required)) / sum(importance x required),
                   over the skills the role requires, floored to one decimal so that
                   100.0 means every required level is met and nothing less
* category score = the same sum restricted to the category's skills
* priority(s)    = 100 x importance x gap / (mean hours per missing level)
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

from mlcareer.answers import Answers
from mlcareer.calibration import calibrate
from mlcareer.plan import hours_between, order_plan
from mlcareer.report import (
    Assessment,
    CategoryResult,
    LearnerInfo,
    Report,
    RoleFit,
    RoleInfo,
    SkillResult,
    TaxonomyInfo,
    ToolInfo,
)
from mlcareer.taxonomy import Role, Taxonomy


@functools.lru_cache(maxsize=256)
def _exact(value: float) -> Fraction:
    # Weights like 0.7 are meant as decimals, not as their binary approximation.
    # Cached: a taxonomy has a handful of distinct weights and parsing them is not free.
    return Fraction(str(value))


def floor_percent(ratio: Fraction) -> float:
    """A ratio in [0, 1] as a percentage floored to one decimal: 0.99999 -> 99.9, never 100.0."""
    return math.floor(ratio * 1000) / 10


def readiness_of(taxonomy: Taxonomy, role: Role, levels: dict[str, int]) -> float:
    """Readiness in percent of ``levels`` (skill id -> level, missing = 0) against ``role``."""
    required = taxonomy.required_levels(role)
    met = total = Fraction(0)
    for category in taxonomy.categories:
        for skill in category.skills:
            need = required[skill.id]
            if need == 0:
                continue
            importance = _exact(category.weight) * _exact(skill.weight)
            met += importance * min(levels.get(skill.id, 0), need)
            total += importance * need
    return floor_percent(met / total) if total else 100.0


def priority_of(importance: float, gap: int, hours: float, known_levels: int) -> float:
    """100 x importance x gap / mean hours per missing level (levels with no step are left
    out of the mean; with none known the mean is taken as 1 hour)."""
    if gap == 0:
        return 0.0
    mean_hours = hours / known_levels if known_levels and hours > 0 else 1.0
    return round(100 * importance * gap / mean_hours, 2)


def score_assessment(
    taxonomy: Taxonomy,
    role: Role,
    ratings: dict[str, int | None],
    levels: dict[str, int] | None = None,
    evidence: dict[str, str] | None = None,
) -> Assessment:
    """Score one learner against ``role``.

    ``ratings`` are the self-ratings by current skill id (None = skipped, absent = not
    asked). ``levels`` are the levels to score with, when they differ from the ratings
    (evidence-adjusted); ``evidence`` is the per-skill evidence status to report.
    """
    levels = dict(levels) if levels is not None else {k: v or 0 for k, v in ratings.items()}
    evidence = evidence or {}
    required = taxonomy.required_levels(role)
    skills: list[SkillResult] = []
    for skill in taxonomy.skills():
        rating = ratings.get(skill.id)
        level = levels.get(skill.id, 0)
        need = required[skill.id]
        gap = max(0, need - level)
        if need == 0:
            status = "not required"
        elif rating is None:
            status = "not assessed"
        elif gap == 0:
            status = "meets"
        else:
            status = "gap"
        importance = taxonomy.category_of(skill.id).weight * skill.weight
        hours, known = hours_between(skill, level, need)
        skills.append(
            SkillResult(
                id=skill.id,
                name=skill.name,
                category=taxonomy.category_of(skill.id).id,
                rating=rating,
                level=level,
                required=need,
                gap=gap,
                status=status,
                importance=importance,
                hours_to_close=hours,
                priority=priority_of(importance, gap, hours, known),
                evidence=evidence.get(skill.id),
            )
        )

    categories = []
    for category in taxonomy.categories:
        own = [s for s in skills if s.category == category.id]
        required_here = [s for s in own if s.required > 0]
        if required_here:
            met = sum(_exact(s.importance) * min(s.level, s.required) for s in required_here)
            total = sum(_exact(s.importance) * s.required for s in required_here)
            score: float | None = floor_percent(met / total)
        else:
            score = None
        categories.append(
            CategoryResult(
                id=category.id,
                name=category.name,
                weight=category.weight,
                score=score,
                levels_required=sum(s.required for s in own),
                levels_met=sum(min(s.level, s.required) for s in own),
                gap=sum(s.gap for s in own),
                skills_with_gap=sum(1 for s in own if s.gap > 0),
            )
        )

    return Assessment(
        readiness=readiness_of(taxonomy, role, levels),
        categories=categories,
        skills=skills,
        plan=order_plan(taxonomy, skills),
        role_fit=fit_to_roles(taxonomy, levels),
    )


def fit_to_roles(taxonomy: Taxonomy, levels: dict[str, int]) -> list[RoleFit]:
    """Readiness against every role of the taxonomy, closest role first."""
    fits = []
    for role in taxonomy.roles:
        required = taxonomy.required_levels(role)
        gaps = [sid for sid, need in required.items() if need > levels.get(sid, 0)]
        hours = sum(
            hours_between(taxonomy.skill(sid), levels.get(sid, 0), required[sid])[0] for sid in gaps
        )
        fits.append(
            RoleFit(
                id=role.id,
                name=role.name,
                readiness=readiness_of(taxonomy, role, levels),
                gaps=len(gaps),
                hours_to_close=hours,
            )
        )
    order = {role.id: i for i, role in enumerate(taxonomy.roles)}
    return sorted(fits, key=lambda f: (-f.readiness, order[f.id]))


def report_for(
    taxonomy: Taxonomy,
    answers: Answers,
    *,
    created_at: str,
    tool_version: str,
    trust_self: bool = False,
) -> Report:
    """The full report for one set of checked answers: the assessment plus its header.

    Answered knowledge checks adjust the levels used for scoring (see calibration.py),
    unless ``trust_self`` asks to score the raw self-ratings.
    """
    calibration, adjusted, evidence = calibrate(
        taxonomy, answers.ratings, answers.checks, answers.confidence, answers.seed
    )
    assessment = score_assessment(
        taxonomy,
        answers.role,
        answers.ratings,
        levels=None if trust_self else adjusted,
        evidence=evidence,
    )
    learner = None
    if answers.learner_name or answers.learner_id:
        learner = LearnerInfo(name=answers.learner_name, id=answers.learner_id)
    return Report(
        tool=ToolInfo(version=tool_version),
        taxonomy=TaxonomyInfo(
            id=taxonomy.id, title=taxonomy.title, version=taxonomy.version, sha256=taxonomy.sha256
        ),
        role=RoleInfo(id=answers.role.id, name=answers.role.name, seniority=answers.role.seniority),
        learner=learner,
        created_at=created_at,
        trust_self=trust_self and calibration is not None,
        **{**assessment.model_dump(), "calibration": calibration},
    )
