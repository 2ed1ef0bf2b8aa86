"""JSON rendering: the report model as it is, versioned by its schema_version."""

from __future__ import annotations

from pydantic import BaseModel


def render_json(model: BaseModel) -> str:
    return model.model_dump_json(indent=2) + "\n"
