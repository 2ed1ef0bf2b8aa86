"""The options every command shares, defined once (sqlite-utils' `output_options` idea).

Each is an ``Annotated`` alias; a command that needs other help text passes its own
``typer.Option`` instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlcareer.cli.output import Format

TaxonomyOption = Annotated[
    Path | None,
    typer.Option(
        "--taxonomy",
        "-t",
        envvar="MLCAREER_TAXONOMY",
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
    typer.Option("--role", "-r", help="Role id (see `mlcareer roles`).", metavar="ROLE"),
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
