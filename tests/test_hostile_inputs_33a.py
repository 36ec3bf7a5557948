"""A thirty-third hostile pass (33a: tracebacks, wrong place, unsafe links, search semantics,
silent loss in import and export), with inputs earlier passes did not try. Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files in /tmp/h33a and
a PostgreSQL database) is at the end of this file (LOG)."""

from __future__ import annotations

import pytest

from tests.hostile import one_line_error, record_file, run

# --- tracebacks: a reviewer filter of bytes that are no UTF-8 ---------------------------------------
#
# `history --reviewer $'caf\xe9'` and `taken --reviewer $'caf\xe9'` (a Latin-1 terminal's é,
# which Python reads as a lone surrogate) reached the driver: a UnicodeEncodeError traceback.
# `list --search/--speaker/--outlet` refuse the same bytes in one line (pass 9); the reviewer
# filters now go through the same check.


@pytest.mark.parametrize("command", ["history", "taken"])
def test_a_reviewer_filter_of_bytes_no_utf8_is_one_line(db, tmp_path, command):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, command, "--reviewer", "caf\udce9"), "--reviewer: holds bytes that are not UTF-8 text")


@pytest.mark.parametrize("command", ["history", "taken"])
def test_a_reviewer_filter_still_finds_its_reviewer(db, tmp_path, command):
    assert run(db, "--reviewer", "éva", "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "--reviewer", "éva", "take", "1").exit_code == 0
    done = run(db, command, "--reviewer", "e\u0301va", "--format", "jsonl")
    assert done.exit_code == 0 and '"éva"' in done.output, done.output


# --- unsafe links: a host name made only of look-alike letters of another script --------------------
#
# A name of Cyrillic or Greek letters that read as Latin ones ('аррӏе.com') was refused; one of
# Armenian ('ցօօց.com' reads as 'goog'), Cherokee ('ᎪᏴᏟ.com', 'ABC'), Lisu ('ꓮꓐꓚ.com') or
# Coptic letters ('ⲁⲣⲣ.com', 'app') was stored and exported as written. Browsers show such a
# name as punycode (Chromium lists Armenian among its whole-script look-alikes; Cherokee, Lisu
# and Coptic are no scripts of a name it shows as written).

LOOKALIKE_HOSTS = ["ցօօց.com", "օօ.com", "xn--zbba.com", "ᎪᏴᏟ.com", "ꮃꭵꮇ.com", "ꓮꓐꓚ.com", "ꓡꓳꓦꓰ.org", "ⲁⲣⲣ.com",
                   "ⲀⲢⲢ.net"]


@pytest.mark.parametrize("host", LOOKALIKE_HOSTS)
def test_a_host_of_lookalike_letters_of_another_script_is_no_link(host):
    from claims.links import url_problem

    problem = url_problem(f"https://{host}/fact-check")
    assert problem and "letters that read as Latin ones" in problem, problem


@pytest.mark.parametrize("host", ["հայաստան.com", "ᏣᎳᎩ.com", "москва.com", "аррӏе.рф", "ⲁⲣⲣ.ⲁⲣⲣ"])
def test_a_host_in_another_script_that_reads_as_itself_is_a_link(host):
    from claims.links import url_problem

    assert url_problem(f"https://{host}/fact-check") is None


def test_a_lookalike_host_is_refused_at_set_url_and_import(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-url", "1", "https://ցօօց.com/x"), "url:", "Armenian letters that read as Latin")
    path = record_file(tmp_path, "e.jsonl", evidence=["https://ꓮꓐꓚ.com/a"])
    one_line_error(run(db, "import", path), "evidence", "Lisu letters that read as Latin")


# --- silent loss in import: a CR alone inside a row of a file whose lines end in LF -----------------------
#
# `id,text,speaker` then 'q1,The mayor said ... fell 4 percent<CR>in the city since 2019,Mayor
# Jones' (LF line ends): the CR was read as a line end (as an old Mac file's are), so q1's text
# ended at it, its speaker was lost, and 'in the city since 2019' became a claim's id with
# 'Mayor Jones' its text: 'imported 3 claims' from two records. A CR alone ends a line only in
# a file whose first line ends in one; elsewhere, in an unquoted cell, it is a bad record.


def _csv(tmp_path, text: str) -> str:
    path = tmp_path / "cr.csv"
    path.write_bytes(text.encode("utf-8"))
    return str(path)


@pytest.mark.parametrize(("end", "stray"), [("\n", "\r"), ("\r\n", "\r"), ("\r", "\n")])
def test_a_lone_cr_in_an_unquoted_cell_is_a_bad_record_not_a_row_cut_in_two(db, tmp_path, end, stray):
    from tests.hostile import stored_claims

    text = (f"id,text,speaker{end}q1,The mayor said unemployment fell 4 percent{stray}in the city since 2019,"
            f"Mayor Jones{end}q2,The governor said rents rose 7 percent in May 2024,Gov{end}")
    one_line_error(run(db, "import", _csv(tmp_path, text)), "1 bad record, nothing imported: line 2:",
                   "a line break (a CR or an LF alone) in an unquoted cell")
    assert stored_claims(db) == []
    done = run(db, "import", "--skip-bad", _csv(tmp_path, text))
    assert [(c.external_id, c.speaker) for c in stored_claims(db)] == [("q2", "Gov")], done.output


@pytest.mark.parametrize("text", [
    "id,text\rq1,The mayor said unemployment fell 4 percent in the city\rq2,The governor said rents rose\r",
    'id,text\r\nq1,"The mayor said unemployment\rfell 4 percent in the city"\r\nq2,The governor said rents rose\r\n',
    "id,text\nq1,The mayor said unemployment fell 4 percent in the city\r\nq2,The governor said rents rose\n",
    "id,text\rq1,The mayor said unemployment fell 4 percent in the city\r\nq2,The governor said rents rose\r",
])
def test_cr_line_ends_and_a_quoted_cr_still_read_every_row(db, tmp_path, text):
    from tests.hostile import stored_claims

    done = run(db, "import", _csv(tmp_path, text))
    assert done.exit_code == 0, done.output
    assert [c.external_id for c in stored_claims(db)] == ["q1", "q2"]
    assert stored_claims(db)[0].text.startswith("The mayor said unemployment") and "fell 4" in stored_claims(db)[0].text


# --- silent loss in export: a listing's CSV wrote a claim's check-worthiness to two decimals -----------
#
# `claims list --format csv` wrote each number as the table shows it ('0.12'), so the import of
# the listing stored 0.12 for an imported 0.123456789 (the JSON listings keep it whole).


def test_a_csv_listing_keeps_checkworthiness_whole(db, tmp_path):
    from tests.hostile import stored_claims

    assert run(db, "import", record_file(tmp_path, checkworthiness=0.123456789)).exit_code == 0
    listing = run(db, "list", "--format", "csv")
    assert listing.exit_code == 0 and "0.123456789" in listing.stdout, listing.output
    path = tmp_path / "l.csv"
    path.write_text(listing.stdout, encoding="utf-8")
    assert run(db, "undo").exit_code == 0 and stored_claims(db) == []
    done = run(db, "import", str(path))
    assert done.exit_code == 0, done.output
    assert [c.checkworthiness for c in stored_claims(db)] == [0.123456789]


# --- unsafe links: a Japanese letter drawn as a slash between Latin letters ---------------------------------
#
# 'https://google.comノlogin.evil.example/' (Katakana NO, U+30CE; also ソ, ゾ, ン, 丶, 乀, 乁, 丿) was
# stored and exported: it reads as a page of google.com. Pass 20 refused the symbols that read
# as '/' (U+2215 ...); these are letters of real names ('ソニー', 'パソコン'), so they are refused
# only with no kana or kanji on either side, as browsers show such a host as punycode.


@pytest.mark.parametrize("host", ["google.comノlogin.evil.example", "google.comﾉlogin.evil.example",
                                  "google.com丿login.evil.example", "google.comソlogin.evil.example",
                                  "secure丶paypal.com", "a乀b.example", "bankンlogin.example", "xn--comlogin-634g.evil.example"])
def test_a_japanese_letter_drawn_as_a_slash_among_latin_letters_is_no_link(host):
    from claims.links import url_problem

    problem = url_problem(f"https://{host}/")
    assert problem and "which reads as '/'" in problem, problem


@pytest.mark.parametrize("host", ["ソニー.jp", "パソコン.jp", "abcソニー.jp", "ノ.com", "ラーメン.jp", "東京丿都.jp"])
def test_those_letters_among_kana_or_kanji_are_links(host):
    from claims.links import url_problem

    assert url_problem(f"https://{host}/") is None
