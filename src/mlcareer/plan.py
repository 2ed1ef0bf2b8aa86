"""The learning plan: one step per level to climb, ordered by what each step needs, then value."""

from __future__ import annotations

import graphlib
import heapq
from collections.abc import Callable, Iterable
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

    def needs(node: Node) -> list[tuple[str, int]]:
        written = taxonomy.skill(node[0]).step_to(node[1])
        return list(written.needs.items()) if written else []

    def prerequisites(skill_id: str) -> list[tuple[str, int]]:
        return [(p.skill, p.level) for p in taxonomy.skill(skill_id).prerequisites]

    ordered, needed_by = ordered_steps(level, priority, position, for_role, needs, prerequisites)
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


def ordered_steps(
    level: dict[str, int],
    priority: dict[str, float],
    position: dict[str, int],
    for_role: set[Node],
    needs: Callable[[Node], list[tuple[str, int]]],
    prerequisites: Callable[[str], list[tuple[str, int]]],
) -> tuple[list[Node], dict[Node, set[Node]]]:
    """The plan's steps in order, and the steps of other skills waiting for each (see
    order_plan). ``level``, ``priority`` and ``position`` (taxonomy order) are by skill id,
    for every skill; ``needs`` gives what a written step needs and ``prerequisites`` a
    skill's prerequisites, as (skill id, level). `mlcareer cohort` orders a report's plan
    again with this, from tables it built once per taxonomy."""
    depends_on: dict[Node, set[Node]] = {}
    needed_by: dict[Node, set[Node]] = {}  # steps of other skills waiting for this one
    waiting = sorted(for_role)
    seen = set(for_role)
    while waiting:
        node = waiting.pop()
        sid, to_level = node
        first = level[sid] + 1
        wanted = list(needs(node))
        if to_level == first:  # later steps wait for the prerequisites through this one
            deps: set[Node] = set()
            wanted += prerequisites(sid)
        else:
            deps = {(sid, to_level - 1)}
        for needed, needed_level in wanted:
            if level[needed] >= needed_level:
                continue  # already reached
            deps.add((needed, needed_level))
            for k in range(level[needed] + 1, needed_level + 1):
                needed_by.setdefault((needed, k), set()).add(node)
                if (needed, k) not in seen:
                    seen.add((needed, k))
                    waiting.append((needed, k))
        depends_on[node] = deps

    # Kahn's algorithm, taking the best-ranked free step each time. (graphlib does the same
    # at several times the cost; `cohort` orders the plan of every report it checks.)
    dependents: dict[Node, list[Node]] = {node: [] for node in depends_on}
    for node, deps in depends_on.items():
        for dep in deps:
            dependents[dep].append(node)

    # Rank: a role step keeps its skill's priority; an added step takes the highest rank of
    # the steps that depend on it.
    rank: dict[Node, float] = {node: priority[node[0]] for node in for_role}
    ranking: set[Node] = set()

    def rank_of(node: Node) -> float:
        if node not in rank:
            if node in ranking:
                raise graphlib.CycleError("the steps need each other in a cycle", node)
            ranking.add(node)
            rank[node] = max(rank_of(later) for later in dependents[node])
        return rank[node]

    def key(node: Node) -> tuple[float, int, int, str]:
        return (-rank_of(node), node[1], position[node[0]], node[0])

    waiting_for = {node: len(deps) for node, deps in depends_on.items()}
    ready = [key(node) for node, count in waiting_for.items() if count == 0]
    heapq.heapify(ready)
    ordered: list[Node] = []
    while ready:
        _, to_level, _, sid = heapq.heappop(ready)
        node = (sid, to_level)
        ordered.append(node)
        for later in dependents[node]:
            waiting_for[later] -= 1
            if not waiting_for[later]:
                heapq.heappush(ready, key(later))
    if len(ordered) != len(depends_on):  # validation keeps the graph acyclic
        raise graphlib.CycleError("the steps need each other in a cycle", depends_on)
    return ordered, needed_by
