"""Pair keys (issue 13): a retelling of a claim far back, whose every word is common, is still
met, claim by claim and in bulk, on SQLite and PostgreSQL. Before them, the candidates of a
claim were the latest 100 holders of each of its three rarest words: once each word had been
said by a hundred later claims, the original was out of reach (planted recall at 1M 0.984)."""

from __future__ import annotations

import random

from sqlmodel import col, delete, select

from claims.matching import BLOCK_READ, PAIR_PREFIX, index_keys, is_pair_key, pair_keys
from claims.matching.candidates import PAIR_BANDS
from claims.models import Claim, ClaimKey, KeyStat, Match
from claims.services.matching import match_new_claims, rebuild_matches
from claims.services.store_index import VERSION_KEY, StoreIndex
from claims.services.views import MatchSummary

WORDS = ["harbour", "turbine", "contract", "cost", "council", "budget", "ferry", "decade"]
ORIGINAL = "The harbour turbine contract cost the council budget for every ferry this decade"
RETOLD = "The harbour turbine contract cost the council budget for each ferry this decade"


def fillers(n: int, seed: int = 3) -> list[str]:
    """Claims holding one word of the original each (so each word's latest BLOCK_READ
    holders are these), with made-up words around it: like nothing else."""
    rng = random.Random(seed)
    letters = "bcdfghjklmnprstvz"
    out = []
    for i in range(n):
        made_up = ["".join(rng.choices(letters, k=4)) + v for v in rng.sample(["ao", "ei", "ou", "ia", "ue"], 4)]
        out.append(f"{WORDS[i % len(WORDS)]} {' '.join(made_up)}")
    return out


def store(db, texts: list[str]) -> list[int]:
    with db.session() as s:
        claims = [Claim(text=t) for t in texts]
        s.add_all(claims)
        s.flush()
        match_new_claims(s, claims, bulk=False)
        return [c.id for c in claims]


def test_pair_keys_are_a_function_of_the_words_alone():
    keys = index_keys(ORIGINAL)
    pairs = pair_keys(keys)
    assert 1 <= len(pairs) <= PAIR_BANDS and all(is_pair_key(p) for p in pairs)
    assert pair_keys(list(reversed(keys)) + ["2024", "17"]) == pairs  # order and numbers aside
    assert set(pairs) & set(pair_keys(index_keys(RETOLD)))  # one word swapped: a pair kept
    assert pair_keys(["harbour"]) == pair_keys(["2024", "17"]) == []  # fewer than two words
    assert not any(k.startswith(PAIR_PREFIX) for k in index_keys(ORIGINAL))


def test_a_retelling_of_an_old_claim_of_common_words_is_met_claim_by_claim(db):
    crowd = fillers(2 * BLOCK_READ * len(WORDS))
    [original] = store(db, [ORIGINAL])
    store(db, crowd)
    [retold] = store(db, [RETOLD])
    with db.session() as s:
        matched = s.exec(select(Match.claim_a_id, Match.claim_b_id)).all()
        stored = set(s.exec(select(ClaimKey.key).where(ClaimKey.claim_id == original)))
    assert matched == [(original, retold)]
    assert set(pair_keys(index_keys(ORIGINAL))) <= stored


def test_a_rebuild_meets_it_too(db):
    with db.session() as s:  # stored unmatched: the rebuild indexes and matches in bulk
        s.add_all([Claim(text=t) for t in [ORIGINAL, *fillers(2 * BLOCK_READ * len(WORDS)), RETOLD]])
    summary = rebuild_matches(db, reindex=True)
    with db.session() as s:
        original = s.exec(select(Claim.id).where(Claim.text == ORIGINAL)).one()
        retold = s.exec(select(Claim.id).where(Claim.text == RETOLD)).one()
        matched = s.exec(select(Match.claim_a_id, Match.claim_b_id)).all()
    assert (summary.duplicates + summary.suggestions, summary.conflicts) == (1, 0)
    assert matched == [(original, retold)]


def test_a_batch_where_no_claim_has_two_words_is_matched(db):
    """No pair key at all (an empty desk, one-word and number claims): the bulk pass froze
    nothing and crashed (found in review)."""
    assert rebuild_matches(db, reindex=True) == MatchSummary()
    with db.session() as s:
        s.add_all([Claim(text=t) for t in ["Inflation", "Unemployment", "42", "Inflation!"]])
    # One word each: suggested, never merged (too short to merge by itself).
    assert rebuild_matches(db, reindex=True) == MatchSummary(suggestions=1)
    with db.session() as s:
        assert not [k for k in s.exec(select(ClaimKey.key)) if is_pair_key(k)]


def test_pair_keys_have_no_counts_and_an_older_index_is_remade_with_them(db):
    """A pair key's count is never read, so none is kept (most pairs are held by one claim);
    an index made before pair keys (version 6) is outdated, and a rebuild adds them."""
    [original] = store(db, [ORIGINAL])
    with db.session() as s:
        assert not [k for k in s.exec(select(KeyStat.key)) if is_pair_key(k)]
        s.exec(delete(ClaimKey).where(col(ClaimKey.key).startswith(PAIR_PREFIX)))
        s.get(KeyStat, VERSION_KEY).df = 6
    with db.session() as s:
        assert StoreIndex(s).is_outdated()
    rebuild_matches(db)
    with db.session() as s:
        assert not StoreIndex(s).is_outdated()
        stored = set(s.exec(select(ClaimKey.key).where(ClaimKey.claim_id == original)))
    assert set(pair_keys(index_keys(ORIGINAL))) <= stored
