"""A claim's suggestions are looked up through the match table's id indexes, never its state index.

`state = 'suggested'` in the WHERE of a lookup by claim ids makes SQLite (without statistics,
as a desk has) walk the state index: every pending suggestion of the desk for each claim
shown. With 40,000 pending that made a watched article's repeat check 60 ms instead of a
few. This runs the paths that look up suggestions by claim (the list, a verdict returning
its rows, merge and unmerge, the repeat check) and asks SQLite for the plan of every query
they sent.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from claims.services.claim_filter import ClaimFilter
from claims.services.clusters import merge, unmerge
from claims.services.queries import list_claims
from claims.services.repeats import repeats_in_article
from claims.services.review import set_status
from db import Database
from tests.conftest import SAMPLES


@pytest.fixture
def desk(invoke, db_path):
    assert invoke("ingest", str(SAMPLES)).exit_code == 0
    db = Database(str(db_path))
    yield db
    db.close()


def plans_of(db: Database, work) -> list[str]:
    """The query plan of each SELECT (or RETURNING) statement ``work()`` sent."""
    sent: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, params, _context, executemany):
        if not executemany and ("SELECT" in statement.upper()):
            sent.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    plans = []
    raw = db.engine.raw_connection()
    try:
        for statement, params in sent:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                rows = raw.cursor().execute("EXPLAIN QUERY PLAN " + statement, params or ()).fetchall()
                plans.append(statement + "\n" + "\n".join(str(r[-1]) for r in rows))
    finally:
        raw.close()
    return plans


def test_suggestion_lookups_by_claim_use_the_id_indexes(desk):
    with desk.session() as s:
        suggested = s.connection().exec_driver_sql(
            "SELECT claim_a_id, claim_b_id FROM match WHERE state = 'suggested'").all()
    assert suggested, "the sample desk has pending suggestions"
    a, b = suggested[0]
    rows = list_claims(desk, ClaimFilter(not_a_claim=True), limit=None)
    with desk.session() as s:
        article_id = s.connection().exec_driver_sql(
            "SELECT article_id FROM appearance WHERE claim_id = ?", (b,)).scalar()

    plans = []
    plans += plans_of(desk, lambda: list_claims(desk, ClaimFilter(), limit=50))
    plans += plans_of(desk, lambda: set_status(desk, [rows[0].id], reviewer="ana", status="in_review"))
    plans += plans_of(desk, lambda: repeats_in_article(desk, article_id))
    plans += plans_of(desk, lambda: merge(desk, [a, b], reviewer="ana"))
    plans += plans_of(desk, lambda: unmerge(desk, b, reviewer="ana"))
    touching_match = [p for p in plans if re.search(r'\b(FROM|JOIN)\s+"?match"?\s', p, re.I)]
    assert touching_match, "the paths above looked suggestions up"
    walking_state = [p for p in touching_match if "ix_match_state" in p]
    assert walking_state == []
