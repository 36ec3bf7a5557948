"""Options every command shares, and opening the database they name."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from claims.cli.params import PATH, TEXT
from claims.limits import message_line
from claims.reviewer import checked_reviewer, default_reviewer
from db.errors import DatabaseError
from db.urls import ENV_VAR

if TYPE_CHECKING:
    from rich.console import Console

    from db import Database


# Ids, versions and limits are INTEGER columns and parameters: 32 bits on PostgreSQL, and a
# larger number cannot even be sent to SQLite. No row lies beyond this, so a bigger number
# is refused as a bad argument, like a word where a number goes.
MAX_INTEGER = 2**31 - 1


class PositiveInt(click.IntRange):
    """An id, version or limit: ASCII digits only. Python's int() (click's INT) also read '1_0'
    as 10 (`show 1_0` opened claim 10) and other scripts' digits ('\uff11', '\u0663') as numbers."""

    def convert(self, value, param, ctx):
        digits = value.strip(" \t\r\n") if isinstance(value, str) else None
        if digits is not None and not (digits.isascii() and digits.isdigit()):
            self.fail(f"{value!r} is not a number (ASCII digits 0-9 only)", param, ctx)
        return super().convert(value, param, ctx)


POSITIVE_INT = PositiveInt(1, MAX_INTEGER)


class FiniteRange(click.FloatRange):
    """click.FloatRange without NaN: 'nan' passed every bound (each comparison is false), and
    a threshold of NaN keeps nothing (`extract --min-score nan` printed no claim, status 0)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


DB_HELP = f"Database URL or SQLite file path [env {ENV_VAR}; default: see `claims db path`]."


def db_option(f):
    # No envvar here: `chosen_db` gives the command's --db, then `claims --db`, then $CLAIMS_DB.
    return click.option("--db", "db_url", type=PATH, metavar="URL|PATH", help=DB_HELP)(f)


def _root_param(name: str):
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().params.get(name) if ctx else None


def chosen_db(db_url: str | None) -> str | None:
    """The database a command works on: its own --db, else the one given before the command
    (an empty --db is passed on, to be refused, not read as no --db)."""
    return db_url if db_url is not None else _root_param("db_url")


def _reviewer_default() -> str:
    given = _root_param("reviewer")  # `claims --reviewer ''`: passed on, to be refused
    return given if given is not None else default_reviewer()


def _check_reviewer(_ctx, _param, value: str) -> str:
    # the default was checked (and named its source) as it was read; this is the same rule
    return checked_reviewer(value, "--reviewer")


def reviewer_option(f):
    return click.option(
        "--reviewer",
        type=TEXT,
        default=_reviewer_default,  # `claims --reviewer`, then $CLAIMS_REVIEWER, config, login
        callback=_check_reviewer,
        show_default="$CLAIMS_REVIEWER, the config file, or your user name",
        help="Who makes the change (recorded in the audit log).",
    )(f)


def allow_future_option(f):
    return click.option("--allow-future", is_flag=True,
                        help="Accept a publication date after today (else refused as a typo).")(f)


def format_option(*choices: str, default: str):
    def deco(f):
        return click.option(
            "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
            help="Output format.",
        )(f)

    return deco


def open_db(db_url: str | None, *, make_folder: bool = False, beside_others: bool = False) -> Database:
    from db import Database  # SQLAlchemy: imported by the commands that open a database

    db = Database(chosen_db(db_url), make_folder=make_folder, beside_others=beside_others)
    if db.lock_watch is not None:  # PostgreSQL: a write waiting 2 s on another session's lock says so
        db.lock_watch.notice = note
    return db


@functools.cache
def err_console() -> Console:
    """The console for diagnostics and progress bars, on stderr (rich: imported when used)."""
    from claims.cli.output import console

    return console(stderr=True, highlight=False, soft_wrap=True)


def progress_bar(*columns):
    """A transient rich Progress of `columns` on stderr, shown only on a terminal: on any other
    stderr (a log, a pipe) Rich draws nothing while it runs and writes an empty line when it
    stops, which broke 'one line' errors (`claims ingest --feed F 2>log`)."""
    from rich.progress import Progress

    console = err_console()
    return Progress(*columns, console=console, transient=True, disable=not console.is_interactive)


def note(message: str, console: Console | None = None) -> None:
    """A diagnostic line on stderr (data goes to stdout), on `console` (a progress bar's) when
    given; one line (`message_line`): a terminal control or a line break quoted in it (a
    field name, a file's header or name) is shown as its symbol, never sent to the terminal.
    A terminal that closed (EIO) takes no more: the line is dropped, the command goes on to
    its clean-up and its exit status (`watch: stopped` there ended in a traceback, exit 1)."""
    with contextlib.suppress(OSError):
        (console or err_console()).print(message_line(message), markup=False)


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()


@contextlib.contextmanager
def opened_db(db_url: str | None) -> Iterator[Database]:
    """The database named by --db, closed after; a driver error while using it is one line
    naming the desk."""
    from sqlalchemy.exc import DBAPIError  # with the database (open_db imports SQLAlchemy)
    from sqlalchemy.orm.exc import StaleDataError

    from db.engine import describe_error, stale_row_message

    db = open_db(db_url)
    try:
        yield db
    except DBAPIError as exc:  # a damaged file, a lost server: one line naming the desk
        raise DatabaseError(describe_error(db.url, exc, opening=False)) from None
    except StaleDataError as exc:  # a row this change had read was gone when written back
        raise DatabaseError(stale_row_message(db.url, exc)) from None
    finally:
        db.close()


def pass_db(f):
    """Open the database named by --db for the command, and close it after."""

    @functools.wraps(f)
    def wrapper(*args, db_url=None, **kwargs):
        with opened_db(db_url) as db:
            return f(*args, db=db, **kwargs)

    return db_option(wrapper)
