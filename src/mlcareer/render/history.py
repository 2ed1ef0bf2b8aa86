"""Views of the history of assessments: terminal (rich, imported only when drawing),
Markdown and JSON. No view computes a figure the core did not."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mlcareer.render.markdown import table
from mlcareer.render.text import bar, date_of, hours, percent
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
    out += table(
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
            date_of(entry.created_at),
            _learner(entry.learner_name, entry.learner_id),
            f"{entry.taxonomy_id} {entry.taxonomy_version}",
            entry.role_name,
            Text(bar(entry.readiness, 10)),
            percent(entry.readiness),
            hours(entry.plan_hours),
        )
    console.print(grid)
    count = plural(len(entries), "assessment")
    # soft_wrap: a long path stays whole, so it can be copied.
    console.print(Text(f"{count} · {location}", style="dim"), soft_wrap=True)
