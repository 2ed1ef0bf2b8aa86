"""A commented answers file for a taxonomy, to fill in and pass to `assess --answers`."""

from __future__ import annotations

import json
import re
import textwrap

from mlcareer.answers import role_from_option
from mlcareer.safe_text import clean
from mlcareer.taxonomy import Taxonomy


def _comment(text: str, prefix: str, width: int = 88, hang: int = 0) -> list[str]:
    """``text`` wrapped into comment lines that all start with ``prefix`` (the lines after
    the first ``hang`` spaces further in); cleaned first, as it is the taxonomy's text, and
    every line break YAML knows (LF, CR, NEL, LS, PS) becomes a space, so no text can start
    a YAML line of its own. Never broken at a hyphen: ids such as `ml-engineer` stay whole."""
    flat = " ".join(re.split("[\r\n\x0b\x0c\x85\u2028\u2029]", text))
    lines = textwrap.wrap(
        clean(flat),
        width,
        initial_indent=prefix,
        subsequent_indent=prefix + " " * hang,
        break_on_hyphens=False,
    )
    return lines or [prefix]


def _yaml_id(text: str) -> str:
    """An id as YAML reads it back as this very text: plain when YAML's resolver reads the
    plain word as text, else double-quoted (`no`, `on`, `null`, `0x10`, `010`, `1e3`,
    `2026-01-01` would be a boolean, a null, a number or a date)."""
    import yaml
    from yaml.resolver import Resolver

    resolved = Resolver().resolve(yaml.ScalarNode, text, (True, False))
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text) is not None
    if plain and resolved == "tag:yaml.org,2002:str":
        return text
    return json.dumps(text, ensure_ascii=False)


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
        *_comment(
            f"Answers for `mlcareer assess --answers FILE` ({taxonomy.title}, taxonomy "
            f"{taxonomy.id} {taxonomy.version}).",
            "# ",
        ),
        "# Rate each skill from 0 to 4 by what you can DO today; leave a rating empty to skip it",
        "# (a skipped skill is reported as not assessed and counts as 0).",
        *_comment(f"Scale: {scale}.", "# "),
        "#",
        *_comment("Roles: " + ", ".join(r.id for r in taxonomy.roles), "# "),
        f"role: {_yaml_id(role)}",
        "learner:",
        "  name:     # optional, e.g. Ada Lovelace",
        "  id:       # optional, e.g. a student number",
        "ratings:",
    ]
    for category in taxonomy.categories:
        lines += ["", *_comment(f"---- {category.name} ----", "  # ")]
        for skill in category.skills:
            lines += _comment(f"{skill.name}: {skill.description}", "  # ")
            for level in (1, 2, 3, 4):
                lines += _comment(
                    f"{level} {taxonomy.level_name(level)}: {skill.levels[level]}",
                    "  #   ",
                    hang=2,  # continuation lines sit under the text, past the level number
                )
            lines.append(f"  {_yaml_id(skill.id)}:")
    return "\n".join(lines) + "\n"
