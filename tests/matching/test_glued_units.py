"""A figure written on its unit is its figure: "12pc" / "15pc", "12km" / "15km" were one word each
to the index and the decision, never disagreed and merged at 100 (hostile pass 23, found; rev1
HIGH-1: an import of 20,000 such made 120 merges). "bn" is a billion as "b" was ("1.76bn" /
"1.76 billion" agree); a decade, a time or "5G" is no figure on a unit and reads as before."""

from __future__ import annotations

import json

import pytest

from claims.matching import compare
from tests.hostile import claims_run

CLAIM = "Inflation rose by {} last year, the central bank said in its report on Monday."
ROAD = "The new road is {} long and cost far more than planned, the council said on Friday."


@pytest.mark.parametrize(("template", "a", "b", "decision"), [
    (CLAIM, "12pc", "15pc", "conflict"),
    (CLAIM, "12pc", "12 percent", "duplicate"),
    (CLAIM, "12pc", "12%", "duplicate"),
    (CLAIM, "2.5pct", "3.5pct", "conflict"),
    (ROAD, "12km", "15km", "conflict"),
    (ROAD, "12km", "12 km", "duplicate"),
    (ROAD, "40ft", "50ft", "conflict"),
    (ROAD, "1.76bn dollars", "1.76 billion dollars", "duplicate"),
    (ROAD, "1.76bn dollars", "2.76bn dollars", "conflict"),
])
def test_a_figure_on_its_unit_is_read(template, a, b, decision):
    assert compare(template.format(a), template.format(b)).decision == decision


def test_an_import_of_figures_on_units_merges_none(db, tmp_path):
    path = tmp_path / "pc.jsonl"
    path.write_text("".join(json.dumps({"id": f"p{i}", "text": CLAIM.format(f)}) + "\n"
                            for i, f in enumerate(["12pc", "15pc"])), encoding="utf-8")
    done = claims_run(db, "import", str(path))
    assert done.returncode == 0, done.stderr
    told = done.stdout.decode() + done.stderr.decode()
    assert "0 duplicate(s) merged" in told and "1 conflict(s)" in told, told
