"""One search sends few statements, and reads what the reranker weighs as before (issue 13:
search p50 <= 10 ms at 1M claims).

A search reads the counts of the query's words, then its pool by BM25 with the pool's rows,
titles and (PostgreSQL) the counts of the pooled claims' own keys and of their titles' words,
all in one statement; on SQLite then the counts of the words it has not read yet (its claims'
and titles'). It was five statements, each a round trip on PostgreSQL: counts, pool, rows,
titles, counts.
"""

from __future__ import annotations

import json

from claims.matching import IdfTable, index_keys
from claims.services.claim_titles import titles_of
from claims.services.importer import import_text
from claims.services.matching import search_in_session, search_pool
from claims.services.store_index import StoreIndex
from tests.test_new_claim_statements import statements

TITLED = [
    ("vaccine", "A photograph shows a nurse collapsing right after she received the vaccine",
     "Did a Tennessee Nurse Faint After Getting the Pfizer COVID-19 Vaccine?"),
    ("ohio", "A nurse in Ohio was fired for refusing to work a double shift after the vaccine", "Ohio Nurse Fired"),
    ("fares", "The mayor said fares have not risen in six years", "Fares Frozen Since 2018?"),
]
UNTITLED = [
    ("rides", "Ridership fell by 18 percent last year, the transit agency reported", None),
    ("nurses", "The hospital hired 200 nurses last year after the vaccine mandate", None),
]
QUERY = "Tennessee nurse fainted after the Pfizer vaccine"


def store(db, rows) -> None:
    lines = [{"id": i, "text": t, **({"title": h} if h else {})} for i, t, h in rows]
    import_text(db, "".join(json.dumps(r) + "\n" for r in lines), name="checked.jsonl", fmt="jsonl")


def sent_by_search(db, text: str) -> tuple[list[str], list[str]]:
    with db.session() as s:
        trips: list[str] = []
        with statements(s, trips) as sent:
            hits = search_in_session(s, text, limit=3)
    assert hits
    return sent, trips


def test_a_search_without_titles_is_two_round_trips(db):
    store(db, UNTITLED)
    sent, trips = sent_by_search(db, "nurses hired after the vaccine mandate")
    if db.engine.dialect.name == "postgresql":
        # The query's counts; the pool with its rows and its claims' counts. Was 5.
        assert len(trips) == 2, "\n".join(trips)
    else:
        # The query's counts; the pool with its rows and titles; its claims' counts. Was 5.
        assert len(sent) == 3, "\n".join(sent)


def test_a_search_with_titles_reads_their_counts_with_the_pool(db):
    store(db, TITLED + UNTITLED)
    sent, trips = sent_by_search(db, QUERY)
    if db.engine.dialect.name == "postgresql":
        # The query's counts; the pool with its rows, titles and the counts of its claims' and
        # their titles' words (read from the titles' postings). Was 3: the titles' counts apart.
        assert len(trips) == 2, "\n".join(trips)
    else:
        # The query's counts; the pool with its rows and titles; its claims' and titles' counts.
        assert len(sent) == 3, "\n".join(sent)


def test_the_pool_reads_what_it_read_before(db):
    """The pool's rows, titles and counts are those the separate reads give: the counts of
    every word the reranker weighs (the query's, the claims', their titles'), also for a
    claim indexed without its keyset row (by an older version: its words are read after)."""
    store(db, TITLED + UNTITLED)
    with db.session() as s:
        s.connection().exec_driver_sql(
            "DELETE FROM claim_keyset WHERE claim_id = (SELECT id FROM claim WHERE external_id = 'ohio')")
        found = search_pool(s, QUERY)
        ids = [c.id for c in found.pool]
        assert {found.rows[i][1] for i in ids} == {"vaccine", "ohio", "nurses"}  # titled, unkeyed, untitled
        index = StoreIndex(s)
        assert found.rows == {r[0]: r for r in index.claims_read(ids)}
        assert {c.id: c.title.text for c in found.pool if c.title} == titles_of(s, ids)
        terms = set(index_keys(QUERY)).union(*(c.text.terms for c in found.pool),
                                            *(c.title.terms for c in found.pool if c.title))
        alone: IdfTable = index.idf_for(terms)
        assert {t for t in terms if t in found.idf.df} == set(alone.df)
        assert {t: found.idf.weight(t) for t in terms} == {t: alone.weight(t) for t in terms}
        assert found.idf.doc_count == alone.doc_count
