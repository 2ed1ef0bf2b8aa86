"""How --help reads: plain metavars (FILE, ROLE, N, never typer's <bool>, <str> or
<list[str]>) and an Examples block per command."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup


class _PlainArgument(TyperArgument):
    """An argument shown by its metavar alone: `PATH...` in usage, no Python type beside."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"


def plain_metavars(params: list[Any]) -> list[Any]:
    """The parameters of a command, set to show plain metavars in its help.

    A flag takes no value, so it shows none; any other option without a metavar of its own
    shows its name in capitals; an argument shows its metavar and no type.
    """
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument  # the same object, with the two methods above
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
        else:
            param.metavar = (param.name or "value").upper().replace("_", "-")
    return params


class PlainCommand(TyperCommand):
    """A command whose help shows plain metavars."""

    def get_params(self, ctx: Any) -> list[Any]:
        return plain_metavars(super().get_params(ctx))


class PlainGroup(TyperGroup):
    """A group of commands whose help shows plain metavars."""

    def get_params(self, ctx: Any) -> list[Any]:
        return plain_metavars(super().get_params(ctx))


def examples(commands: str) -> str:
    """An Examples block for --help: one command a line (given joined with "  ·  ").

    No square brackets in them: the help is drawn with rich markup.
    """
    return "Examples:\n" + "\n".join(f"  {c}" for c in commands.split("  ·  "))
