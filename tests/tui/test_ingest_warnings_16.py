"""The desk's ingest screen tells what `claims ingest` warns of (issue 15): a header's
`Published:` of a year before 1800 is no date, the article stored undated. `claims ingest`
and `watch run` said so on one line (06080a5); the desk stored it undated without a word.
On both backends (the `db` fixture), through the real screen."""

from __future__ import annotations

from sqlmodel import select

from claims.models import Article
from tui.app import ClaimsApp
from tui.screens.ingest import IngestScreen
from tui.testing import notifications_told, settle

BODY = "Mayor Ana Lopez said the bridge carries 40,000 vehicles a day, and tolls will pay for it.\n"
WARNING = ("its date '12 March 1066' (1066-03-12) is ignored, a year before 1800 being no likely "
           "publication date; the article is stored undated")


def _shown(screen, widget: str) -> str:
    return str(screen.query_one(widget).render())




async def test_the_ingest_screen_warns_of_an_ignored_header_date(db, tmp_path):
    old = tmp_path / "old.txt"
    old.write_text(f"Published: 12 March 1066\n\n{BODY}", encoding="utf-8")
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i", *str(old), "ctrl+e")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IngestScreen) and screen.preview is not None
        # told before anything is stored, as the preview's head says 'no publication date'
        assert f"⚠ {old}: {WARNING}" in _shown(screen, "#i-log"), _shown(screen, "#i-log")
        assert WARNING in _shown(screen, "#i-message")  # in sight, above the claims
        await pilot.press("ctrl+s")
        await settle(pilot)
        log = _shown(screen, "#i-log")
        assert "✓" in log and f"⚠ {old}: {WARNING}" in log, log
        assert "1 warning(s)" in _shown(screen, "#i-message")
    with db.session() as s:
        assert s.exec(select(Article.published)).all() == [None]


async def test_pasted_text_and_many_files_warn_too(db, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Published: 12 March 1066\n\n{BODY}", encoding="utf-8")
    (folder / "b.txt").write_text("Published: 1800-01-01\n\nEngineer Ben Smith said the deck lost 12 percent "
                                  "of its strength since 2019.\n", encoding="utf-8")
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = pilot.app.screen
        screen.query_one("#i-text").focus()
        await pilot.press(*"Published: 12 March 1066", "enter", "enter", *"Critics said more than 300 drones were bought.")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert f"⚠ pasted text: {WARNING}" in _shown(screen, "#i-log"), _shown(screen, "#i-log")
        screen.query_one("#i-text").load_text("")
        screen.query_one("#i-path").focus()
        await pilot.press(*str(folder), "ctrl+e")
        await settle(pilot)
        assert len(screen.files) == 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        log = _shown(screen, "#i-log")
        # the one file whose date is ignored, and not the one of 1800
        assert f"⚠ {folder / 'a.txt'}: {WARNING}" in log and "b.txt" not in log, log
        assert "2 article(s) added" in _shown(screen, "#i-message")
    with db.session() as s:
        assert sorted(map(str, s.exec(select(Article.published)).all())) == ["1800-01-01", "None"]


async def test_a_discarded_preview_takes_its_warnings_with_it(db, tmp_path):
    """A second preview of the form (ctrl+e) discards the first; when it failed (the file gone
    meanwhile) the first one's head and warnings stayed under the error, as if still true."""
    old = tmp_path / "old.txt"
    old.write_text(f"Published: 12 March 1066\n\n{BODY}", encoding="utf-8")
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i", *str(old), "ctrl+e")
        await settle(pilot)
        screen = pilot.app.screen
        assert WARNING in _shown(screen, "#i-log")
        old.unlink()
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert screen.preview is None and "old.txt" in _shown(screen, "#i-message")
        assert WARNING not in _shown(screen, "#i-log") and "claim(s) in" not in _shown(screen, "#i-preview-title")
        await pilot.press("ctrl+s")  # nothing previewed: nothing stored
        await settle(pilot)
    with db.session() as s:
        assert s.exec(select(Article)).all() == []


async def test_an_edit_withdraws_the_warnings_of_the_preview_it_discards(db, tmp_path):
    """The first preview's warning stood in a toast for 10 s after an edit of the form had
    discarded that preview ('preview again'), as if still true: it is told on the screen's
    message line, rewritten when the preview goes."""
    old = tmp_path / "old.txt"
    old.write_text(f"Published: 12 March 1066\n\n{BODY}", encoding="utf-8")
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i", *str(old), "ctrl+e")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.preview is not None and WARNING in _shown(screen, "#i-log")
        screen.query_one("#i-outlet").focus()
        await pilot.press("x")  # the form changed: the preview is discarded
        await settle(pilot)
        assert screen.preview is None
        assert "preview again" in _shown(screen, "#i-message")
        assert not any(WARNING in m for m in said)  # never a toast, which outlived the preview
        assert all(WARNING not in _shown(screen, w) for w in ("#i-message", "#i-log"))
