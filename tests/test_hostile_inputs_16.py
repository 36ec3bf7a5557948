"""A sixteenth hostile pass (issue 15's classes, other inputs than passes 1-15). Each test of a
failure fails before its fix.

The log of what was tried (CLI as a subprocess, on SQLite files and PostgreSQL; the desk in
tmux and by Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess

from sqlmodel import select

from claims.models import Claim
from tests.conftest import CLAIMS_BIN, SAMPLES
from tests.hostile import one_line_error, one_line_stderr, run


def _claims(*args: str, file_limit: int | None = None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """`claims ARGS` as a shell runs it, under `ulimit -f` (bytes) when given."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([str(CLAIMS_BIN), *args], stdout=stdout, stderr=subprocess.PIPE, timeout=120,
                          preexec_fn=limit if file_limit else None)


def _long_desk(tmp_path) -> str:
    """A desk of 40 long claims: 1.2 MB, and 140 KB of `list --format jsonl`."""
    claims = tmp_path / "long.jsonl"
    claims.write_text("".join(
        json.dumps({"text": f"Claim {i}: the council said that " + " ".join(f"w{i}x{j}" for j in range(400))}) + "\n"
        for i in range(40)))
    desk = str(tmp_path / "long.db")
    assert _claims("--db", desk, "import", str(claims)).returncode == 0
    return desk


# --- a file size limit (`ulimit -f`) or a full disk under standard output ---------------------------
#
# A write that reaches the limit is cut short, and Python's text layer drops the rest of it
# without a word: `claims list > out.txt` under `ulimit -f 100` stopped at 100 KB, status 0,
# no error (`--format csv` happened to fail on its next write).

def test_list_cut_short_by_a_file_size_limit_fail_in_one_line(tmp_path):
    desk = _long_desk(tmp_path)
    for command in (["list"], ["list", "--format", "jsonl"], ["list", "--format", "json"]):
        out = tmp_path / "out.txt"
        with open(out, "wb") as f:
            done = _claims("--db", desk, *command, file_limit=100_000, stdout=f)
        one_line_stderr(done, "cannot write to standard output", "File too large")
    whole = _claims("--db", desk, "list", "--format", "jsonl")
    assert whole.returncode == 0 and len(whole.stdout.splitlines()) == 40


# --- a backup that a file size limit stops leaves nothing beside it ---------------------------------
#
# `db backup` under `ulimit -f` said "no backup was written" and left the temporary copy's
# rollback journal (.claims-backup-HOST.PID.xxx.db-journal) in the folder.

def test_a_backup_stopped_by_a_file_size_limit_leaves_no_journal(tmp_path):
    desk = _long_desk(tmp_path)
    with sqlite3.connect(desk) as con:  # past 1,024 pages, the backup's first step: 5 MB
        con.execute("CREATE TABLE ballast (b BLOB)")
        con.execute("INSERT INTO ballast VALUES (zeroblob(5000000))")
    con.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    done = _claims("--db", desk, "db", "backup", str(folder / "b.db"), file_limit=100_000)
    one_line_stderr(done, "cannot write the backup", "no backup was written")
    assert sorted(os.listdir(folder)) == []


# --- a stored link of another scheme in the Markdown report -----------------------------------------
#
# A fact-check URL that an older version stored as `data:text/html,<script>...` (or
# `javascript:`) was left out of the HTML report but written into the Markdown one, as text
# a chat client may turn into a link: no export writes a scheme other than http(s).

def test_the_markdown_report_writes_no_link_of_another_scheme(tmp_path):
    desk = str(tmp_path / "desk.db")
    assert _claims("--db", desk, "ingest", *map(str, sorted(SAMPLES.glob("*.txt")))).returncode == 0
    with sqlite3.connect(desk) as con:  # as an older version stored them
        con.execute("UPDATE claim SET status = 'verified', verdict = 'false', "
                    "fact_check_url = 'data:text/html,<script>alert(1)</script>' "
                    "WHERE id IN (SELECT claim_id FROM appearance WHERE article_id = 1)")
        con.execute("UPDATE article SET url = 'javascript:alert(1)'")
    con.close()
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        done = _claims("--db", desk, "report", "--format", fmt, "-o", str(out))
        assert done.returncode == 0, done.stderr
        text = out.read_text()
        assert "Northline News" in text  # the repeats' table is there
        assert "data:" not in text and "javascript:" not in text, fmt


# --- superlinear: a run of initials with no last name -----------------------------------------------
#
# `claims extract` of "A. B. A. B. ..." (2,000 / 4,000 / 8,000 pairs, 12 / 24 / 48 KB) took
# 1.5 / 3.9 / 13.6 s: the speakers' name pattern ran from each initial to the end of the run
# and gave it back word by word (quadratic). Now about 0.4 s each, most of it starting up.

def test_a_run_of_initials_is_read_for_names_in_linear_time():
    import time

    from claims.extraction.speakers import collect_names

    text = " ".join("A. B." for _ in range(8_000)) + " said Maria Ostrander and J. R. R. Tolkien."
    began = time.perf_counter()
    names = [name for _, name in collect_names(text)]
    assert time.perf_counter() - began < 3  # 13 s before, 0.02 s now
    assert "Maria Ostrander" in names and "R. R. Tolkien" in " ".join(names), names[-3:]


# --- silent loss: markup nested past what the HTML parser reads -------------------------------------
#
# libxml2 (trafilatura's parser) stops at 256 levels and drops the rest of the page without an
# error: a page with 300 unclosed `<div>` tags midway was stored without every paragraph after
# them (`ingest` said "1 claim"; the page held 3).

def test_a_page_nested_past_the_parsers_depth_is_refused_not_cut(tmp_path):
    def page(depth: int) -> str:
        return ("<html><head><title>T</title></head><body><article>"
                "<p>The mayor said the budget rose by 5 percent in 2023 across the whole city.</p>"
                + "<div>" * depth + "<p>The minister said unemployment fell to 4 percent in 2022 nationwide.</p>"
                + "</div>" * depth
                + "<p>The governor said taxes rose by 3 percent in 2021 for every family here.</p>"
                "</article></body></html>")

    desk = str(tmp_path / "desk.db")
    shallow, deep = tmp_path / "shallow.html", tmp_path / "deep.html"
    shallow.write_text(page(200))
    deep.write_text(page(300))
    done = _claims("--db", desk, "ingest", str(shallow))
    assert done.returncode == 0 and b"3 claims" in done.stderr + done.stdout, done.stderr
    one_line_stderr(_claims("--db", desk, "ingest", str(deep)), "deep.html", "255 elements deep", "nothing stored")
    listed = _claims("--db", desk, "articles", "--format", "jsonl")
    assert len(listed.stdout.splitlines()) == 1


# --- undo of an import among merges by another reviewer ---------------------------------------------
#
# ana imports; bo merges an older claim into an imported one and undoes it; ana undoes her
# import (the imported claim is gone); bo's redo of his merge ended in "the database ...:
# FOREIGN KEY constraint failed" (PostgreSQL: its violation), which named nothing.

def test_a_redo_of_a_merge_into_a_claim_an_undone_import_removed_is_refused_in_one_line(db, tmp_path):
    assert run(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")).exit_code == 0
    path = tmp_path / "imp.jsonl"
    path.write_text(json.dumps({"id": "x1", "text": "The port handled 12 million tonnes of cargo in 2023, "
                                "a record, the harbour master said."}) + "\n")
    assert run(db, "--reviewer", "ana", "import", str(path)).exit_code == 0
    with db.session() as s:
        imported = s.exec(select(Claim.id).where(Claim.external_id == "x1")).one()
    assert run(db, "--reviewer", "bo", "merge", str(imported), "1").exit_code == 0
    assert run(db, "--reviewer", "bo", "undo").exit_code == 0
    assert run(db, "--reviewer", "ana", "undo").exit_code == 0
    one_line_error(run(db, "--reviewer", "bo", "redo"), "cannot redo merge", f"claim {imported}", "is gone",
                   "nothing was redone")
    assert run(db, "--reviewer", "ana", "redo").exit_code == 0  # the import back: bo's redo works again
    done = run(db, "--reviewer", "bo", "redo")
    assert done.exit_code == 0 and "redid merge" in done.output, done.output
    assert "ok" in run(db, "db", "check").output


# --- a link whose brackets hold no IPv6 address ------------------------------------------------------
#
# urlsplit takes '[v1.x]' (RFC 3986's IPvFuture) and '[fe80::1%eth0]' (a zone of one machine's
# network): set-url stored them, `watch add http://[v1.x]/` stored the host 'v1.x' (another
# host, without a word) and polled that.

def test_a_bracketed_host_must_be_an_ipv6_address_of_no_zone(tmp_path):
    desk = str(tmp_path / "desk.db")
    assert _claims("--db", desk, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")).returncode == 0
    for url, said in (("http://[v1.x]/", "no IPv6 address"), ("https://[fe80::1%eth0]/x", "zone"),
                      ("https://[fe80::1%25eth0]/x", "zone")):
        one_line_stderr(_claims("--db", desk, "set-url", "1", url), url, said)
        one_line_stderr(_claims("--db", desk, "watch", "add", url), "not an http(s) URL")
    assert _claims("--db", desk, "watch", "list").stdout.count(b"http") == 0
    done = _claims("--db", desk, "set-url", "1", "https://[2001:db8::1]:8443/check")
    assert done.returncode == 0, done.stderr


# --- the log of pass 16 ----------------------------------------------------------------------------------
#
# (class, input, outcome): "held", or "FAILED" and the commit that fixed it. "both" is SQLite
# and PostgreSQL; every command ran as a subprocess (`claims ...`) unless it says tmux. Inputs
# passes 1-15 had not tried: `ulimit -f` under standard output and backups, stored links of
# other schemes in the Markdown report, runs of initials, markup nested past libxml2's depth,
# redo after another reviewer's undone import, IPvFuture and zoned IPv6 hosts.

LOG: list[tuple[str, str, str]] = [
    # import (about 55 files, 0 failed)
    ("import", "JSON / JSONL holding a whole number of 5,000 digits; nested 200,000 deep; NaN", "held: one line"),
    ("import", "CSV header text,text / speaker,speaker / ',text,'", "held (an empty name reads 'twice: ' and nothing)"),
    ("import", "CSV with CR-only line ends; CR, LF and CRLF mixed; CR inside a quoted cell", "held: every row"),
    ("import", "JSONL with a BOM on each line (files concatenated); U+2028, FF, VT between records; "
     "trailing garbage after a JSON array; two arrays", "held: the line named"),
    ("import", "UTF-32, GB18030, Shift-JIS CSV; a NUL in the header; 4 cells under 1 column; a 200,000-character "
     "cell; a JSON key twice", "held"),
    ("import", "a quoted BOM in the header, 'Text ,ID', whitespace-only text, an unterminated quote at EOF, "
     "text 123 / a list, id '  ' / 1.5, a speaker holding \\n, a 5,000-character outlet", "held"),
    ("import", "url ' https://..', '//evil', 'http:evil.com', 'https://evil.com\\\\@good.com', a NUL, user:pass@, "
     "'java\\tscript:', evidence 'javascript:' / 'JAVASCRIPT:' in a list, U+202E, a space", "held: refused"),
    ("import", "date 2024-02-30 / 20240101 / 'next tuesday blah' / 99, first_date 2999, reviewed_at junk, status "
     "VERIFIED with ' False ', a verdict without a status", "held"),
    # a file size limit (`ulimit -f`) (about 30 tried, 2 failed)
    ("ulimit -f", "8 KB: ingest, export -o, db backup, report -o, list, dupes --rebuild, rescore --all",
     "held: one line (the -shm cannot be made)"),
    ("ulimit -f", "340 KB: import of 3,000 claims", "held: nothing stored, db check ok"),
    ("ulimit -f", "200 KB on a 13 MB desk: export -o (csv, claimreview), report -o, list --format csv, export "
     "to stdout, dupes --rebuild, undo", "held: one line"),
    ("ulimit -f", "200 KB: `claims list > f`, list --format jsonl / json, history > f",
     "FAILED: output cut at 200 KB, status 0, no word; fixed 5dbfab3"),
    ("ulimit -f", "db backup of a desk past 1,024 pages", "FAILED: its temporary copy's -journal left in the "
     "folder; fixed a2d13f2"),
    # damaged databases (about 12 tried, 0 failed)
    ("damaged db", "garbage -wal, garbage -shm, schema revision 0099_future, a dropped table, a file cut to half, "
     "no alembic_version, an extra column, page size 512 in rollback mode", "held"),
    ("damaged db", "a trigger raising on insert into claim, then import", "held (its message speaks of another "
     "change storing the ids meanwhile: misleading, not changed)"),
    # unsafe links (about 10 exports, 1 failed)
    ("unsafe links", "javascript: / data: stored (as an older version did) as article url, fact-check URL and "
     "evidence: list csv/json/jsonl, export csv/claimreview, report html, articles, show", "held"),
    ("unsafe links", "the same in report --format md", "FAILED: the data: fact-check URL written as text; fixed "
     "46623cf"),
    ("unsafe links", "set-url of 27 host shapes (zone ids, IPvFuture, IDNA, ß, fullwidth, 70-char label, 300-char "
     "host, 104 labels, %ZZ, 1.2.3.4.5, [1.2.3.4], [::ffff:127.0.0.1])",
     "FAILED: [v1.x] and [fe80::1%eth0] stored (watch add: as the host v1.x); fixed d17e868"),
    ("unsafe links", "set-url / watch add https://💩.la/", "stored; the fetcher refuses it (IDNA 2008): "
     "watch run says so each poll. Not changed"),
    # search (both; about 45 tried, 0 failed)
    ("search", "--search/--speaker/--outlet in Chinese (no spaces), Arabic, Thai, a ZWJ family, fullwidth, "
     "U+3000 / ZWSP / BOM / RLM alone (no filter, as documented), a combining mark alone (both)", "held"),
    ("search", "--search of 6,000 CJK characters, 500 words, \\x01, ﷺ, İ, ǅ, %_%, \\, [], *, quotes (both)", "held"),
    ("search", "claims search of a CJK / Thai substring, the whole Arabic text", "held (an exact whole text "
     "scores 15-50, though ranked first)"),
    # superlinear (about 36 shapes x 3 sizes, 2 failed)
    ("superlinear", "extract 'A. B. ' x 2k/4k/8k (12-48 KB): 1.5/3.9/13.6 s", "FAILED: speakers' name pattern "
     "quadratic; fixed c7a8839 (0.4 s each)"),
    ("superlinear", "extract of 25 more shapes x 2k/4k/8k: digits, date phrases, nested quotes and parens, "
     "'said' repeated, CJK run, abbreviations, hyphen chains, straight quotes, capitalised runs, NATO runs, "
     "colons, 'according to', commas, titles, 1,000 claims, spaces, dashes, RTL, combining marks, ZWJ", "held"),
    ("superlinear", "ingest HTML x 2k/4k/8k: <br>, entities, a 800 KB attribute, tiny <p>, spans, comments, <li>",
     "held: linear"),
    ("silent loss", "ingest HTML with 260-8,000 nested <div>/<blockquote>/<q>/<table> midway",
     "FAILED: libxml2 stops at depth 256: the paragraphs after were dropped without a word; refused, "
     "fixed 242c590"),
    # undo among merges (both; about 14 steps, 1 failed)
    ("undo", "ana import; bo merge imported <- old; ana undo (refused); bo unmerge; ana undo (refused); bo undo x2; "
     "ana undo; bo redo", "FAILED: 'FOREIGN KEY constraint failed' (SQLite) / 'claim 8: no such claim' (PG); "
     "fixed ca4ae8c"),
    ("undo", "then ana redo, bo redo x2, db check (both)", "held"),
    # desk (tmux 120x40, PostgreSQL)
    ("desk", "rows in Arabic, Chinese, Thai, a ZWJ family, fullwidth speaker", "held: columns in line as tmux "
     "counts cells"),
    ("desk", "claim 35 open; ana's CLI undo of the import removes it; desk `5`", "held: 'claim 35: no such "
     "claim' (said twice: refresh and key)"),
    # locales (about 27 tried, 0 failed)
    ("locale", "LANG=C, LC_ALL=C, POSIX, en_US.UTF-8 and de_DE.ISO-8859-1 (not installed), tr_TR.ISO-8859-9 with "
     "PYTHONUTF8=0: --search 预算, --speaker Zoë, export -o exp-é.csv", "held"),
    ("locale", "LC_ALL=C PYTHONUTF8=0 (--search refused as not UTF-8, as in pass 14); LANG=C "
     "PYTHONIOENCODING=latin-1", "held: one line"),
]
