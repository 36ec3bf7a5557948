"""A thirty-sixth hostile pass (36a: tracebacks, wrong place, unsafe links, search semantics,
silent loss in import and export), with inputs earlier passes did not try. Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files in /tmp/h36a and
the PostgreSQL database claims_h36a) is at the end of this file (LOG)."""

from __future__ import annotations

import pytest

from tests.hostile import claims_jsonl, one_line_error, record_file, run

# --- unsafe links: a host holding a character that draws nothing or a blank ------------------------------
#
# The invisible characters refused in a URL were the format ones (Cf: ZWSP, soft hyphen, RLO).
# Braille's blank pattern (U+2800, a symbol), the Hangul fillers (letters), the combining grapheme
# joiner and Khmer's inherent vowels (marks) are none, so `set-url 4 https://paypal⠀.com/login`
# was stored and exported: it reads as paypal.com and goes to xn--paypal-u11d.com. An import's
# 'https://govㅤ.uk/a' (U+3164) was stored with its filler.

BLANK_HOSTS = ["paypal\u2800.com", "paypal.com\u2800", "gov\u3164.uk", "pay\u115fpal.com", "pay\u1160pal.com",
               "pay\uffa0pal.com", "pay\u034fpal.com", "pay\u17b4pal.com", "paypal\U00016fe4.com",
               "paypal\U0001d159.com"]


@pytest.mark.parametrize("host", BLANK_HOSTS)
def test_a_host_holding_a_blank_character_is_no_link(host):
    from claims.links import url_problem

    problem = url_problem(f"https://{host}/login")
    assert problem and "shows as nothing or a blank" in problem, problem
    assert url_problem(f"https://{host}/login", strict_host=False) == problem  # not written out either


@pytest.mark.parametrize("url", ["https://\u2764\ufe0f.ws/", "https://i\u2764.ws/", "https://\ud55c\uad6d.kr/",
                                 "https://example.com/\u2764\ufe0f", "https://example.com/a\u3164b"])
def test_an_emoji_host_or_a_blank_in_the_path_is_still_a_link(url):
    from claims.links import url_problem

    assert url_problem(url) is None


def test_a_blank_host_is_refused_at_each_door(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-url", "1", "https://paypal\u2800.com/login"), "url:", "U+2800")
    one_line_error(run(db, "set-status", "1", "--evidence", "https://gov\u3164.uk/a"), "U+3164")
    one_line_error(run(db, "import", record_file(tmp_path, "u.jsonl", id="u", url="https://gov\u3164.uk/a")),
                   "url:", "U+3164")
    article = tmp_path / "a.txt"
    article.write_text("Title: T\nURL: https://bbc\u2800.co.uk/news\n\n\"Unemployment rose to 5 percent,\" "
                       "said the minister Jane Roe.\n", encoding="utf-8")
    one_line_error(run(db, "ingest", str(article)), "U+2800")
    one_line_error(run(db, "ingest", "--url", "https://bbc\u2800.co.uk/x", str(article)), "--url", "U+2800")


# --- search semantics: a speaker filter typed with a run of spaces -----------------------------------------
#
# A stored speaker holds one space between words (import and extraction clean a name so), but
# `--speaker` looked for the text as typed: `--speaker 'jane  double'` (two spaces, or a tab
# pasted from a table) found no claim, on either backend, while `--search` and `--outlet` part
# words at any run of spaces.


@pytest.mark.parametrize("typed", ["jane  double", "jane\tdouble", "  JANE \u00a0 DOUBLE "])
def test_a_speaker_filter_reads_a_run_of_spaces_as_one(db, tmp_path, typed):
    path = record_file(tmp_path, speaker="Jane  Double")
    assert run(db, "import", path).exit_code == 0
    found = claims_jsonl(db, "list", "--speaker", typed)
    assert [r["speaker"] for r in found] == ["Jane Double"]
