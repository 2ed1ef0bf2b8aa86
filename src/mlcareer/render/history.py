"""Views of the history of assessments: terminal (rich, imported only when drawing),
Markdown and JSON. No view computes a figure the core did not.

A row's names come from the reports saved (a learner name typed by anyone, a taxonomy's
role name), so they are drawn through mlcareer.safe_text: cleaned ``Text`` on the terminal,
never rich markup; escaped in Markdown; JSON escapes them itself (ASCII only).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mlcareer.render.text import bar, date_of, hours, percent
from mlcareer.safe_text import clean, markdown_table
from mlcareer.wording import plural

if TYPE_CHECKING:
    from rich.console import Console

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
                date_of(e.created_at),
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
            Text(clean(date_of(entry.created_at))),
            Text(clean(_learner(entry.learner_name, entry.learner_id))),
            Text(clean(f"{entry.taxonomy_id} {entry.taxonomy_version}")),
            Text(clean(entry.role_name)),
            Text(bar(entry.readiness, 10)),
            percent(entry.readiness),
            hours(entry.plan_hours),
        )
    console.print(grid)
    count = plural(len(entries), "assessment")
    # soft_wrap: a long path stays whole, so it can be copied.
    console.print(Text(clean(f"{count} · {location}"), style="dim"), soft_wrap=True)
