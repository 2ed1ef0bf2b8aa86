"""Where a cohort's reports come from: files, folders, globs and stdin (paths or JSON Lines).

Nothing here prints; a source that cannot be a report carries the reason, which is
reported when it is read.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from mlcareer.errors import MlcareerError, Problem
from mlcareer.report import Report
from mlcareer.report_file import (
    MAX_REPORT_BYTES,
    EditedReport,
    read_report_file,
    read_report_text,
)


@dataclass(frozen=True)
class ReportSource:
    """One report to read: a file, or a JSON line read from stdin, or why there is none."""

    label: str
    path: Path | None = None
    text: str | None = None
    error: str | None = None
    stdin_line: int | None = None  # the line of stdin that held ``text``


def _is_glob(arg: str) -> bool:
    return any(ch in arg for ch in "*?[")


Warn = Callable[[Problem], None]


def _label(path: str | Path) -> str:
    """A path as text that can be shown and written as UTF-8: a name that is not UTF-8 (a zip
    made on Windows) keeps its odd bytes as ``\\xe9``, so two such names stay apart."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _found_file(path: Path, warn: Warn | None) -> ReportSource | None:
    """A file a folder walk or a pattern found, or None (with a warning) for what is not a
    regular file: opening a FIFO would wait for ever for a writer."""
    try:
        mode = os.stat(path).st_mode  # through a symlink: what it leads to
    except OSError as exc:
        if warn:
            warn(
                Problem(f"cannot read it ({exc.strerror.lower()}), so it is left out", _label(path))
            )
        return None
    if stat.S_ISDIR(mode):
        return None
    if not stat.S_ISREG(mode):
        if warn:
            what = _kind(mode)
            warn(Problem(f"is {what}, not a report file, so it is left out", _label(path)))
        return None
    return ReportSource(_label(path), path=path)


def _walk(top: Path, warn: Warn | None, max_depth: int | None = None) -> Iterator[Path]:
    """Every file under ``top`` in sorted order, without hidden files and folders (``.git``,
    editor backups). Symlinked folders are not entered, and no folder is entered twice, so
    a loop of links cannot make the walk endless; an unreadable folder is warned about."""

    def unreadable(exc: OSError) -> None:
        if warn:
            reason = (exc.strerror or "unreadable").lower()
            where = _label(exc.filename or top)
            warn(Problem(f"cannot read this folder ({reason}), so its reports are left out", where))

    seen: set[tuple[int, int]] = set()
    base_depth = len(top.parts)
    for root, dirs, files in os.walk(top, onerror=unreadable, followlinks=False):
        here = Path(root)
        try:
            info = os.stat(here)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        if max_depth is not None and len(here.parts) - base_depth >= max_depth - 1:
            dirs[:] = []
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def _json_files_in(folder: Path, warn: Warn | None) -> Iterator[ReportSource]:
    """Every *.json report under ``folder`` (see ``_walk``)."""
    for path in _walk(folder, warn):
        if path.name.endswith(".json"):
            found = _found_file(path, warn)
            if found is not None:
                yield found


def _matches(parts: Sequence[str], patterns: Sequence[str]) -> bool:
    """Whether path ``parts`` match glob ``patterns`` part by part, as glob.glob would:
    ``**`` is any number of folders, and a hidden name only matches a pattern that starts
    with a dot."""
    if not patterns:
        return not parts
    first = patterns[0]
    if first == "**":
        if len(patterns) == 1:  # a last `**` matches what is inside folders, not a folder
            return bool(parts) and not any(part.startswith(".") for part in parts)
        for skip in range(len(parts) + 1):
            if skip and parts[skip - 1].startswith("."):
                return False
            if _matches(parts[skip:], patterns[1:]):
                return True
        return False
    if not parts or (parts[0].startswith(".") and not first.startswith(".")):
        return False
    return fnmatch.fnmatchcase(parts[0], first) and _matches(parts[1:], patterns[1:])


def _glob_files(pattern: str, warn: Warn | None) -> list[ReportSource]:
    """The files a pattern names, in sorted order, found by walking from its fixed part
    without following symlinked folders (glob.glob(recursive=True) follows them, so a link
    to a parent folder made it endless)."""
    parts = Path(pattern).parts
    fixed = 0
    while fixed < len(parts) and not _is_glob(parts[fixed]):
        fixed += 1
    top = Path(*parts[:fixed]) if fixed else Path(".")
    rest = parts[fixed:]
    if not top.is_dir():
        return []
    depth = None if "**" in rest else len(rest)
    found = []
    for path in _walk(top, warn, depth):
        relative = path.relative_to(top).parts
        if _matches(relative, rest):
            source = _found_file(path if fixed else Path(*relative), warn)
            if source is not None:
                found.append(source)
    return sorted(found, key=lambda source: source.label)


def _sources_for(arg: str, warn: Warn | None) -> Iterator[ReportSource]:
    path = Path(arg)
    try:
        if "\0" in arg:  # from stdin: no file system takes it (is_dir would say False)
            raise OSError(0, "it holds a NUL byte")
        is_dir = path.is_dir()
    except OSError as exc:  # a name too long, a NUL byte
        yield ReportSource(
            _label(arg), error=f"cannot be read as a path ({exc.strerror}): check it"
        )
        return
    if is_dir:
        found = False
        for source in _json_files_in(path, warn):
            found = True
            yield source
        if not found:
            yield ReportSource(_label(arg), error="the folder holds no .json file: check the path")
    elif path.exists() or path.is_symlink() or not _is_glob(arg):
        # A path named explicitly is read as it is; a missing one is reported when read.
        yield ReportSource(_label(arg), path=path)
    else:
        matches = _glob_files(arg, warn)
        if not matches:
            yield ReportSource(_label(arg), error="the pattern matches no file: check it")
        yield from matches


def _stdin_lines(stdin: TextIO) -> Iterator[tuple[int, str | None]]:
    """(line number, line) for each line of stdin; a line over the report size limit is
    passed over in pieces, never held whole, and given as None."""
    number = 0
    while True:
        line = stdin.readline(MAX_REPORT_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_REPORT_BYTES and not line.endswith("\n"):
            while line and not line.endswith("\n"):  # the rest of the line, a piece at a time
                line = stdin.readline(1024 * 1024)
            yield number, None
        elif len(line.encode("utf-8", "surrogateescape")) > MAX_REPORT_BYTES + 1:
            yield number, None  # few enough characters, but too many bytes
        else:
            yield number, line


def iter_sources(
    inputs: Sequence[str], stdin: TextIO | None = None, warn: Warn | None = None
) -> Iterator[ReportSource]:
    """The reports named by command-line arguments, each file once, lazily.

    An argument is a file, a folder (every *.json inside, recursively), a glob, or ``-``:
    stdin, where each line is either a path (or folder or glob) or a JSON report
    (JSON Lines). What a folder or pattern holds that cannot be a report (a FIFO, a socket,
    an unreadable folder) is passed to ``warn`` and left out.
    """
    seen: set[str] = set()
    # One folder or glob names each file once; only several inputs can overlap.
    may_overlap = len(inputs) > 1 or "-" in inputs

    def once(sources: Iterable[ReportSource]) -> Iterator[ReportSource]:
        for source in sources:
            if may_overlap and source.path is not None:
                key = os.path.realpath(source.path)
                if key in seen:
                    continue  # overlapping arguments must not count a report twice
                seen.add(key)
            yield source

    limit = f"{MAX_REPORT_BYTES // (1024 * 1024)} MiB"
    for arg in inputs:
        if arg == "-":
            if stdin is None:
                continue
            for number, line in _stdin_lines(stdin):
                if line is None:
                    yield ReportSource(
                        f"<stdin>:{number}",
                        error=f"the report is larger than {limit}, which no real report "
                        "needs: check that this is the right file",
                        stdin_line=number,
                    )
                    continue
                entry = line.strip()
                if not entry:
                    continue
                if entry.startswith("{"):
                    yield ReportSource(f"<stdin>:{number}", text=entry, stdin_line=number)
                else:
                    yield from once(_sources_for(entry, warn))
        else:
            yield from once(_sources_for(arg, warn))


def read_report(source: ReportSource) -> Report:
    """Read and validate one report; raise MlcareerError with one located sentence."""
    if source.stdin_line is None:
        return _read_report(source)
    try:
        return _read_report(source)
    except MlcareerError as exc:  # locate it as <stdin>:LINE:COL rather than <stdin>:N:1:COL
        problems = [
            Problem(p.message, "<stdin>", source.stdin_line, p.column if p.line == 1 else None)
            for p in exc.problems
        ]
        if isinstance(exc, EditedReport):
            raise EditedReport(problems[0], exc.report, exc.reason) from None
        raise MlcareerError(problems) from None


def _read_report(source: ReportSource) -> Report:
    if source.error:
        raise MlcareerError(Problem(source.error, source.label))
    if source.text is not None:
        return read_report_text(source.text, source.label)
    assert source.path is not None
    return read_report_file(source.path)
