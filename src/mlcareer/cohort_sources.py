"""Where a cohort's reports come from: files, folders, globs and stdin (paths or JSON Lines).

Nothing here prints; a source that cannot be a report carries the reason, which is
reported when it is read.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from mlcareer.errors import MlcareerError, Problem
from mlcareer.report import Report
from mlcareer.report_file import EditedReport, read_report_file, read_report_text


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


def _json_files_in(folder: Path) -> Iterator[Path]:
    """Every *.json file under ``folder``, in sorted order, skipping hidden files and folders
    (``.git``, editor backups) so a repository of collected reports reads as it is."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".json") and not name.startswith("."):
                yield Path(root) / name


def _sources_for(arg: str) -> Iterator[ReportSource]:
    path = Path(arg)
    if path.is_dir():
        found = False
        for file in _json_files_in(path):
            found = True
            yield ReportSource(str(file), path=file)
        if not found:
            yield ReportSource(arg, error="the folder holds no .json file: check the path")
    elif path.exists() or not _is_glob(arg):
        yield ReportSource(arg, path=path)  # a missing file is reported when it is read
    else:
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            yield ReportSource(arg, error="the pattern matches no file: check it")
        for match in matches:
            if not Path(match).is_dir():
                yield ReportSource(match, path=Path(match))


def iter_sources(inputs: Sequence[str], stdin: TextIO | None = None) -> Iterator[ReportSource]:
    """The reports named by command-line arguments, each file once, lazily.

    An argument is a file, a folder (every *.json inside, recursively), a glob, or ``-``:
    stdin, where each line is either a path (or folder or glob) or a JSON report
    (JSON Lines).
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

    for arg in inputs:
        if arg == "-":
            if stdin is None:
                continue
            for number, line in enumerate(stdin, start=1):
                entry = line.strip()
                if not entry:
                    continue
                if entry.startswith("{"):
                    yield ReportSource(f"<stdin>:{number}", text=entry, stdin_line=number)
                else:
                    yield from once(_sources_for(entry))
        else:
            yield from once(_sources_for(arg))


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
