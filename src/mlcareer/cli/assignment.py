"""`mlcareer assignment new`: write the assignment file an instructor hands out.

Imported at start-up, so only typer is imported at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlcareer.cli.helptext import PlainCommand, examples
from mlcareer.errors import MlcareerError, Problem

NEW_EXAMPLE = (
    "mlcareer assignment new week1.yaml --taxonomy course.yaml --role graduate --due 2026-12-01"
)
app = typer.Typer(
    help="Assignments: a taxonomy, a role, a due date and how to hand the report in.",
    epilog=examples(NEW_EXAMPLE),
    no_args_is_help=True,
)


@app.command("new", cls=PlainCommand, epilog=examples(NEW_EXAMPLE))
def new(
    path: Annotated[
        Path,
        typer.Argument(help="The assignment file to write (YAML).", metavar="FILE"),
    ],
    taxonomy: Annotated[
        Path,
        typer.Option(
            "--taxonomy",
            "-t",
            help="The course taxonomy the students assess against.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    roles: Annotated[
        list[str],
        typer.Option(
            "--role",
            "-r",
            help="Role id the students aim at; repeat it to let them choose.",
            metavar="ROLE",
            show_default=False,
        ),
    ],
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            help="Due date: 2026-12-01 (the end of that day, this computer's time zone) or "
            "2026-12-01T17:00[+01:00].",
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    quiz_max: Annotated[
        int,
        typer.Option(
            "--quiz-max", min=0, metavar="N", help="Knowledge-check items to ask (0: none)."
        ),
    ] = 12,
    assignment_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="Assignment id (default: from the file name).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TEXT", help="Title shown to students.", show_default=False
        ),
    ] = None,
    file_name: Annotated[
        str,
        typer.Option(
            "--file-name",
            metavar="NAME",
            help="Name of the report to hand in; {learner_id} and {assignment} are replaced.",
        ),
    ] = "{learner_id}.json",
    submit_to: Annotated[
        str,
        typer.Option(
            "--submit-to",
            metavar="TEXT",
            help="Where and how students hand the report in, in words.",
        ),
    ] = "upload it where your instructor collects the course's reports",
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="COMMAND",
            help="The command students install mlcareer with (default: pipx install of this "
            "version).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an assignment file and print the block to paste for students."""
    from mlcareer import __version__
    from mlcareer.assignment import (
        assignment_text,
        due_from_option,
        new_assignment,
        student_instructions,
    )
    from mlcareer.cli.output import refuse_writing_over_inputs
    from mlcareer.clock import now as clock_now
    from mlcareer.files import write_atomic
    from mlcareer.safe_text import clean
    from mlcareer.taxonomy import load_taxonomy

    # An assignment is a file handed out beside the taxonomy: the taxonomy's path is stored
    # relative to the assignment's folder and the students' command names the file, so
    # neither stdout nor a device or pipe (/dev/null, /dev/stdout) makes one.
    if str(path) == "-":
        raise MlcareerError(
            "an assignment is a file students are handed beside the taxonomy, so it cannot go "
            "to stdout (-): give a file name, like week1.yaml"
        )
    if path.exists() and not path.is_file():
        raise MlcareerError(
            Problem(
                "is not a regular file: an assignment is a file students are handed beside the "
                "taxonomy: give a file name, like week1.yaml",
                str(path),
            )
        )
    refuse_writing_over_inputs(path, {"--taxonomy": taxonomy}, option="FILE")
    if path.exists() and not force:
        raise MlcareerError(
            Problem("already exists: choose another name, or pass --force to replace it", str(path))
        )
    tax = load_taxonomy(taxonomy)
    assignment = new_assignment(
        assignment_file=path,
        taxonomy_file=taxonomy,
        taxonomy=tax,
        roles=roles,
        assignment_id=assignment_id,
        title=title,
        due=due_from_option(due) if due is not None else None,
        quiz_max=quiz_max,
        file_name=file_name,
        submit_to=submit_to,
        install=install or f"pipx install mlcareer=={__version__}",
    )
    write_atomic(path, assignment_text(assignment))
    due_text = f", due {assignment.due}" if assignment.due else ""
    # Paths and texts are anyone's: each line through the one sanitiser.
    typer.echo(clean(f"mlcareer: wrote {path} (assignment `{assignment.id}`{due_text})"), err=True)
    passed = assignment.lateness(clock_now())
    if passed is not None:
        typer.echo(
            f"mlcareer: warning: the due date passed {passed} ago, so every report will show "
            "as late: pass a later --due (with --force) unless that is meant",
            err=True,
        )
    taxonomy_name = Path(assignment.taxonomy.path).name
    if assignment.taxonomy.path != taxonomy_name:
        # The assignment finds its taxonomy by this path; handed out side by side, the two
        # files would not find each other.
        typer.echo(
            clean(
                f"mlcareer: warning: {path.name} finds the taxonomy at "
                f"{assignment.taxonomy.path}, not beside it, so students given the two files "
                f"in one folder would be told it is missing: copy {taxonomy_name} next to "
                f"{path.name} and make the assignment from that copy"
            ),
            err=True,
        )
    typer.echo(
        clean(
            f"mlcareer: hand the students {path.name} and {taxonomy_name} (in one folder), "
            "with these lines:"
        ),
        err=True,
    )
    block = student_instructions(assignment, str(path))
    typer.echo("".join(clean(line) + "\n" for line in block.splitlines()), nl=False)
