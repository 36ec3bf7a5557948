"""`claims export`: the reviewed claims as CSV."""

from __future__ import annotations

import sys

import click

from claims.cli.list_cmds import build_filter
from claims.cli.options import note, pass_db
from claims.cli.params import PATH, TEXT
from claims.cli.stdout import whole_output
from claims.paths import output_file
from claims.services.export import export_csv
from claims.vocab import Status, Verdict


@click.command()
@click.option("-o", "--output", type=PATH, default="-", metavar="FILE", help="Where to write; - is stdout.")
@click.option("--status", multiple=True, type=click.Choice([s.value for s in Status]),
              help="Claims with this status (repeatable) [default: verified].")
@click.option("--verdict", multiple=True, type=click.Choice([v.value for v in Verdict]),
              help="Only this verdict (repeatable).")
@click.option("--outlet", type=TEXT, help="Only claims that appeared in this outlet.")
@click.option("--since", type=TEXT, metavar="DATE")
@click.option("--until", type=TEXT, metavar="DATE")
@click.option("--format", "fmt", type=click.Choice(["csv", "claimreview"]), default="csv", show_default=True,
              help="csv: one row per claim; claimreview: schema.org ClaimReview JSON-LD.")
@click.option("--include-incomplete", is_flag=True,
              help="claimreview: also write claims lacking url, verdict or text (listed either way).")
@pass_db
def export(db, output, status, verdict, outlet, since, until, fmt, include_incomplete):
    """Export claims, by default the verified ones, one row each."""
    flt = build_filter(status or (Status.VERIFIED.value,), verdict, outlet, None, since, until, None)
    flt = flt.with_(order="id")
    if fmt == "claimreview":
        _export_claimreview(db, flt, output, include_incomplete)
        return
    if output == "-":
        with whole_output():  # a letter stdout's encoding lacks in row 51 writes no rows 1-50
            n = export_csv(db, flt, sys.stdout)
        sys.stdout.flush()
    else:
        from claims.config import own_settings_files

        # newline="" lets the csv module write the CRLF line ends RFC 4180 asks for.
        with output_file(output, newline="", keep=own_settings_files()) as fh:
            n = export_csv(db, flt, fh)
        note(f"wrote {n} claim{'s' * (n != 1)} to {output}")


def _export_claimreview(db, flt, output: str, include_incomplete: bool) -> None:
    from claims.services.claimreview import build_claimreviews, dumps

    result = build_claimreviews(db, flt, include_incomplete=include_incomplete)
    for warning in result.warnings:
        note(f"claims: warning: {warning}")
    for item in result.incomplete:
        note(f"{'incomplete' if include_incomplete else 'left out'}: {item}")
    text = dumps(result.reviews)
    if output == "-":
        with whole_output():
            sys.stdout.write(text)
        sys.stdout.flush()
    else:
        from claims.config import own_settings_files

        with output_file(output, keep=own_settings_files()) as fh:
            fh.write(text)
    summary = f"wrote {len(result.reviews)} ClaimReview{'s' * (len(result.reviews) != 1)}"
    if output != "-":
        summary += f" to {output}"
    if result.incomplete and not include_incomplete:
        summary += f"; left out {len(result.incomplete)} incomplete (--include-incomplete writes them)"
    note(summary)
