"""A stop (SIGTERM, SIGHUP, Ctrl-C) that lands while a finalizer runs is not lost.

Hostile pass 37a: SIGHUP 3 s into a PostgreSQL import landed in the `regex` package's
`SetBase.__del__`; Python printed "Exception ignored in ... Terminated: 1" and the import went
on to commit every record and exit 0. The signal is now raised again once the finalizer
has returned (`claims.cli.signals`)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import os, signal, sys, time
    from claims.cli import signals

    signals.stop_as_ctrl_c()

    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), signal.{name})
            for _ in range(1000):  # the handler runs here, inside the finalizer
                pass

    try:
        Finalized()  # dropped at once: its __del__ runs now
        deadline = time.monotonic() + 20  # the command's work, which the stop must cut short
        while time.monotonic() < deadline:
            pass
    except KeyboardInterrupt as stop:
        print("stopped", type(stop).__name__, signals.received is stop)
        sys.exit(0)
    print("went on")
""")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stop_raised_in_a_finalizer_stops_the_command(name):
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(name=name)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = "KeyboardInterrupt" if name == "SIGINT" else "Terminated"
    assert done.stdout.split() == ["stopped", expected, "True"]
    assert "Exception ignored" not in done.stderr


def test_another_finalizer_error_is_still_reported():
    script = textwrap.dedent("""
        from claims.cli import signals
        signals.stop_as_ctrl_c()
        class Broken:
            def __del__(self):
                raise ValueError("in a finalizer")
        Broken()
        print("went on")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "went on"
    assert "ValueError: in a finalizer" in done.stderr
    assert signal.SIGTERM  # the module under test leaves the parent's handlers alone
