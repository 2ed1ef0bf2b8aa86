"""Small wording helpers shared by the terminal and Markdown views."""

from __future__ import annotations

from dataclasses import dataclass

from mlcareer.report import Calibration, PlanStep, Report, ResourceOut, RoleFit, SkillResult
from mlcareer.wording import plural

# Under --min-group K, a count of 1 to K-1 learners shows as '<K' (small_count: it is small);
# any other figure hidden (a mean, median or share over fewer than K learners, or a figure,
# count included, that would give a small count away) shows as HIDDEN: '<K' there would read
# as "fewer than K" of something that is not small at all (9 of 11 meeting, say).
HIDDEN = "hidden"


def small_count(min_group: int) -> str:
    """How a count --min-group hid as small shows: '<K'."""
    return f"<{min_group}"


def small_counts_note(min_group: int) -> str:
    """What '<K' stands for, in words every view's legend uses."""
    learners = "1 learner" if min_group == 2 else f"1 to {min_group - 1} learners"
    return f"a count of {learners} shows as {small_count(min_group)}"


def hours(value: float) -> str:
    """12.0 -> '12 h', 2.5 -> '2.5 h'."""
    return f"{value:g} h"


def plan_hours(total: float, without_hours: int) -> str:
    """'54 h', or 'at least 54 h (2 steps have no estimate)' when some steps have no hours."""
    if not without_hours:
        return hours(total)
    steps = "1 step has" if without_hours == 1 else f"{without_hours} steps have"
    return f"at least {hours(total)} ({steps} no estimate)"


def step_hours(step: PlanStep) -> str:
    """A plan step's hours, or 'no estimate'."""
    return hours(step.hours) if step.estimated else "no estimate"


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
    parts.append(f"plan {plan_hours(summary.plan_hours, report.plan.steps_without_hours)}")
    return " · ".join(parts)


def date_of(timestamp: str) -> str:
    """The day of an ISO 8601 timestamp, YYYY-MM-DD."""
    return timestamp[:10]


def local_time(timestamp: str) -> str:
    """An ISO 8601 timestamp in this machine's time zone, to the minute: YYYY-MM-DD HH:MM,
    so two assessments of one day can be told apart."""
    from mlcareer.clock import moment_of

    try:
        return moment_of(timestamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:  # a timestamp no mlcareer wrote: show what is there
        return timestamp


def gaps_by_priority(report: Report) -> list[SkillResult]:
    """The skills of the report's gap list, in the summary's order."""
    by_id = {s.id: s for s in report.skills}
    return [by_id[sid] for sid in report.summary.gaps_by_priority]


def level_change(from_level: int, to_level: int) -> str:
    return f"{from_level}→{to_level}"


# Statistics of the knowledge checks mean little below this many items: fewer show only
# which were right.
MIN_CHECKS_FOR_FIGURES = 5
# Mean confidence within this many points of the share answered right counts as matching.
CONFIDENCE_TOLERANCE = 5


def checks_right_sentence(report: Report) -> str | None:
    """'You were right on 10 of 12 knowledge checks.', or None when none were asked."""
    summary = report.summary
    if summary.checks_asked is None or summary.checks_right is None:
        return None
    return (
        f"You were right on {summary.checks_right} of "
        f"{plural(summary.checks_asked, 'knowledge check')}."
    )


def confidence_sentence(cal: Calibration) -> str | None:
    """How sure the learner felt against how often they were right, in words; None below
    MIN_CHECKS_FOR_FIGURES items or when no confidence was given."""
    if cal.items < MIN_CHECKS_FOR_FIGURES or cal.overconfidence is None:
        return None
    gap = round(cal.overconfidence * 100)
    if gap > CONFIDENCE_TOLERANCE:
        return (
            "You were more sure than your answers bore out: test yourself before relying on "
            "a rating."
        )
    if gap < -CONFIDENCE_TOLERANCE:
        return "You were less sure than you needed to be: you know more than you think."
    return "How sure you were matched how often you were right."


def checks_in_words(cal: Calibration) -> str:
    """The knowledge checks in plain words: right on N of M, and how sure the learner was."""
    right = sum(1 for a in cal.answers if a.correct)
    words = f"You were right on {right} of {plural(cal.items, 'check')}."
    confidence = confidence_sentence(cal)
    return f"{words} {confidence}" if confidence else words


def few_checks_line(report: Report) -> str:
    """Below MIN_CHECKS_FOR_FIGURES items: which skill each check was on, right or missed."""
    cal = report.calibration
    assert cal is not None
    names = {s.id: s.name for s in report.skills}
    each = ", ".join(
        f"{names.get(a.skill, a.skill)} {'right' if a.correct else 'missed'}" for a in cal.answers
    )
    return f"{plural(cal.items, 'check')} answered: {each}."


def ratings_evidence_line(cal: Calibration) -> str:
    return (
        f"Your ratings: {cal.supported} supported by a check, {cal.contradicted} contradicted, "
        f"{cal.unverified} not checked."
    )


def calibration_statistics(cal: Calibration) -> str:
    """The statistics behind the words (for --details): accuracy, mean confidence, how far
    apart they are, the Brier score. Only from MIN_CHECKS_FOR_FIGURES items."""
    if cal.items < MIN_CHECKS_FOR_FIGURES:
        return f"Statistics need at least {MIN_CHECKS_FOR_FIGURES} checks."
    parts = [f"accuracy {round(cal.accuracy * 100)}%"]
    if cal.mean_confidence is not None and cal.overconfidence is not None:
        parts.append(f"mean confidence {round(cal.mean_confidence * 100)}%")
        gap = round(cal.overconfidence * 100)
        if gap > 0:
            parts.append(f"overconfident by {gap} points")
        elif gap < 0:
            parts.append(f"underconfident by {-gap} points")
        else:
            parts.append("well calibrated")
        if cal.brier is not None:
            parts.append(f"Brier score {cal.brier:.2f} (0 is perfect, 0.25 is guessing)")
    return "Statistics: " + " · ".join(parts) + "."


@dataclass(frozen=True)
class MissedCheck:
    level: int
    question: str
    chosen: str | None
    right: str | None
    why: str


@dataclass(frozen=True)
class ContradictedRating:
    headline: str
    missed: list[MissedCheck]


def contradicted_notes(report: Report) -> list[ContradictedRating]:
    """For each contradicted skill, a kind headline and the missed items (question, the
    answer given, the right one, why). Raw text: each view cleans it for its medium."""
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
            MissedCheck(a.level, a.question, a.chosen, a.right, a.explanation)
            for a in cal.answers
            if a.skill == skill.skill and not a.correct
        ]
        notes.append(ContradictedRating(headline, missed))
    return notes


# The legends under the tables: what a figure means, in a line.
READINESS_LEGEND = "Readiness is rounded down: 100% means every required level is met."
CATEGORY_LEGEND = "Score: share of the required levels you reach in the category, rounded down."
PRIORITY_LEGEND = (
    "Priority: the gain per hour of study (importance × levels to go ÷ hours per level), "
    "highest first."
)
PLAN_LEGEND = "In prerequisite order: each step comes after the steps it builds on."
ROLE_FIT_LEGEND = "Readiness rounded down: 100% means every level is met."


def next_role(report: Report) -> RoleFit | None:
    """The role the summary names to aim for next (at 100 %), from the role fit."""
    wanted = report.summary.next_role
    return next((f for f in report.role_fit if f.id == wanted), None) if wanted else None


def first_step(report: Report) -> PlanStep | None:
    """The plan step the summary says to start with."""
    order = report.summary.start_here
    return next((s for s in report.plan.steps if s.order == order), None)


def strengths(report: Report) -> list[SkillResult]:
    by_id = {s.id: s for s in report.skills}
    return [by_id[sid] for sid in report.summary.strengths]


def is_paid(resource: ResourceOut) -> bool:
    # Read leniently: the HTML views also take plain objects without the field.
    return bool(getattr(resource, "paid", False))


def is_on_the_job(step: PlanStep) -> bool:
    # ``experience``: the step needs a workplace or a real team, not only study.
    return bool(getattr(step, "experience", False))


PLAN_WEEKLY_HOURS = 6  # the example budget the recap suggests to `mlcareer plan -H`


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
