"""`claims list --search/--speaker/--outlet` match literally, case-insensitively over all of
Unicode, whatever the normal form, and within bounds (issue 15, finding 4). Both backends."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claims.services.importer import import_text
from tui.entry import cli

DECOMPOSED = "Cafe\u0301 owners said rents rose sharply."  # e + combining acute
CLAIMS = [
    {"id": "plan", "text": "The council backed plan_b for the bridge.", "speaker": "Ana Ruiz"},
    {"id": "planx", "text": "The council backed planXb for the tunnel.", "speaker": "Bo Lind"},
    {"id": "pct", "text": "Fares rose 5% last year.", "speaker": "Dr. Ewa Nowak", "outlet": "École News"},
    {"id": "party", "text": "The launch went well 🎉 said the mayor.", "speaker": "Mayor Kim"},
    {"id": "dash", "text": "Unemployment -- officially 4 per cent -- is falling.", "speaker": "Lee Park"},
    {"id": "de", "text": "Die ÜBERSTUNDEN stiegen um 12 Prozent.", "speaker": "Jörg Öztürk"},
    {"id": "fr", "text": "L'école a fermé 3 classes.", "speaker": "ÉLISE MARTIN"},
    {"id": "nfd", "text": DECOMPOSED, "speaker": "Zoë Brand"},
    {"id": "apos", "text": "Trump’s budget cut 200 jobs.", "speaker": "Sam Ode"},
    # copied from the web: a soft hyphen, a zero-width space, a direction mark, a variation selector
    {"id": "shy", "text": "The bud\u00adget for Zu\u200brich grew \u200f12 percent \u2764\ufe0f.",
     "speaker": "Noa\u00adh Berg"},
    {"id": "tr", "text": "İstanbul'da kiralar yüzde 40 arttı.", "speaker": "Ayşe Kaya"},
]


@pytest.fixture
def listed(db):
    import_text(db, "".join(json.dumps(c) + "\n" for c in CLAIMS), name="search.jsonl")
    runner = CliRunner()

    def run(*args: str) -> tuple[int, set[str], str]:
        result = runner.invoke(cli, ["list", *args, "--format", "jsonl", "--db", db.url])
        ids = {json.loads(line)["external_id"] for line in result.stdout.splitlines() if line.startswith("{")}
        return result.exit_code, ids, result.output

    return run


@pytest.mark.parametrize(("args", "expected"), [
    (("--search", "plan_b"), {"plan"}),  # _ is no wildcard
    (("--search", "%"), {"pct"}),  # % is no wildcard, and a search of symbols is literal
    (("--search", "5%"), {"pct"}),
    (("--search", "🎉"), {"party"}),
    (("--search", "--"), {"dash"}),
    (("--speaker", "%"), set()),
    (("--speaker", "_"), set()),
    (("--speaker", "r."), {"pct"}),
    (("--search", "überstunden"), {"de"}),
    (("--search", "Überstunden"), {"de"}),
    (("--search", "ÉCOLE"), {"fr"}),
    (("--speaker", "élise"), {"fr"}),
    (("--speaker", "JÖRG"), {"de"}),
    (("--outlet", "école news"), {"pct"}),
    (("--outlet", "ÉCOLE NEWS"), {"pct"}),
    (("--search", "café"), {"nfd"}),  # precomposed finds decomposed
    (("--speaker", "Zoe\u0308"), {"nfd"}),  # decomposed finds precomposed
    (("--search", "trump's budget"), {"apos"}),  # a typed apostrophe finds a curly one
    (("--search", "budget,"), {"apos", "shy"}),  # punctuation around a word is not searched for
    (("--search", "council bridge"), {"plan"}),  # every word, in any order
    (("--search", "budget for"), {"shy"}),  # invisible characters inside a word are not there
    (("--search", "ZURICH"), {"shy"}),
    (("--search", "bu\u200bdget 12 percent"), {"shy"}),  # nor in a typed word
    (("--search", "\u2764"), {"shy"}),
    (("--speaker", "noah berg"), {"shy"}),
    (("--search", "istanbul"), {"tr"}),  # İ is a capital i (Python folds it to i + a dot)
    (("--search", "İSTANBUL"), {"tr"}),
])
def test_search_is_literal_case_folded_and_normalised(listed, args, expected):
    code, ids, output = listed(*args)
    assert code == 0, output
    assert ids == expected


@pytest.mark.parametrize(("args", "message"), [
    (("--search", " ".join(["word"] * 999)), "--search: 999 words; at most 32"),
    (("--search", "x" * 120_000), "--search: 120000 characters; at most 500"),
    (("--speaker", "x" * 120_000), "--speaker: 120000 characters; at most 300"),
    (("--outlet", "x" * 120_000), "--outlet: 120000 characters; at most 300"),
])
def test_an_oversized_search_is_refused_in_one_line(listed, args, message):
    code, ids, output = listed(*args)
    assert code == 1
    assert output.strip().splitlines() == [f"claims: error: {message}" + output.split(message, 1)[1].rstrip()]
    assert "Traceback" not in output and not ids


@pytest.mark.parametrize("args", [("--search", "\u200b"), ("--search", ""), ("--outlet", ""), ("--speaker", "  "),
                                  ("--outlet", "\u200b\u200f")])
def test_a_filter_given_with_nothing_visible_is_refused(listed, args):
    """Nothing visible typed listed every claim as if the option were left out (pass 29: `--outlet
    "$UNSET"` listed, and `export` exported, everything); refused in one line."""
    code, ids, output = listed(*args)
    assert code == 1 and not ids, output
    assert output.strip().splitlines() == [f"claims: error: {args[0]}: nothing to look for ({args[1]!r}); "
                                           "leave the option out for every claim"], output


def test_export_refuses_an_empty_outlet(db, tmp_path):
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(cli, ["export", "--outlet", "", "-o", str(out), "--db", db.url])
    assert result.exit_code == 1 and "--outlet: nothing to look for" in result.output, result.output
    assert not out.exists()


def test_export_reads_the_outlet_the_same_way(db, tmp_path):
    import_text(db, "".join(json.dumps(c | {"status": "verified", "verdict": "false"}) + "\n" for c in CLAIMS),
                name="search.jsonl")
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(cli, ["export", "--outlet", "ÉCOLE NEWS", "-o", str(out), "--db", db.url])
    assert result.exit_code == 0, result.output
    assert "wrote 1 claim to" in result.output and "Fares rose 5%" in out.read_text(encoding="utf-8")
