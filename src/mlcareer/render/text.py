"""Small wording helpers shared by the terminal and Markdown views."""

from __future__ import annotations

from mlcareer.report import PlanStep, Report, SkillResult
from mlcareer.wording import plural


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


def count(value: int | None) -> str:
    """A count, or '-' where an older report did not record it."""
    return "-" if value is None else str(value)


def summary_line(report: Report) -> str:
    summary = report.summary
    parts = [
        f"{summary.met} of {plural(summary.required, 'required skill')} met",
        f"{summary.with_gap} with a gap",
    ]
    if summary.not_assessed:
        parts.append(f"{summary.not_assessed} not assessed")
    parts.append(f"plan {hours(summary.plan_hours)}")
    return " · ".join(parts)


def date_of(timestamp: str) -> str:
    """The day of an ISO 8601 timestamp, YYYY-MM-DD."""
    return timestamp[:10]


def gaps_by_priority(report: Report) -> list[SkillResult]:
    """The skills of the report's gap list, in the summary's order."""
    by_id = {s.id: s for s in report.skills}
    return [by_id[sid] for sid in report.summary.gaps_by_priority]


def level_change(from_level: int, to_level: int) -> str:
    return f"{from_level}→{to_level}"


def calibration_summary(report: Report) -> str | None:
    """One line on the knowledge checks: accuracy, confidence, over/under-confidence, Brier."""
    cal = report.calibration
    if cal is None:
        return None
    parts = [
        plural(cal.items, "knowledge check"),
        f"{round(cal.accuracy * 100)}% correct",
    ]
    if cal.mean_confidence is not None and cal.overconfidence is not None:
        parts.append(f"confidence {round(cal.mean_confidence * 100)}%")
        gap = round(cal.overconfidence * 100)
        if gap > 0:
            parts.append(f"overconfident by {gap} points")
        elif gap < 0:
            parts.append(f"underconfident by {-gap} points")
        else:
            parts.append("well calibrated")
        parts.append(f"Brier {cal.brier:.2f}")
    parts.append(
        f"ratings: {cal.supported} supported, {cal.contradicted} contradicted, "
        f"{cal.unverified} unverified"
    )
    return " · ".join(parts)


def contradicted_notes(report: Report) -> list[tuple[str, list[str]]]:
    """For each contradicted skill, a kind headline and the missed items' explanations."""
    cal = report.calibration
    if cal is None:
        return []
    names = {s.id: s.name for s in report.skills}
    notes = []
    for skill in cal.skills:
        if skill.evidence != "contradicted":
            continue
        used = (
            "the raw rating is scored (--trust-self)"
            if report.trust_self
            else (f"this report uses {skill.adjusted_level} for now")
        )
        headline = (
            f"{names.get(skill.skill, skill.skill)}: you rated yourself {skill.rating}; the "
            f"checks point to {skill.adjusted_level}, so {used}."
        )
        missed = [
            f"Missed (level {a.level}): {a.question} {a.explanation}"
            for a in cal.answers
            if a.skill == skill.skill and not a.correct
        ]
        notes.append((headline, missed))
    return notes


def added_step_note(step: PlanStep) -> str | None:
    """Why the plan holds a step the role does not require: 'needed by steps 6 and 7'."""
    if step.required_by_role:
        return None
    orders = [str(n) for n in step.needed_by]
    if not orders:
        return "Not required by the role."
    if len(orders) == 1:
        which = f"step {orders[0]}"
    else:
        which = f"steps {', '.join(orders[:-1])} and {orders[-1]}"
    return f"Not required by the role: needed by {which}."
