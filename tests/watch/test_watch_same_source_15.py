"""`claims watch add` of one feed written another way (issue 15): `HTTP://Example.com/feed`,
`.../feed#top` and `http://example.com:80/feed` were each watched again, so every poll read
the feed twice or more. A URL is stored in one form (scheme and host in lower case, the
default port and the fragment dropped) and a second form of it is refused on one line,
naming the source it is. A trailing slash is another path (a server may answer it with
another page): `/feed/` stays a source of its own."""

from __future__ import annotations

import json

import pytest

from claims.links import normal_url
from claims.models import WatchSource


@pytest.mark.parametrize("given, stored", [
    ("HTTP://Example.COM/feed", "http://example.com/feed"),
    ("http://example.com/feed#top", "http://example.com/feed"),
    ("http://example.com:80/feed", "http://example.com/feed"),
    ("https://example.com:443/a/B?x=Y#z", "https://example.com/a/B?x=Y"),
    ("https://example.com:8443/feed", "https://example.com:8443/feed"),
    ("http://example.com", "http://example.com/"),
    ("http://[::1]:80/feed", "http://[::1]/feed"),
    ("http://example.com/feed/", "http://example.com/feed/"),
])
def test_one_form_of_a_url(given, stored):
    assert normal_url(given) == stored


def test_another_form_of_a_watched_url_is_refused(invoke_for, db):
    added = invoke_for(db, "watch", "add", "HTTP://Example.com/feed#latest")
    assert added.exit_code == 0, added.output
    for again, told in (("http://example.com/feed", "already watched (source 1)"),
                        ("http://EXAMPLE.com:80/feed#x", "already watched, as http://example.com/feed (source 1)")):
        refused = invoke_for(db, "watch", "add", again)
        assert refused.exit_code == 1, refused.output
        assert refused.stderr == f"claims: error: {again}: {told}\n"
    slash = invoke_for(db, "watch", "add", "http://example.com/feed/")
    assert slash.exit_code == 0, slash.output  # another path
    listed = [json.loads(line)["source"] for line in
              invoke_for(db, "watch", "list", "--format", "jsonl").output.splitlines()]
    assert listed == ["http://example.com/feed", "http://example.com/feed/"]


def test_a_source_stored_before_in_another_form_is_found(invoke_for, db):
    with db.session() as s:  # as an older version stored it: as given
        s.add(WatchSource(source="HTTP://Example.com/feed", every=1800, added_by="x"))
    refused = invoke_for(db, "watch", "add", "http://example.com/feed")
    assert refused.exit_code == 1
    assert "already watched, as HTTP://Example.com/feed (source 1)" in refused.stderr
