"""The terminal view of a report, drawn with rich (imported only when drawing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlcareer.render.text import (
    added_step_note,
    bar,
    calibration_summary,
    contradicted_notes,
    count,
    gaps_by_priority,
    hours,
    level_change,
    percent,
    summary_line,
)
from mlcareer.report import Report

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def make_console(
    *, no_color: bool = False, stderr: bool = False, file=None, width: int | None = None
) -> Console:
    """A console that draws no colour when asked, under NO_COLOR, TERM=dumb or off a TTY."""
    from rich.console import Console

    return Console(
        no_color=no_color or None,
        stderr=stderr,
        file=file,
        width=width,
        highlight=False,
        soft_wrap=False,
    )


def _levels(count: int) -> str:
    return f"{count} level" if count == 1 else f"{count} levels"


def readiness_style(value: float | None) -> str:
    """The colour of a percentage: green from 80, yellow from 50, red below."""
    if value is None:
        return "dim"
    if value >= 80:
        return "green"
    if value >= 50:
        return "yellow"
    return "red"


INDENT = 5


def _print_indented(console: Console, text: Text, indent: int = INDENT) -> None:
    """Print ``text`` wrapped and indented, without padding lines with spaces."""
    for line in text.wrap(console, max(20, console.width - indent)):
        line.rstrip()
        console.print(" " * indent, line, sep="")


def render_terminal(report: Report, console: Console) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    who = f"{report.learner.name} · " if report.learner and report.learner.name else ""
    console.print()
    seniority = f" ({report.role.seniority})" if report.role.seniority else ""
    console.print(Text(f"mlcareer · {who}{report.role.name}{seniority}", style="bold"))
    readiness = Text("Readiness  ")
    readiness.append(bar(report.readiness, 30), style=readiness_style(report.readiness))
    readiness.append(f"  {percent(report.readiness)}", style="bold")
    console.print(readiness)
    console.print(Text(summary_line(report), style="dim"))

    if report.calibration:
        console.print()
        console.print(Text("Self-assessment check", style="bold"))
        _print_indented(console, Text(calibration_summary(report) or ""), indent=0)
        for headline, missed in contradicted_notes(report):
            _print_indented(console, Text(headline, style="yellow"), indent=2)
            for line in missed:
                _print_indented(console, Text(line, style="dim"), indent=4)

    categories = Table(
        box=None,
        padding=(0, 1),
        pad_edge=False,
    )
    categories.add_column("Category", overflow="fold")
    categories.add_column("", no_wrap=True)
    categories.add_column("Score", justify="right", no_wrap=True)
    categories.add_column("Gap", justify="right", no_wrap=True)
    for category in report.categories:
        categories.add_row(
            category.name,
            Text(bar(category.score, 16), style=readiness_style(category.score)),
            percent(category.score),
            _levels(category.gap) if category.score is not None else "not required",
        )
    console.print()
    console.print(Text("Categories", style="bold"))
    console.print(categories)

    gaps = gaps_by_priority(report)
    console.print()
    if gaps:
        table = Table(
            box=None,
            padding=(0, 1),
            pad_edge=False,
        )
        table.add_column("Skill", overflow="fold")
        table.add_column("You", justify="right", no_wrap=True)
        table.add_column("Need", justify="right", no_wrap=True)
        table.add_column("Hours", justify="right", no_wrap=True)
        table.add_column("Priority", justify="right", no_wrap=True)
        for skill in gaps:
            you = "skip" if skill.rating is None else str(skill.level)
            table.add_row(
                skill.name,
                you,
                str(skill.required),
                hours(skill.hours_to_close),
                f"{skill.priority:g}",
            )
        console.print(Text("Gaps by priority", style="bold"))
        console.print(table)
    else:
        console.print(Text("No gaps: every required level is met.", style="green"))

    console.print()
    console.print(Text(f"Learning plan · {hours(report.plan.total_hours)}", style="bold"))
    for step in report.plan.steps:
        head = Text(f"{step.order:>3}. ")
        head.append(step.skill_name, style="bold")
        head.append(f" {level_change(step.from_level, step.to_level)} · {hours(step.hours)}")
        if step.experience:
            head.append(" (on the job)", style="yellow")
        console.print(head)
        text = step.step or "(the taxonomy has no learning step for this level)"
        _print_indented(console, Text(text))
        note = added_step_note(step)
        if note:
            _print_indented(console, Text(note, style="dim"))
        for resource in step.resources:
            line = Text.from_markup(
                f"[dim]{resource.kind}:[/dim] [link={escape(resource.url)}]"
                f"{escape(resource.title)}[/link]{' (paid)' if resource.paid else ''} "
                f"[dim]{escape(resource.url)}[/dim]"
            )
            _print_indented(console, line)

    fit = Table(
        box=None,
        padding=(0, 1),
        pad_edge=False,
    )
    fit.add_column("Role", overflow="fold")
    fit.add_column("Readiness", justify="right", no_wrap=True)
    fit.add_column("With a gap", justify="right", no_wrap=True)
    fit.add_column("Not assessed", justify="right", no_wrap=True)
    fit.add_column("Hours", justify="right", no_wrap=True)
    for role in report.role_fit:
        marker = " ◀" if role.id == report.role.id else ""
        fit.add_row(
            role.name + marker,
            percent(role.readiness),
            count(role.with_gap),
            count(role.not_assessed),
            hours(role.hours_to_close),
        )
    console.print()
    console.print(Text("Fit to every role", style="bold"))
    console.print(fit)
