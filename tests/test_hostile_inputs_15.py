"""A fifteenth hostile pass (issue 15's classes, other inputs than passes 1-14). Each test of a
failure fails before its fix.

The log of what was tried (CLI as a subprocess, on SQLite files and PostgreSQL; the desk by
Pilot and in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from sqlmodel import select

from claims.models import Article
from tests.conftest import CLAIMS_BIN, SAMPLES

ARTICLE = SAMPLES / "01-harbour-courier-floods.txt"


def _claims(*args: str | bytes, cwd=None) -> subprocess.CompletedProcess:
    """`claims ARGS` as a shell runs it: arguments as bytes, so a file name need not be UTF-8."""
    return subprocess.run([str(CLAIMS_BIN), *args], capture_output=True, cwd=cwd, timeout=120)


def _one_line_error(done: subprocess.CompletedProcess, *parts: str) -> str:
    err = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode == 1 and "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("claims: error: "), err
    for part in parts:
        assert part in last, last
    return last


# --- a file name that is not UTF-8 ------------------------------------------------------------------
#
# A name made on a Latin-1 system (`café.txt` as the byte 0xe9): Python holds its bytes as lone
# surrogates, which neither a database nor a database URL takes. Ingest, import and
# --transcript of such a file, and --db, $CLAIMS_DB, `db copy --to` and `watch add` of such a
# name, ended in a UnicodeEncodeError traceback.

LATIN1 = b"caf\xe9"


@pytest.fixture
def latin1_files(tmp_path):
    base = os.fsencode(tmp_path) + b"/" + LATIN1
    with open(base + b".txt", "wb") as f:
        f.write(ARTICLE.read_bytes())
    with open(base + b".jsonl", "wb") as f:
        f.write(json.dumps({"id": "c1", "text": "The bridge carries 40,000 vehicles a day, the mayor said."})
                .encode() + b"\n")
    with open(base + b".tr", "wb") as f:
        f.write(b"ALICE: The budget rose by 9 percent in 2023 under our plan.\n")
    return base


def test_ingest_import_and_transcript_of_a_latin1_file_name_are_stored(db, latin1_files):
    for command, args, said in (("ingest", [latin1_files + b".txt"], "ingested 1 article"),
                                ("ingest", ["--transcript", latin1_files + b".tr"], "ingested 1 article"),
                                ("import", [latin1_files + b".jsonl"], "imported 1 claim")):
        done = _claims("--db", db.url, command, *args)
        assert done.returncode == 0 and said in (done.stdout + done.stderr).decode(), done.stderr.decode()[-600:]
    with db.session() as s:
        sources = sorted(s.exec(select(Article.source)).all())
    # each source keeps the name, its byte written as \\xe9
    assert sorted(os.path.basename(x) for x in sources) == ["caf\\xe9.tr", "caf\\xe9.txt"], sources
    history = _claims("--db", db.url, "history", "--format", "jsonl")
    assert history.returncode == 0 and b"caf\\\\xe9.jsonl" in history.stdout, history.stdout[-600:]


def test_a_database_path_that_is_not_utf8_is_refused_in_one_line(tmp_path, latin1_files):
    desk = os.fsencode(tmp_path) + b"/" + LATIN1 + b".db"
    _one_line_error(_claims("--db", desk, "list"), "not UTF-8", "caf\\xe9.db")
    env_run = subprocess.run([str(CLAIMS_BIN), "list"], capture_output=True, timeout=120,
                             env={**os.environb, b"CLAIMS_DB": desk})
    _one_line_error(env_run, "not UTF-8")
    good = str(tmp_path / "good.db")
    assert _claims("--db", good, "ingest", str(ARTICLE)).returncode == 0
    _one_line_error(_claims("--db", good, "db", "copy", "--to", desk), "not UTF-8")
    assert not os.path.exists(desk)


def test_watch_add_of_a_latin1_file_name_is_refused_in_one_line(tmp_path, latin1_files):
    good = str(tmp_path / "good.db")
    _one_line_error(_claims("--db", good, "watch", "add", latin1_files + b".txt"), "not UTF-8", "caf\\xe9.txt")


PAGE = ("<html><head><title>Bridge</title></head><body><article><p>The mayor said on Monday that the "
        "new harbour bridge cost 40 million euros, far more than the council had planned.</p>"
        "</article></body></html>")


def test_a_feed_file_with_a_latin1_name_remembers_its_entries(db, web, tmp_path):
    """`ingest --feed café.rss` (byte 0xe9) stored the file's name as the feed its entries are
    remembered under: a UnicodeEncodeError traceback once the first page was read."""
    from tests.hostile import run

    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title>'
           f'<link>{web.url("/p1")}</link><guid>g1</guid></item></channel></rss>')
    web.add("/p1", PAGE)
    feed = os.fsencode(tmp_path) + b"/" + LATIN1 + b".rss"
    with open(feed, "wb") as f:
        f.write(rss.encode())
    first = run(db, "ingest", "--feed", os.fsdecode(feed))  # as argv gives it: \udce9
    assert first.exit_code == 0 and "1 new article" in first.output, first.output
    again = run(db, "ingest", "--feed", os.fsdecode(feed))
    assert again.exit_code == 0 and "1 seen before" in again.output, again.output
