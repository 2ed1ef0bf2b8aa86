"""Aggregating a cohort's JSON reports: what the class lacks, who is at risk.

It streams. Reports are read and validated one at a time and dropped once read; what
stays in memory is one compact summary per learner (their latest report: readiness,
category scores, and two bytes per skill) and a few counters per taxonomy. Per-skill
figures are built from level counts at the end, so medians come from counts, never
from lists of reports. Nothing here prints, prompts or exits.

The figures (the README has a worked example):

* a skill's *rating* in a report is the level it was scored at: the self-rating,
  adjusted by knowledge checks where they were answered. A skipped skill is *not
  assessed*: it is left out of the mean, median and level distribution, and counts
  as level 0 toward gaps, as it does in each learner's readiness;
* *meeting* a skill: the learner's role requires it and the rating reaches the
  required level; the share meeting is taken over the learners whose role requires it;
* *cohort gap* of a skill = mean over all learners of max(0, required - rating)
  (0 where their role does not require it); teaching priorities rank skills by it;
* with ``min_group`` K > 1, per-learner rows are hidden, and so is every count of 1 to
  K-1 learners, every mean, median or share taken over fewer than K learners, and every
  figure that would give such a count away (see _Suppressor).

Memory: the aggregator holds one summary per learner (the learner rows of the output
need them), so it grows with learners, never with reports: a hundred reports of one
learner cost one summary. benchmarks/bench_cohort.py measures it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from mlcareer.belief import BeliefVsKnowledge, belief_of_counts
from mlcareer.clock import moment_of
from mlcareer.clock import now as clock_now
from mlcareer.cohort_evidence import TaxonomyShelf, check_report
from mlcareer.cohort_scoring import ReportFigures, checked_in_order, figures_of
from mlcareer.cohort_sources import ReportSource, read_report
from mlcareer.errors import MlcareerError, Problem
from mlcareer.item_analysis import (
    DEFAULT_MIN_ANSWERS,
    ItemAnalysis,
    ItemKey,
    LearnerAnswers,
    analyse_items,
    item_keys,
)
from mlcareer.report import OutputModel, Report, half_up
from mlcareer.report_file import EditedReport
from mlcareer.roster import (
    RosterCheck,
    Submission,
    SubmissionIssue,
    check_submissions,
    match_key,
    roster_sort_key,
)
from mlcareer.taxonomy import Taxonomy
from mlcareer.wording import plural

if TYPE_CHECKING:
    from mlcareer.assignment import Assignment
    from mlcareer.roster import Roster

# 2: reports are checked (edited, unchecked, warnings); counts are named `*_count`
# (learner_count, report_count) and `learners` is the list of learner rows.
COHORT_SCHEMA_VERSION = 2
DEFAULT_AT_RISK_BELOW = 50.0
FUTURE_SLACK = timedelta(days=1)  # clocks and time zones differ; a day later is the future

_NOT_ASSESSED = 5  # level code of a skipped skill in a learner summary
_ABSENT = 255  # the skill is not in the taxonomy this learner's report was made with
_BLANK_SKILL = bytes((_ABSENT, 0))
# Per skill of a learner summary, beside the level code and required level: the self-rating
# (_NOT_ASSESSED when skipped) and what the checks said of it.
_EVIDENCE_CODES = {None: 0, "supported": 1, "contradicted": 2, "unverified": 3}
_EVIDENCE_NAMES = {code: name for name, code in _EVIDENCE_CODES.items()}
_BLANK_CLAIM = bytes((_NOT_ASSESSED, 0))
# A level code as the learner rows show it: the level, or None when skipped.
_LEVEL_OF_CODE = tuple(None if code == _NOT_ASSESSED else code for code in range(256))


# -- the aggregated view (one model; the renderers only format it) ------------------------


class CohortTaxonomy(OutputModel):
    id: str
    title: str
    version: str
    sha256: str
    report_count: int = Field(description="Reports read that were made with this taxonomy.")
    learner_count: int = Field(description="Learners whose latest report was made with it.")


class RoleCount(OutputModel):
    id: str
    name: str
    learner_count: int | None = Field(description="Null when hidden by min_group.")
    secondary: bool = Field(
        default=False,
        description="Hidden by min_group though not small: with the learner count and the "
        "other roles' counts it would give a small count away.",
    )


class SkillStats(OutputModel):
    id: str
    name: str
    category: str
    assessed: int | None = Field(description="Learners who rated the skill.")
    not_assessed: int | None = Field(description="Learners who skipped it.")
    mean: float | None = Field(description="Mean rating of those who rated it, 2 decimals.")
    median: float | None
    levels: dict[str, int | None] = Field(description="Learners at each level 0-4.")
    required: int | None = Field(description="Required level, when every role agrees.")
    required_min: int | None
    required_max: int | None
    required_by: int | None = Field(description="Learners whose role requires the skill.")
    meeting: int | None = Field(description="Of those, how many reach the required level.")
    meeting_pct: float | None = Field(description="meeting / required_by, percent, 1 decimal.")
    learners_with_gap: int | None
    mean_gap: float | None = Field(
        description="Mean over all learners of max(0, required - rating), 2 decimals."
    )
    secondary: list[str] = Field(
        default=[],
        description="Counts hidden by min_group though not small themselves: they would give "
        "a small count away (secondary suppression).",
    )

    def level_counts(self) -> list[int | None]:
        """The learners at each level 0-4, then those who skipped it (LEVEL_PARTS' order)."""
        return [*(self.levels[str(level)] for level in range(5)), self.not_assessed]


class Priority(OutputModel):
    rank: int
    skill: str
    name: str
    mean_gap: float
    learners_with_gap: int | None
    meeting_pct: float | None
    secondary: list[str] = Field(default=[], description="As in the skills.")


class CategoryStats(OutputModel):
    id: str
    name: str
    learner_count: int | None = Field(description="Learners whose role requires the category.")
    mean: float | None = Field(description="Mean category score of those, percent.")


class LearnerGap(OutputModel):
    skill: str
    name: str
    level: int | None = Field(
        description="The level scored (after the knowledge checks, so it may be below the "
        "self-rating); null when the skill was skipped."
    )
    required: int
    gap: int


class LearnerRow(OutputModel):
    id: str | None
    name: str | None
    file: str = Field(description="Where the learner's latest report was read from.")
    role: str
    created_at: str
    readiness: float
    at_risk: bool
    categories: dict[str, float | None] = Field(description="Category scores, percent.")
    checklists: dict[str, dict[str, list[str]]] = Field(
        default={},
        description="Skills answered with a checklist: per skill id, per level, the "
        "statements the learner ticked.",
    )
    skills: dict[str, int | None] = Field(
        default={},
        description="Level scored per skill (after the checks); null when skipped.",
    )


class AtRiskLearner(LearnerRow):
    gaps: list[LearnerGap] = Field(description="Skills below the required level, largest first.")


class DroppedItem(OutputModel):
    id: str
    name: str
    missing_from: list[str] = Field(description="Taxonomies (id version) that lack it.")


class SetAside(OutputModel):
    """A report that was not aggregated as it is, and why."""

    file: str
    learner_id: str | None = Field(description="As the report states it (not checked).")
    learner_name: str | None = Field(description="As the report states it (not checked).")
    reason: str


class CohortWarning(OutputModel):
    """Something about the reports aggregated that a reader should look at."""

    kind: Literal[
        "same-id-different-names",
        "same-id-other-case",
        "created-in-the-future",
        "earlier-report-counts",
        "same-moment",
    ]
    learner_id: str | None
    files: list[str]
    message: str


class Cohort(OutputModel):
    cohort_schema_version: Literal[2] = COHORT_SCHEMA_VERSION
    taxonomies: list[CohortTaxonomy]
    reports_read: int = Field(description="Valid reports read, before keeping the latest.")
    invalid_skipped: int = Field(description="Bad files left out under --skip-invalid.")
    superseded: int = Field(description="Older reports of a learner, set aside for the latest.")
    learner_count: int
    min_group: int
    at_risk_below: float
    roles: list[RoleCount]
    readiness_mean: float | None
    readiness_median: float | None
    categories: list[CategoryStats]
    skills: list[SkillStats]
    priorities: list[Priority] = Field(description="Skills with a cohort gap, largest first.")
    at_risk_count: int | None
    at_risk: list[AtRiskLearner] | None = Field(
        description="Learners below the threshold, lowest first; null when hidden by min_group."
    )
    learners: list[LearnerRow] | None = Field(
        description="Every learner, by name: the learners x categories matrix."
    )
    dropped_skills: list[DroppedItem]
    dropped_categories: list[DroppedItem]
    trust_reports: bool = Field(
        description="True when reports that cannot be checked were used as they state."
    )
    edited_count: int | None = Field(
        description="Reports whose figures differ from what their answers give: left out."
    )
    edited: list[SetAside] | None = Field(
        description="Those reports; null when hidden by min_group."
    )
    unchecked_count: int | None = Field(
        description="Reports that could not be checked (no answers recorded): left out, or "
        "used as they state under trust_reports."
    )
    unchecked: list[SetAside] | None = Field(
        description="Those reports; null when hidden by min_group."
    )
    warnings: list[CohortWarning] | None = Field(
        description="The same learner id under different names, reports made in the future; "
        "null when hidden by min_group."
    )
    assignment: str | None = Field(
        default=None, description="Id of the assignment the reports were checked against."
    )
    roster: RosterCheck | None = Field(
        default=None,
        description="Missing, unknown, late and off-assignment reports (--roster, --assignment).",
    )
    belief: BeliefVsKnowledge | None = Field(
        default=None, description="Self-ratings against what the checks supported."
    )
    items: ItemAnalysis | None = Field(
        default=None,
        description="Item analysis of the knowledge checks; null when none was answered, or "
        "hidden by min_group.",
    )


# -- aggregation -----------------------------------------------------------------------


@dataclass
class _Variant:
    """One taxonomy (id + sha256) seen among the reports."""

    info: CohortTaxonomy
    skill_ids: tuple[str, ...]  # as written in its reports
    category_ids: tuple[str, ...]
    current_skills: frozenset[str]
    categories: frozenset[str]
    skill_slots: tuple[int, ...]  # the cohort-wide index of each of its skills, in order
    category_slots: tuple[int, ...]
    checked: bool  # its names and info come from a checked report (the taxonomy's)
    reports: int = 0

    def label(self) -> str:
        return f"{self.info.id} {self.info.version}"


@dataclass(slots=True)
class _Learner:
    """What stays in memory of one learner: their latest report, compactly."""

    learner_id: str | None
    name: str | None
    file: str
    created_at: str
    moment: datetime
    role: str
    readiness: float
    variant: _Variant
    skills: bytes  # per skill index: level code, required level
    categories: dict[int, float | None]
    # Checklist ticks (skill id -> level -> statements), only for skills answered so.
    checklists: dict[str, dict[str, list[str]]]
    claims: bytes = b""  # per skill index: rating code, evidence code
    checks: tuple[tuple[str, int], ...] = ()  # (check id, chosen choice) from its answers
    assignment_id: str | None = None

    def claims_on(self, index: int) -> bool:
        """Whether this learner made a claim on skill ``index``, as belief counts claims: a
        rating of 1 or more, on a skill their report has."""
        at = 2 * index
        return (
            at < min(len(self.claims), len(self.skills))
            and self.claims[at] not in (_NOT_ASSESSED, 0)
            and self.skills[at] != _ABSENT
        )


def median_of_counts(counts: Sequence[int]) -> Fraction | None:
    """Median of a distribution given as counts per value 0, 1, 2...; None when empty."""
    total = sum(counts)
    if total == 0:
        return None

    def value_at(rank: int) -> int:  # 0-based rank in sorted order
        seen = 0
        for value, count in enumerate(counts):
            seen += count
            if rank < seen:
                return value
        raise AssertionError("rank beyond the counts")  # pragma: no cover

    if total % 2:
        return Fraction(value_at(total // 2))
    return Fraction(value_at(total // 2 - 1) + value_at(total // 2), 2)


def _exact(value: float) -> Fraction:
    """A published figure as the decimal it is written as (33.3 is 333/10 exactly)."""
    return Fraction(str(value))


def _exact_sum(counts: Counter[float]) -> Fraction:
    """The exact sum of values given as counts of each (a class has few distinct ones)."""
    return sum((_exact(value) * count for value, count in counts.items()), Fraction(0))


def _median_of_sorted(values: list[float]) -> Fraction | None:
    """The exact median of sorted floats. Floats and the decimals they are written as sort
    alike (a float's repr is the shortest decimal that reads back as it), so sorting the
    floats is sorting the decimals."""
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return _exact(values[middle])
    return (_exact(values[middle - 1]) + _exact(values[middle])) / 2


class CohortAggregator:
    """Adds reports one at a time and keeps only the latest summary per learner."""

    def __init__(
        self,
        *,
        allow_mixed: bool = False,
        current_id: Callable[[str], str] | None = None,
        now: datetime | None = None,
        trust_reports: bool = False,
    ) -> None:
        self.allow_mixed = allow_mixed
        self.trust_reports = trust_reports
        self._current_id = current_id or (lambda skill_id: skill_id)
        # Keyed by taxonomy id, sha256 and the skills and categories the reports list, so
        # that no report decides how another is read: a report whose layout differs from
        # the others of its sha256 makes a group of its own (mixing_problems lists them).
        self._variants: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], _Variant] = {}
        self._skill_index: dict[str, int] = {}
        self._skill_meta: list[tuple[str, str, str]] = []  # id, name, category id
        self._category_index: dict[str, int] = {}
        self._category_names: list[tuple[str, str]] = []
        # Names from a checked report (the taxonomy's) replace names an unchecked one gave.
        self._skill_named_by_taxonomy: list[bool] = []
        self._category_named_by_taxonomy: list[bool] = []
        self._role_names: dict[str, tuple[str, bool]] = {}
        self._learners: dict[str, _Learner] = {}
        # Per learner (_learner_key): {comparable name: (name as written, first file)}, and
        # {spelling of the id: first file}, for the warnings.
        self._names_by_id: dict[str, dict[str, tuple[str, str]]] = {}
        self._spellings_by_id: dict[str, dict[str, str]] = {}
        self._future: list[CohortWarning] = []
        self._future_after = (now if now is not None else clock_now()) + FUTURE_SLACK
        self.edited: list[SetAside] = []
        self.unchecked: list[SetAside] = []
        # Per learner key: the newest report left out (moment, file, why), to say so when an
        # earlier report of theirs counts instead.
        self._left_out_latest: dict[str, tuple[datetime, str, str]] = {}
        # Reports of one learner made at the same moment: (id, file set aside, file kept, when).
        self._ties: list[tuple[str, str, str, str]] = []
        # Latest report per learner made with a taxonomy other than the assignment's.
        self.off_taxonomy: dict[str, Submission] = {}
        self.reports_read = 0
        self.invalid_skipped = 0
        self.superseded = 0

    # -- adding ---------------------------------------------------------------------
    def _variant_for(self, figures: ReportFigures, checked: bool) -> _Variant:
        skill_ids = figures.skill_ids
        category_ids = figures.category_ids
        key = (figures.taxonomy.id, figures.taxonomy.sha256, skill_ids, category_ids)
        variant = self._variants.get(key)
        if variant is None:
            current = [self._current_id(s) for s in skill_ids]
            variant = _Variant(
                info=CohortTaxonomy(
                    **figures.taxonomy.model_dump(), report_count=0, learner_count=0
                ),
                skill_ids=skill_ids,
                category_ids=category_ids,
                current_skills=frozenset(current),
                categories=frozenset(category_ids),
                skill_slots=tuple(
                    self._skill_index_of(sid, name, category, checked)
                    for sid, name, category in zip(
                        current, figures.skill_names, figures.skill_categories, strict=True
                    )
                ),
                category_slots=tuple(
                    self._category_index_of(cid, name, checked)
                    for cid, name in zip(category_ids, figures.category_names, strict=True)
                ),
                checked=checked,
            )
            self._variants[key] = variant
        elif checked and not variant.checked:
            # The first checked report of a layout names its skills, whoever came first.
            for index, name, category in zip(
                variant.skill_slots, figures.skill_names, figures.skill_categories, strict=True
            ):
                self._name_skill(index, name, category, checked)
            for index, name in zip(variant.category_slots, figures.category_names, strict=True):
                self._name_category(index, name, checked)
            variant.info = variant.info.model_copy(update=figures.taxonomy.model_dump())
            variant.checked = True
        return variant

    def set_aside(self, report: Report, label: str, reason: str, *, edited: bool) -> None:
        """Record a report left out as edited, or one that could not be checked."""
        learner = report.learner
        entry = SetAside(
            file=label,
            learner_id=learner.id if learner else None,
            learner_name=learner.name if learner else None,
            reason=reason,
        )
        (self.edited if edited else self.unchecked).append(entry)
        if learner is not None and learner.id:
            try:
                moment = moment_of(report.created_at)
            except ValueError:  # pragma: no cover - a report's created_at is checked on reading
                return
            key = _learner_key(learner.id, label)
            latest = self._left_out_latest.get(key)
            if latest is None or moment > latest[0]:
                what = "was edited by hand" if edited else "could not be checked"
                self._left_out_latest[key] = (moment, label, what)

    def add(self, report: Report, label: str, *, checked: bool = True) -> None:
        """Count one valid report (the latest per learner id wins; no id: one per file).

        ``checked``: the report was re-derived from its answers and its taxonomy (False for a
        report used as it states under --trust-reports).
        """
        self.add_figures(figures_of(report), label, checked=checked)

    def add_figures(self, report: ReportFigures, label: str, *, checked: bool = True) -> None:
        """add, for the figures of a report (cohort_scoring reads them without building
        the report)."""
        variant = self._variant_for(report, checked)
        variant.reports += 1
        self.reports_read += 1

        learner_id = report.learner_id
        name = report.learner_name
        key = _learner_key(learner_id, label)
        moment = moment_of(report.created_at)
        if learner_id:
            self._spellings_by_id.setdefault(key, {}).setdefault(learner_id, label)
        if learner_id and name:
            names = self._names_by_id.setdefault(key, {})
            names.setdefault(_comparable(name), (name, label))
        if moment > self._future_after:
            self._future.append(
                CohortWarning(
                    kind="created-in-the-future",
                    learner_id=learner_id,
                    files=[label],
                    # No clock time in it: the same reports give the same output, now and
                    # in a minute.
                    message=f"{label}: `created_at` {report.created_at} is more than a day "
                    "after this run, so it outranks every other report of "
                    f"{f'learner `{learner_id}`' if learner_id else 'its learner'}: check who "
                    "made it",
                )
            )
        previous = self._learners.get(key)
        if previous is not None:
            self.superseded += 1
            if moment < previous.moment:
                return  # an older report of someone we have a newer one for
            same_name = _comparable(previous.name or "") == _comparable(name or "")
            if moment == previous.moment and learner_id and same_name:
                # Same time: the later input wins, so re-running over a folder is
                # deterministic; but which is "latest" is then the file name's doing. (Under
                # different names, the warning about them names both files already.)
                self._ties.append((learner_id, previous.file, label, report.created_at))

        codes = bytearray(_BLANK_SKILL * len(self._skill_meta))
        claims = bytearray(_BLANK_CLAIM * len(self._skill_meta))
        for index, rating, level, required, evidence in zip(
            variant.skill_slots,
            report.ratings,
            report.levels,
            report.required,
            report.evidence,
            strict=True,
        ):
            codes[2 * index] = _NOT_ASSESSED if rating is None else level
            codes[2 * index + 1] = required
            claims[2 * index] = _NOT_ASSESSED if rating is None else rating
            claims[2 * index + 1] = _EVIDENCE_CODES[evidence]
        scores = dict(zip(variant.category_slots, report.category_scores, strict=True))
        known = self._role_names.get(report.role_id)
        if known is None or (checked and not known[1]):
            self._role_names[report.role_id] = (report.role_name, checked)
        self._learners[key] = _Learner(
            learner_id=learner_id,
            name=name,
            file=label,
            created_at=report.created_at,
            moment=moment,
            role=report.role_id,
            readiness=report.readiness,
            variant=variant,
            skills=bytes(codes),
            categories=scores,
            checklists={
                self._current_id(skill): {
                    str(level): list(statements) for level, statements in levels
                }
                for skill, levels in report.checklists
            },
            claims=bytes(claims),
            checks=report.checks,
            assignment_id=report.assignment_id,
        )

    def warnings(self) -> list[CohortWarning]:
        """The same learner id spelt in other cases or under different names (in different
        files), a learner whose latest report was left out while an earlier one counts, two
        reports of a learner made at the same moment, and reports made in the future."""
        found = []
        for spellings in self._spellings_by_id.values():
            if len(spellings) < 2:
                continue
            shown = ", ".join(f"`{spelling}` ({file})" for spelling, file in spellings.items())
            found.append(
                CohortWarning(
                    kind="same-id-other-case",
                    learner_id=next(iter(spellings)),
                    files=list(spellings.values()),
                    message=f"learner ids {shown} differ only in case, so they are one learner "
                    "(as on a roster) and the latest report counts: check who made each one",
                )
            )
        for key, names in self._names_by_id.items():
            if len(names) < 2:
                continue
            learner_id = next(iter(self._spellings_by_id[key]))
            shown = ", ".join(f"{name!r} ({file})" for name, file in names.values())
            found.append(
                CohortWarning(
                    kind="same-id-different-names",
                    learner_id=learner_id,
                    files=[file for _, file in names.values()],
                    message=f"learner id `{learner_id}` comes with different names: {shown}; "
                    "the latest report counts: check who made each one",
                )
            )
        for key, (moment, file, why) in self._left_out_latest.items():
            counted = self._learners.get(key)
            # Only a report made after the one that counts (not at the same moment); under
            # --trust-reports one that could not be checked counts all the same.
            if counted is None or moment <= counted.moment or counted.file == file:
                continue
            learner_id = counted.learner_id
            found.append(
                CohortWarning(
                    kind="earlier-report-counts",
                    learner_id=learner_id,
                    files=[file, counted.file],
                    message=f"{file}: the latest report of learner `{learner_id}` {why}, so an "
                    f"earlier one counts ({counted.file}): ask them to run `mlcareer assess` "
                    "again",
                )
            )
        for learner_id, older, kept, when in self._ties:
            found.append(
                CohortWarning(
                    kind="same-moment",
                    learner_id=learner_id,
                    files=[older, kept],
                    message=f"{older} and {kept}: two reports of learner `{learner_id}` made at "
                    f"the same moment ({when}), so the one read last counts ({kept}): check "
                    "which one the learner meant",
                )
            )
        return found + self._future

    def _skill_index_of(self, skill_id: str, name: str, category: str, checked: bool) -> int:
        index = self._skill_index.get(skill_id)
        if index is None:
            index = self._skill_index[skill_id] = len(self._skill_meta)
            self._skill_meta.append((skill_id, name, category))
            self._skill_named_by_taxonomy.append(checked)
        else:
            self._name_skill(index, name, category, checked)
        return index

    def _name_skill(self, index: int, name: str, category: str, checked: bool) -> None:
        if checked and not self._skill_named_by_taxonomy[index]:
            self._skill_meta[index] = (self._skill_meta[index][0], name, category)
            self._skill_named_by_taxonomy[index] = True

    def _category_index_of(self, category_id: str, name: str, checked: bool) -> int:
        index = self._category_index.get(category_id)
        if index is None:
            index = self._category_index[category_id] = len(self._category_names)
            self._category_names.append((category_id, name))
            self._category_named_by_taxonomy.append(checked)
        else:
            self._name_category(index, name, checked)
        return index

    def _name_category(self, index: int, name: str, checked: bool) -> None:
        if checked and not self._category_named_by_taxonomy[index]:
            self._category_names[index] = (self._category_names[index][0], name)
            self._category_named_by_taxonomy[index] = True

    # -- the result -----------------------------------------------------------------
    def _in_use(self) -> dict[int, list[_Learner]]:
        """The learners grouped by the taxonomy of their latest report.

        Only these taxonomies count: a learner who re-assessed with an updated taxonomy
        leaves their old report, and its taxonomy, behind."""
        in_use: dict[int, list[_Learner]] = {}
        for learner in self._learners.values():
            in_use.setdefault(id(learner.variant), []).append(learner)
        return in_use

    def mixing_problems(self) -> list[Problem]:
        """Why the reports cannot be compared (empty when they can, or allow_mixed)."""
        in_use = self._in_use()
        if len(in_use) < 2 or self.allow_mixed:
            return []
        groups = sorted(in_use.values(), key=lambda group: -len(group))
        problems = [
            Problem(
                f"the learners' latest reports come from {len(groups)} different taxonomies, so "
                "their figures do not compare: aggregate each group separately, assess again with "
                "one taxonomy, or pass --allow-mixed to compare by skill id"
            )
        ]
        shas = [group[0].variant.info.sha256 for group in groups]
        for group in groups:
            info = group[0].variant.info
            files = ", ".join(learner.file for learner in group[:3])
            more = f" and {len(group) - 3} more" if len(group) > 3 else ""
            layout = (
                " (other skills or categories than other reports of this sha256: edited?)"
                if shas.count(info.sha256) > 1
                else ""
            )
            problems.append(
                Problem(
                    f"  taxonomy `{info.id}` version {info.version} (sha256 {info.sha256[:12]})"
                    f"{layout}: {plural(len(group), 'learner')}: {files}{more}"
                )
            )
        return problems

    def set_aside_off_taxonomy(self, report: Report, label: str) -> None:
        """Keep a report of another taxonomy than the assignment's out of the figures, to be
        listed by the roster check (the learner's latest such report)."""
        self.reports_read += 1
        learner_id = report.learner.id if report.learner else None
        key = _learner_key(learner_id, label)
        previous = self.off_taxonomy.get(key)
        if previous is None or moment_of(previous.created_at) <= moment_of(report.created_at):
            self.off_taxonomy[key] = _submission(report, label)

    def result(
        self,
        *,
        at_risk_below: float = DEFAULT_AT_RISK_BELOW,
        min_group: int = 1,
        roster: Roster | None = None,
        assignment: Assignment | None = None,
        item_keys: Callable[[str], Sequence[ItemKey]] | None = None,
        min_answers: int = DEFAULT_MIN_ANSWERS,
    ) -> Cohort:
        """The cohort's figures. Raises MlcareerError when there is nothing to aggregate or
        the reports mix taxonomies without ``allow_mixed``.

        ``item_keys`` gives the knowledge checks of a taxonomy by its sha256 (for the item
        analysis; none without it); ``roster`` and ``assignment`` add the roster check."""
        if not self._learners and self.off_taxonomy and assignment is not None:
            raise MlcareerError(
                f"no report was made with the taxonomy of assignment `{assignment.id}` "
                f"(`{assignment.taxonomy.id}` version {assignment.taxonomy.version}, sha256 "
                f"{assignment.taxonomy.sha256[:12]}): {len(self.off_taxonomy)} used another; "
                "check that the reports are for this assignment"
            )
        if not self._learners and (self.edited or self.unchecked):
            raise MlcareerError(
                f"no report left to aggregate: {len(self.edited)} edited by hand and "
                f"{len(self.unchecked)} that cannot be checked were left out (see the warnings)"
            )
        if not self._learners:
            raise MlcareerError(
                "no report to aggregate: give the students' JSON reports "
                "(`mlcareer assess --format json`), or folders holding them"
            )
        if min_group < 1:
            raise MlcareerError(f"--min-group must be 1 or more, not {min_group}")
        mixed = self.mixing_problems()
        if mixed:
            raise MlcareerError(mixed)
        learners = list(self._learners.values())
        in_use = self._in_use()
        variants = [group[0].variant for group in in_use.values()]
        kept_skills, dropped_skills = _shared_by_all(
            [(sid, name) for sid, name, _ in self._skill_meta],
            [(v.label(), v.current_skills) for v in variants],
        )
        kept_categories, dropped_categories = _shared_by_all(
            self._category_names, [(v.label(), v.categories) for v in variants]
        )

        n = len(learners)
        small = _Suppressor(min_group)

        per_skill, claims, contradicted = self._tallies(learners)
        skills = [
            self._skill_stats(index, per_skill.get(index, {}), n, small) for index in kept_skills
        ]
        order = {s.id: i for i, s in enumerate(skills)}
        ranked = sorted(
            (s for s in skills if s.mean_gap),
            key=lambda s: (-(s.mean_gap or 0), -(s.learners_with_gap or 0), order[s.id]),
        )
        priorities = [
            Priority(
                rank=rank,
                skill=s.id,
                name=s.name,
                mean_gap=s.mean_gap or 0.0,
                learners_with_gap=s.learners_with_gap,
                meeting_pct=s.meeting_pct,
                secondary=[f for f in s.secondary if f == "learners_with_gap"],
            )
            for rank, s in enumerate(ranked, start=1)
        ]

        categories = []
        for index in kept_categories:
            cid, name = self._category_names[index]
            scores = Counter(learner.categories.get(index) for learner in learners)
            scores.pop(None, None)
            count = scores.total()
            mean = _exact_sum(scores) / count if count else None
            categories.append(
                CategoryStats(
                    id=cid,
                    name=name,
                    learner_count=small.count(count),
                    mean=small.over(count, mean, 1),
                )
            )

        readiness = sorted(learner.readiness for learner in learners)
        below = [learner for learner in learners if learner.readiness < at_risk_below]
        rows: list[LearnerRow] | None = None
        at_risk: list[AtRiskLearner] | None = None
        if small.show_rows:
            in_order = roster_sort_key(roster)
            kept_ids = [self._skill_meta[index][0] for index in kept_skills]
            # Rows of values made here, of the models' types: built without validating them
            # again, which cost more than the rest of the result for a large class.
            rows = sorted(
                (
                    LearnerRow.model_construct(
                        **self._row(learner, kept_categories, at_risk_below),
                        skills=self._levels(learner, kept_skills, kept_ids),
                    )
                    for learner in learners
                ),
                key=lambda r: in_order(r.id, r.name, r.file),
            )
            gaps_made: dict[tuple[int, int, int], LearnerGap] = {}
            at_risk = sorted(
                (
                    AtRiskLearner.model_construct(
                        **self._row(learner, kept_categories, at_risk_below),
                        gaps=self._gaps(learner, kept_skills, gaps_made),
                    )
                    for learner in below
                ),
                key=lambda r: (r.readiness, (r.name or r.id or r.file).casefold()),
            )
        role_counts: dict[str, int] = {}
        for learner in learners:
            role_counts[learner.role] = role_counts.get(learner.role, 0) + 1

        return Cohort(
            taxonomies=[
                v.info.model_copy(
                    update={
                        "report_count": v.reports,
                        "learner_count": len(in_use.get(id(v), [])),
                    }
                )
                for v in self._variants.values()
            ],
            reports_read=self.reports_read,
            invalid_skipped=self.invalid_skipped,
            superseded=self.superseded,
            learner_count=n,
            min_group=min_group,
            at_risk_below=at_risk_below,
            roles=_role_counts(role_counts, self._role_names, small),
            readiness_mean=small.over(n, _exact_sum(Counter(readiness)) / n, 1),
            readiness_median=small.over(n, _median_of_sorted(readiness), 1),
            categories=categories,
            skills=skills,
            priorities=priorities if n >= min_group else [],
            at_risk_count=small.count_of_two(len(below), n - len(below))
            if n >= min_group
            else None,
            at_risk=at_risk,
            learners=rows,
            dropped_skills=dropped_skills,
            dropped_categories=dropped_categories,
            trust_reports=self.trust_reports,
            # The lists name learners and files: hidden with the other per-learner rows.
            edited_count=small.count(len(self.edited)),
            edited=list(self.edited) if small.show_rows else None,
            unchecked_count=small.count(len(self.unchecked)),
            unchecked=list(self.unchecked) if small.show_rows else None,
            warnings=self.warnings() if small.show_rows else None,
            assignment=assignment.id if assignment else None,
            roster=check_submissions(
                [_summary_submission(learner) for learner in learners]
                + list(self.off_taxonomy.values()),
                roster,
                assignment,
                [
                    SubmissionIssue(
                        id=entry.learner_id,
                        name=entry.learner_name,
                        file=entry.file,
                        detail=f"{kind}: {entry.reason}",
                    )
                    for kind, entries in (
                        ("edited by hand", self.edited),
                        ("cannot be checked", self.unchecked),
                    )
                    for entry in entries
                ],
            )
            if small.show_rows
            else None,
            belief=self._belief(
                learners, claims, contradicted, kept_skills, kept_categories, small
            ),
            items=self._items(learners, in_use, item_keys, min_answers)
            if small.show_rows
            else None,
        )

    def _levels(
        self, learner: _Learner, kept_skills: list[int], kept_ids: list[str]
    ) -> dict[str, int | None]:
        codes = learner.skills
        if len(codes) == 2 * len(kept_skills) and len(kept_skills) == len(self._skill_meta):
            levels = codes[0::2]  # every skill is kept: the codes in order
        else:
            levels = bytes(codes[2 * index] for index in kept_skills)
        return dict(zip(kept_ids, map(_LEVEL_OF_CODE.__getitem__, levels), strict=True))

    def _tallies(
        self, learners: list[_Learner]
    ) -> tuple[
        dict[int, dict[tuple[int, int], int]],
        dict[int, dict[tuple[int, int, int], int]],
        dict[int, set[str]],
    ]:
        """One pass over the learners' summaries: per skill index, how many learners have
        each (level code, required level), and each claim (rating code, level code, evidence
        code); and the learners whose claim on it the checks contradicted.

        Learners are many and skills few: each summary is counted whole by Counter, in C,
        and the figures are then worked out per distinct value."""
        seen: Counter[tuple[int, int, int, int, int]] = Counter()
        contradicted: dict[int, set[str]] = {}
        positions = range(len(self._skill_meta))
        contradicted_code = _EVIDENCE_CODES["contradicted"]
        for learner in learners:
            codes, claims = learner.skills, learner.claims
            if len(claims) < len(codes):
                claims += _BLANK_CLAIM * ((len(codes) - len(claims)) // 2)
            evidence = claims[1::2]
            # A summary made before later taxonomies added skills is shorter: it has none of
            # them (strict=False stops at its end).
            seen.update(
                zip(positions, codes[0::2], codes[1::2], claims[0::2], evidence, strict=False)
            )
            if contradicted_code in evidence:
                label = learner.name or learner.learner_id or learner.file
                if learner.name and learner.learner_id:
                    label = f"{learner.name} ({learner.learner_id})"
                for index, code in enumerate(evidence):
                    # As _belief counts claims: a rating of 1 or more, on a skill it has.
                    if (
                        code == contradicted_code
                        and claims[2 * index] not in (_NOT_ASSESSED, 0)
                        and codes[2 * index] != _ABSENT
                    ):
                        contradicted.setdefault(index, set()).add(label)
        per_skill: dict[int, dict[tuple[int, int], int]] = {}
        claims_of: dict[int, dict[tuple[int, int, int], int]] = {}
        for (index, code, required, rating, evidence_code), count in seen.items():
            pairs = per_skill.setdefault(index, {})
            pairs[code, required] = pairs.get((code, required), 0) + count
            claim = (rating, code, evidence_code)
            mine = claims_of.setdefault(index, {})
            mine[claim] = mine.get(claim, 0) + count
        return per_skill, claims_of, contradicted

    def _belief(
        self,
        learners: list[_Learner],
        claims: dict[int, dict[tuple[int, int, int], int]],
        contradicted: dict[int, set[str]],
        kept_skills: list[int],
        kept_categories: list[int],
        small: _Suppressor,
    ) -> BeliefVsKnowledge | None:
        if not any(learner.claims for learner in learners):
            return None
        counts: dict[str, dict[tuple[int, int, str | None], int]] = {}
        who: dict[str, set[str]] = {}
        for index in kept_skills:
            sid = self._skill_meta[index][0]
            mine: dict[tuple[int, int, str | None], int] = {}
            for (rating, level, evidence), count in claims.get(index, {}).items():
                # A skipped or 0 rating is no claim; a skill the report lacks is none either.
                if rating == _NOT_ASSESSED or rating == 0 or level == _ABSENT:
                    continue
                mine[rating, level, _EVIDENCE_NAMES[evidence]] = count
            counts[sid] = mine
            if index in contradicted:
                who[sid] = contradicted[index]
        claimants = None
        if small.k > 1:  # a category's figures over fewer than K learners are hidden
            slots: dict[str, list[int]] = {}
            for index in kept_skills:
                slots.setdefault(self._skill_meta[index][2], []).append(index)
            claimants = {
                cid: sum(1 for learner in learners if any(map(learner.claims_on, indexes)))
                for cid, indexes in slots.items()
            }
        return belief_of_counts(
            [self._skill_meta[i] for i in kept_skills],
            [self._category_names[i] for i in kept_categories],
            counts,
            who,
            small,
            claimants,
        )

    def _items(
        self,
        learners: list[_Learner],
        in_use: dict[int, list[_Learner]],
        item_keys: Callable[[str], Sequence[ItemKey]] | None,
        min_answers: int,
    ) -> ItemAnalysis | None:
        """Item analysis over the checks of the taxonomies in use (the first one's key wins
        for a check id two taxonomies share)."""
        if item_keys is None or not any(learner.checks for learner in learners):
            return None
        keys: dict[str, ItemKey] = {}
        for group in in_use.values():
            for key in item_keys(group[0].variant.info.sha256):
                keys.setdefault(key.id, key)
        if not keys:
            return None
        answers = (
            LearnerAnswers(learner.learner_id or learner.file, dict(learner.checks))
            for learner in learners
            if learner.checks
        )
        return analyse_items(list(keys.values()), answers, min_answers=min_answers)

    def _skill_stats(
        self, index: int, pairs: dict[tuple[int, int], int], n: int, small: _Suppressor
    ) -> SkillStats:
        """A skill's figures from how many of the ``n`` learners have each (level code,
        required level) on it (_tallies)."""
        sid, name, category = self._skill_meta[index]
        counts = [0, 0, 0, 0, 0]
        not_assessed = required_by = meeting = with_gap = gap_total = 0
        required_levels: set[int] = set()
        for (code, required), learners in pairs.items():
            level = 0
            if code == _NOT_ASSESSED:
                not_assessed += learners
            else:
                counts[code] += learners
                level = code
            if required:
                required_by += learners
                required_levels.add(required)
                gap = max(0, required - level)
                gap_total += gap * learners
                if gap:
                    with_gap += learners
                else:
                    meeting += learners
        assessed = sum(counts)
        mean = (
            Fraction(sum(level * c for level, c in enumerate(counts)), assessed)
            if assessed
            else None
        )
        # The levels and the skipped add up to the learners: one of them hidden as small
        # would be the learner count less the others.
        shown_levels, guarded = small.parts([*counts, not_assessed])
        secondary = [
            name
            for name, value, other in (
                ("assessed", assessed, not_assessed),
                ("required_by", required_by, n - required_by),
                ("meeting", meeting, with_gap),
                ("learners_with_gap", with_gap, meeting),
            )
            if small.secondary(value, other)
        ] + [LEVEL_PARTS[i] for i in guarded]
        return SkillStats(
            id=sid,
            name=name,
            category=category,
            assessed=small.count_of_two(assessed, not_assessed),
            not_assessed=shown_levels[5],
            mean=small.over(assessed, mean, 2),
            median=small.over(assessed, median_of_counts(counts), 2),
            levels={str(level): shown_levels[level] for level in range(5)},
            required=min(required_levels) if len(required_levels) == 1 else None,
            required_min=min(required_levels, default=None),
            required_max=max(required_levels, default=None),
            required_by=small.count_of_two(required_by, n - required_by),
            meeting=small.count_of_two(meeting, with_gap),
            meeting_pct=small.share(meeting, required_by),
            learners_with_gap=small.count_of_two(with_gap, meeting),
            mean_gap=small.over(n, Fraction(gap_total, n), 2),
            secondary=secondary,
        )

    def _row(self, learner: _Learner, kept_categories: list[int], at_risk_below: float) -> dict:
        return {
            "id": learner.learner_id,
            "name": learner.name,
            "file": learner.file,
            "role": learner.role,
            "created_at": learner.created_at,
            "readiness": learner.readiness,
            "at_risk": learner.readiness < at_risk_below,
            "categories": {
                self._category_names[i][0]: learner.categories.get(i) for i in kept_categories
            },
            "checklists": learner.checklists,
        }

    def _gaps(
        self,
        learner: _Learner,
        kept_skills: list[int],
        made: dict[tuple[int, int, int], LearnerGap],
    ) -> list[LearnerGap]:
        """The learner's skills below the required level, largest gap first.

        A gap is one of a few hundred (skill, level, required level) and the models are
        frozen, so learners share them: ``made`` keeps each one made. (A class of thousands
        at risk would otherwise build tens of thousands of equal models.)"""
        gaps = []
        codes = learner.skills
        for index in kept_skills:
            code, required = codes[2 * index], codes[2 * index + 1]
            level = None if code == _NOT_ASSESSED else code
            if required > (level or 0):
                key = (index, code, required)
                gap = made.get(key)
                if gap is None:
                    sid, name, _ = self._skill_meta[index]
                    gap = made[key] = LearnerGap.model_construct(
                        skill=sid,
                        name=name,
                        level=level,
                        required=required,
                        gap=required - (level or 0),
                    )
                gaps.append(gap)
        gaps.sort(key=lambda g: -g.gap)  # stable: taxonomy order among equal gaps
        return gaps


def _submission(report: Report, label: str) -> Submission:
    return Submission(
        learner_id=report.learner.id if report.learner else None,
        name=report.learner.name if report.learner else None,
        file=label,
        created_at=report.created_at,
        role=report.role.id,
        taxonomy_id=report.taxonomy.id,
        taxonomy_sha256=report.taxonomy.sha256,
        assignment_id=report.assignment.id if report.assignment else None,
    )


def _summary_submission(learner: _Learner) -> Submission:
    return Submission(
        learner_id=learner.learner_id,
        name=learner.name,
        file=learner.file,
        created_at=learner.created_at,
        role=learner.role,
        taxonomy_id=learner.variant.info.id,
        taxonomy_sha256=learner.variant.info.sha256,
        assignment_id=learner.assignment_id,
    )


def _comparable(name: str) -> str:
    """A name as compared for the different-names warning: case, accents' encoding and
    spacing aside ("Ada  Lovelace" and "ada lovelace" are one name)."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _shared_by_all(
    items: list[tuple[str, str]], variants: list[tuple[str, frozenset[str]]]
) -> tuple[list[int], list[DroppedItem]]:
    """The indexes of the items (id, name) every taxonomy in use has, and the items that
    only some have, each with the taxonomies that lack it. Items that no taxonomy in use
    has (seen only in superseded reports) are neither."""
    kept: list[int] = []
    dropped: list[DroppedItem] = []
    for index, (item_id, name) in enumerate(items):
        missing = [label for label, ids in variants if item_id not in ids]
        if not missing:
            kept.append(index)
        elif len(missing) < len(variants):
            dropped.append(DroppedItem(id=item_id, name=name, missing_from=missing))
    return kept, dropped


def _learner_key(learner_id: str | None, file: str) -> str:
    """Whose report this is: the learner id as a roster matches it (roster.match_key: case
    does not tell students apart), or the file for a report without one."""
    return f"id:{match_key(learner_id)}" if learner_id else f"file:{file}"


# SkillStats.secondary names for the parts of a skill's learners: levels 0-4, then skipped
# (SkillStats.level_counts gives them in this order).
LEVEL_PARTS = (*(f"levels.{level}" for level in range(5)), "not_assessed")


def _role_counts(
    role_counts: dict[str, int], role_names: dict[str, tuple[str, bool]], small: _Suppressor
) -> list[RoleCount]:
    """Learners per role, most first, hidden as --min-group asks (the roles add up to the
    learner count, which is published)."""
    ordered = sorted(role_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown, guarded = small.parts([count for _, count in ordered])
    return [
        RoleCount(
            id=rid,
            name=role_names[rid][0],
            learner_count=shown[i],
            secondary=i in guarded,
        )
        for i, (rid, _) in enumerate(ordered)
    ]


class _Suppressor:
    """Applies --min-group K: hides counts of 1 to K-1 learners, and means, medians and
    shares taken over fewer than K learners or that would give a hidden count away.

    It guards against a reader spotting an individual in a small cell, not against one
    who solves equations over several published figures (no secondary suppression).
    """

    def __init__(self, min_group: int) -> None:
        self.k = min_group
        self.show_rows = min_group <= 1

    def small(self, count: int) -> bool:
        return 0 < count < self.k

    def count(self, value: int) -> int | None:
        return None if self.small(value) else value

    def too_few(self, group: int) -> bool:
        """Whether figures over ``group`` learners are hidden."""
        return group < self.k

    def count_of_two(self, value: int, other: int) -> int | None:
        """A count whose complement in a known total is ``other``: hidden with it."""
        return None if self.small(value) or self.small(other) else value

    def parts(self, values: list[int]) -> tuple[list[int | None], list[int]]:
        """Counts that add up to a published total (learners per role, per level of a
        skill), and which of them are hidden though not small (secondary suppression, as
        count_of_two does for two).

        Over fewer than K learners every one is hidden alike: a `<K` among zeros would say
        where the learners are. Otherwise each small count is hidden, and while the total
        less the shown counts would still pin the hidden ones down (one alone; or all 1, or
        all K-1; or beside hidden counts that can only be K each), the smallest shown count
        above zero is hidden too. With K = 2 a hidden count is 1 whatever else is hidden,
        so no other is."""
        total = sum(values)
        if 0 < total < self.k:
            return [None] * len(values), list(range(len(values)))
        shown: list[int | None] = [self.count(value) for value in values]
        smalls = [value for value in values if self.small(value)]
        others = sorted(
            (i for i, value in enumerate(values) if value and not self.small(value)),
            key=lambda i: (values[i], i),
        )
        guarded: list[int] = []
        while (
            smalls and others and self.k > 2 and self._pinned(smalls, [values[i] for i in guarded])
        ):
            guard = others.pop(0)
            shown[guard] = None
            guarded.append(guard)
        return shown, sorted(guarded)

    def _pinned(self, small: list[int], guarded: list[int]) -> bool:
        """Whether hidden counts whose sum a reader knows are pinned down: ``small`` ones
        (each 1 to K-1) and ``guarded`` ones (each K or more)."""
        count, known = len(small), sum(small) + sum(guarded)
        # What the small ones may add up to: from all 1 to all K-1, leaving each guarded
        # one K or more.
        low, high = count, min(count * (self.k - 1), known - len(guarded) * self.k)
        if guarded:
            return low == high
        return count == 1 or known in (low, count * (self.k - 1))

    def secondary(self, value: int, other: int) -> bool:
        """Whether count_of_two hides ``value`` only to protect ``other`` (secondary
        suppression): the view must not show it as a small count."""
        return not self.small(value) and self.small(other)

    def over(self, group: int, value: Fraction | None, places: int) -> float | None:
        if value is None or group < self.k:
            return None
        return half_up(value, places)

    def share(self, part: int, group: int, places: int = 1) -> float | None:
        """100 x part / group, unless it would reveal a small ``part`` or remainder."""
        if group == 0 or group < self.k or self.small(part) or self.small(group - part):
            return None
        return half_up(Fraction(100 * part, group), places)


# -- the whole run ---------------------------------------------------------------------


DEFAULT_FIX_COMMAND = "mlcareer cohort --taxonomy COURSE.yaml PATH..."


def build_cohort(
    sources: Iterable[ReportSource],
    *,
    taxonomies: TaxonomyShelf | Iterable[Taxonomy] = (),
    trust_reports: bool = False,
    allow_mixed: bool = False,
    skip_invalid: bool = False,
    at_risk_below: float = DEFAULT_AT_RISK_BELOW,
    min_group: int = 1,
    current_id: Callable[[str], str] | None = None,
    on_invalid: Callable[[Problem], None] | None = None,
    on_progress: Callable[[ReportSource], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    now: datetime | None = None,
    fix_command: str = DEFAULT_FIX_COMMAND,
    roster: Roster | None = None,
    assignment: Assignment | None = None,
    min_answers: int = DEFAULT_MIN_ANSWERS,
    workers: int | None = None,
) -> Cohort:
    """Read every source once, check it against its taxonomy, and aggregate.

    Each report's answers are scored again against ``taxonomies`` (matched by sha256; see
    cohort_evidence.py): a report whose figures differ is left out as edited, one without
    answers is left out as unchecked (or used as it states, with ``trust_reports``), each
    with a line to ``on_warning``. A report of a taxonomy not given is refused, naming
    ``fix_command`` (used as it states with ``trust_reports``).

    A bad file is passed to ``on_invalid`` and left out under ``skip_invalid``; otherwise
    every bad file is collected and they are raised together at the end, so one run lists
    them all. A path that names nothing (a missing file, an empty folder, a glob matching
    nothing) is always an error, --skip-invalid or not.

    With ``assignment``, reports of another taxonomy than its own are left out of the
    figures and listed in the roster check; with ``roster`` too, who is missing or unknown.

    Reports are checked by cohort_scoring's fast path, past a few hundred over ``workers``
    processes (default: the machine's free cores; 1: none), and a report it does not vouch for is
    read and checked again the slow way, which decides. The result is the same either way.
    """
    if not 0 <= at_risk_below <= 100 or math.isnan(at_risk_below):
        raise MlcareerError(
            f"--at-risk-below must be a percentage from 0 to 100, not {at_risk_below:g}"
        )
    shelf = taxonomies if isinstance(taxonomies, TaxonomyShelf) else TaxonomyShelf(taxonomies)
    aggregator = CohortAggregator(
        allow_mixed=allow_mixed, current_id=current_id, now=now, trust_reports=trust_reports
    )
    warn = on_warning or (lambda message: None)
    bad: list[Problem] = []
    not_found: list[Problem] = []
    unknown: dict[tuple[str, str, str], list[str]] = {}  # taxonomy -> files
    for source, figures in checked_in_order(sources, shelf.get, shelf.loaded, workers=workers):
        if figures is not None and (
            assignment is None or figures.taxonomy.sha256 == assignment.taxonomy.sha256
        ):
            # Every figure it states is what its answers give (cohort_scoring.py).
            aggregator.add_figures(figures, source.label)
            if on_progress:
                on_progress(source)
            continue
        names_nothing = source.error is not None or (
            source.path is not None and str(source.path) != "-" and not source.path.exists()
        )
        try:
            report = read_report(source)
        except EditedReport as exc:  # its own figures contradict each other
            aggregator.set_aside(exc.report, source.label, exc.reason, edited=True)
            warn(
                f"{source.label}: edited by hand: {exc.reason}; left out: ask the learner to "
                "run `mlcareer assess` again"
            )
        except MlcareerError as exc:
            for problem in exc.problems:
                if names_nothing:
                    not_found.append(problem)
                elif skip_invalid:
                    aggregator.invalid_skipped += 1
                    if on_invalid:
                        on_invalid(problem)
                else:
                    bad.append(problem)
        else:
            label = source.label
            verdict = None
            if assignment is not None and report.taxonomy.sha256 != assignment.taxonomy.sha256:
                aggregator.set_aside_off_taxonomy(report, label)
            else:
                verdict = check_report(report, label, shelf)
            if verdict is None:
                pass
            elif verdict.outcome == "checked":
                assert verdict.report is not None
                aggregator.add(verdict.report, label)
            elif verdict.outcome == "edited":
                aggregator.set_aside(report, label, verdict.reason, edited=True)
                warn(
                    f"{label}: edited by hand: {verdict.reason}; left out: ask the learner to "
                    "run `mlcareer assess` again"
                )
            elif trust_reports:
                aggregator.add(report, label, checked=False)
                aggregator.set_aside(report, label, verdict.reason, edited=False)
                warn(f"{label}: not checked: {verdict.reason}; used as it states (--trust-reports)")
            elif verdict.outcome == "unchecked":
                aggregator.set_aside(report, label, verdict.reason, edited=False)
                warn(
                    f"{label}: cannot be checked: {verdict.reason}; left out: ask the learner "
                    "to run `mlcareer assess` again, or pass --trust-reports to use the "
                    "figures it states"
                )
            elif skip_invalid:
                aggregator.invalid_skipped += 1
                if on_invalid:
                    on_invalid(
                        Problem(
                            f"{verdict.reason}: give it with --taxonomy to check the report",
                            label,
                        )
                    )
            else:
                info = report.taxonomy
                unknown.setdefault((info.id, info.version, info.sha256), []).append(label)
        if on_progress:
            on_progress(source)
    for warning in aggregator.warnings():
        warn(warning.message)
    problems = not_found + bad
    if bad:
        count = len(bad)
        them = "them" if count != 1 else "it"
        problems.append(
            Problem(
                f"{plural(count, 'file')} could not be read as a report: fix or "
                f"remove {them}, or pass --skip-invalid to aggregate the others"
            )
        )
    problems += _unknown_taxonomy_problems(unknown, fix_command)
    if problems:
        raise MlcareerError(problems + aggregator.mixing_problems())  # every problem in one run
    keys: dict[str, list[ItemKey]] = {}

    def keys_of(sha256: str) -> list[ItemKey]:
        if sha256 not in keys:
            taxonomy = shelf.get(sha256)
            keys[sha256] = item_keys(taxonomy) if taxonomy is not None else []
        return keys[sha256]

    return aggregator.result(
        at_risk_below=at_risk_below,
        min_group=min_group,
        roster=roster,
        assignment=assignment,
        item_keys=keys_of,
        min_answers=min_answers,
    )


def _unknown_taxonomy_problems(
    unknown: dict[tuple[str, str, str], list[str]], fix_command: str
) -> list[Problem]:
    """One problem per taxonomy whose file was not given, naming its reports and the fix."""
    problems = []
    for (taxonomy_id, version, sha256), files in unknown.items():
        count = len(files)
        shown = ", ".join(files[:3]) + (f" and {count - 3} more" if count > 3 else "")
        problems.append(
            Problem(
                f"{count} report{'s were' if count != 1 else ' was'} made with taxonomy "
                f"`{taxonomy_id}` version {version} (sha256 {sha256[:12]}), whose file was not "
                f"given, so {'their' if count != 1 else 'its'} figures cannot be checked "
                f"({shown}): give that taxonomy's file, `{fix_command}`, or pass "
                "--trust-reports to use the figures the reports state"
            )
        )
    return problems
