"""Belief versus knowledge: self-ratings against what the checks supported, worked by hand."""

from __future__ import annotations

from mlcareer.belief import Claim, LearnerClaims, belief_vs_knowledge
from mlcareer.cohort import _Suppressor

SKILLS = [("py", "Python", "prog"), ("sql", "SQL", "prog"), ("stats", "Statistics", "maths")]
CATEGORIES = [("prog", "Programming"), ("maths", "Maths")]

# Four learners. Python: Ana 3 supported, Ben 3 contradicted (scored 1), Cy 2 contradicted
# (scored 1), Dee 2 unverified. SQL: Ana 2 supported, Ben 0 (no claim), Dee 1 with no checks
# at all (unverified). Nobody claims Statistics.
LEARNERS = [
    LearnerClaims("Ana", [Claim("py", 3, 3, "supported"), Claim("sql", 2, 2, "supported")]),
    LearnerClaims("Ben", [Claim("py", 3, 1, "contradicted"), Claim("sql", 0, 0, None)]),
    LearnerClaims("Cy", [Claim("py", 2, 1, "contradicted")]),
    LearnerClaims("Dee", [Claim("py", 2, 2, "unverified"), Claim("sql", 1, 1, None)]),
]


def test_per_skill_and_per_category():
    result = belief_vs_knowledge(SKILLS, CATEGORIES, LEARNERS, _Suppressor(1))
    assert [row.id for row in result.skills] == ["py", "sql"]  # stats: no claim
    py, sql = result.skills
    # Python: 4 claims; supported 1/4 = 25%, contradicted 2/4 = 50%, unverified 25%.
    # Mean claimed (3 + 3 + 2 + 2) / 4 = 2.5; adjusted (3 + 1 + 1 + 2) / 4 = 1.75; +0.75.
    assert (py.claim_count, py.supported_pct, py.contradicted_pct, py.unverified_pct) == (
        4,
        25.0,
        50.0,
        25.0,
    )
    assert (py.mean_claimed, py.mean_adjusted, py.overclaim) == (2.5, 1.75, 0.75)
    assert (py.overconfident_count, py.overconfident_learners) == (2, ["Ben", "Cy"])
    # SQL: Ben's 0 is no claim; Ana supported, Dee unverified: 50% / 0% / 50%; 1.5 - 1.5 = 0.
    assert (sql.claim_count, sql.supported_pct, sql.contradicted_pct, sql.unverified_pct) == (
        2,
        50.0,
        0.0,
        50.0,
    )
    assert sql.overclaim == 0.0
    # Programming: the 6 claims above. Supported 2/6 = 33.3%, contradicted 2/6, unverified
    # 2/6; claimed (10 + 3) / 6 = 2.1667, adjusted (7 + 3) / 6 = 1.6667, difference 0.5.
    [prog] = result.categories
    assert (prog.claim_count, prog.supported_pct, prog.contradicted_pct) == (6, 33.3, 33.3)
    assert (prog.mean_claimed, prog.mean_adjusted, prog.overclaim) == (2.17, 1.67, 0.5)
    assert prog.overconfident_learners == ["Ben", "Cy"]


def test_min_group_hides_small_counts_and_names():
    result = belief_vs_knowledge(SKILLS, CATEGORIES, LEARNERS, _Suppressor(3))
    py, sql = result.skills
    assert py.claim_count == 4
    assert py.contradicted_pct is None  # 2 contradicted, fewer than 3
    assert py.overconfident_count is None and py.overconfident_learners is None
    assert py.mean_claimed == 2.5  # over 4 learners: shown
    assert sql.claim_count is None and sql.mean_claimed is None  # 2 claims


def test_names_that_differ_only_in_case_come_in_one_order():
    # "ben", "Ben" and "BEN" tie ignoring case; exactly, "BEN" < "Ben" < "ben" (upper case
    # sorts first). Fed in two orders, the list is the same.
    names = ["ben", "Cy", "BEN", "Ben"]
    for order in (names, names[::-1]):
        learners = [LearnerClaims(n, [Claim("py", 3, 1, "contradicted")]) for n in order]
        [py] = belief_vs_knowledge(SKILLS, CATEGORIES, learners, _Suppressor(1)).skills
        assert py.overconfident_learners == ["BEN", "Ben", "ben", "Cy"]
