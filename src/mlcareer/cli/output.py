"""How every command hands a result over: one format, to stdout or atomically to a file.

A command names the formats its result has; ``format_for`` picks one from --format or the
output file's extension and refuses, with the formats it has, what it cannot write.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import sys
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlcareer.errors import MlcareerError, Problem

if TYPE_CHECKING:
    from rich.console import Console


class Format(str, Enum):
    """Every format a view can be written in; each command accepts some of them."""

    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


# An output file's extension picks the format when --format is not given.
EXTENSION_FORMATS = {
    ".txt": Format.table,
    ".json": Format.json,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".csv": Format.csv,
    ".html": Format.html,
    ".htm": Format.html,
}

REPORT_FORMATS = (Format.table, Format.json, Format.markdown, Format.csv, Format.html)
VIEW_FORMATS = (Format.table, Format.json, Format.markdown)
# The views that have an HTML page as well (history has none).
PAGE_FORMATS = (*VIEW_FORMATS, Format.html)


def _names(formats: tuple[Format, ...]) -> str:
    names = [f.value for f in formats]
    return ", ".join(names[:-1]) + " or " + names[-1]


def format_for(output: Path | None, chosen: Format | None, formats: tuple[Format, ...]) -> Format:
    """An explicit --format wins; else the output file's extension; else ``table``.

    A format this view lacks, or an extension that names none, is an error rather than a
    file silently holding something else.
    """
    if chosen is None and output is not None and str(output) != "-":
        chosen = EXTENSION_FORMATS.get(output.suffix.lower())
        if chosen is None:
            raise MlcareerError(
                Problem(
                    f"cannot tell the format from the file name: pass --format "
                    f"{_names(formats)}, or end the name with "
                    + ", ".join(e for e, f in EXTENSION_FORMATS.items() if f in formats),
                    str(output),
                )
            )
    chosen = chosen or Format.table
    if chosen not in formats:
        where = f" (from {output})" if output is not None and str(output) != "-" else ""
        raise MlcareerError(
            f"this view has no {chosen.value} format{where}: choose {_names(formats)}"
        )
    return chosen


def is_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def emit_view(
    fmt: Format,
    output: Path | None,
    no_color: bool,
    *,
    text: Mapping[Format, Callable[[], str]],
    draw: Callable[[Console], None],
    create_dirs: bool = False,
) -> None:
    """Write the ``fmt`` view: a text view from ``text``, or the terminal view drawn by
    ``draw`` (plain, without colour, when it goes to a file; through a pager when it is
    taller than the terminal it goes to).

    Off a terminal (a pipe or a file) the tables' padding at the ends of lines is dropped,
    so `diff`, `grep '$'` and editors see no trailing spaces.
    """
    from mlcareer.files import write_output

    render = text.get(fmt)
    if render is not None:
        write_output(render(), output, create_dirs)
        return
    from mlcareer.render.terminal import make_console

    if is_stdout(output):
        console = make_console(no_color=no_color)
        if console.is_terminal:
            draw_on_terminal(draw, no_color)
            return
        width: int | None = console.width  # as the pipe would have drawn it
    else:
        no_color, width = True, None
    buffer = io.StringIO()
    draw(make_console(no_color=no_color, file=buffer, width=width))
    write_output(without_trailing_spaces(buffer.getvalue()), output, create_dirs)


def _reader_went_away() -> None:
    silence_stdout()
    raise BrokenPipeError


def silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so that nothing still buffered for a reader who
    went away (`| head -1`) fails again when Python flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is not a file descriptor (a test runner's buffer): nothing to flush


def without_trailing_spaces(text: str) -> str:
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


def draw_on_terminal(draw: Callable[[Console], None], no_color: bool) -> None:
    """Draw a view on stdout; on a terminal, one taller than the screen goes through the
    pager (as git and gh do), drawn first at the terminal's width with its colours."""
    from mlcareer.render.terminal import make_console

    console = make_console(no_color=no_color)
    # rich exits with status 1 when the reader goes away; raise instead, so the CLI ends
    # quietly with 0 like the JSON and Markdown views.
    console.on_broken_pipe = _reader_went_away  # type: ignore[method-assign]
    if not (_paging and console.is_terminal and sys.stdout.isatty()):
        draw(console)
        return
    command = pager_command()
    if command is None:
        draw(console)
        return
    with console.capture() as captured:
        draw(console)
    drawn = captured.get()
    if screen_lines(drawn, console.width) <= console.height or not run_pager(command, drawn):
        sys.stdout.write(drawn)
        sys.stdout.flush()


# -- the pager ------------------------------------------------------------------------------

PAGER_ENV = "MLCAREER_PAGER"
DEFAULT_PAGER = "less -FRX"
# Set by the global --no-pager on every run (so one run's choice never outlives it).
_paging = True


def set_paging(enabled: bool) -> None:
    global _paging
    _paging = enabled


def pager_command() -> str | None:
    """MLCAREER_PAGER, else PAGER, else ``less -FRX``; None when paging is switched off
    (set to an empty value or ``cat``, as git reads GIT_PAGER)."""
    for name in (PAGER_ENV, "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            return None if value.strip() in ("", "cat") else value
    return DEFAULT_PAGER


_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-9;?]*[A-Za-z]")


def screen_lines(drawn: str, width: int) -> int:
    """How many rows of a ``width``-column screen ``drawn`` fills, long lines wrapping."""
    from rich.cells import cell_len

    rows = 0
    for line in drawn.splitlines():
        cells = cell_len(_ESCAPES.sub("", line))
        rows += max(1, -(-cells // max(1, width)))
    return rows


def run_pager(command: str, drawn: str) -> bool:
    """Show ``drawn`` through the pager ``command`` (run by the shell, as git does); False
    when the pager could not be started, so the caller prints instead."""
    import signal
    import subprocess

    env = dict(os.environ)
    # git's defaults: less quits when one screen is enough (F), passes colours (R) and
    # leaves the text on the screen when it quits (X); lv passes colours too.
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    # The pager handles Ctrl-C itself (less ignores it); mlcareer waits for it to end.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        try:
            pager.communicate(drawn.encode(sys.stdout.encoding or "utf-8", "replace"))
        except OSError:  # the pager quit before reading everything: that is its choice
            pager.wait()
    except OSError:
        return False
    finally:
        signal.signal(signal.SIGINT, previous)
    # 126 and 127: the shell could not find or run the pager, so nothing was shown.
    return pager.returncode not in (126, 127)


# -- reports --------------------------------------------------------------------------------


def schedule_command(ref: str | None) -> str | None:
    """The `mlcareer plan` command that finds this report again, for the recap; None when
    none can (a report read from stdin, or not saved)."""
    if ref is None or ref == "-":
        return None
    from mlcareer.render.text import PLAN_WEEKLY_HOURS

    words = ["mlcareer", "plan"] + ([] if ref == "latest" else [ref])
    return shlex.join([*words, "-H", str(PLAN_WEEKLY_HOURS)])


def emit_report(
    report: Any,
    fmt: Format,
    output: Path | None,
    no_color: bool,
    *,
    details: bool = False,
    plan_ref: str | None = None,
    create_dirs: bool = False,
) -> None:
    """Write one view of a report; each renderer is imported only when its view is asked for.

    ``details`` adds the statistics of the knowledge checks (table and Markdown views);
    ``plan_ref`` is how `mlcareer plan` finds this report (``latest``, an id, a file), for
    the recap's suggestion.
    """
    schedule = schedule_command(plan_ref)

    def as_json() -> str:
        from mlcareer.render.json import render_json

        return render_json(report)

    def as_markdown() -> str:
        from mlcareer.render.markdown import render_markdown

        return render_markdown(report, details=details, schedule_command=schedule)

    def as_csv() -> str:
        from mlcareer.render.csv import report_skills_csv

        return report_skills_csv(report)

    def as_html() -> str:
        from mlcareer.render.html import render_report_html

        return render_report_html(report)

    def draw(console: Console) -> None:
        from mlcareer.render.terminal import render_terminal

        render_terminal(report, console, details=details, schedule_command=schedule)

    emit_view(
        fmt,
        output,
        no_color,
        text={
            Format.json: as_json,
            Format.markdown: as_markdown,
            Format.csv: as_csv,
            Format.html: as_html,
        },
        draw=draw,
        create_dirs=create_dirs,
    )


def _same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two names lead to one file: by device and inode when both exist (a symlink or
    another spelling of the path is caught), else by their resolved paths."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_writing_over_inputs(
    output: Path | None, inputs: Mapping[str, str | Path | None], option: str = "--output"
) -> None:
    """Refuse an output file that is also an input: writing it would destroy the input (or,
    for two outputs, one would overwrite the other). Devices and FIFOs are not files."""
    import stat

    if is_stdout(output):
        return
    assert output is not None
    try:
        if not stat.S_ISREG(os.stat(output).st_mode):
            return
    except OSError:
        pass  # not there yet: it can still be the same path as another output
    for name, source in inputs.items():
        if source is None or str(source) == "-":
            continue
        if _same_file(output, source):
            raise MlcareerError(
                Problem(
                    f"{option} names the same file as {name}, which writing would overwrite: "
                    "write to another file",
                    str(output),
                )
            )
