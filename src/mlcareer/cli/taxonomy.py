"""Commands that read a taxonomy: `roles`, `skills`, `validate` and `schema`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from mlcareer.cli.assess import cache_dir
from mlcareer.cli.options import NoColorOption, TaxonomyOption
from mlcareer.cli.output import VIEW_FORMATS, Format, emit_view, format_for


class SchemaName(str, Enum):
    taxonomy = "taxonomy"
    answers = "answers"
    report = "report"
    assignment = "assignment"


ListFormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="table, json or markdown.", metavar="FORMAT"),
]


def _print_listing(
    taxonomy: Path | None,
    fmt: Format,
    no_color: bool,
    listing: Callable[[Any], tuple[Callable[[], str], Callable[[], str], Callable[[Any], None]]],
) -> None:
    """`roles` and `skills`: one listing of the taxonomy as JSON, Markdown or a table.

    ``listing(taxonomy)`` gives functions that make its JSON, its Markdown and draw it, so
    only the view asked for is built.
    """
    from mlcareer.taxonomy import load_taxonomy

    chosen = format_for(None, fmt, VIEW_FORMATS)
    as_json, as_markdown, draw = listing(load_taxonomy(taxonomy, cache_dir=cache_dir()))
    emit_view(
        chosen,
        None,
        no_color,
        text={Format.json: as_json, Format.markdown: as_markdown},
        draw=draw,
    )


def roles(
    taxonomy: TaxonomyOption = None,
    fmt: ListFormatOption = Format.table,
    no_color: NoColorOption = False,
) -> None:
    """List the roles of the taxonomy and what each requires."""
    from mlcareer.render import catalogue

    _print_listing(taxonomy, fmt, no_color, catalogue.roles_views)


def skills(
    taxonomy: TaxonomyOption = None,
    fmt: ListFormatOption = Format.table,
    no_color: NoColorOption = False,
) -> None:
    """List the skills of the taxonomy by category (markdown: the full catalogue)."""
    from mlcareer.render import catalogue

    _print_listing(taxonomy, fmt, no_color, catalogue.skills_views)


def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Taxonomy file to check (default: the one in use).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Check a taxonomy file; print every problem with file:line:col (exit 2 if any).

    Warnings (a skill no role requires, a required level no learning step reaches, a
    resource link that is not https) are printed too, and leave the exit status 0.
    """
    from mlcareer.lint import taxonomy_warnings
    from mlcareer.taxonomy import load_taxonomy_with_document, taxonomy_path

    tax, doc = load_taxonomy_with_document(path)
    warnings = taxonomy_warnings(tax, doc)
    for warning in warnings:
        typer.echo(f"mlcareer: {warning.location()}: warning: {warning.message}", err=True)
    skills_count = sum(1 for _ in tax.skills())
    count = len(warnings)
    with_warnings = f", {count} warning{'s' if count != 1 else ''}" if count else ""
    typer.echo(
        f"{taxonomy_path(path)}: valid taxonomy `{tax.id}` version {tax.version}: "
        f"{len(tax.categories)} categories, {skills_count} skills, {len(tax.roles)} roles, "
        f"{sum(1 for _ in tax.checks())} knowledge checks{with_warnings}",
    )


def schema(
    name: Annotated[
        SchemaName, typer.Argument(help="Which schema: taxonomy, answers, report or assignment.")
    ],
) -> None:
    """Print the JSON Schema of the taxonomy, the answers file, the report or an assignment."""
    from mlcareer.schemas import schema_json

    sys.stdout.write(schema_json(name.value))
