"""What the importers share: the loss report, ids made from other formats' names, counts,
and the text of the taxonomy they write.

An importer (import_csv, import_skills_matrix) reads its source and returns an
``Imported``: a taxonomy document (plain data, validated afterwards like any file) and a
``LossReport`` of everything in the source that has no place in mlcareer's format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

_MAX_EXAMPLES = 6


@dataclass
class LossReport:
    """What did not map, by topic, each with the places or items it concerns."""

    source: str
    topics: dict[str, list[str]] = field(default_factory=dict)

    def add(self, topic: str, item: str = "") -> None:
        items = self.topics.setdefault(topic, [])
        if item and item not in items:
            items.append(item)

    def __len__(self) -> int:
        return sum(max(1, len(items)) for items in self.topics.values())

    def lines(self) -> list[str]:
        """One line per topic: the count and the first few items."""
        out = []
        for topic, items in self.topics.items():
            if not items:
                out.append(f"- {topic}")
                continue
            shown = ", ".join(items[:_MAX_EXAMPLES])
            more = f" and {len(items) - _MAX_EXAMPLES} more" if len(items) > _MAX_EXAMPLES else ""
            out.append(f"- {topic} ({len(items)}): {shown}{more}")
        return out


@dataclass
class Imported:
    document: dict[str, Any]
    losses: LossReport


def slug(text: str, fallback: str = "x") -> str:
    """An mlcareer id from a name or a foreign id: ``Data_Security`` -> ``data-security``,
    ``Sécurité & RGPD`` -> ``securite-rgpd``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64].strip("-")
    return made or fallback


def separate_category_ids(document: dict[str, Any], losses: LossReport) -> None:
    """Rename a category whose id is also a skill's (a `Statistics` category holding a
    `Statistics` skill), since a role's `requires` could not tell them apart."""
    skill_ids = {s["id"] for c in document["categories"] for s in c["skills"]}
    taken = skill_ids | {c["id"] for c in document["categories"]}
    for category in document["categories"]:
        if category["id"] in skill_ids:
            new = f"{category['id']}-category"
            while new in taken:
                new += "-x"
            losses.add(
                "category ids that were also skill ids, renamed", f"{category['id']} -> {new}"
            )
            taken.add(new)
            category["id"] = new


def counts_of(document: dict[str, Any]) -> dict[str, int]:
    """How much a taxonomy document holds, for the import summary."""
    skills = [s for c in document.get("categories", []) for s in c.get("skills", [])]
    steps = [step for s in skills for step in s.get("learning", [])]
    return {
        "categories": len(document.get("categories", [])),
        "skills": len(skills),
        "roles": len(document.get("roles", [])),
        "indicators": sum(len(v) for s in skills for v in s.get("indicators", {}).values()),
        "learning steps": len(steps),
        "resources": sum(len(step.get("resources", [])) for step in steps),
    }


def counts_sentence(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def taxonomy_text(document: dict[str, Any], header: list[str]) -> str:
    """The YAML of an imported taxonomy, with ``header`` comment lines on top."""
    import yaml

    body = yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return "".join(f"# {line}\n" if line else "#\n" for line in header) + body


def loss_report_text(losses: LossReport, what: str, target: str, counts: dict[str, int]) -> str:
    """The loss report file: what was imported and, topic by topic, what was not."""
    out = [
        f"# Import report: {what} {losses.source} -> {target}",
        "",
        f"Imported: {counts_sentence(counts)}.",
        "",
    ]
    if losses.topics:
        out += ["Not imported, or changed on the way:", "", *losses.lines()]
    else:
        out.append("Everything in the source was imported.")
    return "\n".join(out) + "\n"
