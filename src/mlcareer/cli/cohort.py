"""`mlcareer cohort`: aggregate a class's JSON reports.

Imported at start-up, so only typer is imported at the top; the models, rich and the
cohort engine are imported inside the command.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mlcareer.cli.options import FormatOption, NoColorOption, OutputOption, TaxonomyOption
from mlcareer.cli.output import Format, emit_view, format_for
from mlcareer.errors import MlcareerError, Problem

if TYPE_CHECKING:
    from mlcareer.cohort import Cohort

PROGRESS_MIN_FILES = 25  # below this, reading is over before a bar would be worth drawing


COHORT_FORMATS = (Format.table, Format.json, Format.markdown, Format.csv)


class CsvTable(str, Enum):
    skills = "skills"
    priorities = "priorities"
    learners = "learners"
    at_risk = "at-risk"


def _warn(message: str) -> None:
    typer.echo(f"mlcareer: {message}", err=True)


def _emit(
    cohort: Cohort, fmt: Format, table: CsvTable, output: Path | None, no_color: bool
) -> None:
    from mlcareer.render import cohort as views
    from mlcareer.render.json import render_json

    emit_view(
        fmt,
        output,
        no_color,
        text={
            Format.json: lambda: render_json(cohort),
            Format.csv: lambda: views.render_cohort_csv(cohort, table.value),
            Format.markdown: lambda: views.render_cohort_markdown(cohort),
        },
        draw=lambda console: views.render_cohort_table(cohort, console),
    )


def _refuse_output_among_reports(output: Path | None, paths: list[str]) -> None:
    """-o must not be a report this run reads, nor a .json file in a folder or pattern it
    reads: the next run would take the summary for a report."""
    import fnmatch
    import os

    from mlcareer.cli.output import is_stdout, refuse_writing_over_inputs

    if is_stdout(output):
        return
    assert output is not None
    refuse_writing_over_inputs(
        output, {f"the report {p}": p for p in paths if p != "-" and not Path(p).is_dir()}
    )
    if not output.name.endswith(".json") or output.name.startswith("."):
        return
    where = os.path.realpath(output)
    for arg in paths:
        if arg == "-":
            continue
        if Path(arg).is_dir():
            inside = os.path.commonpath([where, os.path.realpath(arg)]) == os.path.realpath(arg)
        else:  # a pattern: `**/` also matches no folder at all
            patterns = {os.path.normpath(arg), os.path.normpath(arg.replace("**/", ""))}
            inside = any(fnmatch.fnmatch(os.path.normpath(output), p) for p in patterns)
        if inside:
            raise MlcareerError(
                Problem(
                    f"is among the reports this command reads ({arg}), so the next run would "
                    "read the summary as a report: write it outside, or give it another "
                    "extension",
                    str(output),
                )
            )


class _Feedback:
    """Progress bar and skip warnings on stderr; a bar only on a terminal with many files."""

    def __init__(self, paths: list[str]) -> None:
        self.progress: Any = None
        self.task: Any = None
        if not sys.stderr.isatty():
            return
        from mlcareer.cohort_sources import iter_sources

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
        self.warned(problem, " (skipped)")

    def warned(self, problem: Problem, suffix: str = "") -> None:
        message = f"mlcareer: warning: {problem}{suffix}"
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
    fmt: FormatOption = None,
    output: OutputOption = None,
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
    taxonomy: TaxonomyOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Aggregate students' JSON reports: skill gaps, teaching priorities, learners at risk.

    The latest report per learner id counts (reports without one count per file).
    """
    from mlcareer.cohort import build_cohort
    from mlcareer.cohort_sources import iter_sources

    chosen = format_for(output, fmt, COHORT_FORMATS)
    if csv_table is not None and chosen is not Format.csv:
        raise MlcareerError("--csv-table chooses the table of --format csv: add --format csv")
    if min_group > 1 and csv_table in (CsvTable.learners, CsvTable.at_risk):
        raise MlcareerError(
            f"per-learner rows are hidden by --min-group {min_group}: drop --min-group for the "
            "teaching team's copy, or choose --csv-table skills"
        )
    if paths.count("-") > 1:
        raise MlcareerError("give - (stdin) once")
    if output is not None and str(output) != "-" and not output.parent.is_dir():
        # Checked before reading hundreds of reports, not after.
        raise MlcareerError(Problem("the folder does not exist: create it first", str(output)))
    _refuse_output_among_reports(output, paths)
    current_id = None
    if taxonomy is not None:
        from mlcareer.taxonomy import load_taxonomy

        current_id = load_taxonomy(taxonomy).current_id
    with _Feedback(paths) as feedback:
        result = build_cohort(
            iter_sources(paths, sys.stdin if "-" in paths else None, warn=feedback.warned),
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
