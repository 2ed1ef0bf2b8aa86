"""Views of the history, of a comparison and of a weekly schedule.

Terminal (rich, imported only when drawing), Markdown and JSON, as for reports;
no view computes a figure the core did not.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mlcareer.render.markdown import table
from mlcareer.render.text import bar, hours, level_change, percent

if TYPE_CHECKING:
    from rich.console import Console

    from mlcareer.compare import Comparison, SkillChange
    from mlcareer.history import HistoryEntry
    from mlcareer.schedule import Schedule, WeekItem

SPARK_CELLS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """One cell per percentage on a fixed 0-100 scale, so a flat line means no progress."""
    top = len(SPARK_CELLS) - 1
    return "".join(SPARK_CELLS[round(min(max(v, 0.0), 100.0) / 100 * top)] for v in values)


def _signed(value: float, unit: str = "") -> str:
    return f"{value:+g}{unit}" if value else f"±0{unit}"


def _points(value: float) -> str:
    """Readiness change in percentage points, one decimal like the readiness itself."""
    return f"{value:+.1f} points" if value else "±0.0 points"


def _date(timestamp: str) -> str:
    return timestamp[:10]


def _learner(name: str | None, learner_id: str | None) -> str:
    return name or learner_id or "-"


# -- history -------------------------------------------------------------------------


def history_json(entries: list[HistoryEntry]) -> str:
    return json.dumps([e.as_dict() for e in entries], indent=2) + "\n"


def history_markdown(entries: list[HistoryEntry]) -> str:
    out = ["# Assessment history", ""]
    if not entries:
        return "\n".join([*out, "No assessments saved yet.", ""])
    out += table(
        ["Id", "Date", "Learner", "Taxonomy", "Role", "Readiness", "Plan"],
        [
            [
                e.id,
                _date(e.created_at),
                _learner(e.learner_name, e.learner_id),
                f"{e.taxonomy_id} {e.taxonomy_version}",
                e.role_name,
                percent(e.readiness),
                hours(e.plan_hours),
            ]
            for e in entries
        ],
    )
    return "\n".join(out) + "\n"


def print_history(entries: list[HistoryEntry], console: Console, location: str) -> None:
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    grid.add_column("Id", justify="right", no_wrap=True)
    grid.add_column("Date", no_wrap=True)
    grid.add_column("Learner", overflow="fold")
    grid.add_column("Taxonomy", overflow="fold")
    grid.add_column("Role", overflow="fold")
    grid.add_column("Readiness", no_wrap=True)
    grid.add_column("", justify="right", no_wrap=True)
    grid.add_column("Plan", justify="right", no_wrap=True)
    for entry in entries:
        grid.add_row(
            str(entry.id),
            _date(entry.created_at),
            _learner(entry.learner_name, entry.learner_id),
            f"{entry.taxonomy_id} {entry.taxonomy_version}",
            entry.role_name,
            Text(bar(entry.readiness, 10)),
            percent(entry.readiness),
            hours(entry.plan_hours),
        )
    console.print(grid)
    count = f"{len(entries)} assessment{'' if len(entries) == 1 else 's'}"
    # soft_wrap: a long path stays whole, so it can be copied.
    console.print(Text(f"{count} · {location}", style="dim"), soft_wrap=True)


# -- comparison ----------------------------------------------------------------------


def _rating(value: int | None) -> str:
    return "skip" if value is None else str(value)


def _level_cell(change: SkillChange) -> str:
    """'1→3' with the self-rating when it differs from the scored level."""
    before = str(change.level_before)
    after = str(change.level_after)
    if change.rating_before is not None and change.rating_before != change.level_before:
        before += f" (rated {change.rating_before})"
    if change.rating_after is not None and change.rating_after != change.level_after:
        after += f" (rated {change.rating_after})"
    if change.rating_before is None:
        before = "skip"
    if change.rating_after is None:
        after = "skip"
    return f"{before}→{after}"


def _skill_label(change: SkillChange) -> str:
    renamed = f" (was `{change.former_id}`)" if change.former_id else ""
    return change.name + renamed


def _headline(cmp: Comparison) -> str:
    return (
        f"{cmp.before.ref} ({_date(cmp.before.created_at)}) → "
        f"{cmp.after.ref} ({_date(cmp.after.created_at)})"
    )


def _gap_names(cmp: Comparison, ids: list[str]) -> str:
    names = {c.id: c.name for c in cmp.skills} | {n.id: n.name for n in cmp.added}
    return ", ".join(names[i] for i in ids) if ids else "none"


def comparison_markdown(cmp: Comparison) -> str:
    who = f" · {cmp.after.learner}" if cmp.after.learner else ""
    out = [
        f"# Progress: {cmp.after.role_name}{who}",
        "",
        f"{_headline(cmp)}",
        "",
        f"Readiness **{percent(cmp.before.readiness)} → {percent(cmp.after.readiness)}** "
        f"({_points(cmp.readiness_change)}); learning plan "
        f"{hours(cmp.before.plan_hours)} → {hours(cmp.after.plan_hours)}.",
        "",
    ]
    if len(cmp.timeline) > 2:
        out += [
            f"Readiness over time: `{sparkline([p.readiness for p in cmp.timeline])}` "
            + " · ".join(f"{p.ref} {percent(p.readiness)}" for p in cmp.timeline),
            "",
        ]
    for note in cmp.notes:
        out += [f"> Note: {note}.", ""]
    moved = [c for c in cmp.skills if c.changed]
    out += ["## Skills that moved", ""]
    if moved:
        out += table(
            ["Skill", "Level", "Change", "Needed", "Gap"],
            [
                [
                    _skill_label(c),
                    _level_cell(c),
                    _signed(c.level_change),
                    level_change(c.required_before, c.required_after)
                    if c.required_before != c.required_after
                    else c.required_after,
                    f"{c.gap_before}→{c.gap_after}",
                ]
                for c in moved
            ],
        )
    else:
        out.append("No skill moved.")
    out += [
        "",
        f"**Gaps closed:** {_gap_names(cmp, cmp.gaps_closed)}  ",
        f"**Gaps opened:** {_gap_names(cmp, cmp.gaps_opened)}",
    ]
    if cmp.gone:
        out += ["", "## No longer in the taxonomy", ""]
        out += [
            f"- {g.name} (`{g.id}`), rated {_rating(g.rating)}"
            + (f": now part of `{g.merged_into}`" if g.merged_into else "")
            for g in cmp.gone
        ]
    if cmp.added:
        out += ["", "## New in the taxonomy", ""]
        out += [
            f"- {n.name} (`{n.id}`), rated {_rating(n.rating)}, needed {n.required}"
            for n in cmp.added
        ]
    return "\n".join(out) + "\n"


def print_comparison(cmp: Comparison, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    who = f" · {cmp.after.learner}" if cmp.after.learner else ""
    console.print()
    console.print(Text(f"mlcareer · progress{who} · {cmp.after.role_name}", style="bold"))
    console.print(Text(_headline(cmp), style="dim"))
    line = Text("Readiness  ")
    line.append(bar(cmp.before.readiness, 12))
    line.append(f" {percent(cmp.before.readiness)}  →  ")
    line.append(bar(cmp.after.readiness, 12))
    line.append(f" {percent(cmp.after.readiness)}  ", style="bold")
    style = "green" if cmp.readiness_change > 0 else "red" if cmp.readiness_change < 0 else ""
    line.append(_points(cmp.readiness_change), style=style)
    console.print(line)
    if len(cmp.timeline) > 1:
        spark = Text("Over time  ")
        spark.append(sparkline([p.readiness for p in cmp.timeline]), style="bold")
        spark.append(
            f"  {len(cmp.timeline)} assessments, {percent(cmp.timeline[0].readiness)} → "
            f"{percent(cmp.timeline[-1].readiness)}",
            style="dim",
        )
        console.print(spark)
    console.print(
        f"Plan       {hours(cmp.before.plan_hours)} → {hours(cmp.after.plan_hours)} "
        f"({_signed(cmp.plan_hours_change, ' h')})"
    )
    for note in cmp.notes:
        console.print(Text(f"Note: {note}.", style="yellow"))

    moved = [c for c in cmp.skills if c.changed]
    console.print()
    if moved:
        grid = Table(
            title="Skills that moved",
            title_justify="left",
            title_style="bold",
            box=None,
            padding=(0, 1),
            pad_edge=False,
        )
        grid.add_column("Skill", overflow="fold")
        grid.add_column("Level", no_wrap=True)
        grid.add_column("Change", justify="right", no_wrap=True)
        grid.add_column("Need", justify="right", no_wrap=True)
        grid.add_column("Gap", justify="right", no_wrap=True)
        for change in moved:
            colour = "green" if change.level_change > 0 else ""
            colour = "red" if change.level_change < 0 else colour
            need = (
                level_change(change.required_before, change.required_after)
                if change.required_before != change.required_after
                else str(change.required_after)
            )
            grid.add_row(
                _skill_label(change),
                _level_cell(change),
                Text(_signed(change.level_change), style=colour),
                need,
                f"{change.gap_before}→{change.gap_after}",
            )
        console.print(grid)
        unchanged = len(cmp.skills) - len(moved)
        if unchanged:
            noun = "skill" if unchanged == 1 else "skills"
            console.print(Text(f"{unchanged} other {noun} unchanged", style="dim"))
    else:
        console.print(Text("No skill moved.", style="dim"))
    console.print()
    console.print(
        Text("Gaps closed  ", style="bold").append(
            _gap_names(cmp, cmp.gaps_closed), style="green" if cmp.gaps_closed else "dim"
        )
    )
    console.print(
        Text("Gaps opened  ", style="bold").append(
            _gap_names(cmp, cmp.gaps_opened), style="red" if cmp.gaps_opened else "dim"
        )
    )
    if cmp.gone:
        console.print()
        console.print(Text("No longer in the taxonomy", style="bold"))
        for gone in cmp.gone:
            merged = f", now part of {gone.merged_into}" if gone.merged_into else ""
            console.print(f"  {gone.name} ({gone.id}), rated {_rating(gone.rating)}{merged}")
    if cmp.added:
        console.print()
        console.print(Text("New in the taxonomy", style="bold"))
        for new in cmp.added:
            console.print(
                f"  {new.name} ({new.id}), rated {_rating(new.rating)}, needed {new.required}"
            )


# -- schedule ------------------------------------------------------------------------


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
    if schedule.fits:
        return (
            f"{hours(schedule.total_hours)} {per_week}: {schedule.weeks_needed} weeks, "
            f"from {schedule.start} to {schedule.finishes}."
        )
    return (
        f"{hours(schedule.scheduled_hours)} of {hours(schedule.total_hours)} fit in "
        f"{len(schedule.weeks)} weeks {per_week}; the whole plan takes "
        f"{schedule.weeks_needed} weeks."
    )


def _source_line(schedule: Schedule) -> str | None:
    src = schedule.source
    if src is None:
        return None
    who = f"{src.learner} · " if src.learner else ""
    return (
        f"{who}{src.role_name} · readiness {percent(src.readiness)} · "
        f"{src.ref} of {_date(src.created_at)}"
    )


def schedule_markdown(schedule: Schedule) -> str:
    out = ["# Learning schedule", ""]
    source = _source_line(schedule)
    if source:
        out += [source, ""]
    out += [_finish_sentence(schedule), ""]
    for week in schedule.weeks:
        out += [f"## Week {week.number} · {week.start} to {week.end} · {hours(week.hours)}", ""]
        for item in week.items:
            out.append(
                f"- [ ] **{item.skill_name}** {level_change(item.from_level, item.to_level)}"
                f"{', continued' if item.continued else ''} ({_part(item)}): {_step_text(item)}"
            )
            if not item.continued:
                for resource in item.resources:
                    out.append(f"  - [{resource.title}]({resource.url}) ({resource.kind})")
        out.append("")
    if schedule.unscheduled:
        out += [f"## After week {len(schedule.weeks)}", ""]
        for left in schedule.unscheduled:
            rest = "the rest of " if left.started else ""
            out.append(
                f"- [ ] {rest}**{left.skill_name}** "
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
        console.print(Text(source, style="dim"))
    console.print(_finish_sentence(schedule))
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
            label = Text(item.skill_name, style="bold")
            label.append(f" {level_change(item.from_level, item.to_level)}")
            if item.parts > 1:
                label.append(f" · part {item.part}/{item.parts}", style="dim")
            if item.continued:
                label.append(" (continued)", style="dim")
            grid.add_row(
                str(week.number) if first else "",
                week.start if first else "",
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
                f"  {rest}{left.skill_name} {level_change(left.from_level, left.to_level)} · "
                f"{hours(left.hours_left)}"
            )
