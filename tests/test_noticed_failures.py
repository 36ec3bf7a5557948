"""Small failures noticed in earlier hostile passes (issue 15): a typed date's reason at every
door, a search of no word refused by the services, an import's `extra`, invisible characters
in an import's ids, a publication date's time of day and year, an empty backup target. Each
test fails before its fix."""

from __future__ import annotations

import pytest

from tests.hostile import one_line_error, record_file, run

# --- a typed date says why it is not one, at every door -------------------------------------

NOT_DATES = [
    ("9/3/2026", "its day and month could be either way round"),
    ("three weeks after 9 March 2026", "'after' does not fit a date given by the calendar"),
]


@pytest.mark.parametrize("typed, why", NOT_DATES)
def test_set_date_and_since_give_the_reason_import_gives(db, tmp_path, typed, why):
    """`set-date` and `--since` said "cannot read" / "is not a date" without the reason
    `claims import` gives for the same text."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-date", "1", typed), f"claim date: {typed!r} is not a date ({why}")
    one_line_error(run(db, "list", "--since", typed), f"--since: {typed!r} is not a date ({why}")
    bad = record_file(tmp_path, "bad.jsonl", date=typed)
    one_line_error(run(db, "import", str(bad)), f"date: {typed!r} is not a date ({why}")


# --- a search of no word: refused by the services, for every door ----------------------------


@pytest.mark.parametrize("text", ["🎉", "%", "— …", "\u200b"])
def test_a_similarity_search_of_no_word_is_refused_by_the_service(db, tmp_path, text):
    """Only the CLI refused it; the desk's similar-claims search (the same service) answered
    an empty list, as if nothing like it had been checked."""
    from claims.search_text import BadFilter
    from claims.services.matching import search_claims
    from claims.services.paging import similar_rows
    from claims.services.queries import ClaimFilter

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    with pytest.raises(BadFilter, match="has no word in it: nothing to search for"):
        search_claims(db, text)
    with pytest.raises(BadFilter, match="has no word in it"):
        similar_rows(db, ClaimFilter(), text)
    one_line_error(run(db, "search", text), "has no word in it: nothing to search for")
    assert [h.claim_id for h in search_claims(db, "bridge vehicles")] == [1]  # a word is searched
