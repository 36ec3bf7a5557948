"""A thirty-first hostile pass, part a (issue 15's classes 1-5, other inputs than passes 1-30).
Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and on
PostgreSQL; the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from tests.hostile import record_file, run

# --- wrong place silently: two evidence links that differ in their fragment were one ------------------------
#
# `set-status 1 --evidence 'https://app.example/#!/report/1' --evidence 'https://app.example/#!/report/2'`
# stored the first link only, and `--evidence 'https://gov.example/budget.pdf#page=40'` on a claim
# citing '...#page=12' stored nothing: exit 0, 'claim 1: unverified', no word of the link left out.
# Pass 29 made one address written two ways one evidence link, comparing them as the watch list
# does (`normal_url`, which drops the fragment: a server is never sent it). What a reader is sent
# to is another matter: a page of a PDF, a hash-routed page, a text fragment are other evidence.
# Evidence links are now the same only when they are the same with their fragments.


@pytest.mark.parametrize("links", [
    ["https://app.example/#!/report/1", "https://app.example/#!/report/2"],
    ["https://gov.example/budget.pdf#page=12", "https://gov.example/budget.pdf#page=40"],
    ["https://e.example/1#:~:text=taxes%20rose", "https://e.example/1#:~:text=taxes%20fell"],
])
def test_evidence_links_differing_in_their_fragment_are_two_links(db, tmp_path, links):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    both = run(db, "set-status", "1", *[a for link in links for a in ("--evidence", link)])
    assert both.exit_code == 0, both.output
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == links, shown["evidence"]  # was: the first only
    assert run(db, "set-status", "1", "--replace-evidence", "--evidence", links[0]).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", links[1]).exit_code == 0  # one at a time
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == links, shown["evidence"]


def test_imported_evidence_differing_in_fragments_is_kept_whole(db, tmp_path):
    links = ["https://gov.example/budget.pdf#page=12", "https://gov.example/budget.pdf#page=40"]
    done = run(db, "import", record_file(tmp_path, evidence=links))
    assert done.exit_code == 0, done.output
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == links, shown["evidence"]


@pytest.mark.parametrize("same", ["HTTPS://E.EXAMPLE/1", "https://e.example:443/1", "https://e.example/1#",
                                  "https://e.example/%31"])
def test_one_address_written_another_way_is_still_one_link(db, tmp_path, same):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "https://e.example/1").exit_code == 0
    assert run(db, "set-status", "1", "--evidence", same).exit_code == 0
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == ["https://e.example/1"], shown["evidence"]


# --- tracebacks: a week that runs past the calendar's last day -----------------------------------------------
#
# `set-date 1 'week of 9999-12-27'` (and 'the week of 9999-12-31', `list --until 'week of 9999-12-30'`)
# ended in an OverflowError traceback: the reader checks each number of a typed date against the
# seven days of its week, and 9999-12-27 + 5 days is no date Python has. A typed date's week must
# end by 9999-12-31, as its day must: refused in one line where dates are read (claims.dates).


@pytest.mark.parametrize("typed", ["week of 9999-12-27", "the week of 9999-12-31", "week beginning 31 December 9999"])
def test_a_week_past_the_last_date_is_refused_in_one_line(db, tmp_path, typed):
    from tests.hostile import one_line_error

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-date", "1", typed), repr(typed), "9999-12-31")
    one_line_error(run(db, "list", "--until", typed), repr(typed), "9999-12-31")
    one_line_error(run(db, "list", "--since", typed), repr(typed), "9999-12-31")
    assert run(db, "set-date", "1", "week of 9999-12-25").exit_code == 0  # its last day 9999-12-31
    assert json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])["date"] == "9999-12-25"
    assert run(db, "list", "--until", "week of 9999-12-25").exit_code == 0
