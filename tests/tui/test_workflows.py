"""Ingest with preview, export, duplicates and keyset paging, driven as a person would."""

from __future__ import annotations

import random
from pathlib import Path

from sqlmodel import select

from claims.models import Article, Claim, Match
from claims.services.export import export_csv
from claims.services.paging import key_of, page_after, page_before
from claims.services.queries import ClaimFilter, list_claims
from claims.services.review import set_status
from tui.app import ClaimsApp
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.ingest import IngestScreen
from tui.screens.queue import WINDOW, QueueScreen
from tui.testing import notifications_told, settle

SAMPLES = Path(__file__).resolve().parents[2] / "claims" / "samples"


async def test_ingest_a_file_with_preview(desk_db):
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        assert isinstance(pilot.app.screen, IngestScreen)
        await pilot.press(*str(sample), "ctrl+e")
        await settle(pilot)
        screen = pilot.app.screen
        found = len(screen.preview.claims)
        assert found >= 2
        with desk_db.session() as s:
            assert s.exec(select(Article)).first() is None  # a preview stores nothing
        await pilot.press("space")  # untick the first claim
        await pilot.press("ctrl+s")
        await settle(pilot)
        with desk_db.session() as s:
            article = s.exec(select(Article)).one()
            assert article.published.isoformat() == "2026-03-14"
            assert len(s.exec(select(Claim)).all()) <= found - 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        assert pilot.app.screen.query_one("#claims").row_count >= 1


async def test_ingest_pasted_text_and_a_bad_date(desk_db):
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = pilot.app.screen
        screen.query_one("#i-text").focus()
        await pilot.press(*'Mayor Ana Lopez said "the bridge carries 40,000 vehicles a day" on Sunday.')
        screen.query_one("#i-published").focus()
        await pilot.press(*"not a date at all", "ctrl+e")
        assert "publication date" in str(screen.query_one("#i-message").render())
        await pilot.press(*["backspace"] * 17, *"2026-03-15")
        screen.query_one("#i-outlet").focus()
        await pilot.press(*"Northline News", "ctrl+e")
        await settle(pilot)
        assert screen.preview is not None and screen.preview.outlet == "Northline News"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with desk_db.session() as s:
        assert s.exec(select(Article)).one().published.isoformat() == "2026-03-15"


async def test_ingest_a_future_date_needs_the_tick(desk_db, tmp_path):
    """As `claims ingest --allow-future` (issue 15): a typed future date, or one in a file's
    header, is refused with how to accept it; ticking "allow a future date" accepts it."""
    from datetime import date, timedelta

    ahead = (date.today() + timedelta(days=40)).isoformat()
    later = tmp_path / "later.txt"
    later.write_text(f"Published: {ahead}\n\nMayor Ana Lopez said the bridge carries 40,000 vehicles a day.\n")
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = pilot.app.screen
        await pilot.press(*str(later), "ctrl+e")
        await settle(pilot)
        message = str(screen.query_one("#i-message").render())
        assert "in the future" in message and "allow a future date" in message and screen.preview is None
        screen.query_one("#i-published").focus()
        await pilot.press(*ahead, "ctrl+e")
        assert "allow a future date" in str(screen.query_one("#i-message").render())
        screen.query_one("#i-future").value = True
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert screen.preview is not None and screen.preview.published.isoformat() == ahead
        await pilot.press("ctrl+s")
        await settle(pilot)
    with desk_db.session() as s:
        assert s.exec(select(Article)).one().published.isoformat() == ahead


async def test_ingest_a_folder_shows_progress(desk_db):
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i", *str(SAMPLES), "ctrl+e")
        await settle(pilot)
        screen = pilot.app.screen
        assert len(screen.files) == len(list(SAMPLES.glob("*.txt")))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#i-progress").progress == len(screen.files) or not screen.running
        assert "article(s) added" in str(screen.query_one("#i-message").render())
    with desk_db.session() as s:
        assert len(s.exec(select(Article)).all()) == len(list(SAMPLES.glob("*.txt")))


async def test_a_long_article_shows_its_phases_on_the_desk(desk_db, tmp_path, monkeypatch):
    """A long article is read by sections in the preview and stored in phases: the screen's
    bar and message follow each (they said only "Extracting…" for a minute)."""
    from claims.extraction import sections
    from tests.test_ingest_sections import article

    monkeypatch.setattr(sections, "WHOLE_CHARS", 2_000)
    monkeypatch.setattr(sections, "SECTION_CHARS", 1_500)
    told: list[tuple] = []
    real = IngestScreen._phase_told
    monkeypatch.setattr(IngestScreen, "_phase_told", lambda self, *a: told.append(a) or real(self, *a))
    long = tmp_path / "long.txt"
    long.write_text(article(120), encoding="utf-8")
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i", *str(long), "ctrl+e")
        await settle(pilot)
        screen = pilot.app.screen
        extracting = [(done, total) for phase, done, total in told if phase == "extracting"]
        assert len(extracting) > 3 and extracting[-1][0] == extracting[-1][1]
        assert len(screen.preview.claims) >= 100
        assert not screen.query_one("#i-progress").display  # done: the claims are listed
        await pilot.press("ctrl+s")
        await settle(pilot)
        phases = {phase for phase, _, _ in told}
        assert {"storing", "matching"} <= phases
        assert "article(s) added" in str(screen.query_one("#i-message").render())
        assert not screen.query_one("#i-progress").display and not screen.running


async def test_export_writes_the_same_file_as_the_cli(seeded, tmp_path):
    db, ids = seeded
    set_status(db, [ids["top"], ids["drones"]], reviewer="tester", status="verified", verdict="false")
    out = tmp_path / "desk-export.csv"
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.press(*["backspace"] * 40, *str(out), "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
    reference = tmp_path / "reference.csv"
    with open(reference, "w", encoding="utf-8", newline="") as fh:
        export_csv(db, ClaimFilter(status=("verified",), order="id"), fh)
    assert out.read_bytes() == reference.read_bytes()
    assert out.read_text().count("\n") == 3  # header and two claims


async def test_duplicates_accept_undo_and_reject(seeded):
    db, ids = seeded
    with db.session() as s:
        s.add(Match(claim_a_id=ids["deck"], claim_b_id=ids["tolls"], score=0.61, scorer="tfidf",
                    explanation="{}", state="suggested"))
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DuplicatesScreen)
        assert "2 suggested" in str(pilot.app.screen.query_one("#dupes-status").render())
        await pilot.press("a")  # accept the best one: the two bridge claims
        await settle(pilot)
        with db.session() as s:
            assert s.get(Claim, ids["twin"]).canonical_id == ids["top"]
            assert s.get(Match, ids["match"]).state == "confirmed"
        await pilot.press("ctrl+z")
        await settle(pilot)
        with db.session() as s:
            assert s.get(Claim, ids["twin"]).canonical_id is None
            assert s.get(Match, ids["match"]).state == "suggested"
        await pilot.press("x", "x", "r")  # both, rejected in bulk
        await settle(pilot)
        with db.session() as s:
            assert {m.state for m in s.exec(select(Match))} == {"rejected"}


def test_keyset_pages_walk_the_whole_queue_in_order(desk_db):
    rnd = random.Random(3)
    with desk_db.session() as s:
        for i in range(230):
            s.add(Claim(text=f"claim {i}", checkworthiness=rnd.choice([0.1, 0.5, 0.5, 0.9]),
                        claim_date=rnd.choice([None, "2026", "2026-03", "2026-03-01", "2026-03-02"])))
    for order in ("worth", "date", "id"):
        flt = ClaimFilter(order=order)
        expected = [r.id for r in list_claims(desk_db, flt, limit=None)]
        if order == "date":  # the desk puts undated claims last on every backend
            dated = {r.id for r in list_claims(desk_db, flt, limit=None) if r.date}
            expected = [i for i in expected if i in dated] + [i for i in expected if i not in dated]
        walked, key = [], None
        while True:
            page = page_after(desk_db, flt, key, limit=17)
            if not page:
                break
            walked += [r.id for r in page]
            key = key_of(page[-1])
        assert walked == expected, order
        back, key = [], None
        while True:
            page = page_before(desk_db, flt, key, limit=23)
            if not page:
                break
            back = [r.id for r in page] + back
            key = key_of(page[0])
        assert back == expected, order


async def test_window_slides_and_jumps_on_a_larger_queue(desk_db):
    with desk_db.session() as s:
        for i in range(1500):
            s.add(Claim(text=f"claim number {i}", checkworthiness=round(1 - i / 2000, 4)))
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        queue = pilot.app.screen
        table = queue.query_one("#claims")
        for _ in range(30):
            await pilot.press("pagedown")
            await settle(pilot)
        assert queue.start > 0 and len(queue.rows) <= WINDOW
        position = queue.position_of_cursor()
        assert position == 30 * table.visible_rows + 1
        assert queue.rows[table.cursor_row].text == f"claim number {position - 1}"
        for _ in range(25):  # back up past the window's first row: it slides back
            await pilot.press("pageup")
            await settle(pilot)
        position = queue.position_of_cursor()
        assert position == 5 * table.visible_rows + 1
        assert queue.rows[table.cursor_row].text == f"claim number {position - 1}"
        await pilot.press("G")
        await settle(pilot)
        assert queue.position_of_cursor() == 1500
        assert "of 1,500" in str(queue.query_one("#status-line").render())
        await pilot.press("g")
        await settle(pilot)
        assert queue.position_of_cursor() == 1 and queue.rows[0].text == "claim number 0"


def canonical_of(db, claim_id):
    with db.session() as s:
        return s.get(Claim, claim_id).canonical_id


async def test_merge_marked_claims_from_the_queue_then_undo(seeded):
    from tui.screens.modals import ConfirmModal

    db, ids = seeded
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        queue = pilot.app.screen
        await pilot.press("m")  # nothing marked: says how
        assert isinstance(pilot.app.screen, QueueScreen)
        assert any("Mark two or more" in m for m in said)
        await pilot.press("j", "j", "x", "k", "k", "k", "x")  # mark the twin first (x moves on), then the top
        await pilot.press("m")
        assert isinstance(pilot.app.screen, ConfirmModal)
        question = str(pilot.app.screen.query_one("#confirm-question").render())
        assert f"into #{ids['twin']}" in question and f"#{ids['top']}" in question
        await pilot.press("y")
        await settle(pilot)
        assert canonical_of(db, ids["top"]) == ids["twin"]  # into the first marked
        assert len(queue.rows) == 4 and "selected" not in str(queue.query_one("#status-line").render())
        twin = next(r for r in queue.rows if r.id == ids["twin"])
        assert twin.appearances == 2
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert canonical_of(db, ids["top"]) is None
        assert len(queue.rows) == 5


async def test_merge_declined_changes_nothing(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("x", "x", "m", "n")
        await settle(pilot)
        assert canonical_of(db, ids["deck"]) is None
        assert "2 selected" in str(pilot.app.screen.query_one("#status-line").render())


async def test_claim_view_accepts_rejects_and_unmerges_duplicates(seeded):
    db, ids = seeded
    with db.session() as s:  # a second suggestion for the top claim
        s.add(Match(claim_a_id=ids["top"], claim_b_id=ids["tolls"], score=0.5, scorer="tfidf",
                    explanation="{}", state="suggested"))
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = pilot.app.screen.query_one("#claim-full").plain
        assert f"▶ #{ids['twin']}" in shown and f"  #{ids['tolls']}" in shown
        await pilot.press("right_square_bracket", "R")  # the ▶ on the tolls claim: not a duplicate
        await settle(pilot)
        with db.session() as s:
            states = {m.claim_b_id: m.state for m in s.exec(select(Match))}
        assert states == {ids["twin"]: "suggested", ids["tolls"]: "rejected"}
        await pilot.press("right_square_bracket")  # wraps round to the twin
        assert f"▶ #{ids['twin']}" in pilot.app.screen.query_one("#claim-full").plain
        await pilot.press("A")
        await settle(pilot)
        assert canonical_of(db, ids["twin"]) == ids["top"]
        shown = pilot.app.screen.query_one("#claim-full").plain
        assert f"Merged duplicates: #{ids['twin']}" in shown and "2 appearance(s)" in shown
        await pilot.press("U")  # the ▶ still on the (now confirmed) twin: split it off again
        await settle(pilot)
        assert canonical_of(db, ids["twin"]) is None
        assert "Merged duplicates" not in pilot.app.screen.query_one("#claim-full").plain
        await pilot.press("escape")
        await settle(pilot)
        assert len(pilot.app.screen.rows) == 5


async def test_the_ingest_forms_date_and_outlet_labels_stand_apart(desk_db):
    """'Publication date (any form: 2024-04-14, 14 April 2024)Outlet' on a 110-column desk:
    the date's label filled its column and ran into the outlet's."""
    from textual.widgets import Input, Label

    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        labels = {str(label.render()): label for label in pilot.app.screen.query(Label)}
        date, outlet = labels["Publication date"], labels["Outlet"]
        assert date.region.y == outlet.region.y
        assert outlet.region.x - date.region.right >= 2, (date.region, outlet.region)
        published = pilot.app.screen.query_one("#i-published", Input)
        assert "2024-04-14" in str(published.placeholder)  # the forms it takes, still said
