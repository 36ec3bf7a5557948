"""`claims db copy`, `claims db backup`, `claims db check`: moving and keeping a desk."""

from __future__ import annotations

import click

from claims.cli.options import note, pass_db
from claims.cli.params import PATH
from claims.services.dbtools import backup_desk, check_desk, copy_desk


@click.command("copy")
@click.option("--to", "to_url", type=PATH, required=True, metavar="URL|PATH",
              help="The empty database to copy into (a PostgreSQL URL or an SQLite file).")
@pass_db
def db_copy(db, to_url):
    """Copy the whole desk into another, empty database (SQLite <-> PostgreSQL).

    Ids are kept, PostgreSQL sequences are moved past them, and the row counts of every
    table are compared at the end; on any problem the target is left empty, and an SQLite
    file the copy made is removed.
    """
    report = copy_desk(db, to_url)
    for table, n in report.counts.items():
        click.echo(f"{table}\t{n}")
    note(f"copied {report.total} rows in {len(report.counts)} tables from {report.source} "
         f"to {report.target}; counts match")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace FILE if it exists.")
@pass_db
def db_backup(db, file, overwrite):
    """Write a consistent copy of the desk to FILE while it is in use.

    SQLite desks use SQLite's online backup; a PostgreSQL desk is copied into a new SQLite
    file. Either way FILE opens as a desk with `--db FILE`.
    """
    report = backup_desk(db, file, overwrite=overwrite)
    note(f"backed up {report.claims} claims to {report.path} ({report.size:,} bytes)")


@click.command("check")
@pass_db
def db_check(db):
    """Check the desk: integrity, foreign keys, orphan appearances, match links, merge cycles.

    Exits 1 and lists the problems when there are any; a warning (import ids that read
    alike, which may be right; one URL watched twice in two forms) is listed without failing
    the check.
    """
    report = check_desk(db)
    for problem in report.problems:
        click.echo(problem)
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    if report.ok:
        warned = f", {len(report.warnings)} warning(s)" if report.warnings else ""
        note(f"{db.display_url}: ok ({len(report.checks)} checks{warned})")
        return
    note(f"{db.display_url}: {len(report.problems)} problem(s) found in {len(report.checks)} checks")
    raise click.exceptions.Exit(1)
