"""The JSON of `mlcareer history -f json`: the listed entries, one model so that the view
and its published schema (`mlcareer schema history`) cannot drift apart.

Kept apart from history.py, which lists without importing pydantic.
"""

from __future__ import annotations

from pydantic import Field, RootModel

from mlcareer.report import OutputModel


class HistoryEntryOut(OutputModel):
    id: int = Field(description="The entry's number, as `mlcareer show ID` takes it.")
    created_at: str = Field(description="When the report was made, ISO 8601 in UTC.")
    taxonomy_id: str
    taxonomy_version: str
    role_id: str
    role_name: str
    learner_id: str | None
    learner_name: str | None
    readiness: float = Field(description="Percent, floored to 1 decimal.")
    plan_hours: float


class HistoryListing(RootModel[list[HistoryEntryOut]]):
    """Saved assessments, oldest first."""

    model_config = {"frozen": True}
