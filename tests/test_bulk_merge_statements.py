"""A merge of many pairs (an import's) writes its claims' moves and its audit rows on
PostgreSQL as one statement each, not one execution per row (issue 13: 17,718 UPDATEs and
9,823 INSERTs of an import of 100k claims, each run apart by the server), and stores what
it stored before."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.models import Claim, Event
from claims.services.merging import FEW_MATCHES, merge_pairs

PAIRS = FEW_MATCHES + 1  # more audit rows than FEW_MATCHES: the bulk path


def executions(mp: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(statement, rows) of each execute and executemany psycopg is handed."""
    import psycopg

    seen: list[tuple[str, int]] = []
    execute, executemany = psycopg.Cursor.execute, psycopg.Cursor.executemany

    def one(self, query, params=None, **kw):
        seen.append((str(query), 1))
        return execute(self, query, params, **kw)

    def many(self, query, params_seq, **kw):
        params_seq = list(params_seq)
        seen.append((str(query), len(params_seq)))
        return executemany(self, query, params_seq, **kw)

    mp.setattr(psycopg.Cursor, "execute", one)
    mp.setattr(psycopg.Cursor, "executemany", many)
    return seen


def test_a_bulk_merge_moves_and_logs_in_one_statement_each(db):
    with db.session() as s:
        claims = [Claim(text=f"claim {i}") for i in range(2 * PAIRS)]
        s.add_all(claims)
        s.flush()
        ids = [c.id for c in claims]
    pairs = list(zip(ids[::2], ids[1::2], strict=True))
    with pytest.MonkeyPatch.context() as mp:
        seen = executions(mp) if db.engine.dialect.name == "postgresql" else []
        with db.session() as s:
            merge_pairs(s, pairs, batch="bulk-2")
    if seen:
        writes = [(sql.split("(")[0], rows) for sql, rows in seen
                  if sql.startswith(("UPDATE claim SET canonical_id", "INSERT INTO event"))]
        # Were an executemany of PAIRS * 2 rows (moves and the heads' versions) and one of PAIRS.
        assert writes == [("UPDATE claim SET canonical_id=coalesce", 1), ("INSERT INTO event ", 1)], writes
    with db.session() as s:
        rows = {c.id: (c.canonical_id, c.version) for c in s.exec(select(Claim))}
        assert rows == {**{a: (None, 2) for a, _ in pairs}, **{b: (a, 2) for a, b in pairs}}
        events = s.exec(select(Event).where(Event.batch == "bulk-2").order_by(Event.id)).all()
        assert [(e.claim_id, e.field, e.old, e.new) for e in events] == [
            (b, "canonical_id", None, str(a)) for a, b in pairs]
