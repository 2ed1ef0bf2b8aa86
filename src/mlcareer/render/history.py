"""Views of the history of assessments: terminal (rich, imported only when drawing),
Markdown and JSON. No view computes a figure the core did not.

A row's names come from the reports saved (a learner name typed by anyone, a taxonomy's
role name), so they are drawn through mlcareer.safe_text: cleaned ``Text`` on the terminal,
never rich markup; escaped in Markdown; JSON escapes them itself (ASCII only).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mlcareer.render.text import bar, hours, local_time, percent
from mlcareer.safe_text import clean, markdown_table
from mlcareer.wording import plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from mlcareer.history import HistoryEntry


def _learner(name: str | None, learner_id: str | None) -> str:
    return name or learner_id or "-"


def history_json(entries: list[HistoryEntry]) -> str:
    """The entries through the published model (`mlcareer schema history`), so the JSON and
    its schema cannot drift apart."""
    from mlcareer.history_listing import HistoryListing

    listing = HistoryListing.model_validate([e.as_dict() for e in entries])
    return json.dumps(listing.model_dump(mode="json"), indent=2) + "\n"


def history_markdown(entries: list[HistoryEntry]) -> str:
    out = ["# Assessment history", ""]
    if not entries:
        return "\n".join([*out, "No assessments saved yet.", ""])
    out += markdown_table(
        ["Id", "Date", "Learner", "Taxonomy", "Role", "Readiness", "Plan"],
        [
            [
                e.id,
                local_time(e.created_at),
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
    from rich.text import Text

    from mlcareer.render.terminal import unbounded_measure, wider_than_the_console

    grid = _history_grid(entries, version_below=False)
    if wider_than_the_console(console, grid):
        # Too wide for the terminal: rich would narrow the taxonomy like the other text
        # columns and fold its id ("ml-enginee/r 2026.12"), so the version goes under the id
        # and the id stays whole, as long as the other columns can still wrap between words
        # beside it. Narrower still (or a long name), rich would fold every word or drop
        # whole columns: one block per assessment instead (_stacked_grid).
        split = _history_grid(entries, version_below=True)
        if unbounded_measure(console, split).minimum <= console.width:
            grid = split
        else:
            grid = _stacked_grid(entries)
    console.print(grid)
    count = plural(len(entries), "assessment")
    # soft_wrap: a long path stays whole, so it can be copied.
    console.print(Text(clean(f"{count} · {location}"), style="dim"), soft_wrap=True)


def _history_grid(entries: list[HistoryEntry], *, version_below: bool) -> Table:
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    grid.add_column("Id", justify="right", no_wrap=True)
    grid.add_column("Date", no_wrap=True)
    grid.add_column("Learner", overflow="fold")
    # Split over two lines, the id is kept whole: the other columns wrap between words.
    grid.add_column("Taxonomy", overflow="fold", no_wrap=version_below)
    grid.add_column("Role", overflow="fold")
    grid.add_column("Readiness", no_wrap=True)
    grid.add_column("", justify="right", no_wrap=True)
    grid.add_column("Plan", justify="right", no_wrap=True)
    between = "\n" if version_below else " "
    for entry in entries:
        grid.add_row(
            str(entry.id),
            Text(clean(local_time(entry.created_at))),
            Text(clean(_learner(entry.learner_name, entry.learner_id))),
            Text(clean(entry.taxonomy_id) + between + clean(entry.taxonomy_version)),
            Text(clean(entry.role_name)),
            Text(bar(entry.readiness, 10)),
            percent(entry.readiness),
            hours(entry.plan_hours),
        )
    return grid


def _stacked_grid(entries: list[HistoryEntry]) -> Table:
    """The history for a terminal too narrow for its table: per assessment, its figures
    on one line under one header (date, readiness, plan: their widths do not vary much),
    then who, the role and the taxonomy, which wrap between words under them."""
    from rich.table import Table
    from rich.text import Text

    dates = [clean(local_time(entry.created_at)) for entry in entries]
    shares = [percent(entry.readiness) for entry in entries]
    plans = [hours(entry.plan_hours) for entry in entries]
    date_width = max([len("Date"), *map(len, dates)])
    share_width = max([0, *map(len, shares)])
    plan_width = max([len("Plan"), *map(len, plans)])
    readiness_width = 10 + 1 + share_width  # the bar, a space, the percentage
    header = f"{'Date':<{date_width}}  {'Readiness':<{readiness_width}}  {'Plan':>{plan_width}}"
    grid = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    grid.add_column("Id", justify="right", no_wrap=True)
    grid.add_column(header.rstrip(), overflow="fold")
    for entry, date, share, plan in zip(entries, dates, shares, plans, strict=True):
        figures = (
            f"{date:<{date_width}}  {bar(entry.readiness, 10)} {share:>{share_width}}  "
            f"{plan:>{plan_width}}"
        )
        who = " · ".join(
            clean(part)
            for part in (
                _learner(entry.learner_name, entry.learner_id),
                entry.role_name,
                f"{entry.taxonomy_id} {entry.taxonomy_version}",
            )
        )
        grid.add_row(str(entry.id), Text(figures + "\n" + who))
    return grid
