"""The queue as `claims list` prints it, read with plain SQL over `db.plain`'s connection.

For the listing a fact-checker runs most (the queue, maybe by status or verdict, in any
order) this answers without SQLAlchemy, so the command starts in a fraction of the time. It
gives exactly the rows `queries.list_claims` gives (a test compares the two on every order and
filter it takes) and returns None for what it leaves to the full path:

* a text or date filter (search, speaker, outlet, since, until: their folding lives in SQL
  functions `db.textfold` registers), suggestions or reviewer filters;
* priorities a write left to refresh (`triage_dirty`), which only the full path settles;
* claims someone has taken (team mode: the full path reads who and since).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from claims.services.claim_filter import ClaimFilter
from claims.services.views import ClaimRow, claim_row

COLUMNS = ("id", "text", "speaker", "speaker_role", "claim_date", "date_precision", "status", "verdict",
           "checkworthiness", "claim_type", "external_id", "verdict_note", "evidence", "reviewer",
           "reviewed_at", "version", "priority", "checked_as")
ORDER_BY = {  # as queries._order_by
    "priority": "priority DESC, id DESC",
    "worth": "checkworthiness DESC, claim_date DESC, id DESC",
    "date": "claim_date DESC, id DESC",
    "id": "id",
}
CHUNK = 500  # ids per IN list


def kept_fields(stored: str | None) -> dict | None:
    """A claim's `extra` (the fields its import kept that claims has no column for) as an
    object, or None: what `claims show` and a listing's `extra` carry back to an import."""
    if not stored:
        return None
    try:
        value = json.loads(stored)
    except ValueError:  # not written by an import: shown as it is
        return {"": stored}
    return value if isinstance(value, dict) else {"": value}


def handles(flt: ClaimFilter) -> bool:
    return not (flt.outlet or flt.speaker or flt.search or flt.since or flt.until
                or flt.has_suggestions or flt.reviewer) and flt.order in ORDER_BY


def plain_list(conn: sqlite3.Connection, flt: ClaimFilter, *, limit: int | None) -> list[ClaimRow] | None:
    """The claims `list_claims(db, flt, limit=limit)` lists, or None where it must answer."""
    if not handles(flt) or _any(conn, "claim_lock"):
        return None
    if flt.order == "priority" and _any(conn, "triage_dirty"):
        return None
    where, params = ["canonical_id IS NULL"], []
    for column, values in (("status", flt.status), ("verdict", flt.verdict)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if not flt.not_a_claim:
        where.append("(claim_type != 'not_a_claim' OR status != 'unverified')")
    sql = f"SELECT {', '.join(COLUMNS)} FROM claim WHERE {' AND '.join(where)} ORDER BY {ORDER_BY[flt.order]}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    claims = [dict(zip(COLUMNS, row, strict=True)) for row in conn.execute(sql, params)]
    return _rows(conn, claims)


def _utc(stored: str | None) -> datetime | None:
    """A stored time as the schema's UTCDateTime reads it: UTC, aware."""
    if not stored:
        return None
    try:
        value = datetime.fromisoformat(stored)
    except ValueError:  # as the schema's reader loads it: `claim_row` marks the claim damaged
        from db.stored_dates import DamagedMoment  # (SQLAlchemy: not imported by a plain listing)

        return DamagedMoment.of(stored, "claim.reviewed_at")
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


def _any(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def _in(conn: sqlite3.Connection, sql: str, ids: list[int], times: int = 1):
    """Rows of ``sql`` whose ``{ids}`` placeholder(s) take ``ids``, a chunk at a time."""
    for lo in range(0, len(ids), CHUNK):
        part = ids[lo:lo + CHUNK]
        marks = ", ".join("?" * len(part))
        yield from conn.execute(sql.format(ids=marks), part * times)


def _rows(conn: sqlite3.Connection, claims: list[dict]) -> list[ClaimRow]:
    """As `queries.rows_for`: appearances and outlets over each claim's cluster, and its
    pending suggestions."""
    ids = [c["id"] for c in claims]
    cluster_of = {i: i for i in ids}
    for member, head in _in(conn, "SELECT id, canonical_id FROM claim WHERE canonical_id IN ({ids})", ids):
        cluster_of[member] = head
    counts = dict.fromkeys(ids, 0)
    outlets: dict[int, list[str]] = {i: [] for i in ids}
    for claim_id, outlet in _in(conn, "SELECT appearance.claim_id, outlet.name FROM appearance "
                                "JOIN article ON article.id = appearance.article_id "
                                "LEFT OUTER JOIN outlet ON outlet.id = article.outlet_id "
                                "WHERE appearance.claim_id IN ({ids})", list(cluster_of)):
        head = cluster_of[claim_id]
        counts[head] += 1
        if outlet and outlet not in outlets[head]:
            outlets[head].append(outlet)
    pending = dict.fromkeys(ids, 0)
    seen = set()
    for match_id, a, b, state in _in(conn, "SELECT id, claim_a_id, claim_b_id, state FROM match "
                                     "WHERE claim_a_id IN ({ids}) OR claim_b_id IN ({ids})", ids, times=2):
        # the state tested here, as queries.PENDING_BY_IDS says why
        if state != "suggested" or match_id in seen:  # seen: sides in two chunks
            continue
        seen.add(match_id)
        for side in (a, b):
            if side in pending:
                pending[side] += 1
    return [claim_row(c, appearances=counts[c["id"]], outlets=sorted(outlets[c["id"]]),
                      pending=pending[c["id"]], reviewed_at=_utc(c["reviewed_at"])) for c in claims]


def first_appearances(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
    """As `export.first_appearances` and `export.fact_check_urls`, by claim id: where each
    claim (with its merged members) first appeared, and where its fact-check is published,
    under the names `claims import` reads back."""
    from claims.links import safe_url

    cluster_of = {i: i for i in ids}
    for member, head in _in(conn, "SELECT id, canonical_id FROM claim WHERE canonical_id IN ({ids})", ids):
        cluster_of[member] = head
    best: dict[int, tuple] = {}
    for claim_id, outlet, url, published, article_id, title in _in(
            conn, "SELECT appearance.claim_id, outlet.name, article.url, article.published, article.id, "
            "article.title FROM appearance JOIN article ON article.id = appearance.article_id "
            "LEFT OUTER JOIN outlet ON outlet.id = article.outlet_id WHERE appearance.claim_id IN ({ids})",
            list(cluster_of)):
        head = cluster_of[claim_id]
        key = (published is None, published or "", article_id)
        if head not in best or key < best[head][0]:
            best[head] = (key, {"first_outlet": outlet, "first_url": safe_url(url), "first_title": title,
                                "first_date": published})
    checks = {i: (url, extra) for i, url, extra in _in(
        conn, "SELECT id, fact_check_url, extra FROM claim WHERE id IN ({ids})", ids)}
    empty = {"first_outlet": None, "first_url": None, "first_title": None, "first_date": None}
    return {i: {**(best[i][1] if i in best else empty), "fact_check_url": safe_url(checks.get(i, (None,))[0]),
                "extra": kept_fields(checks.get(i, (None, None))[1])} for i in ids}
