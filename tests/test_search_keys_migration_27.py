"""Migration 0027: the archive search's keys (`claim_key`, `key_stat`, `claim_keyset`) that
held the Turkish dotless ı are made again with it folded to i, as the analysis makes them now
(tests/test_search_fold_35.py), on a desk made at 0026 on both backends; a downgrade marks the
index as made by another version of the keys."""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from pathlib import Path

import pytest

from claims.matching import index_keys
from claims.matching.candidates import pair_keys
from claims.matching.normalize import STOP_WORDS, term_of
from claims.matching.rerank import title_keys
from claims.matching.stem import stem
from tests.hostile import run
from tests.test_search_fold_35 import TURKISH

TITLES = {1: "Yıldırım'ın bütçesi: KIBRIS", 3: "Işık"}


def _migration():
    path = Path(__file__).parent.parent / "db" / "migrations" / "versions" / "0027_search_keys_fold_dotless_i.py"
    spec = importlib.util.spec_from_file_location("migration_0027", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_makes_the_keys_the_analysis_makes():
    migration = _migration()
    assert {w for w in STOP_WORDS if "i" in w} == migration.STOP_WORDS_WITH_I
    words = ["kırmızıs", "yıldırım", "ıs", "ın", "ıt", "kıbrıs", "bakıyoruz", "sıkıştırılmış", "altıy", "katıldıing",
             "ısıtmaed", "dıeed", "yılı", "ı" * 70, "kırs", "tıkıss"]
    for word in words:
        key, now = word[:64], term_of(word.replace("ı", "i"))  # a key is a word's first 64 characters
        assert migration.new_key(key) == now, word
        assert migration.new_key("t:" + key) == (None if now is None else "t:" + now)
    keys = ["yildirim", "kibris", "bütçe", "40", "2.5", "işik"]
    for n in range(1, len(keys) + 1):
        assert migration.pair_keys(keys[:n]) == pair_keys(keys[:n])
    for word in ("cats", "running", "agreed", "hopping", "filing", "happy", "played", "caresses", "ponies",
                 "feed", "bled", "sized", "fizzed", "hoping", "tried", "conflated", "troubled", "sky"):
        assert migration.stem(word) == stem(word), word


def _migration_0028():
    path = next((Path(__file__).parent.parent / "db" / "migrations" / "versions").glob("0028_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0028", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _old_keys(text: str) -> list[str]:
    """The keys 0026's code made of `text`: ı read as a letter of its own (U+0269 stands in)."""
    assert "\u0269" not in text
    return [k.replace("\u0269", "ı") for k in index_keys(text.replace("ı", "\u0269"))]


def _desk_at_0026(conn) -> None:
    from sqlalchemy import text

    from tests.old_desks import desk_at

    desk_at(conn, "0026", [{"id": i + 1, "text": t} for i, t in enumerate(TURKISH)])
    postgresql = conn.dialect.name == "postgresql"
    df: dict[str, int] = defaultdict(int)
    for cid, claim in enumerate(TURKISH, 1):
        own = _old_keys(claim)
        heads = ["t:" + k for k in _old_keys(TITLES.get(cid, ""))]  # title keys, as an article's title gives
        keys = [*own, *pair_keys(own), *heads]
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES (:k, :c)"), [{"k": k, "c": cid} for k in keys])
        for k in heads:
            df[k] += 1
        conn.execute(text("INSERT INTO claim_keyset (claim_id, keys) VALUES (:c, :k)"),
                     {"c": cid, "k": own if postgresql else "\x1f".join(own)})
        for k in own:
            df[k] += 1
    df["#docs"], df["#keys-version"] = len(TURKISH), 7
    assert pair_keys(_old_keys(TURKISH[0])) != pair_keys(index_keys(TURKISH[0]))  # the upgrade has them to remake
    conn.execute(text("INSERT INTO key_stat (key, df) VALUES (:k, :d)"), [{"k": k, "d": d} for k, d in df.items()])


def _check_remade(db) -> None:
    """The stored keys are what the code makes of each claim now, their counts and keysets too;
    `claims search` finds the claims by an i."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        postings = defaultdict(set)
        for key, cid in conn.execute(text("SELECT key, claim_id FROM claim_key")):
            postings[cid].add(key)
        stats = dict(conn.execute(text("SELECT key, df FROM key_stat")).all())
        keysets = dict(conn.execute(text("SELECT claim_id, keys FROM claim_keyset")).all())
    for cid, claim in enumerate(TURKISH, 1):
        own = index_keys(claim)
        assert postings[cid] == {*own, *pair_keys(own), *title_keys(TITLES.get(cid))}, claim
        own = keysets[cid] if isinstance(keysets[cid], list) else keysets[cid].split("\x1f")
        assert own == index_keys(claim)
    counted = defaultdict(int)
    for keys in postings.values():
        for key in keys - {k for k in keys if k.startswith("p:")}:
            counted[key] += 1
    assert {k: v for k, v in stats.items() if not k.startswith("#")} == counted
    assert stats["#keys-version"] == 7 and not any("ı" in k for k in stats)

    def searched(words: str) -> list[str]:
        done = run(db, "search", words, "--format", "jsonl")
        assert done.exit_code == 0 and "older version" not in done.output, done.output
        return sorted(json.loads(line)["claim_id"] for line in done.output.splitlines() if line.startswith("{"))

    assert searched("Yildirim") == [1, 2] and searched("Kibris") == [1] and searched("ışık") == [3]


def _sqlite_engine(path):
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}")  # 0026's search fold is 0028's before
    before = _migration_0028().fold_before
    event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, before))
    return engine


def test_migration_0027_remakes_an_sqlite_desks_keys(tmp_path):
    from db import Database

    path = tmp_path / "old.db"
    engine = _sqlite_engine(path)
    with engine.begin() as conn:
        _desk_at_0026(conn)
    engine.dispose()
    db = Database(str(path))
    try:
        _check_remade(db)
    finally:
        db.close()


def test_migration_0027_downgrade_marks_the_keys_of_another_version(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from db import Database
    from db.migrate import alembic_config

    path = tmp_path / "old.db"
    engine = _sqlite_engine(path)
    with engine.begin() as conn:
        _desk_at_0026(conn)
    Database(str(path)).close()  # upgraded to the head
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0026")
        assert conn.execute(text("SELECT df FROM key_stat WHERE key = '#keys-version'")).scalar() == 0
    engine.dispose()


def test_migration_0027_remakes_a_postgresql_desks_keys(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from alembic import command
    from sqlalchemy import create_engine, text

    from db import Database
    from db.migrate import alembic_config

    url = fresh_pg_url("search35")
    engine = create_engine(url)
    with engine.begin() as conn:
        _desk_at_0026(conn)
    engine.dispose()
    db = Database(url)
    try:
        _check_remade(db)
    finally:
        db.close()
    engine = create_engine(url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0026")
        assert conn.execute(text("SELECT df FROM key_stat WHERE key = '#keys-version'")).scalar() == 0
    engine.dispose()
