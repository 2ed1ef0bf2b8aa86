"""The learning plan: one step per level to climb, ordered by prerequisites and value."""

from __future__ import annotations

import graphlib
import heapq
from collections.abc import Iterable
from fractions import Fraction

from mlcareer.report import Plan, PlanStep, ResourceOut, SkillResult, exact
from mlcareer.taxonomy import Skill, Taxonomy


def hours_between(skill: Skill, level: int, target: int) -> tuple[Fraction, int]:
    """Hours of the steps from ``level`` up to ``target`` (exact), and how many are written."""
    hours, known = Fraction(0), 0
    for to_level in range(level + 1, target + 1):
        step = skill.step_to(to_level)
        if step is not None:
            hours += exact(step.hours)
            known += 1
    return hours, known


def total_hours_of(steps: Iterable[PlanStep]) -> Fraction:
    """The hours of a plan's steps, summed exactly (0.1 + 0.2 is 0.3): Plan.total_hours is
    this, published as a float, and the schedule lays out this same total."""
    return sum((exact(step.hours) for step in steps), Fraction(0))


def order_plan(taxonomy: Taxonomy, results: list[SkillResult]) -> Plan:
    """Order the steps that close every gap.

    A step depends on the step below it on the same skill, and the first step of a
    skill depends on the last step of each prerequisite that has a gap. Among the
    steps free to start, the one of the highest-priority skill comes first (then the
    lower level, then taxonomy order), so the plan is deterministic.
    """
    with_gap = {r.id: r for r in results if r.gap > 0}
    position = {r.id: i for i, r in enumerate(results)}
    graph: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for sid, result in with_gap.items():
        first = result.level + 1
        for to_level in range(first, result.required + 1):
            needs: set[tuple[str, int]] = set()
            if to_level > first:
                needs.add((sid, to_level - 1))
            else:
                for prereq in taxonomy.skill(sid).prerequisites:
                    if prereq in with_gap:
                        needs.add((prereq, with_gap[prereq].required))
            graph[(sid, to_level)] = needs

    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()
    ready: list[tuple[float, int, int, str]] = []

    def push_ready() -> None:
        for sid, to_level in sorter.get_ready():
            heapq.heappush(ready, (-with_gap[sid].priority, to_level, position[sid], sid))

    push_ready()
    steps: list[PlanStep] = []
    while ready:
        _, to_level, _, sid = heapq.heappop(ready)
        skill = taxonomy.skill(sid)
        written = skill.step_to(to_level)
        steps.append(
            PlanStep(
                order=len(steps) + 1,
                skill=sid,
                skill_name=skill.name,
                from_level=to_level - 1,
                to_level=to_level,
                step=written.step if written else None,
                hours=written.hours if written else 0.0,
                resources=[
                    ResourceOut(title=r.title, url=r.url, kind=r.kind)
                    for r in (written.resources if written else [])
                ],
            )
        )
        sorter.done((sid, to_level))
        push_ready()
    return Plan(total_hours=float(total_hours_of(steps)), steps=steps)
