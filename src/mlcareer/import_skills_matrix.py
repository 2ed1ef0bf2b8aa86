"""Read a skills matrix in data-skills-matrix's ``data/`` layout into a taxonomy document.

The layout (one YAML file per skill group; nothing of that project is copied here):

    data/config.yaml          roles [{id, name, abbreviation}], career_levels [{id, name,
                              experience, description, ...}], skill_levels {standard: levels
                              0-4, bonus: 5-6}, category_order, colors, output
    data/skill_groups.yaml    optional: core_skills_by_role {role: [skill]}, groups,
                              assessment_modes, inference_rules
    data/skills/**/*.yaml     category {id, name}; skills [{id, name, description,
                              core_roles, levels {role: [one value per career level, a
                              level or NC]}, level_descriptions {0-6}, behavioral_indicators
                              {level: [statements]}, resources [{url, title, type}],
                              improvement_tips {"1→2": text}}]

How it maps: each skill file is a category (ordered by category_order); levels 1-4 keep
their descriptions and indicators; every role x career level becomes a role with
`seniority`, the first career level holding the requirements and each next one
`extends` the one before with the requirements that change; a skill's core_roles (and
core_skills_by_role) become that role's `core`; improvement tips become learning steps
(without hours: the matrix has none), and the skill's resources go on its first step.
Ids are made plain (``data_security`` -> ``data-security``), the original kept in
`aliases`. Everything else is listed in the loss report.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mlcareer.errors import MlcareerError, Problem
from mlcareer.imported import Imported, LossReport, separate_category_ids, slug
from mlcareer.yamlfile import Document, load_mapping

MAX_FILE_BYTES = 2 * 1024 * 1024
# Where a career level's id is not one of mlcareer's seniorities, its position decides.
SENIORITY_BY_POSITION = ["junior", "mid", "senior", "staff", "principal"]
SENIORITIES = {"entry", "junior", "mid", "senior", "staff", "principal"}
RESOURCE_KINDS = {
    "documentation": "docs",
    "docs": "docs",
    "tutorial": "docs",
    "article": "docs",
    "course": "course",
    "book": "book",
    "video": "video",
    "paper": "paper",
    "project": "project",
}
_TIP_KEY = re.compile(r"^\s*(\d)\s*(?:→|->|-|to)\s*(\d)\s*$")
_SKILL_KEYS = {
    "id",
    "name",
    "description",
    "core_roles",
    "levels",
    "level_descriptions",
    "behavioral_indicators",
    "resources",
    "improvement_tips",
}


def _data_folder(folder: Path) -> Path:
    """The folder holding config.yaml: FOLDER itself or FOLDER/data."""
    for candidate in (folder, folder / "data"):
        if (candidate / "config.yaml").is_file():
            return candidate
    if not folder.is_dir():
        raise MlcareerError(Problem("is not a folder: give the matrix's data folder", str(folder)))
    raise MlcareerError(
        Problem(
            "has no config.yaml (nor data/config.yaml): give the folder of a data-skills-matrix "
            "layout, which holds config.yaml and skills/",
            str(folder),
        )
    )


def _load(path: Path) -> Document:
    return load_mapping(path, max_bytes=MAX_FILE_BYTES, what="matrix file")


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _by_level(value: Any) -> dict[Any, Any]:
    """A mapping keyed by level, with "2" read as 2 (YAML gives ints, JSON strings)."""
    if not isinstance(value, dict):
        return {}
    return {int(k) if isinstance(k, str) and k.isdigit() else k: v for k, v in value.items()}


def _level_of(value: Any) -> int | None:
    """A required level from a matrix cell: an int, or None for NC / anything else."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def read_skills_matrix(
    folder: Path, *, taxonomy_id: str | None = None, title: str | None = None, version: str = "1"
) -> Imported:
    data = _data_folder(folder)
    losses = LossReport(str(folder))
    config = _load(data / "config.yaml")
    groups_file = data / "skill_groups.yaml"
    groups = _load(groups_file).data if groups_file.is_file() else {}

    for key in config.data:
        if key not in ("roles", "career_levels", "skill_levels", "category_order"):
            losses.add(f"config.yaml `{key}` (presentation settings) not imported", key)
    for key in groups:
        if key != "core_skills_by_role":
            losses.add(f"skill_groups.yaml `{key}` has no place in mlcareer", key)

    matrix_roles = _dicts(config.data.get("roles"))
    career_levels = _dicts(config.data.get("career_levels"))
    if not matrix_roles or not career_levels:
        raise MlcareerError(
            config.problem_at(
                ("roles",) if not matrix_roles else ("career_levels",),
                "config.yaml needs `roles` and `career_levels` (lists of {id, name}): add them",
            )
        )
    for role in matrix_roles:
        if role.get("abbreviation"):
            losses.add("role abbreviations", f"{role.get('id')}: {role['abbreviation']}")
    for level in career_levels:
        for key in ("core_expected", "secondary_expected"):
            if key in level:
                losses.add(
                    "career levels' expected ranges (core_expected, secondary_expected): the "
                    "levels come from each skill's own table",
                    f"{level.get('id')}.{key}",
                )

    document: dict[str, Any] = {
        "schema_version": 1,
        "id": taxonomy_id
        or slug(
            folder.resolve().name if folder.name != "data" else folder.resolve().parent.name,
            "skills-matrix",
        ),
        "title": title or "Skills matrix (imported)",
        "version": version,
    }
    scale = _scale(config.data.get("skill_levels"), losses)
    if scale:
        document["scale"] = scale

    categories, tables, core_by_role, known = _categories(data, config, losses)
    for role_id, skills in (groups.get("core_skills_by_role") or {}).items():
        for skill_id in skills if isinstance(skills, list) else []:
            if str(skill_id) in known:
                core_by_role.setdefault(str(role_id), []).append(known[str(skill_id)])
            else:
                losses.add(
                    "core_skills_by_role entries naming no skill of the matrix",
                    f"{role_id}: {skill_id}",
                )
    document["categories"] = categories
    document["roles"] = _roles(matrix_roles, career_levels, tables, core_by_role, losses)
    separate_category_ids(document, losses)
    return Imported(document, losses)


def _scale(skill_levels: Any, losses: LossReport) -> list[dict[str, Any]]:
    if not isinstance(skill_levels, dict):
        return []
    scale = []
    for entry in _dicts(skill_levels.get("standard")):
        level = entry.get("level")
        if isinstance(level, int) and 0 <= level <= 4 and _text(entry.get("name")):
            item = {"level": level, "name": _text(entry["name"])[:40]}
            if _text(entry.get("description")):
                item["description"] = _text(entry["description"])
            scale.append(item)
    for name, entries in skill_levels.items():
        if name != "standard":
            for entry in _dicts(entries):
                losses.add(
                    "scale levels above 4 (mlcareer's scale is 0-4)",
                    f"{entry.get('level')} {_text(entry.get('name'))}",
                )
    if sorted(e["level"] for e in scale) != [0, 1, 2, 3, 4]:
        losses.add("skill_levels.standard does not name levels 0-4 once each: default scale used")
        return []
    return scale


def _categories(
    data: Path, config: Document, losses: LossReport
) -> tuple[list[dict[str, Any]], dict[str, dict[str, list[Any]]], dict[str, list[str]], dict]:
    """Categories from the skill files; each skill's role table; core skills per role; and
    the new id of every original skill id."""
    files = sorted((data / "skills").rglob("*.yaml")) + sorted((data / "skills").rglob("*.yml"))
    if not files:
        raise MlcareerError(
            Problem("has no skills/**/*.yaml files: nothing to import", str(data / "skills"))
        )
    order = [str(c) for c in config.data.get("category_order") or []]
    categories: list[dict[str, Any]] = []
    tables: dict[str, dict[str, list[Any]]] = {}
    core_by_role: dict[str, list[str]] = {}
    known: dict[str, str] = {}
    for path in files:
        doc = _load(path)
        head = doc.data.get("category") if isinstance(doc.data.get("category"), dict) else {}
        original = str(head.get("id") or path.stem)
        category: dict[str, Any] = {"id": slug(original), "name": _text(head.get("name"))}
        category["name"] = category["name"] or original
        skills = []
        for index, raw in enumerate(doc.data.get("skills") or []):
            where = f"{path.name}:{doc.problem_at(('skills', index), '').line}"
            if not isinstance(raw, dict) or not raw.get("id"):
                losses.add("skills without an id, left out", where)
                continue
            skill = _skill(raw, where, losses)
            known[str(raw["id"])] = skill["id"]
            tables[skill["id"]] = raw.get("levels") if isinstance(raw.get("levels"), dict) else {}
            for role in raw.get("core_roles") or []:
                core_by_role.setdefault(str(role), []).append(skill["id"])
            skills.append(skill)
        category["skills"] = skills
        category["_order"] = order.index(original) if original in order else len(order)
        categories.append(category)
    categories.sort(key=lambda c: c.pop("_order"))  # stable: file order among the unlisted
    return categories, tables, core_by_role, known


def _skill(raw: dict[str, Any], where: str, losses: LossReport) -> dict[str, Any]:
    original = str(raw["id"])
    skill: dict[str, Any] = {"id": slug(original)}
    if skill["id"] != original:
        skill["aliases"] = [original]
    skill["name"] = _text(raw.get("name")) or original
    skill["description"] = _text(raw.get("description")) or skill["name"]
    for key in raw:
        if key not in _SKILL_KEYS:
            losses.add("skill fields with no place in mlcareer", f"{original}.{key}")

    descriptions = _by_level(raw.get("level_descriptions"))
    skill["levels"] = {
        n: _text(descriptions[n]) for n in (1, 2, 3, 4) if _text(descriptions.get(n))
    }
    for n in descriptions:
        if n not in (1, 2, 3, 4):
            losses.add(
                "level descriptions outside 1-4 (mlcareer describes levels 1-4; 0 is the "
                "scale's None)",
                f"{original} {n}",
            )

    indicators = _by_level(raw.get("behavioral_indicators"))
    kept = {}
    for n, statements in indicators.items():
        texts = [_text(s) for s in statements if _text(s)] if isinstance(statements, list) else []
        if n in (1, 2, 3, 4):
            if texts:
                kept[n] = texts
        else:
            losses.add(
                "behavioural indicators of levels outside 1-4",
                f"{original} {n}: {len(texts)} statement{'' if len(texts) == 1 else 's'}",
            )
    if kept:
        skill["indicators"] = kept

    steps = []
    tips = raw.get("improvement_tips")
    for key, tip in tips.items() if isinstance(tips, dict) else []:
        match = _TIP_KEY.match(str(key))
        target = int(match.group(2)) if match else None
        if target is None or not 1 <= target <= 4 or not _text(tip):
            losses.add("improvement tips not towards a level 1-4", f"{original} {key}")
            continue
        steps.append({"to_level": target, "step": _text(tip)})
    steps.sort(key=lambda s: s["to_level"])
    resources = []
    for resource in raw.get("resources") or []:
        made = _resource(resource, original, losses)
        if made:
            resources.append(made)
    if resources:
        if not steps:
            steps.append({"to_level": 1, "step": f"Work through the resources on {skill['name']}."})
            losses.add(
                "skills with resources but no tips: a step to level 1 was added to hold them",
                original,
            )
        steps[0]["resources"] = resources
    if steps:
        skill["learning"] = steps
    if steps:
        losses.add("learning steps without hours (the matrix has none)", original)
    if not raw.get("levels"):
        losses.add("skills without a role table (no role requires them)", where)
    return skill


def _resource(raw: Any, skill: str, losses: LossReport) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        return None
    url, title = _text(raw.get("url")), _text(raw.get("title"))
    if not re.match(r"^https?://\S+$", url) or not title:
        losses.add("resources without a title or a web address, left out", f"{skill}: {url}")
        return None
    kind_given = _text(raw.get("type")).lower() or "documentation"
    kind = RESOURCE_KINDS.get(kind_given)
    if kind is None:
        losses.add("resource types mlcareer does not have, read as docs", f"{skill}: {kind_given}")
        kind = "docs"
    elif kind_given not in ("documentation", kind):
        losses.add(f"resource type `{kind_given}` read as `{kind}`", skill)
    return {"title": title, "url": url, "kind": kind}


def _roles(
    matrix_roles: list[dict[str, Any]],
    career_levels: list[dict[str, Any]],
    tables: dict[str, dict[str, list[Any]]],
    core_by_role: dict[str, list[str]],
    losses: LossReport,
) -> list[dict[str, Any]]:
    """One role per role x career level; each later level extends the one before."""
    roles = []
    for matrix_role in matrix_roles:
        original = str(matrix_role.get("id"))
        base = slug(original)
        name = _text(matrix_role.get("name")) or original
        previous: dict[str, int] | None = None
        previous_id = None
        for position, level in enumerate(career_levels):
            level_id = str(level.get("id"))
            role: dict[str, Any] = {
                "id": f"{base}-{slug(level_id)}",
                "name": f"{name} ({_text(level.get('name')) or level_id})",
            }
            about = [_text(level.get("description")), _text(level.get("experience"))]
            if any(about):
                role["description"] = " · ".join(a for a in about if a)
            seniority = _seniority(level_id, position, losses)
            if seniority:
                role["seniority"] = seniority
            required = _required(tables, original, position, losses)
            if previous_id is None:
                role["requires"] = {k: v for k, v in required.items() if v}
                core = list(dict.fromkeys(core_by_role.get(original, [])))
                if core:
                    role["core"] = core
            else:
                role["extends"] = previous_id
                assert previous is not None
                changed = {k: v for k, v in required.items() if previous.get(k, 0) != v}
                if changed:
                    role["requires"] = changed
            roles.append(role)
            previous, previous_id = required, role["id"]
    return roles


def _seniority(level_id: str, position: int, losses: LossReport) -> str | None:
    if level_id in SENIORITIES:
        return level_id
    if position < len(SENIORITY_BY_POSITION):
        chosen = SENIORITY_BY_POSITION[position]
        losses.add(
            "career levels mapped to a seniority by their position", f"{level_id} -> {chosen}"
        )
        return chosen
    losses.add("career levels beyond five have no seniority", level_id)
    return None


def _required(
    tables: dict[str, dict[str, list[Any]]], role: str, position: int, losses: LossReport
) -> dict[str, int]:
    """skill id -> required level for ``role`` at the career level at ``position``."""
    required = {}
    for skill_id, table in tables.items():
        row = table.get(role)
        if not isinstance(row, list):
            continue
        value = row[position] if position < len(row) else None
        level = _level_of(value)
        if level is None:
            if value not in (None, "NC", "nc", "-", ""):
                losses.add(
                    "role cells that are not a level or NC, read as 0",
                    f"{skill_id} {role}: {value!r}",
                )
            required[skill_id] = 0
        elif level > 4:
            losses.add("required levels above 4, capped at 4", f"{skill_id} {role}: {level}")
            required[skill_id] = 4
        else:
            required[skill_id] = max(level, 0)
    return required
