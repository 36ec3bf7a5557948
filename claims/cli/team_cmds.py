"""`claims take`, `claims release`, `claims taken`, `claims history`: working as a team."""

from __future__ import annotations

import click

from claims.cli.options import POSITIVE_INT, format_option, note, pass_db, reviewer_option
from claims.cli.output import write_records
from claims.cli.params import TEXT
from claims.services.team import history as history_service
from claims.services.team import parse_since, release, take, taken_claims


@click.command("take")
@click.argument("claim_id", type=POSITIVE_INT)
@click.option("--force", is_flag=True, help="Take it over even if someone else is on it.")
@reviewer_option
@pass_db
def take_cmd(db, claim_id, force, reviewer):
    """Mark a claim as being reviewed by you, so others see who is on it."""
    result = take(db, claim_id, reviewer=reviewer, force=force)
    if result.previous and result.previous.reviewer != reviewer:
        note(f"warning: took claim {result.claim_id} over from {result.previous.reviewer} "
             f"(who had it since {result.previous.since.astimezone():%Y-%m-%d %H:%M})")
    elif result.previous:
        note(f"claim {result.claim_id}: already yours")
    else:
        note(f"claim {result.claim_id}: taken by {reviewer}")


@click.command("release")
@click.argument("claim_id", type=POSITIVE_INT)
@click.option("--force", is_flag=True, help="Release it even if someone else has it.")
@reviewer_option
@pass_db
def release_cmd(db, claim_id, force, reviewer):
    """Give a claim you took back to the queue."""
    held = release(db, claim_id, reviewer=reviewer, force=force)
    note(f"claim {held.claim_id}: released" + (f" (was {held.reviewer}'s)" if held.reviewer != reviewer else ""))


@click.command("taken")
@click.option("--reviewer", "who", type=TEXT, help="Only this reviewer's claims.")
@format_option("table", "jsonl", default="table")
@pass_db
def taken_cmd(db, who, fmt):
    """Who is on which claim."""
    rows = taken_claims(db, reviewer=who)
    records = [{"claim_id": t.claim_id, "reviewer": t.reviewer, "since": t.since} for t in rows]
    if fmt == "table":
        records = [{**r, "since": f"{r['since'].astimezone():%Y-%m-%d %H:%M}"} for r in records]
    write_records(records, fmt, columns=["claim_id", "reviewer", "since"])


HISTORY_COLUMNS = ["id", "at", "reviewer", "claim_id", "action", "field", "old", "new", "note", "undone"]


@click.command("history")
@click.argument("claim_id", type=POSITIVE_INT, required=False)
@click.option("--reviewer", "who", type=TEXT, help="Only this reviewer's changes.")
@click.option("--since", type=TEXT, metavar="DATE", help='Only changes from this date or time on ("2026-03-01", "yesterday").')
@click.option("--limit", type=POSITIVE_INT, help="Only the last N changes.")
@format_option("table", "jsonl", default="table")
@pass_db
def history_cmd(db, claim_id, who, since, limit, fmt):
    """The audit log: every change with who made it, of one claim (and its cluster) or all."""
    events = history_service(db, claim_id, reviewer=who, since=parse_since(since), limit=limit)
    records = []
    for e in events:
        r = {k: getattr(e, k) for k in (*HISTORY_COLUMNS, "batch")}
        if fmt == "table":
            r["at"] = f"{e.at.astimezone():%Y-%m-%d %H:%M:%S}"
            r["undone"] = "undone" if e.undone else ""
        records.append(r)
    write_records(records, fmt, columns=HISTORY_COLUMNS if fmt == "table" else None)
