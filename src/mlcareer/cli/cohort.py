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

from mlcareer.cli.options import CreateDirsOption, FormatOption, NoColorOption, OutputOption
from mlcareer.cli.output import Format, emit_view, format_for
from mlcareer.errors import MlcareerError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from mlcareer.cohort import Cohort
    from mlcareer.cohort_evidence import TaxonomyShelf
    from mlcareer.cohort_sources import ReportSource
    from mlcareer.taxonomy import Taxonomy

PROGRESS_MIN_FILES = 25  # below this, reading is over before a bar would be worth drawing


COHORT_FORMATS = (Format.table, Format.json, Format.markdown, Format.csv, Format.html)


class CsvTable(str, Enum):
    skills = "skills"
    priorities = "priorities"
    learners = "learners"
    at_risk = "at-risk"
    learner_skills = "learner-skills"
    items = "items"
    belief = "belief"
    roster = "roster"


# Tables that name learners, refused under --min-group.
PER_LEARNER_TABLES = (CsvTable.learners, CsvTable.at_risk, CsvTable.learner_skills, CsvTable.roster)


def _warn(message: str) -> None:
    """One line on stderr; ``message`` may quote ids from students' reports, so it is
    cleaned."""
    from mlcareer.safe_text import clean

    typer.echo(clean(f"mlcareer: {message}"), err=True)


def _cohort_html(cohort: Cohort) -> str:
    from mlcareer.render.html import render_cohort_html

    return render_cohort_html(cohort)


def _emit(
    cohort: Cohort,
    fmt: Format,
    table: CsvTable,
    output: Path | None,
    no_color: bool,
    create_dirs: bool = False,
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
            Format.html: lambda: _cohort_html(cohort),
        },
        draw=lambda console: views.render_cohort_table(cohort, console),
        create_dirs=create_dirs,
    )


def _refuse_output_among_reports(
    output: Path | None,
    paths: list[str],
    taxonomies: list[Path],
    other_inputs: dict[str, Path | None],
) -> None:
    """-o must not be a report, taxonomy or other file this run reads (``other_inputs``: the
    roster, the assignment and its taxonomy), nor a .json file in a folder or pattern it
    reads: the next run would take the summary for a report."""
    import fnmatch
    import os

    from mlcareer.cli.output import is_stdout, refuse_writing_over_inputs

    if is_stdout(output):
        return
    assert output is not None
    refuse_writing_over_inputs(
        output,
        {
            **{f"the report {p}": p for p in paths if p != "-" and not Path(p).is_dir()},
            **{f"--taxonomy {t}": t for t in taxonomies},
            **other_inputs,
        },
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


def _clean_labels(sources: Iterable[ReportSource]) -> Iterator[ReportSource]:
    """The sources with their labels cleaned: a file name is anyone's text (ESC sequences,
    bytes that are not UTF-8), and the label reaches every view, message and the JSON."""
    from dataclasses import replace

    from mlcareer.safe_text import clean

    for source in sources:
        yield replace(source, label=clean(source.label))


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
        self.warning(f"{problem} (skipped)")

    def warned(self, problem: Problem) -> None:
        self.warning(str(problem))

    def warning(self, text: str) -> None:
        from mlcareer.safe_text import clean

        # File names and messages come from the folder and the files: one clean line.
        message = clean(f"mlcareer: warning: {text}")
        if self.progress is not None:
            self.progress.console.print(message, markup=False, highlight=False)
        else:
            typer.echo(message, err=True)


def _shelf(given: list[Taxonomy]) -> TaxonomyShelf:
    """The taxonomies to check reports against: those given, and the shipped one, which is
    loaded only if a report names its sha256."""
    from mlcareer.cohort_evidence import TaxonomyShelf
    from mlcareer.taxonomy import default_taxonomy_path, load_taxonomy, shipped_sha256

    shelf = TaxonomyShelf(given)
    shelf.add_lazy(shipped_sha256(), lambda: load_taxonomy(default_taxonomy_path()))
    return shelf


def _assignment_and_taxonomy(path: Path, given: list) -> Any:
    """The assignment, with its taxonomy added to ``given`` (loaded from the path it names,
    unless a --taxonomy has its sha256); a taxonomy of another sha256 is refused."""
    from mlcareer.assignment import check_roles_in, load_assignment, load_assignment_taxonomy

    the_assignment = load_assignment(path)
    taxonomy = next((t for t in given if t.sha256 == the_assignment.taxonomy.sha256), None)
    if taxonomy is None:
        taxonomy, _ = load_assignment_taxonomy(the_assignment, path)
        given.append(taxonomy)
    check_roles_in(the_assignment, taxonomy)
    return the_assignment


def _refuse_stdin_twice(
    paths: list[str], roster: Path | None, assignment: Path | None, taxonomies: list[Path]
) -> None:
    """Refuse - (stdin) given to more than one input: the second would find it empty."""
    from mlcareer.wording import listed

    if paths.count("-") > 1:
        raise MlcareerError("give - (stdin) once among the report paths")
    from_stdin = [
        name
        for name, given in [
            ("a report path", "-" if "-" in paths else None),
            ("--roster", roster),
            ("--assignment", assignment),
            *(("--taxonomy", path) for path in taxonomies),
        ]
        if given is not None and str(given) == "-"
    ]
    if len(from_stdin) > 1:
        named = [
            name if n == 1 else f"{name} {'twice' if n == 2 else f'{n} times'}"
            for name, n in {name: from_stdin.count(name) for name in from_stdin}.items()
        ]
        raise MlcareerError(
            f"- (stdin) can be read only once, and it is given to {listed(named)}: save all "
            "but one to a file"
        )


def _fix_command(given: list[Path], paths: list[str]) -> str:
    """The command that gives the missing taxonomy, as the instructor would type it."""
    import shlex

    options = [part for path in given for part in ("--taxonomy", str(path))]
    return shlex.join(["mlcareer", "cohort", *options, "--taxonomy", "COURSE.yaml", *paths])


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
    create_dirs: CreateDirsOption = False,
    csv_table: Annotated[
        CsvTable | None,
        typer.Option(
            "--csv-table",
            metavar="TABLE",
            help="Which table --format csv writes: skills (default), priorities, learners "
            "(x categories), learner-skills (levels, for study groups), at-risk (with their "
            "gaps), items (item analysis), belief (self-ratings vs checks) or roster.",
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
    taxonomies: Annotated[
        list[Path] | None,
        typer.Option(
            "--taxonomy",
            "-t",
            envvar="MLCAREER_TAXONOMY",
            readable=False,  # the file's own reader says what is wrong, and where
            help="The taxonomy file the reports were made with (repeat for several); each "
            "report's answers are scored again against it, matched by sha256. The shipped "
            "taxonomy is always known. The first one's aliases also map renamed skills.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    trust_reports: Annotated[
        bool,
        typer.Option(
            "--trust-reports",
            help="Use the figures of reports that cannot be checked (made by mlcareer 0.1, or "
            "of a taxonomy not given) as they state them, instead of leaving them out.",
        ),
    ] = False,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            readable=False,  # the file's own reader says what is wrong, and where
            help="Class list, CSV with columns id,name (more kept): who has not handed in, "
            "who is not on it; learner rows follow its order.",
            show_default=False,
            metavar="CSV",
        ),
    ] = None,
    assignment: Annotated[
        Path | None,
        typer.Option(
            "--assignment",
            readable=False,  # the file's own reader says what is wrong, and where
            help="The assignment file: late reports, reports of another role, and of another "
            "taxonomy (left out); its taxonomy is used to check the reports.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    item_min: Annotated[
        int,
        typer.Option(
            "--item-min",
            min=2,
            metavar="N",
            help="Item analysis: flag checks answered by fewer than N learners, and compute "
            "KR-20 over at least N.",
        ),
    ] = 5,
    no_color: NoColorOption = False,
) -> None:
    """Aggregate students' JSON reports: skill gaps, teaching priorities, learners at risk.

    Each report is scored again from the answers it carries, against its taxonomy: a report
    whose figures differ was edited and is left out. The latest report per learner id
    counts (reports without one count per file).
    """
    from mlcareer.cohort import build_cohort
    from mlcareer.cohort_sources import iter_sources

    chosen = format_for(output, fmt, COHORT_FORMATS)
    if csv_table is not None and chosen is not Format.csv:
        raise MlcareerError("--csv-table chooses the table of --format csv: add --format csv")
    if min_group > 1 and csv_table in PER_LEARNER_TABLES:
        raise MlcareerError(
            f"per-learner rows are hidden by --min-group {min_group}: drop --min-group for the "
            "teaching team's copy, or choose --csv-table skills"
        )
    if min_group > 1 and csv_table is CsvTable.items:
        raise MlcareerError(
            f"the item analysis is for the teaching team and is hidden by --min-group "
            f"{min_group}: drop --min-group"
        )
    if min_group > 1 and roster is not None:
        raise MlcareerError(
            f"--roster lists learners by name, which --min-group {min_group} hides: drop one of "
            "them"
        )
    if csv_table is CsvTable.roster and roster is None and assignment is None:
        raise MlcareerError("--csv-table roster needs --roster FILE (or --assignment FILE)")
    _refuse_stdin_twice(paths, roster, assignment, taxonomies or [])
    if output is not None:
        from mlcareer.files import refuse_missing_folder

        refuse_missing_folder(output, create_dirs)
    from mlcareer.taxonomy import load_taxonomy

    given = [load_taxonomy(path) for path in taxonomies or []]
    the_assignment = None
    assignment_taxonomy = None
    if assignment is not None:
        the_assignment = _assignment_and_taxonomy(assignment, given)
        assignment_taxonomy = the_assignment.taxonomy_path(assignment)
    _refuse_output_among_reports(
        output,
        paths,
        taxonomies or [],
        {
            "--roster": roster,
            "--assignment": assignment,
            "the assignment's taxonomy": assignment_taxonomy,
        },
    )
    the_roster = None
    if roster is not None:
        from mlcareer.roster import read_roster

        the_roster = read_roster(roster)
    current_id = given[0].current_id if given else None
    with _Feedback(paths) as feedback:
        result = build_cohort(
            _clean_labels(
                iter_sources(paths, sys.stdin if "-" in paths else None, warn=feedback.warned)
            ),
            taxonomies=_shelf(given),
            trust_reports=trust_reports,
            allow_mixed=allow_mixed,
            skip_invalid=skip_invalid,
            at_risk_below=at_risk_below,
            min_group=min_group,
            current_id=current_id,
            on_invalid=feedback.skipped,
            on_progress=feedback.advance,
            on_warning=feedback.warning,
            fix_command=_fix_command(taxonomies or [], paths),
            roster=the_roster,
            assignment=the_assignment,
            min_answers=item_min,
        )
    dropped = [f"skill `{d.id}`" for d in result.dropped_skills] + [
        f"category `{d.id}`" for d in result.dropped_categories
    ]
    if dropped:
        used = sum(1 for t in result.taxonomies if t.learner_count)
        _warn(
            f"note: compared by skill id across {used} "
            f"taxonomies; left out what is not in every one: {', '.join(dropped)}"
        )
    _emit(result, chosen, csv_table or CsvTable.skills, output, no_color, create_dirs)
