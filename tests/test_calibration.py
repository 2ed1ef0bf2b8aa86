"""Knowledge checks: adaptive choice of items, evidence rules and calibration figures."""

from __future__ import annotations

import pytest

from mlcareer.answers import Answers
from mlcareer.calibration import (
    calibrate,
    choice_order,
    judge_skill,
    next_check,
    rotated_item,
)
from mlcareer.scoring import report_for
from mlcareer.taxonomy import Taxonomy, load_taxonomy


def skill_with_checks(checks: list[dict] | None = None) -> Taxonomy:
    """One skill with items at levels 1, 2 and 3 (answer index 0 each), or ``checks``."""
    checks = checks or [
        {
            "id": f"k-{n}",
            "level": n,
            "question": f"Q{n}?",
            "choices": ["a", "b", "c", "d"],
            "answer": 0,
            "explanation": f"E{n}.",
        }
        for n in (1, 2, 3)
    ]
    data = {
        "schema_version": 1,
        "id": "t",
        "title": "T",
        "version": "1",
        "categories": [
            {
                "id": "c",
                "name": "C",
                "skills": [
                    {
                        "id": "k",
                        "name": "K",
                        "description": "d",
                        "levels": {1: "a", 2: "b", 3: "c", 4: "d"},
                        "checks": checks,
                    },
                    {
                        "id": "j",
                        "name": "J",
                        "description": "d",
                        "levels": {1: "a", 2: "b", 3: "c", 4: "d"},
                    },
                ],
            }
        ],
        "roles": [{"id": "r", "name": "R", "requires": {"k": 3, "j": 1}}],
    }
    return Taxonomy.model_validate(data)


@pytest.fixture
def tax():
    return skill_with_checks()


def rotating_bank() -> Taxonomy:
    """One skill with three items at level 2 (r-2a, r-2b, r-2c) and two at level 1."""
    return skill_with_checks(
        [
            {
                "id": f"r-{level}{letter}",
                "level": level,
                "question": f"Q{level}{letter}?",
                "choices": ["a", "b", "c", "d"],
                "answer": 0,
                "explanation": "E.",
            }
            for level, letters in ((1, "ab"), (2, "abc"))
            for letter in letters
        ]
    )


def test_checks_rotate_past_the_items_of_the_last_assessment():
    skill = rotating_bank().skill("k")
    # Nothing seen: the first item of the level, as before rotation existed.
    assert next_check(skill, 2, {}).id == "r-2a"
    # Each retest goes on after the item seen last time: a, b, c, then round to a.
    assert next_check(skill, 2, {}, seen={"r-2a"}).id == "r-2b"
    assert next_check(skill, 2, {}, seen={"r-2b"}).id == "r-2c"
    assert next_check(skill, 2, {}, seen={"r-2c"}).id == "r-2a"
    # Two of three seen (a resumed or edited history): the one left.
    assert next_check(skill, 2, {}, seen={"r-2a", "r-2c"}).id == "r-2b"
    # All seen: the level has nothing new, so its first item is asked again.
    assert next_check(skill, 2, {}, seen={"r-2a", "r-2b", "r-2c"}).id == "r-2a"
    # The follow-up after a miss rotates too: r-1a was seen, so the level-1 item is r-1b.
    assert next_check(skill, 2, {"r-2b": False}, seen={"r-2a", "r-1a"}).id == "r-1b"
    # Items of other skills or levels in `seen` change nothing at this level.
    assert next_check(skill, 2, {}, seen={"r-1a", "elsewhere"}).id == "r-2a"


def test_rotated_item_of_a_single_item_is_that_item():
    only = rotating_bank().skill("k").checks[:1]
    assert rotated_item(only, set()) is only[0]
    assert rotated_item(only, {only[0].id}) is only[0]


def test_adaptive_choice(tax):
    skill = tax.skill("k")
    assert next_check(skill, None, {}) is None
    assert next_check(skill, 0, {}) is None
    assert next_check(skill, 2, {}).id == "k-2"
    assert next_check(skill, 4, {}).id == "k-3"  # no level-4 items: the nearest below
    assert next_check(skill, 3, {"k-3": True}) is None  # passed: nothing more
    assert next_check(skill, 3, {"k-3": False}).id == "k-2"  # missed: one level lower
    assert next_check(skill, 3, {"k-3": False, "k-2": False}) is None  # at most two
    assert next_check(skill, 1, {"k-1": False}) is None  # nothing below level 1


@pytest.mark.parametrize(
    "rating, results, evidence, adjusted",
    [
        (3, {"k-3": True}, "supported", 3),
        (4, {"k-3": True}, "supported", 4),  # checked at the highest level items exist for
        (3, {"k-3": False, "k-2": True}, "contradicted", 2),
        (3, {"k-3": False, "k-2": False}, "contradicted", 1),
        (1, {"k-1": False}, "contradicted", 0),
        (2, {"k-3": False}, "unverified", 2),  # an item above the claim says nothing of it
        (2, {}, "unverified", 2),
        (1, {"k-3": True}, "supported", 1),  # knowing more never raises the rating
    ],
)
def test_evidence_rules(tax, rating, results, evidence, adjusted):
    judgement = judge_skill(tax.skill("k"), rating, results)
    assert (judgement.evidence, judgement.adjusted) == (evidence, adjusted)


def test_calibration_figures_by_hand(tax):
    # k rated 3: k-3 wrong (high), k-2 right (medium); j rated 1, no items.
    calibration, levels, evidence = calibrate(
        tax, {"k": 3, "j": 1}, {"k-3": 2, "k-2": 0}, {"k-3": "high", "k-2": "medium"}, seed=7
    )
    assert levels == {"k": 2, "j": 1}
    assert evidence == {"k": "contradicted", "j": "unverified"}
    assert calibration.items == 2
    assert calibration.accuracy == 0.5
    # confidence probabilities: high 0.875, medium 0.625 -> mean 0.75
    assert calibration.mean_confidence == 0.75
    assert calibration.overconfidence == 0.25
    # Brier: ((0.875 - 0)^2 + (0.625 - 1)^2) / 2 = (0.765625 + 0.140625) / 2 = 0.453125
    assert calibration.brier == 0.4531
    assert (calibration.supported, calibration.contradicted, calibration.unverified) == (0, 1, 1)
    assert calibration.seed == 7
    assert [a.id for a in calibration.answers if not a.correct] == ["k-3"]
    # Answers in the taxonomy's order (k-1, k-2, k-3), not the order given; every rated
    # skill judged, j (no items answered) unverified at its rating with no checks.
    assert [(a.id, a.chosen, a.right) for a in calibration.answers] == [
        ("k-2", "a", "a"),
        ("k-3", "c", "a"),
    ]
    assert [
        (s.skill, s.rating, s.adjusted_level, s.evidence, s.checks) for s in calibration.skills
    ] == [("k", 3, 2, "contradicted", ["k-2", "k-3"]), ("j", 1, 1, "unverified", [])]


def test_checks_are_found_by_id_with_their_place_and_skill(tax):
    place, skill, check = tax.check_entry("k-2")
    assert (place, skill.id, check.id) == (1, "k", "k-2")
    with pytest.raises(KeyError):
        tax.check_entry("nope")


def test_no_checks_no_calibration(tax):
    calibration, levels, evidence = calibrate(tax, {"k": 3, "j": None}, {}, {})
    assert calibration is None and levels == {"k": 3, "j": 0} and evidence == {}


def test_adjusted_levels_drive_scoring_unless_trust_self(tax):
    answers = Answers(role=tax.roles[0], ratings={"k": 3, "j": 1}, checks={"k-3": 1, "k-2": 0})
    # importance 1 each; required k 3, j 1; adjusted k 2: (2 + 1) / (3 + 1) = 75 %.
    adjusted = report_for(tax, answers, created_at="2026-01-01T00:00:00Z", tool_version="0")
    assert adjusted.readiness == 75.0
    assert adjusted.skill("k").rating == 3 and adjusted.skill("k").level == 2
    assert adjusted.skill("k").evidence == "contradicted"
    assert [(s.skill, s.to_level) for s in adjusted.plan.steps] == [("k", 3)]
    trusting = report_for(
        tax, answers, created_at="2026-01-01T00:00:00Z", tool_version="0", trust_self=True
    )
    assert trusting.readiness == 100.0 and trusting.trust_self is True


def test_choice_order_is_a_fixed_permutation(tax):
    check = tax.skill("k").checks[0]
    order = choice_order(check, 42)
    assert sorted(order) == [0, 1, 2, 3]
    assert choice_order(check, 42) == order
    assert len({tuple(choice_order(check, seed)) for seed in range(50)}) > 1


def test_scripted_run_with_checks_on_the_tiny_taxonomy(tiny_path):
    from mlcareer.answers import answers_from_document
    from mlcareer.yamlfile import parse_yaml

    tiny = load_taxonomy(tiny_path)
    doc = parse_yaml(
        "role: junior\nratings: {python: 2, sql: 1, stats: 2, ml: 0}\n"
        "checks: {python-2: 0, python-1: 1}\nconfidence: {python-2: high, python-1: medium}\n",
        "answers.yaml",
    )
    report = report_for(tiny, answers_from_document(doc, tiny), created_at="x", tool_version="0")
    # python contradicted at 2 (missed python-2, passed python-1) -> scored at 1.
    # met = 2*1 + 1*1 + 1*1 + 1*0 = 4 of 8 -> 50 %
    assert report.readiness == 50.0
    assert report.calibration.contradicted == 1
