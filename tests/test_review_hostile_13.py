"""What a review of hostile pass 13 (tests/test_hostile_inputs_13.py) found left: each test
fails before its fix."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import CLAIMS_BIN

# --- standard output that cannot write every letter: nothing, not a part --------------------------


def _desk_ending_in(tmp_path, name: str) -> str:
    """A desk of 50 claims in ASCII, then one whose speaker is `name`."""
    desk = str(tmp_path / "desk.db")
    path = tmp_path / "r.jsonl"
    records = [{"id": f"a{i}", "text": f"The council said the harbour tunnel {i} cost {i + 10} million euros last year.",
                "speaker": "Ann Smith"} for i in range(50)]
    records.append({"id": "z", "text": "The council said the river bridge cost 80 million euros last year.",
                    "speaker": name})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    done = subprocess.run([str(CLAIMS_BIN), "--db", desk, "import", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return desk


@pytest.mark.parametrize(("encoding", "name"), [("ascii", "Müller"), ("latin-1", "Ayşe Kılıç")])
@pytest.mark.parametrize("args", [["export", "--status", "unverified"],
                                  ["export", "--status", "unverified", "--format", "claimreview",
                                   "--include-incomplete"],
                                  ["list"], ["list", "--format", "csv"], ["list", "--format", "jsonl"],
                                  ["show", "51"]])
def test_an_output_encoding_without_a_letter_writes_nothing(tmp_path, encoding, name, args):
    """`PYTHONIOENCODING=ascii claims export --status unverified > ex.csv` of 50 ASCII claims and
    then one by 'Müller' said it could not write 'ü', but left ex.csv with the header and 50
    whole rows: a file that looks whole. Output in an encoding that may lack a letter is held
    back (in a temporary file, so a large export takes no memory) and written once all of it
    could be: on such a letter standard output gets nothing."""
    desk = _desk_ending_in(tmp_path, name)
    result = subprocess.run([str(CLAIMS_BIN), "--db", desk, *args], capture_output=True,
                            env={**os.environ, "PYTHONIOENCODING": encoding}, timeout=120)
    stderr = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in stderr, stderr
    assert "cannot write to standard output" in stderr.strip().splitlines()[-1], stderr
    assert result.stdout == b"", result.stdout[:300]


@pytest.mark.parametrize("args", [["export", "--status", "unverified"], ["list", "--format", "jsonl"], ["show", "51"]])
def test_an_output_encoding_holding_every_letter_is_written_whole(tmp_path, args):
    """The same output held back in Latin-1 is written whole, as it is in UTF-8."""
    desk = _desk_ending_in(tmp_path, "Müller")
    latin = subprocess.run([str(CLAIMS_BIN), "--db", desk, *args], capture_output=True,
                           env={**os.environ, "PYTHONIOENCODING": "latin-1"}, timeout=120)
    utf8 = subprocess.run([str(CLAIMS_BIN), "--db", desk, *args], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)
    assert latin.returncode == 0 and utf8.returncode == 0, latin.stderr
    assert latin.stdout.decode("latin-1") == utf8.stdout.decode("utf-8")
    assert "Müller" in utf8.stdout.decode("utf-8")


def test_output_held_back_reaches_a_reader_that_leaves_quietly(tmp_path):
    """`claims export | head -1` in an encoding that may lack a letter: the reader leaving
    while the held-back output is written is no error, as without holding back."""
    desk = _desk_ending_in(tmp_path, "Miller")
    cmd = f"'{CLAIMS_BIN}' --db '{desk}' export --status unverified | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True,
                            env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.startswith("id,claim,speaker")


# --- saved filters the desk cannot read ----------------------------------------------------------


def test_saved_filters_under_a_path_the_system_refuses_are_one_line(tmp_path, monkeypatch):
    """XDG_CONFIG_HOME of 300 letters (a name longer than the file system takes; an unreadable
    config folder likewise): load_user_filters raised OSError [Errno 36] out of the desk's
    saved-filters dialog and keys. It is one line naming the file, and no saved filters."""
    from claims.services.saved_filters import filters_path, load_user_filters, user_filters

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ("x" * 300)))
    found, problems = load_user_filters()
    assert found == {} and len(problems) == 1, problems
    assert problems[0].startswith(str(filters_path())) and "cannot read (File name too long)" in problems[0]
    assert "\n" not in problems[0]
    assert user_filters() == {}


def test_a_saved_filter_whose_since_is_after_its_until_is_left_out_and_said(tmp_path):
    """{"since": "2025-01-01", "until": "2024-01-01"} was loaded and showed an empty queue
    without a word; `claims list --since 2025-01-01 --until 2024-01-01` refuses it. It is left
    out as a record of the wrong shape is, saying why in the CLI's words."""
    from claims.services.saved_filters import load_user_filters

    path = tmp_path / "filters.json"
    path.write_text(json.dumps({"backwards": {"since": "2025-01-01", "until": "2024-01-01"},
                                "year": {"since": "2024", "until": "2024-06"}}), encoding="utf-8")
    found, problems = load_user_filters(path)
    assert list(found) == ["year"]
    assert problems == [f"{path}: filter 'backwards' left out: since 2025-01-01 is after until 2024-01-01: "
                        "no date lies between them"], problems
