"""Where the tool keeps its files: $MLCAREER_HOME, else the platform's app folder."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "MLCAREER_HOME"


def app_dir(create: bool = True) -> Path:
    """The application folder (created on first use when ``create``)."""
    override = os.environ.get(HOME_ENV)
    if override:
        folder = Path(override)
    else:
        import typer

        folder = Path(typer.get_app_dir("mlcareer"))
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder
