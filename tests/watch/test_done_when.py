"""The issue's 'done when', past the command line: the repeat a poll brought shows on the desk's
repeats screen and in the morning report."""

from __future__ import annotations

from datetime import timedelta

from claims.models import utcnow
from claims.report import build_report, render_html
from claims.services.watch_run import Poller
from db import Database
from tui.app import ClaimsApp
from tui.screens.repeats import RepeatsScreen
from tui.testing import settle

from .site import CHECKED
from .util import checked_then_repeated


async def test_the_repeat_a_poll_brought_is_on_the_desk_and_in_the_report(site, tmp_path, watch_clock):
    db = Database(str(tmp_path / "desk.db"))
    try:
        started = utcnow()
        cid = checked_then_repeated(db, site)
        [repeat] = [r for report in Poller(db).run_pass(everything=True) for r in report.repeats]
        assert (repeat.kind, repeat.claim_id, repeat.outlet) == ("repeat", cid, "Northline News")
        async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, RepeatsScreen)
            [shown] = [r for r in screen.repeats if r.kind == "repeat"]
            assert shown.claim == CHECKED and shown.verdict == "false"
            assert shown.fact_check_url == "https://factdesk.example/checks/evacuations"
        page = render_html(build_report(db, since=started - timedelta(minutes=1)))
        assert CHECKED in page and "Northline News" in page
        assert 'href="https://factdesk.example/checks/evacuations"' in page
    finally:
        db.close()
