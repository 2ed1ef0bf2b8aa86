"""Turn pydantic validation errors into located, plain sentences."""

from __future__ import annotations

import textwrap
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from mlcareer.errors import Problem
from mlcareer.yamlfile import Document


def shown_value(value: Any) -> str:
    """A value from a file as a message shows it: short, and true named as YAML's yes/no."""
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
    shown = shown_value(value)
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
        if "{64}" in pattern:  # a sha256, as `mlcareer assignment new` writes it
            return (
                f"{name} must be a sha256: 64 characters 0-9 and a-f (lowercase), not "
                f"{shown}: make the assignment again with `mlcareer assignment new`"
            )
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


# -- every problem in one run -----------------------------------------------------------


def validate_what_parses(
    model: type[BaseModel],
    data: Any,
    *,
    lists: set[str],
    mappings: set[str],
    placeholders: dict[str, Any],
    removable: set[str],
    rounds: int = 30,
) -> tuple[BaseModel, Callable[[tuple[Any, ...]], tuple[Any, ...]]] | None:
    """The model built from the parts of ``data`` that validate, so that checks across the
    document (references, cycles) can run on them too; None when too little is left.

    Each error leaves out the smallest part that holds it: one item of a list named in
    ``lists``, one entry of a mapping named in ``mappings``, an unknown key, or a top-level
    key (``removable``, or given a stand-in from ``placeholders``). Returns the model and a
    function that turns a path in it into the path in ``data``, since leaving list items
    out shifts the indices after them.
    """
    origin: dict[int, list[int]] = {}
    current = _copy(data, origin)
    for _ in range(rounds):
        try:
            built = model.model_validate(current)
        except ValidationError as exc:
            targets = [
                _part_to_leave_out(current, tuple(e["loc"]), e["type"], lists, mappings)
                or _top_level(current, tuple(e["loc"]), placeholders, removable)
                for e in exc.errors()
            ]
            if any(t is None for t in targets) or not _leave_out(targets, origin):
                return None
            continue

        def original_path(path: tuple[Any, ...], root: Any = current) -> tuple[Any, ...]:
            mapped, node = [], root
            for part in path:
                if isinstance(node, list) and isinstance(part, int) and part < len(node):
                    mapped.append(origin[id(node)][part])
                    node = node[part]
                elif isinstance(node, dict) and part in node:
                    mapped.append(part)
                    node = node[part]
                else:
                    mapped.append(part)
                    node = None
            return tuple(mapped)

        return built, original_path
    return None


def _copy(node: Any, origin: dict[int, list[int]]) -> Any:
    """A copy of the containers of ``node``, each list's original indices kept in ``origin``."""
    if isinstance(node, dict):
        return {k: _copy(v, origin) for k, v in node.items()}
    if isinstance(node, list):
        copied = [_copy(v, origin) for v in node]
        origin[id(copied)] = list(range(len(copied)))
        return copied
    return node


_REMOVE = object()  # stand-in meaning "leave the part out"


def _part_to_leave_out(
    root: Any, loc: tuple[Any, ...], kind: str, lists: set[str], mappings: set[str]
) -> tuple[Any, Any, Any] | None:
    """(container, key, _REMOVE): the smallest part of ``root`` around the error at ``loc``."""
    nodes = [root]
    for part in loc:
        node = nodes[-1]
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            break
        nodes.append(node[part])
    if kind == "extra_forbidden" and len(nodes) == len(loc) + 1:
        return nodes[-2], loc[-1], _REMOVE  # the unknown key, out of its own mapping
    for depth in range(len(nodes) - 1, 1, -1):
        parent, key, parent_key = nodes[depth - 1], loc[depth - 1], loc[depth - 2]
        if (isinstance(parent, list) and parent_key in lists) or (
            isinstance(parent, dict) and parent_key in mappings
        ):
            return parent, key, _REMOVE
    return None


def _top_level(
    root: Any, loc: tuple[Any, ...], placeholders: dict[str, Any], removable: set[str]
) -> tuple[Any, Any, Any] | None:
    """A stand-in for a wrong or missing top-level scalar, or leaving out a removable key."""
    if isinstance(root, dict) and loc:
        if loc[0] in placeholders:
            return root, loc[0], placeholders[loc[0]]
        if loc[0] in removable:
            return root, loc[0], _REMOVE
    return None


def _leave_out(targets: list[Any], origin: dict[int, list[int]]) -> bool:
    """Remove (or stand in for) every target; False when nothing changed (no progress)."""
    changed = False
    by_list: dict[int, tuple[list[Any], set[int]]] = {}
    for container, key, stand_in in targets:
        if isinstance(container, list):
            by_list.setdefault(id(container), (container, set()))[1].add(key)
        elif stand_in is not _REMOVE:
            if container.get(key) != stand_in:
                container[key] = stand_in
                changed = True
        elif key in container:
            del container[key]
            changed = True
    for container, indices in by_list.values():
        for index in sorted(indices, reverse=True):
            del container[index]
            del origin[id(container)][index]
            changed = True
    return changed


# -- many problems, readably ---------------------------------------------------------------

GROUP_AT = 3  # this many instances of one problem are shown as one line
_MAX_LINES_SHOWN = 40
_WRAP = 88
_KIND_NAMES = {
    "schema": ("schema error", "schema errors"),
    "reference": ("unknown reference", "unknown references"),
    "cycle": ("cycle", "cycles"),
    "duplicate": ("duplicate", "duplicates"),
    "other": ("other problem", "other problems"),
}


def grouped_with_summary(file: str, problems: list[Problem]) -> tuple[list[Problem], str | None]:
    """``problems`` in file order with many instances of one problem grouped, and a summary
    line that counts them by kind (None for a single problem)."""
    shown = group_problems(sort_problems(problems))
    return shown, problem_summary(file, shown)


def group_problems(problems: list[Problem]) -> list[Problem]:
    """Each problem met GROUP_AT times or more becomes one, at its first place, with the
    lines of the others: findings of one ``group`` by its own sentence, identical messages
    with the count. Fewer stay as they are."""
    buckets: dict[Any, list[Problem]] = {}
    for problem in problems:
        key = ("group", problem.group[0]) if problem.group else ("same", problem.message)
        buckets.setdefault(key, []).append(problem)
    out: list[Problem] = []
    for members in buckets.values():
        if len(members) < GROUP_AT:
            out.extend(members)
            continue
        first, count = members[0], len(members)
        headline = (
            first.group[1].format(count=count)
            if first.group
            else f"{first.message} ({count} times)"
        )
        lines = sorted({p.line for p in members if p.line is not None})
        listed = ", ".join(str(n) for n in lines[:_MAX_LINES_SHOWN])
        if len(lines) > _MAX_LINES_SHOWN:
            listed += f" and {len(lines) - _MAX_LINES_SHOWN} more"
        where = textwrap.fill(
            f"at lines {listed}", width=_WRAP, initial_indent="  ", subsequent_indent="    "
        )
        out.append(
            Problem(
                f"{headline}\n{where}",
                first.file,
                first.line,
                first.column,
                kind=first.kind,
                instances=count,
            )
        )
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0, p.message))


def problem_summary(file: str, problems: list[Problem]) -> str | None:
    """``course.yaml: 52 problems (6 shown): 47 schema errors, 4 unknown references, 1
    cycle``; None for one problem."""
    counts: dict[str, int] = {}
    for problem in problems:
        kind = problem.kind if problem.kind in _KIND_NAMES else "other"
        counts[kind] = counts.get(kind, 0) + problem.instances
    total = sum(counts.values())
    if total < 2:
        return None
    parts = []
    for kind, (one, many) in _KIND_NAMES.items():
        if counts.get(kind):
            parts.append(f"{counts[kind]} {one if counts[kind] == 1 else many}")
    messages = len(problems)
    shown = f" in {messages} message{'s' if messages != 1 else ''}" if messages != total else ""
    return f"{file}: {total} problems{shown}: {', '.join(parts)}"
