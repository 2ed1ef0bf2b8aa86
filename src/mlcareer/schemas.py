"""The published JSON Schemas, generated from the same models that validate."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_BASE_URL = "https://mlcareer.invalid/schemas"  # an id, never fetched


def schema_of(name: str) -> dict[str, Any]:
    if name == "taxonomy":
        from mlcareer.taxonomy import Taxonomy as model
    elif name == "answers":
        from mlcareer.answers import AnswersFile as model
    elif name == "report":
        from mlcareer.report import Report as model
    elif name == "assignment":
        from mlcareer.assignment import Assignment as model
    else:  # pragma: no cover - the CLI offers only the three names
        raise ValueError(name)
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}/{name}.schema.json",
        **schema,
    }


def schema_json(name: str) -> str:
    return json.dumps(schema_of(name), indent=2, sort_keys=False) + "\n"
