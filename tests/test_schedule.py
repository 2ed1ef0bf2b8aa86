"""Weekly schedules: week totals and splits worked out by hand, and invalid budgets."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcareer.errors import MlcareerError
from mlcareer.report import Plan, PlanStep
from mlcareer.schedule import (
    MAX_WEEKS,
    check_hours_per_week,
    parse_hours_per_week,
    parse_start,
    parse_weeks,
    schedule_plan,
)

MONDAY = date(2026, 10, 5)


def plan_of(*hours: float) -> Plan:
    steps = [
        PlanStep(order=i + 1, skill=f"s{i + 1}", skill_name=f"Skill {i + 1}", from_level=0,
                 to_level=1, step=f"Do step {i + 1}.", hours=h, resources=[])
        for i, h in enumerate(hours)
    ]  # fmt: skip
    return Plan(total_hours=sum(hours), steps=steps)


def week_rows(schedule):
    """(week number, [(step order, hours, part, parts, continued, continues)], week hours)."""
    return [
        (w.number, [(i.order, i.hours, i.part, i.parts, i.continued, i.continues)
                    for i in w.items], w.hours)
        for w in schedule.weeks
    ]  # fmt: skip


def test_steps_fill_weeks_and_long_steps_are_split():
    # Steps of 4, 15, 5 and 30 h (54 h) at 7.5 h a week. Along the line of hours:
    # week 1 [0, 7.5): step 1 all 4 h + step 2 3.5 h
    # week 2 [7.5, 15): step 2 7.5 h
    # week 3 [15, 22.5): step 2 last 4 h (4 + 15 = 19) + step 3 3.5 h
    # week 4 [22.5, 30): step 3 last 1.5 h (ends at 24) + step 4 6 h
    # weeks 5-7: step 4 7.5 h each (ends at 52.5); week 8: step 4 last 1.5 h.
    # 54 / 7.5 = 7.2 -> 8 weeks; step 4 spans weeks 4-8 (5 parts).
    schedule = schedule_plan(plan_of(4, 15, 5, 30), 7.5, start=MONDAY)
    assert week_rows(schedule) == [
        (1, [(1, 4.0, 1, 1, False, False), (2, 3.5, 1, 3, False, True)], 7.5),
        (2, [(2, 7.5, 2, 3, True, True)], 7.5),
        (3, [(2, 4.0, 3, 3, True, False), (3, 3.5, 1, 2, False, True)], 7.5),
        (4, [(3, 1.5, 2, 2, True, False), (4, 6.0, 1, 5, False, True)], 7.5),
        (5, [(4, 7.5, 2, 5, True, True)], 7.5),
        (6, [(4, 7.5, 3, 5, True, True)], 7.5),
        (7, [(4, 7.5, 4, 5, True, True)], 7.5),
        (8, [(4, 1.5, 5, 5, True, False)], 1.5),
    ]
    assert schedule.weeks_needed == 8
    assert schedule.fits and schedule.unscheduled == []
    assert (schedule.total_hours, schedule.scheduled_hours) == (54.0, 54.0)
    # Week 1 runs Monday 5 to Sunday 11 October; week 8 starts 49 days later, on 23 November.
    assert (schedule.weeks[0].start, schedule.weeks[0].end) == ("2026-10-05", "2026-10-11")
    assert (schedule.weeks[7].start, schedule.weeks[7].end) == ("2026-11-23", "2026-11-29")
    assert schedule.finishes == "2026-11-29"


def test_what_fits_in_fewer_weeks():
    # Same plan, 3 weeks of 7.5 h = 22.5 h: step 3 is 3.5 of 5 h in (1.5 h left),
    # step 4 not started (30 h left).
    schedule = schedule_plan(plan_of(4, 15, 5, 30), 7.5, start=MONDAY, weeks=3)
    assert [w.hours for w in schedule.weeks] == [7.5, 7.5, 7.5]
    assert not schedule.fits and schedule.finishes is None
    assert schedule.weeks_needed == 8 and schedule.weeks_limit == 3
    assert schedule.scheduled_hours == 22.5
    assert [(u.order, u.hours_left, u.started) for u in schedule.unscheduled] == [
        (3, 1.5, True),
        (4, 30.0, False),
    ]
    # Parts count the whole plan, so step 3 still reads "part 1 of 2".
    last = schedule.weeks[2].items[-1]
    assert (last.order, last.part, last.parts, last.continues) == (3, 1, 2, True)


def test_more_weeks_than_needed_shows_only_the_needed_ones():
    schedule = schedule_plan(plan_of(3, 3), 10, start=MONDAY, weeks=5)
    assert week_rows(schedule) == [
        (1, [(1, 3.0, 1, 1, False, False), (2, 3.0, 1, 1, False, False)], 6.0)
    ]
    assert schedule.fits and schedule.finishes == "2026-10-11"


def test_a_step_that_fills_a_week_exactly_is_not_split():
    schedule = schedule_plan(plan_of(6, 6, 2), 6, start=MONDAY)
    assert week_rows(schedule) == [
        (1, [(1, 6.0, 1, 1, False, False)], 6.0),
        (2, [(2, 6.0, 1, 1, False, False)], 6.0),
        (3, [(3, 2.0, 1, 1, False, False)], 2.0),
    ]


def test_sums_are_exact():
    # In floating point 0.1 + 0.2 > 0.3, which would push step 2 into a second week.
    schedule = schedule_plan(plan_of(0.1, 0.2), 0.3, start=MONDAY)
    assert week_rows(schedule) == [
        (1, [(1, 0.1, 1, 1, False, False), (2, 0.2, 1, 1, False, False)], 0.3)
    ]
    schedule = schedule_plan(plan_of(2.5, 2.5, 2), 7, start=MONDAY)
    assert [w.hours for w in schedule.weeks] == [7.0]


def test_steps_without_hours_sit_where_the_previous_step_ended():
    # Week 1 is filled exactly by step 1 (5 h); step 2 (0 h) stays in week 1;
    # step 3 starts week 2; a leading 0 h step sits in week 1.
    schedule = schedule_plan(plan_of(0, 5, 0, 3), 5, start=MONDAY)
    assert week_rows(schedule) == [
        (1, [(1, 0.0, 1, 1, False, False), (2, 5.0, 1, 1, False, False),
             (3, 0.0, 1, 1, False, False)], 5.0),
        (2, [(4, 3.0, 1, 1, False, False)], 3.0),
    ]  # fmt: skip
    only_unwritten = schedule_plan(plan_of(0, 0), 5, start=MONDAY)
    assert only_unwritten.weeks_needed == 1 and len(only_unwritten.weeks) == 1


def test_an_empty_plan_has_no_weeks():
    schedule = schedule_plan(Plan(total_hours=0, steps=[]), 5, start=MONDAY)
    assert schedule.weeks == [] and schedule.weeks_needed == 0
    assert schedule.fits and schedule.finishes is None


def test_resources_and_texts_travel_with_each_part():
    schedule = schedule_plan(plan_of(10), 4, start=MONDAY)
    assert [(i.step, i.step_hours, i.hours) for w in schedule.weeks for i in w.items] == [
        ("Do step 1.", 10.0, 4.0),
        ("Do step 1.", 10.0, 4.0),
        ("Do step 1.", 10.0, 2.0),
    ]


@pytest.mark.parametrize("bad", [0, -1, -0.5, math.nan, math.inf, 168.5])
def test_invalid_budgets_are_refused(bad):
    with pytest.raises(MlcareerError) as caught:
        schedule_plan(plan_of(5), bad, start=MONDAY)
    assert caught.value.exit_code == 2
    assert "--hours-per-week" in caught.value.render()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "--hours-per-week 'abc' is not a number: give the hours you can study in a "
                "week, e.g. --hours-per-week 6"),
        ("", "--hours-per-week '' is not a number"),
        ("6h", "--hours-per-week '6h' is not a number"),
        ("nan", "--hours-per-week 'nan' is not a number"),
        ("0", "--hours-per-week must be a number of hours above 0, not 0: give the hours"),
        ("-3", "--hours-per-week must be a number of hours above 0, not -3"),
        ("169", "--hours-per-week 169 is more than the 168 hours a week has"),
    ],
)  # fmt: skip
def test_parsing_the_budget(text, message):
    with pytest.raises(MlcareerError) as caught:
        parse_hours_per_week(text)
    assert caught.value.render().startswith(message)


def test_valid_budgets_parse():
    assert parse_hours_per_week("6") == 6.0
    assert parse_hours_per_week(" 7.5 ") == 7.5
    check_hours_per_week(168)


def test_parsing_weeks_and_start():
    assert parse_weeks("12") == 12
    for bad in ("0", "-2", "2.5", "x", str(MAX_WEEKS + 1)):
        with pytest.raises(MlcareerError, match="--weeks"):
            parse_weeks(bad)
    assert parse_start("2026-10-05") == MONDAY
    with pytest.raises(MlcareerError, match=r"--start '2026-13-01' is not a date: write it as"):
        parse_start("2026-13-01")


def test_a_plan_longer_than_twenty_years_needs_a_bigger_budget():
    # 2000 h at 1 h a week is 2000 weeks, over the 1040-week cap.
    with pytest.raises(MlcareerError, match="takes 2,000 weeks, more than twenty years"):
        schedule_plan(plan_of(2000), 1, start=MONDAY)
    capped = schedule_plan(plan_of(2000), 1, start=MONDAY, weeks=4)
    assert [w.hours for w in capped.weeks] == [1.0] * 4
    assert capped.unscheduled[0].hours_left == 1996.0


@settings(max_examples=200, deadline=None)
@given(
    hours=st.lists(st.integers(min_value=0, max_value=80).map(lambda n: n / 2), max_size=12),
    budget=st.integers(min_value=1, max_value=40).map(lambda n: n / 2),
)
def test_weeks_are_full_except_the_last_and_add_up(hours, budget):
    schedule = schedule_plan(plan_of(*hours), budget, start=MONDAY)
    week_hours = [w.hours for w in schedule.weeks]
    assert math.isclose(sum(week_hours), sum(hours), abs_tol=1e-6)
    assert all(h == budget for h in week_hours[:-1])
    assert all(h <= budget for h in week_hours)
    # Every step's parts add up to its hours, in plan order.
    parts: dict[int, float] = {}
    order = []
    for week in schedule.weeks:
        for item in week.items:
            parts[item.order] = parts.get(item.order, 0) + item.hours
            order.append(item.order)
    assert order == sorted(order)
    assert all(math.isclose(parts[i + 1], h, abs_tol=1e-6) for i, h in enumerate(hours))
