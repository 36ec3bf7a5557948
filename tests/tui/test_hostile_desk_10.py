"""Desk cases of the tenth hostile pass (issue 15): a settings key id that names no binding."""

from __future__ import annotations

from tests.hostile import record_file


def _keys(tmp_path, monkeypatch, entries: str) -> None:
    """A settings file whose [keys] table holds `entries`, and no keys file beside it."""
    config = tmp_path / "config.toml"
    config.write_text("[keys]\n" + entries, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(config))
    monkeypatch.setenv("CLAIMS_KEYS", str(tmp_path / "no-keys.toml"))


async def test_a_misspelt_key_id_is_said_not_ignored(tmp_path, monkeypatch):
    """`[keys] set-verdict-flase = "9"` was ignored without a word (Textual skips an id no
    binding has): the reviewer pressed 9 and nothing happened. The desk says so when it opens;
    the other keys of the file are taken."""
    from claims.services.importer import import_source
    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    _keys(tmp_path, monkeypatch, 'set-verdict-flase = "9"\nset-verdict-true = "8"\n')
    db = Database(str(tmp_path / "desk.db"))
    notes: list[str] = []
    try:
        import_source(db, record_file(tmp_path), reviewer="tester")
        app = ClaimsApp(db, reviewer="tester", watch_interval=0)
        app.notify = lambda message, **kw: notes.append(message)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("8")
            await settle(pilot)
        assert any("[keys] set-verdict-flase: no key binding has this id" in n for n in notes), notes
        with db.session() as s:
            from sqlmodel import select

            from claims.models import Claim

            assert s.exec(select(Claim.verdict)).one() == "true"  # the right one is taken
    finally:
        db.close()


async def test_the_key_ids_of_the_article_and_repeat_tables_are_known(tmp_path, monkeypatch):
    """`[keys] articles-down-vim = "n"` (a binding of the articles' table, not of its screen)
    was dropped as "no key binding has this id" (found in review of 26eec7c)."""
    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    _keys(tmp_path, monkeypatch, 'articles-down-vim = "n"\nrepeats-down-vim = "n"\n')
    db = Database(str(tmp_path / "desk.db"))
    notes: list[str] = []
    try:
        app = ClaimsApp(db, reviewer="tester", watch_interval=0)
        app.notify = lambda message, **kw: notes.append(message)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
        assert not any("no key binding has this id" in n for n in notes), notes
    finally:
        db.close()
