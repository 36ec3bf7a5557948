"""Sources an older version stored in forms that are one URL (issue 15, after ea6e2ac):
`HTTP://Example.com/feed` and `http://example.com/feed#top` stayed two rows, each polled, the
feed read twice a pass, and nothing said so. `watch list` and `db check` name them and what
to do (`claims watch remove N`); nothing is changed for the user."""

from __future__ import annotations

import json

from claims.models import WatchSource


def _old_rows(db, *sources):
    with db.session() as s:  # as an older version stored them: as given
        for source in sources:
            s.add(WatchSource(source=source, every=1800, added_by="x"))


WARNING = ("claims: warning: watched sources 1 and 3 are one URL (http://example.com/feed), which each "
           "pass reads 2 times: keep one (`claims watch remove 3`)\n")


def test_watch_list_names_sources_that_are_one_url(invoke_for, db):
    _old_rows(db, "HTTP://Example.com/feed", "http://example.com/other", "http://example.com/feed#top",
              "http://Bücher.example/x", "http://xn--bcher-kva.example/x", "https://xn--bcher-kva.example/x")
    listed = invoke_for(db, "watch", "list", "--format", "jsonl")
    assert listed.exit_code == 0, listed.output
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [1, 2, 3, 4, 5, 6]
    assert listed.stderr == WARNING + (
        "claims: warning: watched sources 4 and 5 are one URL (http://xn--bcher-kva.example/x), which each "
        "pass reads 2 times: keep one (`claims watch remove 5`)\n")
    assert invoke_for(db, "watch", "remove", "5").exit_code == 0
    assert invoke_for(db, "watch", "list").stderr == WARNING


def test_db_check_names_them_as_a_warning(invoke_for, db):
    _old_rows(db, "HTTP://Example.com/feed", "http://example.com/other", "http://example.com/feed#top")
    checked = invoke_for(db, "db", "check")
    assert checked.exit_code == 0, checked.output
    assert "warning: " + WARNING.removeprefix("claims: warning: ") in checked.stdout
    assert "1 warning(s)" in checked.stderr


def test_nothing_is_said_of_distinct_sources(invoke_for, db):
    _old_rows(db, "http://example.com/feed", "http://example.com/feed/", "https://example.com/feed")
    assert invoke_for(db, "watch", "list").stderr == ""
    assert "warning" not in invoke_for(db, "db", "check").output


def test_a_file_watched_again_is_refused_as_a_url_is(invoke_for, db, tmp_path, monkeypatch):
    (tmp_path / "feed.xml").write_text("<rss version='2.0'><channel><title>x</title></channel></rss>")
    monkeypatch.chdir(tmp_path)
    assert invoke_for(db, "watch", "add", "feed.xml").exit_code == 0
    stored = str((tmp_path / "feed.xml").resolve())
    for again, told in (("feed.xml", f"already watched, as {stored} (source 1)"),
                        (stored, "already watched (source 1)")):
        refused = invoke_for(db, "watch", "add", again)
        assert refused.exit_code == 1 and refused.stderr == f"claims: error: {again}: {told}\n"
