"""What a taxonomy holds, as tables, JSON and a Markdown catalogue (`roles`, `skills`).

A taxonomy may come from anyone (a course, a colleague, a download), so its text is drawn
through mlcareer.safe_text: cleaned ``Text`` on the terminal, never rich markup; escaped text
in Markdown, where only clean https URLs become links. The JSON is ASCII (json.dumps).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mlcareer.safe_text import clean, markdown_code, markdown_link, markdown_table, markdown_text
from mlcareer.taxonomy import Prerequisite, Taxonomy
from mlcareer.wording import plural

if TYPE_CHECKING:
    from rich.console import Console


def _role_rows(tax: Taxonomy) -> list[dict[str, Any]]:
    rows = []
    for role in tax.roles:
        required = tax.required_levels(role)
        rows.append(
            {
                "id": role.id,
                "name": role.name,
                "seniority": role.seniority,
                "description": role.description,
                "requires": role.requires,
                "required_levels": {k: v for k, v in required.items() if v > 0},
            }
        )
    return rows


def roles_json(tax: Taxonomy) -> str:
    return json.dumps(_role_rows(tax), indent=2) + "\n"


def roles_markdown(tax: Taxonomy) -> str:
    out = [f"# Roles of {markdown_text(f'{tax.title} ({tax.id} {tax.version})')}", ""]
    for role in tax.roles:
        required = tax.required_levels(role)
        out += [
            f"## {markdown_text(role.name)} ({markdown_code(role.id)})",
            "",
            markdown_text(role.description),
            "",
        ]
        if role.seniority:
            out += [f"Seniority: {markdown_text(role.seniority)}.", ""]
        out += markdown_table(
            ["Category", "Skills required (level)"],
            [
                [
                    c.name,
                    ", ".join(f"{s.name} {required[s.id]}" for s in c.skills if required[s.id])
                    or "-",
                ]
                for c in tax.categories
            ],
        )
        out.append("")
    return "\n".join(out)


def print_roles(tax: Taxonomy, console: Console) -> None:
    from rich.text import Text

    for role in tax.roles:
        required = tax.required_levels(role)
        count = sum(1 for v in required.values() if v)
        head = Text(clean(role.id), style="bold")
        head.append(f"  {clean(role.name)}", style="default")
        seniority = f"{role.seniority}, " if role.seniority else ""
        head.append(
            f"  ({seniority}{plural(count, 'skill')}, {plural(sum(required.values()), 'level')})",
            style="dim",
        )
        console.print(head)
        for line in Text(clean(role.description)).wrap(console, max(20, console.width - 2)):
            line.rstrip()
            console.print("  ", line, sep="")
        console.print()


def _skill_rows(tax: Taxonomy) -> list[dict[str, Any]]:
    rows = []
    for category in tax.categories:
        for skill in category.skills:
            rows.append(
                {
                    "id": skill.id,
                    "name": skill.name,
                    "category": category.id,
                    "description": skill.description,
                    "weight": skill.weight,
                    "prerequisites": [p.as_written() for p in skill.prerequisites],
                    "aliases": skill.aliases,
                    "levels": {str(k): v for k, v in sorted(skill.levels.items())},
                    "hours_to_expert": sum(step.hours for step in skill.learning),
                    "checks": len(skill.checks),
                }
            )
    return rows


def skills_json(tax: Taxonomy) -> str:
    return json.dumps(_skill_rows(tax), indent=2) + "\n"


def skills_markdown(tax: Taxonomy) -> str:
    """The whole catalogue: every skill with its levels, learning steps and resources."""
    names = {s.id: s.name for s in tax.skills()}
    total_skills = sum(1 for _ in tax.skills())
    levels = ", ".join(f"{n} {tax.level_name(n)} ({tax.level_description(n)})" for n in range(5))
    out = [
        f"# {markdown_text(tax.title)}: skills catalogue",
        "",
        f"Taxonomy {markdown_code(tax.id)} version {markdown_text(tax.version)}: "
        f"{plural(len(tax.categories), 'category')}, {plural(total_skills, 'skill')}, "
        f"{plural(len(tax.roles), 'role')}.",
        "",
        f"Levels: {markdown_text(levels)}.",
        "",
    ]
    for category in tax.categories:
        out += [f"## {markdown_text(category.name)}", ""]
        if category.description:
            out += [markdown_text(category.description), ""]
        for skill in category.skills:
            out += [
                f"### {markdown_text(skill.name)} ({markdown_code(skill.id)})",
                "",
                markdown_text(skill.description),
                "",
            ]
            if skill.prerequisites:
                shown = ", ".join(p.label(names[p.skill]) for p in skill.prerequisites)
                out += [f"Prerequisites: {markdown_text(shown)}", ""]
            for level in (1, 2, 3, 4):
                out.append(
                    f"- **{level} {markdown_text(tax.level_name(level))}**: "
                    f"{markdown_text(skill.levels[level])}"
                )
            out.append("")
            if skill.learning:
                out += ["Learning steps:", ""]
                for step in sorted(skill.learning, key=lambda s: s.to_level):
                    on_the_job = ", on the job" if step.experience else ""
                    needs = ", ".join(
                        Prerequisite(q, level).label(names.get(q))
                        for q, level in step.needs.items()
                    )
                    needs = f" Needs: {markdown_text(needs)}." if needs else ""
                    out.append(
                        f"{step.to_level}. ({step.hours:g} h{on_the_job}) "
                        f"{markdown_text(step.step)}{needs}"
                    )
                    for resource in step.resources:
                        paid = ", paid" if resource.paid else ""
                        out.append(
                            f"   - {markdown_link(resource.title, resource.url)} "
                            f"({markdown_text(resource.kind)}{paid})"
                        )
                out.append("")
    return "\n".join(out)


def print_skills(tax: Taxonomy, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    for category in tax.categories:
        console.print(Text(clean(f"{category.name} ({category.id})"), style="bold"))
        grid = Table(box=None, padding=(0, 1), pad_edge=False, header_style="dim")
        grid.add_column("Id", no_wrap=True)
        grid.add_column("Skill", overflow="fold")
        grid.add_column("Needs", overflow="fold")
        grid.add_column("Hours", justify="right", no_wrap=True)
        for skill in category.skills:
            grid.add_row(
                Text(clean(skill.id)),
                Text(clean(skill.name)),
                Text(clean(", ".join(p.label() for p in skill.prerequisites) or "-")),
                f"{sum(step.hours for step in skill.learning):g}",
            )
        console.print(grid)
        console.print()


def roles_views(
    tax: Taxonomy,
) -> tuple[Callable[[], str], Callable[[], str], Callable[[Console], None]]:
    """Functions that make the roles' JSON and Markdown, and one that draws them."""
    return (
        lambda: roles_json(tax),
        lambda: roles_markdown(tax),
        lambda console: print_roles(tax, console),
    )


def skills_views(
    tax: Taxonomy,
) -> tuple[Callable[[], str], Callable[[], str], Callable[[Console], None]]:
    """Functions that make the skills' JSON and Markdown catalogue, and one that draws them."""
    return (
        lambda: skills_json(tax),
        lambda: skills_markdown(tax),
        lambda console: print_skills(tax, console),
    )
