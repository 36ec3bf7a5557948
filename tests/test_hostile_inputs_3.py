"""A third hostile pass (issue 15's classes, other inputs): numbers past what a column holds,
and JSON or TOML nested deeper than Python's parsers recurse. Each is one line, nothing stored."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims import untrusted
from claims.models import Claim
from claims.web.jsonld import claimreviews_in_html
from tests.hostile import run as _run

HUGE = "99999999999999999999999"  # past SQLite's 64 bits, let alone PostgreSQL's INTEGER
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("args", [
    ("show", HUGE),
    ("show", "2147483648"),  # one past PostgreSQL's INTEGER
    ("set-status", HUGE, "--status", "verified"),
    ("set-status", "1", "--status", "verified", "--expect-version", HUGE),
    ("list", "--limit", HUGE),
    ("history", "--limit", HUGE),
    ("dupes", "--accept", HUGE),
    ("merge", "1", HUGE),
])
def test_a_number_past_an_integer_column_is_a_bad_argument(db, args):
    result = _run(db, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "is not in the range 1<=x<=2147483647" in result.output


@pytest.mark.parametrize("name, text", [
    ("deep.json", DEEP),
    ("deep.jsonl", '{"id": "q1", "text": "The mayor said the budget rose 4 percent", "x": ' + DEEP + "}\n"),
])
def test_json_nested_too_deeply_is_a_bad_record(db, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 1, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"claims: error: {path}: 1 bad record, nothing imported") and "nested too deeply" in last
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_deep_json_ld_in_a_page_is_a_warning():
    html = f'<script type="application/ld+json">{DEEP}</script>'
    reviews, warnings = claimreviews_in_html(html, source="p.html")
    assert reviews == [] and warnings == ["p.html: JSON-LD block 1 is not valid JSON (nested too deeply, line 1 "
                                          "column 1); its markup was ignored"]


def test_untrusted_reads_what_json_reads():
    assert untrusted.json_loads('{"a": [1, 2]}') == {"a": [1, 2]}
    with pytest.raises(ValueError, match="nested too deeply"):
        untrusted.json_loads(DEEP)


def test_a_settings_file_nested_too_deeply_is_one_line(db, tmp_path, monkeypatch):
    settings = tmp_path / "settings.toml"
    settings.write_text("a = " + DEEP + "\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(settings))
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    result = _run(db, "ingest", str(article))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.output.strip().splitlines()[-1] == f"claims: error: {settings}: not valid TOML (nested too deeply)"


def test_a_keys_file_nested_too_deeply_leaves_the_default_keys(tmp_path):
    from tui.keymap import load_keymap

    keys = tmp_path / "keys.toml"
    keys.write_text("a = " + DEEP + "\n", encoding="utf-8")
    keymap, problem = load_keymap(keys)
    assert keymap == {} and problem == f"{keys}: not read (nested too deeply); using the default keys"
