"""Guards on the default taxonomy's content (data/skills.yaml): completeness and sanity."""

from __future__ import annotations

from collections import Counter

import pytest

from mlcareer.scoring import score_assessment
from mlcareer.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def test_size_and_roles(tax):
    skills = list(tax.skills())
    assert len(tax.categories) == 9
    assert 38 <= len(skills) <= 45
    role_ids = {r.id for r in tax.roles}
    assert {
        "junior-ml-engineer",
        "ml-engineer",
        "senior-ml-engineer",
        "mlops-engineer",
        "research-engineer",
        "healthcare-ml-engineer",
        "fraud-ml-engineer",
        "retail-ml-engineer",
    } <= role_ids


def test_every_skill_is_complete(tax):
    for skill in tax.skills():
        assert skill.description.strip(), skill.id
        assert sorted(skill.levels) == [1, 2, 3, 4], skill.id
        for level, text in skill.levels.items():
            # shown as a choice in an 80-column terminal: keep it to about three lines
            assert 40 <= len(text) <= 230, (skill.id, level)
        assert sorted(step.to_level for step in skill.learning) == [1, 2, 3, 4], skill.id
        urls = []
        for step in skill.learning:
            assert step.step.strip() and step.hours > 0, (skill.id, step.to_level)
            assert 1 <= len(step.resources) <= 3, (skill.id, step.to_level)
            for resource in step.resources:
                assert resource.url.startswith("https://"), resource.url
                urls.append(resource.url)
        duplicates = [url for url, n in Counter(urls).items() if n > 1]
        assert duplicates == [], (skill.id, duplicates)
        hours = [s.hours for s in sorted(skill.learning, key=lambda s: s.to_level)]
        assert hours == sorted(hours), (skill.id, "higher levels should not be quicker")


def test_every_role_sets_every_category_and_describes_the_job(tax):
    categories = {c.id for c in tax.categories}
    for role in tax.roles:
        assert len(role.description) > 80, role.id
        missing = categories - set(role.requires)
        assert missing == set(), (role.id, missing)


def test_zero_rated_plan_closes_every_gap_of_every_role(tax):
    for role in tax.roles:
        required = tax.required_levels(role)
        result = score_assessment(tax, role, {s.id: 0 for s in tax.skills()})
        assert result.readiness == 0.0
        # one step per required level, and every step has written guidance
        assert len(result.plan.steps) == sum(required.values()), role.id
        assert all(step.step and step.resources for step in result.plan.steps)
        climbed = Counter(step.skill for step in result.plan.steps)
        assert climbed == Counter({k: v for k, v in required.items() if v}), role.id
        everything = {s.id: 4 for s in tax.skills()}
        assert score_assessment(tax, role, everything).readiness == 100.0


def test_knowledge_checks(tax):
    positions = Counter()
    for skill in tax.skills():
        assert len(skill.checks) >= 2, skill.id
        assert {c.level for c in skill.checks} <= {1, 2, 3, 4}
        assert len({c.level for c in skill.checks}) >= 2, skill.id
        for check in skill.checks:
            assert len(check.choices) == 4, check.id
            assert len(set(check.choices)) == 4, check.id
            assert 0 <= check.answer < 4
            assert check.explanation.strip()
            lengths = [len(c) for c in check.choices]
            # the right answer must not give itself away by being the one long choice
            assert not (
                lengths[check.answer] == max(lengths)
                and lengths.count(max(lengths)) == 1
                and max(lengths) > 1.5 * sorted(lengths)[-2]
            ), check.id
            positions[check.answer] += 1
    total = sum(positions.values())
    assert all(count <= 0.35 * total for count in positions.values()), positions
