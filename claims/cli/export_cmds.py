"""`claims export`: the reviewed claims as CSV."""

from __future__ import annotations

import sys

import click

from claims.cli.browse_cmds import build_filter
from claims.cli.main import cli
from claims.cli.options import note, pass_db
from claims.errors import ClaimsError
from claims.services.export import export_csv
from claims.vocab import Status, Verdict


@cli.command()
@click.option("-o", "--output", default="-", metavar="FILE", help="Where to write; - is stdout.")
@click.option("--status", multiple=True, type=click.Choice([s.value for s in Status]),
              help="Claims with this status (repeatable) [default: verified].")
@click.option("--verdict", multiple=True, type=click.Choice([v.value for v in Verdict]),
              help="Only this verdict (repeatable).")
@click.option("--outlet", help="Only claims that appeared in this outlet.")
@click.option("--since", metavar="DATE")
@click.option("--until", metavar="DATE")
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@pass_db
def export(db, output, status, verdict, outlet, since, until, fmt):
    """Export claims, by default the verified ones, one row each."""
    flt = build_filter(status or (Status.VERIFIED.value,), verdict, outlet, None, since, until, None)
    flt = flt.with_(order="id")
    if output == "-":
        n = export_csv(db, flt, sys.stdout)
        sys.stdout.flush()
    else:
        try:
            # newline="" lets the csv module write the CRLF line ends RFC 4180 asks for.
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = export_csv(db, flt, fh)
        except OSError as exc:
            raise ClaimsError(f"{output}: cannot write ({exc.strerror})") from None
        note(f"wrote {n} claims to {output}")
