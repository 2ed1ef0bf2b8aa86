"""Item analysis of the knowledge checks a cohort answered (classical test theory).

For every check answered by at least one learner (the README works an example):

* *answered* n, and *difficulty* p = the share who chose the key (higher is easier);
* *discrimination*: the corrected point-biserial correlation between being right on the
  item (1/0) and the learner's *rest score*, the share right of their other answered checks
  (the item itself left out, so it does not correlate with itself):
  r = (M1 - M0) / s * sqrt(p q), with M1 and M0 the mean rest score of those right and
  wrong, s the population standard deviation (divide by n) of the rest scores, and p, q
  = 1 - p taken over the learners who have a rest score. The checks are adaptive, so
  learners answer different numbers of items; a share, not a count, keeps the rest scores
  comparable (with complete data the two give the same r). None when fewer than two
  learners have a rest score, or everyone was right or wrong, or all rest scores are equal;
* how often each choice was chosen, in the taxonomy's order (the key marked);
* flags: `mis-keyed` when the discrimination is negative and one distractor was chosen by
  more *strong* learners (rest score at or above the median rest score of the item's
  learners) than the key; `too-easy` when p > 0.95; `too-hard` when p < 0.20;
  `few-answers` when n is below ``min_answers``.

KR-20 per category: k / (k - 1) x (1 - sum(p q) / var(total)), over the items of the
category and the learners who answered every one of them, var the population variance of
their totals. The checks are adaptive, so few learners answer every item of a category:
the items answered by fewest are dropped, one at a time, until at least ``min_answers``
learners answered all of the two or more items left, or fewer than two items remain.

Plain input (check keys and each learner's chosen choice per check), so the maths does not
depend on how reports store answers. Nothing here prints, prompts or exits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from mlcareer.report import OutputModel, half_up

if TYPE_CHECKING:
    from mlcareer.taxonomy import Taxonomy

DEFAULT_MIN_ANSWERS = 5
TOO_EASY_ABOVE = Fraction(95, 100)
TOO_HARD_BELOW = Fraction(20, 100)
Flag = Literal["mis-keyed", "too-easy", "too-hard", "few-answers"]


@dataclass(frozen=True)
class ItemKey:
    """One knowledge check as the taxonomy defines it."""

    id: str
    skill: str
    category: str
    level: int
    question: str
    choices: tuple[str, ...]
    answer: int


@dataclass(frozen=True)
class LearnerAnswers:
    """One learner's chosen choice (index in the taxonomy's order) per check id."""

    learner: str
    chosen: Mapping[str, int]


def item_keys(taxonomy: Taxonomy) -> list[ItemKey]:
    """Every check of a taxonomy, in file order."""
    return [
        ItemKey(
            id=check.id,
            skill=skill.id,
            category=taxonomy.category_of(skill.id).id,
            level=check.level,
            question=check.question,
            choices=tuple(check.choices),
            answer=check.answer,
        )
        for skill, check in taxonomy.checks()
    ]


class ChoiceCount(OutputModel):
    index: int = Field(description="Index in the taxonomy's order, from 0.")
    text: str
    key: bool = Field(description="True for the correct choice.")
    chosen: int = Field(description="Learners who chose it.")
    chosen_by_strong: int = Field(description="Of those, learners with a high rest score.")


class ItemStats(OutputModel):
    id: str
    skill: str
    category: str
    level: int
    question: str
    answered: int
    correct: int
    difficulty: float = Field(description="Share right, 0-1, 3 decimals.")
    discrimination: float | None = Field(
        description="Corrected point-biserial against the rest score, 3 decimals."
    )
    with_rest_score: int = Field(description="Learners the discrimination was computed over.")
    strong_learners: int = Field(description="Learners with a rest score at or above the median.")
    choices: list[ChoiceCount]
    flags: list[Flag]


class CategoryReliability(OutputModel):
    category: str
    kr20: float | None = Field(description="KR-20, 3 decimals; null when it cannot be computed.")
    items: list[str] = Field(description="The checks it was computed over.")
    learner_count: int = Field(description="Learners who answered all of them.")
    note: str | None = Field(description="Why there is no KR-20.")


class ItemAnalysis(OutputModel):
    min_answers: int
    items: list[ItemStats] = Field(description="Every check answered, in taxonomy order.")
    reliability: list[CategoryReliability] = Field(
        description="KR-20 per category with answered checks."
    )


def point_biserial(right: Sequence[bool], rest: Sequence[Rational]) -> float | None:
    """r = (M1 - M0) / s * sqrt(p q), s the population SD of ``rest``; None if undefined.

    ``rest`` is exact (ints or Fractions), and so is everything up to the one square root:
    an r of exactly 0 is 0, not -1.6e-16 (which would read as negative and flag the item
    mis-keyed), and "the rest scores do not vary" is an exact test. Written as
    r = (S1 n0 - S0 n1) / sqrt(n1 n0 (n Q - S^2)), S the sum and Q the sum of squares of
    the rest scores, S1 and S0 over those right and wrong, n1 and n0 their numbers."""
    n = len(rest)
    ones = [score for ok, score in zip(right, rest, strict=True) if ok]
    n1 = len(ones)
    n0 = n - n1
    if n < 2 or not n1 or not n0:
        return None
    total = sum(rest)
    spread = n * sum(score * score for score in rest) - total * total
    if spread <= 0:
        return None
    s1 = sum(ones)
    numerator = s1 * n0 - (total - s1) * n1
    # + 0.0: a numerator of 0 gives 0.0, never -0.0.
    return math.copysign(math.sqrt(numerator * numerator / (n1 * n0 * spread)), numerator) + 0.0


def kr20(matrix: Sequence[Sequence[int]]) -> Fraction | None:
    """KR-20 of a complete 0/1 matrix (learners x items), population variance, exactly;
    None if fewer than two items or learners, or the totals do not vary.

    k / (k - 1) x (1 - sum(p q) / var) with both sums multiplied by n^2 (whole numbers):
    n^2 var = n sum(t^2) - (sum t)^2 and n^2 sum(p q) = sum over items of c (n - c), c the
    learners right."""
    n = len(matrix)
    k = len(matrix[0]) if matrix else 0
    if n < 2 or k < 2:
        return None
    totals = [sum(row) for row in matrix]
    spread = n * sum(t * t for t in totals) - sum(totals) ** 2
    if spread <= 0:
        return None
    rights = [sum(row[j] for row in matrix) for j in range(k)]
    pq = sum(c * (n - c) for c in rights)
    return Fraction(k * (spread - pq), (k - 1) * spread)


def _median(values: list[int]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def analyse_items(
    keys: Sequence[ItemKey],
    learners: Iterable[LearnerAnswers],
    *,
    min_answers: int = DEFAULT_MIN_ANSWERS,
) -> ItemAnalysis:
    """Item statistics of every check in ``keys`` some learner answered, and KR-20 per
    category. Answers to checks not in ``keys``, or beyond a check's choices, are ignored."""
    by_id = {key.id: key for key in keys}
    # Each learner's answers, reduced to the checks we know: check id -> (chosen, right).
    answered: list[dict[str, tuple[int, bool]]] = []
    for learner in learners:
        mine = {}
        for check_id, chosen in learner.chosen.items():
            key = by_id.get(check_id)
            if key is not None and 0 <= chosen < len(key.choices):
                mine[check_id] = (chosen, chosen == key.answer)
        if mine:
            answered.append(mine)
    # Rest scores need each learner's count right and count answered.
    totals = [(sum(ok for _, ok in mine.values()), len(mine)) for mine in answered]

    items = []
    for key in keys:
        takers = [
            (mine[key.id], right, count)
            for mine, (right, count) in zip(answered, totals, strict=True)
            if key.id in mine
        ]
        if not takers:
            continue
        n = len(takers)
        correct = sum(ok for (_, ok), _, _ in takers)
        # Rest scores (right - ok) / (count - 1), as whole numbers: all multiplied by the
        # least common multiple of the denominators, which changes neither r nor who is
        # at or above the median, and keeps both exact (and fast, for a large cohort).
        scale = math.lcm(*(count - 1 for _, _, count in takers if count > 1))
        rest = [
            ((right - ok) * (scale // (count - 1)), chosen, ok)
            for (chosen, ok), right, count in takers
            if count > 1
        ]
        r = point_biserial([ok for _, _, ok in rest], [score for score, _, _ in rest])
        strong_cut = _median([score for score, _, _ in rest]) if rest else None
        strong = [
            chosen for score, chosen, _ in rest if strong_cut is not None and score >= strong_cut
        ]
        chosen_counts = [0] * len(key.choices)
        for (chosen, _), _, _ in takers:
            chosen_counts[chosen] += 1
        strong_counts = [strong.count(i) for i in range(len(key.choices))]
        p = Fraction(correct, n)
        flags: list[Flag] = []
        if r is not None and r < 0:
            key_strong = strong_counts[key.answer]
            if any(c > key_strong for i, c in enumerate(strong_counts) if i != key.answer):
                flags.append("mis-keyed")
        if p > TOO_EASY_ABOVE:
            flags.append("too-easy")
        if p < TOO_HARD_BELOW:
            flags.append("too-hard")
        if n < min_answers:
            flags.append("few-answers")
        items.append(
            ItemStats(
                id=key.id,
                skill=key.skill,
                category=key.category,
                level=key.level,
                question=key.question,
                answered=n,
                correct=correct,
                difficulty=half_up(p, 3),
                discrimination=None if r is None else half_up(Fraction(r), 3),
                with_rest_score=len(rest),
                strong_learners=len(strong),
                choices=[
                    ChoiceCount(
                        index=i,
                        text=text,
                        key=i == key.answer,
                        chosen=chosen_counts[i],
                        chosen_by_strong=strong_counts[i],
                    )
                    for i, text in enumerate(key.choices)
                ],
                flags=flags,
            )
        )
    return ItemAnalysis(
        min_answers=min_answers,
        items=items,
        reliability=_reliability(keys, answered, items, min_answers),
    )


def _answered_run(mine: dict[str, tuple[int, bool]], ids: Sequence[str]) -> int:
    """How many of ``ids``, from the first, the learner answered without a gap."""
    for n, check_id in enumerate(ids):
        if check_id not in mine:
            return n
    return len(ids)


def _reliability(
    keys: Sequence[ItemKey],
    answered: list[dict[str, tuple[int, bool]]],
    items: list[ItemStats],
    min_answers: int,
) -> list[CategoryReliability]:
    order = {key.id: i for i, key in enumerate(keys)}
    categories: dict[str, list[ItemStats]] = {}
    for item in items:
        categories.setdefault(item.category, []).append(item)
    needed = max(2, min_answers)
    result = []
    for category, stats in categories.items():
        # Most answered first; among equals, taxonomy order. Drop from the end until at
        # least `needed` learners answered all of those left. A learner answered all of the
        # first m exactly when the first check they did not answer comes at m or later, so
        # one pass over the learners counts them for every m (a cohort has thousands).
        chosen = sorted(stats, key=lambda s: (-s.answered, order[s.id]))
        first_ids = [s.id for s in chosen]
        reach = [_answered_run(mine, first_ids) for mine in answered]
        at_least = [0] * (len(first_ids) + 2)  # at_least[m]: learners who answered m or more
        for run in reach:
            at_least[run] += 1
        for m in range(len(first_ids), -1, -1):
            at_least[m] += at_least[m + 1]
        kept = len(first_ids)
        while kept >= 2 and at_least[kept] < needed:
            kept -= 1
        complete = [mine for mine, run in zip(answered, reach, strict=True) if run >= kept]
        ids = sorted(first_ids[:kept], key=order.__getitem__)
        note = None
        value = None
        if len(stats) < 2:
            note = "only one check of the category was answered"
            ids, complete = [], []
        elif len(ids) < 2:
            note = (
                f"no two of its checks were both answered by {needed} learners or more "
                "(the fewest counted)"
            )
            ids, complete = [], []
        else:
            matrix = [[int(mine[i][1]) for i in ids] for mine in complete]
            value = kr20(matrix)
            if value is None:
                note = "the learners' totals on these checks do not vary"
        result.append(
            CategoryReliability(
                category=category,
                kr20=None if value is None else half_up(value, 3),
                items=ids,
                learner_count=len(complete),
                note=note,
            )
        )
    return result
