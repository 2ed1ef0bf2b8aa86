"""JSON rendering: the report model as it is, versioned by its schema_version."""

from __future__ import annotations

import json

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from mlcareer.safe_text import json_text


def render_json(model: BaseModel) -> str:
    """The model as JSON; characters a terminal would act on are ``\\u`` escapes, so the
    data stays exact and printing it is safe."""
    try:
        text = model.model_dump_json(indent=2)
    except PydanticSerializationError:
        # A lone surrogate (a file name that is not UTF-8) has no UTF-8 form; the standard
        # library writes it, and json_text turns it into an escape.
        text = json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return json_text(text) + "\n"
