"""A file path as a person typed it: `~` and `~user` expanded, or one line saying why not."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from claims.errors import ClaimsError


def typed_path(value: str | Path) -> Path:
    """`value` with `~` expanded; a ClaimsError when `~user` names no user with a home folder
    (pathlib raises RuntimeError there)."""
    try:
        return Path(value).expanduser()
    except RuntimeError:
        user = str(value).split("/", 1)[0]
        raise ClaimsError(f"{value}: {user} is no user with a home folder; give the path in full") from None


def resolved_path(value: str | Path) -> Path:
    """`typed_path(value)` made absolute with its symbolic links followed; a ClaimsError when
    they lead round in a loop (pathlib raises RuntimeError there too)."""
    path = typed_path(value)
    try:
        return path.resolve()
    except RuntimeError:
        raise ClaimsError(f"{value}: its symbolic links lead round in a loop; give the path of a file") from None


@contextlib.contextmanager
def output_file(value: str | Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """Where `-o` sends text, opened for writing; OSError becomes one line naming `value`.

    A regular file (new or not) is written whole or not at all: into a temporary file beside
    it, renamed over it once complete (a failed write, a full disk or Ctrl-C leaves the old
    file as it was; a symbolic link stays a link, its target is written). A device or a pipe
    (`/dev/null`, `/dev/stdout`, a FIFO) is written as it is: renaming over it would replace
    the device node with a file (`report -o /dev/full`, as root, did just that).
    """
    path = resolved_path(value)
    try:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise IsADirectoryError(21, os.strerror(21))
        if mode is not None and not stat.S_ISREG(mode):
            with open(path, "w", encoding="utf-8", newline=newline) as fh:
                yield fh
            return
        fd, tmp_name = tempfile.mkstemp(prefix=".claims-", suffix=".tmp", dir=path.parent)
        try:
            with open(fd, "w", encoding="utf-8", newline=newline) as fh:
                yield fh
            os.chmod(tmp_name, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
    except OSError as exc:
        raise ClaimsError(f"{value}: cannot write ({exc.strerror or exc})") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
