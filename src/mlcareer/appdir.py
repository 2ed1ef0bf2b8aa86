"""Where the tool keeps its files: $MLCAREER_HOME, else the platform's app folder."""

from __future__ import annotations

import os
from pathlib import Path

from mlcareer.errors import MlcareerError, Problem

HOME_ENV = "MLCAREER_HOME"


def app_dir(create: bool = True) -> Path:
    """The application folder (created on first use when ``create``).

    A path that is a file, or a folder that cannot be created, is an error with a sentence
    (exit 2), not a crash.
    """
    override = os.environ.get(HOME_ENV)
    if override:
        folder = Path(override)
    else:
        import typer

        folder = Path(typer.get_app_dir("mlcareer"))
    if folder.exists() and not folder.is_dir():
        setting = f"{HOME_ENV} names" if override else "the application folder is"
        raise MlcareerError(
            Problem(f"{setting} a file, not a folder: point {HOME_ENV} at a folder", str(folder))
        )
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MlcareerError(
                Problem(
                    f"cannot create the application folder ({exc.strerror}): set {HOME_ENV} "
                    "to a writable folder",
                    str(folder),
                )
            ) from None
    return folder


def unwritable_app_dir() -> str | None:
    """Why nothing can be kept in the application folder (a sentence), or None when it can."""
    try:
        folder = app_dir()
    except MlcareerError as exc:
        return exc.render()
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"{folder}: the application folder is not writable: make it writable, or set "
            f"{HOME_ENV} to a writable folder"
        )
    return None
