"""`claims import` (JSONL, CSV, ClaimReview in) and `claims set-url` (the published fact-check)."""

from __future__ import annotations

import click
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

from claims.cli.index_note import index_outdated, warn_outdated_index
from claims.cli.options import POSITIVE_INT, note, pass_db, progress_bar, reviewer_option
from claims.cli.params import PATH, TEXT
from claims.errors import ClaimsError
from claims.services.claimreview import set_fact_check_url
from claims.services.import_records import FORMATS, ImportFailed
from claims.services.importer import import_source

MAX_LISTED = 50
MAX_LISTED_FIELDS = 20  # names of fields kept in extra, in the summary


@click.command("import")
@click.argument("source", type=PATH, metavar="FILE|-")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Input format [default: from the file name and content].")
@click.option("--skip-bad", is_flag=True,
              help="Store the good records and list the bad ones (default: one bad record stores nothing).")
@click.option("--allow-future", is_flag=True,
              help="Accept a first_date after today (as `claims ingest --allow-future` stores one).")
@reviewer_option
@pass_db
def import_(db, source, fmt, skip_bad, allow_future, reviewer):
    """Load claims from JSONL, CSV or ClaimReview JSON-LD, in one transaction.

    Fields: text (required), id (kept as the external id), speaker, speaker_role, date,
    url, outlet, title, first_date, status, verdict, note, evidence, reviewer, reviewed_at,
    fact_check_url. Other fields are kept with the claim and reported. Reads what
    `claims export` and `claims list --format jsonl` write, and spreadsheets saved as CSV
    (a BOM, ; delimiters and CRLF are fine). The import is one change in the audit log:
    `claims undo` right after it removes what it added, `claims redo` puts it back.
    """
    name = "<stdin>" if source == "-" else source  # as read_input names it
    progress = progress_bar(
        TextColumn("importing"), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
    )
    task = None

    def checked(total: int) -> None:
        nonlocal task
        if total >= 200:  # (off where stderr is no terminal: `progress_bar`)
            progress.start()
            task = progress.add_task("", total=total)

    def advanced(done: int) -> None:
        if task is not None:
            progress.update(task, completed=done)

    def matching(done: int, total: int) -> None:
        if task is not None:
            progress.update(task, description="matching", completed=done, total=total)

    outdated = index_outdated(db)  # read before the import, said after it
    try:
        # import_source holds the file's text only while it is needed (1M claims: ~200 MB)
        report = import_source(db, source, fmt=fmt, skip_bad=skip_bad, reviewer=reviewer, allow_future=allow_future,
                               on_checked=checked, on_progress=advanced, on_matching=matching)
    except ImportFailed as exc:
        for bad in exc.bad[:MAX_LISTED]:
            note(f"  {name}: {bad}")
        if len(exc.bad) > MAX_LISTED:
            note(f"  ... and {len(exc.bad) - MAX_LISTED} more")
        raise
    finally:
        if task is not None:
            progress.stop()
    for bad in report.bad[:MAX_LISTED]:
        note(f"skipped {name}: {bad}")
    if len(report.bad) > MAX_LISTED:
        note(f"skipped ... and {len(report.bad) - MAX_LISTED} more")
    summary = f"imported {report.imported} claim{'s' * (report.imported != 1)} from {name} ({report.format})"
    if report.bad:
        summary += f"; skipped {len(report.bad)} bad record{'s' * (len(report.bad) != 1)}"
    if report.matches and (report.matches.duplicates or report.matches.suggestions or report.matches.conflicts):
        summary += f"; matching: {report.matches.describe()}"
    note(summary)
    warn_outdated_index(outdated and report.imported > 0)  # of new claims: none, nothing to say
    if report.extra_fields:
        listed = sorted(report.extra_fields.items())
        fields = ", ".join(f"{k} ({n})" for k, n in listed[:MAX_LISTED_FIELDS])
        if len(listed) > MAX_LISTED_FIELDS:  # a CSV of 10,000 columns was one line of 100 KB
            fields += f" and {len(listed) - MAX_LISTED_FIELDS:,} more"
        note(f"kept fields claims has no column for (in each claim's extra): {fields}")
    if report.ignored_fields:
        fields = ", ".join(sorted(report.ignored_fields))
        note(f"ignored fields the desk computes itself: {fields}")
    if report.future_dated:
        from claims.services.claim_dates import future_note

        where, iso = report.future_dated[0]
        n = len(report.future_dated)
        more = f" (and {n - 1:,} more claim{'s' * (n != 2)} dated after today)" if n > 1 else ""
        note(f"warning: {name} {where}: the claim's date {future_note(iso)}{more}")
    stop = report.stopped_at
    if stop is not None:
        # the good records before it are stored (as --skip-bad promises), but the file was not
        # all read: a script must not take this for an import of the whole file
        n = report.imported
        kept = (f"the {n:,} claims before it were imported (`claims undo` takes them back)" if n > 1 else
                "the claim before it was imported (`claims undo` takes it back)" if n else "nothing was imported")
        raise ClaimsError(f"{name}: {stop.where}: reading stopped there, so the file was not all imported; {kept}")


@click.command("set-url")
@click.argument("claim_id", type=POSITIVE_INT)
@click.argument("url", type=TEXT, required=False)
@click.option("--clear", is_flag=True, help="Remove the URL.")
@reviewer_option
@pass_db
def set_url(db, claim_id, url, clear, reviewer):
    """Record URL where the fact-check on a claim is published (ClaimReview `url`)."""
    if not url and not clear:
        raise click.UsageError("give the URL of the published fact-check, or --clear")
    if url and clear:
        raise click.UsageError("give a URL or --clear, not both")
    row = set_fact_check_url(db, claim_id, None if clear else url, reviewer=reviewer)
    click.echo(f"claim {row.id}: fact-check " + (url if url else "URL cleared"))
