"""What earlier hostile passes noticed and left (issue 15, the "noticed" list): each test fails
before its fix. Reproduced as a user meets them: the CLI on an SQLite file, the desk through
App.run_test and Pilot."""

from __future__ import annotations

import json

from click.testing import CliRunner

from claims.extraction.fragments import is_fragment
from tests.hostile import run
from tui.entry import cli


def _listed(db) -> dict[str, str]:
    out = run(db, "list", "--not-a-claim", "--format", "jsonl").output
    return {r["text"]: r["claim_type"] for r in map(json.loads, out.splitlines())}


# --- a short quotation in French or Polish, typed without accents -----------------------------


def test_a_short_quotation_in_another_latin_language_is_no_english_fragment(db, tmp_path):
    """'Nous avons 12 hopitaux.' has no verb of the English lexicon: the fragment rule judged
    it a noun phrase and stored it as no claim (an Arabic quotation was spared for its
    script; one in plain ASCII was not). An English fragment is one still."""
    path = tmp_path / "a.txt"
    path.write_text(
        'The minister said: "Nous avons 12 hopitaux dans la region."\n\n'
        'The mayor told reporters: "Mamy 40 szpitali w regionie."\n\n'
        'The senator said: "Wir haben 12 Krankenhauser."\n\n'
        'The minister said her plan to raise bus fares in the valley.\n', encoding="utf-8")
    assert run(db, "ingest", str(path)).exit_code == 0
    listed = _listed(db)
    assert listed["Nous avons 12 hopitaux dans la region."] == "quantity", listed
    assert listed["Mamy 40 szpitali w regionie."] == "quantity", listed
    assert listed["Wir haben 12 Krankenhauser."] == "quantity", listed
    assert listed["her plan to raise bus fares in the valley"] == "not_a_claim", listed
    # a place's name is no French: a fragment naming one is a fragment still
    assert is_fragment("the old casinos of Las Vegas", quoted=True)
    assert is_fragment("Los Angeles traffic jams", quoted=True)


def test_a_quotation_in_guillemets_after_its_cue_is_a_claim(db, tmp_path):
    """'The minister said: « Nous avons 12 hopitaux. »' gave no claim at all, in French or in
    English: the keep model reads only “ ” and " as quote marks, so a «…» quotation was a
    quotation without marks to it, dropped. The stored quote keeps its own marks."""
    path = tmp_path / "a.txt"
    path.write_text(
        "The minister said: « Nous avons 12 hopitaux dans la region. »\n\n"
        "The mayor said: «We have 40 hospitals in the region.»\n", encoding="utf-8")
    assert run(db, "ingest", str(path)).exit_code == 0
    listed = _listed(db)
    assert listed.get("Nous avons 12 hopitaux dans la region.") == "quantity", listed
    assert listed.get("We have 40 hospitals in the region.") == "quantity", listed
    out = CliRunner().invoke(cli, ["extract", str(path)]).output
    assert "« Nous avons 12 hopitaux dans la region. »" in [json.loads(x)["quote"] for x in out.splitlines()]
