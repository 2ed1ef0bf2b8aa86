"""A commented answers file for a taxonomy, to fill in and pass to `assess --answers`."""

from __future__ import annotations

import json
import textwrap

from mlcareer.answers import role_from_option
from mlcareer.safe_text import clean
from mlcareer.taxonomy import Taxonomy


def _comment(text: str, prefix: str, width: int = 88) -> list[str]:
    """``text`` wrapped into comment lines that all start with ``prefix``; cleaned first, as
    it is the taxonomy's text (a line break in it would start a YAML line of its own)."""
    lines = textwrap.wrap(clean(text), width - len(prefix))
    return [f"{prefix}{line}" for line in lines] or [prefix]


def answers_template(taxonomy: Taxonomy, role_id: str | None = None) -> str:
    """YAML that loads as a valid answers file in which every rating is empty (skipped).

    The required levels of the role are deliberately not shown, so they do not bias
    the self-rating.
    """
    if role_id is not None:
        role_from_option(taxonomy, role_id)  # refuses a role the taxonomy lacks
    role = role_id or taxonomy.roles[0].id
    scale = ", ".join(f"{n} {taxonomy.level_name(n)}" for n in range(5))
    lines = [
        clean(
            f"# Answers for `mlcareer assess --answers FILE` ({taxonomy.title}, taxonomy "
            f"{taxonomy.id} {taxonomy.version})."
        ),
        "# Rate each skill from 0 to 4 by what you can DO today; leave a rating empty to skip it",
        "# (a skipped skill is reported as not assessed and counts as 0).",
        clean(f"# Scale: {scale}."),
        "#",
        "# Roles: " + ", ".join(r.id for r in taxonomy.roles),
        f"role: {role}",
        "learner:",
        "  name:     # optional, e.g. Ada Lovelace",
        "  id:       # optional, e.g. a student number",
        "ratings:",
    ]
    for category in taxonomy.categories:
        lines += ["", clean(f"  # ---- {category.name} ----")]
        for skill in category.skills:
            lines += _comment(f"{skill.name}: {skill.description}", "  # ")
            for level in (1, 2, 3, 4):
                lines += _comment(
                    f"{level} {taxonomy.level_name(level)}: {skill.levels[level]}", "  #   "
                )
            # json.dumps quotes nothing for plain ids and keeps YAML happy for odd ones.
            key = skill.id if skill.id.replace("-", "").isalnum() else json.dumps(skill.id)
            lines.append(f"  {key}:")
    return "\n".join(lines) + "\n"
