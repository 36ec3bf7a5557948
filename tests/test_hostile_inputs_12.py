"""A twelfth hostile pass (issue 15's classes, other inputs than passes 1-11). Each test of a
failure fails before its fix; the held cases below are tests too where they are cheap.

The log of what was tried (CLI as a subprocess, on SQLite files and PostgreSQL) is at the end
of this file (LOG)."""

from __future__ import annotations

import json

from tests.hostile import run

# --- statements in other scripts are claims ---------------------------------------------------

TRANSCRIPT = (
    "МИНИСТР: Бюджет вырос на девять процентов в этом году и достиг четырёх миллиардов евро.\n"
    "ΥΠΟΥΡΓΟΣ: Ο προϋπολογισμός αυξήθηκε κατά εννέα τοις εκατό φέτος και έφτασε τα τέσσερα δισεκατομμύρια.\n"
    "部长：今年预算增长了百分之九，达到四十亿欧元，这是十年来最高的水平。\n"
    "الوزير: ارتفعت الميزانية بنسبة تسعة في المئة هذا العام لتصل إلى أربعة مليارات يورو.\n"
    "المذيع: هل هذا صحيح حقا يا سيادة الوزير؟\n"
    "שר האוצר: התקציב עלה בתשעה אחוזים השנה לארבעה מיליארד יורו.\n"
)


def _listed(db, *extra) -> dict[str, str]:
    out = run(db, "list", "--format", "jsonl", *extra).output
    return {" ".join(r["text"].split()[:2]): r["claim_type"] for r in map(json.loads, out.splitlines())}


def test_a_transcript_in_another_script_is_claims_not_fragments(db, tmp_path):
    """Every line of a Russian, Greek, Chinese, Arabic or Hebrew transcript was stored as
    `not_a_claim` (the claim-type rule counted Latin words only: fewer than 4), so `claims list`
    and the desk's queue showed none of them. A question is still none, '؟' too."""
    path = tmp_path / "t.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    assert run(db, "ingest", "--transcript", str(path)).exit_code == 0
    listed = _listed(db)
    assert len(listed) == 5 and "not_a_claim" not in listed.values(), listed
    assert "هل هذا" not in listed
    assert len(_listed(db, "--not-a-claim")) == 6


def test_a_quotation_in_another_script_is_no_fragment(db, tmp_path):
    """The English fragment rule (no verb of its lexicon: a noun phrase) judged an Arabic or
    Russian quotation in an English article a fragment, stored as no claim."""
    path = tmp_path / "a.txt"
    path.write_text(
        'The finance minister said on Monday: "ارتفعت الميزانية بنسبة تسعة في المئة هذا العام لتصل إلى أربعة '
        'مليارات يورو."\n\nThe mayor told reporters that «Бюджет вырос на девять процентов в этом году и достиг '
        "четырёх миллиардов евро».\n\nThe minister said her plan to raise bus fares in the valley.\n",
        encoding="utf-8")
    assert run(db, "ingest", str(path)).exit_code == 0
    listed = _listed(db, "--not-a-claim")
    assert listed["ارتفعت الميزانية"] == "other" and listed["Бюджет вырос"] == "other", listed
    assert listed["her plan"] == "not_a_claim"  # an English fragment is one still
