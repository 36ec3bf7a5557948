"""`claims list`, and the filters it shares with `claims export`.

The queue as most often listed (no text or date filter, on an SQLite file already at the
newest schema) is read without SQLAlchemy (`claims.services.plain_list`), so the command
answers in about a third of the time; everything else opens the desk the full way.
"""

from __future__ import annotations

import click

from claims.cli.options import POSITIVE_INT, chosen_db, db_option, format_option, opened_db
from claims.cli.output import write_records
from claims.cli.params import TEXT
from claims.errors import ClaimsError
from claims.search_text import check_filter_text
from claims.services.claim_filter import ClaimFilter
from claims.vocab import Status, Verdict
from db.ignorable import drop_ignorable

LIST_TABLE_COLUMNS = ["id", "status", "verdict", "date", "speaker", "appearances", "outlets", "text"]


def filter_options(f):
    """The filters `list` and `export` share."""
    opts = [
        click.option("--status", multiple=True, type=click.Choice([s.value for s in Status]),
                     help="Only claims with this status (repeatable)."),
        click.option("--verdict", multiple=True, type=click.Choice([v.value for v in Verdict]),
                     help="Only claims with this verdict (repeatable)."),
        click.option("--outlet", type=TEXT, help="Only claims that appeared in this outlet."),
        click.option("--speaker", type=TEXT, help="Only claims whose speaker or role contains this."),
        click.option("--since", type=TEXT, metavar="DATE", help="Claim date on or after (YYYY-MM-DD, YYYY-MM, YYYY or e.g. 'last Friday')."),
        click.option("--until", type=TEXT, metavar="DATE", help="Claim date on or before (YYYY-MM-DD, YYYY-MM, YYYY or e.g. 'yesterday')."),
        click.option("--search", type=TEXT, metavar="TEXT", help="Only claims containing all these words (as typed: % and _ are plain characters; any case)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def build_filter(status=(), verdict=(), outlet=None, speaker=None, since=None, until=None,
                 search=None) -> ClaimFilter:
    for name, value in (("search", search), ("speaker", speaker), ("outlet", outlet)):
        # `--outlet "$UNSET"` listed (and exported) every claim, as if no filter were given
        if value is not None and not drop_ignorable(value).strip():
            raise ClaimsError(f"--{name}: nothing to look for ({value!r}); leave the option out for every claim")
    check_filter_text(search=search, speaker=speaker, outlet=outlet)
    if since is not None or until is not None:
        from claims.services.queries import check_since_until, parse_since_until  # dateparser

        try:
            since = parse_since_until(since, "--since")
            until = parse_since_until(until, "--until", end=True)
            check_since_until(since, until, "--since", "--until")
        except ValueError as exc:
            raise ClaimsError(str(exc)) from None
    return ClaimFilter(status=tuple(status), verdict=tuple(verdict), outlet=outlet,
                       speaker=speaker, since=since, until=until, search=search)


@click.command("list")
@filter_options
@click.option("--limit", type=POSITIVE_INT, help="At most this many claims.")
@click.option("--order", type=click.Choice(["priority", "worth", "date", "id"]), default="priority",
              show_default=True, help="priority: the triage priority (README: the queue's order); "
              "worth: most check-worthy first; date: newest first; id: oldest first.")
@click.option("--not-a-claim", "not_a_claim", is_flag=True,
              help="Also list unreviewed statements extraction marked not_a_claim (fragments, questions).")
@format_option("table", "csv", "jsonl", "json", default="table")
@db_option
def list_(db_url, status, verdict, outlet, speaker, since, until, search, limit, order, not_a_claim, fmt):
    """List claims, highest triage priority first."""
    flt = build_filter(status, verdict, outlet, speaker, since, until, search).with_(
        order=order, not_a_claim=not_a_claim
    )
    # Data formats carry where each claim first appeared and its fact-check's URL, under the
    # names `claims import` reads: a listing imports back whole.
    whole = fmt != "table"
    rows, appeared = plain_rows(chosen_db(db_url), flt, limit, appearances=whole)
    taken = {}
    if rows is None:
        from claims.services.export import appearance_fields
        from claims.services.queries import list_claims
        from claims.services.team import taken_by

        with opened_db(db_url) as db:
            rows = list_claims(db, flt, limit=limit)
            taken = taken_by(db, [r.id for r in rows])
            appeared = appearance_fields(db, [r.id for r in rows]) if whole else {}
    records = [r.to_record() | appeared.get(r.id, {}) for r in rows]
    for record in records:  # who is on each claim (team mode)
        t = taken.get(record["id"])
        record["taken_by"], record["taken_since"] = (t.reviewer, t.since) if t else (None, None)
    columns = LIST_TABLE_COLUMNS + (["taken_by"] if taken else [])
    write_records(records, fmt, columns=columns if fmt == "table" else None,
                  title=f"{len(rows)} claims · {flt.describe()}" if fmt == "table" else None)


def plain_rows(db_value: str | None, flt: ClaimFilter, limit: int | None, *, appearances: bool = False):
    """The listing read without SQLAlchemy (and, with `appearances`, each claim's first
    appearance and fact-check URL by id), or (None, {}) where the full path must answer."""
    import sqlite3

    from claims.services.plain_list import first_appearances, handles, plain_list
    from db.plain import open_for_reading

    if not handles(flt):
        return None, {}
    conn = open_for_reading(db_value)
    if conn is None:
        return None, {}
    try:
        rows = plain_list(conn, flt, limit=limit)
        if rows is None:
            return None, {}
        return rows, first_appearances(conn, [r.id for r in rows]) if appearances else {}
    except sqlite3.Error:  # damaged, locked past the timeout: the full path says what is wrong
        return None, {}
    finally:
        conn.close()
