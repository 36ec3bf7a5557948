"""`claims repeats`: checked claims coming back."""

from __future__ import annotations

import click

from claims.cli.options import POSITIVE_INT, format_option, note, pass_db
from claims.cli.output import write_records
from claims.cli.params import TEXT

TABLE_COLUMNS = ["kind", "found", "claim_id", "verdict", "claim", "outlet", "speaker", "score", "sentence",
                 "fact_check_url"]


def _verdicts(values: tuple[str, ...]) -> list[str]:
    from claims.errors import ClaimsError
    from claims.vocab import parse_verdict

    try:
        return [parse_verdict(v).value for v in values]
    except ValueError as exc:
        raise ClaimsError(f"--verdict: {exc}") from None


@click.command("repeats")
@click.option("--since", type=TEXT, metavar="DATE", help='Only those found from this date or time on ("yesterday", '
              '"2026-03-01", "2026-03-01T09:00", "last Monday").')
@click.option("--verdict", "verdicts", multiple=True, type=TEXT, metavar="VERDICT",
              help="Only repeats of claims with this verdict (repeatable).")
@click.option("--kind", type=click.Choice(["repeat", "possible"]), help="Only repeats, or only possible repeats.")
@click.option("--limit", type=POSITIVE_INT, help="At most this many.")
@format_option("table", "jsonl", "json", "csv", default="table")
@pass_db
def repeats_cmd(db, since, verdicts, kind, limit, fmt):
    """Checked claims that came back: new appearances of claims that have a verdict.

    A repeat is a claim merged into a checked claim (at ingest or by an accepted suggestion)
    from an article ingested after the check; a possible repeat is a pending suggestion
    against a checked claim. Repeats come first, newest first, then possible repeats, best
    score first. Each names the checked claim, its verdict and published fact-check, the new
    appearance (outlet, URL, speaker, date, the sentence) and the match's score and
    explanation. The jsonl fields are a stable contract (see the README).
    """
    from claims.services.repeats import POSSIBLE, RECORD_FIELDS, REPEAT, list_repeats
    from claims.services.team import parse_since

    found = list_repeats(db, since=parse_since(since), verdicts=_verdicts(verdicts) or None,
                         kinds=(kind,) if kind else (REPEAT, POSSIBLE), limit=limit)
    records = [r.to_record() for r in found]
    if fmt == "table":
        for r, rep in zip(records, found, strict=True):
            r["found"] = f"{rep.found_at.astimezone():%Y-%m-%d %H:%M}"
        write_records(records, fmt, columns=TABLE_COLUMNS)
        kinds = sum(1 for r in found if r.kind == REPEAT), sum(1 for r in found if r.kind == POSSIBLE)
        note(f"{kinds[0]} repeat(s), {kinds[1]} possible repeat(s)" + (f" since {since}" if since else ""))
    else:
        write_records(records, fmt, columns=list(RECORD_FIELDS) if fmt == "csv" else None)
