"""Warnings about a valid taxonomy: things that load but are probably not what the author meant.

Errors stop a taxonomy from loading (taxonomy.py); warnings do not, and `mlcareer
validate` exits 0 with them. Each warning is a Problem located at file:line:col.
"""

from __future__ import annotations

from mlcareer.errors import MlcareerError, Problem
from mlcareer.taxonomy import Taxonomy
from mlcareer.validation import sort_problems
from mlcareer.yamlfile import Document


def _and(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def taxonomy_warnings(tax: Taxonomy, doc: Document, strict: bool = False) -> list[Problem]:
    """Every warning for ``tax`` (loaded from ``doc``), in file order.

    ``strict`` adds what is allowed but leaves a plan less useful: steps without hours."""
    required = {role.id: tax.required_levels(role) for role in tax.roles}
    found: list[Problem] = []
    for ci, category in enumerate(tax.categories):
        for si, skill in enumerate(category.skills):
            spath = ("categories", ci, "skills", si)
            needs = {rid: levels[skill.id] for rid, levels in required.items() if levels[skill.id]}

            if not needs:
                found.append(
                    doc.problem_at(
                        (*spath, "id"),
                        f"skill `{skill.id}` is required by no role, so no report shows a gap "
                        "in it and no plan teaches it: give it a level in a role's `requires`, "
                        "or remove it",
                    )
                )

            written = {step.to_level for step in skill.learning}
            top = max(needs.values(), default=0)
            missing = [level for level in range(1, top + 1) if level not in written]
            if missing:
                found.append(_at_learning(doc, spath, _missing_steps(skill.id, missing, needs)))

            for li, step in enumerate(skill.learning):
                if strict and step.hours is None:
                    found.append(
                        doc.problem_at(
                            (*spath, "learning", li, "to_level"),
                            f"the step to level {step.to_level} of `{skill.id}` has no `hours`, "
                            "so plans give their totals as 'at least': add an honest estimate",
                        )
                    )
                for ri, resource in enumerate(step.resources):
                    if not resource.url.lower().startswith("https://"):
                        found.append(
                            doc.problem_at(
                                (*spath, "learning", li, "resources", ri, "url"),
                                f"resource URL `{resource.url}` is not https: use the https:// "
                                "address if the site offers one, since browsers warn students "
                                "about plain http",
                            )
                        )
    shipped = _shipped_identity_kept(tax)
    if shipped:
        found.append(doc.problem_at(("id",), shipped))
    return sort_problems(found)


def _shipped_identity_kept(tax: Taxonomy) -> str | None:
    """Why ``tax`` should be renamed, when it keeps the shipped taxonomy's id and version
    (a copy made with `init --from-default`, then edited) but not its text: its reports and
    the shipped one's would read alike, `ml-engineer 2026.12`, though they score differently.

    Only the shipped file's top-level `id` and `version` are read (its whole YAML takes a
    fifth of a second to parse), then, if they match, its sha256."""
    from mlcareer.taxonomy import default_taxonomy_path, shipped_sha256

    if _top_level_scalars(default_taxonomy_path(), ("id", "version")) != (tax.id, tax.version):
        return None
    try:
        if shipped_sha256() == tax.sha256:
            return None
    except MlcareerError:  # the shipped file unreadable: nothing to compare with
        return None
    return (
        f"this taxonomy keeps the shipped taxonomy's id `{tax.id}` and version {tax.version} "
        "but its text differs, so its reports would pass for the shipped one's: give your "
        "course its own `id` and `version`"
    )


def _top_level_scalars(path: object, keys: tuple[str, ...]) -> tuple[str | None, ...]:
    """The values of ``keys`` in a YAML file's top-level mapping (None where absent or not
    a plain value), reading its events only until all are found."""
    import yaml

    found: dict[str, str] = {}
    depth = 0
    key: str | None = None
    try:
        with open(str(path), "rb") as handle:
            for event in yaml.parse(handle, Loader=yaml.CSafeLoader):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth == 2:  # a value that is a mapping or a list: not one we want
                        key = None
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
                elif isinstance(event, yaml.AliasEvent) and depth == 1:
                    key = None if key is not None else event.anchor  # an alias as value
                elif isinstance(event, yaml.ScalarEvent) and depth == 1:
                    if key is None:
                        key = event.value
                    else:
                        if key in keys:
                            found[key] = event.value
                        key = None
                        if len(found) == len(keys):
                            break
    except (OSError, yaml.YAMLError):
        pass
    return tuple(found.get(k) for k in keys)


def _missing_steps(skill_id: str, missing: list[int], needs: dict[str, int]) -> str:
    roles = [f"`{rid}` (level {level})" for rid, level in needs.items() if level >= missing[0]]
    levels = _and([str(level) for level in missing], "or")
    entries = _and([f"`to_level: {level}`" for level in missing])
    plural = len(missing) > 1
    return (
        f"skill `{skill_id}` has no learning step to level {levels}, yet "
        f"{'roles' if len(roles) > 1 else 'role'} {_and(roles)} "
        f"{'require' if len(roles) > 1 else 'requires'} it, so the plan would show "
        f"{'those steps' if plural else 'that step'} without instructions: add "
        f"{'entries' if plural else 'an entry'} to `learning` with {entries}"
    )


def _at_learning(doc: Document, skill_path: tuple[object, ...], message: str) -> Problem:
    """A problem at the skill's `learning:` key where it has one, else at its id."""
    if "learning" in _mapping_at(doc, skill_path):
        return doc.problem_at((*skill_path, "learning"), message, at_key=True)
    return doc.problem_at((*skill_path, "id"), message)


def _mapping_at(doc: Document, path: tuple[object, ...]) -> dict[object, object]:
    """The plain mapping at ``path`` in the document's data (empty if there is none)."""
    node: object = doc.data
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return {}
    return node if isinstance(node, dict) else {}
