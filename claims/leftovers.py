"""The temporary files a killed command leaves beside what it writes, and their removal.

`export -o`, `report -o` and `db backup` write into a temporary file beside the target and
rename it over the target once complete; a failure removes it. A SIGKILL (`kill -9`, the
out-of-memory killer) leaves no time for that: each killed backup left a hidden copy of the
whole desk (`.claims-backup-*.db`, with its `-wal` and `-shm`) that nothing removed. The
names carry the host and the process writing them, and the next such command writing into
the folder removes those whose process is gone from this host and that nothing has written
for an hour (another host's, on a shared folder, and a live one's are left alone).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import time
from pathlib import Path

# the whole name mkstemp gives (its random part, then .tmp or .db and SQLite's side files):
# '.claims-vm.99999.my-notes.txt' is somebody's file, not ours
_NAME = re.compile(r"\.claims-(?:backup-)?(?P<host>[A-Za-z0-9]+)\.(?P<pid>[0-9]+)\.[a-z0-9_]+"
                   r"(?:\.tmp|\.db(?:-wal|-shm|-journal)?)")
_SIDE = re.compile(r"-(?:wal|shm|journal)$")
# A process is looked for in this PID namespace only: another container of the same host name
# (Docker's --uts host, compose's hostname:) writing into a shared folder looks gone while it
# writes. Its file changes as it writes, so only a file left alone this long is removed.
LEFT_ALONE = 3600  # seconds


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:60] or "host"


def temp_prefix(kind: str = "") -> str:
    """The start of a temporary file's name (`mkstemp(prefix=...)`): `.claims-backup-HOST.PID.`."""
    return f".claims-{kind + '-' if kind else ''}{_host()}.{os.getpid()}."


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # another user's process, alive (or no pid at all: left alone)
    return False


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files in `folder` that a process of this host gone since left. A
    backup's database and its SQLite side files (`-wal`, `-shm`, `-journal`) are one: removed
    together, and only when none of them has been written for `LEFT_ALONE` (a live backup of
    another PID namespace writes its `-wal` for an hour and more and leaves its `.db` alone;
    judged each on its own, its `.db` was removed under it)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    host = _host()
    groups: dict[str, list[str]] = {}
    for name in names:
        found = _NAME.fullmatch(name)
        if found and found["host"] == host and _gone(int(found["pid"])):
            groups.setdefault(_SIDE.sub("", name), []).append(name)
    for stem, members in groups.items():
        if not all(_left_alone(folder / name) for name in members):
            continue
        for name in sorted(members, key=lambda n: n == stem):  # side files first, the .db last
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def _left_alone(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime > LEFT_ALONE
    except OSError:
        return False
