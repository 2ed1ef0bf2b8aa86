"""The scoring engine: a pure function from (taxonomy, role, levels) to an assessment.

The maths, also in the README with a worked example:

* importance(s)  = weight of s's category x weight of s x the role's weight of s (1 unless
                   the role names s in `core` or `weights`; see Taxonomy.role_weights)
* gap(s)         = max(0, required(s) - level(s)); a skipped skill counts as level 0
* readiness      = 100 x sum(importance x min(level, required)) / sum(importance x required),
                   over the skills the role requires, floored to one decimal so that
                   100.0 means every required level is met and nothing less
* category score = the same sum restricted to the category's skills
* priority(s)    = 100 x importance x gap / (mean hours per missing level)

Every figure is computed once, on exact fractions of the decimals the taxonomy writes
(0.9 x 0.6 is 0.54, not 0.5399999999999999), and rounded only when published.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from fractions import Fraction

from mlcareer.answers import Answers
from mlcareer.calibration import calibrate
from mlcareer.plan import hours_between, order_plan
from mlcareer.report import (
    BELOW_REQUIRED,
    Assessment,
    CategoryResult,
    ChecklistAnswer,
    ChecklistLevel,
    LearnerInfo,
    Report,
    ReportAnswers,
    RoleFit,
    RoleInfo,
    SkillResult,
    Status,
    TaxonomyInfo,
    ToolInfo,
    exact,
    summary_of,
)
from mlcareer.taxonomy import Role, Skill, Taxonomy

# (importance, level, required) of one skill: what readiness and category scores weigh.
Weighed = tuple[Fraction, int, int]


def floor_percent(ratio: Fraction) -> float:
    """A ratio in [0, 1] as a percentage floored to one decimal: 0.99999 -> 99.9, never 100.0."""
    return math.floor(ratio * 1000) / 10


def importance_of(taxonomy: Taxonomy, skill: Skill, role_weight: float = 1) -> Fraction:
    """Category weight x skill weight x the role's weight of the skill, exactly."""
    own = exact(taxonomy.category_of(skill.id).weight) * exact(skill.weight)
    return own if role_weight == 1 else own * exact(role_weight)


def weighted_met(skills: Iterable[Weighed]) -> Fraction | None:
    """sum(importance x min(level, required)) / sum(importance x required) over the skills
    with a required level; None when there are none. Readiness and every category score
    are this one ratio, so a one-category taxonomy scores its category as its readiness."""
    met = total = Fraction(0)
    for importance, level, required in skills:
        if required > 0:
            met += importance * min(level, required)
            total += importance * required
    return met / total if total else None


def readiness_of(taxonomy: Taxonomy, role: Role, levels: dict[str, int]) -> float:
    """Readiness in percent of ``levels`` (skill id -> level, missing = 0) against ``role``."""
    required = taxonomy.required_levels(role)
    role_weights = taxonomy.role_weights(role)
    ratio = weighted_met(
        (
            importance_of(taxonomy, skill, role_weights[skill.id]),
            levels.get(skill.id, 0),
            required[skill.id],
        )
        for skill in taxonomy.skills()
    )
    return 100.0 if ratio is None else floor_percent(ratio)


def status_of(required: int, rating: int | None, level: int) -> Status:
    """The one definition of met / with a gap / not assessed, for every role.

    A skipped skill is scored at level 0, so "not assessed" is below the required level
    too: with a gap and not assessed together are the skills the plan has to cover.
    """
    if required == 0:
        return "not required"
    if rating is None:
        return "not assessed"
    return "meets" if level >= required else "gap"


def priority_of(importance: Fraction, gap: int, hours: Fraction, known_levels: int) -> float:
    """100 x importance x gap / mean hours per missing level (levels with no step are left
    out of the mean; with none known the mean is taken as 1 hour), rounded to 2 decimals."""
    if gap == 0:
        return 0.0
    mean_hours = hours / known_levels if known_levels and hours > 0 else Fraction(1)
    return float(round(100 * importance * gap / mean_hours, 2))


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
    role_weights = taxonomy.role_weights(role)
    skills: list[SkillResult] = []
    weighed: dict[str, Weighed] = {}
    for skill in taxonomy.skills():
        rating = ratings.get(skill.id)
        level = levels.get(skill.id, 0)
        need = required[skill.id]
        gap = max(0, need - level)
        importance = importance_of(taxonomy, skill, role_weights[skill.id])
        weighed[skill.id] = (importance, level, need)
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
                status=status_of(need, rating, level),
                importance=float(importance),
                hours_to_close=float(hours),
                priority=priority_of(importance, gap, hours, known),
                evidence=evidence.get(skill.id),
            )
        )

    categories = []
    for category in taxonomy.categories:
        own = [s for s in skills if s.category == category.id]
        ratio = weighted_met(weighed[s.id] for s in own)
        categories.append(
            CategoryResult(
                id=category.id,
                name=category.name,
                weight=category.weight,
                score=None if ratio is None else floor_percent(ratio),
                levels_required=sum(s.required for s in own),
                levels_met=sum(min(s.level, s.required) for s in own),
                gap=sum(s.gap for s in own),
                skills_with_gap=sum(1 for s in own if s.status in BELOW_REQUIRED),
            )
        )

    plan = order_plan(taxonomy, skills)
    overall = weighted_met(weighed.values())
    role_fit = fit_to_roles(taxonomy, ratings, levels)
    return Assessment(
        summary=summary_of(skills, plan, role_fit, role.id),
        readiness=100.0 if overall is None else floor_percent(overall),
        categories=categories,
        skills=skills,
        plan=plan,
        role_fit=role_fit,
    )


def fit_to_roles(
    taxonomy: Taxonomy, ratings: dict[str, int | None], levels: dict[str, int]
) -> list[RoleFit]:
    """Readiness against every role of the taxonomy, closest role first.

    The counts use status_of, as the summary does, so the assessed role's row always
    shows the summary's counts.
    """
    fits = []
    for role in taxonomy.roles:
        required = taxonomy.required_levels(role)
        status = {
            sid: status_of(need, ratings.get(sid), levels.get(sid, 0))
            for sid, need in required.items()
        }
        statuses = list(status.values())
        below = [sid for sid, s in status.items() if s in BELOW_REQUIRED]
        hours = sum(
            (
                hours_between(taxonomy.skill(sid), levels.get(sid, 0), required[sid])[0]
                for sid in below
            ),
            Fraction(0),
        )
        fits.append(
            RoleFit(
                id=role.id,
                name=role.name,
                readiness=readiness_of(taxonomy, role, levels),
                gaps=len(below),
                with_gap=statuses.count("gap"),
                not_assessed=statuses.count("not assessed"),
                hours_to_close=float(hours),
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
    unless ``trust_self`` asks to score the raw self-ratings. The report carries the answers
    (``answers_block``), so that ``mlcareer cohort`` can score them again and compare.
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
    checklists = checklist_answers(taxonomy, answers)
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
        answers=answers_block(taxonomy, answers, trust_self=trust_self),
        **{
            **assessment.model_dump(),
            "calibration": calibration,
            "summary": summary_of(
                assessment.skills,
                assessment.plan,
                assessment.role_fit,
                answers.role.id,
                calibration,
            ),
        },
        checklists=checklists,
    )


def answers_block(taxonomy: Taxonomy, answers: Answers, *, trust_self: bool) -> ReportAnswers:
    """What a report records of its answers: every skill of the taxonomy in file order (null
    when skipped or not asked, which score alike), the checks in the taxonomy's order."""
    from mlcareer.checklist import normal_ticks

    check_order = [check.id for _, check in taxonomy.checks()]
    return ReportAnswers(
        role=answers.role.id,
        ratings={skill.id: answers.ratings.get(skill.id) for skill in taxonomy.skills()},
        checks={cid: answers.checks[cid] for cid in check_order if cid in answers.checks},
        confidence={
            cid: answers.confidence[cid] for cid in check_order if cid in answers.confidence
        },
        seed=answers.seed,
        trust_self=trust_self,
        # As answers.py reads them back (a skill answered with nothing ticked stays, as {}).
        indicators={
            skill.id: normal_ticks(answers.indicators[skill.id])
            for skill in taxonomy.skills()
            if skill.id in answers.indicators
        },
    )


def checklist_answers(taxonomy: Taxonomy, answers: Answers) -> list[ChecklistAnswer]:
    """What each skill answered with its checklist ticked, in taxonomy order."""
    return checklists_of(taxonomy, answers.indicators, answers.ratings)


def checklists_of(
    taxonomy: Taxonomy,
    indicators: Mapping[str, dict[int, list[int]]],
    ratings: Mapping[str, int | None],
) -> list[ChecklistAnswer]:
    """checklist_answers, from the ticks (checked against the taxonomy) and the ratings:
    `mlcareer cohort` makes a report's checklists again from its answers block with this."""
    from mlcareer.checklist import inferred_level, level_counts, ticked_statements

    out = []
    for skill in taxonomy.skills():
        ticked = indicators.get(skill.id)
        if ticked is None:
            continue
        texts = ticked_statements(skill, ticked)
        out.append(
            ChecklistAnswer(
                skill=skill.id,
                inferred_level=inferred_level(skill, ticked),
                rating=ratings.get(skill.id),
                levels=[
                    ChecklistLevel(
                        level=level,
                        ticked=done,
                        statements=total,
                        ticked_statements=texts.get(level, []),
                    )
                    for level, (done, total) in level_counts(skill, ticked).items()
                ],
            )
        )
    return out
