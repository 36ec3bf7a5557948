"""Migration 0028: on a desk a version at 0027 made (its search rows and indexes folded with the
fold before, its matching keys made by the analysis before), the search rows of the claims
holding a mark, a Greek accent or an Arabic letter the fold now folds are made again, the
PostgreSQL indexes with the new expression, and the keys (`claim_key`, `key_stat`,
`claim_keyset`, the pair and title keys) are what the code makes now; `claims list --search`
and `claims search` find them by either spelling. A downgrade gives the search the fold before
and marks the keys as made by another version (tests/test_search_fold_36.py: the fold)."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import text

from claims.matching import index_keys
from claims.matching import normalize as normalize_module
from claims.matching.candidates import pair_keys
from claims.matching.rerank import title_keys
from db.folding import fold_text, outlet_identity_key, postgresql_fold
from tests.hostile import run

CLAIMS = [
    ("قال الوزير إن نسبة البِطَالَةِ ارتفعت إلى 12 بالمئة هذا العام", "وزير العمل"),
    ("أحمد المنصوري: الميزانية ارتفعت بنسبة 40 بالمئة", "أحمد المنصوري"),
    ("علی گفت که بودجه کشور ۴۰ درصد افزایش یافت", "علی رضایی"),
    ("Ο Νίκος Παπαδόπουλος είπε ότι η ανεργία μειώθηκε στο 10 τοις εκατό", "Νίκος Παπαδόπουλος"),
    ("Η ανεργία και η ΑΝΕΡΓΙΑ: ο Νίκος είπε ότι μειώθηκε", "Υπουργός"),  # two keys that become one
    ("שָׁלוֹם כהן אמר שהתקציב גדל ב-3 אחוזים", "שָׁלוֹם כהן"),
    ("The café on Main Street raised its prices by 12 percent, the owner said.", "Zoë Brown"),
    ("The council spent 12 million on roads last year, the mayor said.", "Ann Lee"),
]
TITLES = {1: "البِطَالَةِ في أعلى مستوى", 4: "Καθημερινή: η ανεργία", 8: "Roads"}
# outlets as 0027 stored them (0026's identities): two that 0028 makes one, one whose identity only
# changes (its tatweel, kept by an identity until 0028), one it leaves; article i is outlet's ARTICLE_OUTLET[i]
OUTLETS = [(1, "Καθημερινή", "καθημερινή"), (2, "ΚΑΘΗΜΕΡΙΝΗ", "καθημερινη"), (3, "الأهرام", "الأهرام"),
           (4, "Le Monde", "le monde"), (5, "الميـزان", "الميـزان")]
ARTICLE_OUTLET = {1: 3, 4: 2, 8: 4}


def _migration(number: str = "0028"):
    path = next((Path(__file__).parent.parent / "db" / "migrations" / "versions").glob(f"{number}_*.py"))
    spec = importlib.util.spec_from_file_location(f"migration_{number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def _analysis_before():
    """The matching analysis as it was at 0027: no Arabic letter folded, a Greek letter with
    its marks (the two steps this migration's revision added, made no-ops)."""
    saved = normalize_module._LETTERS, normalize_module._GREEK_MARKED
    normalize_module._LETTERS, normalize_module._GREEK_MARKED = {}, re.compile("(?!)")
    normalize_module.analyze.cache_clear()
    try:
        yield
    finally:
        normalize_module._LETTERS, normalize_module._GREEK_MARKED = saved
        normalize_module.analyze.cache_clear()


def test_the_migration_folds_as_the_code_does():
    migration, before, after = _migration(), _migration("0026"), _migration("0029")
    values = [t for t, _ in CLAIMS] + [s for _, s in CLAIMS] + list(TITLES.values())
    values += [chr(c) + "x" for c in [*range(0x0370, 0x0400), *range(0x0590, 0x0700), *range(0x1F00, 0x2000),
                                      *range(0xFB1D, 0xFE00), *range(0xFE70, 0xFF00)]]
    values += ["α\u0301\u0304", "ω\u0592\u0301", "e\u0592\u0301", "ا\u0654", "و\u0654", None, "plain", "٢٠٢٤"]
    for value in values:
        assert migration.fold_after(value) == after.fold_before(value), value  # (0029 folds on)
        assert migration.fold_before(value) == before._fold_after(value), value
    assert migration.pg_fold_after("claim.text") == after.pg_fold_before("claim.text")
    assert migration.pg_fold_before("claim.text") == before._pg_fold_after("claim.text")
    with _analysis_before():
        old = {value: index_keys(value) for value in values if value}
    for value, keys in old.items():  # a key made before is the key made now, word by word
        assert [k for k in dict.fromkeys(map(migration.new_key, keys)) if k] == index_keys(value), value
        assert [k for k in dict.fromkeys(migration.new_key("t:" + k) for k in keys) if k] == title_keys(value)
    assert migration.pair_keys(["νικοσ", "احمد", "40"]) == pair_keys(["νικοσ", "احمد", "40"])
    names = [n for _, n, _ in OUTLETS] + ["CNN\u200b", "O\u2018Neil", "\ufdfa" * 200, "\u064b", "Ζωή ٢", "ﻷ Times"]
    for name in names:
        assert migration.identity(name) == outlet_identity_key(name), name
        assert migration.identity(name, marks=False) == before.key(name), name
    assert [before.key(n) for _, n, _ in OUTLETS] == [k for _, _, k in OUTLETS]  # as 0027 stored them


def _desk_at_0027(conn) -> None:
    from tests.old_desks import desk_at

    desk_at(conn, "0027", [{"id": i + 1, "text": t, "speaker": sp} for i, (t, sp) in enumerate(CLAIMS)])
    postgresql = conn.dialect.name == "postgresql"
    df: dict[str, int] = defaultdict(int)
    with _analysis_before():
        for cid, (claim, _) in enumerate(CLAIMS, 1):
            own = index_keys(claim)
            heads = title_keys(TITLES.get(cid))
            keys = [*own, *pair_keys(own), *heads]
            conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES (:k, :c)"),
                         [{"k": k, "c": cid} for k in keys])
            conn.execute(text("INSERT INTO claim_keyset (claim_id, keys) VALUES (:c, :k)"),
                         {"c": cid, "k": own if postgresql else "\x1f".join(own)})
            for k in [*own, *heads]:
                df[k] += 1
    assert "νίκοσ" in df and "أحمد" in df and "t:καθημερινή" in df  # the upgrade has them to remake
    df["#docs"], df["#keys-version"] = len(CLAIMS), 7
    conn.execute(text("INSERT INTO key_stat (key, df) VALUES (:k, :d)"), [{"k": k, "d": d} for k, d in df.items()])
    conn.execute(text("INSERT INTO outlet (id, name, identity) VALUES (:id, :name, :identity)"),
                 [{"id": i, "name": n, "identity": k} for i, n, k in OUTLETS])
    conn.execute(text("INSERT INTO article (id, outlet_id, title, text, content_hash, ingested_at) "
                      "VALUES (:id, :o, :t, 'x', :h, '2026-03-01 10:00:00')"),
                 [{"id": cid, "o": ARTICLE_OUTLET[cid], "t": t, "h": f"h{cid}"} for cid, t in TITLES.items()])
    conn.execute(text("INSERT INTO appearance (claim_id, article_id, quote, start, \"end\", date_is_reporting) "
                      "VALUES (:id, :id, 'q', 0, 1, false)"), [{"id": cid} for cid in TITLES])
    if postgresql:
        for table in ("claim", "outlet", "article"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)"))


def _engine_at_0027(url: str):
    """An engine on a new desk at `url` (an SQLite file's path, or a PostgreSQL URL) as 0027
    left it; on SQLite its connections fold as 0027 did (`claims_fold`)."""
    from sqlalchemy import create_engine, event

    if url.startswith("postgresql"):
        engine = create_engine(url)
    else:
        engine = create_engine(f"sqlite:///{url}")
        before = _migration().fold_before
        event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, before))
    with engine.begin() as conn:
        _desk_at_0027(conn)
    return engine


def _check_keys(db) -> None:
    """The stored keys are what the code makes of each claim now, their counts and keysets too."""
    with db.engine.connect() as conn:
        postings = defaultdict(set)
        for key, cid in conn.execute(text("SELECT key, claim_id FROM claim_key")):
            postings[cid].add(key)
        stats = dict(conn.execute(text("SELECT key, df FROM key_stat")).all())
        keysets = dict(conn.execute(text("SELECT claim_id, keys FROM claim_keyset")).all())
    for cid, (claim, _) in enumerate(CLAIMS, 1):
        own = index_keys(claim)
        assert postings[cid] == {*own, *pair_keys(own), *title_keys(TITLES.get(cid))}, claim
        stored = keysets[cid] if isinstance(keysets[cid], list) else keysets[cid].split("\x1f")
        assert stored == own, claim
    counted = defaultdict(int)
    for keys in postings.values():
        for key in keys - {k for k in keys if k.startswith("p:")}:
            counted[key] += 1
    assert {k: v for k, v in stats.items() if not k.startswith("#")} == counted
    assert stats["#keys-version"] == 7 and "νίκοσ" not in stats and "أحمد" not in stats


def _check_found(db) -> None:
    from claims.services import paging
    from claims.services.queries import ClaimFilter

    def ids(**filters) -> list[int]:
        return sorted(row.id for row in paging.page_after(db, ClaimFilter(**filters)))

    assert ids(search="البطالة") == ids(search="البِطَالَةِ") == [1]
    assert ids(search="احمد") == [2] and ids(speaker="احمد") == [2]
    assert ids(search="علي") == [3] and ids(speaker="علي") == [3]
    assert ids(search="ΝΙΚΟΣ") == ids(search="νίκος") == [4, 5]
    assert ids(search="ΑΝΕΡΓΙΑ ΜΕΙΩΘΗΚΕ") == [4, 5] and ids(speaker="ΠΑΠΑΔΟΠΟΥΛΟΣ") == [4]
    assert ids(search="שלום") == ids(speaker="שלום") == [6]
    assert ids(search="cafe") == [] and ids(search="café") == [7]  # a Latin accent counts, as before
    assert ids(search="roads") == [8]

    def searched(words: str) -> list[int]:
        done = run(db, "search", words, "--format", "jsonl")
        assert done.exit_code == 0 and "older version" not in done.output, done.output
        return sorted(json.loads(line)["claim_id"] for line in done.output.splitlines() if line.startswith("{"))

    assert {4, 5} <= set(searched("ΝΙΚΟΣ ΑΝΕΡΓΙΑ ΜΕΙΩΘΗΚΕ")) and 2 in searched("احمد المنصوري الميزانية")
    assert 3 in searched("علي كشور بودجه")
    assert ids(outlet="ΚΑΘΗΜΕΡΙΝΗ") == ids(outlet="καθημερινή") == [4]
    assert ids(outlet="الاهرام") == ids(outlet="الأهرام") == [1] and ids(outlet="le monde") == [8]
    with db.engine.connect() as conn:
        outlets = conn.execute(text("SELECT id, name, identity FROM outlet ORDER BY id")).all()
        assert [(i, n) for i, n, _ in outlets] == [(i, n) for i, n, _ in OUTLETS if i != 2]
        assert all(k == outlet_identity_key(n) for _, n, k in outlets)
        assert conn.execute(text("SELECT outlet_id FROM article ORDER BY id")).scalars().all() == [3, 1, 4]
        note = conn.execute(text("SELECT note FROM event WHERE action = 'merge-outlets'")).scalar_one()
        assert "0028" in note and "ΚΑΘΗΜΕΡΙΝΗ" in note
    checked = run(db, "db", "check")  # identities as the code computes them; the indexes whole
    assert checked.exit_code == 0, checked.output


def _sqlite_rows(conn, value: str, column: str = "text") -> list[int]:
    """The rows whose `column` holds every trigram of `value` (the index keeps no positions)."""
    grams = {value[i:i + 3] for i in range(len(value) - 2)}
    query = f"{column} : (" + " AND ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams)) + ")"
    return sorted(r[0] for r in conn.exec_driver_sql("SELECT rowid FROM claim_search WHERE claim_search MATCH ?",
                                                     (query,)))


def _check_sqlite_rows(conn, fold) -> None:
    """Every stored value is in the index as `fold` makes it: its whole folded form finds its
    claim (a trigram phrase) in its column, and no other fold of it is left."""
    other = _migration().fold_before if fold is fold_text else fold_text
    for cid, (claim, speaker) in enumerate(CLAIMS, 1):
        for column, value in (("text", claim), ("speaker", speaker)):
            assert cid in _sqlite_rows(conn, fold(value), column), (cid, column)
            if other(value) != fold(value):
                assert cid not in _sqlite_rows(conn, other(value), column), (cid, column, "the other fold left")
    conn.exec_driver_sql("INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 0)")


def _check_old_identities(conn) -> None:
    """After a downgrade: 0027's identities again; the outlets made one stay one."""
    stored = conn.execute(text("SELECT id, identity FROM outlet ORDER BY id")).all()
    assert [tuple(r) for r in stored] == [(i, k) for i, _, k in OUTLETS if i != 2]


def test_migration_0028_refolds_an_sqlite_desk(tmp_path):
    from db import Database

    path = str(tmp_path / "old.db")
    engine = _engine_at_0027(path)
    with engine.connect() as conn:  # the desk before: the old folds stored
        assert _sqlite_rows(conn, "νίκοσ") == [4, 5] and _sqlite_rows(conn, "νικοσ") == []
    engine.dispose()
    db = Database(path)
    try:
        with db.engine.connect() as conn:
            _check_sqlite_rows(conn, fold_text)
        _check_keys(db)
        _check_found(db)
    finally:
        db.close()


def test_migration_0028_downgrades_sqlite_to_the_fold_before(tmp_path):
    from alembic import command

    from db import Database
    from db.migrate import alembic_config

    path = str(tmp_path / "old.db")
    engine = _engine_at_0027(path)
    Database(path).close()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0027")
        _check_sqlite_rows(conn, _migration().fold_before)
        assert conn.execute(text("SELECT df FROM key_stat WHERE key = '#keys-version'")).scalar() == 0
        _check_old_identities(conn)
    engine.dispose()


def test_migration_0028_refolds_a_postgresql_desk(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from alembic import command
    from sqlalchemy import create_engine

    from db import Database
    from db.migrate import alembic_config

    url = fresh_pg_url("fold28")
    _engine_at_0027(url).dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
            assert len(defs) == 3 and all("u064b" in d.lower() for d in defs), defs
            # the planner can read the filter through the new index (its expression is the query's)
            conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(conn.execute(text(
                f"EXPLAIN SELECT id FROM claim WHERE {postgresql_fold('text')} LIKE :q"), {"q": "%νικοσ%"}).scalars())
            assert "ix_claim_text_trgm" in plan, plan
        _check_keys(db)
        _check_found(db)
    finally:
        db.close()
    engine = create_engine(url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0027")
        defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
        assert len(defs) == 3 and not any("u064b" in d.lower() for d in defs), defs
        assert conn.execute(text("SELECT df FROM key_stat WHERE key = '#keys-version'")).scalar() == 0
        _check_old_identities(conn)
    engine.dispose()
