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
    create_dirs: bool = False,
) -> None:
    """Write the ``fmt`` view: a text view from ``text``, or the terminal view drawn by
    ``draw`` (plain, without colour, when it goes to a file).

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
            draw(console)
            return
        width: int | None = console.width  # as the pipe would have drawn it
    else:
        no_color, width = True, None
    buffer = io.StringIO()
    draw(make_console(no_color=no_color, file=buffer, width=width))
    write_output(without_trailing_spaces(buffer.getvalue()), output, create_dirs)


def without_trailing_spaces(text: str) -> str:
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


def emit_report(
    report: Any, fmt: Format, output: Path | None, no_color: bool, create_dirs: bool = False
) -> None:
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
        create_dirs=create_dirs,
    )
