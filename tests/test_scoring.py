"""The scoring engine: figures worked out by hand, and the invariants as properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcareer.scoring import floor_percent, priority_of, score_assessment
from mlcareer.taxonomy import Taxonomy, cross_check, load_taxonomy


@pytest.fixture(scope="module")
def tiny():
    from tests.conftest import TINY

    return load_taxonomy(TINY)


def test_hand_computed_assessment(tiny):
    # junior requires python 2 (via code: 2), sql 1, stats 1, ml 2.
    # importance = category weight x skill weight: python 2x1=2, sql 2x0.5=1, stats 1, ml 1.
    # levels python 1, sql skipped (0), stats 2, ml 0.
    # met = 2*1 + 1*0 + 1*min(2,1) + 1*0 = 3; needed = 2*2 + 1*1 + 1*1 + 1*2 = 8 -> 37.5 %.
    result = score_assessment(
        tiny, tiny.role("junior"), {"python": 1, "sql": None, "stats": 2, "ml": 0}
    )
    assert result.readiness == 37.5
    by_id = {s.id: s for s in result.skills}
    assert [(s.id, s.required, s.gap, s.status) for s in result.skills] == [
        ("python", 2, 1, "gap"),
        ("sql", 1, 1, "not assessed"),
        ("stats", 1, 0, "meets"),
        ("ml", 2, 2, "gap"),
    ]
    # priority = 100 x importance x gap / mean hours per missing level
    assert by_id["python"].priority == 13.33  # 100*2*1/15
    assert by_id["sql"].priority == 25.0  # 100*1*1/4
    assert by_id["ml"].priority == 11.43  # 100*1*2/((5+30)/2)
    assert by_id["ml"].hours_to_close == 35.0
    # code: met 2*1 + 1*0 = 2 of 2*2 + 1*1 = 5 -> 40 %; maths: 1 of 1+2 = 3 -> 33.3 %
    assert [(c.id, c.score, c.gap, c.skills_with_gap) for c in result.categories] == [
        ("code", 40.0, 2, 2),
        ("maths", 33.3, 2, 1),
    ]
    # Ready at the start: sql 1 (priority 25), python 2 (13.33) and ml 1 (11.43): ml's
    # prerequisites python and stats mean level 1, which the learner has (1 and 2), so ml
    # waits for nothing. Highest priority first: sql 1, python 2, ml 1, then ml 2. stats
    # has no gap.
    assert [(s.skill, s.to_level) for s in result.plan.steps] == [
        ("sql", 1),
        ("python", 2),
        ("ml", 1),
        ("ml", 2),
    ]
    assert result.plan.total_hours == 4 + 15 + 5 + 30
    # Of the 4 required skills: stats meets, python and ml are rated below, sql is skipped.
    # Gaps by priority: sql 25, python 13.33, ml 11.43. The one strength is stats; the plan
    # starts at step 1; no next role below 100 %, and no checks were asked.
    assert result.summary.model_dump() == {
        "required": 4,
        "met": 1,
        "with_gap": 2,
        "not_assessed": 1,
        "plan_hours": 54.0,
        "plan_steps": 4,
        "gaps_by_priority": ["sql", "python", "ml"],
        "strengths": ["stats"],
        "start_here": 1,
        "next_role": None,
        "checks_asked": None,
        "checks_right": None,
    }
    # analyst: sql 3, stats 3, both importance 1: met 0 + 2 = 2 of 6 -> 33.3 %;
    # stats is rated 2 < 3 (with a gap), sql is skipped (not assessed);
    # hours: sql 4+10+30 + stats 60 = 104.
    assert [
        (f.id, f.readiness, f.gaps, f.with_gap, f.not_assessed, f.hours_to_close)
        for f in result.role_fit
    ] == [
        ("junior", 37.5, 3, 2, 1, 54.0),
        ("analyst", 33.3, 2, 1, 1, 104.0),
    ]


def test_at_100_percent_the_summary_names_strengths_and_the_next_role(tiny):
    # Every level junior requires is met: python 2, sql 1, stats 1, ml 2.
    result = score_assessment(
        tiny, tiny.role("junior"), {"python": 2, "sql": 1, "stats": 1, "ml": 2}
    )
    assert result.readiness == 100.0
    # Strengths by importance: python 2x1 = 2, then sql 2x0.5 = 1, stats 1 and ml 1; among
    # the 1s ml needs level 2, the others level 1 (then by id: sql, stats).
    assert result.summary.strengths == ["python", "ml", "sql", "stats"]
    assert (result.summary.start_here, result.summary.plan_steps) == (None, 0)
    # The only other role, analyst (sql 3, stats 3, importance 1 each): 1 + 1 of 6 levels
    # = 33.3 %, so it is the next role to aim for.
    assert result.summary.next_role == "analyst"


def test_below_100_percent_there_is_no_next_role(tiny):
    result = score_assessment(
        tiny, tiny.role("junior"), {"python": 2, "sql": 1, "stats": 1, "ml": 1}
    )
    assert result.readiness < 100
    assert result.summary.next_role is None
    # ml 1 < 2 is the gap; the plan's first step is ml 1->2.
    assert result.summary.start_here == 1
    assert result.plan.steps[0].skill == "ml"


def test_next_role_is_none_when_every_other_role_is_reached_too(tiny):
    result = score_assessment(
        tiny, tiny.role("analyst"), {"python": 2, "sql": 3, "stats": 3, "ml": 2}
    )
    # junior needs python 2, sql 1, stats 1, ml 2: met as well, so nothing is left to aim for.
    assert [f.readiness for f in result.role_fit] == [100.0, 100.0]
    assert result.summary.next_role is None


def test_not_required_skill_is_reported_but_not_scored(tiny):
    result = score_assessment(tiny, tiny.role("analyst"), {"python": 4, "sql": 3, "stats": 3})
    assert result.readiness == 100.0
    assert result.skills[0].status == "not required"
    assert result.categories[0].score == 100.0  # sql only: python is not required
    assert result.plan.steps == []


def test_floor_keeps_100_for_exact_completion_only():
    assert floor_percent(Fraction(1)) == 100.0
    assert floor_percent(Fraction(9999, 10000)) == 99.9
    assert floor_percent(Fraction(7, 10)) == 70.0
    assert floor_percent(Fraction(0)) == 0.0


def one_category(category_weight, skills, role):
    """A one-category taxonomy: skills as (id, weight), role as {skill id: required level}."""
    return Taxonomy.model_validate(
        {
            "schema_version": 1,
            "id": "one",
            "title": "One",
            "version": "1",
            "categories": [
                {
                    "id": "c",
                    "name": "C",
                    "weight": category_weight,
                    "skills": [
                        {
                            "id": sid,
                            "name": sid.upper(),
                            "description": "d",
                            "weight": weight,
                            "levels": {1: "a", 2: "b", 3: "c", 4: "d"},
                            "learning": [
                                {"to_level": n, "step": f"step {n}", "hours": 10}
                                for n in (1, 2, 3, 4)
                            ],
                        }
                        for sid, weight in skills
                    ],
                }
            ],
            "roles": [{"id": "r", "name": "R", "requires": role}],
        }
    )


def test_category_score_equals_readiness_in_the_reviews_example():
    # The code review's case: category weight 0.9, skills a (0.6) and b (0.1), required 2
    # and 4, rated 2 and 0. importance a = 0.9 x 0.6 = 0.54, b = 0.9 x 0.1 = 0.09.
    # met = 0.54 x 2 + 0.09 x 0 = 1.08; needed = 0.54 x 2 + 0.09 x 4 = 1.44; 1.08 / 1.44 = 0.75.
    # Floats give 0.5399999999999999 for the first product, and 74.9 on the old second path.
    tax = one_category(0.9, [("a", 0.6), ("b", 0.1)], {"a": 2, "b": 4})
    result = score_assessment(tax, tax.roles[0], {"a": 2, "b": 0})
    assert result.readiness == 75.0
    assert result.categories[0].score == 75.0
    assert [s.importance for s in result.skills] == [0.54, 0.09]
    # priority of b = 100 x 0.09 x 4 / (40 h / 4 levels) = 3.6
    assert [s.priority for s in result.skills] == [0.0, 3.6]


def test_importance_is_published_as_the_decimal_product():
    # 1.2 x 1.5 = 1.8 (floats: 1.7999999999999998), 0.8 x 1.5 = 1.2 (floats: 1.2000000000000002)
    tax = one_category(1.2, [("a", 1.5)], {"a": 1})
    assert score_assessment(tax, tax.roles[0], {"a": 0}).skills[0].importance == 1.8
    tax = one_category(0.8, [("a", 1.5)], {"a": 1})
    assert score_assessment(tax, tax.roles[0], {"a": 0}).skills[0].importance == 1.2


def test_priority_is_rounded_from_the_exact_value():
    # 100 x 0.7 x 1 / 8 h = 8.75 exactly; in floats 100 * 0.7 is 70.00000000000001, so any
    # half-way rounding must start from the fraction to give the decimal answer.
    assert priority_of(Fraction(7, 10), 1, Fraction(8), 1) == 8.75
    # 100 x 0.9 x 0.6 x 3 / 6 h = 27, with no float residue
    assert priority_of(Fraction(9, 10) * Fraction(6, 10), 3, Fraction(18), 3) == 27.0
    assert priority_of(Fraction(1), 0, Fraction(5), 1) == 0.0


# -- properties -------------------------------------------------------------------

# Decimals whose binary products are not the decimal product: 0.9 x 0.6, 0.7 x 0.3, 1.3 x 0.9.
WEIGHTS = st.sampled_from([0.1, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0, 1.3, 1.5, 2.0, 3.0])
HOURS = st.one_of(st.integers(1, 200).map(float), st.sampled_from([0.1, 0.2, 0.3, 2.5, 7.5]))


@st.composite
def taxonomies(draw, max_categories=3):
    """Small valid taxonomies: random weights, hours, requirements and an acyclic graph."""
    n_categories = draw(st.integers(1, max_categories))
    n_skills = draw(st.integers(1, 7))
    skills = []
    for i in range(n_skills):
        prereqs = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        hours = draw(st.lists(HOURS, min_size=4, max_size=4))
        skills.append(
            {
                "id": f"s{i}",
                "name": f"Skill {i}",
                "description": "d",
                "weight": draw(WEIGHTS),
                "prerequisites": [f"s{p}" for p in prereqs],
                "levels": {1: "a", 2: "b", 3: "c", 4: "d"},
                "learning": [
                    {"to_level": n + 1, "step": f"step {n + 1}", "hours": h}
                    for n, h in enumerate(hours)
                ],
            }
        )
    categories = [
        {"id": f"c{c}", "name": f"C{c}", "weight": draw(WEIGHTS), "skills": []}
        for c in range(n_categories)
    ]
    for i, skill in enumerate(skills):
        categories[i % n_categories]["skills"].append(skill)
    categories = [c for c in categories if c["skills"]]
    requires = {f"s{i}": draw(st.integers(0, 4)) for i in range(n_skills)}
    if not any(requires.values()):
        requires["s0"] = draw(st.integers(1, 4))
    data = {
        "schema_version": 1,
        "id": "gen",
        "title": "Generated",
        "version": "1",
        "categories": categories,
        "roles": [{"id": "r", "name": "R", "requires": requires}],
    }
    tax = Taxonomy.model_validate(data)
    assert cross_check(tax) == []
    return tax


def levels_for(tax):
    return st.fixed_dictionaries({s.id: st.integers(0, 4) for s in tax.skills()})


def ratings_for(tax):
    """Ratings with skips (None), as an answers file gives them."""
    return st.fixed_dictionaries(
        {s.id: st.one_of(st.none(), st.integers(0, 4)) for s in tax.skills()}
    )


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_readiness_invariants(data):
    tax = data.draw(taxonomies())
    role = tax.roles[0]
    ratings = data.draw(levels_for(tax))
    required = tax.required_levels(role)
    result = score_assessment(tax, role, ratings)
    all_met = all(ratings[s] >= need for s, need in required.items())
    assert (result.readiness == 100.0) == all_met
    assert 0.0 <= result.readiness <= 100.0
    zero = score_assessment(tax, role, {s: 0 for s in ratings})
    assert zero.readiness == 0.0
    # raising any one rating never lowers readiness
    skill = data.draw(st.sampled_from(sorted(ratings)))
    if ratings[skill] < 4:
        higher = score_assessment(tax, role, {**ratings, skill: ratings[skill] + 1})
        assert higher.readiness >= result.readiness
    # gap and status per skill
    for s in result.skills:
        assert s.gap == max(0, s.required - ratings[s.id])
        assert (s.status == "meets") == (s.required > 0 and s.gap == 0)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_plan_invariants(data):
    tax = data.draw(taxonomies())
    role = tax.roles[0]
    ratings = data.draw(levels_for(tax))
    result = score_assessment(tax, role, ratings)
    steps = result.plan.steps
    # one step for each level to climb on each skill with a gap, marked as the role's
    expected = {
        (s.id, level) for s in result.skills for level in range(s.level + 1, s.required + 1)
    }
    assert {(s.skill, s.to_level) for s in steps if s.required_by_role} == expected
    assert len({(s.skill, s.to_level) for s in steps}) == len(steps)
    assert [s.order for s in steps] == list(range(1, len(steps) + 1))
    position = {(s.skill, s.to_level): i for i, s in enumerate(steps)}
    for step in steps:
        i = step.order - 1
        if step.to_level > ratings[step.skill] + 1:
            assert position[(step.skill, step.to_level - 1)] < i
        # Since issue 13 a bare prerequisite means level 1 (it used to mean "the
        # prerequisite's whole gap first"): the step that brings it to level 1, added to
        # the plan if the role does not ask for it, comes first; a reached one needs nothing.
        for prereq, level in tax.skill(step.skill).prerequisites:
            if ratings[prereq] < level:
                assert position[(prereq, level)] < i
        if not step.required_by_role:
            assert step.needed_by and all(n > step.order for n in step.needed_by)
    # the total is the exact sum, published: 0.1 + 0.2 is 0.3, not 0.30000000000000004
    exact_total = sum((Decimal(str(s.hours)) for s in steps), Decimal(0))
    assert result.plan.total_hours == float(exact_total)
    assert result.summary.plan_hours == result.plan.total_hours
    assert result.summary.plan_steps == len(steps)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_single_category_scores_as_the_readiness(data):
    tax = data.draw(taxonomies(max_categories=1))
    role = tax.roles[0]
    result = score_assessment(tax, role, data.draw(ratings_for(tax)))
    assert [c.score for c in result.categories] == [result.readiness]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_importance_is_the_decimal_product_of_the_weights(data):
    tax = data.draw(taxonomies())
    result = score_assessment(tax, tax.roles[0], data.draw(ratings_for(tax)))
    for skill in result.skills:
        category = tax.category_of(skill.id)
        product = Decimal(str(category.weight)) * Decimal(str(tax.skill(skill.id).weight))
        # published as the decimal itself: its repr reads back as exactly the product
        assert Decimal(repr(skill.importance)) == product


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_summary_counts_partition_the_required_skills(data):
    tax = data.draw(taxonomies())
    role = tax.roles[0]
    ratings = data.draw(ratings_for(tax))
    result = score_assessment(tax, role, ratings)
    summary = result.summary
    required = {sid for sid, need in tax.required_levels(role).items() if need > 0}
    assert summary.required == len(required)
    assert summary.met + summary.with_gap + summary.not_assessed == summary.required
    assert summary.not_assessed == sum(1 for sid in required if ratings[sid] is None)
    assert summary.met == sum(
        1
        for sid in required
        if ratings[sid] is not None and ratings[sid] >= tax.required_levels(role)[sid]
    )
    # the gap list: every required skill below its level (skipped ones too), by priority
    below = [s for s in result.skills if s.required > 0 and s.gap > 0]
    assert sorted(summary.gaps_by_priority) == sorted(s.id for s in below)
    assert len(below) == summary.with_gap + summary.not_assessed
    priorities = [result.skills[[s.id for s in result.skills].index(sid)].priority
                  for sid in summary.gaps_by_priority]  # fmt: skip
    assert priorities == sorted(priorities, reverse=True)
    # the assessed role's row of role fit shows the same counts
    (own,) = [f for f in result.role_fit if f.id == role.id]
    assert (own.with_gap, own.not_assessed) == (summary.with_gap, summary.not_assessed)
    assert own.gaps == summary.with_gap + summary.not_assessed
    assert own.readiness == result.readiness
    assert sum(c.skills_with_gap for c in result.categories) == own.gaps
    # strengths are the skills met; a next role only at 100 %, and one not yet reached
    assert sorted(summary.strengths) == sorted(s.id for s in result.skills if s.status == "meets")
    assert summary.start_here == (result.plan.steps[0].order if result.plan.steps else None)
    if summary.next_role is not None:
        assert result.readiness == 100
        (fit,) = [f for f in result.role_fit if f.id == summary.next_role]
        assert fit.id != role.id and fit.readiness < 100


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_priority_grows_with_gap_and_importance_and_falls_with_effort(data):
    importance = Fraction(data.draw(st.integers(1, 500)), 100)
    gap = data.draw(st.integers(1, 3))
    per_level = Fraction(data.draw(st.integers(10, 2000)), 10)
    base = priority_of(importance, gap, per_level * gap, gap)
    assert priority_of(importance, gap + 1, per_level * (gap + 1), gap + 1) >= base
    assert priority_of(importance * 2, gap, per_level * gap, gap) >= base
    assert priority_of(importance, gap, per_level * gap * 2, gap) <= base


# -- role inheritance and role weights ---------------------------------------------------


def _tiny_with_roles(tmp_path, roles_yaml: str) -> Taxonomy:
    from tests.conftest import TINY

    text = TINY.read_text().split("roles:\n")[0] + "roles:\n" + roles_yaml
    path = tmp_path / "roles.yaml"
    path.write_text(text)
    return load_taxonomy(path)


JUNIOR = "  - {id: junior, name: Junior, requires: {code: 2, sql: 1, stats: 1, ml: 2}}\n"
LEVELS = {"python": 1, "sql": None, "stats": 2, "ml": 0}


def test_role_inherits_and_overrides_requirements(tmp_path):
    tax = _tiny_with_roles(
        tmp_path,
        JUNIOR + "  - {id: senior, name: Senior, seniority: senior, extends: junior, "
        "requires: {ml: 3, code: 3}}\n"
        + "  - {id: lead, name: Lead, extends: senior, requires: {sql: 0}}\n",
    )
    # senior: junior's python 2 (code: 2), sql 1, stats 1, ml 2; its own code: 3 sets python
    # and sql (category entry over the parent's skill entry), ml: 3 overrides ml 2.
    assert tax.required_levels(tax.role("senior")) == {"python": 3, "sql": 3, "stats": 1, "ml": 3}
    # lead: everything of senior, but sql 0.
    assert tax.required_levels(tax.role("lead")) == {"python": 3, "sql": 0, "stats": 1, "ml": 3}
    # senior readiness with python 1, sql 0, stats 2, ml 0 (importances 2, 1, 1, 1):
    # met 2x1 + 0 + 1x1 + 0 = 3; needed 2x3 + 1x3 + 1x1 + 1x3 = 13 -> 23.07... floored 23.0.
    assert score_assessment(tax, tax.role("senior"), LEVELS).readiness == 23.0


def test_core_skills_and_role_weights_enter_importance(tmp_path):
    tax = _tiny_with_roles(
        tmp_path,
        JUNIOR
        + "  - {id: core-ml, name: C, extends: junior, core: [ml]}\n"
        + "  - {id: maths-heavy, name: M, extends: junior, weights: {maths: 3, stats: 0.5}}\n"
        + "  - {id: ml-core-but-1, name: W, extends: core-ml, weights: {ml: 1}}\n",
    )
    # core-ml: ml weighs 2 (CORE_WEIGHT), so importances python 2, sql 1, stats 1, ml 2.
    # met 2x1 + 1x0 + 1x1 + 2x0 = 3; needed 2x2 + 1x1 + 1x1 + 2x2 = 10 -> 30.0 %.
    result = score_assessment(tax, tax.role("core-ml"), LEVELS)
    assert result.readiness == 30.0
    assert {s.id: s.importance for s in result.skills}["ml"] == 2.0
    # ml priority: 100 x 2 x gap 2 / mean hours (5 + 30) / 2 = 400 / 17.5 = 22.857 -> 22.86
    assert {s.id: s.priority for s in result.skills}["ml"] == 22.86
    # maths-heavy: the category entry gives ml 3; stats' own entry (0.5) wins over it.
    # importances python 2, sql 1, stats 1 x 0.5 = 0.5, ml 3.
    # met 2x1 + 0 + 0.5x1 + 0 = 2.5; needed 2x2 + 1 + 0.5x1 + 3x2 = 11.5 -> 21.739 -> 21.7 %.
    assert score_assessment(tax, tax.role("maths-heavy"), LEVELS).readiness == 21.7
    # The child's own weight for ml (1) overrides the core it inherits: back to 37.5 %.
    assert score_assessment(tax, tax.role("ml-core-but-1"), LEVELS).readiness == 37.5


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_no_role_weights_changes_nothing(data):
    """Without `core` or `weights`, importance is category weight x skill weight (the plain
    formula), and weights of 1 everywhere, or an empty child role, score exactly the same."""
    tax = data.draw(taxonomies())
    role = tax.roles[0]
    ratings = data.draw(ratings_for(tax))
    plain = score_assessment(tax, role, ratings)
    for skill in plain.skills:
        category = tax.category_of(skill.id)
        expected = Fraction(str(category.weight)) * Fraction(str(tax.skill(skill.id).weight))
        assert skill.importance == float(expected)
    raw = tax.model_dump(mode="json", exclude_defaults=True)
    ones = {c.id: 1.0 for c in tax.categories}
    raw["roles"] += [
        {"id": "ones", "name": "Ones", "requires": role.requires, "weights": ones},
        {"id": "child", "name": "Child", "extends": role.id},
    ]
    widened = Taxonomy.model_validate(raw)
    assert cross_check(widened) == []
    for other in ("ones", "child"):
        again = score_assessment(widened, widened.role(other), ratings)
        assert again.model_dump(exclude={"role_fit"}) == plain.model_dump(exclude={"role_fit"})


@settings(max_examples=100, deadline=None)
@given(st.data(), st.sampled_from([0.5, 2, 3.5]))
def test_one_weight_for_every_skill_keeps_readiness(data, weight):
    """Readiness and category scores are ratios of importances: scaling every importance of
    a role by the same weight leaves them as they are."""
    tax = data.draw(taxonomies())
    role = tax.roles[0]
    ratings = data.draw(ratings_for(tax))
    raw = tax.model_dump(mode="json", exclude_defaults=True)
    raw["roles"].append(
        {
            "id": "scaled",
            "name": "S",
            "extends": role.id,
            "weights": {s.id: weight for s in tax.skills()},
        }
    )
    scaled = Taxonomy.model_validate(raw)
    plain = score_assessment(tax, role, ratings)
    again = score_assessment(scaled, scaled.role("scaled"), ratings)
    assert again.readiness == plain.readiness
    assert [c.score for c in again.categories] == [c.score for c in plain.categories]
