"""An old desk (before the trained model) opens, and `claims rescore` brings it up to date."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from claims.checkworthiness import GIVEN, model_name
from claims.services.queries import list_claims
from claims.services.rescore import pending, rescore
from db import Database
from db.migrate import alembic_config

OLD_CLAIMS = [  # (text, old formula score, status, verdict)
    ("Thank you all for coming tonight, it is great to be here.", 0.9, "unverified", None),
    ("Unemployment fell to 4 percent last year, the lowest since 2001.", 0.1, "unverified", None),
    ("The bridge carries 40,000 vehicles a day.", 0.5, "verified", "true"),
    ("Taxes rose by 12 percent under this governor.", 0.2, "unverified", None),
    ("We lost 70,000 factories since 2001.", 0.3, "unverified", None),
]


def old_desk(path) -> None:
    """A desk as the version before this one left it: schema 0006, scores from the old formula."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
        for i, (words, worth, status, verdict) in enumerate(OLD_CLAIMS, 1):
            conn.execute(text(
                "INSERT INTO claim (id, text, checkworthiness, claim_type, status, verdict, evidence, version,"
                " created_at, updated_at) VALUES (:id, :t, :w, 'other', :s, :v, '[]', 1, '2026-03-01 10:00:00',"
                " '2026-03-01 10:00:00')"), {"id": i, "t": words, "w": worth, "s": status, "v": verdict})
    engine.dispose()


def test_old_desk_opens_and_keeps_its_order_until_rescored(tmp_path):
    path = tmp_path / "old.db"
    old_desk(path)
    db = Database(str(path))
    rows = list_claims(db, limit=None)
    assert [r.id for r in rows] == [1, 5, 4, 2, 3]  # the old scores' order, the verified claim last
    assert pending(db) == 5

    result = rescore(db)
    assert result.scored == 5 and result.model == model_name()
    rows = list_claims(db, limit=None)
    assert rows[0].id in (2, 4, 5) and rows[-1].id == 3  # the model's order now; done still last
    assert [r.id for r in rows].index(1) > [r.id for r in rows].index(2)  # thanks < a figure
    again = rescore(db)
    assert again.scored == 0 and pending(db) == 0  # idempotent
    assert [r.id for r in list_claims(db, limit=None)] == [r.id for r in rows]
    db.close()


def test_rescore_stopped_midway_loses_nothing_and_goes_on(tmp_path):
    path = tmp_path / "old.db"
    old_desk(path)
    db = Database(str(path))

    def stop_after_first_batch(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rescore(db, batch=2, progress=stop_after_first_batch)
    assert pending(db) == 3  # the first batch is in
    assert rescore(db, batch=2).scored == 3
    assert pending(db) == 0
    db.close()


def _score_marks(db) -> int:
    """Marks a score change leaves for the priority refresh (the score trigger still works)."""
    with db.write_connection() as conn:
        conn.exec_driver_sql("DELETE FROM triage_dirty")
        conn.exec_driver_sql("UPDATE claim SET checkworthiness = checkworthiness + 0.01 WHERE id = 2")
        marks = conn.exec_driver_sql("SELECT count(*) FROM triage_dirty").scalar()
        conn.exec_driver_sql("UPDATE claim SET checkworthiness = checkworthiness - 0.01 WHERE id = 2")
    return marks


def test_rescore_puts_back_the_score_trigger_it_lifts(tmp_path, monkeypatch):
    import claims.services.rescore as service

    path = tmp_path / "old.db"
    old_desk(path)
    db = Database(str(path))
    assert _score_marks(db) == 1
    failing = service.priority

    def fail_midway(*args, **kwargs):  # after the trigger is lifted, before the writes
        raise RuntimeError("disk gone")

    monkeypatch.setattr(service, "priority", fail_midway)
    with pytest.raises(RuntimeError):
        rescore(db, batch=2)
    assert pending(db) == 5 and _score_marks(db) == 1  # rolled back with the trigger
    monkeypatch.setattr(service, "priority", failing)
    assert rescore(db, batch=2).scored == 5
    assert _score_marks(db) == 1  # put back after every batch
    with db.session() as s:
        left = s.connection().exec_driver_sql("SELECT count(*) FROM triage_dirty").scalar()
    assert left == 0
    db.close()


def test_scores_an_import_gave_are_kept(db, tmp_path):
    from claims.services.importer import import_text

    lines = ['{"text": "Exports fell 7 percent last year.", "checkworthiness": 0.05}',
             '{"text": "Exports fell 7 percent in the spring."}']
    import_text(db, "\n".join(lines), name="x.jsonl", fmt="jsonl", reviewer="ana")
    rows = {r.text: r for r in list_claims(db, limit=None)}
    assert rows["Exports fell 7 percent last year."].checkworthiness == 0.05
    assert rows["Exports fell 7 percent in the spring."].checkworthiness > 0.5  # the model's
    assert rescore(db, everything=True).scored == 1  # the given score stays
    with db.session() as s:
        models = sorted(s.connection().exec_driver_sql("SELECT checkworthiness_model FROM claim").scalars())
    assert models == sorted([GIVEN, model_name()])


def test_rescore_cli_shows_what_it_did(tmp_path):
    from tests.conftest import run_claims

    path = tmp_path / "old.db"
    old_desk(path)
    done = run_claims("--db", str(path), "rescore")
    assert done.returncode == 0, done.stderr
    assert f"rescored 5 claims with {model_name()}" in done.stdout.decode()
    again = run_claims("--db", str(path), "rescore")
    assert "nothing to rescore" in again.stderr.decode()
    prio = run_claims("--db", str(path), "rescore", "--priority")
    assert "recomputed the priority of 5 claims" in prio.stdout.decode()
    shown = run_claims("--db", str(path), "show", "2").stdout.decode()
    assert "why this score" in shown and "in the queue" in shown
