"""The desk as a test meets it: a desk file holding the one claim of
:func:`tests.hostile.record_file`, put there by the real CLI, and the real app open on it."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from db import Database
from tests.hostile import record_file, run
from tui.app import ClaimsApp
from tui.entry import cli
from tui.testing import notifications_told, settle


def one_claim_desk(tmp_path: Path) -> str:
    """A new SQLite desk with one imported claim; its path."""
    desk = str(tmp_path / "desk.db")
    done = CliRunner().invoke(cli, ["--db", desk, "import", record_file(tmp_path)])
    assert done.exit_code == 0, done.output
    return desk


@asynccontextmanager
async def open_desk(desk: str, *, size: tuple[int, int] = (100, 30),
                    reviewer: str = "ana") -> AsyncIterator[tuple[ClaimsApp, object, list[str]]]:
    """The app on `desk`, settled: (app, pilot, the notifications it says, as it says them)."""
    db = Database(desk)
    try:
        app = ClaimsApp(db, reviewer=reviewer, watch_interval=0)
        said = notifications_told(app)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            yield app, pilot, said
    finally:
        db.close()


async def press_each(pilot, keys: Iterable[str]) -> None:
    """Each key pressed and the app settled after it."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def claim_seen_desk(tmp_path: Path, n: int, *, notes: int = 0) -> str:
    """A new SQLite desk of one claim seen in `n` articles (a ClaimReview import: the i-th by
    "Outlet i", headline "Story i", published on day i after 2020-01-01: for n up to about 2,500
    every day is past), with `notes` notes set on it after; its path."""
    def work(i: int) -> dict:
        return {"@type": "CreativeWork", "url": f"https://n{i}.example/story", "headline": f"Story {i}",
                "datePublished": (date(2020, 1, 1) + timedelta(days=i)).isoformat(),
                "publisher": {"@type": "Organization", "name": f"Outlet {i}"}}

    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://f.example/1",
              "claimReviewed": "The bridge carries 40,000 vehicles a day, the mayor said on Monday",
              "reviewRating": {"@type": "Rating", "alternateName": "False"},
              "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Mayor Jones"},
                               "firstAppearance": work(0), "appearance": [work(i) for i in range(1, n)]}}
    path = tmp_path / "seen.json"
    path.write_text(json.dumps([review]), encoding="utf-8")
    desk = str(tmp_path / "seen.db")
    db = Database(desk)
    try:
        assert run(db, "import", str(path)).exit_code == 0
        for i in range(notes):
            assert run(db, "set-status", "1", "--note", f"note {i}").exit_code == 0
    finally:
        db.close()
    return desk


def damaged_desk(tmp_path: Path, records: Iterable[dict], damage: Iterable[tuple[str, dict]], *,
                 article: str | None = None) -> str:
    """A new SQLite desk holding `article` (a text file's content, ingested first when given) and
    `records` (imported as JSONL), then each (statement, parameters) of `damage` run on its file
    as another program would edit it (a column no longer what claims writes there); its path."""
    from sqlalchemy import text as sql

    desk = str(tmp_path / "desk.db")
    db = Database(desk)
    try:
        if article is not None:
            (art := tmp_path / "art.txt").write_text(article, encoding="utf-8")
            assert run(db, "ingest", str(art)).exit_code == 0
        (path := tmp_path / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records),
                                                        encoding="utf-8")
        assert run(db, "import", str(path)).exit_code == 0
        with db.engine.begin() as conn:
            for statement, params in damage:
                conn.execute(sql(statement), params)
    finally:
        db.close()
    return desk


def details_read(monkeypatch) -> list:
    """Every claim detail the desk reads from now on (`triage_view.claim_detail`'s results), in order."""
    import claims.services.triage_view as triage_view

    read: list = []
    real = triage_view.claim_detail

    def reading(*args, **kwargs):
        read.append(real(*args, **kwargs))
        return read[-1]

    monkeypatch.setattr(triage_view, "claim_detail", reading)
    return read


async def wait_for(pilot, shown: Callable[[], str], wanted: Callable[[str], bool], *, seconds: float = 10) -> str:
    """What `shown` reads once `wanted` holds for it, or at the deadline (the detail pane loads
    after a short timer, which `wait_for_complete` does not wait for)."""
    deadline = time.monotonic() + seconds
    while not wanted(shown()) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return shown()
