"""The typer application: its commands, the global options and the one place where errors
become exit codes.

Heavy modules (pydantic models, rich, questionary) are imported inside the commands
that need them, so `mlcareer --help` and `--version` start fast.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import traceback
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from mlcareer import __version__
from mlcareer.cli import assess, assignment, cohort, history, import_, init, taxonomy
from mlcareer.cli.helptext import PlainCommand, PlainGroup, examples
from mlcareer.errors import MlcareerError
from mlcareer.safe_text import clean

DEBUG_ENV = "MLCAREER_DEBUG"


def _debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "").lower() in ("1", "true", "yes")


def usage_line(exc: Any) -> str:
    """One line for a usage error (an unknown option, a bad value): what and where to look.

    Typer words a bad value as "Invalid value for '--format' / '-f': Value error, ...";
    the option's long name is enough, and "Value error" is pydantic's wording, not ours.
    """
    message = exc.format_message().replace("Value error, ", "")
    message = re.sub(r"^Invalid value for '([^']+)'(?: / '[^']+')*: ", r"\1: ", message)
    message = " ".join(message.split()).rstrip(".")
    ctx = getattr(exc, "ctx", None)
    where = f": `{ctx.command_path} -h` shows the options" if ctx is not None else ""
    return f"{message}{where}"


def error_lines(exc: MlcareerError) -> list[str]:
    """One line per problem, cleaned: a message quotes keys, values and file names from
    someone else's file, and a line break or control character in one of them must neither
    reach the terminal nor start a line that looks like mlcareer's own."""
    return [clean(str(problem) if problem.file else problem.message) for problem in exc.problems]


def _invoke_mapping_errors(invoke: Callable[[], Any]) -> Any:
    """Run a command, mapping our error type to one line on stderr and an exit code."""
    try:
        return invoke()
    except MlcareerError as exc:
        for line in error_lines(exc):
            typer.echo(f"mlcareer: {line}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("\nmlcareer: interrupted", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # The reader went away (`mlcareer skills | head`): nothing more to say to it.
        from mlcareer.cli.output import silence_stdout

        silence_stdout()
        raise typer.Exit(0) from None
    except (typer.Exit, typer.Abort, EOFError):
        raise
    except OSError as exc:
        if exc.errno not in _FULL:
            _internal_error(exc)
        # Output that has nowhere to go (`mlcareer cohort ... > /dev/full`, a full disk):
        # bad surroundings, not a bug. Files written with -o say so themselves.
        from mlcareer.cli.output import silence_stdout

        silence_stdout()
        typer.echo(
            f"mlcareer: cannot write the output ({exc.strerror}): free some space, or "
            "write it somewhere else",
            err=True,
        )
        raise typer.Exit(2) from None
    except Exception as exc:
        if getattr(exc, "exit_code", None) is not None and type(exc).__module__.startswith("typer"):
            raise  # usage errors from typer itself
        _internal_error(exc)


# Errors of writing to a full disk or device.
_FULL = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name)
)


def _internal_error(exc: BaseException) -> NoReturn:
    """A bug: one line asking for the traceback (or the traceback, with --debug); exit 1."""
    if _debug_enabled():
        traceback.print_exc()
    else:
        typer.echo(
            clean(
                f"mlcareer: internal error ({type(exc).__name__}: {exc}). This is a bug: "
                f"run again with --debug or {DEBUG_ENV}=1 and report the traceback."
            ),
            err=True,
        )
    raise typer.Exit(1) from None


class _UsageErrorsInOneLine:
    """The entry point of an application, with usage errors as one `mlcareer:` line (exit 2)
    like every other error, instead of click's framed box."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except typer.Abort:  # a confirmation ended by Ctrl-C or end of input
            typer.echo("\nmlcareer: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            code = getattr(exc, "exit_code", None)
            if code is None or not hasattr(exc, "format_message"):
                raise
            typer.echo(f"mlcareer: {usage_line(exc)}", err=True)
            sys.exit(code)
        sys.exit(result if isinstance(result, int) else 0)


class MlcareerGroup(_UsageErrorsInOneLine, PlainGroup):
    """Maps our error type to one line on stderr and an exit code, for every command."""

    def list_commands(self, ctx: Any) -> list[str]:
        # Groups (`history`) would otherwise follow every plain command.
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else 99)

    def invoke(self, ctx: Any) -> Any:
        return _invoke_mapping_errors(partial(super().invoke, ctx))


class MlcareerCommand(_UsageErrorsInOneLine, PlainCommand):
    """The same mapping for an application of one command (`mlcareer-validate`)."""

    def invoke(self, ctx: Any) -> Any:
        return _invoke_mapping_errors(partial(super().invoke, ctx))


app = typer.Typer(
    cls=MlcareerGroup,
    help="An honest, offline skills self-assessment for aspiring machine learning engineers.",
    epilog="Examples:\n  mlcareer assess\n  mlcareer assess --from latest\n  mlcareer history\n"
    "  mlcareer compare",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page long output (default on a terminal: $MLCAREER_PAGER, else "
            "$PAGER, else less -FRX).",
        ),
    ] = False,
) -> None:
    """Rate yourself against an ML engineering role and get an ordered learning plan."""
    from mlcareer.cli.output import set_paging

    set_paging(not no_pager)
    if debug:
        os.environ[DEBUG_ENV] = "1"


def help_command(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(help="A command (default: mlcareer itself).", metavar="COMMAND"),
    ] = None,
) -> None:
    """Show the help of mlcareer, or of one command (the same as COMMAND --help)."""
    group_ctx = ctx.parent
    assert group_ctx is not None  # `help` is always a subcommand of the app
    if command is None:
        typer.echo(group_ctx.get_help())  # as --help does
        return
    group = group_ctx.command
    assert isinstance(group, TyperGroup)
    chosen = group.get_command(group_ctx, command)
    if chosen is None:
        from mlcareer.answers import closest_id

        names = group.list_commands(group_ctx)
        meant = closest_id(command, names)
        hint = f"did you mean `{meant}`? " if meant else ""
        raise MlcareerError(f"no command `{command}`: {hint}(`mlcareer help` lists them)")
    # Parsing `--help` prints the command's help and exits 0, as `mlcareer COMMAND --help`.
    chosen.make_context(command, ["--help"], parent=group_ctx)


# One example line or two per command, shown at the end of its --help (clig.dev: lead
# with examples). No square brackets: the help is drawn with rich markup.
EXAMPLES = {
    "assess": "mlcareer assess  ·  mlcareer assess --from latest  ·  "
    "mlcareer assess -a answers.yaml -f json  ·  mlcareer assess | tee report.txt",
    "template": "mlcareer template > answers.yaml  ·  mlcareer template -r junior-ml-engineer",
    "roles": "mlcareer roles  ·  mlcareer roles -f json",
    "skills": "mlcareer skills  ·  mlcareer skills -f markdown > catalogue.md",
    "validate": "mlcareer validate course.yaml",
    "schema": "mlcareer schema report > report.schema.json",
    "show": "mlcareer show  ·  mlcareer show 3 -f markdown  ·  mlcareer show previous -o r.json",
    "compare": "mlcareer compare  ·  mlcareer compare 1 3  ·  mlcareer compare --learner ada",
    "plan": "mlcareer plan -H 6  ·  mlcareer plan -H 8 --weeks 4 -f markdown",
    "init": "mlcareer init course.yaml  ·  mlcareer init course.yaml --from-default",
    "cohort": "mlcareer cohort reports/  ·  mlcareer cohort reports/ -f csv -o cohort.csv",
    "help": "mlcareer help  ·  mlcareer help assess",
}

# The order of `mlcareer --help`.
COMMAND_ORDER = [
    "assess",
    "template",
    "roles",
    "skills",
    "validate",
    "schema",
    "history",
    "show",
    "compare",
    "plan",
    "init",
    "cohort",
    "assignment",
    "import",
    "help",
]


def _command(name: str, function: Any) -> None:
    app.command(name, cls=PlainCommand, epilog=examples(EXAMPLES[name]))(function)


_command("assess", assess.assess)
_command("template", assess.template)
_command("roles", taxonomy.roles)
_command("skills", taxonomy.skills)
_command("validate", taxonomy.validate)
_command("schema", taxonomy.schema)
app.add_typer(history.history_app, name="history", cls=PlainGroup)
_command("show", history.show)
_command("compare", history.compare)
_command("plan", history.plan)
_command("init", init.init)
_command("cohort", cohort.cohort)
app.add_typer(assignment.app, name="assignment", cls=PlainGroup)
_command("help", help_command)
app.add_typer(import_.app, name="import", cls=PlainGroup)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="mlcareer")


# `mlcareer-validate FILE...`: `mlcareer validate` as a command of its own, for pre-commit
# (.pre-commit-hooks.yaml) and other tools that run one program on a list of files.
validate_app = typer.Typer(
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
validate_app.command(cls=MlcareerCommand)(taxonomy.validate)


def validate_main() -> None:
    """Console-script entry point of `mlcareer-validate`."""
    validate_app(prog_name="mlcareer-validate")
