"""Standard output as the CLI writes it: a write that fails is one line, never a traceback.

`claims list > /dev/full` (a full disk), `claims show 1 >&-` (stdout closed) and
`claims list | head -1` (the reader left) fail in the middle of whatever was printing: the
csv module, Rich, click.echo. `guard_stdout` wraps `sys.stdout` so that every such write
raises one of the two exceptions below, which the command group turns into an exit: the
reader leaving is no error (status 0), anything else one line and status 1. They are
BaseExceptions so that no `except Exception` on the way takes them for a record's problem;
a transaction open meanwhile is rolled back as for Ctrl-C.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from claims.paths import CLOSED_STREAMS


class ReaderLeft(BaseException):
    """Standard output is a pipe whose reader has gone (`| head`)."""


class OutputFailed(BaseException):
    """Standard output cannot be written (a full disk, a closed descriptor)."""

    def __init__(self, reason: str):
        super().__init__(f"cannot write to standard output ({reason})")


def _detach_fd(fd: int) -> None:
    """Point `fd` at /dev/null: what is still buffered for it (flushed at exit) goes nowhere,
    instead of failing again after the one line was said; and no file opened later can take
    the number of a standard stream that was closed."""
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


class _Closed:
    """Standard output the shell closed (`>&-`): every write fails as a closed one does."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, _text):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self):
        return None

    def isatty(self):
        return False

    def fileno(self):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class _Guarded:
    """`stream` with failed writes raised as ReaderLeft or OutputFailed."""

    def __init__(self, stream):
        self._stream = stream
        self._bytes = _whole_bytes(stream)

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def _failed(self, exc: OSError):
        with_fd = isinstance(self._stream, _Closed) or self._stream is sys.__stdout__
        if with_fd:
            _detach_fd(1)
        if exc.errno == errno.EPIPE:
            raise ReaderLeft from None
        raise OutputFailed(exc.strerror or str(exc)) from None

    def write(self, text):
        try:
            if self._bytes is None:
                return self._stream.write(text)
            _write_all(self._bytes, text.encode(self._stream.encoding, self._stream.errors or "strict"))
            return len(text)
        except OSError as exc:
            self._failed(exc)
        except UnicodeEncodeError as exc:  # PYTHONIOENCODING=ascii, a Latin-1 locale: no '·' or 'é'
            # written with '?' instead, an export to a pipe would lose letters without a word
            raise _unencodable(exc) from None

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        try:
            return self._stream.flush()
        except OSError as exc:
            self._failed(exc)


def _whole_bytes(stream):
    """The binary buffer under `stream` to write into, or None (a terminal: written as text,
    line by line). A write that reaches the end of a small disk or `ulimit -f` is cut short,
    and the text layer drops what was left of it without a word: `claims list > out.txt`
    stopped at 200 KB and said nothing, status 0. Written into the buffer, the rest is
    written again and fails as it should (`_write_all`)."""
    if not isinstance(stream, io.TextIOWrapper) or stream.line_buffering:
        return None
    stream.flush()  # what the text layer holds goes first
    return stream.buffer


def _write_all(out, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = out.write(view)
        if not written:  # nothing written and no error: never loop on it
            raise OSError(errno.EIO, "nothing could be written")
        view = view[written:]


def _unencodable(exc: UnicodeEncodeError) -> OutputFailed:
    bad = exc.object[exc.start]
    return OutputFailed(f"its encoding, {exc.encoding}, has no {bad!r} (U+{ord(bad):04X}); "
                        "set PYTHONIOENCODING=utf-8, or write to a file with -o where the command has it")


def _may_lack_a_letter(stream) -> bool:
    """Whether writing text to `stream` can fail on a letter: an encoding other than UTF's,
    with errors that raise (not PYTHONIOENCODING=ascii:replace, asked for by its user)."""
    try:
        name = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        return True
    errors = getattr(stream, "errors", None) or "strict"
    return not name.startswith("utf") and errors in ("strict", "surrogateescape", "surrogatepass")


class _HeldBack:
    """Standard output held back in a temporary file (disk, not memory: an export of a
    million claims), each write encoded as standard output will encode it, so that a letter
    its encoding lacks fails here, before anything reached standard output."""

    def __init__(self, stream):
        self._stream = stream
        try:
            self._file = tempfile.TemporaryFile(mode="w+", encoding=stream.encoding,  # noqa: SIM115 (closed by whole_output)
                                                errors=stream.errors or "strict", newline="")
        except OSError as exc:
            raise _spool_failed(exc) from None

    def __getattr__(self, name):  # encoding, isatty: standard output's, for Rich and the csv module
        return getattr(self._stream, name)

    def write(self, text):
        try:
            return self._file.write(text)
        except UnicodeEncodeError as exc:
            raise _unencodable(exc) from None
        except OSError as exc:
            raise _spool_failed(exc) from None

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        return None

    def copy_to(self, out, chunk: int = 1 << 16) -> None:
        try:
            self._file.flush()
            self._file.seek(0)
            read = self._file.read
        except OSError as exc:
            raise _spool_failed(exc) from None
        while True:
            try:
                text = read(chunk)
            except OSError as exc:
                raise _spool_failed(exc) from None
            if not text:
                break
            out.write(text)
        out.flush()

    def close(self) -> None:
        self._file.close()


def _spool_failed(exc: OSError) -> OutputFailed:
    return OutputFailed(f"its encoding may lack a letter, so the output is held in a temporary file "
                        f"({tempfile.gettempdir()}) until whole, and that failed: {exc.strerror or exc}; "
                        "set PYTHONIOENCODING=utf-8, or write to a file with -o where the command has it")


@contextmanager
def whole_output() -> Iterator[None]:
    """Standard output written in the block reaches it whole or not at all, where its
    encoding may lack a letter (PYTHONIOENCODING=ascii, a Latin-1 locale): a letter it lacks
    ('ü' of the 51st row) said after 50 rows were written left a file that looked whole. The
    output is held back in a temporary file (`_HeldBack`) and copied when the block ends.
    A stream that holds every letter (UTF-8) is written as the block goes, as before."""
    out = sys.stdout
    if not isinstance(out, _Guarded) or not _may_lack_a_letter(out):
        yield
        return
    held = _HeldBack(out)
    sys.stdout = held
    try:
        yield
    except BaseException:
        sys.stdout = out
        held.close()
        raise
    sys.stdout = out
    try:
        held.copy_to(out)
    finally:
        held.close()


def guard_stdout() -> None:
    """Wrap `sys.stdout` (once) as above; a closed standard stream gets /dev/null under its
    number first, so that the desk's database or an output file never opens as fd 1 or 2."""
    if isinstance(sys.stdout, _Guarded):
        return
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _detach_fd(fd)
            CLOSED_STREAMS.add(fd)
    if sys.stdin is None:  # closed (`<&-`): `import -` read an empty file, not sys.stdin.buffer of None
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 (standard input, for good)
    sys.stdout = _Guarded(_Closed() if sys.stdout is None else sys.stdout)


def flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()
