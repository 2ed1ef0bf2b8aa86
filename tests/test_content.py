"""Guards on the default taxonomy's content (data/skills.yaml): completeness and sanity."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest
import yaml
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.scoring import score_assessment
from mlcareer.taxonomy import default_taxonomy_path, load_taxonomy


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def test_size_and_roles(tax):
    skills = list(tax.skills())
    # minimums that the 2026.12 catalogue meets: 9 categories, 50 skills (45 + the four
    # LLM skills that replace `llms` + ai-security + linux-shell), 9 roles (8 + ai-engineer)
    assert len(tax.categories) >= 9
    assert len(skills) >= 50
    assert len(tax.roles) >= 9
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
        "ai-engineer",
    } <= role_ids
    # the split `llms` skill keeps its history through an alias
    assert "llms" in {s.id: s for s in skills}["llm-apps"].aliases


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
        # one step per required level (plus steps that later steps need), every step has
        # written guidance, and no step comes before a step it needs
        for_role = [step for step in result.plan.steps if step.required_by_role]
        assert len(for_role) == sum(required.values()), role.id
        assert all(step.step and step.resources for step in result.plan.steps)
        climbed = Counter(step.skill for step in for_role)
        assert climbed == Counter({k: v for k, v in required.items() if v}), role.id
        order = {(step.skill, step.to_level): step.order for step in result.plan.steps}
        for (skill_id, level), at in order.items():
            skill = tax.skill(skill_id)
            needs = [*skill.prerequisites, *skill.step_to(level).needs.items()]
            needs += [(skill_id, level - 1)] if level > 1 else []
            for needed, needed_level in needs:
                for k in range(1, needed_level + 1):
                    assert order[(needed, k)] < at, (role.id, skill_id, level, needed, k)
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


@pytest.fixture(scope="module")
def raw():
    """The shipped file as plain YAML, read without the taxonomy model, so that the tests
    below check the engine's reading of prerequisites and needs, not only the content."""
    return yaml.safe_load(default_taxonomy_path().read_text("utf-8"))


def _raw_skills(raw):
    return [skill for category in raw["categories"] for skill in category["skills"]]


def _needs_by_step(raw) -> dict[tuple[str, int], dict[str, int]]:
    """(skill, to_level) -> {skill: level} it needs first, as the format defines it: a bare
    prerequisite id means level 1, {id: n} level n, both for every step of the skill; a
    step's own `needs` adds to them; and a step needs the step below it on its skill."""
    out = {}
    for skill in _raw_skills(raw):
        prerequisites = {}
        for item in skill.get("prerequisites", []):
            prerequisites.update({item: 1} if isinstance(item, str) else item)
        for step in skill["learning"]:
            needs = dict(prerequisites)
            for needed, level in (step.get("needs") or {}).items():
                needs[needed] = max(level, needs.get(needed, 0))
            if step["to_level"] > 1:
                needs[skill["id"]] = step["to_level"] - 1
            out[(skill["id"], step["to_level"])] = needs
    return out


def test_every_role_states_its_seniority(tax):
    allowed = {"entry", "junior", "mid", "senior", "staff", "principal"}
    for role in tax.roles:
        assert role.seniority in allowed, role.id


# The T-shape rule (content review, section 3): depth in a minority of skills, not level 3
# everywhere. A role asks for level 3 or more in at most 20 skills (22 from senior up, under
# half of a 50-skill catalogue) and level 4 only where its seniority carries team scope,
# because every level-4 descriptor is a "sets standards, reviews others, teaches" rung.
MAX_LEVEL_3_PLUS = {"entry": 1, "junior": 2, "mid": 20, "senior": 22, "staff": 24, "principal": 26}
MAX_LEVEL_4 = {"entry": 0, "junior": 0, "mid": 2, "senior": 6, "staff": 10, "principal": 14}


def test_roles_are_t_shaped_for_their_seniority(tax):
    for role in tax.roles:
        levels = tax.required_levels(role).values()
        at_3 = sum(1 for level in levels if level >= 3)
        at_4 = sum(1 for level in levels if level == 4)
        assert at_3 <= MAX_LEVEL_3_PLUS[role.seniority], (role.id, at_3)
        assert at_4 <= MAX_LEVEL_4[role.seniority], (role.id, at_4)


def test_role_levels_grow_with_seniority(tax):
    # the junior profile stays inside the mid one and the mid one inside the senior one:
    # a promotion never asks for less of any skill
    roles = {r.id: tax.required_levels(r) for r in tax.roles}
    for lower, higher in [
        ("junior-ml-engineer", "ml-engineer"),
        ("ml-engineer", "senior-ml-engineer"),
    ]:
        shrinks = {
            s: (v, roles[higher][s]) for s, v in roles[lower].items() if v > roles[higher][s]
        }
        assert shrinks == {}, (lower, higher, shrinks)


def test_level_2_and_3_descriptors_say_how_much_guidance(tax):
    guided = re.compile(
        r"\b(following|with (a |an )?\S*\s?(guidance|reviewer|feedback|mentor)|guidance|"
        r"by following|from a (worked example|tutorial))\b",
        re.IGNORECASE,
    )
    for skill in tax.skills():
        assert guided.search(skill.levels[2]), (skill.id, 2)
        assert "unaided" in skill.levels[3].lower(), (skill.id, 3)


def test_resource_links_are_https_and_one_url_per_work(raw):
    def work(title: str) -> str:
        # "Mathematics for Machine Learning, chapter 5" is a place in the same work
        return re.sub(r",\s*chapters?\s[\d\-, and]+$", "", title)

    titles_by_url, urls_by_title = defaultdict(set), defaultdict(set)
    for skill in _raw_skills(raw):
        urls = []
        for step in skill["learning"]:
            for resource in step["resources"]:
                url = urlsplit(resource["url"])
                assert url.scheme == "https" and "." in url.hostname, resource["url"]
                assert not re.search(r"\s", resource["url"]), resource["url"]
                assert isinstance(resource.get("paid", False), bool), resource["url"]
                urls.append(resource["url"])
                titles_by_url[resource["url"]].add(work(resource["title"]))
                urls_by_title[work(resource["title"])].add(resource["url"])
        assert [u for u, n in Counter(urls).items() if n > 1] == [], skill["id"]
    assert {u: t for u, t in titles_by_url.items() if len(t) > 1} == {}
    assert {t: u for t, u in urls_by_title.items() if len(u) > 1} == {}


def test_review_link_fixes_stay_fixed(raw):
    urls = {r["url"] for s in _raw_skills(raw) for st in s["learning"] for r in st["resources"]}
    # PyTorch moved its docs to docs.pytorch.org; Harvard moved Stat 110; pub45742 is the
    # 2016 workshop paper, not the ML Test Score rubric; Detectron2 and DLwP 2e are outdated
    assert not [u for u in urls if urlsplit(u).hostname == "pytorch.org"]
    assert not [u for u in urls if "projects.iq.harvard.edu/stat110" in u]
    assert "https://research.google.com/pubs/pub45742.html" not in urls
    assert not [u for u in urls if "detectron2" in u or "deep-learning-with-python-second" in u]
    # deep links, not a course's home page
    assert "https://madewithml.com/" not in urls
    assert "https://developers.google.com/machine-learning/crash-course" not in urls


def test_paywalled_works_are_marked(raw):
    paid = {
        r["url"]: r.get("paid", False)
        for s in _raw_skills(raw)
        for st in s["learning"]
        for r in st["resources"]
    }
    for url in [
        "https://www.oreilly.com/library/view/designing-machine-learning/9781098107956/",
        "https://dataintensive.net/",
        "https://www.fluentpython.com/",
    ]:
        assert paid.get(url) is True, url


def test_workplace_steps_are_marked_as_experience(raw):
    # steps that need other people's systems or teams cannot be studied alone; these are
    # the content review's examples (mentoring, a labelling programme, a clinical submission,
    # a reading group over months)
    experience = {
        (s["id"], st["to_level"]): st.get("experience", False)
        for s in _raw_skills(raw)
        for st in s["learning"]
    }
    for key in [
        ("collaboration", 4),
        ("data-collection", 4),
        ("healthcare-ml", 4),
        ("continuous-learning", 4),
        ("experiment-tracking", 4),
    ]:
        assert experience[key] is True, key
    assert experience[("python", 1)] is False


def test_zero_rated_plan_puts_no_step_before_what_it_needs(tax, raw):
    needs = _needs_by_step(raw)
    for role in tax.roles:
        result = score_assessment(tax, role, {s.id: 0 for s in tax.skills()})
        order = {(step.skill, step.to_level): step.order for step in result.plan.steps}
        for (skill_id, level), at in order.items():
            for needed, needed_level in needs[(skill_id, level)].items():
                assert (needed, needed_level) in order, (role.id, skill_id, level, needed)
                assert order[(needed, needed_level)] < at, (role.id, skill_id, level, needed)


@pytest.mark.parametrize(
    ("later", "earlier"),
    [
        # the content review's ordering defects, each now impossible by prerequisites/needs:
        # planting bugs in a pipeline needs a working scikit-learn model and Python
        (("problem-solving", 2), ("classical-ml", 2)),
        (("problem-solving", 1), ("python", 1)),
        (("data-collection", 1), ("python", 1)),
        (("collaboration", 1), ("python", 1)),
        # an A/B-test and model-comparison plan comes after a first fitted model
        (("statistics", 3), ("classical-ml", 1)),
        # a results note with confidence intervals comes after statistics and evaluation
        (("communication", 2), ("statistics", 2)),
        (("communication", 1), ("evaluation", 1)),
        # DL steps that train networks come after PyTorch, and PyTorch 2 after DL basics 2
        (("dl-fundamentals", 2), ("pytorch", 1)),
        (("dl-fundamentals", 4), ("pytorch", 2)),
        (("pytorch", 2), ("dl-fundamentals", 2)),
        (("calculus-optimisation", 4), ("pytorch", 2)),
        (("computer-vision", 1), ("pytorch", 1)),
        (("deployment", 1), ("training-tuning", 1)),
    ],
)
def test_review_ordering_defects_cannot_return(tax, later, earlier):
    # an all-4 target, so every step of every skill is in the plan of a zero-rated learner
    role = tax.roles[0].model_copy(update={"requires": {s.id: 4 for s in tax.skills()}})
    result = score_assessment(tax, role, {s.id: 0 for s in tax.skills()})
    order = {(step.skill, step.to_level): step.order for step in result.plan.steps}
    assert order[earlier] < order[later]


def test_markdown_catalogue_renders_every_skill_and_category(raw):
    result = CliRunner().invoke(app, ["skills", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for category in raw["categories"]:
        assert f"## {category['name']}" in lines, category["id"]
        for skill in category["skills"]:
            assert f"### {skill['name']} (`{skill['id']}`)" in lines, skill["id"]
            for level, text in skill["levels"].items():
                assert any(line.endswith(f": {text}") for line in lines), (skill["id"], level)
