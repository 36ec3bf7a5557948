"""The `claims` command group and its error boundary: one line per problem, never a traceback."""

from __future__ import annotations

import contextlib
import errno
import sys

import click

from claims.cli import signals
from claims.cli.lazy import LazyGroup
from claims.cli.params import PATH, TEXT
from claims.cli.registry import COMMANDS
from claims.cli.signals import Terminated, stop_as_ctrl_c
from claims.collector import collect_less_often
from claims.errors import ClaimsError
from claims.limits import message_line
from db.errors import DatabaseError, out_of_open_files


class UserError(click.ClickException):
    """A problem the user can act on; exit status 1."""


class ClaimsGroup(LazyGroup):
    """Commands listed in registry order (then any added directly); every error one line."""

    def list_commands(self, ctx):
        return list(self.lazy) + [name for name in self.commands if name not in self.lazy]

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Terminated as exc:
            # said and exited here: passed on, click printed a blank line first (on a terminal
            # that closed, an EIO: exit 1 and a traceback, where the stop's 129 was meant)
            _stopped(exc)
        except KeyboardInterrupt:
            # click would print an empty line first (to end the terminal's "^C" line): only
            # a terminal shows one, so anywhere else "claims: aborted" is the one line
            if sys.stderr.isatty():
                click.echo(file=sys.stderr)
            raise click.exceptions.Abort() from None
        except (ClaimsError, DatabaseError) as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            if exc.errno in (errno.EMFILE, errno.ENFILE):  # it named a module of claims' own
                raise UserError(out_of_open_files(exc.errno)) from None
            # A path the system refused before any check could read it (a name longer than
            # the file system takes, a loop of links): no command's own check names it.
            if exc.filename is None:
                raise
            raise UserError(f"{exc.filename}: {exc.strerror or exc}") from None
        except Exception as exc:
            if not _is_dbapi_error(exc):
                raise
            from db.engine import describe_error  # where no command named the desk (`pass_db` does)

            raise UserError(describe_error(None, exc, opening=False)) from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        from claims.cli.stdout import OutputFailed, ReaderLeft, flush_stdout, guard_stdout

        guard_stdout()
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
            flush_stdout()  # here, not at exit: a full disk is said in one line
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "claims"
            hint = f" (see `{where} --help`)" if exc.ctx else ""
            click.echo(message_line(f"{where}: error: {exc.format_message()}{hint}"), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            if signals.received is not None:  # the stop came out as another error on its way
                _stopped(signals.received)
            # what the user gave is quoted in the line: a terminal control or line break in it is shown
            click.echo(message_line(f"claims: error: {exc.format_message()}"), err=True)
            sys.exit(exc.exit_code)
        except Terminated as exc:
            _stopped(exc)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__cause__, Terminated):  # raised where click turned it into Abort
                _stopped(exc.__cause__)
            click.echo("claims: aborted", err=True)
            sys.exit(130)
        except (BrokenPipeError, ReaderLeft):
            # `claims list | head`: the reader left; that is not an error.
            sys.exit(0)
        except OutputFailed as exc:
            click.echo(f"claims: error: {exc}", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


def _stopped(stop: KeyboardInterrupt) -> None:
    """Exit as a stop by `stop` (Ctrl-C, or SIGTERM/SIGHUP) is said: one line, the shell's code."""
    line, code = ("claims: aborted", 130)
    if isinstance(stop, Terminated):
        line, code = (f"claims: stopped by {stop.name}", stop.exit_code)
    with contextlib.suppress(OSError):  # a hung-up terminal takes no more
        click.echo(line, err=True)
    sys.exit(code)


def _is_dbapi_error(exc: Exception) -> bool:
    # SQLAlchemy is imported by the commands that use a database, not here (start-up time):
    # if it was never imported, nothing raised one of its errors.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.DBAPIError)


@click.group(cls=ClaimsGroup, lazy=COMMANDS, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="claims")
@click.option("--db", "db_url", type=PATH, metavar="URL|PATH",
              help="Database for the command that follows (or the desk): a URL or an SQLite file path.")
@click.option("--reviewer", type=TEXT, help="Who makes the changes, for the command that follows (or the desk).")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, reviewer: str | None) -> None:
    """Track the checkable claims in news articles: ingest, review, match, export.

    With no command, opens the review desk.
    """
    if ctx.invoked_subcommand is None:
        review = cli.get_command(ctx, "review")
        if review is None:
            click.echo(ctx.get_help())
            return
        # as `claims review` parses it, its options' checks run (ctx.invoke would give the
        # defaults unchecked: a reviewer 'ana\u200b' stayed so on the desk alone)
        with review.make_context("review", [], parent=ctx) as sub:
            review.invoke(sub)


def run(args: list[str] | None = None) -> None:
    collect_less_often()
    stop_as_ctrl_c()  # here, for the program: not in a test's process calling cli.main
    cli.main(args=args, prog_name="claims")
