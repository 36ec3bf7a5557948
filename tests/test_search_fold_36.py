"""Marks a word is written with or without, and letters two keyboards type apart (issue 15
classes 4 and 8, pass 36): `claims list --search البطالة` missed 'البِطَالَةِ' (Arabic vowel marks:
the list's fold kept them, the matching keys dropped them); neither `list --search` nor `claims
search` found 'Νίκος' by 'ΝΙΚΟΣ' (Greek writes capitals without accents), 'أحمد' by 'احمد' (news
text leaves the hamza out) or 'علی' (Persian yeh) by 'علي'. Both folds drop and fold them alike
now (`db.folding._drop_marks`, `claims.matching.normalize._clean`); a Latin letter keeps its
accent (`cafe` is not `café`). Migration 0028 refolds what was stored
(tests/test_fold_migration_28.py)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from claims.matching import index_keys
from claims.matching.normalize import clean
from db.folding import fold_text, postgresql_fold
from tests.hostile import run

CLAIMS = [
    ("a1", "قال الوزير إن نسبة البِطَالَةِ ارتفعت إلى 12 بالمئة هذا العام", "وزير العمل"),
    ("a2", "أحمد المنصوري: الميزانية ارتفعت بنسبة 40 بالمئة", "أحمد المنصوري"),
    ("a3", "علی گفت که بودجه کشور ۴۰ درصد افزایش یافت", "علی رضایی"),
    ("g1", "Ο Νίκος Παπαδόπουλος είπε ότι η ανεργία μειώθηκε στο 10 τοις εκατό", "Νίκος Παπαδόπουλος"),
    ("g2", "ΝΙΚΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ: Η ΑΝΕΡΓΙΑ ΜΕΙΩΘΗΚΕ ΦΕΤΟΣ ΣΤΟ 10%", "ΥΠΟΥΡΓΟΣ ΟΙΚΟΝΟΜΙΚΩΝ"),
    ("h1", "שָׁלוֹם כהן אמר שהתקציב גדל ב-3 אחוזים", "שָׁלוֹם כהן"),
    ("l1", "The café on Main Street raised its prices by 12 percent, the owner said.", "Zoë Brown"),
    ("l2", "The cafe on Main Street closed last year, the council said.", "Zoe Brown"),
]

OUTLETS = {"a2": "الأهرام", "a3": "الاهرام", "g1": "Καθημερινή", "g2": "ΚΑΘΗΜΕΡΙΝΗ", "l1": "Café Times", "l2": "Cafe Times"}


def _import(db, tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "speaker": sp, "outlet": OUTLETS.get(i)},
                                       ensure_ascii=False) + "\n" for i, t, sp in CLAIMS), encoding="utf-8")
    done = run(db, "import", str(path))
    assert done.exit_code == 0, done.output


def _listed(db, *args: str) -> list[str]:
    done = run(db, "list", *args, "--format", "jsonl")
    assert done.exit_code == 0, done.output
    return sorted(json.loads(line)["external_id"] for line in done.output.splitlines())


def _searched(db, words: str) -> list[str]:
    done = run(db, "search", words, "--format", "jsonl")
    assert done.exit_code == 0, done.output
    return sorted(json.loads(line)["external_id"] for line in done.output.splitlines() if line.startswith("{"))


LISTED = [
    (("--search", "البطالة"), ["a1"]),  # harakat
    (("--search", "البِطَالَةِ"), ["a1"]),
    (("--search", "احمد"), ["a2"]),  # the alef without its hamza
    (("--search", "الى"), ["a1"]),
    (("--speaker", "احمد المنصوري"), ["a2"]),
    (("--search", "علي"), ["a3"]),  # Arabic yeh finds the Persian one
    (("--search", "كشور"), ["a3"]),  # Arabic kaf finds the keheh
    (("--search", "ΝΙΚΟΣ"), ["g1", "g2"]),  # capitals without accents
    (("--search", "Νίκος"), ["g1", "g2"]),
    (("--search", "νικοσ ανεργια"), ["g1", "g2"]),
    (("--search", "μειώθηκε"), ["g1", "g2"]),
    (("--speaker", "παπαδοπουλος"), ["g1"]),
    (("--speaker", "Υπουργός Οικονομικών"), ["g2"]),
    (("--search", "שלום"), ["h1"]),  # niqqud
    (("--speaker", "שלום"), ["h1"]),
    (("--search", "cafe"), ["l2"]),  # a Latin accent counts, as before
    (("--search", "café"), ["l1"]),
    (("--speaker", "zoe"), ["l2"]),
    (("--search", "على"), []),
    (("--outlet", "الاهرام"), ["a2", "a3"]),  # one outlet: the name found first, under either spelling
    (("--outlet", "καθημερινη"), ["g1", "g2"]),
    (("--outlet", "ΚΑΘΗΜΕΡΙΝΉ"), ["g1", "g2"]),
    (("--outlet", "cafe times"), ["l2"]),  # the alef maksura is no yeh: 'على' ("on") does not find 'علی'
]


@pytest.mark.parametrize("args, expected", LISTED)
def test_list_finds_a_word_with_or_without_its_marks(db, tmp_path, args, expected):
    _import(db, tmp_path)
    assert _listed(db, *args) == expected


def test_both_backends_count_the_same(db, tmp_path):
    """The same cases, all at once on each backend: the counts are the table's (both runs)."""
    _import(db, tmp_path)
    assert [len(_listed(db, *args)) for args, _ in LISTED] == [len(expected) for _, expected in LISTED]


@pytest.mark.parametrize("words, expected", [
    ("البطالة ارتفعت", ["a1"]),
    ("احمد", ["a2"]),
    ("علي كشور", ["a3"]),
    ("ΝΙΚΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ ΑΝΕΡΓΙΑ ΜΕΙΩΘΗΚΕ", ["g1", "g2"]),
    ("שלום כהן התקציב", ["h1"]),
])
def test_claims_search_finds_them_alike(db, tmp_path, words, expected):
    """(a1 and a2 share 'ارتفعت': a2 may be found beside a1)"""
    _import(db, tmp_path)
    assert set(expected) <= set(_searched(db, words))


def test_the_keys_fold_as_the_list_does():
    assert index_keys("ΝΙΚΟΣ") == index_keys("Νίκος") == index_keys("νῖκος") == ["νικοσ"]
    assert index_keys("البِطَالَةِ") == index_keys("البطالة") == ["البطالة"]
    assert index_keys("أحمد") == index_keys("إحمد") == index_keys("آحمد") == index_keys("احمد")
    assert index_keys("علی کشور") == index_keys("علي كشور")
    assert index_keys("café") != index_keys("cafe")
    assert index_keys("على") != index_keys("علي")
    assert fold_text("ΪΫ ΐ ᾄ") == "ιυ ι αι" and fold_text("café") == "café"


def _letters(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def test_every_letter_the_list_folds_the_keys_fold_alike():
    """For every letter of the Greek, Hebrew and Arabic blocks and their presentation forms,
    and each with each mark after it: the list's fold and the keys' read one word."""
    blocks = [*range(0x0370, 0x0400), *range(0x0590, 0x0700), *range(0x1F00, 0x2000), *range(0xFB1D, 0xFE00),
              *range(0xFE70, 0xFF00)]
    marks = [chr(c) for c in [*range(0x0300, 0x0370), *range(0x0591, 0x05C8), *range(0x064B, 0x0671)]]
    words = [f"a{chr(c)}b" for c in blocks]
    words += [f"{base}{m}" for base in "αΑιωاوש" for m in marks]
    parted = []
    for word in words:
        if any(unicodedata.category(c)[0] not in "LM" for c in word):
            continue  # a sign (٪ is 'percent' to matching) or a digit: not what this step folds
        listed, keyed = fold_text(word), " ".join(clean(word).split())
        if _letters(listed) != _letters(keyed):
            parted.append((word, listed, keyed))
    assert not parted, parted[:10]


def test_postgresql_drops_them_as_python_does(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine

    marks = [chr(c) for c in [*range(0x0300, 0x0370), *range(0x0591, 0x05C8), *range(0x064B, 0x0671)]]
    values = [base + m + n for base in ["α", "Α", "ι", "e", "i", "ا", "ש", "ω", "ϒ", "ß"] for m in marks
              for n in ["", *marks[::7]]]
    values += [t for _, t, sp in CLAIMS] + [sp for _, _, sp in CLAIMS]
    values += ["e\u0592\u0301", "a\u0654", "و\u0654", "Ή\u0345", "ΰ\u05b0x", "\ufb2a\ufe8d", "\u0675 ٢٠٢٤"]
    engine = create_engine(fresh_pg_url("marks36"))
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("CREATE TEMP TABLE fold_marks (v text)")
        with cur.copy("COPY fold_marks (v) FROM STDIN") as copy:
            for v in values:
                copy.write_row((v,))
        cur.execute(f"SELECT v, {postgresql_fold('v')} FROM fold_marks")
        differ = [(v, got, fold_text(v)) for v, got in cur.fetchall() if got != fold_text(v)]
    finally:
        raw.rollback()
        raw.close()
        engine.dispose()
    assert differ == [], differ[:20]
