"""The instructor's commands: `init` (a starting taxonomy) and `cohort` (aggregate reports).

Imported by cli.py at start-up, so only typer is imported at the top; the models, rich
and the cohort engine are imported inside the commands.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mlcareer.errors import MlcareerError, Problem

if TYPE_CHECKING:
    from mlcareer.cohort import Cohort

PROGRESS_MIN_FILES = 25  # below this, reading is over before a bar would be worth drawing


class CohortFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class CsvTable(str, Enum):
    skills = "skills"
    priorities = "priorities"
    learners = "learners"
    at_risk = "at-risk"


def _warn(message: str) -> None:
    typer.echo(f"mlcareer: {message}", err=True)


# -- init ---------------------------------------------------------------------------------


def _write_schema_beside(taxonomy_file: Path) -> str | None:
    """Write taxonomy.schema.json next to the taxonomy; say what was done (None: nothing)."""
    import json

    from mlcareer.files import write_atomic
    from mlcareer.init_template import SCHEMA_FILE
    from mlcareer.schemas import schema_json, schema_of

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
            _warn(
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
) -> None:
    """Write a starting taxonomy for a course, with comments that teach the format.

    Beside it goes taxonomy.schema.json, which the first line points editors at, so
    VS Code (YAML extension) and others complete and check it as you type.
    """
    import shlex

    from mlcareer.files import write_atomic, write_output
    from mlcareer.init_template import default_with_header, minimal_taxonomy

    if minimal and from_default:
        raise MlcareerError("choose one of --minimal and --from-default, not both")
    name = "course.yaml" if str(path) == "-" else shlex.quote(str(path))
    if from_default:
        from mlcareer.taxonomy import default_taxonomy_path

        text = default_with_header(
            default_taxonomy_path().read_text(encoding="utf-8"), file_name=name
        )
    else:
        text = minimal_taxonomy(file_name=name)
    if str(path) == "-":
        write_output(text, None)
        return
    if path.exists() and not path.is_dir() and not force:
        raise MlcareerError(
            Problem("already exists: pass --force to replace it, or choose another name", str(path))
        )
    if not path.parent.is_dir():  # checked first, so the schema is not written alone
        raise MlcareerError(Problem("the folder does not exist: create it first", str(path)))
    if path.is_dir():
        raise MlcareerError(Problem("is a folder: give a file name to write to", str(path)))
    schema_note = _write_schema_beside(path)
    write_atomic(path, text)
    kind = "a copy of the default taxonomy" if from_default else "a minimal taxonomy"
    _warn(f"wrote {path} ({kind})")
    if schema_note:
        _warn(schema_note)
    _warn(f"next: edit it, then check it with `mlcareer validate {path}`")


# -- cohort -------------------------------------------------------------------------------


def _emit(
    cohort: Cohort, fmt: CohortFormat, table: CsvTable, output: Path | None, no_color: bool
) -> None:
    from mlcareer.output import emit_view
    from mlcareer.render import cohort as views
    from mlcareer.render.json import render_json

    emit_view(
        fmt,
        output,
        no_color,
        text={
            "json": lambda: render_json(cohort),
            "csv": lambda: views.render_cohort_csv(cohort, table.value),
            "markdown": lambda: views.render_cohort_markdown(cohort),
        },
        draw=lambda console: views.render_cohort_table(cohort, console),
    )


class _Feedback:
    """Progress bar and skip warnings on stderr; a bar only on a terminal with many files."""

    def __init__(self, paths: list[str]) -> None:
        self.progress: Any = None
        self.task: Any = None
        if not sys.stderr.isatty():
            return
        from mlcareer.cohort import iter_sources

        total = None if "-" in paths else sum(1 for _ in iter_sources(paths))
        if total is not None and total < PROGRESS_MIN_FILES:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("reading reports", total=total)

    def __enter__(self) -> _Feedback:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self, _source: object) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def skipped(self, problem: Problem) -> None:
        message = f"mlcareer: warning: {problem} (skipped)"
        if self.progress is not None:
            self.progress.console.print(message, markup=False, highlight=False)
        else:
            typer.echo(message, err=True)


def cohort(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Reports: files, folders (every *.json inside), globs, or - to read paths or "
            "JSON Lines of reports from stdin.",
            show_default=False,
            metavar="PATH",
        ),
    ],
    fmt: Annotated[
        CohortFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: table, or from --output's extension).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically).", show_default=False),
    ] = None,
    csv_table: Annotated[
        CsvTable | None,
        typer.Option(
            "--csv-table",
            help="Which table --format csv writes: skills (default), priorities, learners "
            "(x categories) or at-risk (with their gaps).",
            show_default=False,
        ),
    ] = None,
    at_risk_below: Annotated[
        float,
        typer.Option(
            "--at-risk-below",
            min=0,
            max=100,
            metavar="PCT",
            help="List learners whose readiness is below this percentage.",
        ),
    ] = 50.0,
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            min=1,
            metavar="K",
            help="For sharing: hide per-learner rows, counts below K and figures drawn from "
            "fewer than K learners.",
        ),
    ] = 1,
    allow_mixed: Annotated[
        bool,
        typer.Option(
            "--allow-mixed",
            help="Aggregate reports from different taxonomies, comparing by skill id.",
        ),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Leave out bad files with a warning (else exit 2)."),
    ] = False,
    taxonomy: Annotated[
        Path | None,
        typer.Option(
            "--taxonomy",
            "-t",
            envvar="MLCAREER_TAXONOMY",
            show_default=False,
            help="Taxonomy whose skill aliases map former ids in older reports to current ids.",
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="Draw no colour (also: NO_COLOR, TERM=dumb).")
    ] = False,
) -> None:
    """Aggregate students' JSON reports: skill gaps, teaching priorities, learners at risk.

    The latest report per learner id counts (reports without one count per file).
    """
    from mlcareer.cohort import build_cohort, iter_sources
    from mlcareer.output import format_for

    chosen = format_for(output, fmt, CohortFormat)
    if csv_table is not None and chosen is not CohortFormat.csv:
        raise MlcareerError("--csv-table chooses the table of --format csv: add --format csv")
    if paths.count("-") > 1:
        raise MlcareerError("give - (stdin) once")
    if output is not None and str(output) != "-" and not output.parent.is_dir():
        # Checked before reading hundreds of reports, not after.
        raise MlcareerError(Problem("the folder does not exist: create it first", str(output)))
    current_id = None
    if taxonomy is not None:
        from mlcareer.taxonomy import load_taxonomy

        current_id = load_taxonomy(taxonomy).current_id
    with _Feedback(paths) as feedback:
        result = build_cohort(
            iter_sources(paths, sys.stdin if "-" in paths else None),
            allow_mixed=allow_mixed,
            skip_invalid=skip_invalid,
            at_risk_below=at_risk_below,
            min_group=min_group,
            current_id=current_id,
            on_invalid=feedback.skipped,
            on_progress=feedback.advance,
        )
    dropped = [f"skill `{d.id}`" for d in result.dropped_skills] + [
        f"category `{d.id}`" for d in result.dropped_categories
    ]
    if dropped:
        _warn(
            f"note: compared by skill id across {sum(1 for t in result.taxonomies if t.learners)} "
            f"taxonomies; left out what is not in every one: {', '.join(dropped)}"
        )
    _emit(result, chosen, csv_table or CsvTable.skills, output, no_color)


def register(app: typer.Typer) -> None:
    """Add `init` and `cohort` to the application."""
    app.command("init")(init)
    app.command("cohort")(cohort)
