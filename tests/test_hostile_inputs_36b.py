"""Pass 36b of the hostile trial (issue 15's classes 6-9 and the desk): lenient dates, superlinear
work, non-Latin text, the desk on stores of other shapes. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess on SQLite files, the desk under Pilot
and in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from claims.dates import read_typed_date
from claims.matching.decision import compare
from tests.conftest import CLAIMS_BIN
from tests.hostile import run, stored_claims

# --- non-Latin text in matching: a rise and a fall in another language were one claim -------------------
#
# "Der Minister sagte, die Arbeitslosigkeit sei um 30 Prozent gestiegen" / "... gesunken", and the same
# pair in French, Spanish, Arabic, Chinese (上升 / 下降), Russian, Hebrew and Hindi scored 99 and were
# merged on arrival: one verdict for two claims saying opposite things. English "rose" / "fell" is
# only suggested (claims/matching/contrasts.py); its quantity words now have the other languages' too.

RISE_AND_FALL = [
    ("Der Minister sagte, die Arbeitslosigkeit sei 2023 in den Großstädten um 30 Prozent gestiegen",
     "Der Minister sagte, die Arbeitslosigkeit sei 2023 in den Großstädten um 30 Prozent gesunken"),
    ("Le ministre a déclaré que le chômage a augmenté de 30 pour cent en 2023 dans les grandes villes",
     "Le ministre a déclaré que le chômage a baissé de 30 pour cent en 2023 dans les grandes villes"),
    ("El ministro dijo que el desempleo subió un 30 por ciento en 2023 en las grandes ciudades",
     "El ministro dijo que el desempleo bajó un 30 por ciento en 2023 en las grandes ciudades"),
    ("قال الوزير إن البطالة ارتفعت بنسبة 30 بالمئة في عام 2023 في المدن الكبرى",
     "قال الوزير إن البطالة انخفضت بنسبة 30 بالمئة في عام 2023 في المدن الكبرى"),
    ("财政部长表示，2023年全国失业率上升了30%，创下十年来最高纪录。",
     "财政部长表示，2023年全国失业率下降了30%，创下十年来最高纪录。"),
    ("Министр заявил, что безработица в крупных городах выросла на 30 процентов в 2023 году",
     "Министр заявил, что безработица в крупных городах снизилась на 30 процентов в 2023 году"),
    ("השר אמר כי האבטלה עלתה ב-30 אחוז בשנת 2023 בכל הערים הגדולות בארץ",
     "השר אמר כי האבטלה ירדה ב-30 אחוז בשנת 2023 בכל הערים הגדולות בארץ"),
    ("मंत्री ने कहा कि बेरोजगारी दर 2023 में 30 प्रतिशत बढ़ गई और यह रिकॉर्ड है",
     "मंत्री ने कहा कि बेरोजगारी दर 2023 में 30 प्रतिशत घट गई और यह रिकॉर्ड है"),
]


@pytest.mark.parametrize(("rise", "fall"), RISE_AND_FALL)
def test_a_rise_and_a_fall_in_another_language_are_only_suggested(rise, fall):
    result = compare(rise, fall)
    assert result.decision == "suggested", result
    assert "say different things" in result.reason


def test_an_import_of_a_rise_and_a_fall_merges_neither(db, tmp_path):
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps({"id": f"q{i}", "text": text}, ensure_ascii=False) + "\n"
                            for i, text in enumerate(RISE_AND_FALL[0])), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    claims = stored_claims(db)
    assert len(claims) == 2 and all(c.canonical_id in (None, c.id) for c in claims), claims
    dupes = run(db, "dupes", "--format", "jsonl")
    assert dupes.exit_code == 0 and "gesunken" in dupes.output, dupes.output


def test_the_same_rise_told_twice_is_still_one_claim():
    # one side saying both ("stieg, dann sank") opposes nothing; the same word each side is no contrast
    same = "Die Arbeitslosigkeit ist 2023 in den Großstädten um 30 Prozent gestiegen, sagte der Minister"
    assert compare(same, same.replace("sagte", "sagte am Montag")).decision == "duplicate"


# --- lenient dates in articles: a range of days was dated by its last day ----------------------------------
#
# "Speaking at the summit on 14-16 April 2024, the mayor said ..." dated the claim 16 April (the phrase
# found was "16 April 2024", the range's start left out), "from 14 to 16 April" and "between 14 and 16
# April" likewise, while "April 14-16" dated it 14 April and "from 2009 to 2013" 2009. A range (or list)
# of days before a month is one phrase now, dated by its first day; a typed range is still refused.


@pytest.mark.parametrize(("text", "said", "date"), [
    ("Rents rose on 14-16 April 2024, the mayor said.", "on 14-16 April 2024", "2024-04-14"),
    ("Rents rose 14–16 April, the mayor said.", "14–16 April", "2024-04-14"),
    ("Rents rose from 14 to 16 April, the mayor said.", "from 14 to 16 April", "2024-04-14"),
    ("Rents rose between 14 and 16 April, the mayor said.", "between 14 and 16 April", "2024-04-14"),
    ("Rents rose 2-5 March 2023, the mayor said.", "2-5 March 2023", "2023-03-02"),
    ("Rents rose on 4, 5 and 6 March, the mayor said.", "on 4, 5 and 6 March", "2024-03-04"),
    ("Rents rose on the 4th to the 6th of March, the mayor said.", "on the 4th to the 6th of March", "2024-03-04"),
    # as before: the US order, a single day, and a score before a month ("won 21-14 April 3")
    ("Rents rose on April 14-16, the mayor said.", "on April 14", "2024-04-14"),
    ("Rents rose on 16 April, the mayor said.", "on 16 April", "2024-04-16"),
])
def test_a_range_of_days_is_dated_by_its_first(text, said, date):
    from claims.dates import find_time_phrases

    found = [(p.text, p.date) for p in find_time_phrases(text, published=dt.date(2024, 4, 20))]
    assert found == [(said, date)], found


def test_the_claim_of_a_range_is_dated_by_its_first_day(tmp_path):
    path = tmp_path / "summit.txt"
    path.write_text("Summit\n\nSpeaking at the summit on 14-16 April 2024, the mayor said rents rose by 12 "
                    "percent in the harbour district.\n", encoding="utf-8")
    done = subprocess.run([str(CLAIMS_BIN), "extract", str(path), "--published", "2024-04-20",
                           "--format", "jsonl"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    dates = [json.loads(line)["date"] for line in done.stdout.splitlines()]
    assert dates == ["2024-04-14"], done.stdout


@pytest.mark.parametrize("typed", ["14-16 April 2024", "from 14 to 16 April 2024", "between 14 and 16 April 2024"])
def test_a_typed_range_of_days_is_still_no_date(typed):
    with pytest.raises(ValueError):
        read_typed_date(typed, base=dt.date(2024, 4, 20))


LOG = [
    # lenient dates (about 190 forms; typed through read_typed_date / list --since / the desk's w, article text
    # through find_time_phrases and extract, feed dates through _written_day)
    ("lenient dates", "typed: 'mid-April 2024', 'early 2024', 'late 2023', 'the weekend', 'Good Friday', "
     "'Thanksgiving', \"New Year's Day\", '14/4', '4/14', '2024-4', '4/2024', 'FY2024', '2024/25', '14 April 2024 "
     "(Sunday)', 'Saturday 14 April 2024', 'Sat, 14 Apr', '2,024-04-14', '2024-04-14.', '\"2024-04-14\"', "
     "'yesterday?', 'not yesterday', '3 days ago ago', '-3 days', 'now', 'recently', '1e3 days ago', '0x10 days "
     "ago', '٣ days ago', '-2024-04-14', '+002024-04-14', a JavaScript Date string, Excel serial 45396, "
     "'20240414T100000Z', '2024-04-14T23:30-05:00' and four other offsets crossing midnight, ranges (four forms), "
     "'around / about / circa 14 April 2024', 'before / after / since 14 April 2024', '2024-04-14 24:00', "
     "'the first Monday of April 2024', 'March 32, 2024', '0 April 2024', '00/04/2024', '2024-04-14Z'", "held: "
     "one line each, or read as written ('around 14 April 2024' is the 14th; 'early 2024' the year). Noted: "
     "'00/04/2024' is refused as 'its day and month could be either way round' (a day 0 is none either way: "
     "wording, not changed)"),
    ("lenient dates", "list --since of 19 forms (Feb 29 2023, 2024-13, 0000, 10000-01-01, ISO week, ordinal, French, "
     "German, Chinese, Arabic, Q2 2024, noon, unix seconds, a range, 'BC 44')", "held: one line naming --since; "
     "'late 2023' as a bound is 2023-01-01 (more rows, none lost: not changed)"),
    ("lenient dates", "an article's range of days: 'on 14-16 April 2024', '14–16 April', 'from 14 to 16 April', "
     "'between 14 and 16 April', '2-5 March 2023', 'on 14, 15 and 16 April'", "FAILED, fixed: the claim dated by "
     "the range's last day (the phrase found was '16 April 2024'; 'April 14-16' and 'from 2009 to 2013' date "
     "by the first). claims/dates.py: one phrase, its first day; eval_extraction --no-speed identical"),
    ("lenient dates", "article text: 'on the 14th', 'at noon', 'in Q5 2024', 'in the second quarter', 'on 29 "
     "February 2023', 'on 31/04/2024', 'on 2023-02-29', 'on 9999-12-31', 'on Saturday, April 14' (a Sunday), "
     "'14 avril 2024', '14. April 2024', '14 de abril de 2024', '2024年4月14日', '١٤ April ٢٠٢٤', 'in ٢٠١٩', "
     "'in FY24', 'since 1799', '3000 / 99999999999 years ago', 'a week ago Sunday', 'the fourteenth of April', "
     "'the week of 29 February 2023'", "held: no date, or the date written (the wrong weekday beside a month "
     "and day is read by the day, as a reader would; other languages' dates and digits are none or the month: "
     "extraction reads English)"),
    ("lenient dates", "feed dates: 'EDT', '+2400', 'GMT+2', 'CEST', 'BST', military 'A' / 'M', '+0000 (UTC)', "
     "'+0560', '+1500', '-2359', 'ET', 'PT', German and French weekday / month names, '.123' seconds, "
     "a year of 3 or 5 digits", "held: none (the page's own date or undated), never another day; RFC 822's "
     "zones read"),
    # superlinear (SQLite; /usr/bin/time -v; load 9-16 on 2 shared cores, so user time is the figure)
    ("superlinear", "ingest of 1 / 2 MB of Chinese and of Arabic news text (no English cue)", "held: 0 claims "
     "(extraction reads English cues, as documented); 2.6 / 2.5 s and 2.6 / 3.4 s user, 128-134 MB"),
    ("superlinear", "one line of 1 / 2 MB with no sentence end", "held: 2.8 / 3.7 s user, 127 / 129 MB, 0 claims"),
    ("superlinear", "1 / 2 MB of quotes nested 5-30 deep ('\"Mayor0 said that \\'\"Mayor1 ...')", "held: "
     "13,831 / 19,235 claims, 32.8 / 48.2 s user, 358 / 383 MB"),
    ("superlinear", "a folder of 5,000 small articles (2 claims each, ~1.25 MB)", "held: linear per file as "
     "pass 33b measured (about 22 ms user a file): 114 s user, 16:49 wall at load ~11 (CPU 11%), 222 MB, "
     "2.4 GB written (one transaction a file)"),
    ("superlinear", "English articles of Chinese quotations 0.5 / 1 / 2 MB (4,529 / 9,050 / 18k claims, each "
     "ideograph a word to the index) and of Arabic quotations 0.5 / 1 MB", "held: 12.0 / 29.1 / 52.3 s user, "
     "402 / 459 / 498 MB; Arabic 8.8 / 15.9 s, 263 / 291 MB"),
    ("superlinear", "1 MB of 7,690 distinct speakers named in full, then by surname", "held: 0.5 / 1 MB 6.8 / "
     "12.4 s user, 195 / 225 MB; the surname's claim given its full name"),
    # non-Latin text in matching
    ("non-Latin", "compare --pairs of 25 pairs: Arabic-Indic / Persian / Bengali / Devanagari / Thai / fullwidth "
     "digits against ASCII, ٫ and ٬ separators, ٪ against % and 'بالمئة', Chinese numerals, RTL with LTR numbers "
     "swapped, U+2212 minus, Hebrew maqaf", "held: duplicates, conflicts on the numbers, the swap suggested"),
    ("non-Latin", "compare of a rise and a fall in German, French, Spanish, Arabic, Chinese (上升 / 下降), Russian, "
     "Hebrew, Hindi", "FAILED, fixed: 'duplicate' at 99 (merged on arrival; English rose / fell is suggested). "
     "claims/matching/contrasts.py: the quantity words of those languages (and Portuguese, Dutch, Polish, "
     "Ukrainian, Japanese); eval_matching --only mrpc identical"),
    ("non-Latin", "compare of Persian ی / ک against Arabic ي / ك (one text)", "FOUND, NOT FIXED: 87.7 suggested, "
     "not a duplicate; claims search بيكاري finds nothing where بیکاری is stored. The fold's (fold36's item 3)"),
    ("non-Latin", "claims search and list --search of Hindi 'बेरोज़गारी' (with nukta) where 'बेरोजगारी' is "
     "stored", "FOUND, NOT FIXED: nothing found either way (the nukta, U+093C, a combining mark, is kept); "
     "Hindi writes both. For the lead with the other marks (fold36)"),
    ("non-Latin", "list --search '٣٠٪', '30٪', '٣٫٥', '١٢٬٥٠٠' where '30%', '3.5', '12,500' are stored", "FOUND, NOT "
     "FIXED: nothing found (the fold makes the digits ASCII, not the Arabic percent sign U+066A or decimal / "
     "thousands separators U+066B / U+066C); `claims search` finds them. The fold (db/folding.py): a "
     "migration, for the lead"),
    ("non-Latin", "the short-claim rule of Tibetan (syllables parted by the tsheg) and Vietnamese (syllables "
     "parted by spaces)", "NOTED, not changed: each syllable counts a word (a 10-syllable Tibetan claim of "
     "about 5 words counts 10); needs a measured rate as Han's"),
    ("non-Latin", "claims search of Thai, Chinese (simplified query, traditional text), Devanagari, Hebrew, "
     "Bengali with a figure, Tamil, Ethiopic with and without ፡, Cyrillic inside English", "held: found"),
    # desk filters on stores of other shapes
    ("desk shapes", "a 200,000-claim store of 2,000-character texts, 10,000 outlets, 50,000 speakers (built "
     "with bench/desk_bench.py's builder; 2.4 GB); a speaker on 1 claim, an outlet and a word on none",
     "held on CPU: each filter's first page 0.8-58 ms CPU (service); desk_bench --db, 3 rounds at load 15.3: "
     "launch 1.0 s, page-down p95 111 ms, filter p95 502 ms, set-verdict p95 38 ms, 164 MB (the wall figures "
     "carry the load: 7x oversubscribed)"),
    # the desk
    ("desk", "tmux 40x12 on the 200k store: open a 2,000-character claim, PageDown to its end, resize 20x6 -> "
     "200x50 -> 40x12, escape; the filter dialog at 40x12", "held"),
    ("desk", "six verdict keys and Down in one tmux burst", "held: each claim the key was pressed on"),
    ("desk", "ctrl+z three and seven times in one burst", "FAILED, fixed: one change undone (each press cancelled "
     "the one before's worker); 'ctrl+z ctrl+z ctrl+y' redid nothing. Undo and redo go through the writer's "
     "queue: each press one, in order, after the changes before it (tests/tui/test_hostile_desk_36.py)"),
    ("desk", "'Ana Lopez', enter, 'G' in one burst in the filter dialog (tmux, 200k store); enter then a key in "
     "the export dialog, the search box, the date dialog", "FAILED, fixed: filtered on 'Ana LopezGg', exported "
     "to the file 'x', searched 'bridgej'. Textual runs a field's enter binding once the key has bubbled to the "
     "app, after the keys queued behind it; the desk's fields (tui/widgets/text_input.py) act on enter in "
     "their own turn"),
    ("desk", "the note dialog: 'abc', ctrl+s, 'jj' in one burst", "FOUND, NOT FIXED: the note stored is 'abcjj' "
     "(the same cause: a dialog's non-priority ctrl+s runs after the keys behind it; the filter and export "
     "dialogs' ctrl+s likewise). The ingest screen's fix (priority key, then wait behind the keys before) "
     "would do, but a priority note-save changes what tui.keymap.taken_by_focus lets a keymap move "
     "(test_key_hints_16's 'note-save = ctrl+w'): left for the lead"),
]
