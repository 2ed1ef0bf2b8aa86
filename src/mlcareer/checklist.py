"""Behavioural checklists: the level that the statements a learner ticked point to.

The rule (README, "Answering with a checklist"): go up the levels that have indicators;
a level counts when at least two-thirds of its statements are ticked; the inferred level
is the highest level that counts while every level with indicators below it counts too.
Levels without indicators neither count nor stop the climb. The learner sees the
inferred level and may choose another; the rating is what they keep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from mlcareer.taxonomy import Skill

SHARE_NEEDED = Fraction(2, 3)


def normal_ticks(levels: Mapping[int, Iterable[int]]) -> dict[int, list[int]]:
    """One skill's ticks as answers files and reports keep them: levels in order, each
    level's positions sorted and once each, no level without a tick."""
    return {
        level: sorted(set(positions)) for level, positions in sorted(levels.items()) if positions
    }


def level_counts(skill: Skill, ticked: dict[int, list[int]]) -> dict[int, tuple[int, int]]:
    """level -> (statements ticked, statements) for each level with indicators; ``ticked``
    holds 1-based positions per level, as the answers file does."""
    return {
        level: (len(set(ticked.get(level, [])) & set(range(1, len(items) + 1))), len(items))
        for level, items in sorted(skill.indicators.items())
        if items
    }


def inferred_level(skill: Skill, ticked: dict[int, list[int]]) -> int:
    """The highest level whose indicators, and those of every level below, are at least
    two-thirds ticked (0 when the lowest level with indicators is not)."""
    inferred = 0
    for level, (done, total) in level_counts(skill, ticked).items():
        if Fraction(done, total) < SHARE_NEEDED:
            break
        inferred = level
    return inferred


def ticked_statements(skill: Skill, ticked: dict[int, list[int]]) -> dict[int, list[str]]:
    """The text of the ticked statements, per level, in the taxonomy's order."""
    return {
        level: [text for i, text in enumerate(items, start=1) if i in set(ticked.get(level, []))]
        for level, items in sorted(skill.indicators.items())
        if ticked.get(level)
    }
