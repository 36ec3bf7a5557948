"""The settings file: where it is, what it holds, clear errors."""

from __future__ import annotations

import pytest

from claims.config import config_path, load_settings, parse_settings, render_settings
from claims.errors import ClaimsError


def test_path_is_in_the_user_config_dir(tmp_path, monkeypatch):
    assert config_path() == tmp_path / "xdg-config" / "claims" / "config.toml"
    monkeypatch.setenv("CLAIMS_CONFIG", str(tmp_path / "other.toml"))
    assert config_path() == tmp_path / "other.toml"


def test_defaults_without_a_file():
    s = load_settings()
    assert s.source is None and s.organisation_name is None
    assert s.label("mostly_false") == "Mostly false" and s.rating("false") == 1 and s.rating("unproven") is None
    assert s.matching_overrides() == {}


def test_every_setting_is_read(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("""
[organisation]
name = "Harbour Fact Desk"
url = "https://factdesk.example"
[review]
default_reviewer = "ana"
[verdicts.false]
label = "Pants on fire"
value = 0
[rating]
best = 5
worst = 0
[matching]
confirm_threshold = 85
suggest_threshold = 60
[web]
timeout = 5
max_mb = 2
[keys]
set-verdict-false = "f"
""")
    s = load_settings(f)
    assert (s.organisation_name, s.organisation_url, s.default_reviewer) == (
        "Harbour Fact Desk", "https://factdesk.example", "ana")
    assert s.label("false") == "Pants on fire" and s.rating("false") == 0 and s.worst_rating == 0
    assert s.verdict_for_label("PANTS ON FIRE") == "false"
    assert s.verdict_for_label("mostly-true") == "mostly_true"
    assert s.matching_overrides() == {"confirm_threshold": 85, "suggest_threshold": 60}
    assert s.match_settings().confirm_threshold == 85
    assert s.fetch_limits().max_bytes == 2 * 2**20 and s.fetch_limits().read_timeout == 5
    assert s.keys == {"set-verdict-false": "f"}
    shown = render_settings(s)
    assert parse_settings(shown).verdicts == s.verdicts  # what `config show` prints reads back


@pytest.mark.parametrize("text, message", [
    ("[organisation\nname='x'", "not valid TOML"),
    ("[colours]\nx=1", "unknown section(s) colours"),
    ("[verdicts.sorta]\nlabel='x'", "unknown verdict"),
    ("[matching]\nconfirm_threshold = 150", "confirm_threshold must be a number from 0 to 100"),
    ("[matching]\nconfirm_threshold = 50\nsuggest_threshold = 70", "suggest_threshold (70) is above"),
    ("[organisation]\nname = 3", "name must be text"),
    ("[keys]\nquit = 5", "[keys] quit must be a key name"),
])
def test_bad_settings_are_named(tmp_path, text, message):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ClaimsError) as info:
        load_settings(f)
    assert str(info.value).startswith(str(f)) and message in str(info.value)


def test_cli_config_path_show_init(runner, tmp_path):
    from tui.entry import cli

    path = runner.invoke(cli, ["config", "path"]).output.strip()
    assert path.endswith("claims/config.toml")
    assert "# defaults (no file at" in runner.invoke(cli, ["config", "show"]).output
    result = runner.invoke(cli, ["config", "init"])
    assert result.exit_code == 0 and "wrote" in result.stderr
    again = runner.invoke(cli, ["config", "init"])
    assert again.exit_code == 1 and "already exists" in again.stderr
    with open(path, "a") as fh:
        fh.write('\n[organisation]\nname = "Desk"\n')
    broken = runner.invoke(cli, ["config", "show"])
    assert broken.exit_code == 1  # [organisation] twice: one clear line
    assert "not valid TOML" in broken.stderr
