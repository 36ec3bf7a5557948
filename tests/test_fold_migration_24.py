"""Migration 0024: the fold writes the decimal digits of every script as ASCII digits, and the
search indexes made of the fold are made again (SQLite's claim_search rows of claims holding
such a digit; PostgreSQL's trigram indexes), so `--search 2024` finds '٢٠٢٤' and `--search १२`
finds '12' on a desk upgraded from 0023 as on a new one; and it drops the Arabic tatweel
(`--search الميزانية` finds 'الميـزانية')."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from db.folding import fold_text, outlet_identity, postgresql_fold
from tests.hostile import run

DIGITS = [("Prices rose ٢٠٢٤ times in a year, the minister said; الميـزانية ارتفعت", "وزير ٣"),
          ("Unemployment rose to १२ percent in March, the minister said.", "Ann Lee"),
          ("The budget was 12 billion in 2024, the mayor said.", "Mayor ၁၂"),
          ("Nothing with figures here at all, said the mayor.", "Ann Lee")]


def _migration(number: str = "0024", name: str = "fold_digits_of_every_script"):
    path = Path(__file__).parent.parent / "db" / "migrations" / "versions" / f"{number}_{name}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_folds_as_the_code_does():
    migration = _migration()
    for value in ("٢٠٢٤", "१२ Işık", "၁၂", "𑁦𑁧", "۱۲۳", "Straße ٣", "ＡＢ１２", "plain 12", "Kılıç\u200b٩", None,
                  "الميـزانية", "ـ"):
        assert migration._fold_after(value) == fold_text(value), value
    # the code's fold since 0026 also drops the other default-ignorable characters: 0024's is
    # 0026's before
    later = _migration("0026", "fold_drops_every_invisible_character")
    assert migration._pg_fold_after("claim.text") == later._pg_fold_before("claim.text") != postgresql_fold("claim.text")
    before = _migration("0016", "fold_dotless_i")  # 0023's fold is 0016's
    assert migration._pg_fold_before("claim.text") == before._pg_fold_after("claim.text")
    assert migration._fold_before("٢٠٢٤ Işık") == before._fold_after("٢٠٢٤ Işık") == "٢٠٢٤ işik"


def test_every_digit_of_every_script_folds_to_its_ascii_digit():
    import unicodedata

    for cp in range(0x80, 0x110000):
        c = chr(cp)
        if unicodedata.category(c) == "Nd":
            assert fold_text(c) == str(unicodedata.digit(c)), hex(cp)
    # the tatweel draws a word out: no letter
    assert fold_text("الميـــزانية") == fold_text("الميزانية") == "الميزانية"
    # an outlet's stored identity keeps its digits (migration 0018 stored them so); since 0028 it
    # drops the tatweel, as search does
    assert outlet_identity("Channel ٧ News") == "channel ٧ news" and outlet_identity("قنـاة") == "قناة"


def _desk_at_0023(path, fold_of_0023) -> None:
    from sqlalchemy import create_engine, event

    from tests.old_desks import desk_at

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, fold_of_0023))
    with engine.begin() as conn:
        desk_at(conn, "0023", [{"id": i + 1, "text": t, "speaker": sp} for i, (t, sp) in enumerate(DIGITS)])
    engine.dispose()


def _found(session, **filters) -> list[int]:
    from claims.services import narrowing
    from claims.services.queries import ClaimFilter

    return narrowing.candidates(session, ClaimFilter(**filters))


def _listed(db, **filters) -> list[int]:
    from claims.services import paging
    from claims.services.queries import ClaimFilter

    return sorted(row.id for row in paging.page_after(db, ClaimFilter(**filters)))


def test_migration_0024_remakes_the_sqlite_index(tmp_path):
    from db import Database

    path = tmp_path / "old.db"
    _desk_at_0023(path, _migration()._fold_before)
    db = Database(str(path))
    try:
        with db.session() as session:  # the index narrows (a word of 3 characters or more)
            assert _found(session, search="2024") == [1, 3]
            assert _found(session, search="١٢٣ ٢٠٢٤") == [] and _found(session, speaker="mayor ١٢") == [3]
            assert _found(session, search="figures") == [4]
            assert _found(session, search="الميزانية") == [1]  # stored with a tatweel
        # and the filter itself (shorter words are read without the index)
        assert _listed(db, search="١٢") == [2, 3]  # Arabic-Indic 12: the Devanagari and the ASCII
        assert _listed(db, speaker="12") == [3] and _listed(db, speaker="3") == [1]
        with db.session() as session:
            session.connection().exec_driver_sql(
                "INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 0)")
    finally:
        db.close()


def test_migration_0024_downgrades_to_the_fold_before(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine, event

    from db import Database
    from db.migrate import alembic_config

    path = tmp_path / "old.db"
    migration = _migration()
    _desk_at_0023(path, migration._fold_before)
    Database(str(path)).close()  # upgraded to the head
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, migration._fold_before))
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0023")
        # the index holds the fold before again: the FTS5 rows equal what 0023 folds
        conn.exec_driver_sql("INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 1)")
        hits = conn.exec_driver_sql("SELECT rowid FROM claim_search WHERE claim_search MATCH '\"٢٠٢\"'").all()
        assert [r[0] for r in hits] == [1]
    engine.dispose()


def test_migration_0024_remakes_the_postgresql_indexes(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine, text

    from db import Database
    from tests.old_desks import desk_at

    url = fresh_pg_url("fold24")
    engine = create_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0023", [{"text": t, "speaker": sp} for t, sp in DIGITS])
        indexes = conn.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalar()
    engine.dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
        assert indexes and len(defs) == indexes and all("translate" in d for d in defs)
        assert len(_listed(db, search="2024")) == 2 and len(_listed(db, search="١٢")) == 2
        assert len(_listed(db, speaker="mayor 12")) == 1 and len(_listed(db, search="prices ٢٠٢٤")) == 1
        assert len(_listed(db, search="الميزانية")) == 1
    finally:
        db.close()


def test_claims_list_finds_a_figure_in_any_digits(db, tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "speaker": sp}) + "\n"
                            for i, (t, sp) in enumerate(DIGITS)), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0

    def listed(*args: str) -> list[str]:
        done = run(db, "list", *args, "--format", "jsonl")
        assert done.exit_code == 0, done.output
        return sorted(json.loads(line)["external_id"] for line in done.output.splitlines() if line.startswith("{"))

    assert listed("--search", "2024") == ["d0", "d2"]
    assert listed("--search", "१२") == ["d1", "d2"]
    assert listed("--search", "٢٠٢٤") == ["d0", "d2"]
    assert listed("--speaker", "١٢") == ["d2"]
    assert listed("--search", "الميزانية ارتفعت") == listed("--search", "الميـــزانية") == ["d0"]
