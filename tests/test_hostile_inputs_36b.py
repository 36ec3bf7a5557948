"""Pass 36b of the hostile trial (issue 15's classes 6-9 and the desk): lenient dates, superlinear
work, non-Latin text, the desk on stores of other shapes. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess on SQLite files, the desk under Pilot
and in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from claims.matching.decision import compare
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
