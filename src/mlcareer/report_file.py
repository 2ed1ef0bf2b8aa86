"""Reading report files: one reader for `show`, `plan`, `compare`, `cohort` and the history.

A report is a JSON file someone else may have written, so it is read with a size limit,
checked for its ``schema_version`` (version 1, from mlcareer 0.1, is upgraded to the current
model with ``answers`` null), validated by the report model (every number finite and in
range), cross-checked where that is cheap (a status, gap or readiness that its own skills
contradict was edited by hand), and explained in one located sentence when it is not a
report (an answers file or a taxonomy is an easy mix-up when collecting files).
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from mlcareer.clock import moment_of
from mlcareer.errors import MlcareerError, Problem
from mlcareer.report import BELOW_REQUIRED, REPORT_SCHEMA_VERSION, Report, exact
from mlcareer.validation import problems_from
from mlcareer.wording import plural
from mlcareer.yamlfile import Document, parse_yaml, read_text

MAX_REPORT_BYTES = 8 * 1024 * 1024  # a report of the full default taxonomy is about 40 KB
# The schema versions this mlcareer reads: the current one, and the older ones a history or
# a folder of reports from mlcareer 0.1 still holds.
READABLE_VERSIONS = (1, REPORT_SCHEMA_VERSION)


class ReportV1(Report):
    """A report of schema version 1 (mlcareer 0.1): the current shape without ``answers``."""

    schema_version: Literal[1] = 1  # type: ignore[assignment]
    answers: None = None


def _is_version_1(data: object) -> bool:
    version = data.get("schema_version") if isinstance(data, dict) else None
    return type(version) is int and version == 1


def report_from_json(text: str) -> Report:
    """The report in a JSON text, whichever version wrote it, as the current model: the one
    place that dispatches on ``schema_version``. Raises ValidationError.

    The current version is tried first, so the common case parses once; a text that fails
    it and declares version 1 is read with the version 1 model and upgraded, with
    ``answers`` null (mlcareer 0.1 did not record them).
    """
    try:
        return Report.model_validate_json(text)
    except ValidationError:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        if not _is_version_1(data):
            raise
    old = ReportV1.model_validate_json(text)
    upgraded = {**old.model_dump(), "schema_version": REPORT_SCHEMA_VERSION, "answers": None}
    return Report.model_validate(upgraded)


def _not_a_report(data: object) -> str | None:
    """A sentence for JSON that is plainly not a report, or None when it may be one."""
    if not isinstance(data, dict):
        return (
            "holds JSON but not a report object: give the output of `mlcareer assess --format json`"
        )
    version = data.get("schema_version")
    if "ratings" in data and "skills" not in data:
        return (
            "is an answers file, not a report: make the report with "
            "`mlcareer assess --answers FILE --format json`"
        )
    if "categories" in data and "roles" in data:
        return "is a taxonomy, not a report: give the students' JSON reports"
    if version is None and "skills" not in data:
        return (
            "is not an mlcareer report (it has no `schema_version`): give a report written by "
            "`mlcareer assess --format json`"
        )
    return None


def _other_version(data: object) -> object:
    """The ``schema_version`` of a report this mlcareer does not read, else None."""
    if not isinstance(data, dict):
        return None
    version = data.get("schema_version")
    if version is None or (type(version) is int and version in READABLE_VERSIONS):
        return None
    return version


def _version_problem(version: object, doc: Document) -> Problem:
    return doc.problem_at(
        ("schema_version",),
        f"report schema_version {version!r} is not supported by this mlcareer, which reads "
        f"versions {READABLE_VERSIONS[0]} to {READABLE_VERSIONS[-1]}: upgrade mlcareer, or "
        "write the report again with `mlcareer assess --format json`",
    )


def _not_a_report_yaml(text: str, label: str) -> str | None:
    """Why a file that is not JSON is not a report, when it is plainly a YAML answers file or
    taxonomy (an easy mix-up when collecting files); None otherwise."""
    try:
        data = parse_yaml(text, label).data
    except MlcareerError:
        return None
    return _not_a_report(data) if isinstance(data, dict) else None


# More digits than Python converts to an int (sys.get_int_max_str_digits(): 4300 by default).
# Only a value counts (after a colon, bracket or comma), not digits inside a string.
_LONG_NUMBER = re.compile(r"[:\[,]\s*-?(\d{4301,})(?![.\deE])")


def _problem_for(exc: ValidationError, text: str, label: str) -> Problem:
    """One located sentence for a file that does not validate as a report."""
    if not text.strip():
        return Problem("is empty: give a report from `mlcareer assess --format json`", label)
    if any(error["type"] == "json_invalid" for error in exc.errors()):
        long_number = _LONG_NUMBER.search(text)
        if long_number is not None:
            # Python refuses to read an integer this long (a guard against slow conversions),
            # so json.loads raises a plain ValueError and no position.
            start = long_number.start(1)
            line = text.count("\n", 0, start) + 1
            column = start - text.rfind("\n", 0, start)
            return Problem(
                f"holds a number of {len(long_number.group(1))} digits, more than any report "
                "has: give a report from `mlcareer assess --format json`",
                label,
                line,
                column,
            )
        try:
            json.loads(text)
        except json.JSONDecodeError as bad:
            reason = _not_a_report_yaml(text, label)
            if reason:
                return Problem(reason, label, 1, 1)
            return Problem(
                f"is not valid JSON ({bad.msg}): is it a complete report from "
                "`mlcareer assess --format json`?",
                label,
                bad.lineno,
                bad.colno,
            )
        except RecursionError:
            pass
        return Problem(
            "is not valid JSON: give a report from `mlcareer assess --format json`", label
        )
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):  # pragma: no cover - pydantic parsed it
        data = None
    reason = _not_a_report(data)
    if reason:
        return Problem(reason, label, 1, 1)
    count = exc.error_count()
    more = f" (and {plural(count - 1, 'more problem')})" if count > 1 else ""
    try:
        doc = parse_yaml(text, label)
    except MlcareerError:  # JSON that PyYAML reads differently: say it without a position
        doc = Document(label, None)
    version = _other_version(data)
    if version is not None:
        return _version_problem(version, doc)
    problems = problems_from(exc, doc, ReportV1 if _is_version_1(data) else Report)
    first = problems[0]
    # A model check of ours (a value_error) already says what is wrong with the content;
    # anything else is a shape the schema does not allow.
    shape = "" if exc.errors()[0]["type"] == "value_error" else "does not match the report schema: "
    return Problem(
        f"{shape}{first.message}{more}",
        label,
        first.line,
        first.column,
    )


# A located reason a report was edited by hand: the key path and what is wrong there.
Edit = tuple[tuple[Any, ...], str]


def _out_of_range(report: Report) -> Edit | None:
    """What the report model lets through but no `mlcareer assess` writes (numbers are
    finite and bounded by the model itself)."""
    try:
        moment_of(report.created_at)
    except ValueError:
        return ("created_at",), f"`created_at` {report.created_at!r} is not an ISO 8601 time"
    return None


def _close(stored: float, computed: Fraction, tolerance: Fraction) -> bool:
    return abs(exact(stored) - computed) <= tolerance


# Published percentages are floored to 0.1 from importances that were themselves rounded
# to floats, so a recomputation from the published figures may land one step away.
_PERCENT_STEP = Fraction(1, 10) + Fraction(1, 10**9)


def _percent(met: Fraction, total: Fraction) -> Fraction | None:
    return None if total == 0 else 100 * met / total


def _contradiction(report: Report) -> Edit | None:
    """The first figure of ``report`` that its own skills contradict, or None.

    Cheap checks any report the tool wrote passes (R3 of the security review): each skill's
    gap and status follow from its levels, a category's counts and score and the readiness
    follow from its skills (within the 0.1 of flooring), and the plan's total is the sum of
    its steps. ``cohort`` goes further: it scores the answers again.
    """
    from mlcareer.scoring import status_of

    categories = {category.id for category in report.categories}
    for index, skill in enumerate(report.skills):
        where = ("skills", index)
        if skill.category not in categories:
            return (*where, "category"), f"skill `{skill.id}` names a category the report lacks"
        if (skill.rating is None and skill.level != 0) or (
            skill.rating is not None and skill.level > skill.rating
        ):
            return (*where, "level"), (
                f"skill `{skill.id}` is scored at level {skill.level}, above its rating"
            )
        if skill.gap != max(0, skill.required - skill.level):
            return (*where, "gap"), (
                f"skill `{skill.id}` has gap {skill.gap} with level {skill.level} of "
                f"{skill.required}"
            )
        expected = status_of(skill.required, skill.rating, skill.level)
        if skill.status != expected:
            return (*where, "status"), (
                f"skill `{skill.id}` is marked {skill.status!r} with level {skill.level} of "
                f"{skill.required} (that is {expected!r})"
            )
    for index, category in enumerate(report.categories):
        own = [s for s in report.skills if s.category == category.id]
        counts = {
            "levels_required": sum(s.required for s in own),
            "levels_met": sum(min(s.level, s.required) for s in own),
            "gap": sum(s.gap for s in own),
            "skills_with_gap": sum(1 for s in own if s.status in BELOW_REQUIRED),
        }
        for key, value in counts.items():
            if getattr(category, key) != value:
                return ("categories", index, key), (
                    f"category `{category.id}` has {key} {getattr(category, key)} where its "
                    f"skills give {value}"
                )
        score = _weighted_percent(own)
        if (score is None) != (category.score is None) or (
            score is not None
            and category.score is not None
            and not _close(category.score, score, _PERCENT_STEP)
        ):
            return ("categories", index, "score"), (
                f"category `{category.id}` scores {category.score} where its skills give "
                f"{'none' if score is None else f'{float(score):.1f}'}"
            )
    below = sum(1 for s in report.skills if s.status in BELOW_REQUIRED)
    readiness = _weighted_percent(report.skills)
    if (report.readiness == 100) != (below == 0) or (
        readiness is not None and not _close(report.readiness, readiness, _PERCENT_STEP)
    ):
        return ("readiness",), (
            f"`readiness` is {report.readiness:g} with {below} required skill"
            f"{'s' if below != 1 else ''} below the required level"
        )
    total = sum((exact(step.hours) for step in report.plan.steps), Fraction(0))
    if not _close(report.plan.total_hours, total, Fraction(1, 100)):
        return ("plan", "total_hours"), (
            f"the plan's `total_hours` {report.plan.total_hours:g} is not the sum of its steps "
            f"({float(total):g})"
        )
    return None


def _weighted_percent(skills: Any) -> Fraction | None:
    """100 x sum(importance x min(level, required)) / sum(importance x required), from the
    published figures; None when no skill is required (or an importance rounded to 0)."""
    met = total = Fraction(0)
    for skill in skills:
        if skill.required > 0:
            importance = exact(skill.importance)
            if importance == 0:
                return None
            met += importance * min(skill.level, skill.required)
            total += importance * skill.required
    return _percent(met, total)


class EditedReport(MlcareerError):
    """A report whose figures contradict each other: it was edited by hand. ``cohort`` lists
    it as edited (``reason``, ``report``) rather than as a file it cannot read."""

    def __init__(self, problem: Problem, report: Report, reason: str) -> None:
        super().__init__(problem)
        self.report = report
        self.reason = reason


def _edited(edit: Edit, report: Report, text: str, label: str) -> EditedReport:
    where, what = edit
    try:
        doc = parse_yaml(text, label)
    except MlcareerError:  # JSON that PyYAML reads differently: say it without a position
        doc = Document(label, None)
    problem = doc.problem_at(
        where, f"{what}: the report was edited by hand; make it again with `mlcareer assess`"
    )
    at = f" (line {problem.line})" if problem.line is not None else ""
    return EditedReport(problem, report, f"{what}{at}")


def read_report_text(text: str, label: str) -> Report:
    """Validate the text of one report, of any readable version; raise MlcareerError with one
    located sentence."""
    try:
        report = report_from_json(text)
    except ValidationError as exc:
        raise MlcareerError(_problem_for(exc, text, label)) from None
    edit = _out_of_range(report) or _contradiction(report)
    if edit:
        raise _edited(edit, report, text, label)
    return report


def read_report_file(source: str | Path) -> Report:
    """The report in a file (``-`` is stdin), read with the size limit and validated."""
    label, text = read_text(source, max_bytes=MAX_REPORT_BYTES, what="report")
    return read_report_text(text, label)
