"""How every command hands a result over: one format, to stdout or atomically to a file.

Part of the shell (it draws with rich); the core never imports it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console


class ViewFormat(str, Enum):
    """The formats of reports, comparisons, schedules and listings."""

    table = "table"
    json = "json"
    markdown = "markdown"


# An output file's extension picks the format when --format is not given.
EXTENSION_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}

F = TypeVar("F", bound=Enum)


def format_for(output: Path | None, chosen: F | None, formats: type[F]) -> F:
    """An explicit --format wins; else the output file's extension, if ``formats`` has it;
    else ``table``."""
    if chosen is not None:
        return chosen
    by_extension = EXTENSION_FORMATS.get(output.suffix.lower(), "") if output is not None else ""
    known = {member.value for member in formats}
    return formats(by_extension if by_extension in known else "table")


def is_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def emit_view(
    fmt: Enum,
    output: Path | None,
    no_color: bool,
    *,
    text: Mapping[str, Callable[[], str]],
    draw: Callable[[Console], None],
) -> None:
    """Write the ``fmt`` view: a text view from ``text`` by format name, or the terminal
    view drawn by ``draw`` (plain, without colour, when it goes to a file)."""
    from mlcareer.files import write_output

    render = text.get(fmt.value)
    if render is not None:
        write_output(render(), output)
        return
    from mlcareer.render.terminal import make_console

    if is_stdout(output):
        draw(make_console(no_color=no_color))
    else:
        buffer = io.StringIO()
        draw(make_console(no_color=True, file=buffer))
        write_output(buffer.getvalue(), output)
