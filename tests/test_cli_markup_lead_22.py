"""Text a person typed or chose shown as Rich markup by the CLI (the lead's quick hostile pass
22, issue 15): `claims list --search '[a-z]'` printed 'search=' (the brackets read as a style
and dropped), `--outlet '[link=https://e.vil]o'` made the table's title a link; in team mode a
reviewer who took a claim under the name '[bold red]mallory[/] [link=https://e.vil]x' was shown
on a colleague's `claims show` as a styled name with a link to e.vil. Each failed before."""

from __future__ import annotations

from tests.hostile import claims_run, record_file

MALLORY = "[bold red]mallory[/] [link=https://e.vil]x"


def test_the_list_title_shows_the_filter_as_typed(db, tmp_path):
    assert claims_run(db, "import", record_file(tmp_path)).returncode == 0
    done = claims_run(db, "list", "--search", "[a-z]", "--outlet", "[link=https://e.vil]o")
    assert done.returncode == 0, done.stderr
    title = done.stdout.decode().splitlines()[0]
    assert "search=[a-z]" in title and "outlet=[link=https://e.vil]o" in title, title


def test_a_reviewers_chosen_name_is_no_markup_on_a_colleagues_screen(db, tmp_path):
    assert claims_run(db, "import", record_file(tmp_path)).returncode == 0
    (claim,) = [line.split()[1] for line in claims_run(db, "list").stdout.decode().splitlines()
                if line.startswith("│")]
    assert claims_run(db, "take", claim, reviewer=MALLORY).returncode == 0
    done = claims_run(db, "show", claim, reviewer="ana")
    assert done.returncode == 0, done.stderr
    assert f"being reviewed by {MALLORY}" in " ".join(done.stdout.decode().split()), done.stdout.decode()
