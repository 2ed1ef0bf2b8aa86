"""Checking a cohort's reports fast: every figure scored again from tables built once per taxonomy.

`mlcareer cohort` scores each report's answers again and compares (cohort_evidence.py). Doing
that with ``scoring.report_for`` builds a whole pydantic report per file, the role fit against
every role in Fractions, and costs about 100 ms a report. Here the same figures come from
tables a ``ReportScorer`` computes once per taxonomy: per role and skill, the required level
and the exact importance (as integers over one denominator), and per level the gap, hours,
priority and published floats; per plan step its text, hours and resources. Scoring one
report is then integer sums and table look-ups, and the plan is ordered again with the one
ordering of plan.py.

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

import itertools
import math
import os
import re
import types
import typing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from mlcareer.report import (
    PlanStep,
    Report,
    ResourceOut,
    RoleInfo,
    TaxonomyInfo,
    exact,
    summary_of,
)
from mlcareer.report_file import MAX_REPORT_BYTES
from mlcareer.taxonomy import Taxonomy

Node = tuple[str, int]  # (skill id, level): the plan step that brings the skill to that level

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
    checklists: tuple[tuple[str, tuple[tuple[int, tuple[str, ...]], ...]], ...] = ()
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
        checklists=tuple(
            (
                answer.skill,
                tuple(
                    (level.level, tuple(level.ticked_statements))
                    for level in answer.levels
                    if level.ticked_statements
                ),
            )
            for answer in report.checklists
        ),
        assignment_id=report.assignment.id if report.assignment else None,
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
    return msgspec.defstruct(
        f"{model.__name__}Struct", fields, kw_only=True, forbid_unknown_fields=extra == "forbid"
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


@dataclass(frozen=True)
class _RoleTables:
    """One role's figures, per skill (taxonomy order) and per level 0-4."""

    info: RoleInfo
    required: tuple[int, ...]
    weights: tuple[int, ...]  # exact importances, all over one denominator
    total: int  # sum(weight x required): the denominator of readiness
    # Per skill, per level 0-4: (gap, importance, hours_to_close, priority) as published.
    published: tuple[tuple[tuple[int, float, float, float], ...], ...]
    hours: tuple[tuple[int, ...], ...]  # per skill, per level: hours to close, x hours unit
    # Per skill it requires: (index, required level, weight, hours to close per level).
    rows: tuple[tuple[int, int, int, tuple[int, ...]], ...]
    # Per category: (skill indexes, sum(weight x required)).
    categories: tuple[tuple[tuple[int, ...], int], ...]


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
        self._position = {sid: i for i, sid in enumerate(self.skill_ids)}
        check_ids = [check.id for _, check in taxonomy.checks()]
        self._check_order = {cid: i for i, cid in enumerate(check_ids)}
        self._choices = {check.id: len(check.choices) for _, check in taxonomy.checks()}
        self.has_checks = bool(check_ids)

        # Plan steps: what each needs, and what a step of the report must say.
        step_hours = [
            exact(step.hours) for s in skills for step in s.learning if step.hours is not None
        ]
        self._unit = _lcm_of_denominators(step_hours)
        self._needs: dict[Node, list[tuple[str, int]]] = {}
        # Each step as the report writes it, but for what depends on the learner (its order,
        # the steps waiting for it, whether the role asks for it), which are zero here.
        self._step_template: dict[Node, Any] = {}
        self._step_hours: dict[Node, tuple[int, bool]] = {}  # (hours x unit, no estimate)
        step_struct, resource_struct = _struct_of(PlanStep), _struct_of(ResourceOut)
        for skill in skills:
            for to_level in range(1, 5):
                written = skill.step_to(to_level)
                node = (skill.id, to_level)
                self._needs[node] = list(written.needs.items()) if written else []
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
                self._step_hours[node] = (
                    0 if hours is None else int(exact(hours) * self._unit),
                    hours is None,
                )
        self._prerequisites = {s.id: [(p.skill, p.level) for p in s.prerequisites] for s in skills}

        self._roles: dict[str, _RoleTables] = {}
        self._role_order: dict[str, int] = {}
        for order, role in enumerate(taxonomy.roles):
            required_of = taxonomy.required_levels(role)
            role_weights = taxonomy.role_weights(role)
            required = tuple(required_of[sid] for sid in self.skill_ids)
            importances = [importance_of(taxonomy, s, role_weights[s.id]) for s in skills]
            unit = _lcm_of_denominators(importances)
            weights = tuple(int(i * unit) for i in importances)
            published = []
            hours_per_level = []
            for skill, need, importance in zip(skills, required, importances, strict=True):
                rows = []
                hours_row = []
                for level in range(5):
                    hours, known = hours_between(skill, level, need)
                    gap = max(0, need - level)
                    rows.append(
                        (
                            gap,
                            float(importance),
                            float(hours),
                            priority_of(importance, gap, hours, known),
                        )
                    )
                    hours_row.append(int(hours * self._unit))
                published.append(tuple(rows))
                hours_per_level.append(tuple(hours_row))
            categories = []
            for category in taxonomy.categories:
                own = tuple(i for i, cid in enumerate(self.skill_categories) if cid == category.id)
                categories.append((own, sum(weights[i] * required[i] for i in own)))
            self._roles[role.id] = _RoleTables(
                info=RoleInfo(id=role.id, name=role.name, seniority=role.seniority),
                required=required,
                weights=weights,
                total=sum(w * r for w, r in zip(weights, required, strict=True)),
                published=tuple(published),
                hours=tuple(hours_per_level),
                rows=tuple(
                    (i, need, weights[i], hours_per_level[i])
                    for i, need in enumerate(required)
                    if need
                ),
                categories=tuple(categories),
            )
            self._role_order[role.id] = order

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
        from mlcareer.calibration import calibrate
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
            calibration, adjusted, evidence = calibrate(
                self.taxonomy, ratings_by_id, dict(checks), dict(block.confidence), block.seed
            )
        if report.trust_self != (block.trust_self and calibration is not None):
            return None
        if calibration is not None and not block.trust_self:
            levels = [adjusted[sid] for sid in self.skill_ids]
        else:
            levels = [rating or 0 for rating in ratings]
        evidences = [evidence.get(sid) for sid in self.skill_ids]

        if not self._skills_match(report.skills, role, ratings, levels, evidences):
            return None
        if not self._categories_match(report.categories, role, ratings, levels):
            return None
        if report.readiness != _readiness(role, levels):
            return None
        if not self._role_fit_matches(report.role_fit, ratings, levels):
            return None
        if calibration is None:
            if report.calibration is not None:
                return None
        else:
            import msgspec

            if report.calibration is None or msgspec.to_builtins(
                report.calibration
            ) != calibration.model_dump(mode="json"):
                return None
        if not self._plan_matches(report.plan, report.skills, levels, role):
            return None
        # Skills, plan, role fit and calibration are the derived ones: so must the summary be.
        expected = summary_of(
            report.skills, report.plan, report.role_fit, role.info.id, report.calibration
        )
        summary = report.summary
        if any(getattr(summary, f) != getattr(expected, f) for f in type(expected).model_fields):
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
            # The answers do not record checklist ticks, so a checked report has none.
            checklists=(),
            assignment_id=report.assignment.id if report.assignment else None,
        )

    def _skills_match(
        self,
        stated: list[Any],
        role: _RoleTables,
        ratings: list[int | None],
        levels: list[int],
        evidences: list[str | None],
    ) -> bool:
        ids, names, categories = self.skill_ids, self.skill_names, self.skill_categories
        for i, skill in enumerate(stated):
            rating, level, need = ratings[i], levels[i], role.required[i]
            gap, importance, hours, priority = role.published[i][level]
            if (
                skill.id != ids[i]
                or skill.rating != rating
                or skill.level != level
                or skill.required != need
                or skill.gap != gap
                or skill.status != _status(need, rating, level)
                or skill.importance != importance
                or skill.hours_to_close != hours
                or skill.priority != priority
                or skill.evidence != evidences[i]
                or skill.name != names[i]
                or skill.category != categories[i]
            ):
                return False
        return True

    def _categories_match(
        self, stated: list[Any], role: _RoleTables, ratings: list[int | None], levels: list[int]
    ) -> bool:
        weights, required = role.weights, role.required
        for index, (category, (own, total)) in enumerate(zip(stated, role.categories, strict=True)):
            met = levels_required = levels_met = gap = below = 0
            for i in own:
                need = required[i]
                reached = min(levels[i], need)
                met += weights[i] * reached
                levels_required += need
                levels_met += reached
                gap += need - reached
                below += need > 0 and (ratings[i] is None or levels[i] < need)
            score = (met * 1000 // total) / 10 if total else None
            if (
                category.id != self.category_ids[index]
                or category.name != self.category_names[index]
                or category.score != score
                or category.levels_required != levels_required
                or category.levels_met != levels_met
                or category.gap != gap
                or category.skills_with_gap != below
                or category.weight != self.taxonomy.categories[index].weight
            ):
                return False
        return True

    def _role_fit_matches(
        self, stated: list[Any], ratings: list[int | None], levels: list[int]
    ) -> bool:
        """role_fit as scoring.fit_to_roles gives it: every role, closest first."""
        fits = []
        for order, role in enumerate(self._roles.values()):
            met = with_gap = not_assessed = hours = 0
            for i, need, weight, hours_row in role.rows:
                level = levels[i]
                if level >= need:
                    met += weight * need
                    continue
                met += weight * level
                hours += hours_row[level]
                if ratings[i] is None:  # a skipped skill is at level 0, below any need
                    not_assessed += 1
                else:
                    with_gap += 1
            readiness = (met * 1000 // role.total) / 10 if role.total else 100.0
            # int / int is correctly rounded, as float(Fraction) is: the same float.
            fits.append((-readiness, order, role, with_gap, not_assessed, hours / self._unit))
        fits.sort(key=lambda fit: (fit[0], fit[1]))
        if len(stated) != len(fits):
            return False
        for fit, (readiness, _, role, with_gap, not_assessed, hours) in zip(
            stated, fits, strict=True
        ):
            if (
                fit.id != role.info.id
                or fit.name != role.info.name
                or fit.readiness != -readiness
                or fit.gaps != with_gap + not_assessed
                or fit.with_gap != with_gap
                or fit.not_assessed != not_assessed
                or fit.hours_to_close != hours
            ):
                return False
        return True

    def _plan_matches(
        self, plan: Any, skills: list[Any], levels: list[int], role: _RoleTables
    ) -> bool:
        from mlcareer.plan import ordered_steps

        level = dict(zip(self.skill_ids, levels, strict=True))
        priority = {s.id: s.priority for s in skills}
        for_role = {
            (sid, k)
            for sid, have, need in zip(self.skill_ids, levels, role.required, strict=True)
            for k in range(have + 1, need + 1)
        }
        ordered, needed_by = ordered_steps(
            level,
            priority,
            self._position,
            for_role,
            self._needs.__getitem__,
            self._prerequisites.__getitem__,
        )
        if len(plan.steps) != len(ordered):
            return False
        import msgspec

        replace = msgspec.structs.replace
        order_of = {node: i + 1 for i, node in enumerate(ordered)}
        hours = without_hours = 0
        for order, (step, node) in enumerate(zip(plan.steps, ordered, strict=True), start=1):
            waiting = needed_by.get(node)
            if (
                step.order != order
                or step.required_by_role != (node in for_role)
                or step.needed_by != (sorted(order_of[n] for n in waiting) if waiting else [])
                or replace(step, order=0, required_by_role=False, needed_by=_NO_STEPS)
                != self._step_template[node]
            ):
                return False
            step_hours, no_estimate = self._step_hours[node]
            hours += step_hours
            without_hours += no_estimate
        return plan.total_hours == hours / self._unit and plan.steps_without_hours == without_hours


def _status(required: int, rating: int | None, level: int) -> str:
    # scoring.status_of, inlined: this runs once per skill of every report.
    if required == 0:
        return _STATUS_NOT_REQUIRED
    if rating is None:
        return _STATUS_NOT_ASSESSED
    return _STATUS_MEETS if level >= required else _STATUS_GAP


def _readiness(role: _RoleTables, levels: list[int]) -> float:
    """scoring.readiness_of from the role's integer weights: the same floor, exactly."""
    if not role.total:
        return 100.0
    met = 0
    for i, need, weight, _ in role.rows:
        level = levels[i]
        met += weight * (level if level < need else need)
    return (met * 1000 // role.total) / 10


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
    """A report file's bytes (without a UTF-8 BOM), or None when it cannot be read or is too
    large: the slow path then reads it and says why."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
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

    The first POOL_AFTER are checked here; past that, with ``workers`` (default: the
    machine's cores) above 1, the rest go to a pool of worker processes in batches, a few
    batches in flight at a time (memory stays flat), and come back in order. Each worker
    gets the taxonomies ``loaded()`` gives once, when it starts.
    """
    shelf = ScorerShelf(get_taxonomy)
    remaining = iter(sources)
    for count, source in enumerate(remaining, start=1):
        yield source, fast_figures(source, shelf)
        if count >= POOL_AFTER:
            break
    else:
        return
    cores = workers if workers is not None else (os.cpu_count() or 1)
    if cores < 2:
        for source in remaining:
            yield source, fast_figures(source, shelf)
        return
    from concurrent.futures import ProcessPoolExecutor

    in_flight: deque[tuple[list[Any], Any]] = deque()
    with ProcessPoolExecutor(
        cores, mp_context=_pool_context(), initializer=_start_worker, initargs=(loaded(),)
    ) as pool:
        while True:
            batch = list(itertools.islice(remaining, BATCH))
            if batch:
                tasks = [(s.error, s.path, s.text) for s in batch]
                in_flight.append((batch, pool.submit(_check_batch, tasks)))
            if in_flight and (not batch or len(in_flight) > 2 * cores):
                done, future = in_flight.popleft()
                yield from zip(done, future.result(), strict=True)
            if not batch and not in_flight:
                return


def _pool_context() -> Any:
    """fork where it is safe (one thread; the workers then start at once with everything
    imported), else the platform's default."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_worker_shelf: ScorerShelf | None = None


def _start_worker(taxonomies: list[Taxonomy]) -> None:
    global _worker_shelf
    by_sha = {taxonomy.sha256: taxonomy for taxonomy in taxonomies}
    _worker_shelf = ScorerShelf(by_sha.get)


def _check_batch(tasks: list[tuple[str | None, Path | None, str | None]]) -> list[Any]:
    from types import SimpleNamespace

    assert _worker_shelf is not None
    return [
        fast_figures(SimpleNamespace(error=error, path=path, text=text), _worker_shelf)
        for error, path, text in tasks
    ]
