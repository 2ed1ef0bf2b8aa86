"""Reading files with a size cap, and writing files for users atomically, so a crash never
leaves half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from mlcareer.errors import MlcareerError, Problem


def read_capped(handle: BinaryIO, max_bytes: int) -> bytes:
    """The bytes of an open file, at most ``max_bytes`` + 1 (one more than the cap shows the
    file is over it). A regular file is read with one read of its size: asking for the whole
    cap at once makes Python allocate that much first, which cost five times the read itself
    for a 40 KB report under an 8 MiB cap. A stream, or a file that grew since, is read on to
    the cap."""
    try:
        info = os.fstat(handle.fileno())
    except (OSError, AttributeError, ValueError):
        info = None
    if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        return handle.read(max_bytes + 1)
    raw = handle.read(info.st_size + 1)
    if len(raw) <= info.st_size:
        return raw
    return raw + handle.read(max_bytes + 1 - len(raw))


class NotARegularFile(OSError):
    """A named pipe, a device or a socket where a file to read was named."""


def read_regular_file(path: str | Path, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` + 1 (read_capped). Opened without
    waiting (O_NONBLOCK), so a named pipe with no writer is refused at once rather than
    hanging the command. Raises IsADirectoryError for a folder, NotARegularFile for a pipe,
    device or socket, and the OSError of opening or reading anything else."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotARegularFile(str(path))
        with os.fdopen(handle, "rb", closefd=False) as file:
            return read_capped(file, max_bytes)
    finally:
        os.close(handle)


def _is_stream(target: Path) -> bool:
    """True for what must be written to, never replaced: a device, a FIFO, a socket, or a
    name for a process's own streams (``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/1``),
    which may point at a terminal, a pipe or the file a shell redirected to."""
    absolute = os.path.abspath(target)
    if absolute.startswith(("/dev/", "/proc/")):
        return os.path.exists(absolute)
    try:
        mode = os.stat(target).st_mode  # through symlinks: what the name leads to
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_in_place(target: Path, shown: str, text: str) -> None:
    """Write to a device or FIFO as a shell redirection would (a FIFO waits for a reader)."""
    try:
        with open(target, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
    except OSError as exc:
        raise MlcareerError(Problem(f"could not write to it ({exc.strerror})", shown)) from None


def refuse_missing_folder(
    path: str | Path, create_dirs: bool | None = None, label: str | None = None
) -> None:
    """Refuse to go on when ``path``'s folder is missing and will not be created: checked
    before the work (hundreds of reports read, 45 questions answered), not after it.
    ``create_dirs`` as for write_atomic; ``label``: the path as the user gave it, where
    ``path`` is what a symlink leads to."""
    if str(path) == "-" or create_dirs or Path(path).parent.is_dir():
        return
    option = "" if create_dirs is None else ", or pass --create-dirs"
    shown = label if label is not None else str(path)
    raise MlcareerError(Problem(f"the folder does not exist: create it first{option}", shown))


def write_atomic(path: str | Path, text: str, create_dirs: bool | None = None) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, then rename.

    Either the whole new file is there afterwards, or the old one (if any) untouched. A
    symlink keeps pointing where it did: the file it leads to is the one replaced. A
    device, a FIFO or ``/dev/stdout`` is written to, never replaced by a regular file. A
    missing folder is created only with ``create_dirs`` (the user's --create-dirs); False
    means the option exists but was not given, so the refusal mentions it, and None that the
    caller has no such option.
    """
    shown = str(path)
    target = Path(path)
    if target.is_dir():
        raise MlcareerError(Problem("is a folder: give a file name to write to", shown))
    if _is_stream(target):
        _write_in_place(target, shown, text)
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir() and create_dirs:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MlcareerError(
                Problem(f"cannot create its folder ({exc.strerror})", shown)
            ) from None
    refuse_missing_folder(target, create_dirs, shown)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise MlcareerError(Problem(f"cannot write here ({exc.strerror})", shown)) from None
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
                Problem(f"could not write the file ({exc.strerror}); nothing was changed", shown)
            ) from None
        raise


def write_output(text: str, path: str | Path | None, create_dirs: bool = False) -> None:
    """Write to a file atomically (see write_atomic), or to stdout for None or ``-``."""
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(path, text, create_dirs)
