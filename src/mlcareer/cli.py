"""The command line: parses options, calls the core, renders, maps errors to exit codes.

Heavy modules (pydantic models, rich, questionary) are imported inside the commands
that need them, so `mlcareer --help` and `--version` start fast.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from mlcareer import __version__
from mlcareer.errors import MlcareerError
from mlcareer.output import ViewFormat, emit_view, format_for

DEBUG_ENV = "MLCAREER_DEBUG"
# Knowledge-check items a questionnaire asks by default: about four minutes, and enough to
# sample each category of the default taxonomy once with room for a few follow-ups.
DEFAULT_QUIZ_MAX = 12


def _debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "").lower() in ("1", "true", "yes")


class MlcareerGroup(TyperGroup):
    """Maps our error type to one line on stderr and an exit code, for every command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MlcareerError as exc:
            for line in exc.render().splitlines():
                typer.echo(f"mlcareer: {line}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("\nmlcareer: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`mlcareer skills | head`): nothing more to say to it.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort, EOFError):
            raise
        except Exception as exc:
            if getattr(exc, "exit_code", None) is not None and type(exc).__module__.startswith(
                "typer"
            ):
                raise  # usage errors from typer itself
            if _debug_enabled():
                traceback.print_exc()
            else:
                typer.echo(
                    f"mlcareer: internal error ({type(exc).__name__}: {exc}). This is a bug: "
                    f"run again with --debug or {DEBUG_ENV}=1 and report the traceback.",
                    err=True,
                )
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=MlcareerGroup,
    help="An honest, offline skills self-assessment for aspiring machine learning engineers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class SchemaName(str, Enum):
    taxonomy = "taxonomy"
    answers = "answers"
    report = "report"


TaxonomyOption = Annotated[
    Path | None,
    typer.Option(
        "--taxonomy",
        "-t",
        envvar="MLCAREER_TAXONOMY",
        help="Taxonomy file (default: the shipped ML engineer taxonomy).",
        show_default=False,
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Draw no colour (also: NO_COLOR, TERM=dumb).")
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"mlcareer {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version_callback,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help=f"Show tracebacks of internal errors (or {DEBUG_ENV}=1)."),
    ] = False,
) -> None:
    """Rate yourself against an ML engineering role and get an ordered learning plan."""
    if debug:
        os.environ[DEBUG_ENV] = "1"


def _cache_dir() -> Path | None:
    """Where parsed taxonomies are cached, or None when there is no usable app folder."""
    from mlcareer.appdir import app_dir

    try:
        return app_dir(create=False) / "cache"
    except OSError:
        return None


def _created_at() -> str:
    """Now in UTC; SOURCE_DATE_EPOCH pins it, for reproducible output in scripts and tests."""
    from datetime import datetime, timezone

    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    if pinned:
        try:
            moment = datetime.fromtimestamp(int(pinned), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise MlcareerError(
                f"SOURCE_DATE_EPOCH={pinned!r} is not a Unix time in seconds: unset it or fix it"
            ) from None
    else:
        moment = datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def emit_report(report: Any, fmt: ViewFormat, output: Path | None, no_color: bool) -> None:
    """Write one view of a report: the same model as JSON, Markdown or a terminal table.

    Each renderer is imported only when its view is asked for.
    """

    def as_json() -> str:
        from mlcareer.render.json import render_json

        return render_json(report)

    def as_markdown() -> str:
        from mlcareer.render.markdown import render_markdown

        return render_markdown(report)

    def draw(console: Any) -> None:
        from mlcareer.render.terminal import render_terminal

        render_terminal(report, console)

    emit_view(fmt, output, no_color, text={"json": as_json, "markdown": as_markdown}, draw=draw)


def _can_prompt() -> bool:
    """Questions need someone at a terminal: stdin to read keys, stdout to draw on."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _resume_command(
    save_answers: Path | None,
    output: Path | None,
    fmt: Any,
    no_save: bool,
    quiz_max: int = DEFAULT_QUIZ_MAX,
) -> str:
    """The command that continues a paused run with the same outputs and checks."""
    import shlex

    words = ["mlcareer", "assess", "--resume"]
    if no_save:
        words.append("--no-save")
    if quiz_max == 0:
        words.append("--no-quiz")
    elif quiz_max != DEFAULT_QUIZ_MAX:
        words += ["--quiz-max", str(quiz_max)]
    if save_answers is not None:
        words += ["--save-answers", str(save_answers)]
    if output is not None:
        words += ["--output", str(output)]
    if fmt is not None:
        words += ["--format", fmt.value]
    return shlex.join(words)


def _answers_from_questionnaire(
    taxonomy: Path | None,
    role: str | None,
    learner: str | None,
    learner_id: str | None,
    *,
    resume: bool,
    no_input: bool,
    no_color: bool,
    quiz_max: int,
    will_write: list[Path],
    resume_command: str,
) -> tuple[Any, Any]:
    """The taxonomy and answers of an interactive run; exit 130 when the user pauses it."""
    if no_input or not _can_prompt():
        why = (
            "--no-input forbids questions"
            if no_input
            else "questions need a terminal and stdin or stdout is not one"
        )
        raise MlcareerError(
            f"no answers given and {why}: pass --answers FILE (`mlcareer template > "
            "answers.yaml` writes one to fill in)"
        )
    from mlcareer.errors import Problem

    for path in will_write:  # before the questions, so no one answers 45 of them in vain
        if not path.parent.is_dir():
            raise MlcareerError(Problem("the folder does not exist: create it first", str(path)))
    from mlcareer.questionnaire import Paused, assess_interactively

    try:
        return assess_interactively(
            taxonomy,
            role_id=role,
            learner_name=learner,
            learner_id=learner_id,
            resume=resume,
            no_color=no_color,
            quiz_max=quiz_max,
        )
    except Paused as paused:
        what = "input ended" if paused.end_of_input else "paused"
        if paused.path is None:
            typer.echo(f"\nmlcareer: {what} before any answer; nothing to keep.", err=True)
        else:
            typer.echo(
                f"\nmlcareer: {what} with {paused.answered} of {paused.total} skills answered, "
                f"kept in {paused.path}.\nmlcareer: continue with: {resume_command}",
                err=True,
            )
        raise typer.Exit(130) from None


def _finish_questionnaire(
    output: Path | None, save_answers: Path | None, saved_as: int | None
) -> None:
    """Forget the paused progress of a completed run and say where its results went."""
    from mlcareer.progress import discard_progress

    discard_progress()
    if output is not None and str(output) != "-":
        typer.echo(f"mlcareer: report written to {output}", err=True)
    if save_answers is not None:
        typer.echo(
            f"mlcareer: answers written to {save_answers}; `mlcareer assess --answers "
            f"{save_answers}` repeats this report",
            err=True,
        )
    if saved_as is not None:
        typer.echo(
            f"mlcareer: saved in your history as #{saved_as}: `mlcareer show {saved_as}` shows "
            "it again, `mlcareer compare` what moved since last time",
            err=True,
        )


@app.command()
def assess(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            help="Answers file (YAML or JSON); - reads stdin.",
            show_default=False,
        ),
    ] = None,
    taxonomy: TaxonomyOption = None,
    role: Annotated[
        str | None, typer.Option("--role", "-r", help="Target role id (overrides the file's).")
    ] = None,
    fmt: Annotated[
        ViewFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format (default: table, or from --output's extension).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report to this file (atomically).", show_default=False
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            help="Exit with status 3 when readiness is below this percentage.",
        ),
    ] = None,
    learner: Annotated[
        str | None, typer.Option("--learner", help="Learner's name (overrides the file's).")
    ] = None,
    learner_id: Annotated[
        str | None, typer.Option("--learner-id", help="Learner's id, e.g. a student number.")
    ] = None,
    no_color: NoColorOption = False,
    trust_self: Annotated[
        bool,
        typer.Option(
            "--trust-self",
            help="Score the self-ratings as given, even where knowledge checks contradict them.",
        ),
    ] = False,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not save this assessment to the history.")
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask questions: without --answers, exit 2.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the questionnaire paused with Ctrl-C.")
    ] = False,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            help="Also write the answers to this file (YAML, or JSON for .json), so that "
            "`assess --answers FILE` repeats the run.",
            show_default=False,
        ),
    ] = None,
    quiz: Annotated[
        bool,
        typer.Option(
            "--quiz/--no-quiz",
            help="In the questionnaire, follow ratings of 1 or more with short knowledge checks.",
        ),
    ] = True,
    quiz_max: Annotated[
        int,
        typer.Option(
            "--quiz-max",
            min=0,
            metavar="N",
            help="Ask at most N knowledge-check items in the questionnaire, spread over the "
            "categories (0: none).",
        ),
    ] = DEFAULT_QUIZ_MAX,
) -> None:
    """Score answers against a role and print the gap report and learning plan.

    Without --answers, in a terminal, it asks one question per skill first,
    with a few knowledge checks after ratings of 1 or more: Ctrl-C pauses
    and keeps the answers, --resume continues.
    """
    from mlcareer.answers import checked_learner_id, read_answers
    from mlcareer.scoring import report_for
    from mlcareer.taxonomy import load_taxonomy

    if learner_id is not None:
        checked_learner_id(learner_id)  # before any question is asked
    interactive = answers is None
    if interactive:
        items = quiz_max if quiz else 0
        tax, given = _answers_from_questionnaire(
            taxonomy,
            role,
            learner,
            learner_id,
            resume=resume,
            no_input=no_input,
            no_color=no_color,
            quiz_max=items,
            will_write=[p for p in (output, save_answers) if p is not None and str(p) != "-"],
            resume_command=_resume_command(save_answers, output, fmt, no_save, items),
        )
    else:
        if resume:
            raise MlcareerError(
                "--resume continues a paused questionnaire, so it cannot be combined with "
                "--answers: drop one of them"
            )
        tax = load_taxonomy(taxonomy, cache_dir=_cache_dir())
        given = read_answers(answers, tax, role)
        if learner is not None:
            given.learner_name = learner
        if learner_id is not None:
            given.learner_id = checked_learner_id(learner_id)
    if save_answers is not None:
        from mlcareer.progress import save_answers_file

        save_answers_file(save_answers, given, tax)
    report = report_for(
        tax, given, created_at=_created_at(), tool_version=__version__, trust_self=trust_self
    )
    saved_as = None
    if not no_save:
        from mlcareer.cli_history import save_report_or_warn

        saved_as = save_report_or_warn(report)
    emit_report(report, format_for(output, fmt, ViewFormat), output, no_color)
    if interactive:
        _finish_questionnaire(output, save_answers, saved_as)
    if fail_under is not None and report.readiness < fail_under:
        from mlcareer.errors import ThresholdNotMet

        raise ThresholdNotMet(
            f"readiness {report.readiness:.1f}% is below --fail-under {fail_under:g}%"
        )


@app.command()
def template(
    taxonomy: TaxonomyOption = None,
    role: Annotated[
        str | None, typer.Option("--role", "-r", help="Role to put in the file.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of stdout.", show_default=False
        ),
    ] = None,
) -> None:
    """Print a commented answers file to fill in for `assess --answers`."""
    from mlcareer.files import write_output
    from mlcareer.taxonomy import load_taxonomy
    from mlcareer.template import answers_template

    tax = load_taxonomy(taxonomy)
    write_output(answers_template(tax, role), output)


def _print_listing(
    taxonomy: Path | None,
    fmt: ViewFormat,
    no_color: bool,
    listing: Callable[[Any], tuple[str, str, Callable[[Any], None]]],
) -> None:
    """`roles` and `skills`: one listing of the taxonomy as JSON, Markdown or a table.

    ``listing(taxonomy)`` gives its JSON, its Markdown and a function that draws it.
    """
    from mlcareer.taxonomy import load_taxonomy

    as_json, as_markdown, draw = listing(load_taxonomy(taxonomy, cache_dir=_cache_dir()))
    emit_view(
        fmt,
        None,
        no_color,
        text={"json": lambda: as_json, "markdown": lambda: as_markdown},
        draw=draw,
    )


ListFormatOption = Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command()
def roles(
    taxonomy: TaxonomyOption = None,
    fmt: ListFormatOption = ViewFormat.table,
    no_color: NoColorOption = False,
) -> None:
    """List the roles of the taxonomy and what each requires."""
    from mlcareer import catalogue

    _print_listing(taxonomy, fmt, no_color, catalogue.roles_views)


@app.command()
def skills(
    taxonomy: TaxonomyOption = None,
    fmt: ListFormatOption = ViewFormat.table,
    no_color: NoColorOption = False,
) -> None:
    """List the skills of the taxonomy by category (markdown: the full catalogue)."""
    from mlcareer import catalogue

    _print_listing(taxonomy, fmt, no_color, catalogue.skills_views)


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Taxonomy file to check (default: the one in use).", show_default=False
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


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema: taxonomy, answers or report.")],
) -> None:
    """Print the JSON Schema of the taxonomy, the answers file or the report."""
    from mlcareer.schemas import schema_json

    sys.stdout.write(schema_json(name.value))


from mlcareer import cli_history  # noqa: E402

cli_history.register(app)

from mlcareer import cli_cohort  # noqa: E402

cli_cohort.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="mlcareer")


if __name__ == "__main__":  # pragma: no cover
    main()
