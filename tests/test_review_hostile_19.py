"""The review of hostile pass 19: what its fixes left behind. Each test fails before its fix."""

from __future__ import annotations

from sqlalchemy import text

from tests.hostile import record_file, run, stored_claims

# --- a month or day 00 stored by an earlier version -----------------------------------------------------
#
# Since 053318f `set-date 1 2024-01-00` is refused; versions before stored it as a month (and
# '2024-00' as a year). Such a date no longer round-trips (an export of it is refused on import),
# and `claims db check` said ok.


def test_db_check_names_a_claim_dated_with_a_month_or_day_00(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    claim = stored_claims(db)[0]
    with db.engine.begin() as conn:  # as an earlier version left it
        conn.execute(text("UPDATE claim SET claim_date = '2024-01-00' WHERE id = :id"), {"id": claim.id})
    done = run(db, "db", "check")
    assert done.exit_code == 1, done.output
    assert f"{claim.id} (2024-01-00)" in done.output and "claims set-date" in done.output, done.output
    assert run(db, "set-date", str(claim.id), "2024-01").exit_code == 0
    assert run(db, "db", "check").exit_code == 0
