"""The options every command shares, defined once (sqlite-utils' `output_options` idea).

Each is an ``Annotated`` alias; a command that needs other help text passes its own
``typer.Option`` instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from mlcareer.cli.output import Format

# -- shell completion -------------------------------------------------------------
# Typer calls these while the shell completes a word; they must never fail or print, so
# a taxonomy that cannot be read completes nothing.


def _taxonomy_for_completion(ctx: typer.Context) -> Any:
    from mlcareer.errors import MlcareerError
    from mlcareer.taxonomy import load_taxonomy

    explicit = ctx.params.get("taxonomy") or os.environ.get("MLCAREER_TAXONOMY") or None
    try:
        return load_taxonomy(explicit)
    except (MlcareerError, OSError):
        return None


def complete_role(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Role ids of the taxonomy in use (--taxonomy, else MLCAREER_TAXONOMY, else the
    shipped one) that start with ``incomplete``, each with the role's name as help."""
    taxonomy = _taxonomy_for_completion(ctx)
    if taxonomy is None:
        return []
    return [(role.id, role.name) for role in taxonomy.roles if role.id.startswith(incomplete)]


TaxonomyOption = Annotated[
    Path | None,
    typer.Option(
        "--taxonomy",
        "-t",
        envvar="MLCAREER_TAXONOMY",
        readable=False,  # the file's own reader says what is wrong, and where
        help="Taxonomy file (default: the shipped ML engineer taxonomy); its aliases also map "
        "renamed skills in older reports.",
        show_default=False,
        metavar="FILE",
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Draw no colour (also: NO_COLOR, TERM=dumb).")
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table, or from --output's extension).",
        show_default=False,
        metavar="FORMAT",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        readable=False,  # write_atomic says what stands in the way
        help="Write to this file (atomically) instead of stdout; - is stdout.",
        show_default=False,
        metavar="FILE",
    ),
]
CreateDirsOption = Annotated[
    bool,
    typer.Option(
        "--create-dirs",
        help="Create the folders of --output that do not exist yet (as curl --create-dirs).",
    ),
]
RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        help="Role id (see `mlcareer roles`).",
        metavar="ROLE",
        autocompletion=complete_role,
    ),
]
LearnerOption = Annotated[
    str | None,
    typer.Option("--learner", help="Learner's name (overrides the file's).", metavar="NAME"),
]
LearnerIdOption = Annotated[
    str | None,
    typer.Option(
        "--learner-id", help="Learner's id, e.g. a student number ([A-Za-z0-9._-]).", metavar="ID"
    ),
]
REF_HELP = (
    "`latest`, `previous`, an id from `mlcareer history`, or a JSON report file from "
    "`mlcareer assess --format json`"
)
DetailsOption = Annotated[
    bool,
    typer.Option(
        "--details",
        help="Also show the statistics of the knowledge checks (accuracy, mean confidence, "
        "Brier score), from 5 checks up.",
    ),
]
