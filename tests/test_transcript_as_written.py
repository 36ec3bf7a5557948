"""`claims extract --transcript` shows the speakers `claims ingest --transcript` stores (pass 25's
found-not-fixed: a label written with a direction control, 'MAYOR\\u202e JONES:', was a label to
ingest, which removes the control, and none to extract, which read the text as given and gave
its line to the speaker before); and a label in a coloured terminal's escape sequences
('\\x1b[31mSMITH\\x1b[0m:') is a label to both: a sequence is removed whole where text is stored
(its ESC alone went, leaving '[31mSMITH[0m:' in the claim, under the speaker before).
extract's offsets still index the text as given: text[start:end] == quote.
"""

from __future__ import annotations

import json

from claims.cleaning import clean_article
from claims.limits import without_controls, without_controls_mapped

TRANSCRIPT = ("MODERATOR: Welcome to the debate tonight.\n"
              "MAYOR\u202e JONES: Crime fell by 12 percent last year in our city.\n"
              "\x1b[31mSMITH\x1b[0m: Taxes rose by 4 percent under this mayor.\n"
              "The budget grew by 30 million dollars.\n")
SPEAKERS = ["Moderator", "Mayor Jones", "Smith", "Smith"]


def test_extract_shows_the_speakers_ingest_stores(invoke, runner, tmp_path):
    from tui.entry import cli

    path = tmp_path / "debate.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    out = runner.invoke(cli, ["extract", "--transcript", str(path), "--format", "jsonl"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.output.splitlines()]
    assert [r["speaker"] for r in records] == SPEAKERS
    for r in records:
        assert TRANSCRIPT[r["start"]:r["end"]] == r["quote"]
        assert "\x1b" not in r["text"] and "[31m" not in r["text"]
    assert [TRANSCRIPT[r["speaker_start"]:r["speaker_end"]] for r in records[1:3]] == ["MAYOR\u202e JONES", "SMITH"]

    assert invoke("ingest", "--transcript", str(path)).exit_code == 0
    listed = invoke("list", "--format", "jsonl", "--not-a-claim")
    stored = [json.loads(line) for line in listed.output.splitlines()]
    by_text = {r["text"]: r.get("speaker") for r in stored}
    assert {r["text"]: r["speaker"] for r in records} == by_text


def test_an_escape_sequence_goes_whole_and_an_unended_one_takes_no_text():
    assert without_controls("\x1b[1;31mSMITH\x1b[0m: x") == "SMITH: x"
    assert without_controls("a\x1b]2;pwned\x07b\x1b]0;t\x1b\\c") == "abc"
    assert without_controls("\x1b]0;title\nthe rest of the article") == "]0;title\nthe rest of the article"
    assert without_controls("\x9b Next") == " Next"  # C1's CSI alone: also a mis-read '›'
    assert clean_article("The mayor said \x1b[32mfares\x1b[0m rose.").text == "The mayor said fares rose."


def test_the_map_gives_each_kept_character_its_place():
    text = "ab\x1b[31mcd\u202eef\x1b"
    kept, origin = without_controls_mapped(text)
    assert kept == "abcdef" and len(origin) == len(kept) + 1 and origin[-1] == len(text)
    assert all(text[origin[i]] == ch for i, ch in enumerate(kept))
