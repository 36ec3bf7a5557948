"""What earlier hostile passes noticed and left (issue 15, the second "noticed" list): each
test fails before its fix. Reproduced as a user meets them: the CLI on a desk (both backends
where the desk matters), standard input as a shell gives it."""

from __future__ import annotations

import json
import os
import resource
import subprocess

import pytest
from sqlmodel import select

from claims.models import Outlet
from tests.conftest import CLAIMS_BIN
from tests.hostile import one_line_error, run

# --- one outlet under names that differ only in case or width -------------------------------------


def test_case_and_width_do_not_make_another_outlet(db, tmp_path):
    """'CNN', 'cnn' and 'ＣＮＮ' (full-width, as CJK text writes it) were three outlets, which
    `--outlet cnn` found as one and triage counted as three. An import and an ingest store the
    first name seen; a new outlet is still one."""
    names = ["CNN", "cnn", "ＣＮＮ", "Cnn\u200b", "Nord-Ouest Times", "NORD\u2011OUEST TIMES"]
    path = tmp_path / "o.jsonl"
    path.write_text("".join(json.dumps({"id": f"o{i}", "text": f"The mayor said bridge {i} cost {i + 40} million "
                                        "euros last year.", "outlet": name, "url": f"https://n{i}.example/a"}) + "\n"
                            for i, name in enumerate(names)), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    article = tmp_path / "a.txt"
    article.write_text("The council said the harbour tunnel cost 90 million euros in 2023.\n", encoding="utf-8")
    assert run(db, "ingest", str(article), "--outlet", "ｃｎｎ").exit_code == 0
    with db.session() as s:
        assert sorted(s.exec(select(Outlet.name))) == ["CNN", "Nord-Ouest Times"]
    listed = run(db, "list", "--format", "jsonl").output.splitlines()
    assert {tuple(json.loads(line)["outlets"]) for line in listed} == {("CNN",), ("Nord-Ouest Times",)}


# --- standard input that cannot be read, and its cap ---------------------------------------------------


@pytest.mark.parametrize("args", [["import", "-"], ["ingest", "-"], ["extract", "-"], ["ingest", "--transcript", "-"]])
def test_a_write_only_standard_input_is_one_line(tmp_path, args):
    """`claims import - 0>/dev/null` (standard input opened for writing only) ended in an
    OSError traceback (Bad file descriptor); it is one line naming standard input, as
    `search --queries -` said already."""
    with open(os.devnull, "w") as write_only:
        result = subprocess.run([str(CLAIMS_BIN), "--db", str(tmp_path / "desk.db"), *args], stdin=write_only,
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "claims: error: <stdin>: cannot read standard input (Bad file descriptor)"), result.stderr


def test_standard_input_is_read_in_chunks_up_to_its_cap(tmp_path):
    """`read(1 GB + 1)` set the whole gigabyte aside before reading a byte: a 50-byte import
    on standard input ended in a MemoryError traceback with 900 MB of address space
    (`ulimit -v`). It is read a megabyte at a time, up to the cap."""
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"id": "a", "text": "The bridge carries 40,000 vehicles a day."}) + "\n")
    cap = 900 * 2**20

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with open(record, "rb") as stdin:
        result = subprocess.run([str(CLAIMS_BIN), "--db", str(tmp_path / "desk.db"), "import", "-"], stdin=stdin,
                                capture_output=True, text=True, timeout=120, preexec_fn=limited)
    assert result.returncode == 0 and "imported 1 claim from <stdin>" in result.stdout + result.stderr, result.stderr


# --- many ids on one line ------------------------------------------------------------------------------


def test_show_and_unmerge_of_a_large_cluster_say_some_ids(db, tmp_path):
    """`claims show` of a cluster of many claims and `claims unmerge` of its head printed every
    member's id on one line (2,000 claims: 10,000 characters); they name 20 and how many more,
    as set-article does since c96d015."""
    path = tmp_path / "t.txt"
    path.write_text("".join(f"SPEAKER {i}: The budget of district {i} rose by 9 percent last year to {i} million "
                            "euros.\n" for i in range(30)), encoding="utf-8")
    assert run(db, "ingest", "--transcript", str(path)).exit_code == 0
    assert run(db, "merge", *map(str, range(1, 31))).exit_code == 0
    shown = run(db, "show", "1")
    assert shown.exit_code == 0 and "and 9 more" in shown.output and ", 23," not in shown.output, shown.output
    result = run(db, "unmerge", "1")
    assert result.exit_code == 0 and "and 9 more" in result.output and ", 23," not in result.output, result.output


# --- a date after today, put back by redo --------------------------------------------------------------


def test_redo_of_a_date_after_today_warns_as_set_date_does(db, tmp_path):
    """`set-date 1 2099-01-01` warns that the date is after today (1970a3f); undo then redo
    stored 2099 again without a word. Redo (and an undo that puts such a date back) warns."""
    from tests.hostile import record_file

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert "after today" in run(db, "set-date", "1", "2099-01-01").output
    assert run(db, "set-date", "1", "2024-01-01").exit_code == 0
    undone = run(db, "undo")
    assert undone.exit_code == 0 and "claim 1's date 2099-01-01 is after today" in undone.output, undone.output
    assert "after today" not in run(db, "undo").output
    redone = run(db, "redo")
    assert redone.exit_code == 0 and "claim 1's date 2099-01-01 is after today" in redone.output, redone.output


# --- Devanagari vowel signs are part of a word ---------------------------------------------------------


@pytest.mark.parametrize("text", ["Tata Motors ने कहा कि बिक्री बढ़ी", "Infosys Ltd ने कहा कि मुनाफ़ा बढ़ा"])
def test_a_hindi_statement_with_an_english_name_is_judged_as_hindi(text):
    """`[^\\W\\d_]+` left Devanagari's vowel signs and viramas (Mn, Mc) out of its letters: 'Tata
    Motors ने कहा कि बिक्री बढ़ी' counted 15 Hindi letters of 23, seemed mostly Latin, and was judged
    by the English lexicon: a quotation without an English verb (a fragment) and a statement
    of two words (not a claim)."""
    from claims.checkworthiness import claim_type
    from claims.extraction.fragments import is_fragment, word_count

    assert not is_fragment(text, quoted=True)
    assert claim_type(text) != "not_a_claim"
    assert word_count("The cafe\u0301s closed") == 3  # an accent typed apart stays in its word


# --- the sentence marks of Myanmar, Khmer and Tibetan around a searched word ----------------------------


def test_punctuation_of_every_script_around_a_word_is_not_searched_for(db, tmp_path):
    """cb45220 trimmed a list of marks (the danda, the Arabic comma, CJK full stops): `--search
    'ဘတ်ဂျက်။'` (Myanmar's full stop, as copied from a sentence), `'ថវិកា។'` (Khmer's) and
    `'ཁྲིམས།'` (Tibetan's shad) found only the word followed by that mark. Marks are trimmed by
    their category now; '%' and '٪' stay part of what is searched for."""
    records = [
        {"id": "m", "text": "ဝန်ကြီးက ဘတ်ဂျက်သည် ယခုနှစ် ကိုးရာခိုင်နှုန်း တိုးလာသည်ဟု ပြောသည်"},
        {"id": "k", "text": "រដ្ឋមន្ត្រី​បាន​និយាយ​ថា ថវិកា​បាន​កើន​ឡើង​ប្រាំបួន​ភាគរយ ក្នុង​ឆ្នាំ​នេះ"},
        {"id": "t", "text": "བློན་པོས་ ཁྲིམས་ ལུགས་ གསར་པ་ ལོ་འདིར་ བརྒྱ་ཆ་ དགུ་ ཡར་འཕར་བྱུང་ ཟེར།"},
    ]
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    for typed, expected in (("ဘတ်ဂျက်။", ["m"]), ("၊ဘတ်ဂျက်", ["m"]), ("ថវិកា។", ["k"]), ("ཁྲིམས།", ["t"]),
                            ("9٪", [])):
        out = run(db, "list", "--format", "jsonl", "--not-a-claim", "--search", typed).output
        assert sorted(r["external_id"] for r in map(json.loads, out.splitlines())) == expected, typed


# --- a feed file the user may not read ---------------------------------------------------------------


def test_watch_add_of_a_feed_file_the_user_may_not_read_is_refused(tmp_path):
    """`claims watch add feed.xml` of a file chmod 000 was watched, and each poll failed; it
    is refused in one line, nothing stored, as a missing file is."""
    from tests.test_hostile_inputs_4 import _no_permissions_prefix

    feed = tmp_path / "feed.xml"
    feed.write_text("<rss version='2.0'><channel><title>t</title></channel></rss>", encoding="utf-8")
    desk = tmp_path / "desk.db"
    assert subprocess.run([str(CLAIMS_BIN), "--db", str(desk), "watch", "list"], capture_output=True).returncode == 0
    feed.chmod(0)
    try:
        proc = subprocess.run([*_no_permissions_prefix(), str(CLAIMS_BIN), "--db", str(desk), "watch", "add", str(feed)],
                              capture_output=True, text=True, timeout=120)
    finally:
        feed.chmod(0o644)
    assert proc.returncode == 1 and proc.stderr.strip().splitlines() == [
        f"claims: error: {feed}: Permission denied"], proc.stderr
    listed = subprocess.run([str(CLAIMS_BIN), "--db", str(desk), "watch", "list", "--format", "jsonl"],
                            capture_output=True, text=True)
    assert listed.stdout.strip() == ""


# --- a side file of the desk the user may not read -----------------------------------------------------


def test_an_unreadable_wal_file_is_named_as_unreadable(tmp_path):
    """A desk whose -wal file the user may not read (copied in by another account, chmod 000)
    was said to be one 'cannot write': 'cannot write the database desk.db: unable to open
    database file'. It names the file and that it cannot be read."""
    import shutil
    import sqlite3

    from tests.test_hostile_inputs_4 import _no_permissions_prefix

    desk = tmp_path / "desk.db"
    assert subprocess.run([str(CLAIMS_BIN), "--db", str(desk), "list"], capture_output=True).returncode == 0
    conn = sqlite3.connect(desk)  # a -wal with the last change in it, as a writer leaves it
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("CREATE TABLE scratch (x)")
    conn.commit()
    shutil.copy(tmp_path / "desk.db-wal", tmp_path / "kept")
    conn.close()
    wal = tmp_path / "desk.db-wal"
    shutil.copy(tmp_path / "kept", wal)
    wal.chmod(0)
    try:
        proc = subprocess.run([*_no_permissions_prefix(), str(CLAIMS_BIN), "--db", str(desk), "list"],
                              capture_output=True, text=True, timeout=120)
    finally:
        wal.chmod(0o644)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        f"claims: error: cannot open the database {desk}: its side file {wal} cannot be read "
        "(check its permissions)"), proc.stderr


# --- a CSV cell past the reader's limit --------------------------------------------------------------


def test_a_csv_cell_too_large_is_named_with_its_line_and_column(db, tmp_path):
    """A cell of 1.1 million characters was 'not valid CSV (field larger than field limit
    (1048576); a stray quote?)' at the line it ended on, naming no column. It says the cell is
    too large, with the line its row starts on and its column."""
    path = tmp_path / "big.csv"
    path.write_text("id,text,speaker\n1,The bridge carries 40000 vehicles a day.,Ana\n"
                    f"2,\"{'x' * 1_100_000}\",Bo\n", encoding="utf-8")
    line = one_line_error(run(db, "import", str(path)), "line 3: column 2 ('text'): a cell of 1,100,000 characters")
    assert "stray quote" not in line


def test_a_quote_never_closed_is_not_read_to_the_end_of_the_file(db, tmp_path, monkeypatch):
    """The second read, which names the oversized cell, had no limit: a quote never closed
    with 150 MB after it held the rest of the file as one cell (2 GB: a MemoryError traceback
    under a memory limit). It stops at `MAX_CSV_REREAD` and names the row's line (here with
    a smaller bound, measured by tracemalloc) (found in review of noticed16; issue 15)."""
    import tracemalloc

    from claims.services import import_reading

    bound = 2 * import_reading.MAX_CSV_CELL
    monkeypatch.setattr(import_reading, "MAX_CSV_REREAD", bound)
    rest = ("y" * 99 + "\n") * (12 * import_reading.MAX_CSV_CELL // 100)  # 12 cells' worth, never closed
    text = f"id,text\n1,The bridge carries 40000 vehicles a day.\n2,\"The stray quote{rest}"
    tracemalloc.start()
    try:
        at, error = import_reading._too_large(text, ",", ["id", "text"], "line 999")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert at == "line 3" and f"more than {bound:,} characters" in str(error)
    # 4 bytes a character: the StringIO of the text, and the cell read (without the bound, as
    # much again as the text)
    assert peak < 4 * len(text) + 8 * bound
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    one_line_error(run(db, "import", str(path)), f"line 3: a cell of more than {bound:,} characters")


# --- HTML entities in a page's ClaimReview markup -------------------------------------------------------


def test_html_entities_in_a_pages_claimreview_markup_are_read_as_text(db, tmp_path):
    """A page's JSON-LD is written through its HTML templates: 'AT&amp;T', 'O&#39;Neil' and
    '&mdash;' in its ClaimReview were stored so, and `export --format claimreview` wrote them so
    (JSON-LD is no HTML: a reader shows 'AT&amp;T'). The ingest reads them as the page means
    them."""
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://fc.example/checks/1",
              "claimReviewed": "AT&amp;T raised prices by 5% in 2023 &mdash; the largest rise",
              "datePublished": "2024-03-02",
              "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                               "alternateName": "False"},
              "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane O&#39;Neil"},
                               "appearance": {"@type": "CreativeWork", "url": "https://news.example/a",
                                              "headline": "R&amp;D &amp; prices"}}}
    page = tmp_path / "check.html"
    page.write_text(f"<html><head><title>Fact check</title><script type='application/ld+json'>{json.dumps(review)}"
                    "</script></head><body><article><p>The chief executive said the company raised prices by 5% "
                    "in 2023, the largest rise in a decade.</p></article></body></html>", encoding="utf-8")
    assert run(db, "ingest", str(page)).exit_code == 0
    out = tmp_path / "cr.json"
    assert run(db, "export", "--format", "claimreview", "-o", str(out), "--include-incomplete").exit_code == 0
    [written] = json.loads(out.read_text(encoding="utf-8"))
    assert written["claimReviewed"] == "AT&T raised prices by 5% in 2023 \u2014 the largest rise"
    assert written["itemReviewed"]["author"]["name"] == "Jane O'Neil"
    assert written["itemReviewed"]["firstAppearance"]["headline"] == "R&D & prices"


def test_claimreview_urls_keep_their_query_parameters(db, tmp_path):
    """`html.unescape` also decodes the legacy entities written without ';': '?id=7&region=uk'
    was stored and exported as '?id=7®ion=uk', '&section=' as '§ion=', '&copy=' as '©='.
    Only an entity ending in ';' is one (found in review of noticed16; issue 15)."""
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://fc.example/check?id=7&region=uk",
              "claimReviewed": "Unemployment fell to 3% in 2023 &amp; 2024 in the northern region &regional; &copy",
              "datePublished": "2024-03-02",
              "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                               "alternateName": "False"},
              "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Roe"},
                               "appearance": {"@type": "CreativeWork", "headline": "Jobs &#8212; &#x2014;",
                                              "url": "https://news.example/a?story=1&section=politics&amp;copy=2"}}}
    page = tmp_path / "check.html"
    page.write_text(f"<html><head><title>Fact check</title><script type='application/ld+json'>{json.dumps(review)}"
                    "</script></head><body><article><p>The minister said unemployment fell to 3% in 2023, the "
                    "lowest in a decade.</p></article></body></html>", encoding="utf-8")
    assert run(db, "ingest", str(page)).exit_code == 0
    out = tmp_path / "cr.json"
    assert run(db, "export", "--format", "claimreview", "-o", str(out), "--include-incomplete").exit_code == 0
    [written] = json.loads(out.read_text(encoding="utf-8"))
    assert written["url"] == "https://fc.example/check?id=7&region=uk"
    assert written["claimReviewed"] == "Unemployment fell to 3% in 2023 & 2024 in the northern region &regional; &copy"
    assert written["itemReviewed"]["firstAppearance"]["headline"] == "Jobs \u2014 \u2014"
    assert written["itemReviewed"]["firstAppearance"]["url"] == "https://news.example/a?story=1&section=politics&copy=2"


def test_standard_input_is_held_once(monkeypatch):
    """read_stdin kept its chunks and then joined them: 300 MB on standard input peaked at
    586 MB, so a 1 GB `import -` needed 2 GB. It reads into one growing buffer (found in review
    of noticed16; issue 15)."""
    import io
    import sys
    import tracemalloc
    from types import SimpleNamespace

    from claims import paths

    size = 24 * paths.STDIN_CHUNK + 5
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"x" * size)))
    tracemalloc.start()
    try:
        data = paths.read_stdin(1 << 30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(data) == size and data[:1] == b"x"
    assert peak < 1.5 * size
