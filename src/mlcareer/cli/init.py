"""`mlcareer init`: a starting taxonomy for a course, with its JSON Schema beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlcareer.errors import MlcareerError, Problem


def _note(message: str) -> None:
    from mlcareer.safe_text import clean

    typer.echo(clean(f"mlcareer: {message}"), err=True)  # it names paths given to us


def _write_schema_beside(taxonomy_file: Path) -> str | None:
    """Write taxonomy.schema.json next to the taxonomy; say what was done (None: nothing)."""
    import json

    from mlcareer.files import write_atomic
    from mlcareer.schemas import schema_json, schema_of
    from mlcareer.taxonomy_template import SCHEMA_FILE

    target = taxonomy_file.parent / SCHEMA_FILE
    text = schema_json("taxonomy")
    if target.exists():
        try:
            current = target.read_text(encoding="utf-8")
            ours = json.loads(current).get("$id") == schema_of("taxonomy")["$id"]
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            current, ours = "", False
        if current == text:
            return None
        if not ours:
            _note(
                f"warning: left {target} alone, as it is not mlcareer's taxonomy schema; the "
                f"first line of {taxonomy_file} expects it there, so point that line elsewhere"
            )
            return None
        write_atomic(target, text)
        return f"updated {target} (the JSON Schema your editor checks the taxonomy with)"
    write_atomic(target, text)
    return f"wrote {target} (the JSON Schema your editor checks the taxonomy with)"


def init(
    path: Annotated[
        Path,
        typer.Argument(help="Where to write the new taxonomy; - prints it.", show_default=False),
    ],
    minimal: Annotated[
        bool,
        typer.Option("--minimal", help="A small commented taxonomy to adapt (the default)."),
    ] = False,
    from_default: Annotated[
        bool,
        typer.Option(
            "--from-default", help="A copy of the shipped ML engineer taxonomy, with a guide."
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    csv_template: Annotated[
        bool,
        typer.Option(
            "--csv-template",
            help="Write an example spreadsheet (CSV) for `mlcareer import csv` instead.",
        ),
    ] = False,
) -> None:
    """Write a starting taxonomy for a course, with comments that teach the format.

    Beside it goes taxonomy.schema.json, which the first line points editors at, so
    VS Code (YAML extension) and others complete and check it as you type.
    """
    import shlex

    from mlcareer.files import refuse_missing_folder, write_atomic, write_output
    from mlcareer.taxonomy_template import default_with_header, minimal_taxonomy

    if sum((minimal, from_default, csv_template)) > 1:
        raise MlcareerError("choose one of --minimal, --from-default and --csv-template")
    name = "course.yaml" if str(path) == "-" else shlex.quote(str(path))
    if from_default:
        from mlcareer.taxonomy import default_taxonomy_path

        text = default_with_header(
            default_taxonomy_path().read_text(encoding="utf-8"), file_name=name
        )
    elif csv_template:
        from mlcareer.import_csv import csv_template as example_csv

        text = example_csv()
    else:
        text = minimal_taxonomy(file_name=name)
    if str(path) == "-":
        write_output(text, None)
        return
    if path.exists() and not path.is_dir() and not force:
        raise MlcareerError(
            Problem("already exists: pass --force to replace it, or choose another name", str(path))
        )
    refuse_missing_folder(path)  # checked first, so the schema is not written alone
    if path.is_dir():
        raise MlcareerError(Problem("is a folder: give a file name to write to", str(path)))
    if csv_template:
        write_atomic(path, text)
        _note(f"wrote {path} (an example spreadsheet: one row per skill)")
        _note(f"next: edit it, then `mlcareer import csv {name} -o course.yaml`")
        return
    schema_note = _write_schema_beside(path)
    write_atomic(path, text)
    kind = "a copy of the default taxonomy" if from_default else "a minimal taxonomy"
    _note(f"wrote {path} ({kind})")
    if schema_note:
        _note(schema_note)
    _note(f"next: edit it, then check it with `mlcareer validate {path}`")
