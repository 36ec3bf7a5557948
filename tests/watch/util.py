"""Small helpers for the watch tests: counting rows, waiting on a condition (never on the clock)."""

from __future__ import annotations

import time

import pytest
from sqlmodel import func, select


def count(db, model) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def wait_for(condition, what: str, timeout: float = 60.0) -> None:
    """Poll for a condition (a row, a request reaching the server), failing with `what` after
    `timeout` seconds: a bound for a hung process, not a guess at how long things take."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def checked_then_repeated(db, site) -> int:
    """Watch and poll both feeds, verify the evacuation claim (false, with a published check),
    then put a story repeating it in other words online. Returns the checked claim's id."""
    from claims.models import Claim
    from claims.services import watch
    from claims.services.review import set_status
    from claims.services.watch_run import Poller

    from .site import CHECKED, REPEAT_STORY

    for feed in ("/courier.xml", "/northline.xml"):
        watch.add_source(db, site.web.url(feed), every=60, reviewer="ana")
    Poller(db).run_pass()
    with db.session() as s:
        claim = s.exec(select(Claim).where(Claim.text == CHECKED)).one()
        cid = claim.id
    set_status(db, [cid], reviewer="ana", status="verified", verdict="false")
    with db.session() as s:
        s.get(Claim, cid).fact_check_url = "https://factdesk.example/checks/evacuations"
    site.story("/northline.xml", "again", "Evacuation praised", REPEAT_STORY, published="2026-03-15")
    return cid
