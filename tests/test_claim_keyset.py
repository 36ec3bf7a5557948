"""`claim_keyset` (migration 0019): each indexed claim's own keys in one row, which a new claim's
lookup reads instead of its neighbours' postings (issue 13). The rows follow the postings on
every path that writes or removes them, the migration fills them for a desk indexed before,
and the lookup finds the same neighbours, with the same keys and counts, as the postings give."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlmodel import select

from claims.cli import cli
from claims.matching import BLOCK_READ, PAIR_PREFIX, PAIR_READ, block_keys, index_keys, pair_keys
from claims.matching.rerank import TITLE_PREFIX
from claims.models import Claim
from claims.services import matching
from claims.services.importer import import_text
from claims.services.matching import match_new_claims, rebuild_matches
from claims.services.store_index import StoreIndex
from claims.services.undo import redo_last, undo_last
from db import Database
from tests.old_desks import desk_at
from tests.test_pair_blocks import store

WORDS = ["river", "bridge", "council", "mayor", "fares", "budget", "school", "flood", "harbour", "rail", "station", "tunnel", "wind", "farm", "hospital", "beds", "nurses", "police", "report", "tax", "rates", "housing", "rents", "water", "prices", "energy", "grid", "solar"]


def synthetic(n: int, seed: int = 3) -> list[str]:
    """Claims sharing words at many rates (blocks of every size), some retold, with numbers."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < 0.2:  # a retelling of an earlier claim
            words = rng.choice(texts).split()
            rng.shuffle(words)
            texts.append(" ".join(words[:-1]))
            continue
        words = rng.sample(WORDS, 6) + [f"name{rng.randrange(40)}", f"place{rng.randrange(15)}"]
        texts.append(" ".join(words) + f" {rng.randrange(1, 30)} percent")
    return texts


def own_postings(conn) -> dict[int, list[str]]:
    """Each claim's own keys as its postings hold them (no title, no pair keys)."""
    found: dict[int, list[str]] = {}
    for claim_id, key in conn.exec_driver_sql("SELECT claim_id, key FROM claim_key ORDER BY claim_id, key"):
        if not key.startswith((TITLE_PREFIX, PAIR_PREFIX)):
            found.setdefault(claim_id, []).append(key)
    return found


def keysets(conn) -> dict[int, list[str]]:
    rows = conn.exec_driver_sql("SELECT claim_id, keys FROM claim_keyset").all()
    return {cid: sorted(keys if isinstance(keys, list) else keys.split("\x1f")) for cid, keys in rows}


def assert_in_step(db) -> None:
    with db.engine.connect() as conn:
        assert keysets(conn) == own_postings(conn)


def test_keysets_follow_the_postings_on_every_path(db, monkeypatch):
    """One by one, in bulk, a rebuild that remakes the index, an import, its undo and redo."""
    texts = synthetic(120)
    with db.session() as s:
        claims = [Claim(text=t) for t in texts[:60]]
        s.add_all(claims)
        s.flush()
        match_new_claims(s, claims[:30], bulk=False)
        match_new_claims(s, claims[30:], bulk=True)
    assert_in_step(db)
    with db.engine.connect() as conn:
        assert len(keysets(conn)) == 60
    rebuild_matches(db, reindex=True)
    assert_in_step(db)
    monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 10**9)  # the import one claim at a time
    lines = "".join(f'{{"id": "x{i}", "text": "{t}", "title": "Report {i} on {t.split()[0]}"}}\n'
                    for i, t in enumerate(texts[60:]))
    import_text(db, lines, name="more.jsonl", reviewer="ana")
    assert_in_step(db)
    with db.engine.connect() as conn:
        assert len(keysets(conn)) == 120
        assert any(k.startswith(TITLE_PREFIX) for (k,) in conn.exec_driver_sql("SELECT key FROM claim_key"))
    undo_last(db, reviewer="ana")
    assert_in_step(db)
    with db.engine.connect() as conn:
        assert len(keysets(conn)) == 60
    redo_last(db, reviewer="ana")
    assert_in_step(db)
    with db.session() as s:
        index = StoreIndex(s)
        index.remove(1)
        assert s.connection().exec_driver_sql("SELECT count(*) FROM claim_keyset WHERE claim_id = 1").scalar() == 0
        index.clear()
        assert s.connection().exec_driver_sql("SELECT count(*) FROM claim_keyset").scalar() == 0


def _postings_read(conn, blocks: list[str], pairs: list[str], before: int) -> tuple[dict, dict, bool]:
    """The lookup as the postings answer it (what `block_neighbours` read before 0019): the
    latest earlier holders of each block and pair key, each with its own keys; the counts;
    whether a key had more earlier holders than are read."""
    ids: set[int] = set()
    limited = False
    for key, read in [(k, BLOCK_READ) for k in blocks] + [(k, PAIR_READ) for k in pairs]:
        holders = [cid for (cid,) in conn.execute(text(
            "SELECT claim_id FROM claim_key WHERE key = :k AND claim_id < :b ORDER BY claim_id DESC"),
            {"k": key, "b": before})]
        ids.update(holders[:read])
        limited |= len(holders) > read
    own = own_postings(conn)
    keys = {cid: sorted(own[cid]) for cid in sorted(ids) if cid in own}
    wanted = {k for ks in keys.values() for k in ks}
    df = {k: n for k, n in conn.exec_driver_sql("SELECT key, df FROM key_stat") if k in wanted}
    return keys, df, limited


def test_the_lookup_finds_the_neighbours_and_counts_the_postings_give(db, monkeypatch):
    # BLOCK_READ latest holders of a key: a store where common words have more holders than that.
    texts = synthetic(2 * BLOCK_READ + 150, seed=5)
    # Half with a title: its keys are postings too, and never a neighbour's keys.
    import_text(db, "".join(json.dumps({"id": f"c{i}", "text": t, **({"title": f"Report on {t}"} if i % 2 else {})})
                            + "\n" for i, t in enumerate(texts)), name="store.jsonl", reviewer="ana")
    with db.session() as s:
        probes = [(c.id, c.text) for c in s.exec(select(Claim).order_by(Claim.id))][::7]
    checked = full = 0
    with db.session() as s:
        index, conn = StoreIndex(s), s.connection()
        for claim_id, body in probes:
            keys = index_keys(body)
            idf = index.idf_for(keys)
            blocks, pairs = block_keys(keys, idf.df), pair_keys(keys)
            found, their_idf = index.block_neighbours(blocks, before=claim_id, pairs=pairs)
            expected_keys, expected_df, limited = _postings_read(conn, blocks, pairs, claim_id)
            assert list(found) == sorted(found)  # in id order
            assert {cid: sorted(ks) for cid, ks in found.items()} == expected_keys, claim_id
            assert their_idf.df == expected_df, claim_id
            checked += bool(found)
            full += limited
    assert checked >= 30 and full >= 5  # neighbours found, and some keys read to their limit


def test_counts_of_keys_any_characters_are_read_back_as_written(db):
    # SQLite returns the counts as one JSON object: a key JSON escapes (a quote, a backslash,
    # a control character), one outside the BMP, or another script's comes back as written.
    odd = ['say"so', "back\\slash", "tab\there", "\U0001F600smile", "中国", "قال", "zürich", "1.5"]
    with db.session() as s:
        claims = [Claim(text=f"claim {i}") for i in range(3)]
        s.add_all(claims)
        s.flush()
        ids = [c.id for c in claims]
        index = StoreIndex(s)
        index.add([(ids[0], odd), (ids[1], odd[:4]), (ids[2], ["other", odd[0]])])
        assert index.idf_for([*odd, "never"]).df == {k: 3 if k == odd[0] else 2 if k in odd[:4] else 1 for k in odd}
        found, idf = index.block_neighbours([odd[0]], before=ids[2] + 1)
        assert {cid: sorted(ks) for cid, ks in found.items()} == {
            ids[0]: sorted(odd), ids[1]: sorted(odd[:4]), ids[2]: sorted(["other", odd[0]])}
        assert idf.df == {**{k: 3 if k == odd[0] else 2 if k in odd[:4] else 1 for k in odd}, "other": 1}


def _old_desk(url: str) -> None:
    """A desk at 0018 indexed as the older version did: own, title and pair keys; a claim with
    a title's and pair keys only has no own keys (no row after the upgrade)."""
    engine = create_engine(url)
    if url.startswith("sqlite"):
        from sqlalchemy import event

        from db.textfold import register_sqlite_functions

        event.listen(engine, "connect", lambda conn, _: register_sqlite_functions(conn))
    postings = {1: ["river", "peak", "7.4", "t:flood", "p:00aa"], 2: ["bridge", "cost", "p:00bb"],
                3: ["t:report", "p:00cc"], 4: ["river", "bridge"]}
    with engine.begin() as conn:
        desk_at(conn, "0018", [{"id": i, "text": f"claim {i}"} for i in postings])
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES (:k, :c)"),
                     [{"k": k, "c": c} for c, keys in postings.items() for k in keys])
    engine.dispose()


def _check_upgrade(url: str) -> None:
    _old_desk(url)
    Database(url).close()  # migrates
    engine = create_engine(url)
    with engine.connect() as conn:
        assert keysets(conn) == {1: ["7.4", "peak", "river"], 2: ["bridge", "cost"], 4: ["bridge", "river"]}
        assert keysets(conn) == own_postings(conn)
    engine.dispose()
    assert CliRunner().invoke(cli, ["dupes", "--db", url]).exit_code == 0


def test_migration_0019_fills_the_keysets_on_sqlite(tmp_path):
    _check_upgrade(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_0019_fills_the_keysets_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    _check_upgrade(fresh_pg_url("keysets19"))


def test_downgrade_drops_the_keysets(tmp_path):
    from alembic import command

    from db.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    Database(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0018")
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'claim_keyset'").scalar() == 0
    engine.dispose()


# -- a claim indexed by an older version, after another process migrated the desk ------------
#
# A process still running the version before 0019 (a teammate's desk on a shared PostgreSQL
# desk, `watch run --forever` on SQLite) writes a new claim's postings and counts as
# `StoreIndex` does, but no keyset row; so does one committing while the migration fills the
# table. Such a claim must still be a neighbour, `dupes --rebuild` stores its row, `db check`
# tells of it.


def _as_the_older_version(db, claim_ids) -> None:
    """What the version before 0019 left of these claims' indexing: their postings and
    counts, no keyset row."""
    with db.engine.begin() as conn:
        for claim_id in claim_ids:
            conn.execute(text("DELETE FROM claim_keyset WHERE claim_id = :c"), {"c": claim_id})


def _lookups(db, probes: list[tuple[int, str]]) -> list[tuple[dict, dict]]:
    found = []
    with db.session() as s:
        index = StoreIndex(s)
        for claim_id, body in probes:
            keys = index_keys(body)
            neighbours, idf = index.block_neighbours(block_keys(keys, index.idf_for(keys).df),
                                                     before=claim_id, pairs=pair_keys(keys))
            found.append(({cid: sorted(ks) for cid, ks in neighbours.items()}, idf.df))
    return found


def test_the_lookup_reads_the_postings_of_a_neighbour_without_a_keyset_row(db):
    """The same neighbours, keys and counts as when every row is there."""
    texts = synthetic(300, seed=11)
    ids = store(db, texts)
    probes = list(zip(ids, texts, strict=True))[150::5]
    before = _lookups(db, probes)
    assert sum(len(n) for n, _ in before) >= 300
    _as_the_older_version(db, ids[::3])
    assert _lookups(db, probes) == before
    _as_the_older_version(db, ids)  # none has a row
    assert _lookups(db, probes) == before


def _pairs(db) -> set[tuple[int, int, str]]:
    with db.engine.connect() as conn:
        return set(conn.execute(text('SELECT claim_a_id, claim_b_id, state FROM "match"')).all())


def test_a_near_duplicate_of_a_claim_indexed_by_the_older_version_is_matched(db):
    story = "the council raised bus fares by 7 percent in march"
    retold = "in march the council raised the bus fares 7 percent"
    [first] = store(db, [story])
    [second] = store(db, [retold])
    with_row = {(a, b, state) for a, b, state in _pairs(db)}
    assert {(a, b) for a, b, _ in with_row} == {(first, second)}
    with db.engine.begin() as conn:  # the same again, the first claim indexed by the older version
        conn.execute(text('DELETE FROM "match"'))
        conn.execute(text("UPDATE claim SET canonical_id = NULL"))
    [third] = store(db, [story + " "])
    _as_the_older_version(db, [third])
    [fourth] = store(db, [retold + " "])
    found = {(a, b, state) for a, b, state in _pairs(db) if {a, b} == {third, fourth}}
    assert [state for *_, state in found] == [state for *_, state in with_row]


def test_rebuild_stores_the_keyset_rows_an_older_version_left_out(db):
    ids = store(db, synthetic(60, seed=13))
    _as_the_older_version(db, ids[::2])
    with db.session() as s:
        assert StoreIndex(s).is_current(len(ids))  # nothing else for a rebuild to remake
    result = CliRunner().invoke(cli, ["dupes", "--rebuild", "--db", db.url])
    assert result.exit_code == 0, result.output
    assert_in_step(db)
    with db.engine.connect() as conn:
        assert len(keysets(conn)) == 60


def test_db_check_tells_of_claims_without_a_keyset_row(db):
    ids = store(db, synthetic(20, seed=17))
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "check", "--db", db.url]).exit_code == 0
    _as_the_older_version(db, ids[:3])
    result = runner.invoke(cli, ["db", "check", "--db", db.url])
    assert result.exit_code == 1
    assert "3 indexed claim(s) have no row of their keys" in result.output
    assert "`claims dupes --rebuild`" in result.output
    assert runner.invoke(cli, ["dupes", "--rebuild", "--db", db.url]).exit_code == 0
    assert runner.invoke(cli, ["db", "check", "--db", db.url]).exit_code == 0
