"""A learning plan laid out in weeks that fit a weekly time budget.

The steps keep the plan's order (prerequisites first). Think of the plan as one
line of hours: step i covers [start_i, start_i + hours_i), week k covers
[k x budget, (k + 1) x budget). A step lies in every week its stretch touches, so
each week is filled up to the budget and a long step is split across weeks, its
later parts marked as continued. A step with no hours (the taxonomy has no
learning step for that level) sits in the week where the previous step ended.
Sums are exact (fractions), so a week of 2.5 + 2.5 + 2 hours is 7, not 6.999...
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction

from pydantic import Field

from mlcareer.errors import MlcareerError
from mlcareer.plan import total_hours_of
from mlcareer.report import OutputModel, Plan, ReportRef, ResourceOut, exact

HOURS_IN_A_WEEK = 168
MAX_WEEKS = 1040  # twenty years: a schedule longer than that helps nobody


class WeekItem(OutputModel):
    order: int = Field(description="The step's number in the learning plan.")
    skill: str
    skill_name: str
    from_level: int
    to_level: int
    step: str | None
    hours: float = Field(description="Hours of the step planned in this week.")
    step_hours: float = Field(description="Hours of the whole step.")
    part: int = Field(description="Which part of the step this is, from 1.")
    parts: int = Field(description="In how many weeks the step is done.")
    continued: bool = Field(description="The step started in an earlier week.")
    continues: bool = Field(description="The step goes on in the next week.")
    resources: list[ResourceOut]


class Week(OutputModel):
    number: int
    start: str = Field(description="First day, ISO 8601 date.")
    end: str = Field(description="Last day, ISO 8601 date.")
    hours: float
    items: list[WeekItem]


class Unscheduled(OutputModel):
    """A step, or the rest of one, that does not fit in the weeks asked for."""

    order: int
    skill: str
    skill_name: str
    from_level: int
    to_level: int
    hours_left: float
    started: bool


class Schedule(OutputModel):
    source: ReportRef | None = None
    hours_per_week: float
    start: str
    weeks_limit: int | None = Field(description="--weeks, when given.")
    total_hours: float = Field(
        description="Hours of the plan's estimated steps: at least this when "
        "steps_without_hours is above 0."
    )
    steps_without_hours: int = Field(
        default=0, ge=0, description="Steps the taxonomy gives no hours for."
    )
    scheduled_hours: float = Field(description="Hours placed in the weeks shown.")
    weeks_needed: int = Field(description="Weeks the whole plan takes at this budget.")
    fits: bool = Field(description="True when the whole plan fits in the weeks shown.")
    finishes: str | None = Field(description="Last day of the last week, when the plan fits.")
    weeks: list[Week]
    unscheduled: list[Unscheduled]


def _hours(value: Fraction) -> float:
    return round(float(value), 2)


def weeks_needed(plan: Plan, hours_per_week: float) -> int:
    """Weeks the plan takes: ceil(total / budget), or one week of no-hour steps."""
    total = total_hours_of(plan.steps)
    if total == 0:
        return 1 if plan.steps else 0
    return math.ceil(total / exact(hours_per_week))


def schedule_plan(
    plan: Plan,
    hours_per_week: float,
    *,
    start: date,
    weeks: int | None = None,
    source: ReportRef | None = None,
) -> Schedule:
    """Lay ``plan`` out in weeks of ``hours_per_week`` from ``start``; ``weeks`` caps them."""
    check_hours_per_week(hours_per_week)
    if weeks is not None:
        check_weeks(weeks)
    budget = exact(hours_per_week)
    total = total_hours_of(plan.steps)
    needed = weeks_needed(plan, hours_per_week)
    if weeks is None and needed > MAX_WEEKS:
        raise MlcareerError(
            f"at {hours_per_week:g} hours a week the plan ({_hours(total):g} h) takes "
            f"{needed:,} weeks, more than twenty years: raise --hours-per-week, or pass --weeks "
            "to see what fits"
        )
    shown = needed if weeks is None else min(weeks, needed)
    try:
        start + timedelta(days=7 * max(shown, 1) - 1)  # the last day shown
    except OverflowError:
        count = f"{max(shown, 1)} week{'s' if shown > 1 else ''}"
        raise MlcareerError(
            f"--start {start.isoformat()} leaves no room for {count} before the calendar ends "
            "(31 December 9999): choose an earlier date"
        ) from None

    items: list[list[WeekItem]] = [[] for _ in range(shown)]
    unscheduled: list[Unscheduled] = []
    position = Fraction(0)  # hours of the plan before this step
    for step in plan.steps:
        length = exact(step.hours)
        end = position + length
        if length == 0:
            first = last = max(math.ceil(position / budget) - 1, 0)
        else:
            first = math.floor(position / budget)
            last = math.ceil(end / budget) - 1
        parts = last - first + 1
        for week in range(first, min(last, shown - 1) + 1):
            here = min(end, (week + 1) * budget) - max(position, week * budget)
            items[week].append(
                WeekItem(
                    order=step.order,
                    skill=step.skill,
                    skill_name=step.skill_name,
                    from_level=step.from_level,
                    to_level=step.to_level,
                    step=step.step,
                    hours=_hours(here),
                    step_hours=step.hours,
                    part=week - first + 1,
                    parts=parts,
                    continued=week > first,
                    continues=week < last,
                    resources=step.resources,
                )
            )
        if last >= shown:
            left = end - max(position, shown * budget)
            unscheduled.append(
                Unscheduled(
                    order=step.order,
                    skill=step.skill,
                    skill_name=step.skill_name,
                    from_level=step.from_level,
                    to_level=step.to_level,
                    hours_left=_hours(left),
                    started=first < shown,
                )
            )
        position = end

    laid_out = []
    for index, week_items in enumerate(items):
        first_day = start + timedelta(days=7 * index)
        laid_out.append(
            Week(
                number=index + 1,
                start=first_day.isoformat(),
                end=(first_day + timedelta(days=6)).isoformat(),
                hours=_hours(sum((exact(i.hours) for i in week_items), Fraction(0))),
                items=week_items,
            )
        )
    fits = not unscheduled
    scheduled = total - sum((exact(u.hours_left) for u in unscheduled), Fraction(0))
    return Schedule(
        source=source,
        hours_per_week=hours_per_week,
        start=start.isoformat(),
        weeks_limit=weeks,
        total_hours=_hours(total),
        steps_without_hours=plan.steps_without_hours,
        scheduled_hours=_hours(scheduled),
        weeks_needed=needed,
        fits=fits,
        finishes=laid_out[-1].end if fits and laid_out else None,
        weeks=laid_out,
        unscheduled=unscheduled,
    )


# -- checking what the user typed ---------------------------------------------------


def check_hours_per_week(hours: float) -> None:
    if not math.isfinite(hours) or hours <= 0:
        raise MlcareerError(
            f"--hours-per-week must be a number of hours above 0, not {hours:g}: give the "
            "hours you can study in a week, e.g. --hours-per-week 6"
        )
    if hours > HOURS_IN_A_WEEK:
        raise MlcareerError(
            f"--hours-per-week {hours:g} is more than the {HOURS_IN_A_WEEK} hours a week has: "
            "give the hours you can study in a week, e.g. --hours-per-week 6"
        )


def check_weeks(weeks: int) -> None:
    if weeks < 1 or weeks > MAX_WEEKS:
        raise MlcareerError(f"--weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks}")


def parse_hours_per_week(text: str) -> float:
    """``"6"`` or ``"7.5"`` -> hours; anything else is a usage error."""
    try:
        hours = float(text.strip())
        if not math.isfinite(hours):
            raise ValueError(text)
    except ValueError:
        raise MlcareerError(
            f"--hours-per-week {text!r} is not a number: give the hours you can study in a "
            "week, e.g. --hours-per-week 6"
        ) from None
    check_hours_per_week(hours)
    return hours


def parse_weeks(text: str) -> int:
    try:
        weeks = int(text.strip())
    except ValueError:
        raise MlcareerError(
            f"--weeks {text!r} is not a whole number: give a count of weeks, e.g. --weeks 12"
        ) from None
    check_weeks(weeks)
    return weeks


def parse_start(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise MlcareerError(
            f"--start {text!r} is not a date: write it as YYYY-MM-DD, e.g. --start 2026-10-05"
        ) from None
