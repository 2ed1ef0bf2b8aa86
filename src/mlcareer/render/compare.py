"""Views of a comparison of two assessments: terminal (rich, imported only when drawing)
and Markdown. No view computes a figure the core did not.

Names, ids, references and notes come from the two reports (either may be a file someone
else wrote), so they are drawn through mlcareer.safe_text: cleaned ``Text`` on the terminal,
never rich markup; escaped text and code spans in Markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlcareer.render.text import bar, date_of, hours, level_change, percent
from mlcareer.safe_text import Markdown, clean, markdown_code, markdown_table, markdown_text
from mlcareer.wording import plural

if TYPE_CHECKING:
    from rich.console import Console

    from mlcareer.compare import Comparison, SkillChange

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
    return clean(change.name + renamed)


def _skill_label_markdown(change: SkillChange) -> Markdown:
    renamed = f" (was {markdown_code(change.former_id)})" if change.former_id else ""
    return Markdown(markdown_text(change.name) + renamed)


def _headline(cmp: Comparison) -> str:
    return (
        f"{cmp.before.ref} ({date_of(cmp.before.created_at)}) → "
        f"{cmp.after.ref} ({date_of(cmp.after.created_at)})"
    )


def _gap_names(cmp: Comparison, ids: list[str]) -> str:
    names = {c.id: c.name for c in cmp.skills} | {n.id: n.name for n in cmp.added}
    return ", ".join(names[i] for i in ids) if ids else "none"


def comparison_markdown(cmp: Comparison) -> str:
    who = f" · {cmp.after.learner}" if cmp.after.learner else ""
    out = [
        f"# Progress: {markdown_text(cmp.after.role_name + who)}",
        "",
        markdown_text(_headline(cmp)),
        "",
        f"Readiness **{percent(cmp.before.readiness)} → {percent(cmp.after.readiness)}** "
        f"({_points(cmp.readiness_change)}); learning plan "
        f"{hours(cmp.before.plan_hours)} → {hours(cmp.after.plan_hours)}.",
        "",
    ]
    if len(cmp.timeline) > 2:
        out += [
            f"Readiness over time: `{sparkline([p.readiness for p in cmp.timeline])}` "
            + markdown_text(" · ".join(f"{p.ref} {percent(p.readiness)}" for p in cmp.timeline)),
            "",
        ]
    for note in cmp.notes:
        out += [f"> Note: {markdown_text(note)}.", ""]
    moved = [c for c in cmp.skills if c.changed]
    out += ["## Skills that moved", ""]
    if moved:
        out += markdown_table(
            ["Skill", "Level", "Change", "Needed", "Gap"],
            [
                [
                    _skill_label_markdown(c),
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
        f"**Gaps closed:** {markdown_text(_gap_names(cmp, cmp.gaps_closed))}  ",
        f"**Gaps opened:** {markdown_text(_gap_names(cmp, cmp.gaps_opened))}",
    ]
    if cmp.gone:
        out += ["", "## No longer in the taxonomy", ""]
        out += [
            f"- {markdown_text(g.name)} ({markdown_code(g.id)}), rated {_rating(g.rating)}"
            + (f": now part of {markdown_code(g.merged_into)}" if g.merged_into else "")
            for g in cmp.gone
        ]
    if cmp.added:
        out += ["", "## New in the taxonomy", ""]
        out += [
            f"- {markdown_text(n.name)} ({markdown_code(n.id)}), rated {_rating(n.rating)}, "
            f"needed {n.required}"
            for n in cmp.added
        ]
    return "\n".join(out) + "\n"


def print_comparison(cmp: Comparison, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    who = f" · {cmp.after.learner}" if cmp.after.learner else ""
    console.print()
    console.print(Text(clean(f"mlcareer · progress{who} · {cmp.after.role_name}"), style="bold"))
    console.print(Text(clean(_headline(cmp)), style="dim"))
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
            f"  {plural(len(cmp.timeline), 'assessment')}, {percent(cmp.timeline[0].readiness)} → "
            f"{percent(cmp.timeline[-1].readiness)}",
            style="dim",
        )
        console.print(spark)
    console.print(
        Text(
            f"Plan       {hours(cmp.before.plan_hours)} → {hours(cmp.after.plan_hours)} "
            f"({_signed(cmp.plan_hours_change, ' h')})"
        )
    )
    for note in cmp.notes:
        console.print(Text(clean(f"Note: {note}."), style="yellow"))

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
                Text(_skill_label(change)),
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
            clean(_gap_names(cmp, cmp.gaps_closed)), style="green" if cmp.gaps_closed else "dim"
        )
    )
    console.print(
        Text("Gaps opened  ", style="bold").append(
            clean(_gap_names(cmp, cmp.gaps_opened)), style="red" if cmp.gaps_opened else "dim"
        )
    )
    if cmp.gone:
        console.print()
        console.print(Text("No longer in the taxonomy", style="bold"))
        for gone in cmp.gone:
            merged = f", now part of {gone.merged_into}" if gone.merged_into else ""
            console.print(
                Text(clean(f"  {gone.name} ({gone.id}), rated {_rating(gone.rating)}{merged}"))
            )
    if cmp.added:
        console.print()
        console.print(Text("New in the taxonomy", style="bold"))
        for new in cmp.added:
            console.print(
                Text(
                    clean(
                        f"  {new.name} ({new.id}), rated {_rating(new.rating)}, "
                        f"needed {new.required}"
                    )
                )
            )
