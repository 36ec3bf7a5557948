"""Who a change is recorded as."""

from __future__ import annotations

from claims.reviewer import default_reviewer


def test_environment_then_config_then_login(monkeypatch, tmp_path):
    assert default_reviewer() == "tester"  # conftest sets CLAIMS_REVIEWER
    monkeypatch.delenv("CLAIMS_REVIEWER")
    config = tmp_path / "xdg-config" / "claims" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[review]\ndefault_reviewer = "bea"\n', encoding="utf-8")
    assert default_reviewer() == "bea"
    config.unlink()
    assert default_reviewer() not in ("", "bea")
