"""The learning plan: one step per level to climb, ordered by what each step needs, then value."""

from __future__ import annotations

import graphlib
import heapq
from collections.abc import Iterable
from fractions import Fraction

from mlcareer.report import Plan, PlanStep, ResourceOut, SkillResult, exact
from mlcareer.taxonomy import Skill, Taxonomy

Node = tuple[str, int]
"""(skill id, level): the learning step that brings the skill to that level."""


def hours_between(skill: Skill, level: int, target: int) -> tuple[Fraction, int]:
    """Hours of the steps from ``level`` up to ``target`` (exact), and how many of them have
    an estimate (a step that is not written, or written without hours, has none)."""
    hours, known = Fraction(0), 0
    for to_level in range(level + 1, target + 1):
        step = skill.step_to(to_level)
        if step is not None and step.hours is not None:
            hours += exact(step.hours)
            known += 1
    return hours, known


def total_hours_of(steps: Iterable[PlanStep]) -> Fraction:
    """The hours of a plan's steps, summed exactly (0.1 + 0.2 is 0.3): Plan.total_hours is
    this, published as a float, and the schedule lays out this same total."""
    return sum((exact(step.hours) for step in steps), Fraction(0))


def order_plan(taxonomy: Taxonomy, results: list[SkillResult]) -> Plan:
    """The steps that close every gap, plus the steps they need, in an order that works.

    The plan holds the role's steps (each level from the learner's level up to the
    required one) and, for anything a step needs that the learner has not reached, the
    steps up to the needed level; those it adds are marked ``required_by_role=False``.
    A step comes after the step below it on its skill and after every step that brings
    what it needs (its skill's prerequisites, its own ``needs``) to the needed level.
    Among the steps free to start, the one of the highest priority comes first (an added
    step borrows the highest priority of the steps waiting for it, so it comes just in
    time), then the lower level, then taxonomy order, so the plan is deterministic.
    Validation keeps the graph of every (skill, level) acyclic, so every plan can be ordered.
    """
    level = {r.id: r.level for r in results}
    priority = {r.id: r.priority for r in results}
    position = {r.id: i for i, r in enumerate(results)}
    for i, skill in enumerate(taxonomy.skills()):  # skills with no result count as level 0
        level.setdefault(skill.id, 0)
        position.setdefault(skill.id, len(results) + i)
    for_role = {(r.id, k) for r in results for k in range(r.level + 1, r.required + 1)}

    depends_on: dict[Node, set[Node]] = {}
    needed_by: dict[Node, set[Node]] = {}  # steps of other skills waiting for this one
    waiting = sorted(for_role)
    seen = set(for_role)
    while waiting:
        node = waiting.pop()
        sid, to_level = node
        first = level[sid] + 1
        skill = taxonomy.skill(sid)
        written = skill.step_to(to_level)
        needs = list(written.needs.items()) if written else []
        if to_level == first:  # later steps wait for the prerequisites through this one
            deps: set[Node] = set()
            needs += [(p.skill, p.level) for p in skill.prerequisites]
        else:
            deps = {(sid, to_level - 1)}
        for needed, needed_level in needs:
            if level[needed] >= needed_level:
                continue  # already reached
            deps.add((needed, needed_level))
            for k in range(level[needed] + 1, needed_level + 1):
                needed_by.setdefault((needed, k), set()).add(node)
                if (needed, k) not in seen:
                    seen.add((needed, k))
                    waiting.append((needed, k))
        depends_on[node] = deps

    # Rank: a role step keeps its skill's priority; an added step takes the highest rank of
    # the steps that depend on it (dependents are ranked first in reversed topological order).
    dependents: dict[Node, list[Node]] = {}
    for node, deps in depends_on.items():
        for dep in deps:
            dependents.setdefault(dep, []).append(node)
    rank: dict[Node, float] = {}
    for node in reversed(list(graphlib.TopologicalSorter(depends_on).static_order())):
        if node in for_role:
            rank[node] = priority[node[0]]
        else:
            rank[node] = max(rank[d] for d in dependents[node])

    sorter = graphlib.TopologicalSorter(depends_on)
    sorter.prepare()
    ready: list[tuple[float, int, int, str]] = []

    def push_ready() -> None:
        for sid, to_level in sorter.get_ready():
            heapq.heappush(ready, (-rank[(sid, to_level)], to_level, position[sid], sid))

    push_ready()
    ordered: list[Node] = []
    while ready:
        _, to_level, _, sid = heapq.heappop(ready)
        ordered.append((sid, to_level))
        sorter.done((sid, to_level))
        push_ready()

    order_of = {node: i + 1 for i, node in enumerate(ordered)}
    steps = []
    for node in ordered:
        sid, to_level = node
        skill = taxonomy.skill(sid)
        written = skill.step_to(to_level)
        steps.append(
            PlanStep(
                order=order_of[node],
                skill=sid,
                skill_name=skill.name,
                from_level=to_level - 1,
                to_level=to_level,
                step=written.step if written else None,
                hours=written.hours if written and written.hours is not None else 0.0,
                estimated=written is not None and written.hours is not None,
                experience=written.experience if written else False,
                required_by_role=node in for_role,
                needed_by=sorted(order_of[n] for n in needed_by.get(node, ())),
                resources=[
                    ResourceOut(title=r.title, url=r.url, kind=r.kind, paid=r.paid)
                    for r in (written.resources if written else [])
                ],
            )
        )
    return Plan(
        total_hours=float(total_hours_of(steps)),
        steps=steps,
        steps_without_hours=sum(1 for step in steps if not step.estimated),
    )
