"""`mlcareer import csv|data-skills-matrix`: a taxonomy from a spreadsheet or a matrix.

Each writes the taxonomy, a loss report beside it (everything that did not map) and the
JSON Schema editors check it with, then validates the taxonomy in the same run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlcareer.cli.helptext import PlainCommand, examples
from mlcareer.errors import MlcareerError, Problem

if TYPE_CHECKING:
    from mlcareer.imported import Imported

app = typer.Typer(
    help="Make a taxonomy from a spreadsheet (CSV) or a data-skills-matrix folder.",
    epilog=examples(
        "mlcareer import csv skills.csv -o course.yaml  ·  "
        "mlcareer import data-skills-matrix my-matrix -o matrix.yaml"
    ),
    no_args_is_help=True,
)

OutputFile = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="The taxonomy file to write (YAML).",
        metavar="FILE",
        show_default=False,
    ),
]
IdOption = Annotated[
    str | None,
    typer.Option("--id", help="Id of the new taxonomy (default: from the source).", metavar="ID"),
]
TitleOption = Annotated[
    str | None, typer.Option("--title", metavar="TEXT", help="Title of the new taxonomy.")
]
VersionOption = Annotated[
    str, typer.Option("--version", metavar="VERSION", help="Content version to give it.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace existing files.")]


def _note(message: str) -> None:
    typer.echo(f"mlcareer: {message}", err=True)


def loss_report_path(output: Path) -> Path:
    """course.yaml -> course.loss.md, beside it."""
    return output.with_name(f"{output.stem}.loss.md")


def _write_and_validate(
    result: Imported, what: str, source: str, output: Path, force: bool
) -> None:
    from mlcareer.cli.init import _write_schema_beside
    from mlcareer.files import refuse_missing_folder, write_atomic
    from mlcareer.imported import counts_of, counts_sentence, loss_report_text, taxonomy_text
    from mlcareer.lint import taxonomy_warnings
    from mlcareer.taxonomy import load_taxonomy_with_document

    report = loss_report_path(output)
    for target in (output, report):
        if target.exists() and not force:
            raise MlcareerError(
                Problem(
                    "already exists: pass --force to replace it, or choose another name",
                    str(target),
                )
            )
    refuse_missing_folder(output)
    counts = counts_of(result.document)
    header = [
        "yaml-language-server: $schema=./taxonomy.schema.json",
        f"Imported by `mlcareer import {what}` from {source}.",
        f"What did not map is listed in {report.name}.",
        "",
    ]
    schema_note = _write_schema_beside(output)
    write_atomic(output, taxonomy_text(result.document, header))
    write_atomic(report, loss_report_text(result.losses, what, output.name, counts))
    _note(f"imported {counts_sentence(counts)} into {output}")
    lost = len(result.losses)
    _note(
        f"{lost} thing{'s' if lost != 1 else ''} did not map as they were: see {report}"
        if lost
        else f"everything mapped (report: {report})"
    )
    if schema_note:
        _note(schema_note)
    try:
        tax, doc = load_taxonomy_with_document(output)
    except MlcareerError as exc:
        _note(
            f"{output} was written, but it does not validate yet: fix these in it (or in the "
            "source, and import again), then run `mlcareer validate`"
        )
        raise exc from None
    warnings = taxonomy_warnings(tax, doc)
    for warning in warnings:
        typer.echo(f"mlcareer: {warning.location()}: warning: {warning.message}", err=True)
    with_warnings = f", {len(warnings)} warnings" if warnings else ""
    typer.echo(
        f"{output}: valid taxonomy `{tax.id}` version {tax.version}: {len(tax.categories)} "
        f"categories, {sum(1 for _ in tax.skills())} skills, {len(tax.roles)} roles{with_warnings}"
    )


@app.command(
    "csv",
    cls=PlainCommand,
    epilog=examples(
        "mlcareer init --csv-template skills.csv  ·  mlcareer import csv skills.csv -o course.yaml"
    ),
)
def import_csv(
    file: Annotated[Path, typer.Argument(help="The spreadsheet, saved as CSV.", metavar="FILE")],
    output: OutputFile,
    taxonomy_id: IdOption = None,
    title: TitleOption = None,
    version: VersionOption = "1",
    force: ForceOption = False,
) -> None:
    """One row per skill: category, skill, level 1-4, optional indicators, `role: NAME`
    columns (`mlcareer init --csv-template FILE` writes an example)."""
    from mlcareer.import_csv import read_csv

    result = read_csv(file, taxonomy_id=taxonomy_id, title=title, version=version)
    _write_and_validate(result, "csv", str(file), output, force)


@app.command(
    "data-skills-matrix",
    cls=PlainCommand,
    epilog=examples("mlcareer import data-skills-matrix my-matrix -o matrix.yaml"),
)
def import_skills_matrix(
    folder: Annotated[
        Path, typer.Argument(help="The matrix's folder (or its data/ folder).", metavar="FOLDER")
    ],
    output: OutputFile,
    taxonomy_id: IdOption = None,
    title: TitleOption = None,
    version: VersionOption = "1",
    force: ForceOption = False,
) -> None:
    """A matrix in data-skills-matrix's data/ layout: groups become categories, roles x
    career levels become roles with seniority and extends, core roles role weights."""
    from mlcareer.import_skills_matrix import read_skills_matrix

    result = read_skills_matrix(folder, taxonomy_id=taxonomy_id, title=title, version=version)
    _write_and_validate(result, "data-skills-matrix", str(folder), output, force)
