"""Writing files for users: atomically, so a crash never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from mlcareer.errors import MlcareerError, Problem


def write_atomic(path: str | Path, text: str, create_dirs: bool | None = None) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, then rename.

    Either the whole new file is there afterwards, or the old one (if any) untouched. A
    missing folder is created only with ``create_dirs`` (the user's --create-dirs); False
    means the option exists but was not given, so the refusal mentions it, and None that the
    caller has no such option.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise MlcareerError(Problem("is a folder: give a file name to write to", str(path)))
    if not folder.is_dir() and create_dirs:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MlcareerError(
                Problem(f"cannot create its folder ({exc.strerror})", str(path))
            ) from None
    if not folder.is_dir():
        option = "" if create_dirs is None else ", or pass --create-dirs"
        raise MlcareerError(
            Problem(f"the folder does not exist: create it first{option}", str(path))
        )
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise MlcareerError(Problem(f"cannot write here ({exc.strerror})", str(path))) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            # Keep the permissions a user gave the file they are replacing.
            os.chmod(temp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise MlcareerError(
                Problem(
                    f"could not write the file ({exc.strerror}); nothing was changed", str(path)
                )
            ) from None
        raise


def write_output(text: str, path: str | Path | None, create_dirs: bool = False) -> None:
    """Write to a file atomically (see write_atomic), or to stdout for None or ``-``."""
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(path, text, create_dirs)
