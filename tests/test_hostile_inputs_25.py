"""A twenty-fifth hostile pass (issue 15's classes, other inputs than passes 1-24: a claim's
evidence as a list, the desk's saved filters and its export dialog, ...). Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.hostile import claims_jsonl, claims_run, one_line_stderr

# --- one limit at every door: a claim's evidence links ---------------------------------------------
#
# `claims set-status 4 --evidence URL ...` took 1,000 links of 1,900 characters (the desk's `l`
# adds them one by one through the same door); `claims export` wrote them as one CSV cell of
# 1.9 MB, and `claims import` of that export refused it whole ("a cell of 1,923,891 characters,
# more than the 1,048,576 a CSV cell may hold"): the export did not come back. A claim carries
# at most 100 evidence links (claims.limits.MAX_EVIDENCE_LINKS, ~200 KB as a cell), at
# `set-status`, the desk (which calls the same change) and `import`.


def _links(n: int, start: int = 0) -> list[str]:
    return [f"https://e.example/{i}/" + "a" * 1900 for i in range(start, start + n)]


class _Desk:  # another desk, for `claims_run`
    def __init__(self, url: str) -> None:
        self.url = url


def _one_claim(db, tmp_path) -> int:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "q1", "text": "The bridge carries 40,000 vehicles a day, the mayor said."})
                    + "\n", encoding="utf-8")
    assert claims_run(db, "import", str(path)).returncode == 0
    return claims_jsonl(db, "list")[0]["id"]


def test_a_claim_carries_at_most_100_evidence_links_at_set_status(db, tmp_path):
    claim = _one_claim(db, tmp_path)
    first = claims_run(db, "set-status", str(claim), "--verdict", "false",
                       *[a for u in _links(60) for a in ("--evidence", u)])
    assert first.returncode == 0, first.stderr
    again = claims_run(db, "set-status", str(claim), *[a for u in _links(41, 60) for a in ("--evidence", u)])
    one_line_stderr(again, f"claim {claim}: 101 evidence links; a claim carries at most 100 (it has 60)")
    assert len(claims_jsonl(db, "list")[0]["evidence"]) == 60  # nothing half-written
    # links it carries already count once; 100 are taken
    done = claims_run(db, "set-status", str(claim), *[a for u in _links(45, 55) for a in ("--evidence", u)])
    assert done.returncode == 0, done.stderr
    assert len(claims_jsonl(db, "list")[0]["evidence"]) == 100

    # and what the export writes of them comes back whole
    out = tmp_path / "verified.csv"
    assert claims_run(db, "export", "-o", str(out)).returncode == 0
    again = _Desk(str(tmp_path / "again.db"))
    back = claims_run(again, "import", str(out))
    assert back.returncode == 0, back.stderr
    assert claims_jsonl(again, "list")[0]["evidence"] == _links(100)


@pytest.mark.parametrize("shape", ["jsonl", "csv"])
def test_an_import_of_more_than_100_evidence_links_is_a_bad_record(db, tmp_path, shape):
    links = _links(101)
    if shape == "jsonl":
        path = tmp_path / "many.jsonl"
        path.write_text(json.dumps({"id": "q1", "text": "The bridge carries 40,000 vehicles a day.",
                                    "verdict": "false", "evidence": links}) + "\n", encoding="utf-8")
    else:
        path = tmp_path / "many.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["id", "text", "verdict", "evidence"],
                                      ["q1", "The bridge carries 40,000 vehicles a day.", "false", "; ".join(links)]])
    done = claims_run(db, "import", str(path))
    one_line_stderr(done, "line 2" if shape == "csv" else "line 1",
                    "evidence: 101 evidence links; a claim carries at most 100")
    assert claims_jsonl(db, "list") == []
