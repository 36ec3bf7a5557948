"""The priority's weights come from the settings file's [triage] table."""

from __future__ import annotations

import pytest

from claims.config import parse_settings, render_settings
from claims.errors import ClaimsError
from claims.triage.priority import PriorityWeights


def test_triage_weights_are_read_checked_and_shown():
    s = parse_settings("[triage]\nworth = 2\nrecency = 0\n")
    weights = PriorityWeights.from_settings(s.triage)
    assert (weights.worth, weights.recency, weights.done) == (2.0, 0.0, 2.0)
    shown = render_settings(s)
    assert "[triage]" in shown and "worth = 2\n" in shown and "done = 2\n" in shown
    with pytest.raises(ClaimsError, match=r"\[triage\] unknown weight wroth"):
        parse_settings("[triage]\nwroth = 2\n", where="cfg.toml")
    with pytest.raises(ClaimsError, match="must be a number"):
        parse_settings('[triage]\nheld = "lots"\n')


def test_new_weights_reorder_the_store(tmp_path, monkeypatch):
    from tests.conftest import run_claims

    desk = str(tmp_path / "d.db")
    from pathlib import Path

    samples = str(Path(__file__).resolve().parents[2] / "claims" / "samples")
    assert run_claims("--db", desk, "ingest", samples).returncode == 0

    def order() -> list[str]:
        out = run_claims("--db", desk, "list", "--format", "jsonl").stdout.decode().splitlines()
        return [line for line in out if line]

    before = order()
    config = tmp_path / "config.toml"
    config.write_text("[triage]\nworth = 0\nspread = 0\noutlets = 0\nrecency = 1\n", encoding="utf-8")
    env = {"CLAIMS_CONFIG": str(config)}
    done = run_claims("--db", desk, "rescore", "--priority", env=env)
    assert done.returncode == 0 and "recomputed the priority" in done.stdout.decode()
    import json

    rows = [json.loads(x) for x in order()]
    assert [json.loads(x)["id"] for x in before] != [r["id"] for r in rows]
    dates = [r["date"] for r in rows if r["date"]]
    assert dates[0] == max(dates)  # recency alone: the newest first
