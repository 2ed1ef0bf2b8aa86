"""A class roster (CSV with columns `id,name`, more columns kept) set beside a cohort's
reports: who has not handed one in, who handed one in without being on the roster, and,
given the assignment, whose report is late or of another role or taxonomy.

Learner ids are matched ignoring case and surrounding spaces (`S101` is `s101`), since
rosters come from spreadsheets and students type their own id. Nothing here prints,
prompts or exits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from mlcareer.assignment import Assignment, late_by
from mlcareer.clock import moment_of
from mlcareer.errors import MlcareerError, Problem
from mlcareer.input_rules import MAX_LEARNER_NAME, learner_id_problem
from mlcareer.report import OutputModel
from mlcareer.yamlfile import read_text

MAX_ROSTER_BYTES = 8 * 1024 * 1024
REQUIRED_COLUMNS = ("id", "name")


@dataclass(frozen=True)
class RosterEntry:
    id: str
    name: str
    line: int
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Roster:
    file: str
    entries: list[RosterEntry]
    extra_columns: list[str]

    def position(self) -> dict[str, int]:
        """Roster order: matching key of each id -> its row number from 0."""
        return {match_key(e.id): i for i, e in enumerate(self.entries)}


def match_key(learner_id: str) -> str:
    return learner_id.strip().casefold()


def _delimiter(header: str) -> str:
    """Comma, or the semicolon or tab that spreadsheets in some locales write instead."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


_COLUMNS_SHOWN = 8  # of a header without `id` or `name`, in the message


def roster_from_text(text: str, label: str) -> Roster:
    """Parse a roster; raise MlcareerError listing every problem with its line."""
    text = text.removeprefix("\ufeff")  # Excel's byte-order mark
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise MlcareerError(
            Problem("the roster is empty: write a header `id,name` and one row per learner", label)
        )
    # strict: a quote never closed is an error, not the rest of the file read as one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    header: list[str] | None = None
    entries: list[RosterEntry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, row in _rows(reader, label):
        if not any(cell.strip() for cell in row):
            continue  # blank lines, also the trailing ",,," of spreadsheets
        if header is None:
            header = [cell.strip().lower() for cell in row]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                shown = ", ".join(f"`{c}`" for c in header[:_COLUMNS_SHOWN])
                if len(header) > _COLUMNS_SHOWN:
                    shown += f" and {len(header) - _COLUMNS_SHOWN} more"
                raise MlcareerError(
                    Problem(
                        f"the header has no `{missing[0]}` column (it has {shown}): the first "
                        "row must name the columns, with `id` and `name` among them",
                        label,
                        line,
                    )
                )
            twice = [c for i, c in enumerate(header) if c and c in header[:i]]
            if twice:
                raise MlcareerError(
                    Problem(f"the column `{twice[0]}` appears twice: rename one", label, line)
                )
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problems.append(
                Problem(
                    f"has {len(row)} cells but the header names {len(header)} columns: quote "
                    "cells that hold the delimiter",
                    label,
                    line,
                )
            )
            continue
        cells = dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=False))
        learner_id = cells["id"].strip()
        if not learner_id:
            problems.append(Problem("has no id: give every learner their id", label, line))
            continue
        wrong = learner_id_problem(learner_id)
        if wrong:  # it could match no report: reports' ids follow the same rule
            problems.append(Problem(f"id: {wrong}", label, line))
            continue
        key = match_key(learner_id)
        if key in seen:
            problems.append(
                Problem(
                    f"id `{learner_id}` is on line {seen[key]} already: each learner once",
                    label,
                    line,
                )
            )
            continue
        name = cells["name"].strip()
        if len(name) > MAX_LEARNER_NAME:  # as in a report: it is printed in every list
            problems.append(
                Problem(
                    f"the name has {len(name)} characters; a learner name has at most "
                    f"{MAX_LEARNER_NAME}: shorten it",
                    label,
                    line,
                )
            )
            continue
        seen[key] = line
        extra = {c: cells[c] for c in header if c not in REQUIRED_COLUMNS and c}
        entries.append(RosterEntry(learner_id, name, line, extra))
    if problems:
        raise MlcareerError(problems)
    if header is not None and not entries:
        raise MlcareerError(
            Problem("the roster lists no learner: add one row per learner under the header", label)
        )
    assert header is not None
    return Roster(label, entries, [c for c in header if c not in REQUIRED_COLUMNS and c])


def _rows(reader: Any, label: str) -> Iterator[tuple[int, list[str]]]:
    """The reader's rows, each with the line it starts on (a quoted cell may hold line
    breaks); a row that is not CSV (a quote never closed, text after a closing quote, a
    cell past the csv module's limit) is an error at that line."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                reason = (
                    f"a cell of the row starting here is longer than {csv.field_size_limit():,} "
                    "characters, which no roster needs: check that this is the right file"
                )
            else:
                reason = f"the row starting here is not valid CSV ({exc}): check its quotes"
            raise MlcareerError(Problem(reason, label, start)) from None
        yield start, row


def read_roster(source: str | Path) -> Roster:
    label, text = read_text(source, max_bytes=MAX_ROSTER_BYTES, what="roster")
    return roster_from_text(text, label)


# -- setting reports beside it ------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """What the roster check needs of one learner's latest report."""

    learner_id: str | None
    name: str | None
    file: str
    created_at: str
    role: str
    taxonomy_id: str
    taxonomy_sha256: str
    assignment_id: str | None = None


class RosterLearner(OutputModel):
    id: str
    name: str
    extra: dict[str, str] = Field(description="The roster's other columns.")
    file: str | None = Field(default=None, description="Their latest report; null: none.")
    status: Literal["handed in", "missing", "other work only"] = Field(
        default="handed in",
        description="`other work only`: every report of theirs was made for another "
        "assignment or with another taxonomy than the assignment's.",
    )


class SubmissionIssue(OutputModel):
    id: str | None
    name: str | None
    file: str
    detail: str = Field(description="What is wrong with it, in words.")


class RosterCheck(OutputModel):
    roster: str | None = Field(description="The roster file; null without one.")
    on_roster_count: int
    submitted_count: int = Field(
        description="Learners on the roster who handed in a report (with an assignment: one "
        "made with its taxonomy and not for another assignment)."
    )
    extra_columns: list[str]
    learners: list[RosterLearner] = Field(description="Everyone on the roster, roster order.")
    missing: list[RosterLearner] = Field(description="On the roster, no report; roster order.")
    not_on_roster: list[SubmissionIssue]
    late: list[SubmissionIssue] = Field(description="Made after the assignment's due date.")
    other_role: list[SubmissionIssue]
    other_taxonomy: list[SubmissionIssue]
    other_assignment: list[SubmissionIssue]
    left_out: list[SubmissionIssue] = Field(
        default=[],
        description="On the roster, handed in, but with no report aggregated: left out as "
        "edited by hand or as one that cannot be checked (the reason in detail).",
    )


def _issue(sub: Submission, detail: str) -> SubmissionIssue:
    return SubmissionIssue(id=sub.learner_id, name=sub.name, file=sub.file, detail=detail)


def check_submissions(
    submissions: Iterable[Submission],
    roster: Roster | None,
    assignment: Assignment | None,
    left_out: Iterable[SubmissionIssue] = (),
) -> RosterCheck | None:
    """Who is missing or unknown (with a roster), and whose report is late, of another role,
    taxonomy or assignment (with an assignment). None when given neither.

    ``left_out``: reports the cohort set aside (edited, or not to be checked), the reason
    in ``detail``. A learner on the roster with no other report handed one in all the same:
    listed as left out, not as missing."""
    if roster is None and assignment is None:
        return None
    subs = list(submissions)
    on_roster: dict[str, RosterEntry] = {}
    if roster is not None:
        on_roster = {match_key(e.id): e for e in roster.entries}
    handed_in: dict[str, str] = {}  # matching key -> file
    for_this: set[str] = set()  # matching keys with a report that is this assignment's
    not_on_roster: list[SubmissionIssue] = []
    late: list[SubmissionIssue] = []
    other_role: list[SubmissionIssue] = []
    other_taxonomy: list[SubmissionIssue] = []
    other_assignment: list[SubmissionIssue] = []
    due = assignment.due_moment() if assignment else None
    handed_out = assignment is not None and any(sub.assignment_id == assignment.id for sub in subs)
    for sub in subs:
        if roster is not None:
            key = match_key(sub.learner_id) if sub.learner_id else None
            if key is None:
                not_on_roster.append(_issue(sub, "the report has no learner id"))
            elif key not in on_roster:
                not_on_roster.append(_issue(sub, f"id `{sub.learner_id}` is not on the roster"))
            else:
                handed_in[key] = sub.file
        if assignment is None:
            if sub.learner_id:
                for_this.add(match_key(sub.learner_id))
            continue
        # A report made for another assignment is listed as that, not judged by this one's
        # due date.
        for_another = sub.assignment_id is not None and sub.assignment_id != assignment.id
        if sub.learner_id and not for_another and sub.taxonomy_sha256 == assignment.taxonomy.sha256:
            for_this.add(match_key(sub.learner_id))
        if due is not None and not for_another and moment_of(sub.created_at) > due:
            late.append(
                _issue(
                    sub,
                    f"made {sub.created_at}, {late_by(moment_of(sub.created_at), due)} after "
                    f"the due date {assignment.due}",
                )
            )
        if sub.role not in assignment.roles:
            other_role.append(
                _issue(
                    sub, f"role `{sub.role}`; the assignment is for {', '.join(assignment.roles)}"
                )
            )
        if sub.taxonomy_sha256 != assignment.taxonomy.sha256:
            other_taxonomy.append(
                _issue(
                    sub,
                    f"taxonomy `{sub.taxonomy_id}` sha256 {sub.taxonomy_sha256[:12]}; the "
                    f"assignment's is {assignment.taxonomy.sha256[:12]}",
                )
            )
        if for_another:
            other_assignment.append(
                _issue(sub, f"made for assignment `{sub.assignment_id}`, not `{assignment.id}`")
            )
        elif sub.assignment_id is None and handed_out:
            # Made with --taxonomy rather than --assignment, where others used it: it counts,
            # as the same course's work, but the assignment's settings (role, quiz) were not
            # applied to it. (Where nobody used it, the class was not given it: no news.)
            other_assignment.append(
                _issue(
                    sub,
                    f"made without an assignment (`mlcareer assess --assignment` records "
                    f"`{assignment.id}` in the report)",
                )
            )
    kept_out: list[SubmissionIssue] = []
    if roster is not None:
        for issue in left_out:
            key = match_key(issue.id) if issue.id else None
            if key is not None and key in on_roster and key not in handed_in:
                handed_in[key] = issue.file
                for_this.add(key)
                kept_out.append(issue)

    def status(key: str) -> Literal["handed in", "missing", "other work only"]:
        if key not in handed_in:
            return "missing"
        return "handed in" if key in for_this else "other work only"

    learners = []
    if roster is not None:
        learners = [
            RosterLearner(
                id=e.id,
                name=e.name,
                extra=e.extra,
                file=handed_in.get(match_key(e.id)),
                status=status(match_key(e.id)),
            )
            for e in roster.entries
        ]
    return RosterCheck(
        roster=roster.file if roster else None,
        on_roster_count=len(roster.entries) if roster else 0,
        submitted_count=sum(1 for learner in learners if learner.status == "handed in"),
        extra_columns=roster.extra_columns if roster else [],
        learners=learners,
        missing=[learner for learner in learners if learner.file is None],
        not_on_roster=not_on_roster,
        late=late,
        other_role=other_role,
        other_taxonomy=other_taxonomy,
        other_assignment=other_assignment,
        left_out=kept_out,
    )


def roster_sort_key(roster: Roster | None) -> Callable[[str | None, str | None, str], tuple]:
    """Sort key for learner rows (by id, name, file): roster order first, then learners not
    on the roster by name."""
    position = roster.position() if roster else {}
    last = len(position)

    def key(learner_id: str | None, name: str | None, file: str) -> tuple:
        spot = position.get(match_key(learner_id), last) if learner_id else last
        return (spot, (name or learner_id or file).casefold(), learner_id or "", file)

    return key
