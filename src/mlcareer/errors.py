"""The one error type that carries every user-facing failure up to the CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class MlcareerError(Exception):
    """A failure the user can fix: bad usage or bad input (exit status 2 by default).

    It holds one or more problems so that a file with several mistakes is reported
    in one run instead of one mistake at a time.
    """

    def __init__(self, problems: str | Problem | list[Problem], exit_code: int = 2) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.exit_code = exit_code
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        for problem in self.problems:
            lines.append(str(problem) if problem.file else problem.message)
        return "\n".join(lines)


class ThresholdNotMet(MlcareerError):
    """A threshold the user asked for (e.g. --fail-under) was not met: exit status 3."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=3)
