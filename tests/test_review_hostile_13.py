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


# --- db copy under a file size limit -------------------------------------------------------------


def _copy_limited(kib: int, source_url: str, target: str) -> subprocess.CompletedProcess:
    """`claims db copy` with files limited to `kib` KiB (`ulimit -f`: a full disk, as the
    system says it to SQLite)."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (kib * 1024, resource.RLIM_INFINITY))

    return subprocess.run([str(CLAIMS_BIN), "db", "copy", "--to", target, "--db", source_url],
                          capture_output=True, text=True, timeout=180, preexec_fn=limit)


@pytest.mark.parametrize("kib", [100, 600])
def test_a_copy_the_system_refuses_to_write_leaves_no_file(db, tmp_path, kib):
    """`(ulimit -f 100; claims db copy --to cp.db)` said 'nothing was half-written' and left a
    4,096-byte cp.db; at 600 KiB (the new desk's schema written, its rows not) it named the
    source desk as the one refused and left an empty desk of 250 KB. The file the copy made
    is removed, and the line names the target (the desk copied from is untouched)."""
    from click.testing import CliRunner

    from tui.entry import cli

    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"The council said the harbour tunnel {i} cost "
                                        f"{i + 10} million euros last year, a record for the city."}) + "\n"
                            for i in range(300)), encoding="utf-8")
    assert CliRunner().invoke(cli, ["--db", db.url, "import", str(path)]).exit_code == 0
    target = tmp_path / "cp.db"
    result = _copy_limited(kib, db.url, str(target))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert str(target) in line and "file size limit" in line and "damaged" not in line.replace("not damaged", ""), line
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("cp.db")) == []
    assert line.startswith(f"claims: error: db copy to {target}: ") and f"{target} was removed" in line, line
    done = _copy_limited(10**6, db.url, str(target))  # and a copy with room is whole
    assert done.returncode == 0, done.stderr


def test_a_refused_copy_into_an_empty_desk_leaves_it_as_it_was(tmp_path):
    """A target the user made (an empty desk) is not removed: it is left as empty as it was."""
    from click.testing import CliRunner

    from tui.entry import cli

    source, target = tmp_path / "u.db", tmp_path / "cp.db"
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"The council said the harbour tunnel {i} cost "
                                        f"{i + 10} million euros last year, a record for the city."}) + "\n"
                            for i in range(300)), encoding="utf-8")
    assert CliRunner().invoke(cli, ["--db", str(source), "import", str(path)]).exit_code == 0
    assert CliRunner().invoke(cli, ["--db", str(target), "db", "init"]).exit_code == 0
    result = _copy_limited(600, str(source), str(target))
    line = result.stderr.strip().splitlines()[-1]
    assert result.returncode == 1 and str(target) in line and "left as it was" in line, line
    counts = CliRunner().invoke(cli, ["--db", str(target), "db", "check"])
    assert counts.exit_code == 0, counts.output
    listed = CliRunner().invoke(cli, ["--db", str(target), "list", "--format", "jsonl"])
    assert listed.exit_code == 0 and listed.output == "", listed.output
