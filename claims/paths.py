"""A file path as a person typed it: `~` and `~user` expanded, or one line saying why not."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from claims.errors import ClaimsError
from claims.leftovers import remove_leftovers, temp_prefix
from claims.limits import is_unicode
from db.urls import unexpanded_variable


def refuse_blank(value: str | Path, what: str) -> None:
    """A ClaimsError naming ``what`` when ``value`` is empty or only spaces: Path('') is the
    current folder, so `ingest ''` read every article under it, `db backup ''` said the folder
    is "not a regular file", and `db backup '   '` wrote a backup named three spaces."""
    text = str(value)
    if text.strip():
        return
    said = "is empty" if not text else f"is only spaces ({text!r})"
    raise ClaimsError(f"{what}: the file name {said}; give a path")


def path_text(value: str | Path) -> str:
    """A path as text that can be stored and printed: a name that is not UTF-8 (Python holds
    its bytes as lone surrogates, U+DC80-U+DCFF, which no database or UTF-8 stream takes)
    with those bytes written \\xNN. An article's or an import's source is this text, the file
    itself is opened by the name as given (`ingest $'caf\\xe9.txt'` was a traceback).

    The text names one file only: a UTF-8 name holding a backslash and an x (a file named
    `caf\\xe9.txt` in so many letters) has each backslash doubled, so it is not taken for the
    file whose name holds the byte 0xe9 (the two shared a feed's key: one's entries were
    "seen" when the other was read). Every other UTF-8 name is itself, as stored before."""
    try:
        # a name's bytes read as UTF-8 where they are: under a C locale Python holds every byte
        # beyond ASCII as a surrogate, and `ingest Café.txt` stored that (a traceback: no
        # database takes a surrogate); bytes that are not UTF-8 stay surrogates, written \\xNN
        text = os.fsencode(value).decode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # text the file system's encoding has no bytes for: as it is
        text = str(value)
    if "\\x" not in text and is_unicode(text):
        return text
    return "".join(_ESCAPED.get(ch) or (f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else ch)
                   for ch in text)


_ESCAPED = {"\\": "\\\\"}


def os_name(text: str) -> str:
    """The file name a stored UTF-8 `text` (a watched feed file) is opened by: the same text
    where the file system's encoding is UTF-8; under a C locale its bytes as Python holds them
    there (opening 'Flüsse.xml' as text failed: ASCII has no 'ü')."""
    return os.fsdecode(text.encode("utf-8", "surrogateescape"))


def is_utf8_name(value: str | Path) -> bool:
    """Is the name UTF-8 text (no byte Python holds as a lone surrogate)?"""
    try:
        os.fsencode(value).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def typed_path(value: str | Path, what: str = "path") -> Path:
    """`value` with `~` expanded; a ClaimsError when it is blank (`refuse_blank`, naming
    ``what``) or `~user` names no user with a home folder (pathlib raises RuntimeError there)."""
    refuse_blank(value, what)
    try:
        return Path(os_name(str(value))).expanduser()  # (a stored name, under a C locale)
    except RuntimeError:
        user = str(value).split("/", 1)[0]
        raise ClaimsError(f"{value}: {user} is no user with a home folder; give the path in full") from None


def names_a_folder(value: str | Path) -> bool:
    """Does the path as typed end in a separator ('x.db/')? pathlib drops it, so a file was
    written under the name without it."""
    text = os.fspath(value)
    return isinstance(text, str) and len(text) > 1 and text.endswith((os.sep, os.altsep or os.sep))


def resolved_path(value: str | Path, what: str = "path") -> Path:
    """`typed_path(value)` made absolute with its symbolic links followed: the path of a file to
    write. A ClaimsError when the links lead round in a loop (pathlib raises RuntimeError there
    too), or when it ends in a separator (`db backup x.db/` wrote x.db)."""
    if names_a_folder(value):
        raise ClaimsError(f"{value}: ends in '{os.sep}', which names a folder; give the name of a file "
                          "(nothing was written)")
    path = typed_path(value, what)
    try:
        return path.resolve()
    except RuntimeError:
        raise ClaimsError(f"{value}: its symbolic links lead round in a loop; give the path of a file") from None


@contextlib.contextmanager
def output_file(value: str | Path, *, newline: str | None = None,
                keep: Iterable[Path] = ()) -> Iterator[TextIO]:
    """Where `-o` sends text, opened for writing; OSError becomes one line naming `value`.
    `keep` names files never written over (claims' own settings files, for an export or a
    report: `export -o ~/.config/claims/config.toml` replaced the settings with a CSV, and
    every command then failed on 'not valid TOML').

    A regular file (new or not) is written whole or not at all: into a temporary file beside
    it, renamed over it once complete (a failed write, a full disk or Ctrl-C leaves the old
    file as it was; a symbolic link stays a link, its target is written). A device or a pipe
    (`/dev/null`, `/dev/stdout`, a FIFO) is written as it is: renaming over it would replace
    the device node with a file (`report -o /dev/full`, as root, did just that).
    """
    fd = descriptor_named(value)
    if fd is not None:
        if problem := _descriptor_problem(fd):
            raise ClaimsError(f"{value}: {problem}; nothing was written (give another file name)")
        with _open_descriptor(value, fd, newline) as fh:
            yield fh
        return
    path = resolved_path(value, "-o")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # (a name too long, a loop: the command group names the path and why)
        # `-o /dev/stdout` with a pipe there: its link, /proc/self/fd/1, resolves to "pipe:[…]",
        # a name no file has ("cannot write (No such file or directory)"); the system still
        # opens the name as given, which leads to the pipe
        with contextlib.suppress(OSError):
            given = os.stat(typed_path(value, "-o")).st_mode
            if not stat.S_ISREG(given) and not stat.S_ISDIR(given):
                mode, path = given, typed_path(value, "-o")
    try:
        if mode is not None and stat.S_ISDIR(mode):
            raise IsADirectoryError(21, os.strerror(21))
        if mode is not None and not stat.S_ISREG(mode):
            with open(path, "w", encoding="utf-8", newline=newline) as fh:
                yield fh
            return
        problem = side_file_problem(path) or (mode is not None and _database_problem(path))
        if problem := problem or _kept_file_problem(path, keep):
            raise ClaimsError(f"{value}: {problem}; nothing was written (give another file name)")
        if mode is not None and not os.access(path, os.W_OK):  # a file made read-only stays as it is
            raise PermissionError(13, os.strerror(13))
        remove_leftovers(path.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=".tmp", dir=path.parent)
        try:
            with open(fd, "w", encoding="utf-8", newline=newline) as fh:
                yield fh
            os.chmod(tmp_name, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
    except FileNotFoundError as exc:
        if (variable := unexpanded_variable(str(value))) and not path.parent.exists():
            raise ClaimsError(f"{value}: cannot write: no folder {path.parent}; the path holds {variable!r}, "
                              "which nothing replaced (a shell would): write the folder out in full") from None
        raise ClaimsError(f"{value}: cannot write ({exc.strerror or exc})") from None
    except OSError as exc:
        raise ClaimsError(f"{value}: cannot write ({exc.strerror or exc})") from None


def _kept_file_problem(path: Path, keep: Iterable[Path]) -> str | None:
    """Why `path` (resolved) may not be written, or None: it is one of `keep` (by its name with
    links followed, or a hard link to it)."""
    for kept in keep:
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            if kept.resolve() == path or (path.exists() and os.path.samefile(kept, path)):
                return f"is a settings file of claims ({kept.name}), not written over by an export or a report"
    return None


# The names of a descriptor this process holds: /dev/stdout, /dev/fd/1, /proc/self/fd/1 ...
_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/(?:self|thread-self|(?P<pid>\d+))/fd)/(?P<fd>\d+)")
_STREAMS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def descriptor_named(value: str | Path) -> int | None:
    """The descriptor `value` names (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`),
    or None. With a regular file there (`-o /dev/stdout >> all.csv`), the name resolves to that
    file, and the temporary file renamed over it replaced what was appended to: the lines
    before the export were lost."""
    try:
        name = os.path.abspath(typed_path(value, "-o"))
    except ClaimsError:
        return None
    if name in _STREAMS:
        return _STREAMS[name]
    match = _DESCRIPTOR.fullmatch(name)
    if match is None or match["pid"] is not None and int(match["pid"]) != os.getpid():
        return None  # (another process's descriptor: a file like any other)
    return int(match["fd"])


def terminal_problem(value: str | Path) -> str | None:
    """Why the desk may not write a file at `value`, or None: it names a terminal (`/dev/stdout`,
    `/dev/tty`, `/dev/pts/3`, `/dev/fd/2`), which the desk draws on: its export written there
    was drawn over at once and lost, and the desk said "Wrote 12 claims to /dev/stdout"."""
    fd = descriptor_named(value)
    if fd is not None:
        with contextlib.suppress(OSError):
            if os.isatty(fd):
                return "is the terminal the desk is drawn on"
        return None
    try:
        path = typed_path(value, "-o")
        if not stat.S_ISCHR(path.stat().st_mode):
            return None
        opened = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except (OSError, ClaimsError):
        return None  # no such file, or one the write names the problem of
    try:
        return "is a terminal" if os.isatty(opened) else None
    finally:
        os.close(opened)


# Standard descriptors the shell closed (`>&-`), which `claims.cli.stdout.guard_stdout` pointed
# at /dev/null so that no file opens under their number.
CLOSED_STREAMS: set[int] = set()


def _descriptor_problem(fd: int) -> str | None:
    """Why `-o` must not write to descriptor `fd`, or None: a regular file there that is an
    SQLite database or a side file of one, as for a name (`_database_problem`). `-o /dev/fd/3`
    with nothing opened there by the shell named the desk's own file, which this process holds
    open: the export's header overwrote the desk's first page (found in review of 8df69c5).
    A standard stream the shell closed: `-o /dev/stdout >&-` wrote to the /dev/null put there,
    and said 'wrote 12 claims'."""
    if fd in CLOSED_STREAMS:
        return "is closed (the shell closed that standard stream)"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None  # a pipe, a terminal, a device: nothing to overwrite
    except OSError:
        return None  # not open: the write says so
    with contextlib.suppress(OSError):
        target = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if problem := side_file_problem(target) or _database_problem(target):
            return problem
    with contextlib.suppress(OSError):  # (read where the name is gone, the file still open)
        if os.pread(fd, len(_SQLITE_HEADER), 0) == _SQLITE_HEADER:
            return _IS_DATABASE
    return None


@contextlib.contextmanager
def _open_descriptor(value: str | Path, fd: int, newline: str | None) -> Iterator[TextIO]:
    """Text written to `fd` as the shell opened it (appended where it appends), after what this
    process has buffered for its standard streams."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        with open(os.dup(fd), "w", encoding="utf-8", newline=newline) as fh:
            yield fh
    except OSError as exc:
        raise ClaimsError(f"{value}: cannot write ({exc.strerror or exc})") from None


_SQLITE_HEADER = b"SQLite format 3\x00"
_IS_DATABASE = "is an SQLite database (a desk or a backup), not written over by an export, a report or settings"
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _database_problem(path: Path) -> str | None:
    """Why `-o` must not replace the regular file `path`, or None: it is an SQLite database
    (`export -o desk.db` with the desk's own name replaced the desk with a CSV of its verified
    claims), or a side file SQLite keeps beside one (the desk's last changes)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER:
                return _IS_DATABASE
    except OSError:
        return None  # unreadable: the write says why
    return None


def side_file_problem(path: Path) -> str | None:
    """Why nothing may be written at `path`, or None: its name is that of a side file SQLite
    keeps beside a database there (`desk.db-wal`, `-shm`, `-journal`), whether or not one is
    there now. One there holds the database's last changes; a new file of that name (an
    export, a backup) is deleted, or read as the database's own, when the database is next
    opened: `export -o desk.db-journal` and `db backup desk.db-journal` said they wrote it, and
    the desk's next command deleted it."""
    side = next((s for s in _SIDE_FILES if path.name.endswith(s) and len(path.name) > len(s)), None)
    if side and _is_database(path.with_name(path.name[: -len(side)])):
        return (f"is the name of a side file SQLite keeps beside the database {path.name[: -len(side)]} "
                "(it deletes or rewrites it)")
    return None


def _is_database(path: Path) -> bool:
    """Is `path` an SQLite database: its header, or an empty file (a new database whose pages
    are all still in its write-ahead log). A file `notes` of text is none, so `-o notes-wal`
    is no side file of it."""
    if not path.is_file():  # a FIFO would block the open below, a folder is no database
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except OSError:
        return True  # unreadable here: SQLite's it may be, its side files are kept
    return head in (_SQLITE_HEADER, b"")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def not_a_regular_file(mode: int) -> str | None:
    """What a file of stat mode `mode` is when it is no regular file, as a door says it ('is a
    folder', 'is a socket', 'not a regular file (a pipe or device)'); None for a regular file.
    One wording for every door: `ingest --feed` and `watch add` called a socket, a folder or
    /dev/null 'no such file' (their `is_file()` test is false for all of them, and for a
    missing file alike)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "not a regular file (a pipe or device)"


def file_problem(source: str | Path, path: Path, what: str, *, missing: str = "no such file") -> str | None:
    """Why `path` (as typed, `source`) is not a regular file to read as a `what`, in one line
    ('x: is a socket, not a feed file'), or None when it is one. `missing` is the words for a
    path that names nothing (a link to nothing included)."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):  # (NotADirectoryError: 'a.txt/feed.xml')
        return f"{source}: {missing}"
    # (any other OSError, a name too long, a folder on the way that may not be searched, is
    # said by the command's own handler: '...: File name too long', as every door says it)
    kind = not_a_regular_file(info.st_mode)
    return f"{source}: {kind}, not a {what}" if kind else None


def read_regular_file(source: str | Path, *, limit: int, what: str = "file") -> bytes:
    """The bytes of the file `source` names, read whole; one line (ClaimsError) when it is
    missing, a folder, larger than `limit` bytes, or no regular file: a named pipe with no
    writer would be waited on forever, and /dev/zero read until memory runs out."""
    path = typed_path(source, what)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ClaimsError(f"{source}: no such file") from None
    if kind := not_a_regular_file(info.st_mode):
        raise ClaimsError(f"{source}: {kind}, not a {what}")
    too_big = f"{source}: larger than {_size(limit)}, not a {what}"
    if info.st_size > limit:
        raise ClaimsError(too_big)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # a file that grows meanwhile is still read only so far
    except OSError as exc:
        raise ClaimsError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise ClaimsError(too_big)
    return data


STDIN_CHUNK = 1 << 20


def read_stdin(limit: int) -> bytearray:
    """Standard input's bytes (a bytearray: no copy to make them bytes), read in chunks of 1 MB until it ends or holds more than `limit`
    (at most `limit` + 1 bytes are returned: the caller names the cap). `read(limit + 1)`
    set aside the whole 1 GB first: `claims import - < r.jsonl` of 50 bytes ended in a
    MemoryError under `ulimit -v` 900 MB. A standard input that cannot be read (opened
    write-only, `0>/dev/null`; a folder) is one line, not an OSError traceback."""
    import sys

    data = bytearray()  # (chunks kept and joined held the input twice: 2 GB for 1 GB)
    try:
        while len(data) <= limit:
            chunk = sys.stdin.buffer.read(min(STDIN_CHUNK, limit + 1 - len(data)))
            if not chunk:
                break
            data += chunk
    except OSError as exc:
        raise ClaimsError(f"<stdin>: cannot read standard input ({exc.strerror or exc})") from None
    return data


def _size(limit: int) -> str:
    return f"{limit // 2**30} GB" if limit >= 2**30 else f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"
