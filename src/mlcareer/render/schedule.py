"""Views of a learning plan laid into weeks: terminal (rich, imported only when drawing)
and Markdown. No view computes a figure the core did not.

Skill names, steps and resources come from the report (and so from a taxonomy someone else
wrote), so they are drawn through mlcareer.safe_text: cleaned ``Text`` on the terminal,
never rich markup; escaped text in Markdown, where only clean https URLs become links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlcareer.render.text import date_of, hours, level_change, percent, plan_hours
from mlcareer.safe_text import clean, markdown_link, markdown_text
from mlcareer.wording import plural

if TYPE_CHECKING:
    from rich.console import Console

    from mlcareer.schedule import Schedule, WeekItem


def _part(item: WeekItem) -> str:
    if item.parts == 1:
        return hours(item.hours)
    return f"{hours(item.hours)} of {hours(item.step_hours)}, part {item.part}/{item.parts}"


def _step_text(item: WeekItem) -> str:
    return item.step or "(the taxonomy has no learning step for this level)"


def _finish_sentence(schedule: Schedule) -> str:
    if not schedule.weeks:
        return "Nothing to schedule: every required level is met."
    per_week = f"at {hours(schedule.hours_per_week)} a week"
    total = plan_hours(schedule.total_hours, schedule.steps_without_hours)
    if schedule.fits:
        return (
            f"{total} {per_week}: {plural(schedule.weeks_needed, 'week')}, "
            f"from {schedule.start} to {schedule.finishes}."
        )
    return (
        f"{hours(schedule.scheduled_hours)} of {total} fit in "
        f"{plural(len(schedule.weeks), 'week')} {per_week}; the whole plan takes "
        f"{plural(schedule.weeks_needed, 'week')}."
    )


def _source_line(schedule: Schedule) -> str | None:
    src = schedule.source
    if src is None:
        return None
    who = f"{src.learner} · " if src.learner else ""
    return (
        f"{who}{src.role_name} · readiness {percent(src.readiness)} · "
        f"{src.ref} of {date_of(src.created_at)}"
    )


def schedule_markdown(schedule: Schedule) -> str:
    out = ["# Learning schedule", ""]
    source = _source_line(schedule)
    if source:
        out += [markdown_text(source), ""]
    out += [_finish_sentence(schedule), ""]
    for week in schedule.weeks:
        out += [f"## Week {week.number} · {week.start} to {week.end} · {hours(week.hours)}", ""]
        for item in week.items:
            out.append(
                f"- [ ] **{markdown_text(item.skill_name)}** "
                f"{level_change(item.from_level, item.to_level)}"
                f"{', continued' if item.continued else ''} ({_part(item)}): "
                f"{markdown_text(_step_text(item))}"
            )
            if not item.continued:
                for resource in item.resources:
                    out.append(
                        f"  - {markdown_link(resource.title, resource.url)} "
                        f"({markdown_text(resource.kind)})"
                    )
        out.append("")
    if schedule.unscheduled:
        out += [f"## After week {len(schedule.weeks)}", ""]
        for left in schedule.unscheduled:
            rest = "the rest of " if left.started else ""
            out.append(
                f"- [ ] {rest}**{markdown_text(left.skill_name)}** "
                f"{level_change(left.from_level, left.to_level)} ({hours(left.hours_left)})"
            )
        out.append("")
    return "\n".join(out)


def print_schedule(schedule: Schedule, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print()
    console.print(Text("mlcareer · learning schedule", style="bold"))
    source = _source_line(schedule)
    if source:
        console.print(Text(clean(source), style="dim"))
    console.print(Text(clean(_finish_sentence(schedule))))
    if not schedule.weeks:
        return
    grid = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    grid.add_column("Week", justify="right", no_wrap=True)
    grid.add_column("Starts", no_wrap=True)
    grid.add_column("Step", overflow="fold")
    grid.add_column("Hours", justify="right", no_wrap=True)
    for week in schedule.weeks:
        for index, item in enumerate(week.items):
            first = index == 0
            label = Text(clean(item.skill_name), style="bold")
            label.append(f" {level_change(item.from_level, item.to_level)}")
            if item.parts > 1:
                label.append(f" · part {item.part}/{item.parts}", style="dim")
            if item.continued:
                label.append(" (continued)", style="dim")
            grid.add_row(
                str(week.number) if first else "",
                Text(clean(week.start)) if first else "",
                label,
                f"{item.hours:g}",
            )
        grid.add_row(
            "",
            "",
            Text("week total", style="dim"),
            Text(hours(week.hours), style="dim"),
            end_section=True,
        )
    console.print()
    console.print(grid)
    if schedule.unscheduled:
        console.print()
        console.print(Text(f"After week {len(schedule.weeks)}", style="bold"))
        for left in schedule.unscheduled:
            rest = "rest of " if left.started else ""
            console.print(
                Text(
                    clean(
                        f"  {rest}{left.skill_name} "
                        f"{level_change(left.from_level, left.to_level)} · "
                        f"{hours(left.hours_left)}"
                    )
                )
            )
