"""Knowledge checks: which item to ask next, and what the answers say of the self-ratings.

Rules (also in the README, with a worked example):

* An item at level L is evidence about the claim "I am at level L or above".
* For a skill rated r >= 1, the *target* item level is the highest level <= r that the
  skill has items for (items exist for levels 1-3, so a rating of 4 is checked at 3).
* ``supported``: an item at the target level (or above) was answered correctly.
  The evidence-adjusted level is the rating.
* ``contradicted``: otherwise, an item at a level <= r was missed. The adjusted level is
  one below the lowest missed level, but never below the highest level answered
  correctly, and never above the rating.
* ``unverified``: no item at a level <= r was answered. The adjusted level is the rating.

Confidence words stand for probabilities of being right: the midpoints of three equal
bands between chance on a four-choice item (0.25) and certainty (1.0): low 0.375,
medium 0.625, high 0.875.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from mlcareer.report import Calibration, CheckResult, SkillEvidence
from mlcareer.taxonomy import Check, Skill, Taxonomy

CONFIDENCE_PROBABILITY = {"low": 0.375, "medium": 0.625, "high": 0.875}


def target_level(skill: Skill, rating: int) -> int | None:
    """The level of the first item to ask for a skill rated ``rating`` (None: ask nothing)."""
    levels = [check.level for check in skill.checks if check.level <= rating]
    return max(levels) if levels and rating >= 1 else None


def next_check(
    skill: Skill,
    rating: int | None,
    asked: dict[str, bool],
    seen: Collection[str] = (),
) -> Check | None:
    """The next item to ask about ``skill``, given the items ``asked`` so far (id -> correct).

    One item at the target level; after a miss, one more at the next lower level. ``seen``
    holds the ids of the items answered in the learner's last assessment: at each level the
    item is ``rotated_item``'s pick, so a retest does not repeat an item while the level has
    one the learner has not seen.
    """
    if not rating:
        return None
    target = target_level(skill, rating)
    if target is None:
        return None
    mine = [check for check in skill.checks if check.id in asked]
    if not mine:
        return rotated_item([c for c in skill.checks if c.level == target], seen)
    if len(mine) >= 2 or asked[mine[-1].id]:
        return None
    lower = [c for c in skill.checks if c.level < mine[-1].level and c.id not in asked]
    if not lower:
        return None
    below = max(c.level for c in lower)
    return rotated_item([c for c in lower if c.level == below], seen)


def rotated_item(items: list[Check], seen: Collection[str]) -> Check:
    """One of ``items`` (the items of one level, in the taxonomy's order): the first one not
    in ``seen`` after the last one that is, going round; the first item when none was seen,
    and when all were.

    Going on from the last seen item, rather than always taking the first unseen one, walks
    through a level's items over successive assessments (A, B, C, A, ...) although only the
    last assessment's items are known.
    """
    was_seen = [i for i, item in enumerate(items) if item.id in seen]
    if not was_seen or len(was_seen) == len(items):
        return items[0]
    after = was_seen[-1] + 1
    return next(item for item in items[after:] + items[:after] if item.id not in seen)


def choice_order(check: Check, seed: int) -> list[int]:
    """The order in which to show ``check``'s choices: a permutation fixed by seed and id,
    so a resumed or repeated run shows the same order and answers are stored by the
    original index."""
    order = list(range(len(check.choices)))
    random.Random(f"{seed}:{check.id}").shuffle(order)
    return order


@dataclass(frozen=True)
class SkillJudgement:
    evidence: str
    adjusted: int


def judge_skill(skill: Skill, rating: int, results: dict[str, bool]) -> SkillJudgement:
    """Evidence status and adjusted level for one rated skill, from its answered items."""
    answered = [(c.level, results[c.id]) for c in skill.checks if c.id in results]
    relevant = [(level, ok) for level, ok in answered if level <= rating]
    target = target_level(skill, rating)
    if target is not None and any(ok and level >= target for level, ok in answered):
        return SkillJudgement("supported", rating)
    missed = [level for level, ok in relevant if not ok]
    if missed:
        passed = [level for level, ok in relevant if ok]
        adjusted = max(min(missed) - 1, max(passed, default=0))
        return SkillJudgement("contradicted", min(adjusted, rating))
    return SkillJudgement("unverified", rating)


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class CalibrationKinds:
    """The classes calibrate_into builds the calibration section of: the report's models,
    or classes with their fields (cohort_scoring's structs, compared with a decoded
    report's)."""

    calibration: Any = Calibration
    check_result: Any = CheckResult
    skill_evidence: Any = SkillEvidence


REPORT_MODELS = CalibrationKinds()


def calibrate(
    taxonomy: Taxonomy,
    ratings: dict[str, int | None],
    answers: dict[str, int],
    confidence: dict[str, str],
    seed: int | None = None,
) -> tuple[Calibration | None, dict[str, int], dict[str, str]]:
    """Score the knowledge checks.

    Returns the calibration section (None when no item was answered), the adjusted level
    of every rated skill, and the evidence status of every skill rated 1 or more.
    """
    return calibrate_into(REPORT_MODELS, taxonomy, ratings, answers, confidence, seed)


def calibrate_into(
    kinds: CalibrationKinds,
    taxonomy: Taxonomy,
    ratings: dict[str, int | None],
    answers: dict[str, int],
    confidence: dict[str, str],
    seed: int | None = None,
) -> tuple[Any, dict[str, int], dict[str, str]]:
    """calibrate, with the calibration section built of ``kinds``."""
    levels = {sid: rating or 0 for sid, rating in ratings.items()}
    if not answers:
        return None, levels, {}
    results: dict[str, bool] = {}
    check_results = []
    answered_skills = set()
    # The answered checks in the taxonomy's order (as checks() gives them), found by id: a
    # cohort scores thousands of reports, and a taxonomy has hundreds of checks.
    for _, skill, check in sorted(map(taxonomy.check_entry, answers)):
        correct = answers[check.id] == check.answer
        results[check.id] = correct
        answered_skills.add(skill.id)
        check_results.append(
            kinds.check_result(
                id=check.id,
                skill=skill.id,
                level=check.level,
                question=check.question,
                correct=correct,
                confidence=confidence.get(check.id),
                explanation=check.explanation,
                chosen=check.choices[answers[check.id]],
                right=check.choices[check.answer],
            )
        )
    evidence: dict[str, str] = {}
    skills = []
    for skill in taxonomy.skills():
        rating = ratings.get(skill.id)
        if not rating:
            continue
        if skill.id in answered_skills:
            judgement = judge_skill(skill, rating, results)
            checks = [c.id for c in skill.checks if c.id in results]
        else:  # what judge_skill says of a skill none of whose items was answered
            judgement, checks = SkillJudgement("unverified", rating), []
        evidence[skill.id] = judgement.evidence
        levels[skill.id] = judgement.adjusted
        skills.append(
            kinds.skill_evidence(
                skill=skill.id,
                rating=rating,
                adjusted_level=judgement.adjusted,
                evidence=judgement.evidence,
                checks=checks,
            )
        )
    with_confidence = [r for r in check_results if r.confidence]
    mean_confidence = _mean(CONFIDENCE_PROBABILITY[r.confidence] for r in with_confidence)
    accuracy_confident = _mean(float(r.correct) for r in with_confidence)
    brier = _mean(
        (CONFIDENCE_PROBABILITY[r.confidence] - float(r.correct)) ** 2 for r in with_confidence
    )
    counts = {
        name: sum(1 for s in skills if s.evidence == name)
        for name in ("supported", "contradicted", "unverified")
    }
    calibration = kinds.calibration(
        items=len(check_results),
        accuracy=round(sum(r.correct for r in check_results) / len(check_results), 4),
        mean_confidence=None if mean_confidence is None else round(mean_confidence, 4),
        overconfidence=None
        if mean_confidence is None or accuracy_confident is None
        else round(mean_confidence - accuracy_confident, 4),
        brier=None if brier is None else round(brier, 4),
        seed=seed,
        skills=skills,
        answers=check_results,
        **counts,
    )
    return calibration, levels, evidence
