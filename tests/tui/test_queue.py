"""The queue, driven by keys as a person would; checked on the screen and in the database."""

from __future__ import annotations

import json
import re

from sqlmodel import select

from claims.models import Claim, Event
from claims.services.review import set_status
from tui.app import ClaimsApp
from tui.commands import APP_COMMANDS
from tui.screens.claim import ClaimScreen
from tui.screens.help import HelpScreen
from tui.screens.modals import ConfirmModal, ConflictModal, EvidenceModal, FilterModal
from tui.screens.queue import QueueScreen
from tui.testing import notifications_told, settle


def status_line(app) -> str:
    return str(app.screen.query_one("#status-line").render())


def table_texts(app) -> list[str]:
    table = app.screen.query_one("#claims")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def row_text(app, claim_id) -> str:
    table = app.screen.query_one("#claims")
    return str(table.get_row_at(table.index_of(claim_id))[0])


async def go_to(pilot, claim_id) -> None:
    """Put the cursor on a claim wherever the queue's priority put it (a held claim sinks)."""
    table = pilot.app.screen.query_one("#claims")
    table.move_cursor(row=table.index_of(claim_id))
    await settle(pilot)


def claim(db, claim_id) -> Claim:
    with db.session() as s:
        return s.get(Claim, claim_id)


async def start(pilot):
    await settle(pilot)
    assert isinstance(pilot.app.screen, QueueScreen)


async def test_queue_shows_first_page_with_status_line(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        texts = table_texts(pilot.app)
        assert texts[0].startswith("The bridge carries 40,000 vehicles a day")
        assert len(texts) == 5
        line = status_line(pilot.app)
        assert "rows 1–5 of 5" in line and "all claims" in line and "reviewer tester" in line


async def test_triage_a_claim_to_verified(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("r")  # in review; the cursor moves on to the next claim
        await settle(pilot)
        assert claim(db, ids["top"]).status == "in_review"
        await pilot.press("k", "5")  # back up, verdict false
        await settle(pilot)
        top = claim(db, ids["top"])
        assert (top.status, top.verdict, top.reviewer) == ("verified", "false", "tester")
        table = pilot.app.screen.query_one("#claims")
        assert "false" in str(table.get_row_at(0)[4])


async def test_bulk_select_set_verdict_then_undo_and_redo(seeded):
    db, ids = seeded
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("x", "x")  # mark the first two (x moves down)
        assert "2 selected" in status_line(pilot.app)
        await pilot.press("2")  # mostly true for both
        await settle(pilot)
        marked = [ids["top"], ids["deck"]]
        assert [claim(db, i).verdict for i in marked] == ["mostly_true", "mostly_true"]
        assert claim(db, ids["twin"]).verdict is None
        assert "selected" not in status_line(pilot.app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [(claim(db, i).status, claim(db, i).verdict) for i in marked] == [("unverified", None)] * 2
        assert "unverified" in str(pilot.app.screen.query_one("#claims").get_row_at(0)[4])
        shown = ", ".join(map(str, sorted(marked)))
        # which fields of which claims (it said 'undid set status (4 change(s))': a verdict key's change)
        messages = list(said)
        assert f"undid set-status: status and verdict of claims {shown}" in messages, messages
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert [claim(db, i).verdict for i in marked] == ["mostly_true", "mostly_true"]
        assert f"redid set-status: status and verdict of claims {shown}" in list(said)


async def test_empty_store_and_empty_selection_say_so(desk_db):
    app = ClaimsApp(desk_db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(pilot)
        assert "no claims match" in status_line(pilot.app)
        await pilot.press("5", "x", "c", "l", "ctrl+z")
        await settle(pilot)
        messages = " ".join(said)
        assert "No claim selected" in messages and "nothing to undo" in messages
        assert isinstance(pilot.app.screen, QueueScreen)


async def test_search_box_narrows_the_queue(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("slash")
        await pilot.press(*"drones", "enter")
        await settle(pilot)
        assert table_texts(pilot.app) == ["More than 300 drones were bought for the inspection."]
        assert "search=drones" in status_line(pilot.app) and "of 1" in status_line(pilot.app)


async def test_filter_modal_by_speaker_and_bad_date(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("f")
        assert isinstance(pilot.app.screen, FilterModal)
        pilot.app.screen.query_one("#f-speaker").focus()
        await pilot.press(*"smith")
        pilot.app.screen.query_one("#f-since").focus()
        await pilot.press(*"2024-13-01", "enter")
        assert isinstance(pilot.app.screen, FilterModal)  # refused, with a reason on screen
        assert "not a date" in str(pilot.app.screen.query_one("#filter-error").render())
        await pilot.press(*["backspace"] * 10, "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        assert table_texts(pilot.app) == ["The deck lost 12 percent of its strength since 2019."]
        assert "speaker=smith" in status_line(pilot.app)
        await pilot.press("F")  # clear the filter
        await settle(pilot)
        assert len(table_texts(pilot.app)) == 5


async def test_filter_modal_and_search_box_refuse_what_cannot_be_searched(seeded):
    db, ids = seeded
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("f")
        speaker = pilot.app.screen.query_one("#f-speaker")
        speaker.value = "x" * 301
        speaker.focus()
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, FilterModal)
        assert "speaker: 301 characters; at most 300" in str(pilot.app.screen.query_one("#filter-error").render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash")
        pilot.app.screen.query_one("#search").value = "y" * 501
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen) and len(table_texts(pilot.app)) == 5
        assert any("search: 501 characters" in m for m in said)
        await pilot.press("slash")
        pilot.app.screen.query_one("#search").value = "%"
        await pilot.press("enter")
        await settle(pilot)
        assert table_texts(pilot.app) == []  # no claim holds a %: not every claim


async def test_saved_filter_suggestions_to_review(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("s", "down", "down", "enter")  # all claims, my queue, suggestions to review
        await settle(pilot)
        assert "has suggestions" in status_line(pilot.app)
        assert len(table_texts(pilot.app)) == 2


async def test_claim_view_shows_everything_and_edits(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ClaimScreen)
        shown = screen.query_one("#claim-full").plain
        for part in ("The bridge carries 40,000 vehicles a day.", "Ana Lopez — Mayor", "2026-03-15",
                     "day precision", 'from "on Sunday"', "Northline News", "Bridge traffic and tolls",
                     "tfidf 0.87"):
            assert part in shown, part
        await pilot.press("1")
        await settle(pilot)
        assert claim(db, ids["top"]).verdict == "true"
        await pilot.press("c", *"Traffic count 2025", "ctrl+s")
        await settle(pilot)
        assert claim(db, ids["top"]).verdict_note == "Traffic count 2025"
        await pilot.press("l", *"not a url", "enter")
        assert isinstance(pilot.app.screen, EvidenceModal)
        assert "not an http(s) URL" in str(pilot.app.screen.query_one("#evidence-error").render())
        await pilot.press(*["backspace"] * 9, *"https://example.org/count", "enter")
        await settle(pilot)
        assert json.loads(claim(db, ids["top"]).evidence) == ["https://example.org/count"]
        assert "Traffic count 2025" in pilot.app.screen.query_one("#claim-full").plain
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        table = pilot.app.screen.query_one("#claims")  # done, it sank in the queue's priority
        assert "true" in str(table.get_row_at(table.index_of(ids["top"]))[4])


async def test_help_screen_lists_keys_with_ids(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        from tui.screens.help import binding_rows

        rows = binding_rows(pilot.app.screen.below)
        ids = {r[3] for r in rows}
        assert {"set-verdict-false", "set-status-in-review", "toggle-select", "undo", "search"} <= ids
        # the screen's keys first, then the list's, then the desk's, each under a heading a
        # reviewer reads (the list's came first, headed by its class name 'ClaimTable')
        groups = list(dict.fromkeys(r[0] for r in rows))
        assert groups == ["this screen", "the list", "everywhere"], groups
        table = pilot.app.screen.query_one("#help-dialog").query("Static")[1]
        lines = ["".join(seg.text for seg in table.render_line(y)).strip() for y in range(table.size.height)]
        headings = [line for line in lines if line in ("this screen", "the list", "everywhere", "ClaimTable")]
        assert headings == ["this screen", "the list", "everywhere"], headings
        ours = [r[3] for r in rows if r[0] == "this screen"]
        assert ours[0] == "set-verdict-true" and not ours[-1], ours  # tab and copy after the desk's keys
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, QueueScreen)


async def test_user_keymap_from_config_file(seeded, tmp_path):
    db, ids = seeded
    keys = tmp_path / "xdg-config" / "claims" / "keys.toml"
    keys.parent.mkdir(parents=True)
    keys.write_text('[keys]\nset-verdict-false = "z"\n')
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert claim(db, ids["top"]).verdict == "false"


def test_palette_titles_are_category_action():
    titles = [t for t, _, _ in APP_COMMANDS] + [t for t, _, _ in QueueScreen.PALETTE] + [
        t for t, _, _ in ClaimScreen.PALETTE]
    assert all(re.fullmatch(r"[a-z]+: .+", t) for t in titles), titles
    assert "export: verified claims as CSV" in titles and "view: duplicates" in titles


async def test_palette_runs_a_command(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"view: duplicates")
        await pilot.pause(0.3)  # the palette searches in its own task
        await pilot.press("enter")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "DuplicatesScreen"


async def test_change_by_another_process_is_noticed(seeded):
    db, ids = seeded
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(pilot)
        app.check_store()  # the first look only takes the fingerprint
        await settle(pilot)
        set_status(db, [ids["top"]], reviewer="someone-else", status="verified", verdict="misleading")
        app.check_store()
        await settle(pilot)
        table = app.screen.query_one("#claims")  # done, it sank in the queue's priority
        assert "misleading" in str(table.get_row_at(table.index_of(ids["top"]))[4])
        assert any("database changed" in m for m in said)


async def test_stale_version_opens_conflict_dialog_and_reloads(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        set_status(db, [ids["top"]], reviewer="someone-else", status="in_review")
        await pilot.press("5")
        await settle(pilot)
        assert claim(db, ids["top"]).verdict is None  # not overwritten blindly
        dialog = pilot.app.screen
        assert isinstance(dialog, ConflictModal)
        said = str(dialog.query_one("#conflict-message").render())
        assert said.startswith("Claim 1 was changed by someone-else since you loaded it")
        assert "status unverified -> in_review" in str(dialog.query_one("#conflict-what").render())
        assert "verdict false" in str(dialog.query_one("#conflict-attempt").render())
        await pilot.press("r")  # reload: keep their change
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        assert "in review" in str(pilot.app.screen.query_one("#claims").get_row_at(0)[4])
        assert pilot.app.screen.current_claim_id() == ids["top"]  # back on the claim in question
        assert claim(db, ids["top"]).verdict is None


async def test_conflict_dialog_overwrites_deliberately(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        set_status(db, [ids["top"]], reviewer="someone-else", status="in_review")
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictModal)
        await pilot.press("o")  # overwrite with my verdict, on the version now stored
        await settle(pilot)
        top = claim(db, ids["top"])
        assert (top.status, top.verdict, top.reviewer) == ("verified", "false", "tester")
        assert "false" in str(pilot.app.screen.query_one("#claims").get_row_at(0)[4])


async def test_two_quick_verdicts_on_one_claim_keep_the_last(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("5", "k", "2")  # false, back up before it is stored, mostly true
        await settle(pilot)
        assert claim(db, ids["top"]).verdict == "mostly_true"  # our own first change is no conflict
        assert not isinstance(pilot.app.screen, ConflictModal)


async def test_small_terminal_does_not_crash(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(60, 20)) as pilot:
        await start(pilot)
        for keys in (["f"], ["escape"], ["question_mark"], ["escape"], ["enter"], ["escape"], ["d"],
                     ["escape"], ["a"], ["enter"], ["escape"], ["escape"], ["i"], ["escape"], ["e"],
                     ["escape"], ["j", "G", "g", "x", "p"]):
            await pilot.press(*keys)
            await settle(pilot)
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)


async def test_events_record_the_reviewer(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("n")
        await settle(pilot)
    with db.session() as s:
        assert {(e.reviewer, e.field, e.new) for e in s.exec(select(Event))} == {("ana", "status", "not_checkable")}


def taker(db, claim_id):
    from claims.services.team import taken_by

    held = taken_by(db, [claim_id]).get(claim_id)
    return held.reviewer if held else None


async def test_who_is_on_a_claim_take_and_release(seeded):
    from claims.services.team import take

    db, ids = seeded
    take(db, ids["top"], reviewer="ana")
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await go_to(pilot, ids["top"])
        assert row_text(pilot.app, ids["top"]).startswith("◆ana The bridge carries")
        assert "being reviewed by ana since" in status_line(pilot.app)
        await pilot.press("t")  # ana has it: asks before taking it over
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert "being reviewed by ana since" in str(pilot.app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await settle(pilot)
        assert taker(db, ids["top"]) == "tester"
        assert row_text(pilot.app, ids["top"]).startswith("◆ The bridge")
        assert "you are on it" in status_line(pilot.app)
        await pilot.press("enter")  # the claim view says it too
        await settle(pilot)
        assert "Being reviewed by tester since" in pilot.app.screen.query_one("#claim-full").plain
        await pilot.press("t")  # mine: give it back
        await settle(pilot)
        assert taker(db, ids["top"]) is None
        assert "Being reviewed" not in pilot.app.screen.query_one("#claim-full").plain
        await pilot.press("escape")
        await settle(pilot)
        assert not row_text(pilot.app, ids["top"]).startswith("◆")


async def test_taking_a_free_claim_and_declining_a_takeover(seeded):
    from claims.services.team import take

    db, ids = seeded
    take(db, ids["deck"], reviewer="bo")
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert taker(db, ids["top"]) == "tester"
        await go_to(pilot, ids["deck"])
        await pilot.press("t")  # bo's: asked, and declined
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert taker(db, ids["deck"]) == "bo"


async def test_conflict_in_the_claim_view(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("enter")
        await settle(pilot)
        set_status(db, [ids["top"]], reviewer="bo", status="not_checkable")
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictModal)
        assert "changed by bo" in str(pilot.app.screen.query_one("#conflict-message").render())
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClaimScreen)
        assert "Status: not checkable" in pilot.app.screen.query_one("#claim-full").plain
        await pilot.press("3")  # on the version now shown: no conflict
        await settle(pilot)
        assert claim(db, ids["top"]).verdict == "mixed"


def index_seeded(db):
    from claims.matching import index_keys, pair_keys
    from claims.services.store_index import StoreIndex

    with db.session() as s:
        claims = s.exec(select(Claim)).all()
        StoreIndex(s).add([(c.id, k + pair_keys(k)) for c in claims for k in [index_keys(c.text)]])


async def test_search_a_sentence_with_typos_ranks_similar_claims(seeded):
    db, ids = seeded
    index_seeded(db)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("slash", *"the dek lost twelve percent of its strenght", "enter")
        await settle(pilot)
        texts = table_texts(pilot.app)
        assert texts[0].startswith("The deck lost 12 percent")  # best first, despite the typos
        assert "similar to “the dek lost" in status_line(pilot.app)
        await pilot.press("slash", *"drones", "enter")  # a word or two: plain word match again
        await settle(pilot)
        assert table_texts(pilot.app) == ["More than 300 drones were bought for the inspection."]
        assert "similar" not in status_line(pilot.app)


async def test_search_word_typo_falls_back_to_similar(seeded):
    db, ids = seeded
    index_seeded(db)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("slash", *"drone inspektion", "enter")  # no claim has both words
        await settle(pilot)
        assert table_texts(pilot.app)[0].startswith("More than 300 drones")
        assert "no claim has all these words" in status_line(pilot.app)
        await pilot.press("slash", *"~bridge traffic", "enter")  # ~ asks for similarity outright
        await settle(pilot)
        assert table_texts(pilot.app)[0].startswith("The bridge carries")
        assert "similar to “bridge traffic”" in status_line(pilot.app)


async def test_keymap_from_the_settings_file(seeded, tmp_path):
    """`[keys]` in config.toml (the file `claims config path` names) remaps the desk too."""
    db, ids = seeded
    config = tmp_path / "xdg-config" / "claims" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keys]\nset-verdict-false = "z"\n')
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert claim(db, ids["top"]).verdict == "false"


async def test_the_status_line_spins_while_the_count_runs(seeded, monkeypatch):
    """A count that takes a while (a large desk): the first rows show at once, the status line
    says it is counting (a spinner) instead of a number, then shows the count."""
    import threading

    import tui.screens.queue as queue_screen

    db, _ids = seeded
    released = threading.Event()
    real_count = queue_screen.count

    def held_count(db, flt, **kw):
        released.wait(30)
        return real_count(db, flt, **kw)

    monkeypatch.setattr(queue_screen, "FIRST", 2)  # a first page short of the queue: it is counted
    monkeypatch.setattr(queue_screen, "count", held_count)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        app = pilot.app
        frames = set()
        for _ in range(200):
            if match := re.search(r"of (\S) counting", status_line(app)):
                frames.add(match.group(1))
                if len(frames) >= 2:
                    break
            await pilot.pause(0.02)
        assert len(frames) >= 2, status_line(app)  # it turns
        assert "rows 1–" in status_line(app)
        released.set()
        await settle(pilot)
        assert "of 5 ·" in status_line(app) and "counting" not in status_line(app)


async def test_a_count_the_reviewer_has_left_is_stopped_in_the_database(seeded, monkeypatch):
    """Searching while the whole queue is still being counted stops that count's statement in
    the database (it would otherwise run on, slowing the next page), then counts the search."""
    from sqlalchemy import text

    import tui.screens.queue as queue_screen
    from db.interrupt import Interrupted

    db, _ids = seeded
    real_count, stopped = queue_screen.count, []

    def count(db, flt, *, interrupt):
        if flt.search:
            return real_count(db, flt, interrupt=interrupt)
        try:  # the whole queue's count: a statement that runs for minutes unless stopped
            with db.session() as session, interrupt.watching(session):
                session.connection().execute(text(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) "
                    "SELECT count(*) FROM c")).all()
        except Interrupted:
            stopped.append("whole queue")
            raise
        return 0

    monkeypatch.setattr(queue_screen, "FIRST", 2)  # a first page short of the queue: it is counted
    monkeypatch.setattr(queue_screen, "count", count)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        app = pilot.app
        for _ in range(200):
            if "counting" in status_line(app):
                break
            await pilot.pause(0.02)
        assert "counting" in status_line(app)
        await pilot.press("slash", *"drones", "enter")
        await settle(pilot)  # waits for every worker: the stopped count's too
        assert stopped == ["whole queue"]
        assert "search=drones" in status_line(app) and "of 1" in status_line(app)


async def test_a_similarity_search_of_no_word_is_a_notification_not_an_empty_list(seeded):
    """`~🎉` answered an empty list silently; `claims search '🎉'` refuses it with one line."""
    db, ids = seeded
    index_seeded(db)
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(pilot)
        for typed in ("~🎉", "~%"):
            await pilot.press("slash")
            pilot.app.screen.query_one("#search").value = typed
            await pilot.press("enter")
            await settle(pilot)
            assert len(table_texts(pilot.app)) == 5  # the queue as it was
            assert "similar" not in status_line(pilot.app)
            assert any(f"search {typed[1:]!r} has no word in it: nothing to search for" in m for m in said)
        await pilot.press("slash")
        pilot.app.screen.query_one("#search").value = "%"  # a few symbols: looked for as typed
        await pilot.press("enter")
        await settle(pilot)
        assert table_texts(pilot.app) == []
