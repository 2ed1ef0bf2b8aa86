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
    assert (py.overrated_count, py.overrated_learners) == (2, ["Ben", "Cy"])
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
    assert prog.overrated_learners == ["Ben", "Cy"]


def test_min_group_hides_small_counts_and_names():
    result = belief_vs_knowledge(SKILLS, CATEGORIES, LEARNERS, _Suppressor(3))
    py, sql = result.skills
    assert py.claim_count == 4
    assert py.contradicted_pct is None  # 2 contradicted, fewer than 3
    assert py.overrated_count is None and py.overrated_learners is None
    assert py.mean_claimed == 2.5  # over 4 learners: shown
    assert sql.claim_count is None and sql.mean_claimed is None  # 2 claims
    # In the tables: a small count reads <3; a share or name list hidden to protect one
    # reads hidden (1 supported, 2 contradicted and 1 unverified of 4 are all small).
    from mlcareer.render.instructor import belief_cells

    assert belief_cells(py, "<3") == [
        "4", "hidden", "hidden", "hidden", "2.50", "1.75", "+0.75", "<3", "hidden"
    ]  # fmt: skip
    assert belief_cells(sql, "<3")[0] == "<3"


def test_names_that_differ_only_in_case_come_in_one_order():
    # "ben", "Ben" and "BEN" tie ignoring case; exactly, "BEN" < "Ben" < "ben" (upper case
    # sorts first). Fed in two orders, the list is the same.
    names = ["ben", "Cy", "BEN", "Ben"]
    for order in (names, names[::-1]):
        learners = [LearnerClaims(n, [Claim("py", 3, 1, "contradicted")]) for n in order]
        [py] = belief_vs_knowledge(SKILLS, CATEGORIES, learners, _Suppressor(1)).skills
        assert py.overrated_learners == ["BEN", "Ben", "ben", "Cy"]


def test_the_belief_csv_has_every_figure_worked_above():
    from mlcareer.render.instructor import belief_csv

    result = belief_vs_knowledge(SKILLS, CATEGORIES, LEARNERS, _Suppressor(1))
    # Categories first, then skills; floats as %g (25.0 -> 25), no one overrated in SQL.
    assert belief_csv(result) == "\ufeff" + "\r\n".join(
        [
            "kind,id,name,claim_count,supported_pct,contradicted_pct,unverified_pct,"
            "mean_claimed,mean_adjusted,overclaim,overrated_count,overrated_learners",
            "category,prog,Programming,6,33.3,33.3,33.3,2.17,1.67,0.5,2,Ben; Cy",
            "skill,py,Python,4,25,50,25,2.5,1.75,0.75,2,Ben; Cy",
            "skill,sql,SQL,2,50,0,50,1.5,1.5,0,0,",
            "",
        ]
    )


def test_shares_in_the_tables_round_half_up_to_whole_percents():
    from mlcareer.render.instructor import belief_cells

    # Five of 27 claims contradicted: 18.5 % published (one decimal), 19 % in the table.
    learners = [
        LearnerClaims(
            f"L{n}", [Claim("py", 2, 1 if n < 5 else 2, "contradicted" if n < 5 else "supported")]
        )
        for n in range(27)
    ]
    [py] = belief_vs_knowledge(SKILLS, CATEGORIES, learners, _Suppressor(1)).skills
    # supported 22/27 = 81.48 -> 81.5 -> 82 %; contradicted 5/27 = 18.52 -> 18.5 -> 19 %.
    assert (py.supported_pct, py.contradicted_pct) == (81.5, 18.5)
    assert belief_cells(py, "<3")[1:4] == ["82%", "19%", "0%"]
