"""How every command hands a result over: one format, to stdout or atomically to a file.

A command names the formats its result has; ``format_for`` picks one from --format or the
output file's extension and refuses, with the formats it has, what it cannot write.
"""

from __future__ import annotations

import io
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


# An output file's extension picks the format when --format is not given.
EXTENSION_FORMATS = {
    ".txt": Format.table,
    ".json": Format.json,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".csv": Format.csv,
}

REPORT_FORMATS = (Format.table, Format.json, Format.markdown, Format.csv)
VIEW_FORMATS = (Format.table, Format.json, Format.markdown)


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
) -> None:
    """Write the ``fmt`` view: a text view from ``text``, or the terminal view drawn by
    ``draw`` (plain, without colour, when it goes to a file)."""
    from mlcareer.files import write_output

    render = text.get(fmt)
    if render is not None:
        write_output(render(), output)
        return
    from mlcareer.render.terminal import make_console

    if is_stdout(output):
        console = make_console(no_color=no_color)
        # rich exits with status 1 when the reader goes away (`mlcareer skills | head -1`);
        # raise instead, so the CLI ends quietly with 0 like the JSON and Markdown views.
        console.on_broken_pipe = _reader_went_away  # type: ignore[method-assign]
        draw(console)
    else:
        buffer = io.StringIO()
        draw(make_console(no_color=True, file=buffer))
        write_output(buffer.getvalue(), output)


def _reader_went_away() -> None:
    silence_stdout()
    raise BrokenPipeError


def silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so that nothing still buffered for a reader who
    went away (`| head -1`) fails again when Python flushes stdout at exit."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is not a file descriptor (a test runner's buffer): nothing to flush


def emit_report(report: Any, fmt: Format, output: Path | None, no_color: bool) -> None:
    """Write one view of a report; each renderer is imported only when its view is asked for."""

    def as_json() -> str:
        from mlcareer.render.json import render_json

        return render_json(report)

    def as_markdown() -> str:
        from mlcareer.render.markdown import render_markdown

        return render_markdown(report)

    def as_csv() -> str:
        from mlcareer.render.csv import report_skills_csv

        return report_skills_csv(report)

    def draw(console: Console) -> None:
        from mlcareer.render.terminal import render_terminal

        render_terminal(report, console)

    emit_view(
        fmt,
        output,
        no_color,
        text={Format.json: as_json, Format.markdown: as_markdown, Format.csv: as_csv},
        draw=draw,
    )


def _same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two names lead to one file: by device and inode when both exist (a symlink or
    another spelling of the path is caught), else by their resolved paths."""
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_writing_over_inputs(
    output: Path | None, inputs: Mapping[str, str | Path | None], option: str = "--output"
) -> None:
    """Refuse an output file that is also an input: writing it would destroy the input (or,
    for two outputs, one would overwrite the other). Devices and FIFOs are not files."""
    import os
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
