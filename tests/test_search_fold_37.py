"""Issue 15's found-not-fixed items of pass 36 (fold37): a search term the fold makes nothing
(a lone Arabic vowel mark, the tatweel) listed every claim; the Hindi nukta parted 'बेरोज़गारी'
from 'बेरोजगारी' in `list --search` and `claims search`; `list --search` did not read the Arabic
percent sign and separators as `claims search` does; `--published 00/04/2024` was refused as
"either way round". Migration 0029 refolds what was stored (tests/test_fold_migration_29.py)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from claims.dates import read_typed_date
from claims.matching import index_keys
from claims.matching.normalize import clean
from db.folding import fold_text, outlet_identity, postgresql_fold
from tests.hostile import one_line_error, run

ZA = "\u095b"  # DEVANAGARI LETTER ZA: NFC and NFKC write it as ज and the nukta
CLAIMS = [
    ("a1", "قال الوزير إن نسبة البِطَالَةِ ارتفعت إلى 12 بالمئة هذا العام", "وزير العمل", "الأهرام"),
    ("h1", "मंत्री ने कहा कि बेरोज़गारी 30 प्रतिशत घटी है", "मंत्री", "दैनिक भास्कर"),
    ("h2", f"विपक्ष ने कहा कि बेरो{ZA}गारी बढ़ी है और मज़दूर परेशान हैं", "नेता", None),
    ("h3", "रिपोर्ट के अनुसार बेरोजगारी दर स्थिर रही", "रिपोर्टर", None),
    ("p1", "نرخ بیکاری به ٣٠٪ رسید و تورم ۳٫۵ درصد شد با ١٢٬٥٠٠ نفر", "علی", None),
    ("e1", "The mayor said 30% of 12,500 people lost jobs, 3.5 percent more than last year.", "Ann Lee", None),
]


def _import(db, tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "speaker": sp, "outlet": o}, ensure_ascii=False) + "\n"
                            for i, t, sp, o in CLAIMS), encoding="utf-8")
    done = run(db, "import", str(path))
    assert done.exit_code == 0, done.output


def _listed(db, *args: str) -> list[str]:
    done = run(db, "list", *args, "--format", "jsonl")
    assert done.exit_code == 0, done.output
    return sorted(json.loads(line)["external_id"] for line in done.output.splitlines())


def _searched(db, words: str) -> set[str]:
    done = run(db, "search", words, "--format", "jsonl")
    assert done.exit_code == 0, done.output
    return {json.loads(line)["external_id"] for line in done.output.splitlines() if line.startswith("{")}


# -- 1. a term the fold makes nothing ---------------------------------------------------------

@pytest.mark.parametrize("option", ["--search", "--speaker"])
@pytest.mark.parametrize("typed", ["\u0650", "\u0640", "\u0640\u0650", "\u05b8", "\ufe70", " \u064b  \u0651 "])
def test_a_term_the_fold_makes_nothing_is_refused(db, tmp_path, option, typed):
    """A lone kasra, tatweel, Hebrew point or the isolated form of a mark: each listed every
    claim (the fold dropped it, leaving no word); refused in one line, as nothing visible is."""
    _import(db, tmp_path)
    done = run(db, "list", option, typed)
    line = one_line_error(done, f"{option}: nothing to look for in", "vowel marks")
    assert "{" not in done.output, line


def test_a_mark_beside_a_word_is_left_out_as_the_fold_leaves_it(db, tmp_path):
    """(Refused only where nothing is left: with a word, the mark is what it is in stored text.)"""
    _import(db, tmp_path)
    assert _listed(db, "--search", "البطالة \u0650") == ["a1"]


def test_an_outlet_of_a_mark_is_looked_up_as_named(db, tmp_path):
    """`--outlet` finds the outlet of that identity (a name of marks alone keeps them), never
    every claim: it was never that door."""
    _import(db, tmp_path)
    assert _listed(db, "--outlet", "\u0650") == []
    assert _listed(db, "--outlet", "الاهرام") == ["a1"]


def test_the_desk_reads_a_saved_filter_alike():
    """The desk's filters go through `check_filter_text` (its dialog and `/`: tests/tui)."""
    from claims.search_text import BadFilter, check_filter_text

    with pytest.raises(BadFilter, match="^search: nothing to look for"):
        check_filter_text(search="\u0650", prefix="")
    with pytest.raises(BadFilter, match="^speaker: nothing to look for"):
        check_filter_text(speaker="\u0640", prefix="")
    check_filter_text(search="\u0650\u0627", speaker="علی", outlet="\u0650", prefix="")


# -- 2. the Hindi nukta -------------------------------------------------------------------------

NUKTA_FORMS = ["बेरोज़गारी", f"बेरो{ZA}गारी", "बेरोजगारी", unicodedata.normalize("NFD", f"बेरो{ZA}गारी")]


@pytest.mark.parametrize("typed", NUKTA_FORMS)
def test_list_finds_a_word_with_or_without_its_nukta(db, tmp_path, typed):
    _import(db, tmp_path)
    assert _listed(db, "--search", typed) == ["h1", "h2", "h3"]
    assert _listed(db, "--search", "मजदूर") == _listed(db, "--search", "मज़दूर") == ["h2"]


@pytest.mark.parametrize("typed", NUKTA_FORMS)
def test_claims_search_finds_them_alike(db, tmp_path, typed):
    _import(db, tmp_path)
    assert {"h1", "h2", "h3"} <= _searched(db, f"{typed} दर")


def test_the_keys_and_the_fold_drop_the_nukta_alike():
    assert index_keys("बेरोज़गारी") == index_keys(f"बेरो{ZA}गारी") == index_keys("बेरोजगारी") == ["बेरोजगारी"]
    assert fold_text("बेरोज़गारी") == fold_text(f"बेरो{ZA}गारी") == "बेरोजगारी"
    # the three letters NFC writes with the nukta as one, typed either way
    assert fold_text("ऩऱऴ") == fold_text("न\u093cर\u093cळ\u093c") == "नरळ" == clean("ऩऱऴ").strip()
    assert outlet_identity("दैनिक भास्कर") == outlet_identity("दैनिक भास्क\u093cर")
    # Bengali's য় (a letter of its own, written with its nukta) stays apart from য
    assert fold_text("\u09df") != fold_text("\u09af") and index_keys("ইয়াব") != index_keys("ইযাব")


def test_every_devanagari_letter_folds_as_the_keys_fold_it():
    """Each character of the Devanagari block, alone and with the nukta after it: the list's
    fold and the keys' read the same letters (tests/test_search_fold_36.py for the others)."""
    parted = []
    for c in range(0x0900, 0x0980):
        for word in (f"क{chr(c)}ख", f"क{chr(c)}\u093cख", f"{chr(c)}\u093c"):
            letters = [ch for ch in fold_text(word) if unicodedata.category(ch)[0] in "LMN"]
            keyed = [ch for ch in clean(word) if unicodedata.category(ch)[0] in "LMN"]
            if letters != keyed:
                parted.append((word, fold_text(word), clean(word)))
    assert not parted, parted[:10]


# -- 3. the Arabic percent sign and separators -------------------------------------------------

@pytest.mark.parametrize(("typed", "expected"), [
    ("٣٠٪", ["e1", "p1"]), ("30%", ["e1", "p1"]), ("۳۰٪", ["e1", "p1"]),
    ("3٫5", ["e1", "p1"]), ("3.5", ["e1", "p1"]), ("۳٫۵", ["e1", "p1"]),
    ("١٢٬٥٠٠", ["e1", "p1"]), ("12,500", ["e1", "p1"]), ("12500", ["e1", "p1"]),
])
def test_list_reads_the_arabic_number_signs_as_claims_search_does(db, tmp_path, typed, expected):
    _import(db, tmp_path)
    assert _listed(db, "--search", typed) == expected


def test_the_list_fold_and_the_keys_read_the_signs_alike():
    assert fold_text("٣٠٪ ۳٫۵ ١٢٬٥٠٠") == "30% 3.5 12,500"
    assert index_keys("٣٠٪ ۳٫۵ ١٢٬٥٠٠") == index_keys("30% 3.5 12,500")
    assert outlet_identity("Radio ٪") == "radio ٪"  # an identity keeps its digits and signs as written


def test_postgresql_folds_them_as_python_does(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine, text

    values = [t for _, t, _, _ in CLAIMS] + [f"{chr(c)}\u093c{m}" for c in range(0x0900, 0x0980) for m in ("", "x")]
    values += ["α\u093c\u0301", "Ά\u093c", "\u095b", "٪%", "50%", "%٫%", "\u0929\u0931\u0934", "ي\u093c"]
    engine = create_engine(fresh_pg_url("fold37"))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TEMP TABLE f (v text)"))
            conn.execute(text("INSERT INTO f (v) VALUES (:v)"), [{"v": v} for v in values])
            # (the fold is compiled into a statement with parameters: its '%' is no placeholder)
            got = conn.execute(text(f"SELECT v, {postgresql_fold('v')} FROM f WHERE v <> :x"), {"x": ""}).all()
    finally:
        engine.dispose()
    differ = [(v, f, fold_text(v)) for v, f in got if f != fold_text(v)]
    assert len(got) == len(values) and differ == [], differ[:10]


# -- 5. a day or month 0 ------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["00/04/2024", "04/00/2024", "00/00/2024", "13/00/2024", "0/4/24"])
def test_a_day_or_month_0_is_said_to_be_no_date(typed):
    with pytest.raises(ValueError, match="no day 0 or month 0") as refused:
        read_typed_date(typed, base=None)
    assert "either way round" not in str(refused.value)


def test_published_names_it(db, tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("The minister said 40 percent of people work here now.\n", encoding="utf-8")
    done = run(db, "ingest", str(page), "--outlet", "X", "--published", "00/04/2024")
    one_line_error(done, "--published: '00/04/2024' is not a date (there is no day 0 or month 0)")
