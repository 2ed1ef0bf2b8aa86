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
    cohort = "cohort"
    history = "history"
    validation = "validation"
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


class ProblemFormat(str, Enum):
    """How `validate` reports problems: for people, as JSON, or as GitHub annotations."""

    text = "text"
    json = "json"
    github = "github"


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            readable=False,  # the file's own reader says what is wrong, and where
            help="Taxonomy or assignment files to check (default: the taxonomy in use).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 2) on warnings too, as on errors.")
    ] = False,
    fmt: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (messages on stderr), json (one document on stdout, see `mlcareer "
            "schema validation`) or github (GitHub Actions annotations on stdout).",
            metavar="FORMAT",
        ),
    ] = ProblemFormat.text,
) -> None:
    """Check taxonomy files: every problem with file:line:col (exit 2 if any).

    Warnings (a skill no role requires, a required level no learning step
    reaches, a resource link that is not https) are printed too; they leave
    the exit status 0 unless --strict.
    """
    from mlcareer.safe_text import clean, json_text
    from mlcareer.taxonomy_check import check_file, exit_status, validation_result

    checks = [check_file(path, strict=strict) for path in paths or [None]]
    status = exit_status(checks, strict)
    if fmt is ProblemFormat.json:
        text = validation_result(checks, strict).model_dump_json(indent=2)
        sys.stdout.write(json_text(text) + "\n")  # the data exact, safe to print
    elif fmt is ProblemFormat.github:
        from mlcareer.taxonomy_check import github_annotations

        result = validation_result(checks, strict)
        # Messages quote the file's text; one clean line per annotation (its own escaping
        # has already turned line breaks into %0A, so a split on them is safe).
        annotations = github_annotations(result).split("\n")
        sys.stdout.write("\n".join(clean(line) for line in annotations))
        typer.echo(f"mlcareer: {_outcome(result.summary)}", err=True)
    else:
        for check in checks:
            _print_check(check)
        if status and (len(checks) > 1 or not any(c.errors for c in checks)):
            typer.echo(f"mlcareer: {_outcome(validation_result(checks, strict).summary)}", err=True)
        elif not status and paths and len(checks) == 1 and _on_a_terminal():
            hint = _next_step(checks[0])
            if hint:
                typer.echo(clean(f"mlcareer: next: {hint}"), err=True)
    raise typer.Exit(status)


def _on_a_terminal() -> bool:
    """Whether a person reads stderr: hints are for them, not for CI logs and hooks."""
    return sys.stderr.isatty()


# Roles named in the hint after validate; past that, how many more there are.
_HINT_ROLES = 4


def _next_step(check: Any) -> str | None:
    """What an instructor does with a course taxonomy that passed: make the assignment that
    hands it out (README, "For instructors", step 2). None for other files."""
    import shlex

    from mlcareer.wording import plural

    tax = check.taxonomy
    if tax is None or not tax.roles:
        return None
    command = f"mlcareer assignment new assignment.yaml --taxonomy {shlex.quote(str(check.file))}"
    if len(tax.roles) == 1:
        return f"hand it out with `{command} --role {tax.roles[0].id}`"
    named = ", ".join(role.id for role in tax.roles[:_HINT_ROLES])
    more = len(tax.roles) - _HINT_ROLES
    others = f" and {plural(more, 'other')}" if more > 0 else ""
    return f"hand it out with `{command} --role ROLE` (ROLE: {named}{others})"


def _print_check(check: Any) -> None:
    """One file in the text format: its problems on stderr, its summary on stdout."""
    from mlcareer.safe_text import clean
    from mlcareer.wording import plural

    # Problems and warnings quote the file's own text (keys, names, URLs): one clean line
    # each, so no line break or escape sequence in it reaches the terminal.
    for error in check.errors:
        typer.echo(clean(f"mlcareer: {error}"), err=True)
    if check.summary:
        typer.echo(clean(f"mlcareer: {check.summary}"), err=True)
    for warning in check.warnings:
        typer.echo(clean(f"mlcareer: {warning.location()}: warning: {warning.message}"), err=True)
    if check.assignment_summary is not None:
        typer.echo(clean(check.assignment_summary))
    tax = check.taxonomy
    if tax is None:
        return
    count = len(check.warnings)
    with_warnings = f", {plural(count, 'warning')}" if count else ""
    typer.echo(
        clean(
            f"{check.file}: valid taxonomy `{tax.id}` version {tax.version}: "
            f"{plural(len(tax.categories), 'category')}, "
            f"{plural(sum(1 for _ in tax.skills()), 'skill')}, {plural(len(tax.roles), 'role')}, "
            f"{plural(sum(1 for _ in tax.checks()), 'knowledge check')}{with_warnings}"
        ),
    )


def _outcome(summary: Any) -> str:
    """One line on the whole run: what was found and whether it passed."""
    from mlcareer.wording import plural

    found = f"{plural(summary.errors, 'error')} and {plural(summary.warnings, 'warning')}"
    checked = plural(summary.files, "file")
    if summary.passed:
        return f"{checked} checked: {found}: passed"
    if summary.strict and not summary.errors:
        return f"{checked} checked: {found}: failed, since --strict counts warnings as errors"
    return f"{checked} checked: {found}: failed"


def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(
            help="Which schema: taxonomy, answers, assignment (the files you write), report, "
            "cohort, history or validation (the JSON the commands print).",
            metavar="NAME",
        ),
    ],
) -> None:
    """Print a JSON Schema (2020-12): of a file you write, or of a command's JSON output."""
    from mlcareer.schemas import schema_json

    sys.stdout.write(schema_json(name.value))
