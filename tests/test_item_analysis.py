"""Item analysis: figures worked out by hand for a 6-learner cohort, a mis-keyed item."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from mlcareer.item_analysis import (
    ItemKey,
    LearnerAnswers,
    analyse_items,
    item_keys,
    kr20,
    point_biserial,
)
from mlcareer.taxonomy import load_taxonomy


def key(check_id: str, answer: int, category: str = "a") -> ItemKey:
    return ItemKey(
        id=check_id,
        skill=f"skill-{check_id}",
        category=category,
        level=1,
        question=f"Question {check_id}?",
        choices=("w", "x", "y", "z"),
        answer=answer,
    )


# Six learners, four items of category `a`, every learner answers every item. Item i4 is
# keyed 0, but the three strongest learners chose 2: it is mis-keyed. Rows: 1 = right.
#
#        i1  i2  i3  i4 | total
#   L1    1   1   1   0 |   3     (i4: chose 2)
#   L2    1   1   1   0 |   3     (i4: chose 2)
#   L3    1   1   0   0 |   2     (i4: chose 2; i3: chose 3)
#   L4    1   0   0   1 |   2     (i2: chose 1; i3: chose 3)
#   L5    0   1   0   1 |   2     (i1: chose 3; i3: chose 1)
#   L6    0   0   0   1 |   1     (i1: chose 3; i2: chose 1; i3: chose 3)
CHOSEN = {
    "L1": {"i1": 0, "i2": 0, "i3": 0, "i4": 2},
    "L2": {"i1": 0, "i2": 0, "i3": 0, "i4": 2},
    "L3": {"i1": 0, "i2": 0, "i3": 3, "i4": 2},
    "L4": {"i1": 0, "i2": 1, "i3": 3, "i4": 0},
    "L5": {"i1": 3, "i2": 0, "i3": 1, "i4": 0},
    "L6": {"i1": 3, "i2": 1, "i3": 3, "i4": 0},
}
KEYS = [key("i1", 0), key("i2", 0), key("i3", 0), key("i4", 0)]


def six() -> list[LearnerAnswers]:
    return [LearnerAnswers(name, chosen) for name, chosen in CHOSEN.items()]


def test_six_learners_difficulty_discrimination_and_choices():
    result = analyse_items(KEYS, six(), min_answers=5)
    items = {item.id: item for item in result.items}
    assert list(items) == ["i1", "i2", "i3", "i4"]

    # Difficulty p = right / answered: i1 4/6, i2 4/6, i3 2/6, i4 3/6.
    assert [items[i].difficulty for i in items] == [0.667, 0.667, 0.333, 0.5]
    assert [items[i].answered for i in items] == [6, 6, 6, 6]

    # i4, rest score = share right of the other three items:
    #   L1 3/3, L2 3/3, L3 2/3, L4 1/3, L5 1/3, L6 0/3.
    #   right (L4-L6): M1 = (1/3 + 1/3 + 0) / 3 = 2/9;  wrong (L1-L3): M0 = (1 + 1 + 2/3) / 3 = 8/9
    #   mean 5/9; population variance ((4/9)^2*2 + (1/9)^2 + (2/9)^2*2 + (5/9)^2) / 6
    #   = (32 + 1 + 8 + 25) / 81 / 6 = 11/81, s = sqrt(11)/9
    #   r = (2/9 - 8/9) / (sqrt(11)/9) * sqrt(1/2 * 1/2) = -3/sqrt(11) = -0.9045
    assert items["i4"].discrimination == round(-3 / math.sqrt(11), 3) == -0.905
    # i3 (right: L1, L2), rest = share right of i1, i2, i4:
    #   L1 2/3, L2 2/3, L3 2/3, L4 2/3, L5 2/3, L6 1/3
    #   M1 = 2/3; M0 = (2/3 * 3 + 1/3) / 4 = 7/12; mean 11/18;
    #   variance (5 * (1/18)^2 + (5/18)^2) / 6 = 30/324/6 = 5/324, s = sqrt(5)/18
    #   r = (1/12) / (sqrt(5)/18) * sqrt(1/3 * 2/3) = sqrt(2)/(2 sqrt(5)) = sqrt(0.1) = 0.3162
    assert items["i3"].discrimination == 0.316
    # i1 (right L1-L4), rest over i2, i3, i4: L1 2/3, L2 2/3, L3 1/3, L4 1/3, L5 2/3, L6 1/3
    #   M1 = (2/3 + 2/3 + 1/3 + 1/3) / 4 = 1/2 = M0 = (2/3 + 1/3) / 2, so r = 0.
    assert items["i1"].discrimination == 0.0

    # Choice counts of i4: key 0 chosen by L4-L6, distractor 2 by L1-L3.
    assert [c.chosen for c in items["i4"].choices] == [3, 0, 3, 0]
    assert [c.key for c in items["i4"].choices] == [True, False, False, False]
    # Strong learners: rest score >= median of (0, 1/3, 1/3, 2/3, 1, 1) = 1/2: L1-L3, who all
    # chose 2, and none the key: negative r and a distractor beating the key, so mis-keyed.
    assert items["i4"].strong_learners == 3
    assert [c.chosen_by_strong for c in items["i4"].choices] == [0, 0, 3, 0]
    assert items["i4"].flags == ["mis-keyed"]
    assert [c.chosen for c in items["i3"].choices] == [2, 1, 0, 3]
    assert all(items[i].flags == [] for i in ("i1", "i2", "i3"))


def test_six_learners_kr20():
    # p: 4/6, 4/6, 2/6, 3/6; sum(p q) = 2/9 + 2/9 + 2/9 + 1/4 = 11/12.
    # Totals 3, 3, 2, 2, 2, 1: mean 13/6; population variance
    #   ((5/6)^2 * 2 + (1/6)^2 * 3 + (7/6)^2) / 6 = (50 + 3 + 49) / 36 / 6 = 17/36.
    # KR-20 = 4/3 * (1 - (11/12) / (17/36)) = 4/3 * (1 - 33/17) = -64/51 = -1.255:
    # negative, because the mis-keyed item runs against the others.
    result = analyse_items(KEYS, six(), min_answers=5)
    [reliability] = result.reliability
    assert reliability.category == "a"
    assert reliability.kr20 == round(-64 / 51, 3) == -1.255
    assert reliability.items == ["i1", "i2", "i3", "i4"]
    assert reliability.learner_count == 6
    assert reliability.note is None


def test_rekeyed_item_is_no_longer_flagged_and_reliability_rises():
    # With i4 keyed 2 (what the strong learners chose), i4's column flips: right for L1-L3.
    # Totals become 4, 4, 3, 1, 1, 0: mean 13/6; variance
    #   ((11/6)^2 * 2 + (5/6)^2 + (7/6)^2 * 2 + (13/6)^2) / 6 = (242 + 25 + 98 + 169) / 216
    #   = 534/216 = 89/36; sum(p q) is still 11/12, so
    # KR-20 = 4/3 * (1 - (11/12) / (89/36)) = 4/3 * (1 - 33/89) = 4/3 * 56/89 = 224/267 = 0.839
    keys = [*KEYS[:3], key("i4", 2)]
    result = analyse_items(keys, six(), min_answers=5)
    assert result.reliability[0].kr20 == round(224 / 267, 3) == 0.839
    assert all("mis-keyed" not in item.flags for item in result.items)


def test_too_easy_too_hard_and_few_answers():
    keys = [key("easy", 1, "b"), key("hard", 2, "b"), key("rare", 0, "c")]
    learners = [
        LearnerAnswers(
            f"L{n}", {"easy": 1, "hard": 0 if n else 2, **({"rare": n} if n < 2 else {})}
        )
        for n in range(21)
    ]
    items = {i.id: i for i in analyse_items(keys, learners, min_answers=5).items}
    # easy: 21 of 21 right, p = 1 > 0.95; everyone right, so no discrimination.
    assert items["easy"].difficulty == 1.0
    assert items["easy"].discrimination is None
    assert items["easy"].flags == ["too-easy"]
    # hard: 1 of 21 right, p = 0.048 < 0.20.
    assert items["hard"].difficulty == 0.048
    assert "too-hard" in items["hard"].flags
    # rare: answered by 2 learners (one right, one wrong), below the minimum of 5.
    assert items["rare"].answered == 2
    assert items["rare"].flags == ["few-answers"]


def test_kr20_drops_the_least_answered_item_until_enough_learners_answered_all():
    # Items x, y answered by 6 learners, z by 2: with z, only 2 learners answered all three
    # (fewer than 5), so z is dropped and KR-20 is over x and y and 6 learners.
    # x: 1 1 1 0 0 0; y: 1 1 0 1 0 0 -> p 1/2, 1/2; sum(p q) = 1/2.
    # totals 2 2 1 1 0 0: mean 1, variance (1 + 1 + 0 + 0 + 1 + 1) / 6 = 2/3.
    # KR-20 = 2/1 * (1 - (1/2) / (2/3)) = 2 * 1/4 = 0.5
    keys = [key("x", 0), key("y", 0), key("z", 0)]
    xs = [0, 0, 0, 1, 1, 1]
    ys = [0, 0, 1, 0, 1, 1]
    learners = [
        LearnerAnswers(f"L{n}", {"x": xs[n], "y": ys[n], **({"z": 0} if n < 2 else {})})
        for n in range(6)
    ]
    [rel] = analyse_items(keys, learners, min_answers=5).reliability
    assert rel.kr20 == 0.5
    assert rel.items == ["x", "y"]
    assert rel.learner_count == 6


def test_no_kr20_for_a_single_item_or_constant_totals():
    one = analyse_items([key("x", 0, "b")], [LearnerAnswers("L", {"x": 0})] * 6)
    assert one.reliability[0].kr20 is None
    assert one.reliability[0].note == "only one check of the category was answered"
    same = analyse_items([key("x", 0), key("y", 0)], [LearnerAnswers("L", {"x": 0, "y": 0})] * 6)
    assert same.reliability[0].kr20 is None
    assert "do not vary" in (same.reliability[0].note or "")


def test_unknown_checks_and_out_of_range_choices_are_ignored():
    result = analyse_items([key("x", 0)], [LearnerAnswers("L", {"x": 7, "nope": 0})])
    assert result.items == []


def test_formulas_on_their_own():
    # r of (1, 1, 0, 0) against (1, 0.5, 0.5, 0): M1 = 0.75, M0 = 0.25, mean 0.5,
    # variance (0.25 + 0 + 0 + 0.25) / 4 = 1/8, s = 0.3536; r = 0.5 / 0.3536 * 0.5 = 0.7071
    half = Fraction(1, 2)
    assert point_biserial([True, True, False, False], [1, half, half, 0]) == pytest.approx(
        math.sqrt(0.5)
    )
    assert point_biserial([True], [1.0]) is None
    assert kr20([[1, 1], [0, 0]]) == pytest.approx(1.0)  # pq 1/2, var 1: 2 * (1 - 1/2) = 1
    assert kr20([[1]]) is None


def test_item_keys_of_the_default_taxonomy_follow_the_file():
    tax = load_taxonomy()
    keys = item_keys(tax)
    assert [k.id for k in keys] == [check.id for _, check in tax.checks()]
    assert all(0 <= k.answer < len(k.choices) for k in keys)


def test_an_r_of_exactly_zero_is_zero_and_not_flagged_mis_keyed():
    # Four checks, every learner answers all: x and the rest score over a, b, c (right of 3).
    #        a b c | rest | x
    #   L1   1 1 1 |  1   | wrong (chose 2)
    #   L2   1 1 1 |  1   | right
    #   L3   1 1 0 | 2/3  | right
    #   L4   1 1 1 |  1   | wrong (chose 2)
    #   L5   1 0 1 | 2/3  | right
    #   L6   1 0 0 | 1/3  | wrong (chose 1)
    # M1 = (1 + 2/3 + 2/3) / 3 = 7/9 = M0 = (1 + 1 + 1/3) / 3: r = 0 exactly. The strong
    # learners (rest at or above the median (2/3 + 1) / 2 = 5/6: L1, L2, L4) chose 2, 0, 2,
    # so a distractor beats the key; but r is not negative, so x is not mis-keyed. In
    # floating point r came out as -1.6e-16, flagged, and printed as -0.000.
    rows = {
        "L1": ((1, 1, 1), 2),
        "L2": ((1, 1, 1), 0),
        "L3": ((1, 1, 0), 0),
        "L4": ((1, 1, 1), 2),
        "L5": ((1, 0, 1), 0),
        "L6": ((1, 0, 0), 1),
    }
    keys = [key("x", 0), key("a", 0), key("b", 0), key("c", 0)]
    learners = [
        LearnerAnswers(
            name, {"x": x, **{c: 0 if ok else 1 for c, ok in zip("abc", others, strict=True)}}
        )
        for name, (others, x) in rows.items()
    ]
    x = next(i for i in analyse_items(keys, learners).items if i.id == "x")
    assert x.discrimination == 0.0
    assert math.copysign(1, x.discrimination) == 1  # not -0.0
    assert x.strong_learners == 3
    assert [c.chosen_by_strong for c in x.choices] == [1, 0, 2, 0]
    assert x.flags == []


def test_a_kr20_of_exactly_zero_is_zero():
    # Three learners, two checks: x right for L1, L2; y right for all three. p q: 2/9 and 0;
    # totals 2, 2, 1: mean 5/3, variance ((1/3)^2 * 2 + (2/3)^2) / 3 = 2/9.
    # KR-20 = 2 * (1 - (2/9) / (2/9)) = 0 exactly (in floating point: -0.000).
    learners = [
        LearnerAnswers("L1", {"x": 0, "y": 0}),
        LearnerAnswers("L2", {"x": 0, "y": 0}),
        LearnerAnswers("L3", {"x": 1, "y": 0}),
    ]
    [rel] = analyse_items([key("x", 0), key("y", 0)], learners, min_answers=2).reliability
    assert rel.kr20 == 0.0
    assert math.copysign(1, rel.kr20) == 1
    assert kr20([[1, 1], [1, 1], [0, 1]]) == 0


def test_rounding_is_half_up_as_everywhere_in_the_cohort():
    # 9 of 16 right: p = 0.5625, exactly half way; 0.563 (rounding the float gave 0.562).
    learners = [LearnerAnswers(f"L{n}", {"x": 0 if n < 9 else 1}) for n in range(16)]
    [item] = analyse_items([key("x", 0)], learners).items
    assert item.difficulty == 0.563


def test_no_kr20_when_no_two_checks_share_enough_learners():
    # x and y are each answered by 6 learners, but only 3 answered both: below 5.
    learners = [LearnerAnswers(f"L{n}", {"x": n % 2}) for n in range(3)]
    learners += [LearnerAnswers(f"M{n}", {"y": n % 2}) for n in range(3)]
    learners += [LearnerAnswers(f"B{n}", {"x": n % 2, "y": 0}) for n in range(3)]
    [rel] = analyse_items([key("x", 0), key("y", 0)], learners, min_answers=5).reliability
    assert rel.kr20 is None
    assert rel.note == (
        "no two of its checks were both answered by 5 learners or more (the fewest counted)"
    )


def test_a_long_check_id_is_never_broken_in_the_terminal():
    """At 80 columns the Check column used to fold `calculus-optimisation-1` after its last
    hyphen: an id is copied into the taxonomy, so it stays whole and the other columns give."""
    import io

    from rich.console import Console

    from mlcareer.item_analysis import ChoiceCount, ItemAnalysis, ItemStats
    from mlcareer.render.instructor import draw_instructor_sections

    long_id = "calculus-and-numerical-optimisation-1"  # 37 characters
    item = ItemStats(
        id=long_id,
        skill="calculus",
        category="maths",
        level=1,
        question="Q?",
        answered=23,
        correct=1,
        difficulty=0.043,
        discrimination=None,
        with_rest_score=0,
        strong_learners=0,
        choices=[
            ChoiceCount(index=i, text=t, key=i == 0, chosen=c, chosen_by_strong=0)
            for i, (t, c) in enumerate([("a", 1), ("b", 12), ("c", 0), ("d", 10)])
        ],
        flags=["too-hard", "few-answers"],
    )
    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None)
    items = ItemAnalysis(min_answers=5, items=[item], reliability=[])
    draw_instructor_sections(console, None, None, items, "<5")
    rows = [line for line in out.getvalue().splitlines() if line.startswith("calculus")]
    assert len(rows) == 1 and rows[0].split()[:4] == [long_id, "23", "0.043", "-"]
    assert "few-answers" in out.getvalue()  # the flag whole, not few-answer / s


def test_kr20_drops_the_least_answered_checks_as_the_readme_says():
    """The rule, written out plainly (README: drop the least-answered check, one at a time,
    until at least --item-min learners answered all of those left, two or more; of two
    answered equally often the later goes first), against the counting the module does
    in one pass, over random cohorts."""
    import random

    from mlcareer.item_analysis import ItemKey, LearnerAnswers, analyse_items

    rng = random.Random(16)
    for _ in range(300):
        spec = [(f"i{i}", f"c{rng.randrange(2)}") for i in range(rng.randint(1, 8))]
        keys = [ItemKey(i, "s", c, 1, "q", ("a", "b", "c"), 0) for i, c in spec]
        share = rng.choice([0.3, 0.6, 0.9])
        chosen = [
            {i: rng.randrange(3) for i, _ in spec if rng.random() < share}
            for _ in range(rng.randint(0, 30))
        ]
        min_answers = rng.randint(1, 6)
        analysis = analyse_items(
            keys,
            [LearnerAnswers(f"L{n}", c) for n, c in enumerate(chosen)],
            min_answers=min_answers,
        )
        for reliability in analysis.reliability:
            ids = [i for i, c in spec if c == reliability.category and any(i in a for a in chosen)]
            ids.sort(key=lambda i: (-sum(i in a for a in chosen), [k for k, _ in spec].index(i)))
            while len(ids) >= 2 and sum(all(i in a for i in ids) for a in chosen) < max(
                2, min_answers
            ):
                ids.pop()
            if len(ids) < 2:
                assert (reliability.items, reliability.learner_count) == ([], 0)
            else:
                order = [k for k, _ in spec]
                assert reliability.items == sorted(ids, key=order.index)
                assert reliability.learner_count == sum(all(i in a for i in ids) for a in chosen)
