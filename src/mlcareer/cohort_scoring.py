"""Checking a cohort's reports fast: every figure scored again from tables built once per taxonomy.

`mlcareer cohort` scores each report's answers again and compares (cohort_evidence.py). Doing
that with ``scoring.report_for`` builds a whole pydantic report per file, the role fit against
every role in Fractions, and costs about 100 ms a report. Here the same figures come from
tables a ``ReportScorer`` computes once per taxonomy: per role, skill and state of the skill
(level 0-4, rated or skipped: ten codes) the skill as the report writes it, and the integer
terms of the role fit (every role) and of the category counts, packed into one integer so
that one sum per report adds them all; per plan step its text, hours and resources. Scoring
one report is then table look-ups, one packed sum and whole-list struct compares, and the
plan is ordered again with plan.ordered_steps's rule, on step numbers (the tests hold the
figures equal to the slow path's).

The report is decoded with msgspec into structs made from the report model itself (same
fields, same bounds, nothing else allowed), which is faster than validating the pydantic
model and far faster than building it.

The fast path only ever says "this report is exactly what its answers give": every figure
``check_report`` compares (the header, the answers, every skill, category, the readiness,
the summary, the plan step by step, the role fit and the calibration) is compared here too.
Anything else (a file that is not a current report, answers that are not written as
`mlcareer assess` writes them, any figure that differs) returns None, and the cohort reads
that file the slow way, which gives the verdict and the message. So the outcome for every
file is the slow path's; tests/test_cohort_scoring.py holds the two to that.

Nothing here prints, prompts or exits.
"""

from __future__ import annotations

import gc
import itertools
import math
import os
import re
import struct
import sys
import types
import typing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from mlcareer.calibration import CalibrationKinds
from mlcareer.report import (
    Calibration,
    CategoryResult,
    CheckResult,
    PlanStep,
    Report,
    ResourceOut,
    RoleFit,
    RoleInfo,
    SkillEvidence,
    SkillResult,
    Summary,
    TaxonomyInfo,
    exact,
)
from mlcareer.report_file import MAX_REPORT_BYTES
from mlcareer.taxonomy import Taxonomy

Node = tuple[str, int]  # (skill id, level): the plan step that brings the skill to that level
# Per skill answered with its checklist: (level, the statements ticked) for each level ticked.
ChecklistFigures = tuple[tuple[str, tuple[tuple[int, tuple[str, ...]], ...]], ...]

_STATUS_GAP, _STATUS_MEETS, _STATUS_NOT_ASSESSED, _STATUS_NOT_REQUIRED = (
    "gap",
    "meets",
    "not assessed",
    "not required",
)
_NO_STEPS: list[int] = []  # needed_by of a step template (never changed)


@dataclass(frozen=True, slots=True)
class ReportFigures:
    """What a cohort reads of one report: small, flat and picklable, so that worker processes
    can send it back. Skill and category layouts are shared by every report of a taxonomy."""

    taxonomy: TaxonomyInfo
    skill_ids: tuple[str, ...]
    skill_names: tuple[str, ...]
    skill_categories: tuple[str, ...]
    category_ids: tuple[str, ...]
    category_names: tuple[str, ...]
    role_id: str
    role_name: str
    learner_id: str | None
    learner_name: str | None
    created_at: str
    readiness: float
    ratings: tuple[int | None, ...]  # per skill, None when skipped
    levels: tuple[int, ...]  # the level scored (after the checks)
    required: tuple[int, ...]
    evidence: tuple[str | None, ...]
    category_scores: tuple[float | None, ...]
    checks: tuple[tuple[str, int], ...]  # (check id, chosen choice), the taxonomy's order
    checklists: ChecklistFigures = ()
    assignment_id: str | None = None


def figures_of(report: Report) -> ReportFigures:
    """The figures of a report read the slow way (a checked report's re-derived one, or a
    report used as it states)."""
    return ReportFigures(
        taxonomy=report.taxonomy,
        skill_ids=tuple(s.id for s in report.skills),
        skill_names=tuple(s.name for s in report.skills),
        skill_categories=tuple(s.category for s in report.skills),
        category_ids=tuple(c.id for c in report.categories),
        category_names=tuple(c.name for c in report.categories),
        role_id=report.role.id,
        role_name=report.role.name,
        learner_id=report.learner.id if report.learner else None,
        learner_name=report.learner.name if report.learner else None,
        created_at=report.created_at,
        readiness=report.readiness,
        ratings=tuple(s.rating for s in report.skills),
        levels=tuple(s.level for s in report.skills),
        required=tuple(s.required for s in report.skills),
        evidence=tuple(s.evidence for s in report.skills),
        category_scores=tuple(c.score for c in report.categories),
        checks=tuple(report.answers.checks.items()) if report.answers else (),
        checklists=checklist_figures(report.checklists),
        assignment_id=report.assignment.id if report.assignment else None,
    )


def checklist_figures(
    answers: Iterable[Any],
) -> ChecklistFigures:
    """ReportFigures.checklists of a report's checklists (ChecklistAnswer models or their
    structs): per skill, the levels with statements ticked and those statements."""
    return tuple(
        (
            answer.skill,
            tuple(
                (level.level, tuple(level.ticked_statements))
                for level in answer.levels
                if level.ticked_statements
            ),
        )
        for answer in answers
    )


# -- the report model as msgspec structs ---------------------------------------------------


@cache
def _report_decoder() -> Any:
    import msgspec

    return msgspec.json.Decoder(_struct_of(Report))


@cache
def _struct_of(model: type) -> Any:
    """A msgspec struct with ``model``'s fields, types, bounds and defaults, refusing unknown
    fields as the model does. Made from the model, so the two cannot drift apart; a bound
    it does not know how to carry raises, rather than being dropped."""
    import msgspec

    fields = []
    for name, info in model.model_fields.items():
        spec = _type_of(info.annotation, info.metadata)
        if info.default_factory is not None:
            fields.append((name, spec, msgspec.field(default_factory=info.default_factory)))
        elif info.is_required():
            fields.append((name, spec))
        elif isinstance(info.default, list | dict):
            default = info.default
            fields.append((name, spec, msgspec.field(default_factory=lambda d=default: d.copy())))
        else:
            fields.append((name, spec, info.default))
    extra = model.model_config.get("extra")
    # gc=False: a decoded report is a tree (no cycles), so the collector need not track its
    # thousand-odd structs, which made it run often while a cohort is read.
    return msgspec.defstruct(
        f"{model.__name__}Struct",
        fields,
        kw_only=True,
        forbid_unknown_fields=extra == "forbid",
        gc=False,
    )


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    import annotated_types

    bounds: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            bounds["ge"] = item.ge
        elif isinstance(item, annotated_types.Le):
            bounds["le"] = item.le
        elif isinstance(item, annotated_types.Gt):
            bounds["gt"] = item.gt
        elif isinstance(item, annotated_types.Lt):
            bounds["lt"] = item.lt
        else:
            raise TypeError(f"cohort_scoring cannot carry the constraint {item!r}")
    return bounds


def _type_of(annotation: Any, metadata: list[Any]) -> Any:
    import msgspec
    from pydantic import BaseModel
    from pydantic.fields import FieldInfo

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        more = [m for item in extra if isinstance(item, FieldInfo) for m in item.metadata]
        return _type_of(inner, [*metadata, *more])
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_type_of(arg, metadata) for arg in typing.get_args(annotation))]  # noqa: UP007
    if annotation is type(None):
        return annotation
    if origin is list:
        (item,) = typing.get_args(annotation)
        return list[_type_of(item, [])]  # type: ignore[misc]
    if origin is dict:
        key, value = typing.get_args(annotation)
        return dict[_type_of(key, []), _type_of(value, [])]  # type: ignore[misc]
    if origin is typing.Literal:
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _struct_of(annotation)
    if annotation in (int, float):
        bounds = _bounds(metadata)
        return typing.Annotated[annotation, msgspec.Meta(**bounds)] if bounds else annotation
    if annotation in (str, bool):
        if metadata:
            raise TypeError(f"cohort_scoring cannot carry the constraints {metadata!r}")
        return annotation
    raise TypeError(f"cohort_scoring cannot decode {annotation!r}")


# -- tables per taxonomy ------------------------------------------------------------------


# Per skill, a report's state is one code 0-9: the level scored (0-4), plus 5 when the skill
# was skipped. Every per-skill figure of a report depends on that code alone (and, when
# knowledge checks were answered, on the evidence), so tables indexed by 10 x skill + code
# hold them all.
_CODES = 10


def _code(rating: int | None, level: int) -> int:
    return level + 5 if rating is None else level


class _Packed:
    """Many sums of small non-negative integers carried in one Python int.

    Each field gets the bits the largest sum it can reach needs, so adding up the packed
    rows of a report's skills adds every field at once, in C (one big-int sum per report
    rather than a Python loop per field); ``fields`` reads the sums back."""

    def __init__(self, rows: list[list[int]], per_skill: int) -> None:
        """``rows[10 x skill + code]``: the field values of that skill at that code."""
        most = [0] * len(rows[0])  # per field, the largest sum it can reach
        for start in range(0, len(rows), per_skill):
            for field, column in enumerate(zip(*rows[start : start + per_skill], strict=True)):
                most[field] += max(column)
        # Each field in 1, 2, 4 or 8 whole bytes, so that one struct.unpack reads them all.
        widths = [next(w for w in (1, 2, 4, 8, 0) if not w or m < 1 << (8 * w)) for m in most]
        if not all(widths):  # a sum beyond 64 bits: bits of their own, read one at a time
            widths = [-(-max(1, m.bit_length()) // 8) for m in most]
            self.format = None
        else:
            self.format = "<" + "".join({1: "B", 2: "H", 4: "I", 8: "Q"}[w] for w in widths)
        self.shifts: list[int] = []
        self.masks: list[int] = []
        at = 0
        for width in widths:
            self.shifts.append(8 * at)
            self.masks.append((1 << (8 * width)) - 1)
            at += width
        self.size = at
        if self.format is not None:
            pack = struct.Struct(self.format).pack
            self.table = [int.from_bytes(pack(*values), "little") for values in rows]
        else:
            self.table = [
                sum(value << shift for value, shift in zip(values, self.shifts, strict=True))
                for values in rows
            ]

    def fields(self, total: int) -> tuple[int, ...]:
        if self.format is not None:
            return struct.unpack(self.format, total.to_bytes(self.size, "little"))
        return tuple(
            (total >> shift) & mask for shift, mask in zip(self.shifts, self.masks, strict=True)
        )


@dataclass(frozen=True)
class _RoleTables:
    """One role's figures, per skill (taxonomy order) and per code (see _CODES)."""

    info: RoleInfo
    required: tuple[int, ...]
    total: int  # sum(weight x required): the denominator of readiness
    required_count: int  # skills it requires
    # Per 10 x skill + code: the skill as the report writes it (without evidence), its
    # priority, whether it meets the required level, and its key among the gaps by priority
    # (None when it has no gap).
    skill_rows: list[Any]
    priorities: list[float]
    meets: list[bool]
    gap_keys: list[tuple[float, str] | None]
    strength_order: tuple[int, ...]  # skill indexes, as the summary lists strengths
    role_steps: list[tuple[int, ...]]  # per 10 x skill + code: its plan steps the role asks for
    # Per 10 x skill + code, packed (_Packed): for every role, (met, hours, with gap, not
    # assessed) of the role fit; for this role, per category (met, levels met, gap, skills
    # below) and the counts of the statuses gap and not assessed.
    packed: _Packed
    category_totals: tuple[int, ...]  # per category, sum(weight x required)
    category_required: tuple[int, ...]  # per category, the levels required
    # Skill rows whose rating is not the level, or with evidence, made when first needed.
    moved: dict[tuple[int, int | None, str | None], Any]


def _lcm_of_denominators(values: list[Fraction]) -> int:
    return math.lcm(1, *(value.denominator for value in values))


class ReportScorer:
    """Scores reports of one taxonomy from tables built once (see the module docstring)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        from mlcareer.plan import hours_between
        from mlcareer.scoring import importance_of, priority_of

        self.taxonomy = taxonomy
        skills = list(taxonomy.skills())
        self.info = TaxonomyInfo(
            id=taxonomy.id, title=taxonomy.title, version=taxonomy.version, sha256=taxonomy.sha256
        )
        self.skill_ids = tuple(s.id for s in skills)
        self.skill_names = tuple(s.name for s in skills)
        self.skill_categories = tuple(taxonomy.category_of(s.id).id for s in skills)
        self.category_ids = tuple(c.id for c in taxonomy.categories)
        self.category_names = tuple(c.name for c in taxonomy.categories)
        self._skill_set = frozenset(self.skill_ids)
        index_of = {sid: i for i, sid in enumerate(self.skill_ids)}
        self._bases = tuple(_CODES * i for i in range(len(skills)))
        check_ids = [check.id for _, check in taxonomy.checks()]
        self._check_order = {cid: i for i, cid in enumerate(check_ids)}
        self._choices = {check.id: len(check.choices) for _, check in taxonomy.checks()}
        self.has_checks = bool(check_ids)
        self._skill_struct = _struct_of(SkillResult)
        self._category_struct = _struct_of(CategoryResult)
        self._fit_struct = _struct_of(RoleFit)
        self._summary_struct = _struct_of(Summary)
        self._calibration_kinds = CalibrationKinds(
            _struct_of(Calibration), _struct_of(CheckResult), _struct_of(SkillEvidence)
        )

        # Plan steps, by node number 5 x skill + level (the step that brings the skill to
        # that level): what each waits for, and what the report must say of it.
        step_hours = [
            exact(step.hours) for s in skills for step in s.learning if step.hours is not None
        ]
        self._unit = _lcm_of_denominators(step_hours)
        nodes = 5 * len(skills)
        # What a step needs (its own `needs`), and that plus its skill's prerequisites (a
        # skill's first step to climb waits for the prerequisites), as node numbers.
        self._needs: list[tuple[tuple[int, int], ...]] = [()] * nodes
        self._needs_first: list[tuple[tuple[int, int], ...]] = [()] * nodes
        # Each step as the report writes it, but for what depends on the learner (its order,
        # the steps waiting for it, whether the role asks for it), which are zero here.
        self._step_template: list[Any] = [None] * nodes
        self._step_hours: list[int] = [0] * nodes  # hours x unit
        self._step_unestimated: list[bool] = [False] * nodes
        step_struct, resource_struct = _struct_of(PlanStep), _struct_of(ResourceOut)
        for i, skill in enumerate(skills):
            prerequisites = tuple((index_of[p.skill], p.level) for p in skill.prerequisites)
            for to_level in range(1, 5):
                written = skill.step_to(to_level)
                node = 5 * i + to_level
                needs = tuple(
                    (index_of[sid], level)
                    for sid, level in (written.needs.items() if written else ())
                )
                self._needs[node] = needs
                self._needs_first[node] = needs + prerequisites
                hours = written.hours if written and written.hours is not None else None
                self._step_template[node] = step_struct(
                    order=0,
                    skill=skill.id,
                    skill_name=skill.name,
                    from_level=to_level - 1,
                    to_level=to_level,
                    step=written.step if written else None,
                    hours=0.0 if hours is None else hours,
                    estimated=hours is not None,
                    experience=written.experience if written else False,
                    required_by_role=False,
                    needed_by=_NO_STEPS,
                    resources=[
                        resource_struct(title=r.title, url=r.url, kind=r.kind, paid=r.paid)
                        for r in (written.resources if written else [])
                    ],
                )
                self._step_hours[node] = 0 if hours is None else int(exact(hours) * self._unit)
                self._step_unestimated[node] = hours is None
        self._node_of_step = {
            (sid, to_level): 5 * i + to_level
            for i, sid in enumerate(self.skill_ids)
            for to_level in range(1, 5)
        }

        # Per role: required levels, exact importances as integers over one denominator,
        # hours to close, and what a skill of the report says at each code.
        roles = []
        for role in taxonomy.roles:
            required_of = taxonomy.required_levels(role)
            role_weights = taxonomy.role_weights(role)
            required = tuple(required_of[sid] for sid in self.skill_ids)
            importances = [importance_of(taxonomy, s, role_weights[s.id]) for s in skills]
            unit = _lcm_of_denominators(importances)
            weights = tuple(int(i * unit) for i in importances)
            hours = [
                [hours_between(skill, level, need) for level in range(5)]
                for skill, need in zip(skills, required, strict=True)
            ]
            roles.append((role, required, importances, weights, hours))

        def fit_fields(i: int, code: int) -> list[int]:
            """The role fit's sums, every role, for skill i at this code."""
            level, skipped = code % 5, code >= 5
            values = []
            for _, required, _, weights, hours in roles:
                need = required[i]
                if level >= need:
                    values += [weights[i] * need, 0, 0, 0]
                else:
                    values += [
                        weights[i] * level,
                        int(hours[i][level][0] * self._unit),
                        not skipped,
                        skipped,
                    ]
            return values

        fit = [fit_fields(i, code) for i in range(len(skills)) for code in range(_CODES)]
        self._fit_count = len(roles)
        category_index = {cid: c for c, cid in enumerate(self.category_ids)}
        self._roles: dict[str, _RoleTables] = {}
        for role, required, importances, weights, hours in roles:
            rows, priorities, meets, gap_keys, packed_rows, role_steps = [], [], [], [], [], []
            for i, skill in enumerate(skills):
                need, importance = required[i], importances[i]
                category = category_index[self.skill_categories[i]]
                for code in range(_CODES):
                    level, rating = code % 5, (None if code >= 5 else code % 5)
                    to_close, known = hours[i][level]
                    gap = max(0, need - level)
                    priority = priority_of(importance, gap, to_close, known)
                    status = _status(need, rating, level)
                    rows.append(
                        self._skill_struct(
                            id=skill.id,
                            name=skill.name,
                            category=self.skill_categories[i],
                            rating=rating,
                            level=level,
                            required=need,
                            gap=gap,
                            status=status,
                            importance=float(importance),
                            hours_to_close=float(to_close),
                            priority=priority,
                            evidence=None,
                        )
                    )
                    priorities.append(priority)
                    role_steps.append(tuple(range(5 * i + level + 1, 5 * i + need + 1)))
                    meets.append(status == _STATUS_MEETS)
                    below = status in (_STATUS_GAP, _STATUS_NOT_ASSESSED)
                    gap_keys.append((-priority, skill.id) if below else None)
                    reached = min(level, need)
                    per_category = [0] * (4 * len(self.category_ids))
                    per_category[4 * category : 4 * category + 4] = [
                        weights[i] * reached,
                        reached,
                        need - reached,
                        int(need > 0 and (rating is None or level < need)),
                    ]
                    packed_rows.append(
                        fit[_CODES * i + code]
                        + per_category
                        + [int(status == _STATUS_GAP), int(status == _STATUS_NOT_ASSESSED)]
                    )
            own = [
                [i for i, cid in enumerate(self.skill_categories) if cid == category.id]
                for category in taxonomy.categories
            ]
            self._roles[role.id] = _RoleTables(
                info=RoleInfo(id=role.id, name=role.name, seniority=role.seniority),
                required=required,
                total=sum(w * r for w, r in zip(weights, required, strict=True)),
                required_count=sum(1 for need in required if need),
                skill_rows=rows,
                priorities=priorities,
                meets=meets,
                gap_keys=gap_keys,
                strength_order=tuple(
                    sorted(
                        (i for i, need in enumerate(required) if need),
                        # As summary_of sorts them: by the published (float) importance.
                        key=lambda i: (-float(importances[i]), -required[i], self.skill_ids[i]),
                    )
                ),
                role_steps=role_steps,
                packed=_Packed(packed_rows, _CODES),
                category_totals=tuple(sum(weights[i] * required[i] for i in ids) for ids in own),
                category_required=tuple(sum(required[i] for i in ids) for ids in own),
                moved={},
            )
        self._role_list = list(self._roles.values())
        self._category_weights = tuple(c.weight for c in taxonomy.categories)

    # -- one report ---------------------------------------------------------------------
    def check(self, data: bytes) -> ReportFigures | None:
        """The report's figures when every figure it states is what its answers give
        against this taxonomy; None when it is anything else (read it the slow way)."""
        import msgspec

        try:
            report = _report_decoder().decode(data)
        except msgspec.DecodeError:
            return None
        if report.taxonomy.sha256 != self.info.sha256:
            return None
        try:
            return self._checked(report)
        except (KeyError, IndexError, ValueError, TypeError, OverflowError):
            return None  # answers that do not fit: the slow path says why

    def _checked(self, report: Any) -> ReportFigures | None:
        from msgspec.structs import replace

        from mlcareer.calibration import calibrate_into
        from mlcareer.clock import moment_of

        block = report.answers
        info = report.taxonomy
        if (
            block is None
            or (info.id, info.title, info.version)
            != (self.info.id, self.info.title, self.info.version)
            or block.ratings.keys() != self._skill_set
            or len(report.skills) != len(self.skill_ids)
            or len(report.categories) != len(self.category_ids)
        ):
            return None
        role = self._roles[block.role]
        stated_role = report.role
        if (stated_role.id, stated_role.name, stated_role.seniority) != (
            role.info.id,
            role.info.name,
            role.info.seniority,
        ):
            return None
        learner = report.learner
        if learner is not None and not _plain_learner(learner.name, learner.id):
            return None
        checks = block.checks
        if any(choice >= self._choices[cid] for cid, choice in checks.items()):
            return None
        if not block.confidence.keys() <= checks.keys():
            return None
        moment_of(report.created_at)  # ValueError: not a time (the slow path says so)

        ratings = [block.ratings[sid] for sid in self.skill_ids]
        calibration = None
        evidence: dict[str, str] = {}
        if checks:
            ratings_by_id = dict(zip(self.skill_ids, ratings, strict=True))
            # Built of the structs the report was decoded into, to compare the two whole.
            calibration, adjusted, evidence = calibrate_into(
                self._calibration_kinds,
                self.taxonomy,
                ratings_by_id,
                dict(checks),
                dict(block.confidence),
                block.seed,
            )
        if report.trust_self != (block.trust_self and calibration is not None):
            return None
        if calibration is not None and not block.trust_self:
            levels = [adjusted[sid] for sid in self.skill_ids]
        else:
            levels = [rating or 0 for rating in ratings]
        if not all(0 <= level <= 4 for level in levels):
            return None
        rows = [
            _CODES * i + (level + 5 if rating is None else level)
            for i, (rating, level) in enumerate(zip(ratings, levels, strict=True))
        ]

        # The skills, every figure, as the taxonomy's tables give them (the table's rating
        # is the level: where the checks moved the level, or gave evidence, it is made).
        if evidence:
            evidences = [evidence.get(sid) for sid in self.skill_ids]
            expected = [
                role.skill_rows[row]
                if said is None and (rating is None or rating == levels[i])
                else self._skill_row(role, row, rating, said)
                for i, (row, rating, said) in enumerate(zip(rows, ratings, evidences, strict=True))
            ]
        else:
            evidences = [None] * len(rows)
            expected = list(map(role.skill_rows.__getitem__, rows))
            if calibration is not None:  # levels adjusted by checks, without evidence
                expected = [
                    row if rating is None or rating == row.level else replace(row, rating=rating)
                    for row, rating in zip(expected, ratings, strict=True)
                ]
        if report.skills != expected:
            return None

        sums = role.packed.fields(sum(map(role.packed.table.__getitem__, rows)))
        fits = 4 * self._fit_count
        if not self._categories_match(report.categories, role, sums[fits:-2]):
            return None
        role_fit = self._role_fit(sums[:fits])
        if report.role_fit != role_fit:
            return None
        own = next(fit for fit in role_fit if fit.id == role.info.id)
        if report.readiness != own.readiness:
            return None
        if report.calibration != calibration:
            return None
        if not self._plan_matches(report.plan, levels, rows, role):
            return None
        # Skills, plan, role fit and calibration are the derived ones: so must the summary be
        # (report.summary_of, from the tables).
        with_gap, not_assessed = sums[-2], sums[-1]
        below = sorted(key for key in map(role.gap_keys.__getitem__, rows) if key is not None)
        next_role = None
        if not below:
            others = [f for f in role_fit if f.id != role.info.id and f.readiness < 100]
            closest = min(
                others, key=lambda f: (-f.readiness, f.hours_to_close, f.id), default=None
            )
            next_role = closest.id if closest else None
        plan = report.plan
        summary = self._summary_struct(
            required=role.required_count,
            met=role.required_count - with_gap - not_assessed,
            with_gap=with_gap,
            not_assessed=not_assessed,
            plan_hours=plan.total_hours,
            plan_steps=len(plan.steps),
            gaps_by_priority=[sid for _, sid in below],
            strengths=[self.skill_ids[i] for i in role.strength_order if role.meets[rows[i]]],
            start_here=plan.steps[0].order if plan.steps else None,
            next_role=next_role,
            checks_asked=calibration.items if calibration else None,
            checks_right=sum(1 for a in calibration.answers if a.correct) if calibration else None,
        )
        if report.summary != summary:
            return None

        checklists = self._checklists(block, report.checklists)
        if checklists is None:
            return None
        ordered_checks = tuple(sorted(checks.items(), key=lambda kv: self._check_order[kv[0]]))
        return ReportFigures(
            taxonomy=self.info,
            skill_ids=self.skill_ids,
            skill_names=self.skill_names,
            skill_categories=self.skill_categories,
            category_ids=self.category_ids,
            category_names=self.category_names,
            role_id=role.info.id,
            role_name=role.info.name,
            learner_id=learner.id if learner else None,
            learner_name=learner.name if learner else None,
            created_at=report.created_at,
            readiness=report.readiness,
            ratings=tuple(ratings),
            levels=tuple(levels),
            required=role.required,
            evidence=tuple(evidences),
            category_scores=tuple(c.score for c in report.categories),
            checks=ordered_checks,
            checklists=checklists,
            assignment_id=report.assignment.id if report.assignment else None,
        )

    def _checklists(self, block: Any, stated: list[Any]) -> ChecklistFigures | None:
        """The checklists the answers' ticks give (ReportFigures.checklists), when the report
        states exactly those; None otherwise. Ticks are written as answers.py keeps them
        (known skills and statements, positions sorted once each); anything else is left
        to the slow path, which says what is wrong."""
        if not block.indicators:
            return None if stated else ()
        import msgspec

        from mlcareer.checklist import normal_ticks
        from mlcareer.scoring import checklists_of

        for sid, levels in block.indicators.items():
            if sid not in self._skill_set or levels != normal_ticks(levels):
                return None
            statements = self.taxonomy.skill(sid).indicators
            for level, positions in levels.items():
                count = len(statements.get(level, ()))
                if not 1 <= level <= 4 or not 1 <= positions[0] <= positions[-1] <= count:
                    return None
        expected = checklists_of(self.taxonomy, block.indicators, block.ratings)
        if msgspec.to_builtins(stated) != [answer.model_dump(mode="json") for answer in expected]:
            return None
        return checklist_figures(expected)

    def _skill_row(
        self, role: _RoleTables, row: int, rating: int | None, evidence: str | None
    ) -> Any:
        """A skill as the report writes it, for a rating the checks moved or gave evidence
        on (made once per role, code, rating and evidence)."""
        from msgspec.structs import replace

        key = (row, rating, evidence)
        found = role.moved.get(key)
        if found is None:
            found = role.moved[key] = replace(
                role.skill_rows[row], rating=rating, evidence=evidence
            )
        return found

    def _categories_match(
        self, stated: list[Any], role: _RoleTables, sums: tuple[int, ...]
    ) -> bool:
        for index, category in enumerate(stated):
            met, levels_met, gap, below = sums[4 * index : 4 * index + 4]
            total = role.category_totals[index]
            if (
                category.id != self.category_ids[index]
                or category.name != self.category_names[index]
                or category.score != ((met * 1000 // total) / 10 if total else None)
                or category.levels_required != role.category_required[index]
                or category.levels_met != levels_met
                or category.gap != gap
                or category.skills_with_gap != below
                or category.weight != self._category_weights[index]
            ):
                return False
        return True

    def _role_fit(self, sums: tuple[int, ...]) -> list[Any]:
        """role_fit as scoring.fit_to_roles gives it: every role, closest first."""
        fits = []
        for order, role in enumerate(self._role_list):
            met, hours, with_gap, not_assessed = sums[4 * order : 4 * order + 4]
            readiness = (met * 1000 // role.total) / 10 if role.total else 100.0
            fits.append((-readiness, order, role, with_gap, not_assessed, hours))
        fits.sort(key=lambda fit: (fit[0], fit[1]))
        return [
            self._fit_struct(
                id=role.info.id,
                name=role.info.name,
                readiness=-readiness,
                gaps=with_gap + not_assessed,
                with_gap=with_gap,
                not_assessed=not_assessed,
                # int / int is correctly rounded, as float(Fraction) is: the same float.
                hours_to_close=hours / self._unit,
            )
            for readiness, _, role, with_gap, not_assessed, hours in fits
        ]

    def _plan_matches(
        self, plan: Any, levels: list[int], rows: list[int], role: _RoleTables
    ) -> bool:
        """The plan as plan.order_plan gives it: plan.ordered_steps's order, worked with
        node numbers and the tables (tests hold the two equal). One walk finds the steps
        and, for each, how many it waits for and which wait for it (Kahn's algorithm needs
        only those), since this runs for every report of a cohort."""
        import heapq

        from msgspec.structs import replace

        priority = role.priorities
        for_role = set(itertools.chain.from_iterable(map(role.role_steps.__getitem__, rows)))
        # The steps the plan needs (the keys): the role's, and what they wait for that is
        # not reached; for each, the steps that wait for it.
        dependents: dict[int, list[int]] = {node: [] for node in for_role}
        waits_for: dict[int, int] = {}  # how many steps each waits for
        needed_by: dict[int, set[int]] = {}  # steps of other skills waiting for this one
        waiting = list(for_role)
        needs, needs_first = self._needs, self._needs_first
        while waiting:
            node = waiting.pop()
            if node % 5 == levels[node // 5] + 1:  # later steps wait for prerequisites through it
                count = 0
                wanted = needs_first[node]
            else:
                count = 1
                dependents[node - 1].append(node)  # the step below it is in the plan too
                wanted = needs[node]
            for needed, needed_level in wanted:
                have = levels[needed]
                if have >= needed_level:
                    continue  # already reached
                count += 1
                first = 5 * needed
                for k in range(first + have + 1, first + needed_level + 1):
                    waiting_for_it = needed_by.get(k)
                    if waiting_for_it is None:
                        needed_by[k] = {node}
                    else:
                        waiting_for_it.add(node)
                    if k not in dependents:
                        dependents[k] = []
                        waiting.append(k)
                dependents[first + needed_level].append(node)
            waits_for[node] = count

        # Rank: a role step keeps its skill's priority; an added step takes the highest rank
        # of the steps that depend on it.
        rank = {node: priority[rows[node // 5]] for node in for_role}

        ranking: set[int] = set()

        def rank_of(node: int) -> float:
            found = rank.get(node)
            if found is None:
                if node in ranking:
                    raise ValueError("the steps need each other in a cycle")
                ranking.add(node)
                found = rank[node] = max(rank_of(later) for later in dependents[node])
            return found

        # Kahn's algorithm, the best-ranked free step first: higher rank, lower level, taxonomy
        # order (node // 5 is the skill's place in it).
        ready = [(-rank_of(node), node % 5, node) for node, n in waits_for.items() if not n]
        heapq.heapify(ready)
        ordered: list[int] = []
        while ready:
            node = heapq.heappop(ready)[2]
            ordered.append(node)
            for later in dependents[node]:
                left = waits_for[later] - 1
                waits_for[later] = left
                if not left:
                    later_rank = rank.get(later)
                    if later_rank is None:
                        later_rank = rank_of(later)
                    heapq.heappush(ready, (-later_rank, later % 5, later))
        steps = plan.steps
        if len(ordered) != len(waits_for) or len(steps) != len(ordered):
            return False

        # Each step as the report must write it: the taxonomy's step, with its place.
        template = self._step_template
        order_of = {node: i for i, node in enumerate(ordered, start=1)}
        expected = [
            replace(
                template[node],
                order=order,
                required_by_role=node in for_role,
                needed_by=sorted([order_of[n] for n in needed_by[node]])
                if node in needed_by
                else [],
            )
            for order, node in enumerate(ordered, start=1)
        ]
        if steps != expected:
            return False
        hours = sum(map(self._step_hours.__getitem__, ordered))
        without_hours = sum(map(self._step_unestimated.__getitem__, ordered))
        return plan.total_hours == hours / self._unit and plan.steps_without_hours == without_hours


def _status(required: int, rating: int | None, level: int) -> str:
    # scoring.status_of, inlined: the tables are made of it.
    if required == 0:
        return _STATUS_NOT_REQUIRED
    if rating is None:
        return _STATUS_NOT_ASSESSED
    return _STATUS_MEETS if level >= required else _STATUS_GAP


def _plain_learner(name: str | None, learner_id: str | None) -> bool:
    """The learner as the answers file allows it (what reading the report accepts)."""
    from mlcareer.input_rules import learner_id_problem, learner_name_problem

    if name is None and learner_id is None:
        return False
    if name is not None and learner_name_problem(name) is not None:
        return False
    return learner_id is None or learner_id_problem(learner_id) is None


# -- reading files for the fast path ------------------------------------------------------


def report_bytes(path: Path, max_bytes: int) -> bytes | None:
    """A regular file's bytes (without a UTF-8 BOM), or None when it cannot be read, is not
    a regular file or is too large: the slow path then reads it and says why."""
    from mlcareer.files import read_regular_file

    try:
        raw = read_regular_file(path, max_bytes)
    except OSError:
        return None
    if len(raw) > max_bytes:
        return None
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


class ScorerShelf:
    """One ReportScorer per taxonomy, made when a report first needs it."""

    def __init__(self, get_taxonomy: Callable[[str], Taxonomy | None]) -> None:
        self._get = get_taxonomy
        self._scorers: dict[str, ReportScorer | None] = {}

    def check(self, data: bytes) -> ReportFigures | None:
        sha256 = _sha256_in(data)
        if sha256 is None:
            return None
        if sha256 not in self._scorers:
            taxonomy = self._get(sha256)
            self._scorers[sha256] = ReportScorer(taxonomy) if taxonomy is not None else None
        scorer = self._scorers[sha256]
        return scorer.check(data) if scorer is not None else None


_SHA256 = re.compile(rb'"sha256"\s*:\s*"([0-9a-f]{64})"')


def _sha256_in(data: bytes) -> str | None:
    """The taxonomy sha256 a report names, found cheaply (the first 64-hex `sha256` in the
    text; the decoder then confirms it is the taxonomy's)."""
    found = _SHA256.search(data)
    return found.group(1).decode("ascii") if found else None


# -- a cohort's files, checked in order, over the machine's cores -------------------------

# Reports checked in this process before a pool of workers is started: a class of a few
# hundred is done before worker processes would pay for themselves.
POOL_AFTER = 256
BATCH = 64  # reports per task sent to a worker


def fast_figures(source: Any, shelf: ScorerShelf) -> ReportFigures | None:
    """The figures of one source (a cohort_sources.ReportSource) by the fast path, or None."""
    if source.error is not None:
        return None
    if source.text is not None:
        return shelf.check(source.text.encode("utf-8", "surrogatepass"))
    if source.path is None or str(source.path) == "-":
        return None
    data = report_bytes(source.path, MAX_REPORT_BYTES)
    return None if data is None else shelf.check(data)


def checked_in_order(
    sources: Iterable[Any],
    get_taxonomy: Callable[[str], Taxonomy | None],
    loaded: Callable[[], list[Taxonomy]],
    *,
    workers: int | None = None,
) -> Iterator[tuple[Any, ReportFigures | None]]:
    """Each source with its figures by the fast path (None: read it the slow way), in the
    order given, lazily.

    The first POOL_AFTER are checked here; past that, with ``workers`` (default: the cores
    free while those were checked, _free_cores) above 1, the work is shared in batches
    between this process and ``workers - 1`` worker processes: batches are sent to the
    workers, a few in flight at a time (memory stays flat), and while the oldest is not back
    this process checks the next batch itself rather than wait. Results come back in order. Forked
    workers inherit the scorers made so far; others get the taxonomies ``loaded()`` gives
    once, when they start.
    """
    shelf = ScorerShelf(get_taxonomy)
    remaining = iter(sources)
    before = _cpu_times() if workers is None else None
    for count, source in enumerate(remaining, start=1):
        yield source, fast_figures(source, shelf)
        if count >= POOL_AFTER:
            break
    else:
        return
    cores = workers if workers is not None else _free_cores(_idle_cores(before, _cpu_times()))
    if cores < 2:
        for source in remaining:
            yield source, fast_figures(source, shelf)
        return
    from concurrent.futures import ProcessPoolExecutor

    def next_batch() -> list[Any]:
        return list(itertools.islice(remaining, BATCH))

    # Each entry: a batch, and its figures (checked here) or the future of a worker's.
    in_flight: deque[tuple[list[Any], Any]] = deque()
    context = _pool_context()
    # Forked workers inherit the scorers made so far (their tables cost a few hundred ms to
    # make); others are sent the taxonomies and make their own.
    start = (None, shelf) if context.get_start_method() == "fork" else (loaded(), None)
    with ProcessPoolExecutor(
        cores - 1, mp_context=context, initializer=_start_worker, initargs=start
    ) as pool:
        sent = 0  # batches at the workers
        batch = next_batch()
        while batch or in_flight:
            while batch and sent < 2 * (cores - 1):
                tasks = [(s.error, s.path, s.text) for s in batch]
                in_flight.append((batch, pool.submit(_check_batch, tasks)))
                sent += 1
                batch = next_batch()
            done, figures = in_flight[0]
            if (
                isinstance(figures, list)
                or figures.done()
                or not batch
                or len(in_flight) > 4 * cores
            ):
                in_flight.popleft()
                if not isinstance(figures, list):
                    sent -= 1
                    figures = figures.result()
                yield from zip(done, figures, strict=True)
            else:  # the oldest is not back: check the next batch here meanwhile
                in_flight.append((batch, [fast_figures(source, shelf) for source in batch]))
                batch = next_batch()


def _usable_cores() -> int:
    """The cores this process may run on (its affinity, where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _free_cores(idle: float | None = None) -> int:
    """The cores not busy with other work, this process's own counted free.

    ``idle``: how many cores stood idle while this process checked the first reports (see
    _idle_cores), so this one plus those. Where that is not known, the 1-minute load
    average stands in for it; it lags, though: for a minute after a burst of work (a
    build, or the benchmark's own baselines) it counts cores busy that are free again.
    On a machine other jobs keep busy, more processes only take turns on the same cores,
    and the batches sent back and forth make that slower than checking in one process
    (measured: 15-35 % slower on a 2-core machine at load 2 to 3)."""
    cores = _usable_cores()
    if idle is not None:
        return max(1, min(cores, 1 + round(idle)))
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on this platform: assume the cores are free
        return cores
    return max(1, min(cores, round(cores - load + 1)))


# Below this many clock ticks (1/100 s each, over all the cores) between two readings, the
# share of idle time is too coarse to go by.
_MIN_TICKS = 10


def _cpu_times(stat_file: str = "/proc/stat") -> tuple[int, int] | None:
    """(idle, all) clock ticks so far of the cores this process may run on, from Linux's
    /proc/stat; None where it cannot be read."""
    try:
        with open(stat_file, "rb") as file:
            text = file.read()
    except OSError:
        return None
    try:
        mine = os.sched_getaffinity(0)
    except (AttributeError, OSError):
        mine = None
    idle = total = 0
    for line in text.splitlines():
        # cpuN user nice system idle iowait irq softirq steal guest guest_nice: guest time
        # is counted in user time already.
        name, *fields = line.split()
        if not name.startswith(b"cpu") or name == b"cpu":
            continue
        try:
            cpu, ticks = int(name[3:]), [int(field) for field in fields[:8]]
        except ValueError:
            return None
        if len(ticks) < 4 or (mine is not None and cpu not in mine):
            continue
        idle += ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
        total += sum(ticks)
    return (idle, total) if total else None


def _idle_cores(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """How many of this process's cores stood idle, on average, between two _cpu_times
    readings; None when either is missing or too little time passed to tell."""
    if before is None or after is None:
        return None
    idle, total = after[0] - before[0], after[1] - before[1]
    if total < _MIN_TICKS or not 0 <= idle <= total:
        return None
    return idle / total * _usable_cores()


def _pool_context() -> Any:
    """fork where it is safe (one thread; the workers then start at once with everything
    imported), else the platform's default."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_worker_shelf: ScorerShelf | None = None


def _start_worker(taxonomies: list[Taxonomy] | None, shelf: ScorerShelf | None) -> None:
    global _worker_shelf
    _tie_to_parent()
    if shelf is not None:
        # What the worker inherited lives as long as it does: out of the collector's sight,
        # its collections stay small (and do not copy the inherited pages).
        gc.freeze()
        _worker_shelf = shelf
        return
    by_sha = {taxonomy.sha256: taxonomy for taxonomy in taxonomies or []}
    _worker_shelf = ScorerShelf(by_sha.get)


def _tie_to_parent() -> None:
    """A worker ends with `cohort`: Ctrl-C is for `cohort` to handle (it stops the pool; a
    worker of its own would print a traceback), and on Linux the worker is sent SIGTERM
    when `cohort` dies, however it dies (killed, it leaves no one to stop the pool, and a
    worker forked with the pipe's other end open would wait on it for ever)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the call: nobody will send the signal
        os._exit(1)


def _check_batch(tasks: list[tuple[str | None, Path | None, str | None]]) -> list[Any]:
    from types import SimpleNamespace

    assert _worker_shelf is not None
    return [
        fast_figures(SimpleNamespace(error=error, path=path, text=text), _worker_shelf)
        for error, path, text in tasks
    ]
