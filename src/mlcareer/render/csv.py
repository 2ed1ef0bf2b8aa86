"""CSV views: UTF-8 with a byte-order mark and CRLF rows, so a spreadsheet opens them as
they are, accents included, and no cell can run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mlcareer.safe_text import clean

if TYPE_CHECKING:
    from mlcareer.report import Report

# A spreadsheet runs a cell starting with one of these as a formula (a learner may name
# themselves ``=HYPERLINK(...)``); a leading apostrophe makes it text. Tabs and line breaks
# are spaces by then (clean), and some spreadsheets skip leading spaces, so the first
# character that is not a space counts; the full-width forms are there for the spreadsheets
# that fold them to ASCII.
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def csv_cell(value: object) -> object:
    """A plain cell: empty for missing, yes/no for booleans, text cleaned (no control or
    bidi characters, one line) and formulas made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        text = clean(value)
        return "'" + text if text.lstrip()[:1] in _FORMULA_STARTS else text
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV file: the header and the rows, every cell through ``csv_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def roster_columns(extra: Sequence[str], own: Sequence[str]) -> list[str]:
    """The roster's extra columns as a table that has columns ``own`` names them: one
    named like one of ours becomes `roster_NAME` (an LMS export often has a `status`), so a
    spreadsheet looking a column up by its header finds one, not two."""
    taken = set(own) | set(extra)
    named = []
    for column in extra:
        name = column
        if name in own:
            name = f"roster_{column}"
            while name in taken:
                name = f"roster_{name}"
        taken.add(name)
        named.append(name)
    return named


REPORT_SKILL_COLUMNS = (
    "skill_id",
    "skill",
    "category",
    "rating",
    "level",
    "required",
    "gap",
    "status",
    "evidence",
    "importance",
    "hours_to_close",
    "priority",
)


def report_skills_csv(report: Report) -> str:
    """The report's skills table, one row per skill of the taxonomy, in taxonomy order."""
    return csv_text(
        REPORT_SKILL_COLUMNS,
        (
            [
                s.id,
                s.name,
                s.category,
                s.rating,
                s.level,
                s.required,
                s.gap,
                s.status,
                s.evidence,
                s.importance,
                s.hours_to_close,
                s.priority,
            ]
            for s in report.skills
        ),
    )
