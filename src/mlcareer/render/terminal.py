"""The terminal view of a report, drawn with rich (imported only when drawing).

The summary comes first (readiness and counts, where to start, what is already met, the
next role at 100 %), then the long sections, then a short recap, so the part that matters
is on the first and on the last screen.

Every string that came from a file (taxonomy, report) goes through ``clean`` and into a
rich ``Text``, never into markup. URLs are printed whole on a line of their own, with
``soft_wrap`` so rich never folds them (the terminal wraps them, and its link detection
sees the whole address); on a terminal a clean https URL is also an OSC 8 hyperlink.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from mlcareer.render.text import (
    CATEGORY_LEGEND,
    MIN_CHECKS_FOR_FIGURES,
    PLAN_LEGEND,
    PLAN_WEEKLY_HOURS,
    PRIORITY_LEGEND,
    READINESS_LEGEND,
    ROLE_FIT_LEGEND,
    added_step_note,
    bar,
    calibration_statistics,
    checks_right_sentence,
    confidence_sentence,
    contradicted_notes,
    count,
    few_checks_line,
    first_step,
    gaps_by_priority,
    hours,
    is_on_the_job,
    is_paid,
    level_change,
    next_role,
    percent,
    plan_hours,
    plural,
    ratings_evidence_line,
    step_hours,
    strengths,
    summary_line,
)
from mlcareer.report import Report, ResourceOut
from mlcareer.safe_text import clean, safe_link

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console
    from rich.measure import Measurement
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


def unbounded_measure(console: Console, renderable: object) -> Measurement:
    """The columns ``renderable`` (a table, say) takes at its narrowest and at its widest,
    however wide ``console`` is: beyond its width rich would narrow columns and fold words,
    so a caller can draw another layout."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(sys.maxsize), renderable)


def wider_than_the_console(console: Console, renderable: object) -> bool:
    """Whether ``renderable`` needs more columns than ``console`` has (unbounded_measure)."""
    return unbounded_measure(console, renderable).maximum > console.width


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
# Prose wider than this is hard to read on a wide terminal.
PROSE_WIDTH = 100


def _text(value: str, style: str = "") -> Text:
    """Untrusted text as rich Text: cleaned of control characters, never read as markup."""
    from rich.text import Text

    return Text(clean(value), style=style)


def _print_wrapped(
    console: Console, texts: Iterable[Text], indent: int, hang: int, width: int
) -> None:
    """Each of ``texts`` wrapped to ``width`` columns, ``indent`` spaces in and its later
    lines ``hang`` further, without padding lines with spaces. Printed as one Text that
    already fits (soft_wrap: rich neither wraps nor crops it again), since a print costs
    about half a millisecond: a roster of 100,000 took 19 s a line at a time."""
    from rich.text import Text

    out = Text()
    room = max(20, width - indent - hang)
    for text in texts:
        plain = text.plain
        if "\n" not in plain and not plain[-1:].isspace() and text.cell_len <= room:
            lines = [text]  # nothing to wrap or strip (most entries): wrap() costs a print
        else:
            lines = list(text.wrap(console, room))
            for line in lines:
                line.rstrip()
        for n, line in enumerate(lines):
            out.append(" " * (indent if n == 0 else indent + hang))
            out.append_text(line)
            out.append("\n")
    if out:
        out.right_crop(1)  # the print ends the last line
        console.print(out, soft_wrap=True)


def _print_indented(console: Console, text: Text, indent: int = INDENT) -> None:
    """Prose, wrapped and indented, no wider than PROSE_WIDTH."""
    _print_wrapped(console, [text], indent, 0, min(console.width, PROSE_WIDTH))


def print_items(console: Console, texts: Iterable[Text], indent: int = 0) -> None:
    """The entries of a list: each ``indent`` spaces in, and its wrapped lines two further,
    so each entry starts where the others do and a continuation never reads as a new one."""
    _print_wrapped(console, texts, indent, 2, console.width)


def _print_url(console: Console, url: str, indent: int = INDENT) -> None:
    """A URL whole on its own line: never folded (the terminal soft-wraps it) and, when it is
    a clean https URL, a hyperlink on a terminal that understands OSC 8."""
    from rich.style import Style
    from rich.text import Text

    link = safe_link(url)
    line = Text(" " * indent)
    line.append(clean(url), style=Style(link=link) if link else Style(dim=True))
    console.print(line, soft_wrap=True)


def _print_resource(console: Console, resource: ResourceOut, indent: int = INDENT) -> None:
    from rich.style import Style
    from rich.text import Text

    line = Text()
    line.append(f"{clean(resource.kind)}: ", style="dim")
    link = safe_link(resource.url)
    line.append(clean(resource.title), style=Style(link=link) if link else "")
    if is_paid(resource):
        line.append(" (paid)", style="yellow")
    _print_indented(console, line, indent)
    _print_url(console, resource.url, indent)


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(_text(title, "bold"))


def _legend(console: Console, legend: str) -> None:
    from rich.text import Text

    _print_indented(console, Text(legend, style="dim"), indent=0)


def _step_head(step, *, with_order: bool) -> Text:
    from rich.text import Text

    head = Text(f"{step.order:>3}. " if with_order else "")
    head.append(clean(step.skill_name), style="bold")
    head.append(f" {level_change(step.from_level, step.to_level)} · {step_hours(step)}")
    if is_on_the_job(step):
        head.append(" (on the job)", style="yellow")
    return head


def _step_text(step) -> str:
    return step.step or "(the taxonomy has no learning step for this level)"


def render_terminal(
    report: Report,
    console: Console,
    *,
    details: bool = False,
    schedule_command: str | None = None,
) -> None:
    """Draw the report: summary, long sections, recap.

    ``details`` adds the statistics of the knowledge checks; ``schedule_command`` is the
    command the recap suggests for laying the plan into weeks (None: no suggestion, when
    no command could find this report again).
    """
    _print_summary(report, console)
    if report.calibration:
        _print_checks(report, console, details=details)
    _print_categories(report, console)
    _print_gaps(report, console)
    _print_plan(report, console)
    _print_role_fit(report, console)
    _print_recap(report, console, schedule_command)


def _print_summary(report: Report, console: Console) -> None:
    from rich.text import Text

    who = f"{report.learner.name} · " if report.learner and report.learner.name else ""
    console.print()
    seniority = f" ({report.role.seniority})" if report.role.seniority else ""
    console.print(_text(f"mlcareer · {who}{report.role.name}{seniority}", "bold"))
    readiness = Text("Readiness  ")
    readiness.append(bar(report.readiness, 30), style=readiness_style(report.readiness))
    readiness.append(f"  {percent(report.readiness)}", style="bold")
    console.print(readiness)
    console.print(Text(summary_line(report)))
    checks = checks_right_sentence(report)
    if checks:
        console.print(Text(checks))
    _legend(console, READINESS_LEGEND)

    step = first_step(report)
    if step is not None:
        console.print()
        start = Text("Start here: ", style="bold")
        start.append_text(_step_head(step, with_order=False))
        _print_indented(console, start, indent=0)
        _print_indented(console, _text(_step_text(step)), indent=2)
        if step.resources:
            _print_resource(console, step.resources[0], indent=2)
    elif report.readiness >= 100:
        console.print()
        console.print(Text("Every required level is met: well done.", style="green bold"))
        fit = next_role(report)
        if fit is not None:
            line = Text("Next role to aim for: ", style="bold")
            line.append(clean(fit.name), style="bold")
            line.append(
                f" ({clean(fit.id)}) · {percent(fit.readiness)} ready · "
                f"{plural(fit.gaps, 'skill')} with a gap · {hours(fit.hours_to_close)} of study"
            )
            _print_indented(console, line, indent=0)

    met = strengths(report)
    if met:
        console.print()
        line = Text("You already meet ", style="bold")
        line.append(f"({len(met)} of {report.summary.required}): ", style="bold")
        line.append(clean(", ".join(s.name for s in met)))
        _print_indented(console, line, indent=0)


def _print_checks(report: Report, console: Console, *, details: bool) -> None:
    from rich.text import Text

    cal = report.calibration
    assert cal is not None
    _heading(console, "Knowledge checks")
    if cal.items >= MIN_CHECKS_FOR_FIGURES:
        words = checks_right_sentence(report) or ""
        confidence = confidence_sentence(cal)
        _print_indented(console, Text(f"{words} {confidence}" if confidence else words), 0)
    else:
        _print_indented(console, _text(few_checks_line(report)), indent=0)
    _print_indented(console, Text(ratings_evidence_line(cal)), indent=0)
    if details:
        _print_indented(console, Text(calibration_statistics(cal), style="dim"), indent=0)
    for note in contradicted_notes(report):
        console.print()
        _print_indented(console, _text(note.headline, "yellow"), indent=2)
        for missed in note.missed:
            line = Text(f"Missed (level {missed.level}): ", style="bold")
            line.append(clean(missed.question))
            _print_indented(console, line, indent=4)
            for label, value in (
                ("You answered", missed.chosen),
                ("Right answer", missed.right),
                ("Why", missed.why),
            ):
                if value is None:
                    continue
                line = Text(f"{label}: ", style="dim")
                line.append(clean(value))
                _print_indented(console, line, indent=6)


def _table():
    from rich.table import Table

    return Table(box=None, padding=(0, 1), pad_edge=False)


def _print_categories(report: Report, console: Console) -> None:
    from rich.text import Text

    categories = _table()
    categories.add_column("Category", overflow="fold")
    categories.add_column("", no_wrap=True)
    categories.add_column("Score", justify="right", no_wrap=True)
    categories.add_column("Gap", justify="right", no_wrap=True)
    for category in report.categories:
        categories.add_row(
            _text(category.name),
            Text(bar(category.score, 16), style=readiness_style(category.score)),
            Text(percent(category.score)),
            Text(_levels(category.gap) if category.score is not None else "not required"),
        )
    _heading(console, "Categories")
    console.print(categories)
    _legend(console, CATEGORY_LEGEND)


def _print_gaps(report: Report, console: Console) -> None:
    from rich.text import Text

    gaps = gaps_by_priority(report)
    console.print()
    if not gaps:
        console.print(Text("No gaps: every required level is met.", style="green"))
        return
    table = _table()
    table.add_column("Skill", overflow="fold")
    table.add_column("You", justify="right", no_wrap=True)
    table.add_column("Need", justify="right", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    table.add_column("Priority", justify="right", no_wrap=True)
    for skill in gaps:
        table.add_row(
            _text(skill.name),
            Text("skip" if skill.rating is None else str(skill.level)),
            Text(str(skill.required)),
            Text(hours(skill.hours_to_close)),
            Text(f"{skill.priority:g}"),
        )
    console.print(Text("Gaps by priority", style="bold"))
    console.print(table)
    legend = PRIORITY_LEGEND
    if report.summary.not_assessed:
        legend += " skip: not assessed, counted as level 0."
    _legend(console, legend)


def _print_plan(report: Report, console: Console) -> None:
    _heading(
        console,
        f"Learning plan · {plan_hours(report.plan.total_hours, report.plan.steps_without_hours)}",
    )
    if not report.plan.steps:
        _legend(console, "Nothing to learn for this role: every required level is met.")
        return
    _legend(console, PLAN_LEGEND)
    for step in report.plan.steps:
        console.print(_step_head(step, with_order=True))
        _print_indented(console, _text(_step_text(step)))
        note = added_step_note(step)
        if note:
            _print_indented(console, _text(note, "dim"))
        for resource in step.resources:
            _print_resource(console, resource)


def _print_role_fit(report: Report, console: Console) -> None:
    from rich.text import Text

    fit = _table()
    fit.add_column("Role", overflow="fold")
    fit.add_column("Readiness", justify="right", no_wrap=True)
    fit.add_column("With a gap", justify="right", no_wrap=True)
    fit.add_column("Not assessed", justify="right", no_wrap=True)
    fit.add_column("Hours", justify="right", no_wrap=True)
    for role in report.role_fit:
        name = _text(role.name)
        if role.id == report.role.id:
            name.append(" ◀")
        fit.add_row(
            name,
            Text(percent(role.readiness)),
            Text(count(role.with_gap)),
            Text(count(role.not_assessed)),
            Text(hours(role.hours_to_close)),
        )
    _heading(console, "Fit to every role")
    console.print(fit)
    _legend(console, f"◀ this report's role. {ROLE_FIT_LEGEND}")


def _print_recap(report: Report, console: Console, schedule_command: str | None) -> None:
    from rich.text import Text

    summary = report.summary
    _heading(console, "In short")
    line = Text(f"Readiness {percent(report.readiness)} for ")
    line.append(clean(report.role.name))
    if summary.with_gap or summary.not_assessed:
        below = [f"{plural(summary.with_gap, 'skill')} with a gap"]
        if summary.not_assessed:
            below.append(f"{summary.not_assessed} not assessed")
        line.append(f": {', '.join(below)}, {hours(summary.plan_hours)} of study.")
    else:
        line.append(": every required level is met.")
    _print_indented(console, line, indent=2)
    step = first_step(report)
    if step is not None:
        start = Text("Start with ")
        start.append(clean(step.skill_name), style="bold")
        start.append(f" {level_change(step.from_level, step.to_level)} ({step_hours(step)}).")
        _print_indented(console, start, indent=2)
        if schedule_command:
            plan = Text(f"  Lay the plan into weeks of {hours(PLAN_WEEKLY_HOURS)}: ")
            plan.append(clean(schedule_command), style="bold")
            # Whole on one line, like a URL, so it can be copied even with a long path.
            console.print(plan, soft_wrap=True)
    fit = next_role(report)
    if fit is not None:
        aim = Text("Next role to aim for: ")
        aim.append(clean(fit.name), style="bold")
        aim.append(f" ({percent(fit.readiness)} ready).")
        _print_indented(console, aim, indent=2)
