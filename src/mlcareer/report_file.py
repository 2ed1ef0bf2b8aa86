"""Reading report files: one reader for `show`, `plan`, `compare`, `cohort` and the history.

A report is a JSON file someone else may have written, so it is read with a size limit,
checked for its ``schema_version``, validated by the report model, and explained in one
located sentence when it is not a report (an answers file or a taxonomy is an easy mix-up
when collecting files).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from mlcareer.clock import moment_of
from mlcareer.errors import MlcareerError, Problem
from mlcareer.report import REPORT_SCHEMA_VERSION, Report
from mlcareer.validation import problems_from
from mlcareer.wording import plural
from mlcareer.yamlfile import Document, parse_yaml, read_text

MAX_REPORT_BYTES = 8 * 1024 * 1024  # a report of the full default taxonomy is about 40 KB


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
    if version is None or version == REPORT_SCHEMA_VERSION:
        return None
    return version


def _version_problem(version: object, doc: Document) -> Problem:
    return doc.problem_at(
        ("schema_version",),
        f"report schema_version {version!r} is not supported by this mlcareer, which reads "
        f"version {REPORT_SCHEMA_VERSION}: upgrade mlcareer, or write the report again with "
        "`mlcareer assess --format json`",
    )


def _not_a_report_yaml(text: str, label: str) -> str | None:
    """Why a file that is not JSON is not a report, when it is plainly a YAML answers file or
    taxonomy (an easy mix-up when collecting files); None otherwise."""
    try:
        data = parse_yaml(text, label).data
    except MlcareerError:
        return None
    return _not_a_report(data) if isinstance(data, dict) else None


def _problem_for(exc: ValidationError, text: str, label: str) -> Problem:
    """One located sentence for a file that does not validate as a report."""
    if not text.strip():
        return Problem("is empty: give a report from `mlcareer assess --format json`", label)
    if any(error["type"] == "json_invalid" for error in exc.errors()):
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
    problems = problems_from(exc, doc, Report)
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


def _out_of_range(report: Report) -> str | None:
    """What the report model lets through but no `mlcareer assess` writes (levels and
    percentages are bounded by the model itself)."""
    try:
        moment_of(report.created_at)
    except ValueError:
        return f"`created_at` {report.created_at!r} is not an ISO 8601 time"
    return None


def read_report_text(text: str, label: str) -> Report:
    """Validate the text of one report; raise MlcareerError with one located sentence."""
    try:
        report = Report.model_validate_json(text)
    except ValidationError as exc:
        raise MlcareerError(_problem_for(exc, text, label)) from None
    edited = _out_of_range(report)
    if edited:
        raise MlcareerError(
            Problem(
                f"{edited}: the report was edited by hand; make it again with `mlcareer assess`",
                label,
            )
        )
    return report


def read_report_file(source: str | Path) -> Report:
    """The report in a file (``-`` is stdin), read with the size limit and validated."""
    label, text = read_text(source, max_bytes=MAX_REPORT_BYTES, what="report")
    return read_report_text(text, label)
