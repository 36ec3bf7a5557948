"""Findings of the review of this session's issue 15 work (pass 18 and the open items), each
with the case that failed before its fix:

- the desk's date dialog read a merged claim's own (hidden) date while `set-date` changes its
  cluster's canonical claim: the dialog showed "none" and every save was refused as stale;
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claims.cli import cli
from claims.errors import StaleVersion
from claims.services.claim_dates import date_context, set_claim_date
from tests.conftest import SAMPLES



def _run(db, *args: str) -> str:
    done = CliRunner().invoke(cli, [*args, "--db", db.url], env={"CLAIMS_REVIEWER": "ana"})
    assert done.exit_code == 0, done.output
    return done.output


# --- the desk's date dialog on a merged claim ------------------------------------------------------------


def test_the_date_dialog_of_a_merged_claim_shows_and_stores_its_clusters_date(db):
    _run(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"))
    _run(db, "set-date", "1", "2024-01-05")
    _run(db, "merge", "1", "2")  # claim 2 merged into claim 1
    seen = date_context(db, 2)  # what the dialog opens with on claim 2's screen
    assert (seen.claim_id, seen.current) == (1, "2024-01-05 (day)")
    stored = set_claim_date(db, 2, "2023-05", reviewer="ana", expected=seen)
    assert (stored.claim_id, stored.date.date, stored.changed) == (1, "2023-05", True)
    assert "date: 2023-05 (month)" in _run(db, "show", "2")


def test_a_claim_merged_away_after_its_dialog_opened_is_a_conflict_not_a_silent_redirect(db):
    _run(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"))
    seen = date_context(db, 2)
    _run(db, "merge", "1", "2")
    with pytest.raises(StaleVersion, match="claim 2: merged into claim 1 since you opened it"):
        set_claim_date(db, 2, "2023-05", reviewer="ana", expected=seen)
