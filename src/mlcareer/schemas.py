"""The published JSON Schemas, generated from the same models that validate."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_BASE_URL = "https://mlcareer.invalid/schemas"  # an id, never fetched
# What each schema describes: the files people write, then the JSON the tool prints.
SCHEMA_NAMES = {
    "taxonomy": "a taxonomy file",
    "answers": "an answers file",
    "report": "the report of `assess -f json`",
    "cohort": "the cohort summary of `cohort -f json`",
    "history": "the listing of `history -f json`",
    "validation": "the result of `validate -f json`",
    "assignment": "an assignment file (`assignment new`)",
}


def schema_of(name: str) -> dict[str, Any]:
    if name == "taxonomy":
        from mlcareer.taxonomy import Taxonomy as model
    elif name == "answers":
        from mlcareer.answers import AnswersFile as model
    elif name == "report":
        from mlcareer.report import Report as model
    elif name == "cohort":
        from mlcareer.cohort import Cohort as model
    elif name == "history":
        from mlcareer.history_listing import HistoryListing as model
    elif name == "validation":
        from mlcareer.taxonomy_check import ValidationResult as model
    elif name == "assignment":
        from mlcareer.assignment import Assignment as model
    else:  # pragma: no cover - the CLI offers only the names of SCHEMA_NAMES
        raise ValueError(name)
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}/{name}.schema.json",
        **schema,
    }


def schema_json(name: str) -> str:
    return json.dumps(schema_of(name), indent=2, sort_keys=False) + "\n"
