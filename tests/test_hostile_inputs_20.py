"""A twentieth hostile pass (issue 15's classes, other inputs than passes 1-19). Each test of a
failure fails before its fix.

The log of what was tried (CLI as a subprocess, on SQLite files and PostgreSQL; the desk in
tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from claims.matching import compare
from tests.hostile import claims_jsonl, claims_run

# --- one word that says the opposite, merged on arrival ----------------------------------------------
#
# `claims compare "... crime rose by five percent ..." "... crime fell by five percent ..."` was a
# duplicate at 99.5 (merged as the second arrives, one verdict for both); so were increased /
# decreased, more than / fewer than, majority / minority, legal / illegal, safe / unsafe,
# highest / lowest, doubled / halved, faster / slower, in January / in February, on Monday /
# on Friday, in May / in June, in Q1 / in Q2, Democrats / Republicans, and a negation in German
# or French ("nicht erhöht", "n'a pas augmenté"), which the English negation list did not read. A lexical score barely moves when one word changes:
# such a pair is at most suggested, as one where only one side negates (the score unchanged).

_OPPOSED = [
    ("The minister said crime rose by five percent in the capital over the last year",
     "The minister said crime fell by five percent in the capital over the last year", "'rose' / 'fell'"),
    ("The government increased spending on schools and hospitals across the whole country last year",
     "The government decreased spending on schools and hospitals across the whole country last year",
     "'increased' / 'decreased'"),
    # (with a figure after them, "more than 200" / "fewer than 200" is a conflict since pass 25: the
    # figure is bounded two ways, tests/test_lead_fixes_25.py)
    ("The company hired more workers than it laid off at its new factory in the north of the country",
     "The company hired fewer workers than it laid off at its new factory in the north of the country",
     "'more' / 'fewer'"),
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
    ("The factory will reopen in May after the repairs to the roof are finished, the owner said",
     "The factory will reopen in June after the repairs to the roof are finished, the owner said", "'may' / 'june'"),
    ("Democrats voted to block the spending bill in the senate late on Thursday night",
     "Republicans voted to block the spending bill in the senate late on Thursday night",
     "'democrats' / 'republicans'"),
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


def test_two_quarters_are_a_conflict():
    """'Q1' / 'Q2' was suggested as one word that says the opposite; since pass 29 a figure inside
    a code is compared with the same code's (claims/matching/names.py): a conflict, never merged."""
    result = compare("Profits grew in Q1 according to the annual report the bank published on its website",
                     "Profits grew in Q2 according to the annual report the bank published on its website")
    assert result.decision == "conflict" and result.conflict, result


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
    done = claims_run(db, "import", str(path))
    assert done.returncode == 0, done.stderr
    assert sorted(r["external_id"] for r in claims_jsonl(db, "list")) == ["c1", "c2"]  # both in the queue
    (pending,) = claims_jsonl(db, "dupes")
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

    assert claims_run(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")).returncode == 0
    (first,) = (row["id"] for row in claims_jsonl(db, "list", "--order", "id", "--limit", "1"))
    before = claims_jsonl(db, "list", "--order", "id", "--limit", "1")[0]["date"]
    for args in (("resolve-date", "It rained yesterday", "--published", when),
                 ("set-date", "--", str(first), when),
                 ("list", "--since", when), ("history", "--since", when),
                 ("extract", str(SAMPLES / "01-harbour-courier-floods.txt"), "--published", when)):
        done = claims_run(db, *args)
        err = done.stderr.decode()
        assert done.returncode in (1, 2) and "Traceback" not in err, (args, err)
        assert f"'{when}' is not a date" in err and len(err.strip().splitlines()) == 1, (args, err)
    assert claims_jsonl(db, "list", "--order", "id", "--limit", "1")[0]["date"] == before


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
    done = claims_run(db, "import", str(path))
    assert done.returncode == 1 and "reads as '/'" in done.stderr.decode(), done.stderr
    good = tmp_path / "g.jsonl"
    good.write_text(json.dumps({"id": "g1", "text": "The bridge carries 40,000 vehicles a day, the council said."})
                    + "\n", encoding="utf-8")
    assert claims_run(db, "import", str(good)).returncode == 0
    (claim,) = claims_jsonl(db, "list")
    refused = claims_run(db, "set-url", str(claim["id"]), url)
    assert refused.returncode == 1 and "reads as '/'" in refused.stderr.decode(), refused.stderr
    assert "\u2215" not in claims_run(db, "show", str(claim["id"])).stdout.decode()


# --- the desk's ctrl+c ------------------------------------------------------------------------------
#
# ctrl+c on the desk (in tmux) said "Press [b]ctrl+q[/b] to quit the app": Textual's notice is
# markup, and the desk shows every notice as written (text from outside must never be markup).

async def test_ctrl_c_on_the_desk_says_how_to_quit_without_markup(tmp_path):
    from tests.desk import one_claim_desk, open_desk, press_each

    async with open_desk(one_claim_desk(tmp_path)) as (_, pilot, said):
        await press_each(pilot, ["ctrl+c"])
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
    done = claims_run(db, "ingest", str(article))
    assert done.returncode == 0 and b"1 claims" in done.stdout + done.stderr, done
    (claim,) = claims_jsonl(db, "list")
    assert claim["speaker"] == speaker and claim["text"].startswith(said.split('"')[1][:10]), claim
    assert not claim["text"].endswith(("，", "、")), claim["text"]
    assert claims_run(db, "list", "--search", "1987年以来的最高").stdout.count(b"\n") >= 1


# --- the log of pass 20 ----------------------------------------------------------------------------------
#
# (class, input, outcome): "held", or "FAILED" and the commit that fixed it. "both" is SQLite and
# PostgreSQL; every command ran as a subprocess (`claims ...`) unless it says tmux. Inputs passes
# 1-19 had not tried: one-word opposites, months, weekdays, names and foreign negations in the
# duplicate decision; two relative dates in one typed date; host characters that read as '/' or
# ':'; Chinese and Japanese quotations in English articles; supplementary-plane case pairs in
# filters; TMPDIR; ctrl+c on the desk. Load average 3.5-6.5 (other agents at work), 6-9 while the
# full suite ran: timings are wall clock at that load.

LOG: list[tuple[str, str, str]] = [
    # the duplicate decision (claims compare, import then dupes; about 60 pairs, 3 classes failed)
    ("matching", "compare of pairs differing in one word: rose / fell, increased / decreased, more than / fewer "
     "than, more / less than half, majority / minority, highest / lowest, safe / unsafe, legal / illegal, "
     "doubled / halved, faster / slower, in January / February, on Monday / Friday, Tuesday / Wednesday; "
     "(after the log's first commit) in May / June, Q1 / Q2, Democrats / Republicans, north / south, imported / "
     "exported, before / after, won / lost, guilty / innocent, ban / allow",
     "FAILED: 'duplicate' at 98.9-99.9, merged on arrival; at most suggested, naming the two words "
     "(claims/matching/contrasts.py), fixed 3f5a57f and (May, quarters, parties) 312500f"),
    ("matching", "compare: 'nicht erhöht' / 'deutlich erhöht', \"n'a pas augmenté\" / 'a augmenté' (Spanish 'no' "
     "held: suggested)", "FAILED: 'duplicate' at 99; German, French, Spanish, Portuguese, Dutch, Polish, Russian, "
     "Arabic and Hebrew negations read, fixed 3f5a57f (Italian 'non' left out: English 'non-binding' / "
     "'nonbinding' paraphrases in MRPC)"),
    ("matching", "compare: Senator Smith / Senator Jones, born in Kenya / Hawaii, Russia attacked Ukraine / Ukraine "
     "attacked Russia, 'Two out of three' / 'One out of three' doctors, sea level / high altitude",
     "NOT FIXED: 'duplicate' at 97.7-99.9. A rule 'each side holds a capitalised word the other lacks' would "
     "have made 64 of MRPC's true paraphrases among 708 automatic duplicates (default idf) suggestions for "
     "one wrong one avoided; a swap of roles needs word order; 'one' is not read as a number. Reproduce: "
     "claims compare 'Senator Smith voted against the infrastructure bill that passed the house last week' "
     "'Senator Jones voted against the infrastructure bill that passed the house last week'"),
    ("matching", "10 true paraphrases (reordered attribution, 3.5 percent / 3.5%, 'up 5 percent' / 'rose 5 "
     "percent' with 'down from' on both sides, German and French negated on both sides, 'rose ... before "
     "falling back' on both)", "held: duplicate 93-99.6 (after the fix too)"),
    ("matching", "MRPC train pairs with the contrast rule", "held: accuracy 0.762 / F1 0.831 unchanged, duplicate "
     "precision 0.964 -> 0.965 (CV 0.960 -> 0.961), 6 fewer automatic duplicates"),
    # lenient dates (about 60 typed at the CLI, 140 through the reader against main's; 3 shapes failed)
    ("dates", "--published / set-date / list --since / history --since 'a week ago yesterday', 'tomorrow "
     "yesterday', '2 days ago yesterday', 'a year ago yesterday', 'yesterday a week ago', 'two weeks ago Friday' "
     "(both)", "FAILED: read as yesterday or last Friday, the other phrase dropped; refused naming both "
     "phrases (read_typed_date), fixed 5a1023c; its first form refused 'tuesday wednesday' with the wrong "
     "reason and 'the Friday after next' (test_hostile_inputs_4, found by the full suite), fixed 8efcec8"),
    ("dates", "'day before yesterday' (no 'the'), 'day after tomorrow', 'yesterday week', '-1 day ago', '- 1 day "
     "ago', '-2 days ago'", "FAILED: yesterday / tomorrow (counting words dropped), 1 and 2 days ago (sign "
     "skipped); refused, fixed 5a1023c ('−1 day ago' with U+2212 was refused already)"),
    ("dates", "--published '29 February' (no year, 2026), 'February 29', '31 April 2024', 'February 30, 2024', "
     "'the 31st of June 2024', \"April '24\", '14. April 2024', 1712000000, now, midnight, 2024-W15-1, "
     "20240-04-14, 'Sept 31 2024', 'in 0 days', 'last February 29', \"12 o'clock\", 'the ides of March', "
     "'... 10:00 PDT' / 'XYZ', '14 April 2024 BC', 2024-4-14, 2024-04-14Z, 'first of April 2024', 'fourteen "
     "April 2024', 'a week ago'", "held: refused in one line"),
    ("dates", "'Apr. 14th, 2024', '14th April 2024', 2024/04/14, 'today at noon', '2024-04-14 00:00:00.000000001', "
     "'Sunday, 14 April 2024', 'Sun 14 Apr 2024', 4/14/2024, 14.4.2024, '0 days ago', 'the day before "
     "yesterday', 'Monday last week', 'late last night', 'earlier today', 'this past Friday'", "held: read as "
     "the day they name ('2024-04-14T10:00:00+14:01', an offset past +14:00, is read: not changed)"),
    # unsafe links (about 45 tried, 1 class failed)
    ("unsafe links", "set-url / import url / the desk's l: 'https://google.com∕login.evil.example/' with U+2215, "
     "U+2044, U+29F8, U+1735; 'https://paypal.com꞉443.evil.example/' (U+A789); xn--googlelogin-zh8f",
     "FAILED: stored and exported, reading as a page of google.com or a port; refused (claims.links), fixed "
     "8979cac"),
    ("unsafe links", "fullwidth ／ ？ ＃ in a host, U+2060 in a host, https:///evil.com, https:evil.com, http://0/, "
     "0x7f000001, NBSP in a path, xn--80ak6aa92e, a..b, :8080:90, [1::2::3], [::1, backslash", "held: refused"),
    ("unsafe links", "https://🍕.ws/, i❤.ws, 例子.测试, col·legi.cat, evil．com (fullwidth dot, goes where it reads), "
     "exa_mple.com, [::1]:80, https://ex.com:/, https://ex.com?, %E2%80%AE in a path, "
     "#javascript:alert(1) as a fragment, 'https://postgresql://postgres@host/x' (host 'postgresql')",
     "held: stored, as browsers take them (not changed)"),
    # search and list filters (both; about 110 searches, 0 failed)
    ("search", "--search (both) of µm / μm / ΜΜ, Deseret 𐐜𐐩 in 4 cases, Adlam 𞤀𞤣𞤤𞤢𞤥 / 𞤢..., Osage 𐒰𐓘 / 𐓘𐓘, Ꟑ / ꟑ "
     "(Unicode 14), Ω ohm / omega, Å angstrom / Å / å, Vithkuqi 𐕰 / 𐖗, ᲀ / в / В, ﬓ / մն / ՄՆ, ŉ, Medefaidrin "
     "𖹀 / 𖹠, ᾼ / ᾳ / αι / ΑΙ, ㄱ / ᄀ, ﬃcient / FFICIENT / ffi, ＄40 / $40, Glagolitic Ⰰ / ⰰ, Coptic Ⲁ / ⲁ, "
     "Warang Citi 𑢠 / 𑣀, Ɪ / ɪ, Baška NFC / NFD in 3 cases", "held: the same rows on both ('ʼn', the casefold "
     "of ŉ, finds nothing on either: not changed)"),
    ("search", "--search a, q, Ⓠ, ⓠ, 🅰, 𝐚, ᵃ, ª, ①, 1, ⑴, ㈠, ™, ℡, ㎏, kg (both); the desk's / of Ⓐ (tmux)",
     "held: the same rows on both; compatibility forms fold to their letters (Ⓐ and 𝐚 find what 'a' finds, "
     "every claim here: a letter, not a symbol-only search); ⑴ finds nothing where 1 finds 6 (not changed)"),
    # non-Latin text in extraction (about 20 articles and lines, 1 class failed)
    ("extraction", "an English article quoting Chinese or Japanese ('\"水位达到7.4米，是1987年以来的最高水平，\" said "
     "Wang Wei', 'said: \"...。\"', a Japanese quote ending in 、)", "FAILED: no claim (one 'word' to str.split); "
     "counted as a reader counts words, fixed 6a39b61"),
    ("extraction", "the same quote in Russian (with ，), Thai, Hindi, Korean; «...» in Russian after 'said:'",
     "held: a claim of its speaker"),
    ("extraction", "whole articles in Russian, Chinese, German (quotes „…“), Arabic (quotes «…»)", "held as "
     "documented: 0 claims, said so ('ingested 2 articles: 0 claims'); extraction reads English cues"),
    # tracebacks (about 130 runs, 0 failed)
    ("tracebacks", "51 odd option sets x both (list --limit 0 / --order nope / --until 1999 --since 2030, show 0, "
     "history --reviewer '', report --top -1, search --min-score 101, compare '' x, export --format nope, "
     "merge 1 99999, set-article 999999, set-date 1 '', watch add '', db check --fix, undo --steps 0, extract "
     "/dev/null, extract a folder, import a folder, ...)", "held: no traceback"),
    ("environment", "TMPDIR=/nonexistent, /dev/null, /etc/passwd, '' for import, list, export, report, db backup, "
     "dupes --rebuild (SQLite)", "held"),
    ("interrupt", "kill -9 of import of 5,000 at 3 and 8 s (PostgreSQL), then the import again", "held: 0 claims "
     "after each kill, then 5,000 with 24,945 conflicts as on SQLite; db check ok, no connection left"),
    # round trips (8 records x both)
    ("round trip", "import -> export csv -> import -> export (both) of: text '-5 degrees...', '+44 20 ...', a "
     "newline and quotes in text, U+FEFF inside, speaker \"=cmd|' /C calc'!A0\", \"'=quoted\", 'O'Brien; Jr.', "
     "'  spaced  ', '0001234', 👍; outlet 'Foo; Bar News' and 'A;B'; note '@SUM(1+1)', a leading tab, CR / "
     "CRLF / LF, '-', 🇺🇦; evidence with ';' in the URL; date '1999'", "held: both exports identical, every "
     "column back as it was"),
    # superlinear (3-4 sizes each; load 3.5-6.5)
    ("superlinear", "compare of two 20,000-character texts of 250-2,000 numbers with units, bare digits, €/$ "
     "amounts: 1.9-4.6 s flat (73-76 MB); import of 2,500 / 5,000 / 10,000 claims that conflict in pairs "
     "(SQLite): 5.0 / 17.7 / 38.9 s, 249-276 MB; PostgreSQL 5,000: 21.5 s, 222 MB; extract --transcript of "
     "1k / 2k / 4k lines: 4.5 / 6.1 / 9.3 s (80-96 MB); resolve-date of 1k-4k phrases under 1 s; one paragraph "
     "of 500-2,000 quote pairs 0.9-2.9 s", "held: linear, memory bounded"),
    # desk (tmux 200x50, SQLite)
    ("desk", "w then 'a week ago yesterday'; l then the U+2215 link; / of Ⓐ; /~ a sentence; t then ctrl+c",
     "held after the fixes (the refusals shown in the dialogs); ctrl+c FAILED: 'Press [b]ctrl+q[/b] to quit "
     "the app', Textual's markup shown as written; plain text, fixed ee39557"),
]
