"""What earlier hostile passes noticed and left (issue 15, the "noticed" list): each test fails
before its fix. Reproduced as a user meets them: the CLI on an SQLite file, the desk through
App.run_test and Pilot."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claims.extraction.fragments import is_fragment
from tests.hostile import record_file, run
from tui.entry import cli


def _listed(db) -> dict[str, str]:
    out = run(db, "list", "--not-a-claim", "--format", "jsonl").output
    return {r["text"]: r["claim_type"] for r in map(json.loads, out.splitlines())}


# --- a short quotation in French or Polish, typed without accents -----------------------------


def test_a_short_quotation_in_another_latin_language_is_no_english_fragment(db, tmp_path):
    """'Nous avons 12 hopitaux.' has no verb of the English lexicon: the fragment rule judged
    it a noun phrase and stored it as no claim (an Arabic quotation was spared for its
    script; one in plain ASCII was not). An English fragment is one still."""
    path = tmp_path / "a.txt"
    path.write_text(
        'The minister said: "Nous avons 12 hopitaux dans la region."\n\n'
        'The mayor told reporters: "Mamy 40 szpitali w regionie."\n\n'
        'The senator said: "Wir haben 12 Krankenhauser."\n\n'
        'The minister said her plan to raise bus fares in the valley.\n', encoding="utf-8")
    assert run(db, "ingest", str(path)).exit_code == 0
    listed = _listed(db)
    assert listed["Nous avons 12 hopitaux dans la region."] == "quantity", listed
    assert listed["Mamy 40 szpitali w regionie."] == "quantity", listed
    assert listed["Wir haben 12 Krankenhauser."] == "quantity", listed
    assert listed["her plan to raise bus fares in the valley"] == "not_a_claim", listed
    # a place's name is no French: a fragment naming one is a fragment still
    assert is_fragment("the old casinos of Las Vegas", quoted=True)
    assert is_fragment("Los Angeles traffic jams", quoted=True)


def test_a_quotation_in_guillemets_after_its_cue_is_a_claim(db, tmp_path):
    """'The minister said: « Nous avons 12 hopitaux. »' gave no claim at all, in French or in
    English: the keep model reads only “ ” and " as quote marks, so a «…» quotation was a
    quotation without marks to it, dropped. The stored quote keeps its own marks."""
    path = tmp_path / "a.txt"
    path.write_text(
        "The minister said: « Nous avons 12 hopitaux dans la region. »\n\n"
        "The mayor said: «We have 40 hospitals in the region.»\n", encoding="utf-8")
    assert run(db, "ingest", str(path)).exit_code == 0
    listed = _listed(db)
    assert listed.get("Nous avons 12 hopitaux dans la region.") == "quantity", listed
    assert listed.get("We have 40 hospitals in the region.") == "quantity", listed
    out = CliRunner().invoke(cli, ["extract", str(path)]).output
    assert "« Nous avons 12 hopitaux dans la region. »" in [json.loads(x)["quote"] for x in out.splitlines()]


# --- a backup's files are one ----------------------------------------------------------------


def _dead_pid() -> str:
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()


@pytest.mark.parametrize("recent", ["", "-wal", "-shm"])
def test_a_backups_database_and_its_side_files_are_judged_together(tmp_path, recent):
    """The leftover cleaner (run by the next `db backup` into the folder) judged each file on
    its own: a backup of another PID namespace (it looks gone from here) that had written only
    its `-wal` for an hour lost its `.db` under it; one whose `.db` was written lost its
    `-wal`, the transactions in it. A set of files is removed whole or not at all."""
    import os

    from claims.leftovers import temp_prefix

    desk = str(tmp_path / "desk.db")
    assert CliRunner().invoke(cli, ["--db", desk, "import", record_file(tmp_path)]).exit_code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    stem = temp_prefix("backup").replace(f".{os.getpid()}.", f".{_dead_pid()}.")
    live = [stem + "x1.db" + side for side in ("", "-wal", "-shm")]
    left = [stem + "x2.db" + side for side in ("", "-wal", "-shm")]  # all old: a killed one's
    for name in live + left:
        (folder / name).write_bytes(b"SQLite format 3\x00" + b"\x00" * 4096)
        if name != stem + "x1.db" + recent:
            os.utime(folder / name, (1_700_000_000, 1_700_000_000))  # long ago
    result = CliRunner().invoke(cli, ["--db", desk, "db", "backup", str(folder / "copy.db")])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(folder)) == sorted([*live, "copy.db"])


# --- one feed, one source, one memory -------------------------------------------------------------

_PAGE = ("<html><head><title>Bridge</title></head><body><article><p>The mayor of Zurich said on Monday "
         "that the new harbour bridge cost 40 million euros, far more than the council had planned.</p>"
         "</article></body></html>")


def _feed(web, path: str) -> str:
    web.add("/story", _PAGE)
    item = f"<item><title>S</title><link>{web.url('/story')}</link><guid>g0</guid></item>"
    return web.add(path, f'<?xml version="1.0"?><rss version="2.0"><channel><title>One</title>{item}'
                   "</channel></rss>", content_type="application/rss+xml")


def test_what_an_old_ingest_feed_remembered_as_given_is_shared_with_the_watched_feed(db, web):
    """An older version remembered `ingest --feed HTTP://X/feed`'s entries under the URL as
    given; the watched `http://x/feed` read only its one form, so it fetched and stored each
    of those entries' pages again."""
    from sqlalchemy import text

    feed = _feed(web, "/f.rss")
    assert run(db, "ingest", "--feed", feed.replace("http://", "HTTP://")).exit_code == 0
    with db.session() as s:  # as the older version stored it
        s.execute(text("UPDATE feed_entry SET feed = :f"), {"f": feed.replace("http://", "HTTP://")})
    assert run(db, "watch", "add", feed).exit_code == 0
    polled = run(db, "watch", "run", "--all")
    assert polled.exit_code == 0, polled.output
    assert web.hits["/story"] == 1, polled.output


def test_a_bar_and_its_escape_are_one_watched_source(db, web):
    """`/a|b` and `/a%7Cb` are one address (a client sends '|' escaped) but were two forms:
    watched twice, each polling the feed, and `ingest --feed` of one did not share what it
    had seen with the other."""
    feed = _feed(web, "/f%7Cx.rss")
    web.routes["/f|x.rss"] = web.routes["/f%7Cx.rss"]  # as a server reads it: one path
    typed = feed.replace("%7C", "|")
    first = run(db, "ingest", "--feed", typed)
    assert first.exit_code == 0, first.output
    assert run(db, "watch", "add", feed).exit_code == 0
    again = run(db, "watch", "add", typed)
    assert again.exit_code == 1 and "already watched" in again.output, again.output
    polled = run(db, "watch", "run", "--all")
    assert polled.exit_code == 0, polled.output
    assert web.hits.get("/f%7Cx.rss", 0) + web.hits.get("/f|x.rss", 0) == 2, web.hits
    assert web.hits["/story"] == 1, polled.output


# --- the https hint for a host ending as a file does ---------------------------------------------


@pytest.mark.parametrize(("typed", "hint"), [
    ("example.zip/path", True), ("docs.md/setup", True), ("example.mov/x", True),
    ("notes.md", False), ("claims.db", False), ("notes.txt/", False),
])
def test_a_host_ending_as_a_file_does_gets_the_https_hint_when_a_path_follows(db, tmp_path, typed, hint):
    """'example.zip/path' was refused with no hint: .zip (like .md, .py) ended a file's name
    to the hint's rule, which left it out. A path after the name makes it a host."""
    from tests.hostile import one_line_error

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    line = one_line_error(run(db, "set-url", "1", typed), typed)
    assert (f"did you mean 'https://{typed}'?" in line) is hint, line


# --- a claim dated after today ------------------------------------------------------------------


def test_a_claim_date_after_today_is_kept_with_a_warning_by_set_date_and_import(db, tmp_path):
    """`set-date 1 2099-01-01` and an import's `"date": "2099-01-01"` were taken without a
    word, where a publication date after today is refused unless --allow-future. A claim's
    date is its event's, and a promise ('by 2030') is dated in the future: kept, with one
    line saying so, as a likely typo may be."""
    from sqlmodel import select

    from claims.models import Claim

    path = tmp_path / "f.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "The bridge carries 40,000 vehicles a day.", "date": "2099-01-01"}) + "\n"
        + json.dumps({"id": "b", "text": "The bridge will carry 80,000 vehicles by 2030.", "date": "2030"}) + "\n"
        + json.dumps({"id": "c", "text": "The tunnel carries 10,000 vehicles a day.", "date": "2024-01-01"}) + "\n",
        encoding="utf-8")
    imported = run(db, "import", str(path))
    assert imported.exit_code == 0, imported.output
    assert ("warning: " + str(path) + " line 1: the claim's date 2099-01-01 is after today: kept"
            in imported.output), imported.output
    assert "(and 1 more claim dated after today)" in imported.output, imported.output
    moved = run(db, "set-date", "3", "2099-02-02")
    assert moved.exit_code == 0 and "warning: claim 3's date 2099-02-02 is after today" in moved.output, moved.output
    back = run(db, "set-date", "3", "2024-02-02")
    assert back.exit_code == 0 and "warning" not in back.output, back.output
    with db.session() as s:
        assert [c.claim_date for c in s.exec(select(Claim).order_by(Claim.id))] == ["2099-01-01", "2030", "2024-02-02"]


# --- a transcript's label written with combining marks ---------------------------------------------


def test_a_transcript_label_with_combining_marks_names_its_speaker(db, tmp_path):
    """'मंत्री:' (Hindi, minister) was no label: \\w leaves out the vowel signs and the virama,
    so the line was stored with 'मंत्री:' in its text and no speaker. 'প্রধানমন্ত্রী:' (Bengali)
    counted its marks as letters and was taken for a clause of twelve characters or more."""
    path = tmp_path / "t.txt"
    path.write_text("मंत्री: इस वर्ष बजट में नौ प्रतिशत की वृद्धि हुई और यह चार अरब यूरो तक पहुँच गया।\n"
                    "প্রধানমন্ত্রী: এই বছর বাজেট নয় শতাংশ বেড়েছে এবং চার বিলিয়ন ইউরোতে পৌঁছেছে।\n"
                    "E\u0301MILE: The budget rose by nine percent this year to four billion euros.\n", encoding="utf-8")
    assert run(db, "ingest", "--transcript", str(path)).exit_code == 0
    rows = [json.loads(x) for x in run(db, "list", "--format", "jsonl").output.splitlines()]
    said = {r["speaker"]: r["text"] for r in rows}
    assert said.get("मंत्री", "").startswith("इस वर्ष बजट"), said
    assert said.get("প্রধানমন্ত্রী", "").startswith("এই বছর"), said
    assert said.get("Émile", "").startswith("The budget rose"), said
