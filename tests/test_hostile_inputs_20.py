"""A twentieth hostile pass (issue 15's classes, other inputs than passes 1-19). Each test of a
failure fails before its fix.

The log of what was tried (CLI as a subprocess, on SQLite files and PostgreSQL; the desk in
tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from claims.matching import compare
from tests.conftest import CLAIMS_BIN


def _claims(db, *args: str, reviewer: str = "ana") -> subprocess.CompletedProcess:
    """`claims --db DESK ARGS` as a shell runs it."""
    env = {**os.environ, "CLAIMS_REVIEWER": reviewer}
    return subprocess.run([str(CLAIMS_BIN), "--db", db.url, *args], capture_output=True, timeout=120, env=env)


def _jsonl(db, *args: str) -> list[dict]:
    done = _claims(db, *args, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


# --- one word that says the opposite, merged on arrival ----------------------------------------------
#
# `claims compare "... crime rose by five percent ..." "... crime fell by five percent ..."` was a
# duplicate at 99.5 (merged as the second arrives, one verdict for both); so were increased /
# decreased, more than / fewer than, majority / minority, legal / illegal, safe / unsafe,
# highest / lowest, doubled / halved, faster / slower, in January / in February, on Monday /
# on Friday, and a negation in German or French ("nicht erhöht", "n'a pas augmenté"), which the
# English negation list did not read. A lexical score barely moves when one word changes:
# such a pair is at most suggested, as one where only one side negates (the score unchanged).

_OPPOSED = [
    ("The minister said crime rose by five percent in the capital over the last year",
     "The minister said crime fell by five percent in the capital over the last year", "'rose' / 'fell'"),
    ("The government increased spending on schools and hospitals across the whole country last year",
     "The government decreased spending on schools and hospitals across the whole country last year",
     "'increased' / 'decreased'"),
    ("The company hired more than 200 workers at its new factory in the north of the country",
     "The company hired fewer than 200 workers at its new factory in the north of the country", "'more' / 'fewer'"),
    ("The majority of voters in the state supported the referendum on independence last autumn",
     "The minority of voters in the state supported the referendum on independence last autumn",
     "'majority' / 'minority'"),
    ("The law makes abortion legal in all fifty states after the supreme court ruling this year",
     "The law makes abortion illegal in all fifty states after the supreme court ruling this year",
     "'legal' / 'illegal'"),
    ("Unemployment in the region rose sharply in January according to the official figures released today",
     "Unemployment in the region rose sharply in February according to the official figures released today",
     "'january' / 'february'"),
    ("The mayor said the new bridge will open on Monday after two years of construction work",
     "The mayor said the new bridge will open on Friday after two years of construction work", "'monday' / 'friday'"),
    ("Die Regierung hat die Steuern für kleine Unternehmen im letzten Jahr deutlich erhöht sagte der Minister",
     "Die Regierung hat die Steuern für kleine Unternehmen im letzten Jahr nicht erhöht sagte der Minister",
     "only one side negates"),
    ("Le gouvernement a augmenté les impôts des petites entreprises l'année dernière selon le ministre",
     "Le gouvernement n'a pas augmenté les impôts des petites entreprises l'année dernière selon le ministre",
     "only one side negates"),
]


@pytest.mark.parametrize(("a", "b", "reason"), _OPPOSED)
def test_one_word_that_says_the_opposite_is_no_automatic_duplicate(a, b, reason):
    result = compare(a, b)
    assert result.score >= 90 and result.decision == "suggested", result
    assert reason in result.reason, result.reason


def test_the_same_words_both_ways_round_and_a_paraphrase_stay_duplicates():
    said = "Crime rose in January and fell in February, the minister said at the press conference"
    assert compare(said, said.replace("the minister said", "said the minister")).decision == "duplicate"
    assert compare("The minister said crime rose by five percent in the capital over the last year",
                   "Crime rose by five percent in the capital over the last year, the minister said").decision \
        == "duplicate"


def test_an_imported_claim_that_says_the_opposite_is_not_merged(db, tmp_path):
    """Through `claims import` then `claims dupes`, on both backends: suggested, not merged."""
    first, second, _ = _OPPOSED[0]
    path = tmp_path / "o.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in (("c1", first), ("c2", second))),
                    encoding="utf-8")
    done = _claims(db, "import", str(path))
    assert done.returncode == 0, done.stderr
    assert sorted(r["external_id"] for r in _jsonl(db, "list")) == ["c1", "c2"]  # both in the queue
    (pending,) = _jsonl(db, "dupes")
    assert "'rose' / 'fell'" in json.dumps(pending, ensure_ascii=False), pending


# --- a relative date read in part ------------------------------------------------------------------
#
# `--published "a week ago yesterday"` (and "tomorrow yesterday", "2 days ago yesterday", "two
# weeks ago Friday") was yesterday or last Friday: the phrase reader kept one phrase of two;
# "day before yesterday" (without "the") was yesterday, the words counting from it dropped; "-1
# day ago" was 1 day ago, its sign skipped. The same at `set-date`, `list --since` and the other
# doors of a typed date (one reader, read_typed_date). Refused in one line, naming the value.

_PART_READ = ["a week ago yesterday", "tomorrow yesterday", "2 days ago yesterday", "two weeks ago Friday",
              "day before yesterday", "-1 day ago"]


@pytest.mark.parametrize("when", _PART_READ)
def test_a_relative_date_read_in_part_is_refused_at_every_door(db, when):
    from tests.conftest import SAMPLES

    assert _claims(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")).returncode == 0
    (first,) = (row["id"] for row in _jsonl(db, "list", "--order", "id", "--limit", "1"))
    before = _jsonl(db, "list", "--order", "id", "--limit", "1")[0]["date"]
    for args in (("resolve-date", "It rained yesterday", "--published", when),
                 ("set-date", "--", str(first), when),
                 ("list", "--since", when), ("history", "--since", when),
                 ("extract", str(SAMPLES / "01-harbour-courier-floods.txt"), "--published", when)):
        done = _claims(db, *args)
        err = done.stderr.decode()
        assert done.returncode in (1, 2) and "Traceback" not in err, (args, err)
        assert f"'{when}' is not a date" in err and len(err.strip().splitlines()) == 1, (args, err)
    assert _jsonl(db, "list", "--order", "id", "--limit", "1")[0]["date"] == before


def test_a_weekday_of_a_named_week_and_words_that_place_a_day_are_still_read():
    import datetime as dt

    from claims.dates import read_typed_date

    sunday = dt.date(2026, 12, 6)
    assert read_typed_date("Monday last week", base=sunday) == ("2026-11-30", "day")
    assert read_typed_date("the day before yesterday", base=sunday) == ("2026-12-04", "day")
    assert read_typed_date("late last night", base=sunday) == ("2026-12-05", "day")
    assert read_typed_date("earlier today", base=sunday) == ("2026-12-06", "day")
    assert read_typed_date("this past Friday", base=sunday) == ("2026-12-04", "day")


# --- a host holding a character that reads as '/' or ':' ------------------------------------------
#
# `claims set-url 1 'https://google.com∕login.evil.example/'` (U+2215 DIVISION SLASH; U+2044,
# U+29F8, U+1735 alike) was stored and exported: it reads as a page of google.com, and goes to a
# host under evil.example; 'https://paypal.com꞉443.evil.example/' (U+A789) reads as a port. So was
# the same written as punycode (xn--googlelogin-zh8f). Browsers show such a host as punycode for
# that reason; a link holding one is refused wherever a link is stored (claims.links).

_LOOKALIKE_URLS = ["https://google.com\u2215login.evil.example/", "https://google.com\u2044login.evil.example/",
                   "https://google.com\u29f8login.evil.example/", "https://google.com\u1735login.evil.example/",
                   "https://paypal.com\ua789443.evil.example/", "https://xn--googlelogin-zh8f.evil.example/"]


@pytest.mark.parametrize("url", _LOOKALIKE_URLS)
def test_a_host_with_a_look_alike_of_a_slash_or_colon_is_no_link(url):
    from claims.links import url_problem

    assert "which reads as" in (url_problem(url) or ""), url
    assert url_problem("https://i\u2764.ws/") is None and url_problem("https://\u4f8b\u5b50.\u6d4b\u8bd5/") is None


def test_a_look_alike_address_is_refused_by_set_url_and_import(db, tmp_path):
    url = _LOOKALIKE_URLS[0]
    path = tmp_path / "l.jsonl"
    path.write_text(json.dumps({"id": "l1", "text": "The bridge carries 40,000 vehicles a day, the council said.",
                                "url": url}) + "\n", encoding="utf-8")
    done = _claims(db, "import", str(path))
    assert done.returncode == 1 and "reads as '/'" in done.stderr.decode(), done.stderr
    good = tmp_path / "g.jsonl"
    good.write_text(json.dumps({"id": "g1", "text": "The bridge carries 40,000 vehicles a day, the council said."})
                    + "\n", encoding="utf-8")
    assert _claims(db, "import", str(good)).returncode == 0
    (claim,) = _jsonl(db, "list")
    refused = _claims(db, "set-url", str(claim["id"]), url)
    assert refused.returncode == 1 and "reads as '/'" in refused.stderr.decode(), refused.stderr
    assert "\u2215" not in _claims(db, "show", str(claim["id"])).stdout.decode()


# --- the desk's ctrl+c ------------------------------------------------------------------------------
#
# ctrl+c on the desk (in tmux) said "Press [b]ctrl+q[/b] to quit the app": Textual's notice is
# markup, and the desk shows every notice as written (text from outside must never be markup).

async def test_ctrl_c_on_the_desk_says_how_to_quit_without_markup(tmp_path):
    from click.testing import CliRunner

    from db import Database
    from tests.hostile import record_file
    from tui.app import ClaimsApp
    from tui.entry import cli
    from tui.testing import notifications_told, settle

    desk = str(tmp_path / "desk.db")
    assert CliRunner().invoke(cli, ["--db", desk, "import", record_file(tmp_path)]).exit_code == 0
    db = Database(desk)
    try:
        app = ClaimsApp(db, reviewer="ana", watch_interval=0)
        said = notifications_told(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+c")
            await settle(pilot)
    finally:
        db.close()
    assert "Press ctrl+q to quit the app" in said and not any("[b]" in n for n in said), said


# --- a Chinese or Japanese quotation in an English article -------------------------------------------
#
# `claims extract` of '"水位达到7.4米，是1987年以来的最高水平，" said Wang Wei, a hydrologist.' found no
# claim (a Japanese one neither), where the same quotation in Russian, Hindi, Thai or Korean is a
# claim of its speaker: the quotation was one "word" to str.split (no spaces between words), too
# short to be a statement. Words are counted as a reader counts them (segments.word_count).

@pytest.mark.parametrize(("said", "speaker"), [
    ('"水位达到7.4米，是1987年以来的最高水平，" said Wang Wei, a hydrologist.', "Wang Wei"),
    ('Wang Wei, a hydrologist, said: "水位达到7.4米，是1987年以来的最高水平。"', "Wang Wei"),
    ('"河川の水位は7.4メートルに達し、1987年以来の最高水準となった、" said Sato Ken, a hydrologist.', "Sato Ken"),
])
def test_a_chinese_or_japanese_quotation_is_a_claim_of_its_speaker(db, tmp_path, said, speaker):
    article = tmp_path / "a.txt"
    article.write_text(f"Title: Flood\nPublished: 2026-03-14\n\n{said}\n", encoding="utf-8")
    done = _claims(db, "ingest", str(article))
    assert done.returncode == 0 and b"1 claims" in done.stdout + done.stderr, done
    (claim,) = _jsonl(db, "list")
    assert claim["speaker"] == speaker and claim["text"].startswith(said.split('"')[1][:10]), claim
    assert not claim["text"].endswith(("，", "、")), claim["text"]
    assert _claims(db, "list", "--search", "1987年以来的最高").stdout.count(b"\n") >= 1
