"""A twenty-third hostile pass (issue 15's classes, other inputs than passes 1-22, and the
desk, export -> import, watch, report and team mode more than before). Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux and through its Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from claims.models import Claim
from claims.services.clusters import merge
from claims.services.importer import import_text
from claims.services.review import set_status
from tui.app import ClaimsApp
from tui.screens.modals import ConflictModal
from tui.testing import settle

# --- a verdict on a claim a colleague merged away meanwhile ------------------------------------------
#
# Team mode, tmux: ana's desk showed claim 4 ('the river peaked at 7.4 metres ...', version 3);
# bob ran `claims merge 14 4` ('The money was approved ...'), then ana pressed 5 on claim 4's row:
# the verdict false was stored on claim 14, a claim ana never saw, without the conflict dialog.
# The desk checked the version it saw against the version of the cluster the claim is in now,
# and 14 had reached version 3 too. It now also says which cluster it saw the claim as (what
# `set_status(expected_canonical=)` is for, and the desk's merges already passed), so a claim
# merged into another since is a conflict whatever the versions.

_TEXTS = {"a": "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987.",
          "b": "The council spent 3 million euros on the new bridge across the valley last year."}


def _two_claims_at_one_version(db) -> tuple[int, int]:
    """Claims a and b; a at version 2, so that b, merged into by another, reaches a's version."""
    done = import_text(db, "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in _TEXTS.items()),
                       name="two.jsonl", reviewer="ana")
    a, b = done.claim_ids
    set_status(db, [a], reviewer="ana", note="ask the hydrology office")  # a: version 2
    return a, b


def _state(db, claim_id: int) -> tuple:
    with db.session() as s:
        c = s.get(Claim, claim_id)
        return c.status, c.verdict, c.canonical_id


@pytest.mark.parametrize("where", ["queue", "claim view"])
async def test_a_verdict_on_a_claim_merged_away_meanwhile_asks_first(db, where):
    a, b = _two_claims_at_one_version(db)
    app = ClaimsApp(db, reviewer="ana", watch_interval=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#claims")
        table.move_cursor(row=table.index_of(a))
        if where == "claim view":
            await pilot.press("enter")
            await settle(pilot)
        merge(db, [b, a], reviewer="bob")  # bob, elsewhere: a into b; b goes to version 2
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ConflictModal), type(app.screen)
        said = str(app.screen.query_one("#conflict-message").render())
        assert f"laim {a} was merged into claim {b} since you loaded it" in said, said
    assert _state(db, b) == ("unverified", None, None)  # nothing stored on the claim ana never saw
    assert _state(db, a) == ("unverified", None, b)


# --- a period of things done that starts in the future --------------------------------------------
#
# `claims report --since tomorrow` (or 'next year', 9999-12-31) wrote a report of the period
# '2026-12-07 00:00 to 2026-12-06 08:42': no news, as if nothing had happened; `history --since
# tomorrow` and `repeats --since 'next year'` listed nothing the same way. Changes, repeats and a
# report's news are all done by now: a start to come is refused in one line (`claims list
# --since` reads claim dates, which may lie ahead, and is not this).

@pytest.mark.parametrize("args", [("report", "--format", "md"), ("history",), ("repeats",)])
@pytest.mark.parametrize("since", ["tomorrow", "next year", "9999-12-31", "2999-01-01T00:00+14:00"])
def test_a_since_still_to_come_is_refused(db, tmp_path, args, since):
    from tests.hostile import claims_run, one_line_stderr, record_file

    assert claims_run(db, "import", record_file(tmp_path)).returncode == 0
    done = claims_run(db, *args, "--since", since)
    one_line_stderr(done, f"--since: '{since}' is ", "which is still to come")
    assert done.stdout == b""


@pytest.mark.parametrize("since", ["today", "yesterday", "2026-01-01", "1 January 2000"])
def test_a_since_before_now_still_makes_the_report(db, tmp_path, since):
    from tests.hostile import claims_run, record_file

    assert claims_run(db, "import", record_file(tmp_path)).returncode == 0
    done = claims_run(db, "report", "--format", "md", "--since", since)
    assert done.returncode == 0 and done.stdout.startswith(b"**Morning report**"), done.stderr


# --- the morning report at the start of the calendar, away from UTC -----------------------------------
#
# Pass 5 made `--since 0001-01-01` readable (a traceback before), tried where the tests run (UTC).
# `TZ=America/New_York claims report --since 0001-01-01` (and `TZ=Pacific/Kiritimati`, +14:00) was
# still a traceback: the report shows its period in the local zone, and year 1 moved west (or
# east of year 1's first hours) leaves the calendar ('date value out of range'). Shown in UTC
# there, saying so; and year 1 is '0001', not strftime's '1-01-01'.

@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Kiritimati", "UTC"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_report_from_the_first_day_of_the_calendar_in_any_zone(db, tmp_path, zone, fmt):
    import os
    import subprocess

    from tests.conftest import CLAIMS_BIN
    from tests.hostile import claims_run, record_file

    assert claims_run(db, "import", record_file(tmp_path)).returncode == 0
    done = subprocess.run([str(CLAIMS_BIN), "--db", db.url, "report", "--since", "0001-01-01", "--format", fmt],
                          capture_output=True, timeout=120, env={**os.environ, "TZ": zone})
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode()
    assert b"0001-01-01 00:00" in done.stdout and b" 1-01-01" not in done.stdout


# --- a feed entry dated at an offset no zone has ---------------------------------------------------
#
# Pass 21 refused '+14:01' in an import's reviewed_at and a typed date. A feed's `<pubDate>Sun, 14
# Apr 2024 23:30:00 -1300</pubDate>` or Atom's `2024-04-14T10:00:00+14:30` still dated its article
# (a page without a date of its own) 2024-04-15 / 2024-04-13: feedparser moves the time to UTC by
# the offset it was given. Such a date is none (as a year before 1800 or one past tomorrow is),
# and the page's own date or no date is stored, not another day.

def _feed(*stamps: str) -> bytes:
    items = "".join(f"<item><title>t{i}</title><link>https://news.example/{i}</link><guid>g{i}</guid>"
                    f"<pubDate>{stamp}</pubDate></item>" for i, stamp in enumerate(stamps))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()


def test_a_feed_date_at_an_offset_no_zone_has_dates_nothing():
    import datetime as dt

    from claims.web.feeds import parse_feed

    feed = parse_feed(_feed("Sun, 14 Apr 2024 23:30:00 -1300", "2024-04-14T10:00:00+14:30",
                            "Sun, 14 Apr 2024 10:00:00 +1401", "Sun, 14 Apr 2024 23:30:00 -1200",
                            "2024-04-14T10:00:00+14:00", "Sun, 14 Apr 2024 10:00:00 GMT"), source="f.xml")
    assert [e.published for e in feed.entries] == [None, None, None, dt.date(2024, 4, 15),
                                                    dt.date(2024, 4, 13), dt.date(2024, 4, 14)]
