"""Watch fixtures: the local news site, a clock for leases and schedules, a quiet config."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.web.conftest import clock  # noqa: F401  (a fixture: polite's fake clock; `web`, the local server, is tests/conftest's)

from .site import FARES_STORY, LEVEE_STORY, NewsSite


class WatchClock:
    """`claims.services.watch.now` in tests: moves only when told to."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def watch_clock(monkeypatch) -> WatchClock:
    from claims.services import watch

    fake = WatchClock()
    monkeypatch.setattr(watch, "now", fake.now)
    return fake


@pytest.fixture
def site(web) -> NewsSite:  # noqa: F811
    """Two feeds, one story each: the levee story (with the claim to check) and the fares story."""
    news = NewsSite(web)
    news.feed("/courier.xml", "Harbour Courier")
    news.feed("/northline.xml", "Northline News")
    news.story("/courier.xml", "levee", "Levee gives way", LEVEE_STORY)
    news.story("/northline.xml", "fares", "Fares rise", FARES_STORY)
    return news


@pytest.fixture
def config_file(tmp_path, monkeypatch):
    """A settings file for commands run as subprocesses (no pause between local requests, and
    the feeds' links may reach the test's own server on 127.0.0.1)."""
    path = tmp_path / "config.toml"
    path.write_text("[web]\ndelay = 0\nallow_private_addresses = true\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(path))
    return path


@pytest.fixture
def invoke_for(runner):
    """Run a `claims` command in-process against a `db` fixture's database (either backend)."""
    from tui.entry import cli

    def run(db, *args: str):
        return runner.invoke(cli, [*args, "--db", db.url], catch_exceptions=False)

    return run
