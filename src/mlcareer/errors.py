"""The one error type that carries every user-facing failure up to the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    ``kind`` (schema, reference, cycle, duplicate, other) is what a summary counts;
    ``group`` (key, sentence with ``{count}``) lets many instances of one problem be shown
    as one; ``instances`` is how many a grouped problem stands for. None of them changes
    what the problem is, so they take no part in equality.
    """

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    kind: str = field(default="", compare=False)
    group: tuple[str, str] | None = field(default=None, compare=False)
    instances: int = field(default=1, compare=False)

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

    def __init__(
        self,
        problems: str | Problem | list[Problem],
        summary: str | None = None,
        exit_code: int = 2,
    ) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.summary = summary  # a last line counting the problems by kind, when many
        self.exit_code = exit_code
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        for problem in self.problems:
            lines.append(str(problem) if problem.file else problem.message)
        if self.summary:
            lines.append(self.summary)
        return "\n".join(lines)


class ThresholdNotMet(MlcareerError):
    """A threshold the user asked for (e.g. --fail-under) was not met: exit status 3."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=3)
