"""The `claims` console command: the CLI from `claims.cli` plus the desk it opens by default.

The desk command lives here, in the top layer, so that `claims` never imports Textual.
"""

from __future__ import annotations

import os
import sys

import click

from claims.cli import cli, run
from claims.cli.options import pass_db, reviewer_option
from claims.cli.signals import before_forced_exit
from claims.errors import ClaimsError


@cli.command()
@reviewer_option
@pass_db
def review(db, reviewer):
    """Open the review desk (also what `claims` alone does)."""
    from tui.app import ClaimsApp

    if not reads_a_terminal():
        # `claims review < /dev/null` (cron, a pipe) ended in a termios.error traceback, and past
        # that the desk drew its screen but no key reached it: only ctrl+c ended it
        raise ClaimsError("the desk reads your keys from a terminal, and standard input is not one "
                          "(`claims list` prints the queue)")
    restore_terminal_on_forced_exit()
    if db.lock_watch is not None:  # a line on stderr would be drawn over the desk's screen
        db.lock_watch.notice = None
    app = ClaimsApp(db, reviewer=reviewer)
    app.run()
    if app.return_code:  # the desk ended on an error (its traceback printed above): exited 0
        click.echo("claims: error: the desk stopped on an unexpected error (above)", err=True)
        raise click.exceptions.Exit(app.return_code)


def reads_a_terminal() -> bool:
    """True when standard input is a terminal, where the desk reads its keys."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # closed
        return False


# What Textual turns on, turned off: the alternate screen, mouse reporting, bracketed paste,
# a hidden cursor.
_TERMINAL_RESET = "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[?25h\x1b[?1049l"


def restore_terminal_on_forced_exit() -> None:
    """A second SIGTERM (or SIGHUP) ends the process at once (`claims.cli.signals`): Textual's
    own clean-up did not run, and the shell was left in raw mode on the desk's screen, echoing
    nothing. The terminal's modes as they are now are put back first."""
    try:
        import termios

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (ImportError, OSError, ValueError, AttributeError):  # no terminal (or Windows): nothing to keep
        return
    except termios.error:  # not an OSError: standard input that is no terminal
        return

    def restore() -> None:
        try:
            os.write(sys.__stdout__.fileno(), _TERMINAL_RESET.encode())
        finally:
            termios.tcsetattr(fd, termios.TCSANOW, saved)

    before_forced_exit(restore)


def main() -> None:
    run()


