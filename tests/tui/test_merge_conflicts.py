"""Merges from the desk are checked against what the reviewer saw, like verdicts are.

Someone else changes a claim (or decides a suggestion) after the desk showed it; the merge
the reviewer then asks for is not written: the conflict dialog says who changed what and
offers reload (keep theirs) or overwrite (merge anyway).
"""

from __future__ import annotations

from sqlmodel import select

from claims.models import Claim, Event, Match
from claims.services.clusters import decide_matches, merge
from claims.services.review import set_status
from tui.app import ClaimsApp
from tui.screens.claim import ClaimScreen
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.modals import ConfirmModal, ConflictModal
from tui.screens.queue import QueueScreen
from tui.testing import notifications_told, settle


def canonical_of(db, claim_id):
    with db.session() as s:
        return s.get(Claim, claim_id).canonical_id


def merge_events(db) -> int:
    with db.session() as s:
        return len(s.exec(select(Event).where(Event.action.in_(("merge", "accept-match")))).all())


def match_state(db, match_id) -> str:
    with db.session() as s:
        return s.get(Match, match_id).state


def conflict_texts(screen) -> tuple[str, str]:
    assert isinstance(screen, ConflictModal)
    return (str(screen.query_one("#conflict-message").render()),
            str(screen.query_one("#conflict-attempt").render()))


async def mark_top_and_twin(pilot) -> QueueScreen:
    """Queue order: top, deck, twin, drones, tolls. Marks top, then twin (x moves on)."""
    await settle(pilot)
    queue = pilot.app.screen
    assert isinstance(queue, QueueScreen)
    await pilot.press("x", "j", "x")
    assert "2 selected" in str(queue.query_one("#status-line").render())
    return queue


async def test_queue_merge_over_a_change_by_someone_else_asks_and_writes_nothing(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        queue = await mark_top_and_twin(pilot)
        set_status(db, [ids["twin"]], reviewer="bo", status="in_review")  # after the desk showed it
        await pilot.press("m")
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        said, attempted = conflict_texts(pilot.app.screen)
        assert said.startswith(f"Claim {ids['twin']} was changed by bo since you loaded it")
        assert f"merge #{ids['twin']} into #{ids['top']}" in attempted
        assert canonical_of(db, ids["twin"]) is None and merge_events(db) == 0  # nothing half-written
        await pilot.press("r")  # reload: keep theirs, and look again
        await settle(pilot)
        assert pilot.app.screen is queue
        twin = next(r for r in queue.rows if r.id == ids["twin"])
        assert twin.status == "in_review" and canonical_of(db, ids["twin"]) is None
        assert "2 selected" in str(queue.query_one("#status-line").render())  # still marked
        await pilot.press("m", "y")  # now on the version shown: merged
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConflictModal)
        assert canonical_of(db, ids["twin"]) == ids["top"]


async def test_queue_merge_conflict_overwrite_merges_on_purpose(seeded):
    db, ids = seeded
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await mark_top_and_twin(pilot)
        set_status(db, [ids["top"]], reviewer="bo", status="verified", verdict="mostly_true")
        await pilot.press("m", "y")
        await settle(pilot)
        assert "changed by bo" in conflict_texts(pilot.app.screen)[0]
        await pilot.press("o")
        await settle(pilot)
        assert canonical_of(db, ids["twin"]) == ids["top"]
        with db.session() as s:
            assert s.get(Claim, ids["top"]).verdict == "mostly_true"  # their verdict, now for both
        assert any("merged" in m for m in said)


async def test_queue_merge_of_a_claim_merged_elsewhere_meanwhile_is_refused(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await mark_top_and_twin(pilot)
        merge(db, [ids["tolls"], ids["twin"]], reviewer="bo")  # the twin went into another cluster
        await pilot.press("m", "y")
        await settle(pilot)
        said, _ = conflict_texts(pilot.app.screen)
        assert f"Claim {ids['twin']} was merged into claim {ids['tolls']} since you loaded it" in said
        assert canonical_of(db, ids["twin"]) == ids["tolls"] and canonical_of(db, ids["top"]) is None
        await pilot.press("escape")  # as r: reload
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)


async def test_own_verdict_then_merge_is_no_conflict(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # A verdict on the top claim, then (before or after it is stored) mark it and the next, merge.
        await pilot.press("5", "k", "x", "x", "m", "y")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConflictModal)
        assert canonical_of(db, ids["deck"]) == ids["top"]
        with db.session() as s:
            assert s.get(Claim, ids["top"]).verdict == "false"


async def open_duplicates(pilot) -> DuplicatesScreen:
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DuplicatesScreen)
    return pilot.app.screen


async def test_duplicates_accept_over_a_changed_claim_asks(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        dupes = await open_duplicates(pilot)
        set_status(db, [ids["twin"]], reviewer="bo", status="verified", verdict="false")
        await pilot.press("a")
        await settle(pilot)
        said, attempted = conflict_texts(pilot.app.screen)
        assert said.startswith(f"Claim {ids['twin']} was changed by bo")
        assert f"accept #{ids['top']} + #{ids['twin']}" in attempted
        assert match_state(db, ids["match"]) == "suggested" and canonical_of(db, ids["twin"]) is None
        assert merge_events(db) == 0
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen is dupes
        assert dupes.current().b.verdict == "false"  # their verdict, shown
        await pilot.press("a")
        await settle(pilot)
        assert match_state(db, ids["match"]) == "confirmed" and canonical_of(db, ids["twin"]) == ids["top"]


async def test_duplicates_accept_of_a_suggestion_rejected_meanwhile(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await open_duplicates(pilot)
        decide_matches(db, [ids["match"]], accept=False, reviewer="bo")
        await pilot.press("a")
        await settle(pilot)
        said, _ = conflict_texts(pilot.app.screen)
        assert said.startswith(f"Match {ids['match']} was rejected by bo since you loaded it")
        assert canonical_of(db, ids["twin"]) is None and match_state(db, ids["match"]) == "rejected"
        await pilot.press("o")  # accept it after all, on purpose
        await settle(pilot)
        assert match_state(db, ids["match"]) == "confirmed" and canonical_of(db, ids["twin"]) == ids["top"]


async def test_duplicates_versions_are_read_before_what_is_shown(seeded, monkeypatch):
    """A change landing while the screen loads is never merged over unseen: the versions kept
    are read before the list shown, so such a change reads as a conflict."""
    from tui import writer

    db, ids = seeded
    real, landed = writer.cluster_heads, []

    def heads_then(db_, claim_ids):
        heads = real(db_, claim_ids)
        if ids["twin"] in claim_ids and not landed:  # someone's change lands right after
            landed.append(set_status(db, [ids["twin"]], reviewer="bo", status="in_review"))
        return heads

    monkeypatch.setattr(writer, "cluster_heads", heads_then)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        dupes = await open_duplicates(pilot)
        assert landed and dupes.current().b.status == "in_review"  # the list shown has it
        await pilot.press("a")
        await settle(pilot)
        assert "changed by bo" in conflict_texts(pilot.app.screen)[0]
        assert canonical_of(db, ids["twin"]) is None


async def test_duplicates_change_landing_after_the_list_is_shown_or_asked_about(seeded, monkeypatch):
    """Whatever the order of the screen's reads, a merge never goes over a change it did not show."""
    from tui.screens import duplicates

    db, ids = seeded
    real, landed = duplicates.list_matches, []

    def list_then(*args, **kwargs):
        matches = real(*args, **kwargs)
        if not landed:  # someone's change lands right after the first list is read
            landed.append(set_status(db, [ids["twin"]], reviewer="bo", status="in_review"))
        return matches

    monkeypatch.setattr(duplicates, "list_matches", list_then)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        dupes = await open_duplicates(pilot)
        assert landed
        shown = dupes.current().b.status == "in_review"
        await pilot.press("a")
        await settle(pilot)
        if not shown:
            assert "changed by bo" in conflict_texts(pilot.app.screen)[0]
        merged = canonical_of(db, ids["twin"]) == ids["top"]
        assert shown or not merged


async def test_claim_view_accept_over_a_changed_duplicate_asks(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the top claim; the ▶ on its suggested twin
        await settle(pilot)
        view = pilot.app.screen
        assert isinstance(view, ClaimScreen)
        set_status(db, [ids["twin"]], reviewer="bo", status="not_checkable")
        await pilot.press("A")
        await settle(pilot)
        said, attempted = conflict_texts(pilot.app.screen)
        assert said.startswith(f"Claim {ids['twin']} was changed by bo")
        assert canonical_of(db, ids["twin"]) is None and match_state(db, ids["match"]) == "suggested"
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen is view
        await pilot.press("A")
        await settle(pilot)
        assert canonical_of(db, ids["twin"]) == ids["top"]
        assert f"Merged duplicates: #{ids['twin']}" in view.query_one("#claim-full").plain
