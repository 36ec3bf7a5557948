"""SIGTERM and SIGHUP stop a command as Ctrl-C does: its clean-up runs.

Left at their default, both ended the process on the spot: `kill` of a `db copy --to cp.db`
(or a closed terminal, or a service manager's stop) left a 4 KB cp.db with a -wal holding
the schema, an empty desk the next command took for a copy, and an export's temporary file
stayed until the next export. Every clean-up in claims is written for Ctrl-C (a transaction
rolled back, a file it made removed, worker processes stopped), so the signal is raised as a
KeyboardInterrupt in the main thread. A signal the caller set to be ignored (`nohup` ignores
SIGHUP) stays ignored; a command with its own handler (`watch run`) sets it after this. The
same signal a second time ends the process as the default would (a clean-up that hangs, as
a thread waiting on a lock, was left to kill -9).

Raised inside a function SQLite calls back (the search folding, a trigger's), any of these
comes out as that statement's error, "user-defined function raised exception", which the
command then said of the database (`the database big.db: ...` for a Ctrl-C): `received`
keeps the stop, so the exit says what happened. Raised inside a finalizer (a `__del__` the
collector runs, as the `regex` package's), it could only be printed there ("Exception ignored
in ...") and the command went on to commit what it was stopped in: a signal that finds a
finalizer running is sent again a moment later, to be raised when it has returned.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading


class Terminated(KeyboardInterrupt):
    """The process was asked to stop by a signal other than Ctrl-C's."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # as a shell reports a process the signal ended


received: KeyboardInterrupt | None = None  # the stop asked, even where an error line took its place
_before_forced_exit: list = []  # what must be put back even when a second signal ends the process


def before_forced_exit(callback) -> None:
    """Run `callback` (no arguments) before the same signal a second time ends the process:
    the desk puts the terminal back (a second SIGTERM left it raw, echoing nothing)."""
    _before_forced_exit.append(callback)


def forced_exit(signum: int) -> None:
    """End the process by `signum` as its default would, after `before_forced_exit`'s callbacks."""
    for callback in reversed(_before_forced_exit):
        with contextlib.suppress(Exception):  # ending anyway: one that fails does not stop the others
            callback()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _in_finalizer(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__" or frame.f_code is _stop_lost_in_finalizer.__code__:
            return True
        frame = frame.f_back
    return False


def _send_later(signum: int) -> None:
    """The signal again in 20 ms, from a thread: `_stop` then runs outside the finalizer."""
    timer = threading.Timer(0.02, os.kill, (os.getpid(), signum))
    timer.daemon = True
    timer.start()


def _stop(signum, frame):
    global received
    if _in_finalizer(frame):  # raised here, the stop would only be printed (module docstring)
        _send_later(signum)
        return
    if signum == signal.SIGINT:
        received = KeyboardInterrupt()
        raise received
    if isinstance(received, Terminated):
        if signum == received.signum:
            # the same signal again: the clean-up hangs (a thread waiting on a lock), and the
            # sender insists; as the default would have, the signal ends the process now
            forced_exit(signum)
        # the other one (a closed terminal sends SIGHUP, a service manager SIGTERM beside it)
        # does not cut short the clean-up the first one started
        return
    received = Terminated(signum)
    raise received


def _stop_lost_in_finalizer(unraisable) -> None:
    """`sys.unraisablehook`: a stop raised in a finalizer `_in_finalizer` does not recognise
    (a weakref's callback) is sent again (module docstring)."""
    global received
    stop = unraisable.exc_value
    if stop is not None and stop is received:
        received = None  # not a second signal: `_stop` raises it as the first
        _send_later(stop.signum if isinstance(stop, Terminated) else signal.SIGINT)
        return
    _other_unraisable(unraisable)


_other_unraisable = sys.unraisablehook


def stop_as_ctrl_c() -> None:
    """Make SIGTERM and SIGHUP raise `Terminated` in the main thread, unless ignored, and
    note Ctrl-C's KeyboardInterrupt as it is raised."""
    global _other_unraisable
    if threading.current_thread() is not threading.main_thread():
        return
    for signum, default in ((signal.SIGTERM, signal.SIG_DFL), (signal.SIGHUP, signal.SIG_DFL),
                            (signal.SIGINT, signal.default_int_handler)):
        if signal.getsignal(signum) is default:
            signal.signal(signum, _stop)
    if sys.unraisablehook is not _stop_lost_in_finalizer:
        _other_unraisable = sys.unraisablehook
        sys.unraisablehook = _stop_lost_in_finalizer
