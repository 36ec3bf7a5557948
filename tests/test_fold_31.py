"""Issue 15, class 8 (pass 31b): search ignored some invisible characters and not others.
`claims list --search 葛飾区` did not find '葛\\U000E0100飾区' (an ideographic variation
selector), nor the other way round, on both backends, while `claims search` did: the fold's set
(`db.ignorable.IGNORABLE`) held U+FE00-FE0F but not the supplement U+E0100-E01EF, nor the
other default-ignorable characters met inside words (Mongolian free variation selectors,
Hangul fillers, Khmer inherent vowels, tags, shorthand format controls, the deprecated format
characters). Migration 0026 folds the stored rows again and remakes outlets' identities."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from db.folding import fold_text, outlet_identity_key, postgresql_fold
from tests.hostile import run

VS = "\U000e0100"  # VARIATION SELECTOR-17, the first ideographic one
# one of each kind newly ignored, inside a word
NEW = ["\u115f", "\u1160", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f", "\u206a", "\u206f",
       "\u3164", "\uffa0", "\U0001bca0", "\U0001bca3", "\U000e0001", "\U000e0020", "\U000e0041", "\U000e007f",
       VS, "\U000e01ef"]


def _listed(db, *args: str) -> list[str]:
    done = run(db, "list", *args, "--format", "jsonl")
    assert done.exit_code == 0, done.output
    return sorted(json.loads(line)["external_id"] for line in done.output.splitlines() if line.startswith("{"))


def _import(db, tmp_path, records: list[dict]) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    done = run(db, "import", str(path))
    assert done.exit_code == 0, done.output


def test_list_search_finds_a_word_written_with_a_variation_selector_both_ways(db, tmp_path):
    _import(db, tmp_path, [
        {"id": "vs", "text": f"葛{VS}飾区 raised its budget by 12 percent last year.", "speaker": f"区長 葛{VS}飾"},
        {"id": "plain", "text": "葛飾区 cut the ferry budget by 3 percent in March.", "speaker": "区長 葛飾"},
        {"id": "other", "text": "Minato spent 40 million yen on the new bridge.", "speaker": "Mayor"}])
    assert _listed(db, "--search", "葛飾区") == ["plain", "vs"]
    assert _listed(db, "--search", f"葛{VS}飾区") == ["plain", "vs"]
    assert _listed(db, "--search", f"葛{VS}飾") == ["plain", "vs"]  # two characters: no index
    assert _listed(db, "--speaker", "葛飾") == ["plain", "vs"]
    assert _listed(db, "--speaker", f"葛{VS}飾") == ["plain", "vs"]


def test_list_search_ignores_every_default_ignorable_inside_a_word(db, tmp_path):
    records = [{"id": f"c{i}", "text": f"The bud{c}get of ward {i} rose by a third."} for i, c in enumerate(NEW)]
    records.append({"id": "x", "text": "The ferry timetable changed in March."})
    _import(db, tmp_path, records)
    want = sorted(f"c{i}" for i in range(len(NEW)))
    assert _listed(db, "--search", "budget") == want
    for c in ("\u3164", "\U000e0041", VS):
        assert _listed(db, "--search", f"bud{c}get") == want


def test_the_fold_drops_them_on_both_sides_alike():
    from claims.matching.normalize import normalize_text

    for c in NEW:
        assert fold_text(f"Bud{c}get") == "budget", hex(ord(c))
        assert normalize_text(f"bud{c}get") == "budget", hex(ord(c))
    # left out: the musical format controls (no word holds them) and unassigned code points
    assert fold_text("\U0001d173") == "\U0001d173"


def test_postgresql_folds_them_as_sqlite_does(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine

    from db.ignorable import IGNORABLE

    values = [f"Bud{c}get" for c in sorted(IGNORABLE)] + [f"葛{VS}飾区", "ᄀ\u1160ᅡ", "\u3164", f"Straße{VS}"]
    engine = create_engine(fresh_pg_url("fold31"))
    try:
        with engine.connect() as conn:
            conn.execute(text("CREATE TEMP TABLE v (v text)"))
            conn.execute(text("INSERT INTO v VALUES (:v)"), [{"v": v} for v in values])
            got = dict(conn.execute(text(f"SELECT v, {postgresql_fold('v')} FROM v")).all())
    finally:
        engine.dispose()
    assert {v: f for v, f in got.items() if f != fold_text(v)} == {}


def test_an_outlet_named_with_one_is_the_outlet_named_without(db, tmp_path):
    _import(db, tmp_path, [{"id": "a", "text": "The ward spent 12 million yen on roads.", "outlet": f"葛{VS}飾 Times"}])
    _import(db, tmp_path, [{"id": "b", "text": "The ward spent 13 million yen on parks.", "outlet": "葛飾 Times"}])
    assert _listed(db, "--outlet", "葛飾 times") == _listed(db, "--outlet", f"葛{VS}飾 Times") == ["a", "b"]
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outlet")).scalar() == 1


def test_content_hash_keeps_its_rule():
    """An article's hash is of its own set (claims.services.ingest), not this one: a stored
    article is found by the hash it was stored under, so the set grows without changing it."""
    from claims.services.ingest import content_hash, content_hashes

    assert content_hash("per\u00adcent") == content_hash("percent")
    assert content_hash(f"葛{VS}飾区") != content_hash("葛飾区")  # as before 0026: no article stored twice
    assert content_hashes(f"葛{VS}飾区") == [content_hash(f"葛{VS}飾区")]


# --- migration 0026 ------------------------------------------------------------------------

CLAIMS = [(f"葛{VS}飾区 raised its budget by 12 percent last year.", f"区長 葛{VS}飾"),
          ("葛飾区 cut the ferry budget by 3 percent in March.", "区長 葛飾"),
          ("The bud\u3164get of Minato rose by a third.", "Mayor"),
          ("Nothing hidden here at all, said the mayor.", "Ann Lee")]
# outlets as 0025 stored them: two that 0026 makes one, one whose identity only changes
OUTLETS = [(1, f"葛{VS}飾 Times", f"葛{VS}飾 times"), (2, "葛飾 Times", "葛飾 times"),
           (3, "Hangul\u3164Daily", "hangul\u1160daily")]  # (NFKC: U+3164 is U+1160)


def _migration(number: str = "0026"):
    path = next((Path(__file__).parent.parent / "db" / "migrations" / "versions").glob(f"{number}_*.py"))
    spec = importlib.util.spec_from_file_location(f"migration_{number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _desk_at_0025(conn) -> None:
    from tests.old_desks import desk_at

    desk_at(conn, "0025", [{"id": i + 1, "text": t, "speaker": sp} for i, (t, sp) in enumerate(CLAIMS)])
    conn.execute(text("INSERT INTO outlet (id, name, identity) VALUES (:id, :name, :identity)"),
                 [{"id": i, "name": n, "identity": k} for i, n, k in OUTLETS])
    conn.execute(text("INSERT INTO article (id, outlet_id, text, content_hash, ingested_at) "
                      "VALUES (:id, :id, :t, :h, '2026-03-01 10:00:00')"),
                 [{"id": i + 1, "t": CLAIMS[i][0], "h": f"h{i}"} for i in range(3)])
    conn.execute(text("INSERT INTO appearance (claim_id, article_id, quote, start, \"end\", date_is_reporting) "
                      "VALUES (:id, :id, 'q', 0, 1, false)"), [{"id": i + 1} for i in range(3)])
    if conn.dialect.name == "postgresql":
        for table in ("claim", "outlet", "article"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)"))


def _engine_at_0025(url: str, fill=_desk_at_0025):
    """An engine on a new desk at `url` (an SQLite file's path, or a PostgreSQL URL) that `fill`
    leaves as 0025 stored it; on SQLite its connections fold as 0025 did (`claims_fold`), as
    the desk's search index was built with that fold."""
    from sqlalchemy import create_engine, event

    if url.startswith("postgresql"):
        engine = create_engine(url)
    else:
        engine = create_engine(f"sqlite:///{url}")
        before = _migration()._fold_before
        event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, before))
    with engine.begin() as conn:
        fill(conn)
    return engine


def _check_upgraded(db, tmp_path) -> None:
    from claims.services import paging
    from claims.services.queries import ClaimFilter

    def ids(**filters) -> list[int]:
        return sorted(row.id for row in paging.page_after(db, ClaimFilter(**filters)))

    assert ids(search="葛飾区") == ids(search=f"葛{VS}飾区") == [1, 2]
    assert ids(search="budget") == [1, 2, 3] and ids(speaker="葛飾") == [1, 2]
    assert ids(outlet="葛飾 Times") == ids(outlet=f"葛{VS}飾 times") == [1, 2]
    assert ids(outlet="HangulDaily") == [3]
    with db.engine.connect() as conn:
        outlets = conn.execute(text("SELECT id, name, identity FROM outlet ORDER BY id")).all()
        assert [(i, n) for i, n, _ in outlets] == [(1, f"葛{VS}飾 Times"), (3, "Hangul\u3164Daily")]
        assert all(k == outlet_identity_key(n) for _, n, k in outlets)
        assert conn.execute(text("SELECT outlet_id FROM article ORDER BY id")).scalars().all() == [1, 1, 3]
        note = conn.execute(text("SELECT note FROM event WHERE action = 'merge-outlets'")).scalar_one()
        assert "0026" in note and "葛飾 Times" in note
    checked = run(db, "db", "check")  # identities as the code computes them; the index whole
    assert checked.exit_code == 0, checked.output
    # an outlet stored with the selector is found and kept by a new import under either name
    _import(db, tmp_path, [{"id": "n1", "text": "The ward spent 12 million yen on roads.", "outlet": f"葛{VS}飾 Times"},
                           {"id": "n2", "text": "The ward spent 14 million yen on parks.", "outlet": "葛飾 TIMES"}])
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outlet")).scalar() == 2


def test_migration_0026_refolds_an_sqlite_desk(tmp_path):
    from claims.services import narrowing
    from claims.services.queries import ClaimFilter
    from db import Database

    path = str(tmp_path / "old.db")
    _engine_at_0025(path).dispose()
    db = Database(path)
    try:
        with db.session() as session:
            assert sorted(narrowing.candidates(session, ClaimFilter(search="葛飾区"))) == [1, 2]
            # the old rows went with the values they were indexed with
            session.connection().exec_driver_sql(
                "INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 0)")
        _check_upgraded(db, tmp_path)
    finally:
        db.close()


def test_migration_0026_downgrades_sqlite_to_the_fold_before(tmp_path):
    from alembic import command

    from db import Database
    from db.migrate import alembic_config

    path = str(tmp_path / "old.db")
    engine = _engine_at_0025(path)
    Database(path).close()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0025")
        conn.exec_driver_sql("INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 1)")
        hits = conn.exec_driver_sql("SELECT rowid FROM claim_search WHERE claim_search MATCH '\"葛飾区\"'").all()
        assert [r[0] for r in hits] == [2]
    engine.dispose()


def test_migration_0026_refolds_a_postgresql_desk(fresh_pg_url, tmp_path):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine

    from db import Database

    url = fresh_pg_url("fold26")
    _engine_at_0025(url).dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
        assert len(defs) == 3 and all("e0100" in d.lower() for d in defs), defs
        _check_upgraded(db, tmp_path)
    finally:
        db.close()
    from alembic import command

    from db.migrate import alembic_config

    engine = create_engine(url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0025")
        defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
        assert len(defs) == 3 and not any("e0100" in d.lower() for d in defs), defs
        identities = conn.execute(text("SELECT identity FROM outlet WHERE id IN (1, 3) ORDER BY id")).scalars().all()
        assert identities == [OUTLETS[0][2], OUTLETS[2][2]]  # 0025's form again (the merge stays)
    engine.dispose()


def test_the_migration_folds_as_the_code_does():
    migration = _migration()
    for value in (f"葛{VS}飾区", "٢٠٢٤ Işık", "bud\u3164get", "الميـزانية", "plain", None, "\u180bx\U000e0041"):
        assert migration._fold_after(value) == fold_text(value), value
    # the code's fold since 0028 also drops marks and folds Arabic letters: 0026's is 0028's before
    later = _migration("0028")
    assert migration._pg_fold_after("claim.text") == later.pg_fold_before("claim.text") != postgresql_fold("claim.text")
    before = _migration("0024")
    assert migration._pg_fold_before("claim.text") == before._pg_fold_after("claim.text")
    assert migration._fold_before(f"葛{VS}飾 ٢") == before._fold_after(f"葛{VS}飾 ٢")
    for name in [n for _, n, _ in OUTLETS] + ["CNN\u200b", "O\u2018Neil", "\ufdfa" * 200]:
        assert migration.key(name) == outlet_identity_key(name), name
    # the outlets of the old desk above are stored as 0025 stored them (0018's rule)
    assert [_migration("0018").key(n) for _, n, _ in OUTLETS] == [k for _, _, k in OUTLETS]


# --- migration 0026: an outlet whose name shows nothing once the fold drops what it drops now
#
# An outlet named 'ㅤ' (a Hangul filler) or with tags alone got the identity '' from 0026: all
# such outlets one, which no `--outlet` could name (pass 32). Such a name is no outlet now
# (`visible_name`), so the upgrade leaves their articles without one, as an ingest stores them.

def _blank_outlets_at_0025(conn) -> None:
    from tests.old_desks import desk_at

    blank = [(1, "\u3164", "\u1160"), (2, "\U000e0043\U000e0044", "\U000e0043\U000e0044"),
             (3, "Daily", "daily")]  # (identities as 0025 stored them)
    desk_at(conn, "0025", [{"id": i, "text": f"The council spent {i} million on roads last year.",
                            "speaker": "Mayor"} for i in (1, 2, 3)])
    conn.execute(text("INSERT INTO outlet (id, name, identity) VALUES (:id, :name, :identity)"),
                 [{"id": i, "name": n, "identity": k} for i, n, k in blank])
    conn.execute(text("INSERT INTO article (id, outlet_id, text, content_hash, ingested_at) "
                      "VALUES (:id, :id, 'x', :h, '2026-03-01 10:00:00')"), [{"id": i, "h": f"h{i}"} for i in (1, 2, 3)])
    conn.execute(text("INSERT INTO appearance (claim_id, article_id, quote, start, \"end\", date_is_reporting) "
                      "VALUES (:id, :id, 'q', 0, 1, false)"), [{"id": i} for i in (1, 2, 3)])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0026_leaves_the_articles_of_a_blank_outlet_without_one(backend, fresh_pg_url, tmp_path):
    from db import Database

    if backend == "postgresql":
        if fresh_pg_url is None:
            pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
        url = fresh_pg_url("blank26")
    else:
        url = str(tmp_path / "old.db")
    _engine_at_0025(url, _blank_outlets_at_0025).dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id, name FROM outlet ORDER BY id")).all() == [(3, "Daily")]
            assert conn.execute(text("SELECT outlet_id FROM article ORDER BY id")).scalars().all() == [None, None, 3]
            note = conn.execute(text("SELECT note FROM event WHERE action = 'merge-outlets'")).scalar_one()
            assert "0026" in note and "nothing visible" in note, note
        checked = run(db, "db", "check")
        assert checked.exit_code == 0, checked.output
    finally:
        db.close()
