"""Reviewing: status and verdict rules, the audit log, undo and redo."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.errors import ClaimsError, NotFound, StaleVersion
from claims.models import Claim, Event
from claims.services.queries import claim_detail
from claims.services.review import set_status
from claims.services.undo import redo_last, undo_last


@pytest.fixture
def claim_ids(db):
    with db.session() as s:
        claims = [Claim(text=f"Unemployment fell to {n} percent in March.", checkworthiness=0.5) for n in (3, 4)]
        s.add_all(claims)
        s.flush()
        return [c.id for c in claims]


def test_verified_needs_a_verdict(db, claim_ids):
    with pytest.raises(ClaimsError, match="needs a verdict"):
        set_status(db, claim_ids, reviewer="ana", status="verified")
    with db.session() as s:
        assert all(c.status == "unverified" for c in s.exec(select(Claim)))


def test_change_is_audited_and_bumps_version(db, claim_ids):
    rows = set_status(db, claim_ids[:1], reviewer="ana", status="verified", verdict="false",
                      note="BLS says 3.9", evidence=["https://bls.example/march"])
    assert rows[0].status == "verified" and rows[0].verdict == "false"
    assert rows[0].evidence == ["https://bls.example/march"]
    assert rows[0].version == 2 and rows[0].reviewer == "ana"
    with db.session() as s:
        events = s.exec(select(Event).order_by(Event.id)).all()
    assert [(e.field, e.old, e.new) for e in events] == [
        ("status", "unverified", "verified"),
        ("verdict", None, "false"),
        ("verdict_note", None, "BLS says 3.9"),
        ("evidence", "[]", '["https://bls.example/march"]'),
    ]
    assert {e.reviewer for e in events} == {"ana"} and len({e.batch for e in events}) == 1


def test_unknown_values_and_ids(db, claim_ids):
    with pytest.raises(ClaimsError, match="unknown status 'done'"):
        set_status(db, claim_ids, reviewer="ana", status="done")
    with pytest.raises(ClaimsError, match="unknown verdict 'fake'"):
        set_status(db, claim_ids, reviewer="ana", verdict="fake")
    with pytest.raises(NotFound, match="claim 424242"):
        set_status(db, [claim_ids[0], 424242], reviewer="ana", status="in_review")
    with pytest.raises(ClaimsError, match="not an http"):
        set_status(db, claim_ids, reviewer="ana", evidence=["notaurl"])
    # The failed bulk change stored nothing, not even for the good id.
    with db.session() as s:
        assert s.get(Claim, claim_ids[0]).status == "unverified"


def test_bulk_change_undo_and_redo(db, claim_ids):
    set_status(db, claim_ids, reviewer="ana", status="verified", verdict="mixed")
    result = undo_last(db, reviewer="ana")
    assert result.claim_ids == sorted(claim_ids)
    with db.session() as s:
        assert [(c.status, c.verdict) for c in s.exec(select(Claim))] == [("unverified", None)] * 2
    redo_last(db, reviewer="ana")
    with db.session() as s:
        assert [(c.status, c.verdict) for c in s.exec(select(Claim))] == [("verified", "mixed")] * 2
    history = claim_detail(db, claim_ids[0]).history
    assert [e.action for e in history].count("undo") == 2 and [e.action for e in history].count("redo") == 2


def test_undo_is_per_reviewer(db, claim_ids):
    set_status(db, claim_ids[:1], reviewer="ana", status="in_review")
    with pytest.raises(ClaimsError, match="nothing to undo for reviewer bo"):
        undo_last(db, reviewer="bo")


def test_stale_version_is_refused(db, claim_ids):
    set_status(db, claim_ids[:1], reviewer="ana", status="in_review")
    with pytest.raises(StaleVersion, match="changed by ana"):
        set_status(db, claim_ids[:1], reviewer="bo", status="not_checkable",
                   expected_versions={claim_ids[0]: 1})


def test_fact_check_url_change_is_undoable(db, claim_ids):
    from claims.services.claimreview import set_fact_check_url

    set_fact_check_url(db, claim_ids[0], "https://factcheck.example/a", reviewer="ana")
    undo_last(db, reviewer="ana")
    with db.session() as s:
        assert s.get(Claim, claim_ids[0]).fact_check_url is None


def _state(db, claim_id):
    with db.session() as s:
        claim = s.get(Claim, claim_id)
        return claim.status, claim.verdict


def test_a_change_undone_after_a_new_change_was_undone_is_not_redone(db, claim_ids):
    """A, undo, B, undo, redo: redo puts back B. It put back A, a change whose redo B had
    ended (and a second redo then put B over it)."""
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    set_status(db, [b], reviewer="ana", status="verified", verdict="false")
    undo_last(db, reviewer="ana")
    assert redo_last(db, reviewer="ana").claim_ids == [b]
    assert _state(db, a) == ("unverified", None) and _state(db, b) == ("verified", "false")
    with pytest.raises(ClaimsError, match="nothing to redo"):
        redo_last(db, reviewer="ana")


def test_a_run_of_undos_is_redone_in_order_after_an_earlier_undo_and_redo(db, claim_ids):
    """A, undo, redo, B, undo, undo: both are redoable, A first (its earlier undo was redone
    before B was made)."""
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    redo_last(db, reviewer="ana")
    set_status(db, [b], reviewer="ana", status="not_checkable")
    undo_last(db, reviewer="ana")
    undo_last(db, reviewer="ana")
    assert redo_last(db, reviewer="ana").claim_ids == [a]
    assert redo_last(db, reviewer="ana").claim_ids == [b]
    assert _state(db, a) == ("in_review", None) and _state(db, b) == ("not_checkable", None)


def test_undo_and_redo_say_which_fields_of_which_claims(db, claim_ids):
    set_status(db, claim_ids, reviewer="ana", status="verified", verdict="false", note="see the figures")
    shown = ", ".join(map(str, sorted(claim_ids)))
    assert undo_last(db, reviewer="ana").summary == f"undid set-status: status, verdict and note of claims {shown}"
    assert redo_last(db, reviewer="ana").summary == f"redid set-status: status, verdict and note of claims {shown}"


def test_redo_takes_the_change_undone_last_since_the_newest_change(db, claim_ids):
    """A, B, undo, C, undo, undo: as in an editor, redo puts back A (undone last), then C; B's
    redo was ended by C. Redo took C first, and then A never (refused as changed since)."""
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")            # A
    set_status(db, [b], reviewer="ana", status="in_review")            # B
    undo_last(db, reviewer="ana")                                      # B undone
    set_status(db, [a], reviewer="ana", status="verified", verdict="false")  # C
    undo_last(db, reviewer="ana")                                      # C undone
    undo_last(db, reviewer="ana")                                      # A undone
    assert _state(db, a) == ("unverified", None)
    assert "status of claim" in redo_last(db, reviewer="ana").summary
    assert _state(db, a) == ("in_review", None)                        # A back
    redo_last(db, reviewer="ana")
    assert _state(db, a) == ("verified", "false") and _state(db, b) == ("unverified", None)  # C, not B
    with pytest.raises(ClaimsError, match="nothing to redo"):
        redo_last(db, reviewer="ana")


def test_a_redo_then_a_new_change_ends_the_redo_of_what_is_still_undone(db, claim_ids):
    """A, B, undo, undo, redo, C, undo: redo puts back C only (B's redo ended with C)."""
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")
    set_status(db, [b], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    undo_last(db, reviewer="ana")
    redo_last(db, reviewer="ana")                                      # A back
    set_status(db, [a], reviewer="ana", status="not_checkable")       # C
    undo_last(db, reviewer="ana")
    redo_last(db, reviewer="ana")
    assert _state(db, a) == ("not_checkable", None) and _state(db, b) == ("unverified", None)
    with pytest.raises(ClaimsError, match="nothing to redo"):
        redo_last(db, reviewer="ana")


def test_another_reviewers_changes_end_nothing_of_ones_redo(db, claim_ids):
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    set_status(db, [b], reviewer="bo", status="in_review")
    undo_last(db, reviewer="bo")
    redo_last(db, reviewer="ana")
    assert _state(db, a) == ("in_review", None) and _state(db, b) == ("unverified", None)


def _as_before_markers(db):
    """The log as a version before undos named their change left it (no 'batch' rows)."""
    with db.session() as s:
        for e in s.exec(select(Event).where(Event.field == "batch")).all():
            s.delete(e)


def test_changes_undone_before_the_upgrade_are_all_redone_in_order(db, claim_ids):
    """A, B, undo, undo by the older version: redo puts back A, then B (after the first redo,
    which writes a named row, B was lost for good)."""
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")
    set_status(db, [b], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    undo_last(db, reviewer="ana")
    _as_before_markers(db)
    assert redo_last(db, reviewer="ana").claim_ids == [a]
    assert redo_last(db, reviewer="ana").claim_ids == [b]
    with pytest.raises(ClaimsError, match="nothing to redo"):
        redo_last(db, reviewer="ana")


def test_a_change_undone_before_the_upgrade_after_a_new_one_is_not_redone(db, claim_ids):
    """A, undo, B, undo by the older version: redo puts back B only (the older rule's case)."""
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    set_status(db, [b], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    _as_before_markers(db)
    assert redo_last(db, reviewer="ana").claim_ids == [b]
    with pytest.raises(ClaimsError, match="nothing to redo"):
        redo_last(db, reviewer="ana")


def test_undos_before_and_after_the_upgrade_are_all_redone(db, claim_ids):
    a, b = claim_ids
    set_status(db, [a], reviewer="ana", status="in_review")
    set_status(db, [b], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")       # B, by the older version
    _as_before_markers(db)
    undo_last(db, reviewer="ana")       # A, by this one
    assert redo_last(db, reviewer="ana").claim_ids == [a]
    assert redo_last(db, reviewer="ana").claim_ids == [b]
    assert _state(db, a) == _state(db, b) == ("in_review", None)


def test_the_history_shows_no_row_naming_the_change_an_undo_undid(db, claim_ids):
    """That row is for redo (which change an undo undid); it showed in `claims history` as a
    field 'batch' set to a 32-character id beside the undo's own rows, and counted in --limit."""
    from claims.services.team import history

    set_status(db, claim_ids[:1], reviewer="ana", status="in_review")
    undo_last(db, reviewer="ana")
    redo_last(db, reviewer="ana")
    shown = history(db, reviewer="ana")
    assert [e.field for e in shown] == ["status", "status", "status"]
    assert len(history(db, reviewer="ana", limit=2)) == 2
