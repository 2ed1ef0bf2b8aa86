"""The knowledge-check bank of the default taxonomy measures what it claims (issue 13):
enough items at every level to support or contradict any rating and to rotate on a
retest, and no cue from the choices' lengths or positions."""

from __future__ import annotations

from collections import Counter

import pytest

from mlcareer.taxonomy import default_taxonomy_path, load_taxonomy

MAX_SHARE = 0.35  # of items whose key has a given length rank, or a given position


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(default_taxonomy_path())


def length_rank(choices: list[str], answer: int) -> int:
    """1 when the key is the longest choice, 4 when the shortest; ties go to the earlier
    choice, so a tie can never hide the key among equals."""
    order = sorted(range(len(choices)), key=lambda i: (-len(choices[i]), i))
    return order.index(answer) + 1


def test_length_rank_helper_worked_by_hand():
    assert length_rank(["aa", "a", "aaaa", "aaa"], 2) == 1
    assert length_rank(["aa", "a", "aaaa", "aaa"], 1) == 4
    assert length_rank(["ab", "cd", "e", "f"], 1) == 2  # tie with choice 0, which ranks first


def test_every_skill_can_be_checked_at_every_level_and_rotated(taxonomy):
    for skill in taxonomy.skills():
        levels = Counter(check.level for check in skill.checks)
        assert len(skill.checks) >= 5, skill.id
        assert set(levels) == {1, 2, 3, 4}, (skill.id, levels)
        assert max(levels.values()) >= 2, (skill.id, levels)


def test_no_length_or_position_cue(taxonomy):
    checks = [check for _, check in taxonomy.checks()]
    ranks = Counter(length_rank(list(c.choices), c.answer) for c in checks)
    positions = Counter(c.answer for c in checks)
    for counts in (ranks, positions):
        worst = max(counts.values()) / len(checks)
        assert worst <= MAX_SHARE, counts


def test_every_check_is_well_formed(taxonomy):
    for _, check in taxonomy.checks():
        assert len(check.choices) == 4, check.id
        assert len(set(check.choices)) == 4, check.id
        assert 0 <= check.answer < 4, check.id
        assert check.explanation.strip(), check.id
