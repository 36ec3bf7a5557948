"""A new claim's lookup on PostgreSQL reads the counts of its shortlist's keys alone (issue 13).

Of a claim's neighbours (~100 at a million claims) only the `SHORTLIST` best estimated on the
claim's own counts are ranked (`claims.matching.shortlist`); SQLite read only their keys'
counts already. PostgreSQL read every neighbour's in its one lookup (~940 index probes at
1M, the larger part of a new claim's server time), then kept the same few.
"""

from __future__ import annotations

import pytest

from claims.matching import IdfTable, block_keys, index_keys, shortlist
from claims.matching.candidates import SHORTLIST, pair_keys
from claims.matching.normalize import is_number
from claims.models import Claim
from claims.services.store_index import StoreIndex
from tests.test_matching_bulk import claim_texts


def test_a_postgresql_lookup_reads_the_counts_of_the_shortlist_alone(db):
    """Both lookups (`neighbours_of`, blocks chosen by the server; `block_neighbours` with
    `keep`) give the neighbours the shortlist keeps of all those found, with the counts of
    their keys and the claim's (as read with every neighbour's) and no other count."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's lookup: tests/matching/test_candidates.py")
    with db.session() as s:
        claims = [Claim(text=t) for t in claim_texts(1_500, seed=8)]
        s.add_all(claims)
        s.flush()
        index = StoreIndex(s)
        keys_of = {c.id: index_keys(c.text) for c in claims}
        index.add([(cid, keys + pair_keys(keys)) for cid, keys in keys_of.items()])
        crowded = few = 0
        for claim in claims[::3]:
            keys = keys_of[claim.id]
            pairs = pair_keys(keys)
            idf = index.idf_for(keys)
            blocks = block_keys(keys, idf.df)
            every, every_idf = index.block_neighbours(blocks, before=claim.id, pairs=pairs)  # every count
            idf.df.update(every_idf.df)
            kept = dict(shortlist(keys, every, idf))
            expected = {k: idf.df[k] for k in {*keys, *(k for theirs in kept.values() for k in theirs)}
                        if k in idf.df}
            found, server_idf = index.neighbours_of(keys, numbers=[is_number(k) for k in keys], before=claim.id,
                                                    pairs=pairs)
            assert found == kept, claim.text
            assert (server_idf.df, server_idf.doc_count) == (expected, idf.doc_count), claim.text
            own = {k: idf.df[k] for k in keys if k in idf.df}
            mine = IdfTable(own, idf.doc_count)  # the estimate reads the claim's own counts alone
            theirs, their_idf = index.block_neighbours(
                blocks, before=claim.id, pairs=pairs, keep=lambda found, keys=keys, mine=mine: shortlist(keys, found, mine))
            assert theirs == kept, claim.text
            assert {**their_idf.df, **own} == expected, claim.text
            crowded += len(every) > SHORTLIST
            few += 0 < len(every) <= SHORTLIST
        assert crowded > 200 and few > 50, (crowded, few)  # both ways are taken
        s.rollback()

