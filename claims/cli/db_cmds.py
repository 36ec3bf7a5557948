"""`claims db ...`: where the desk lives and its schema."""

from __future__ import annotations

import click

from claims.cli.lazy import LazyGroup
from claims.cli.options import chosen_db, db_option, open_db
from claims.cli.registry import DB_TOOLS
from db.urls import display_url, resolve_url, sqlite_path


@click.group("db", cls=LazyGroup, lazy=DB_TOOLS)
def db_group():
    """The database: where it is, its schema."""


@db_group.command("path")
@db_option
def db_path(db_url):
    """Print where the database is (a file path for SQLite, else the URL)."""
    url = resolve_url(chosen_db(db_url))
    path = sqlite_path(url)
    click.echo(str(path) if path else display_url(url))


@db_group.command("init")
@db_option
def db_init(db_url):
    """Create a new desk at --db, making its folder if need be (other commands create a new
    SQLite desk only in a folder that exists, and only in an empty database: init makes it
    beside another program's tables too). A desk there already is left as it is."""
    from db.migrate import current_revision

    db = open_db(db_url, make_folder=True, beside_others=True)
    try:
        with db.engine.connect() as conn:
            rev = current_revision(conn)
    finally:
        db.close()
    if db.created:
        click.echo(f"created a new desk at {db.display_url} (schema revision {rev})")
    else:
        click.echo(f"{db.display_url}: already a desk (schema at revision {rev})")


@db_group.command("upgrade")
@db_option
def db_upgrade(db_url):
    """Create or upgrade the schema (every command does this on open too)."""
    from db.migrate import current_revision, head_revision

    db = open_db(db_url)
    with db.engine.connect() as conn:
        rev = current_revision(conn)
    click.echo(f"{db.display_url}: schema at revision {rev} (newest {head_revision()})")
    db.close()
