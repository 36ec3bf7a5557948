"""Set-at-a-time matching decides as claim-by-claim lookups do (issue 13): the same candidates,
the same merges, suggestions and conflicts, on SQLite and PostgreSQL."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, text
from sqlmodel import Session, select

from claims.matching import MatchSettings, candidates
from claims.matching.parallel import KeyMaker
from claims.models import Claim, Event, Match
from claims.services import matching, store_index
from claims.services.importer import StoredClaim
from claims.services.matching import match_new_claims, rebuild_matches
from claims.services.store_index import StoreIndex
from db import Database

SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pin", "qua", "bre", "ste", "ul", "mon", "gar", "fi", "zo"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    return sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)})


NAMES = ["Macron", "Nigeria", "Niger", "Paris", "London", "Reuters", "Biden", "Lagos", "Pfizer", "Kenya"]


def figure(rng: random.Random) -> str:
    """A count, a year-like figure of 1800-2100 (as a year or a count with a comma), or 'one'."""
    kind = rng.randrange(4)
    if kind == 0:
        return str(rng.randint(2, 900))
    if kind == 1:
        return str(rng.randint(1800, 2100))
    if kind == 2:
        return f"{rng.randint(1, 2)},{rng.randint(0, 999):03d}"
    return "one"


def is_figure(word: str) -> bool:
    return word == "one" or word.replace(",", "").isdigit()


def claim_texts(n: int, seed: int = 13) -> list[str]:
    """Claims with near-duplicates: copies with a word dropped or swapped, or a figure changed.
    Among the words: capitalised names (at the start too), figures of 1800-2100 read as years
    or counts, and 'one' as a count (review L11: both paths must agree on those as well)."""
    rng = random.Random(seed)
    words_ = vocabulary(rng, 4_000)
    weights = [1 / (rank + 1) for rank in range(len(words_))]  # a few common words, many rare
    places = words_[:40]
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < 0.25:
            words = rng.choice(texts).split()
            change = rng.randrange(4)
            spot = rng.randrange(len(words))
            if change == 0 and len(words) > 6:
                words.pop(spot)
            elif change == 1:
                words[spot] = rng.choices(words_, weights)[0]
            elif change == 2:
                words = [figure(rng) if is_figure(w) else w for w in words]
            else:  # a name changed, or one more
                named = [i for i, w in enumerate(words) if w in NAMES]
                if named:
                    words[rng.choice(named)] = rng.choice(NAMES)
                else:
                    words.insert(spot, rng.choice(NAMES))
            texts.append(" ".join(words))
            continue
        words = rng.choices(words_, weights, k=rng.randint(5, 12)) + [rng.choice(places)]
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), figure(rng))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(NAMES))
        if rng.random() < 0.1:
            texts.append(rng.choice(NAMES) + " " + " ".join(words) + f" said {rng.choice(places)} officials")
        else:
            texts.append("The " + " ".join(words) + f" said {rng.choice(places)} officials")
    return texts


def stored(db: Database, texts: list[str]) -> list[Claim]:
    with db.session() as s:
        claims = [Claim(text=t) for t in texts]
        s.add_all(claims)
        s.flush()
        s.expunge_all()
        return claims


def decisions(session) -> list[tuple]:
    return [(a, b, round(score, 2), state, conflict) for a, b, score, state, conflict in session.exec(
        select(Match.claim_a_id, Match.claim_b_id, Match.score, Match.state, Match.conflict)
        .order_by(Match.claim_a_id, Match.claim_b_id)).all()]


@pytest.mark.parametrize("by_server", [False, True])
@pytest.mark.parametrize("shortlist", [candidates.SHORTLIST, 3])
def test_bulk_and_lookup_paths_find_the_same_matches(db, shortlist, by_server, monkeypatch):
    """Also with shortlists of 3 (step 2 of the rule: most claims' neighbours cut, the lookup
    reading the counts of those kept alone). `by_server` (PostgreSQL): the blocks chosen and
    the shortlist's counts read with the lookup, as for a new claim whose title is given."""
    if by_server and db.engine.dialect.name != "postgresql":
        pytest.skip("the server chooses the blocks on PostgreSQL only")
    monkeypatch.setattr(candidates, "SHORTLIST", shortlist)
    texts = claim_texts(1_000)
    with db.session() as s:
        claims = [Claim(text=t) for t in texts]
        s.add_all(claims)
        s.flush()
        index = StoreIndex(s)
        keys_of = {c.id: matching.index_keys(c.text) for c in claims}
        index.add([(cid, keys + matching.pair_keys(keys)) for cid, keys in keys_of.items()])
        settings = MatchSettings()
        by_lookup = [(a, b, r.decision, r.score, r.conflict)
                     for a, b, r in matching._lookup_found(s, index, claims, keys_of, settings, None,
                                                           blocks_by_server=by_server)]
        in_bulk = [(a, b, r.decision, r.score, r.conflict)
                   for a, b, r in matching._bulk_found(s, index, settings, None, only=set(keys_of))]
    kinds = {d for _, _, d, _, _ in by_lookup}
    assert {"duplicate", "suggested", "conflict"} <= kinds, kinds  # the data exercises all three
    assert len(by_lookup) > 200
    assert in_bulk == by_lookup


def test_a_batch_stored_in_bulk_or_by_lookups_ends_the_same(tmp_path):
    texts = claim_texts(600, seed=5)
    outcomes = []
    for bulk, given in ((False, True), (True, True), (True, False), (False, False)):
        db = Database(str(tmp_path / f"bulk-{bulk}-{given}.db"))
        claims = stored(db, texts)
        if not given:  # as an import passes them: ids only, texts read back from the store
            claims = [StoredClaim(c.id) for c in claims]
        with db.session() as s:
            summary = match_new_claims(s, claims, bulk=bulk)
        with db.session() as s:
            canon = s.exec(select(Claim.id, Claim.canonical_id).order_by(Claim.id)).all()
            outcomes.append((summary, decisions(s), canon))
        db.close()
    assert outcomes[1] == outcomes[0]
    assert outcomes[2] == outcomes[0]
    assert outcomes[3] == outcomes[0]
    assert outcomes[0][0].duplicates and outcomes[0][0].suggestions and outcomes[0][0].conflicts


def test_rebuild_decides_as_the_claims_arriving_together(db):
    """`dupes --rebuild` recomputes what matching the whole batch at once stored."""
    claims = stored(db, claim_texts(500, seed=9))
    with db.session() as s:
        match_new_claims(s, claims, bulk=False)
    with db.session() as s:
        before = decisions(s)
    rebuild_matches(db, reindex=True)
    with db.session() as s:
        assert decisions(s) == before


def test_a_rebuild_counts_no_suggestion_the_merge_confirmed(db):
    """The same rows, but fewer suggestions said: a suggestion whose two claims the batch's own
    merges put in one cluster (A-B and B-C duplicates, A-C suggested) is confirmed by the merge,
    an audit row pointing at it; `dupes --rebuild` keeps a match the audit log points at and
    does not count it again (the 1M store's 21,328 suggestions at import, 20,398 at rebuild)."""
    claims = stored(db, claim_texts(1_500, seed=9))
    with db.session() as s:
        found = match_new_claims(s, claims, bulk=True)
    with db.session() as s:
        before = decisions(s)
        by_merge = s.exec(select(Event.match_id).where(Event.action == "merge", Event.field == "state",
                                                       Event.old == "suggested")).all()
    assert by_merge  # the data holds such a suggestion
    again = rebuild_matches(db)
    with db.session() as s:
        assert decisions(s) == before
    assert again.duplicates == found.duplicates
    assert again.suggestions + again.conflicts + len(by_merge) == found.suggestions + found.conflicts


def test_pairs_compared_in_worker_processes_decide_as_in_one(db):
    """A large pass compares its pairs in other processes; the matches, and their order
    (which decides the clusters merged), are those one process finds."""
    texts = claim_texts(800, seed=21)
    with db.session() as s:
        claims = [Claim(text=t) for t in texts]
        s.add_all(claims)
        s.flush()
        index = StoreIndex(s)
        index.add([(c.id, k + matching.pair_keys(k)) for c in claims for k in [matching.index_keys(c.text)]])
        found = {}
        for workers in (0, 2):
            found[workers] = [(a, b, r.to_dict()) for a, b, r in matching._bulk_found(
                s, index, MatchSettings(), None, workers=workers)]
    assert len(found[0]) > 100
    assert found[2] == found[0]


def test_postgresql_statistics_are_refreshed_after_a_bulk_pass(db, monkeypatch):
    """A bulk pass that wrote many postings ANALYZEs the index on PostgreSQL (autovacuum may be
    off or late: with no statistics the planner hash-joined a lookup's neighbours to every
    posting). Below the threshold, nothing is analyzed."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")

    def analyzed() -> set[str]:
        with db.engine.connect() as conn:
            return {name for name, tuples in conn.exec_driver_sql(
                "SELECT relname, reltuples FROM pg_class WHERE relname IN ('claim_key', 'key_stat')")
                if tuples >= 0}  # -1: never analyzed

    claims = stored(db, claim_texts(300, seed=5))
    with db.session() as s:
        match_new_claims(s, claims[:150], bulk=True)
    assert analyzed() == set()
    monkeypatch.setattr(store_index, "ANALYZE_AFTER", 100)
    with db.session() as s:
        match_new_claims(s, claims[150:], bulk=True)
    assert analyzed() == {"claim_key", "key_stat"}


def test_keys_computed_in_worker_processes_index_as_in_one(db, monkeypatch):
    """A large pass has its claims' keys computed in other processes: the same postings,
    counts and decisions as one process makes."""
    claims = stored(db, claim_texts(500, seed=9))
    with db.session() as s:
        match_new_claims(s, claims, bulk=False)

    def index_and_decisions() -> tuple:
        with db.session() as s:
            conn = s.connection()
            return (sorted(conn.exec_driver_sql("SELECT key, claim_id FROM claim_key").all()),
                    sorted(conn.exec_driver_sql("SELECT key, df FROM key_stat").all()), decisions(s))

    before = index_and_decisions()
    started = []
    enter = KeyMaker.__enter__
    monkeypatch.setattr(KeyMaker, "__enter__", lambda self: started.append(self.workers) or enter(self))
    monkeypatch.setattr(matching, "PARALLEL_MIN_CLAIMS", 100)
    rebuild_matches(db, reindex=True)
    assert started == [2]
    assert index_and_decisions() == before


def _decisions_of(db, claims, *, bulk: bool, keep: bool) -> tuple[list[tuple], list[str]]:
    """The matches `match_new_claims` stores for `claims` (kept, or rolled back) and the
    statements it sent."""
    sent: list[str] = []

    def log(conn, cursor, statement, *args) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", log)
    try:
        with db.engine.connect() as conn, Session(bind=conn) as s:
            trans = conn.begin()
            match_new_claims(s, claims, bulk=bulk)
            s.flush()
            found = decisions(s)
            trans.commit() if keep else trans.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", log)
    return found, sent


def test_a_bulk_pass_reads_the_stored_claims_keys_a_row_each(db):
    """The stored claims' keys come from their `claim_keyset` rows, not from their postings
    (~15 a claim: 15M rows through Python at 1M claims). Claims indexed by an older version
    (postings, no row) get their rows first: the decisions are the lookups'."""
    texts = claim_texts(900, seed=31)
    earlier = stored(db, texts[:600])
    with db.session() as s:
        match_new_claims(s, earlier, bulk=False)
    with db.engine.begin() as conn:  # every third stored claim as the older version indexed it
        conn.execute(text("DELETE FROM claim_keyset WHERE claim_id % 3 = 0"))
    later = [StoredClaim(c.id) for c in stored(db, texts[600:])]
    by_lookup, _ = _decisions_of(db, later, bulk=False, keep=False)
    in_bulk, sent = _decisions_of(db, later, bulk=True, keep=True)
    assert len(by_lookup) > 100
    assert in_bulk == by_lookup
    assert not [st for st in sent if "SELECT claim_id, key FROM claim_key" in st]
    with db.engine.connect() as conn:  # the rows the older version left out are stored
        assert conn.execute(text("SELECT count(*) FROM claim_keyset WHERE claim_id % 3 = 0 "
                                 "AND claim_id <= 600")).scalar() > 150
