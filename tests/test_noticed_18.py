"""Issue 15's items noticed in earlier hostile passes (hardening), each fixed at its root:

- `import --skip-bad` that stopped reading a file early ("lines 5-6 were not read") exited 0;
- a reviewer name from $CLAIMS_REVIEWER, the config file or the login name was checked by
  `--reviewer` alone (and its refusal named `--reviewer`); other callers kept what it refused;
"""

from __future__ import annotations

from tests.conftest import run_claims
from tests.hostile import one_line_error, run, stored_claims

# --- import --skip-bad that could not read the whole file ------------------------------------------

GOOD_THEN_OPEN_QUOTE = ('id,text\nq1,"The mayor said the bridge cost 40 million euros in 2023."\n'
                        'q2,"The quote opened here is never closed\n'
                        'q3,"The minister said inflation rose to 7 percent in 2022."\n')


def test_skip_bad_that_stopped_reading_exits_1_keeping_what_it_read(db, tmp_path):
    """A quote never closed: q3 was never read, and the import said 'imported 1 claim' with
    status 0, so a script took the file for imported. The good record before it stays
    imported (as --skip-bad promises), and the status is 1, with the reason in one line."""
    path = tmp_path / "open.csv"
    path.write_text(GOOD_THEN_OPEN_QUOTE, encoding="utf-8")
    done = run(db, "import", "--skip-bad", str(path))
    one_line_error(done, f"{path}: line 3: reading stopped there, so the file was not all imported",
                   "the claim before it was imported (`claims undo` takes it back)")
    assert "imported 1 claim" in done.output
    assert [c.external_id for c in stored_claims(db)] == ["q1"]
    assert run(db, "undo").exit_code == 0
    assert stored_claims(db) == []


def test_skip_bad_of_an_unreadable_json_array_exits_1(db, tmp_path):
    """A JSON array broken in its middle: none of its records was read, 'imported 0 claims', status 0."""
    path = tmp_path / "arr.json"
    path.write_text('[{"text": "The bridge carries 40,000 vehicles a day."}, {"text": oops}]', encoding="utf-8")
    one_line_error(run(db, "import", "--skip-bad", str(path)), f"{path}: line 1: reading stopped there",
                   "nothing was imported")


def test_skip_bad_stopped_as_a_user_sees_it(tmp_path):
    """The real command: a stray quote inside a cell of several lines ('lines 5-6 were not read')."""
    path = tmp_path / "stray.csv"
    path.write_text('id,text\nq1,"The mayor said the bridge cost 40 million euros in 2023."\n'
                    'q2,"multi\nline" x\nq3,"The minister said inflation rose to 7 percent in 2022."\nq4,four\n',
                    encoding="utf-8")
    done = run_claims("import", "--skip-bad", str(path), "--db", str(tmp_path / "desk.db"))
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "lines 5-6 were not read" in err and err.strip().splitlines()[-1].startswith("claims: error: ")


def test_skip_bad_that_read_everything_still_exits_0(db, tmp_path):
    path = tmp_path / "ok.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day."}\n{"nope": 1}\n', encoding="utf-8")
    assert run(db, "import", "--skip-bad", str(path)).exit_code == 0

