"""Turn pydantic validation errors into located, plain sentences."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from mlcareer.errors import Problem
from mlcareer.yamlfile import Document


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty)"
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "..."


def _unwrap(annotation: Any) -> list[Any]:
    """The classes a field annotation may hold, looking through Optional/list/dict/Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict, tuple):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class whose instance sits at ``loc`` inside ``root``, if one does."""
    current: type[BaseModel] | None = root
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue  # a list index keeps the element model found from the field
        field = current.model_fields.get(part)
        if field is None:
            return None
        models = [
            c for c in _unwrap(field.annotation) if isinstance(c, type) and issubclass(c, BaseModel)
        ]
        current = models[0] if models else None
    return current


def _is_mapping_field(root: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """Whether the field at ``loc`` (ending in its name) holds a mapping, not a list."""
    if not loc or not isinstance(loc[-1], str):
        return False
    parent = _model_at(root, loc[:-1])
    field = parent.model_fields.get(loc[-1]) if parent else None
    if field is None:
        return False
    annotation = field.annotation
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_origin(annotation) is dict


def _field_name(loc: tuple[Any, ...], root: type[BaseModel] | None = None) -> str:
    names = [str(p) for p in loc if not isinstance(p, int)]
    if loc and loc[-1] == "[key]":  # a mapping key of the wrong type
        field = next((p for p in reversed(loc[:-2]) if isinstance(p, str)), None)
        return f"a key of `{field}`" if field else "a key"
    if not names:
        return "the document"
    if loc and isinstance(loc[-1], int):
        if root is not None and _is_mapping_field(root, loc[:-1]):
            if loc[-2] == "levels":
                return f"level {loc[-1]} of `levels`"
            return f"the entry {loc[-1]!r} of `{names[-1]}`"
        return f"item {loc[-1] + 1} of `{names[-1]}`"
    return f"`{names[-1]}`"


def sentence_for(error: Any, root: type[BaseModel]) -> str:
    """One plain sentence for one pydantic error dictionary."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = _field_name(loc, root)
    shown = _show(value)
    if kind == "missing":
        return f"{name} is missing: add it"
    if kind == "extra_forbidden":
        parent = _model_at(root, loc[:-1])
        allowed = ", ".join(parent.model_fields) if parent else ""
        hint = f" (allowed here: {allowed})" if allowed else ""
        return f"unknown key `{loc[-1]}`: remove it or correct its spelling{hint}"
    if kind == "string_type":
        return f"{name} must be text, not {shown}: put it in quotes"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} must be a whole number, not {shown}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"{name} must be a finite number, not {shown}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{name} must be true or false, not {shown}"
    bounds = {
        "greater_than": ("greater than", "gt"),
        "greater_than_equal": ("at least", "ge"),
        "less_than": ("less than", "lt"),
        "less_than_equal": ("at most", "le"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{name} must be {words} {ctx.get(key)}, not {shown}"
    if kind == "literal_error":
        return f"{name} must be one of {ctx.get('expected')}, not {shown}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "https" in pattern:
            return f"{name} must be a web address starting with https://, not {shown}"
        return (
            f"{name} must use only lowercase letters, digits and hyphens "
            f"(like `feature-engineering`), not {shown}"
        )
    if kind in ("too_short", "string_too_short"):
        return f"{name} must not be empty"
    if kind in ("too_long", "string_too_long"):
        return f"{name} is too long (at most {ctx.get('max_length')})"
    if kind == "list_type":
        return f"{name} must be a list (lines starting with '- '), not {shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{name} must be a mapping of keys to values, not {shown}"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        # "`name` holds ..." and "`url` must be ..." read as sentences; others follow a colon.
        joiner = " " if message.startswith(("holds ", "must ")) else ": "
        return f"{name}{joiner}{message}"
    return f"{name}: {error['msg']}"


def problems_from(
    exc: ValidationError,
    doc: Document,
    root: type[BaseModel],
    sentence: Callable[[Any], str | None] | None = None,
) -> list[Problem]:
    """Every error of ``exc`` as a located problem, in file order.

    ``sentence`` may word an error better than the generic rules (returning None defers).
    """
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        at_key = error["type"] in ("extra_forbidden",) or loc[-1:] == ("[key]",)
        text = (sentence(error) if sentence else None) or sentence_for(error, root)
        problems.append(doc.problem_at(loc, text, at_key=at_key))
    return sort_problems(problems)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """In file order, each once (a union type can report one mistake twice)."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.line or 0, p.column or 0, p.message))
