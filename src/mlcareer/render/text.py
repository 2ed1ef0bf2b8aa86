"""Small wording helpers shared by the terminal and Markdown views."""

from __future__ import annotations

from mlcareer.report import Report


def hours(value: float) -> str:
    """12.0 -> '12 h', 2.5 -> '2.5 h'."""
    return f"{value:g} h"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def bar(value: float | None, width: int = 20) -> str:
    """A text bar of ``width`` cells for a percentage; empty cells for None."""
    if value is None:
        return "·" * width
    filled = round(value / 100 * width)
    if value < 100:
        filled = min(filled, width - 1)  # only 100 % looks full
    return "█" * filled + "░" * (width - filled)


def summary_line(report: Report) -> str:
    required = [s for s in report.skills if s.required > 0]
    met = sum(1 for s in required if s.status == "meets")
    gaps = sum(1 for s in required if s.status == "gap")
    skipped = sum(1 for s in required if s.status == "not assessed")
    parts = [f"{met} of {len(required)} required skills met", f"{gaps} with a gap"]
    if skipped:
        parts.append(f"{skipped} not assessed")
    parts.append(f"plan {hours(report.plan.total_hours)}")
    return " · ".join(parts)


def level_change(from_level: int, to_level: int) -> str:
    return f"{from_level}→{to_level}"
