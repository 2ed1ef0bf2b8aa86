"""Plan order with level-aware prerequisites and step needs: worked by hand, then as properties.

The rule: the step that brings skill s to level k comes after (s, k-1), after each
prerequisite {p: l} of s reaches level l, and after each entry {q: l} of the step's `needs`
reaches level l; what the learner has already reached needs no step. What the role does not
require but a step needs is added to the plan, marked as such, with the steps that need it.
"""

from __future__ import annotations

import json
from fractions import Fraction

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.scoring import score_assessment
from mlcareer.taxonomy import Taxonomy, cross_check, load_taxonomy

# Every category and skill weighs 1, so a skill's importance is 1 and its priority is
# 100 x gap / mean hours per missing level.
LADDER = """\
schema_version: 1
id: ladder
title: Ladder
version: "1"
categories:
  - id: base
    name: Base
    skills:
      - id: python
        name: Python
        description: d
        levels: {1: a, 2: b, 3: c, 4: d}
        learning:
          - {to_level: 1, step: Python one., hours: 10}
          - {to_level: 2, step: Python two., hours: 20}
          - {to_level: 3, step: Python three., hours: 40}
          - {to_level: 4, step: Python four., hours: 80}
      - id: stats
        name: Statistics
        description: d
        levels: {1: a, 2: b, 3: c, 4: d}
        learning:
          - {to_level: 1, step: Stats one., hours: 0.1}
          - {to_level: 2, step: Stats two., hours: 15}
          - {to_level: 3, step: Stats three., hours: 30}
          - {to_level: 4, step: Stats four., hours: 60}
      - id: sql
        name: SQL
        description: d
        levels: {1: a, 2: b, 3: c, 4: d}
        learning:
          - {to_level: 1, step: SQL one., hours: 0.2}
          - {to_level: 2, step: SQL two., hours: 10}
  - id: ml
    name: ML
    skills:
      - id: dl
        name: Deep learning
        description: d
        prerequisites: [python, {stats: 2}]
        levels: {1: a, 2: b, 3: c, 4: d}
        learning:
          - to_level: 1
            step: DL one.
            hours: 10
            resources:
              - {title: A book, url: "https://example.org/book", kind: book, paid: true}
              - {title: Notes, url: "https://example.org/notes", kind: docs}
          - {to_level: 2, step: DL two., hours: 20, needs: {python: 2}}
          - {to_level: 3, step: DL three., hours: 40, experience: true}
          - {to_level: 4, step: DL four., hours: 100}
      - id: serving
        name: Serving
        description: d
        prerequisites: [{dl: 2}]
        levels: {1: a, 2: b, 3: c, 4: d}
        learning:
          - {to_level: 1, step: Serving one., hours: 5}
      - id: writing
        name: Writing
        description: d
        levels: {1: a, 2: b, 3: c, 4: d}
        learning:
          - {to_level: 1, step: Writing one., hours: 100}
roles:
  - id: dl
    name: DL
    seniority: junior
    requires: {sql: 1, dl: 3, writing: 1}
  - id: dl-python
    name: DL with Python
    requires: {python: 1, sql: 1, dl: 3, writing: 1}
"""

ZERO = {"python": 0, "stats": 0, "sql": 0, "dl": 0, "serving": 0, "writing": 0}


@pytest.fixture
def ladder_path(tmp_path):
    path = tmp_path / "ladder.yaml"
    path.write_text(LADDER, encoding="utf-8")
    return path


@pytest.fixture
def ladder(ladder_path):
    return load_taxonomy(ladder_path)


def steps_of(plan):
    return [(s.order, s.skill, s.to_level, s.required_by_role, s.needed_by) for s in plan.steps]


def test_zero_learner_gets_the_needed_steps_added_before_the_steps_that_need_them(ladder):
    # Role `dl` requires sql 1, dl 3, writing 1. Priorities (100 x gap / mean hours):
    # sql 100/0.2 = 500; dl 100 x 3 / ((10+20+40)/3) = 12.86; writing 100/100 = 1.
    # dl 1 needs python 1 and stats 2 (prerequisites); dl 2 needs python 2 (`needs`).
    # So python 1-2 and stats 1-2 are added, ranked 12.86 like the dl steps that need them.
    # Free at the start: sql 1 (500), python 1 and stats 1 (12.86), writing 1 (1).
    # sql 1; python 1 (lower position); stats 1 (level 1 beats python 2's level 2);
    # python 2 (level 2, before stats 2 by position); stats 2; then dl 1, 2, 3 (12.86);
    # writing 1 last (1). serving is needed by nothing in the plan, so it is absent.
    plan = score_assessment(ladder, ladder.role("dl"), ZERO).plan
    assert steps_of(plan) == [
        (1, "sql", 1, True, []),
        (2, "python", 1, False, [6, 7]),  # dl 1 needs python 1; dl 2 needs python 2
        (3, "stats", 1, False, [6]),
        (4, "python", 2, False, [7]),
        (5, "stats", 2, False, [6]),
        (6, "dl", 1, True, []),
        (7, "dl", 2, True, []),
        (8, "dl", 3, True, []),
        (9, "writing", 1, True, []),
    ]
    # 0.2 + 10 + 0.1 + 20 + 15 + 10 + 20 + 40 + 100, added exactly
    assert plan.total_hours == 215.3
    assert [s.experience for s in plan.steps] == [False] * 7 + [True, False]
    assert [(r.title, r.paid) for r in plan.steps[5].resources] == [
        ("A book", True),
        ("Notes", False),
    ]


def test_what_the_learner_has_reached_is_not_added(ladder):
    # python 2 and stats 1 already: dl 1 still needs stats 2 (added, ranked 12.86),
    # dl 2's python 2 is met. sql 1 (500), stats 2, dl 1-3, writing 1.
    plan = score_assessment(ladder, ladder.role("dl"), {**ZERO, "python": 2, "stats": 1}).plan
    assert steps_of(plan) == [
        (1, "sql", 1, True, []),
        (2, "stats", 2, False, [3]),
        (3, "dl", 1, True, []),
        (4, "dl", 2, True, []),
        (5, "dl", 3, True, []),
        (6, "writing", 1, True, []),
    ]
    assert plan.total_hours == 185.2  # 0.2 + 15 + 10 + 20 + 40 + 100


def test_a_level_above_the_role_is_added_just_in_time(ladder):
    # Role `dl-python` also requires python 1 (priority 100/10 = 10, its own); python 2 is
    # added for dl 2 and ranked 12.86. Free at the start: sql 1 (500), stats 1 (12.86),
    # python 1 (10), writing 1 (1): sql 1, stats 1, stats 2 (12.86), python 1 (10); then dl 1
    # and python 2 are free, both 12.86: dl 1 first (level 1), then python 2, dl 2, dl 3,
    # writing 1.
    plan = score_assessment(ladder, ladder.role("dl-python"), ZERO).plan
    assert steps_of(plan) == [
        (1, "sql", 1, True, []),
        (2, "stats", 1, False, [5]),
        (3, "stats", 2, False, [5]),
        (4, "python", 1, True, [5, 7]),  # a role step that others need says so too
        (5, "dl", 1, True, []),
        (6, "python", 2, False, [7]),
        (7, "dl", 2, True, []),
        (8, "dl", 3, True, []),
        (9, "writing", 1, True, []),
    ]


def test_flags_reach_the_json_report_and_its_schema(ladder_path, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"role: dl\nratings: {json.dumps(ZERO)}\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        app, ["assess", "-t", str(ladder_path), "-a", str(answers), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    steps = report["plan"]["steps"]
    assert (steps[1]["skill"], steps[1]["required_by_role"], steps[1]["needed_by"]) == (
        "python",
        False,
        [6, 7],
    )
    assert steps[5]["resources"][0] == {
        "title": "A book",
        "url": "https://example.org/book",
        "kind": "book",
        "paid": True,
    }
    assert steps[5]["resources"][1]["paid"] is False
    assert (steps[7]["skill"], steps[7]["to_level"], steps[7]["experience"]) == ("dl", 3, True)
    assert steps[0]["experience"] is False and steps[0]["required_by_role"] is True
    schema = json.loads(runner.invoke(app, ["schema", "report"]).stdout)
    jsonschema.validate(report, schema)


def test_text_views_mark_added_paid_and_on_the_job_steps(ladder_path, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"role: dl\nratings: {json.dumps(ZERO)}\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(app, ["assess", "-t", str(ladder_path), "-a", str(answers)])
    assert table.exit_code == 0, table.output
    lines = [line.rstrip() for line in table.stdout.splitlines()]
    assert lines[1] == "mlcareer · DL (junior)"  # after a blank line; with the seniority
    start = lines.index("  2. Python 0→1 · 10 h")
    assert lines[start + 1 : start + 3] == [
        "     Python one.",
        "     Not required by the role: needed by steps 6 and 7.",
    ]
    assert "  8. Deep learning 2→3 · 40 h (on the job)" in lines
    # Each URL whole on the line after its resource.
    book = lines.index("     book: A book (paid)")
    assert lines[book + 1] == "     https://example.org/book"
    notes = lines.index("     docs: Notes")
    assert lines[notes + 1] == "     https://example.org/notes"

    result = runner.invoke(
        app, ["assess", "-t", str(ladder_path), "-a", str(answers), "--format", "markdown"]
    )
    assert result.exit_code == 0, result.output
    markdown = result.stdout.splitlines()
    assert markdown[0].startswith("# DL (junior): readiness ")
    start = markdown.index("4. **Python** 1→2 (20 h): Python two.")
    assert markdown[start + 1] == "   *Not required by the role: needed by step 7.*"
    assert "8. **Deep learning** 2→3 (40 h, on the job): DL three." in markdown
    assert "   - [A book](https://example.org/book) (book, paid)" in markdown
    assert "   - [Notes](https://example.org/notes) (docs)" in markdown


# -- the invariant: no step precedes a step it needs ---------------------------------


def check_plan(tax: Taxonomy, role, levels: dict[str, int]) -> None:
    """Every step comes after every step it needs; the role's steps are all there; every
    added step is needed by a later one. Dependencies are read from the models here, not
    from the planner."""
    result = score_assessment(tax, role, levels)
    steps = result.plan.steps
    assert [s.order for s in steps] == list(range(1, len(steps) + 1))
    position = {(s.skill, s.to_level): s.order for s in steps}
    assert len(position) == len(steps)  # no step twice
    required = tax.required_levels(role)
    for_role = {
        (sid, k) for sid, need in required.items() for k in range(levels[sid] + 1, need + 1)
    }
    assert {(s.skill, s.to_level) for s in steps if s.required_by_role} == for_role
    for step in steps:
        skill = tax.skill(step.skill)
        assert step.from_level == step.to_level - 1 and step.to_level > levels[step.skill]
        needs = [(step.skill, step.to_level - 1)]
        needs += [(p.skill, p.level) for p in skill.prerequisites]
        written = skill.step_to(step.to_level)
        needs += list(written.needs.items()) if written else []
        for needed, level in needs:
            # every level from the learner's up to the needed one is climbed earlier
            for k in range(levels[needed] + 1, level + 1):
                assert position[(needed, k)] < step.order, (step, needed, k)
        if not step.required_by_role:
            assert step.needed_by, step
        assert all(n > step.order for n in step.needed_by)
    exact = sum((Fraction(str(s.hours)) for s in steps), Fraction(0))
    assert result.plan.total_hours == float(exact)


@st.composite
def levelled_taxonomies(draw):
    """Valid taxonomies whose prerequisites and needs carry levels.

    Acyclic by construction: each (skill, level) gets a time, rising with the level, and
    may only need a (skill, level) of an earlier time. Skills may still need each other at
    different levels (a 1 needs b 1, b 3 needs a 2), which a skill-level graph could not say.
    """
    count = draw(st.integers(1, 6))
    times = {}
    for i in range(count):
        ladder = sorted(draw(st.lists(st.integers(0, 40), min_size=4, max_size=4, unique=True)))
        times.update({(f"s{i}", k + 1): t for k, t in enumerate(ladder)})

    def earlier_than(time, own):
        return [n for n, t in times.items() if t < time and n[0] != own]

    skills = []
    for i in range(count):
        sid = f"s{i}"
        options = earlier_than(times[(sid, 1)], sid)
        prereqs = draw(st.lists(st.sampled_from(options), max_size=3)) if options else []
        prereqs = list(dict(prereqs).items())  # one level per prerequisite skill
        learning = []
        for k in (1, 2, 3, 4):
            if not draw(st.booleans()) and k > 1:
                continue  # some levels have no written step
            step = {"to_level": k, "step": f"{sid} step {k}", "hours": draw(st.integers(1, 50))}
            options = earlier_than(times[(sid, k)], sid)
            if options:
                step["needs"] = dict(draw(st.lists(st.sampled_from(options), max_size=2)))
            step["experience"] = draw(st.booleans())
            learning.append(step)
        skills.append(
            {
                "id": sid,
                "name": f"Skill {i}",
                "description": "d",
                "prerequisites": [p if level == 1 else {p: level} for p, level in prereqs],
                "levels": {1: "a", 2: "b", 3: "c", 4: "d"},
                "learning": learning,
            }
        )
    requires = {f"s{i}": draw(st.integers(0, 4)) for i in range(count)}
    if not any(requires.values()):
        requires["s0"] = draw(st.integers(1, 4))
    data = {
        "schema_version": 1,
        "id": "gen",
        "title": "Generated",
        "version": "1",
        "categories": [{"id": "c", "name": "C", "skills": skills}],
        "roles": [{"id": "r", "name": "R", "requires": requires}],
    }
    tax = Taxonomy.model_validate(data)
    assert cross_check(tax) == []
    return tax


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_no_step_precedes_a_step_it_needs_for_a_zero_rated_learner(data):
    tax = data.draw(levelled_taxonomies())
    check_plan(tax, tax.roles[0], {s.id: 0 for s in tax.skills()})


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_no_step_precedes_a_step_it_needs_for_any_learner(data):
    tax = data.draw(levelled_taxonomies())
    levels = data.draw(st.fixed_dictionaries({s.id: st.integers(0, 4) for s in tax.skills()}))
    check_plan(tax, tax.roles[0], levels)


def test_every_role_of_the_default_taxonomy_for_a_zero_rated_learner():
    tax = load_taxonomy()  # read fresh: its content changes, so no counts are pinned here
    zero = {s.id: 0 for s in tax.skills()}
    for role in tax.roles:
        check_plan(tax, role, zero)


def test_catalogue_shows_levelled_prerequisites_and_seniority(ladder_path):
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(app, [*args, "-t", str(ladder_path)])
        assert result.exit_code == 0, result.output
        return result.stdout

    skills = {s["id"]: s for s in json.loads(run("skills", "-f", "json"))}
    assert skills["dl"]["prerequisites"] == ["python", {"stats": 2}]  # as written
    catalogue = run("skills", "-f", "markdown").splitlines()
    assert "Prerequisites: Python, Statistics (level 2)" in catalogue
    assert "2. (20 h) DL two. Needs: Python (level 2)." in catalogue
    assert "3. (40 h, on the job) DL three." in catalogue
    assert "   - [A book](https://example.org/book) (book, paid)" in catalogue
    dl_row = next(line for line in run("skills").splitlines() if line.startswith("dl "))
    assert dl_row.split() == ["dl", "Deep", "learning", "python,", "stats", "(level", "2)", "170"]
    roles = json.loads(run("roles", "-f", "json"))
    assert [(r["id"], r["seniority"]) for r in roles] == [("dl", "junior"), ("dl-python", None)]
    assert "Seniority: junior." in run("roles", "-f", "markdown").splitlines()
    # dl requires sql 1, dl 3, writing 1: 3 skills, 5 levels
    assert run("roles").splitlines()[0] == "dl  DL  (junior, 3 skills, 5 levels)"
