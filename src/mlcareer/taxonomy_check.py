"""Checking taxonomy files for `mlcareer validate` and the pre-commit hook.

Each file gives its errors (it does not load: taxonomy.py) and its warnings (it loads but
is probably not what was meant: lint.py). ``validation_result`` gathers the files into one
machine-readable result (``mlcareer schema validation`` prints its JSON Schema), and
``github_annotations`` writes it as GitHub Actions workflow commands. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from mlcareer.errors import MlcareerError, Problem
from mlcareer.report import OutputModel

if TYPE_CHECKING:
    from mlcareer.taxonomy import Taxonomy

VALIDATION_SCHEMA_VERSION = 1

# The exit status of a check that failed: the tool's status for bad input.
FAILED_STATUS = 2


@dataclass
class FileCheck:
    """What checking one taxonomy file found."""

    file: str
    taxonomy: Taxonomy | None  # None when the file has errors
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    summary: str | None = None  # the errors counted by kind, when there are many
    # Set when the file is an assignment (`validate` tells the kinds apart by content): the
    # line to print for it when it is valid.
    assignment_summary: str | None = None


def check_file(source: str | Path | None = None, *, strict: bool = False) -> FileCheck:
    """A taxonomy file (default: the taxonomy in use), or an assignment file (it has
    `assignment_schema_version`): read once, since - (stdin) cannot be read twice; never
    raises for a problem of the file, which is returned among the errors instead."""
    from mlcareer.assignment import looks_like_assignment
    from mlcareer.taxonomy import MAX_TAXONOMY_BYTES, taxonomy_path
    from mlcareer.yamlfile import parse_yaml, read_text

    path = taxonomy_path(source)
    label = str(path)
    try:
        label, text = read_text(path, max_bytes=MAX_TAXONOMY_BYTES, what="taxonomy")
        try:
            data = parse_yaml(text, label).data
        except MlcareerError:
            data = None  # the taxonomy check says what is wrong with it
        if looks_like_assignment(data):
            return check_assignment_text(text, label, path)
        other = _other_kind(data)
        if other is not None:
            raise MlcareerError(Problem(other, label, 1, 1))
        return check_taxonomy_text(text, label, strict=strict)
    except MlcareerError as exc:
        return _failed(exc, label)


def _failed(exc: MlcareerError, label: str) -> FileCheck:
    # A problem of the whole file (missing, empty, not UTF-8) may carry no file name.
    errors = [p if p.file else Problem(p.message, label, p.line, p.column) for p in exc.problems]
    return FileCheck(label, None, errors=errors, summary=exc.summary)


def _other_kind(data: object) -> str | None:
    """Why a file is neither a taxonomy nor an assignment, when it is plainly another of
    the tool's files (an easy mix-up in a course folder); None otherwise."""
    if not isinstance(data, dict):
        return None
    if "readiness" in data and "skills" in data:  # a report has categories too
        return (
            "is a report, not a taxonomy or an assignment: `mlcareer show FILE` reads it, and "
            "`mlcareer cohort` checks reports"
        )
    if "ratings" in data and "categories" not in data:
        return (
            "is an answers file, not a taxonomy or an assignment: "
            "`mlcareer assess --answers FILE` reads it"
        )
    return None


def check_assignment_text(text: str, label: str, source: str | Path) -> FileCheck:
    """An assignment file's text (read from ``source``, whose folder its taxonomy path
    starts at): valid, its taxonomy there and unchanged, its roles in it."""
    from mlcareer.assignment import (
        MAX_ASSIGNMENT_BYTES,
        assignment_from_document,
        check_roles_in,
        load_assignment_taxonomy,
    )
    from mlcareer.yamlfile import mapping_document, too_large

    try:
        if len(text.encode("utf-8")) > MAX_ASSIGNMENT_BYTES:
            raise MlcareerError(too_large("assignment", MAX_ASSIGNMENT_BYTES, label))
        assignment = assignment_from_document(mapping_document(text, label, what="assignment"))
        taxonomy, taxonomy_file = load_assignment_taxonomy(assignment, source, copy_option=None)
        check_roles_in(assignment, taxonomy)
    except MlcareerError as exc:
        return _failed(exc, label)
    due = f", due {assignment.due}" if assignment.due else ""
    return FileCheck(
        label,
        None,
        assignment_summary=(
            f"{label}: valid assignment `{assignment.id}`: taxonomy `{taxonomy.id}` version "
            f"{taxonomy.version} ({taxonomy_file}, unchanged), role "
            f"{' or '.join(assignment.roles)}, at most {assignment.quiz.max} checks{due}"
        ),
    )


def check_taxonomy_text(text: str, label: str, *, strict: bool = False) -> FileCheck:
    """A taxonomy's text: its errors, or the taxonomy and its warnings (``strict`` adds the
    warnings only --strict reports)."""
    from mlcareer.lint import taxonomy_warnings
    from mlcareer.taxonomy import taxonomy_from_document
    from mlcareer.yamlfile import mapping_document

    try:
        doc = mapping_document(text, label, what="taxonomy")
        tax = taxonomy_from_document(doc)
    except MlcareerError as exc:
        return _failed(exc, label)
    return FileCheck(label, tax, warnings=taxonomy_warnings(tax, doc, strict=strict))


# -- the machine-readable result ------------------------------------------------------


class ProblemOut(OutputModel):
    file: str
    line: int | None = Field(description="1-based; null for a problem of the whole file.")
    column: int | None = Field(description="1-based; null when the line is not known.")
    severity: Literal["error", "warning"]
    message: str


class FileOut(OutputModel):
    file: str
    valid: bool = Field(
        description="The file loads as a taxonomy, or as an assignment whose taxonomy is "
        "there and unchanged (it may still have warnings)."
    )
    taxonomy_id: str | None = Field(description="Null when the file does not load.")
    taxonomy_version: str | None
    errors: int
    warnings: int


class ValidationSummary(OutputModel):
    files: int = Field(description="Files checked.")
    errors: int
    warnings: int
    strict: bool = Field(description="Warnings count as failures (--strict).")
    passed: bool
    exit_status: int = Field(description="0 when passed, else 2.")


class ValidationResult(OutputModel):
    validation_schema_version: Literal[1] = VALIDATION_SCHEMA_VERSION
    files: list[FileOut]
    problems: list[ProblemOut] = Field(
        description="Every error and warning, file by file in the order given, each file's "
        "in file order (errors first)."
    )
    summary: ValidationSummary


def _problem_out(problem: Problem, severity: Literal["error", "warning"]) -> ProblemOut:
    return ProblemOut(
        file=problem.file or "<input>",
        line=problem.line,
        column=problem.column,
        severity=severity,
        message=problem.message,
    )


def exit_status(checks: list[FileCheck], strict: bool) -> int:
    """0 when every file loads (and, with ``strict``, has no warning); else 2."""
    failed = any(c.errors or (strict and c.warnings) for c in checks)
    return FAILED_STATUS if failed else 0


def validation_result(checks: list[FileCheck], strict: bool) -> ValidationResult:
    status = exit_status(checks, strict)
    problems = [
        _problem_out(p, severity)
        for check in checks
        for severity, found in (("error", check.errors), ("warning", check.warnings))
        for p in found
    ]
    return ValidationResult(
        files=[
            FileOut(
                file=c.file,
                valid=c.taxonomy is not None or c.assignment_summary is not None,
                taxonomy_id=c.taxonomy.id if c.taxonomy is not None else None,
                taxonomy_version=c.taxonomy.version if c.taxonomy is not None else None,
                errors=len(c.errors),
                warnings=len(c.warnings),
            )
            for c in checks
        ],
        problems=problems,
        summary=ValidationSummary(
            files=len(checks),
            errors=sum(len(c.errors) for c in checks),
            warnings=sum(len(c.warnings) for c in checks),
            strict=strict,
            passed=status == 0,
            exit_status=status,
        ),
    )


# -- GitHub Actions annotations ---------------------------------------------------------


def _escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF are percent-encoded (GitHub's rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: as a message, and also `:` and `,`."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: ProblemOut) -> str:
    """``::error file=F,line=L,col=C::message``, leaving out what is not known."""
    properties = [f"file={_escape_property(problem.file)}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
        if problem.column is not None:
            properties.append(f"col={problem.column}")
    return f"::{problem.severity} {','.join(properties)}::{_escape_data(problem.message)}"


def github_annotations(result: ValidationResult) -> str:
    """One workflow command per problem, one a line (empty when there is none)."""
    return "".join(github_annotation(p) + "\n" for p in result.problems)
