"""A sixth hostile pass (issue 15's classes, other inputs than passes 1-5): standard output
full, closed or left by its reader; `-o` naming a device or a pipe; Ctrl-C in a statement;
odd option combinations. Each fails before its fix."""

from __future__ import annotations

import os
import subprocess

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.models import Claim
from tests.conftest import CLAIMS_BIN, SAMPLES
from tests.hostile import record_file as _record_file
from tests.hostile import run as _run
from tui.entry import cli

ARTICLE = SAMPLES / "01-harbour-courier-floods.txt"


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(path), "ingest", str(ARTICLE)], capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return path


# --- standard output ---------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("list",), ("list", "--format", "csv"), ("list", "--format", "jsonl"),
                                  ("export", "--status", "unverified"), ("show", "1")])
@pytest.mark.parametrize("where", ["full", "closed"])
def test_standard_output_that_cannot_be_written_is_one_line(desk, args, where):
    """`claims list > /dev/full` and `claims list >&-` were tracebacks (OSError, and
    TypeError: argument 1 must have a "write" method); `show 1 >&-` said nothing, status 0."""
    redirect = "> /dev/full" if where == "full" else ">&-"
    command = " ".join([str(CLAIMS_BIN), "--db", str(desk), *args])
    done = subprocess.run(["sh", "-c", f"{command} {redirect}"], capture_output=True, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err and "Exception ignored" not in err, err
    reason = "No space left on device" if where == "full" else "Bad file descriptor"
    assert err.strip().splitlines() == [f"claims: error: cannot write to standard output ({reason})"]


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json"])
def test_a_reader_that_leaves_is_no_error_in_any_format(desk, fmt):
    """`claims list --format jsonl | head -1` ended with status 1 (the table with 0)."""
    proc = subprocess.Popen([str(CLAIMS_BIN), "--db", str(desk), "list", "--format", fmt],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and err == "", err


# --- where -o writes ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_report_to_a_pipe_or_device_is_written_into_it_not_renamed_over_it(db, tmp_path):
    """`claims report -o /dev/full` (run as root) replaced the device node with a file: the
    report was renamed over whatever -o named. A FIFO shows the same without root."""
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    # The read end, opened first without waiting, so the report's open for writing does not
    # wait either; the report (a few KB) fits in the pipe's buffer.
    reading = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = _run(db, "report", "--format", "md", "-o", str(fifo))
        os.set_blocking(reading, True)
        got = b""
        while chunk := os.read(reading, 65536):
            got += chunk
    finally:
        os.close(reading)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo() and got.startswith(b"**Morning report**")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_backup_is_never_renamed_over_a_pipe_or_device(db, tmp_path):
    fifo = tmp_path / "b.pipe"
    os.mkfifo(fifo)
    result = _run(db, "db", "backup", str(fifo), "--overwrite")
    assert result.exit_code == 1 and "not a regular file" in result.output, result.output
    assert fifo.is_fifo()


def test_an_export_stopped_half_way_leaves_the_old_file_whole(db, tmp_path, monkeypatch):
    """Ctrl-C (or a full disk) in the middle of `export -o FILE` left FILE cut short: it was
    opened for writing, so truncated, before the first row."""
    assert _run(db, "import", _record_file(tmp_path, status="verified", verdict="false")).exit_code == 0
    target = tmp_path / "out.csv"
    target.write_text("the export of last week\n", encoding="utf-8")
    import claims.services.export as export

    def stopped(*_a, **_k):
        yield {"id": "1"}
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "export_rows", stopped)
    result = _run(db, "export", "-o", str(target))
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "the export of last week\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".claims-")] == []


def test_an_export_replaces_a_file_keeping_its_permissions(db, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    assert _run(db, "export", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("id,claim,") and (target.stat().st_mode & 0o777) == 0o600


# --- Ctrl-C ------------------------------------------------------------------------------------


def test_ctrl_c_during_a_statement_leaves_no_traceback_from_the_rollback(db):
    """Ctrl-C while a statement ran (`export --format claimreview` of 30,000 claims, a second
    in) was a traceback: SQLAlchemy threw the connection away, and the rollback hook then
    asked it for its info (PendingRollbackError)."""
    from sqlalchemy import event, text

    def interrupted(cursor, statement, parameters, context):
        if "ctrl_c_here" in statement:
            raise KeyboardInterrupt

    event.listen(db.engine, "do_execute", interrupted)
    try:
        with pytest.raises(KeyboardInterrupt), db.session() as session:
            session.connection().execute(text("SELECT 1 AS ctrl_c_here")).all()
    finally:
        event.remove(db.engine, "do_execute", interrupted)
    with db.session() as session:
        assert session.connection().execute(text("SELECT 2")).scalar_one() == 2


# --- odd option combinations -------------------------------------------------------------------


@pytest.mark.parametrize("since, until", [("2025-01-01", "2020-01-01"), ("2025-02", "2025-01-31"),
                                          ("2025", "2024-12")])
@pytest.mark.parametrize("command", ["list", "export"])
def test_a_since_after_the_until_is_refused_not_an_empty_list(db, since, until, command):
    result = _run(db, command, "--since", since, "--until", until)
    assert result.exit_code == 1, result.output
    assert f"--since {since} is after --until {until}" in result.output


@pytest.mark.parametrize("since, until", [("2025-01-31", "2025-01"), ("2025-01", "2025"), ("2025", "2025")])
def test_a_since_inside_the_until_month_or_year_is_read(db, since, until):
    assert _run(db, "list", "--since", since, "--until", until).exit_code == 0


@pytest.mark.parametrize("args", [("extract", str(ARTICLE), "--min-score", "nan"),
                                  ("ingest", str(ARTICLE), "--min-score", "NaN"),
                                  ("dupes", "--accept-above", "nan"), ("dupes", "--reject-below", "nan")])
def test_a_threshold_of_nan_is_a_bad_argument(db_path, args):
    """click's FloatRange let 'nan' through (every comparison with it is false): `extract
    --min-score nan` printed no claim with status 0, `dupes --accept-above nan` did nothing."""
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert result.exit_code == 2 and "is not a number" in result.output, result.output


# --- files that are no files -------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("door", ["import", "queries", "settings", "keys"])
def test_a_named_pipe_or_device_given_as_a_file_to_read_is_one_line(db_path, tmp_path, monkeypatch, door):
    """`claims import PIPE`, `search --queries PIPE` and a settings file that is a pipe waited
    forever for a writer (`ingest PIPE` was refused in pass 1); `import /dev/zero` read until
    memory ran out. Each is refused before it is opened."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    if door == "keys":
        from tui.keymap import load_keymap

        monkeypatch.setenv("CLAIMS_KEYS", str(fifo))
        assert load_keymap() == ({}, f"{fifo}: not a regular file (a pipe or device), not a keys file; "
                                     "using the default keys")
        return
    args = {"import": ["import", str(fifo)], "queries": ["search", "--queries", str(fifo)],
            "settings": ["config", "show"]}[door]
    if door == "settings":
        monkeypatch.setenv("CLAIMS_CONFIG", str(fifo))
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(db_path), *args], capture_output=True, timeout=60,
                          env={**os.environ})
    err = done.stderr.decode()
    assert done.returncode == 1 and "not a regular file (a pipe or device)" in err, err
    if os.path.exists("/dev/zero") and door == "import":
        done = subprocess.run([str(CLAIMS_BIN), "--db", str(db_path), "import", "/dev/zero"], capture_output=True,
                              timeout=60)
        assert done.returncode == 1 and b"/dev/zero: not a regular file" in done.stderr


# --- where the desk is -------------------------------------------------------------------------


@pytest.mark.parametrize("name, why", [(" ", "begins or ends with a space"), ("desk.db ", "begins or ends with a space"),
                                       ("file:desk.db", "file: URIs are not read as such")])
def test_a_desk_name_surely_meant_for_another_file_makes_no_new_desk(tmp_path, monkeypatch, name, why):
    """CLAIMS_DB=' ' made a desk named ' ', `--db "desk.db "` a second, empty desk beside the
    real one, `--db file:desk.db` a file of that name: each was an empty queue, status 0."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMS_DB", name)
    result = CliRunner().invoke(cli, ["ingest", str(ARTICLE)])
    assert result.exit_code == 1 and why in result.output, result.output
    assert list(tmp_path.iterdir()) == []


def test_a_desk_whose_wal_is_left_without_it_is_not_made_anew(tmp_path):
    """The WAL of a desk moved away without it: `--db desk.db` made a new empty desk there,
    and SQLite deleted the WAL (the desk's last changes) on creating it."""
    wal = tmp_path / "desk.db-wal"
    wal.write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 28)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "desk.db"), "list"])
    assert result.exit_code == 1 and "its side file desk.db-wal is there" in result.output, result.output
    assert wal.exists() and not (tmp_path / "desk.db").exists()


# --- numbers past what Python reads --------------------------------------------------------------

LONG_INT = "9" * 5000  # Python's int() refuses more than 4,300 digits with a plain ValueError


@pytest.mark.parametrize("name, body", [
    ("n.jsonl", '{"id": ' + LONG_INT + ', "text": "The bridge carries 40,000 vehicles a day."}\n'),
    ("c.json", '{"@type": "ClaimReview", "claimReviewed": "The bridge carries 40,000 vehicles a day.", '
               '"reviewRating": {"ratingValue": ' + LONG_INT + "}}"),
])
def test_a_json_number_of_thousands_of_digits_is_a_bad_record(db, tmp_path, name, body):
    """It was a traceback (ValueError: Exceeds the limit (4300 digits) for integer string
    conversion) from import, `search --queries`, a settings file and a page's JSON-LD."""
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 1, result.output
    assert "a whole number of 5,000 digits (at most 4,300)" in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_a_long_number_elsewhere_is_one_line_or_a_warning(db_path, tmp_path, monkeypatch):
    from claims.web.jsonld import claimreviews_in_html

    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q1", "text": "bridge", "n": ' + LONG_INT + "}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "search", "--queries", str(queries)])
    assert result.exit_code == 1 and "line 1" in result.output, result.output
    settings = tmp_path / "s.toml"
    settings.write_text("[web]\ntimeout = " + LONG_INT + "\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(settings))
    result = CliRunner().invoke(cli, ["config", "show"])
    assert result.exit_code == 1 and "not valid TOML (a whole number of too many digits)" in result.output
    reviews, warnings = claimreviews_in_html(
        f'<script type="application/ld+json">{{"@type": "ClaimReview", "x": {LONG_INT}}}</script>', source="p")
    assert reviews == [] and "a whole number of 5,000 digits" in warnings[0]


# --- text that shows nothing ---------------------------------------------------------------------


@pytest.mark.parametrize("body", ['""""\n\u201c\u201d\n', "\u200b\u00ad\n", "...!!! --- ???\n",
                                  "Title: The bridge\n\n\"\"\"\"\n"], ids=["quotes", "invisible", "punctuation",
                                                                          "header-only"])
@pytest.mark.parametrize("how", [(), ("--transcript",)])
def test_an_article_with_no_word_in_it_is_refused_not_stored_empty(db, tmp_path, body, how):
    """An article of only quotes, dashes or zero-width spaces was stored as an article with no
    claim, status 0 (one of only spaces was refused as empty)."""
    from claims.models import Article

    article = tmp_path / "a.txt"
    article.write_text(body, encoding="utf-8")
    result = _run(db, "ingest", *how, str(article))
    assert result.exit_code == 1, result.output
    assert "no word in it" in result.output or "no article text after the header" in result.output
    with db.session() as s:
        assert s.exec(select(Article)).first() is None


def test_an_imported_claim_with_no_word_in_it_is_a_bad_record(db, tmp_path):
    result = _run(db, "import", _record_file(tmp_path, text='"""" \u201c\u201d'))
    assert result.exit_code == 1 and "has no word in it" in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


@pytest.mark.parametrize("name", ["\u200b", "\u00ad\u200b", "\u3164", "\u2800 \u200d", "\u3000\u200b"])
def test_a_reviewer_name_that_shows_nothing_is_refused_at_every_door(db, tmp_path, monkeypatch, name):
    """A reviewer named by a zero-width space or a Hangul filler was taken typed, from
    $CLAIMS_REVIEWER and from an import: the audit log showed a blank for who did it."""
    assert _run(db, "import", _record_file(tmp_path)).exit_code == 0
    result = _run(db, "--reviewer", name, "set-status", "1", "--status", "in_review")
    assert result.exit_code == 1 and "--reviewer: shows nothing" in result.output, result.output
    monkeypatch.setenv("CLAIMS_REVIEWER", name)
    result = _run(db, "take", "1")
    assert result.exit_code == 1 and "$CLAIMS_REVIEWER: shows nothing" in result.output, result.output
    monkeypatch.setenv("CLAIMS_REVIEWER", "tester")
    result = _run(db, "import", _record_file(tmp_path, "v.jsonl", id="y", status="verified", verdict="false",
                                            reviewer=name + "\u200b"))
    assert result.exit_code == 1 and "reviewer shows nothing" in result.output, result.output
    with db.session() as s:
        assert s.get(Claim, 1).status == "unverified"


def test_an_organisation_name_that_shows_nothing_is_refused(tmp_path, monkeypatch):
    settings = tmp_path / "s.toml"
    settings.write_text('[organisation]\nname = "\u200b"\n', encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(settings))
    result = CliRunner().invoke(cli, ["config", "show"])
    assert result.exit_code == 1 and "name shows nothing" in result.output, result.output


@pytest.mark.parametrize("name", ["Zoë", "سارة", "सुनील", "O'Brien", "李 雷"])
def test_names_of_any_script_still_show(name):
    from claims.limits import name_problem

    assert name_problem(name) is None


# --- a listing or an export imports back whole (pass-5 leftovers) ---------------------------------


def _appeared_and_checked(db, tmp_path):
    source = _record_file(tmp_path, "a.jsonl", status="verified", verdict="false", outlet="The Gazette",
                          url="https://gazette.example/2024/bridge", title="Bridge traffic doubles",
                          first_date="2024-04-14", fact_check_url="https://desk.example/checks/bridge")
    assert _run(db, "import", source).exit_code == 0


def _first_appearance(url: str) -> tuple:
    from claims.models import Appearance, Article, Outlet
    from db import Database

    other = Database(url)
    try:
        with other.session() as s:
            return s.exec(select(Outlet.name, Article.url, Article.title, Article.published, Claim.fact_check_url)
                          .join(Appearance, Appearance.article_id == Article.id)
                          .join(Claim, Claim.id == Appearance.claim_id)
                          .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)).one()
    finally:
        other.close()


EXPECTED_FIRST = ("The Gazette", "https://gazette.example/2024/bridge", "Bridge traffic doubles", "2024-04-14",
                  "https://desk.example/checks/bridge")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_a_listing_imports_back_with_where_the_claim_appeared(db, tmp_path, fmt):
    """`claims list --format jsonl` carried no appearance URL, outlet or title nor the
    fact-check's URL: imported back, a claim lost where it had appeared."""
    _appeared_and_checked(db, tmp_path)
    listed = _run(db, "list", "--format", fmt)
    assert listed.exit_code == 0, listed.output
    path = tmp_path / f"listed.{fmt}"
    path.write_text(listed.output, encoding="utf-8")
    other = tmp_path / "other.db"
    result = CliRunner().invoke(cli, ["--db", str(other), "import", str(path)])
    assert result.exit_code == 0, result.output
    first = _first_appearance(f"sqlite:///{other}")
    assert (*first[:3], first[3].isoformat(), first[4]) == EXPECTED_FIRST


def test_the_listing_carries_the_same_fields_on_either_path(db_path, tmp_path, monkeypatch):
    import claims.cli.list_cmds as list_cmds

    db = type("D", (), {"url": str(db_path)})
    _appeared_and_checked(db, tmp_path)
    plain = CliRunner().invoke(cli, ["--db", str(db_path), "list", "--format", "jsonl"])
    monkeypatch.setattr(list_cmds, "plain_rows", lambda *a, **k: (None, {}))
    full = CliRunner().invoke(cli, ["--db", str(db_path), "list", "--format", "jsonl"])
    assert plain.output == full.output and '"first_title": "Bridge traffic doubles"' in plain.output


def test_the_csv_export_keeps_the_first_appearances_title(db, tmp_path):
    """The CSV export had no title of the first appearance, so its import came back without."""
    _appeared_and_checked(db, tmp_path)
    exported = tmp_path / "e.csv"
    assert _run(db, "export", "-o", str(exported)).exit_code == 0
    other = tmp_path / "other.db"
    result = CliRunner().invoke(cli, ["--db", str(other), "import", str(exported)])
    assert result.exit_code == 0, result.output
    first = _first_appearance(f"sqlite:///{other}")
    assert (*first[:3], first[3].isoformat(), first[4]) == EXPECTED_FIRST


# --- what an import says about its fields ---------------------------------------------------------


def test_a_field_name_holding_terminal_controls_is_never_printed_as_it_is(db, tmp_path):
    """A CSV column named '\\x1b]0;pwned\\x07' was printed raw by the import's summary of the
    fields it kept (and by 'no text column; the header has: ...'): the terminal acted on it."""
    path = tmp_path / "e.csv"
    path.write_text("id,text,\x1b]0;pwned\x07\nz1,The bridge carries 40000 vehicles a day,x\n", encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 1 and "the field name" in result.output and "control character U+001B" in result.output
    path.write_text("id,\x1b]0;pwned\x07\nz1,The bridge carries 40000 vehicles a day\n", encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 1 and "no text column" in result.output, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert _run(db, "import", _record_file(tmp_path, colour="\x1b[31mred")).exit_code == 1
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_ten_thousand_kept_fields_are_summed_up_not_listed(db, tmp_path):
    """A CSV of 10,000 columns printed a summary line of 100 KB naming each. (They are more
    than `extra` holds, 20,000 characters: refused in one short line; 1,500 are summed up.)"""
    path = tmp_path / "wide.csv"
    columns = [f"c{i}" for i in range(10_000)]
    for n, said in ((10_000, "the fields kept in extra (c0, c1, c2, c3, c4, ...) are"), (1_500, "and 1,480 more")):
        path.write_text(",".join(["id", "text", *columns[:n]]) + "\n"
                        + ",".join(["w1", "The bridge carries 40000 vehicles a day", *["x"] * n]) + "\n",
                        encoding="utf-8")
        result = _run(db, "import", str(path))
        assert result.exit_code == (1 if n == 10_000 else 0), result.output[-300:]
        assert said in result.output and max(map(len, result.output.splitlines())) < 1000
    path.write_text(",".join(["id", *columns]) + "\n", encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 1 and "and 9,981 more" in result.output and len(result.output) < 1000


def test_a_byte_order_mark_inside_a_header_hides_no_column(db, tmp_path):
    """'id,\\ufefftext' (two files joined, the second's BOM mid-file): 'no text column; the
    header has: id, text'."""
    path = tmp_path / "b.csv"
    path.write_text("id,\ufefftext\nb1,The bridge carries 40000 vehicles a day\n", encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 0, result.output


def test_a_refused_import_prints_no_empty_line_first(db_path, tmp_path):
    """Rich's progress display, stopped without being started, printed an empty line on a
    standard error that is no terminal, before the import's error (pass 5 could not tell)."""
    path = tmp_path / "e.json"
    path.write_text("[]", encoding="utf-8")
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(db_path), "import", str(path)], capture_output=True,
                          timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 1 and err.splitlines()[0].strip(), repr(err)


# --- pages whose charset lies ---------------------------------------------------------------------

PAGE = ('<html><head>{meta}<title>Zürich bridge</title></head><body><article><p>'
        + " ".join(["The mayor of Zürich, Müller, said the bridge carries 40,000 vehicles a day."] * 6)
        + "</p></article></body></html>")


@pytest.mark.parametrize("meta, data", [
    ('<meta charset="iso-8859-1">', "utf-8"),  # a server's or template's default over UTF-8 bytes
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "utf-8"),
    ('<meta charset="utf-16">', "utf-8"),  # the meta's own bytes are ASCII: it cannot be UTF-16
    ('<meta charset="utf-8">', "latin-1"),
    ('<meta charset="windows-1252">', "utf-8-sig"),  # a byte-order mark wins
])
def test_a_page_whose_charset_lies_is_read_as_written(meta, data):
    """'<meta charset="iso-8859-1">' over UTF-8 bytes stored 'ZÃ¼rich bridge'; a meta saying
    UTF-16 over UTF-8 bytes made the page 'no article text found'."""
    from claims.web.html import decode_html

    text = decode_html(PAGE.format(meta=meta).encode(data))
    assert "<title>Zürich bridge</title>" in text and "Müller" in text


def test_a_page_declared_utf7_is_not_read_as_utf7():
    from claims.web.html import decode_html

    text = decode_html(b'<html><head><meta charset="utf-7"></head><body>+ADw-script+AD4-</body></html>')
    assert "<script>" not in text


# --- undo and redo ---------------------------------------------------------------------------------


def test_redo_puts_changes_back_in_the_order_they_were_undone(db, tmp_path):
    """Two changes to one claim, both undone: redo put the later one back first (on top of
    the state before the earlier), and the claim ended in_review with the verdict true of its
    later `verified`; the audit log said in_review -> verified where it was unverified."""
    assert _run(db, "import", _record_file(tmp_path)).exit_code == 0
    assert _run(db, "set-status", "1", "--status", "in_review").exit_code == 0
    assert _run(db, "set-status", "1", "--status", "verified", "--verdict", "true").exit_code == 0

    def state():
        with db.session() as s:
            claim = s.get(Claim, 1)
            return claim.status, claim.verdict

    for _ in range(2):
        assert _run(db, "undo").exit_code == 0
    assert state() == ("unverified", None)
    assert _run(db, "redo").exit_code == 0
    assert state() == ("in_review", None)
    assert _run(db, "redo").exit_code == 0
    assert state() == ("verified", "true")
    assert _run(db, "redo").exit_code == 1


def test_a_change_after_an_undo_ends_what_can_be_redone(db, tmp_path):
    assert _run(db, "import", _record_file(tmp_path)).exit_code == 0
    assert _run(db, "set-status", "1", "--status", "verified", "--verdict", "true").exit_code == 0
    assert _run(db, "undo").exit_code == 0
    assert _run(db, "set-status", "1", "--status", "in_review").exit_code == 0
    result = _run(db, "redo")
    assert result.exit_code == 1 and "nothing to redo" in result.output
    with db.session() as s:
        assert (s.get(Claim, 1).status, s.get(Claim, 1).verdict) == ("in_review", None)


# --- the desk ----------------------------------------------------------------------------------------


async def test_the_desks_filter_reads_dates_as_the_cli_does(tmp_path):
    """The filter dialog compared its dates as strings: from 2026-03-16 to 2026-03 (the month
    it lies in) was refused as 'the from date is after the to date'; a from date after the to
    date is refused with the same line as `claims list`."""
    from db import Database
    from tests.tui.conftest import seed
    from tui.app import ClaimsApp
    from tui.screens.modals import FilterModal
    from tui.screens.queue import QueueScreen
    from tui.testing import settle

    db = Database(str(tmp_path / "desk.db"))
    try:
        seed(db)
        async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("f")
            assert isinstance(pilot.app.screen, FilterModal)
            pilot.app.screen.query_one("#f-since").value = "2026-04"
            pilot.app.screen.query_one("#f-until").value = "2026-03-31"
            pilot.app.screen.query_one("#f-until").focus()
            await pilot.press("enter")
            assert isinstance(pilot.app.screen, FilterModal)
            assert "from date 2026-04 is after to date 2026-03-31" in str(
                pilot.app.screen.query_one("#filter-error").render())
            pilot.app.screen.query_one("#f-since").value = "2026-03-16"
            pilot.app.screen.query_one("#f-until").value = "2026-03"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, QueueScreen)
            table = pilot.app.screen.query_one("#claims")
            assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
                "The bridge carries 40,000 vehicles each day."]
    finally:
        db.close()


def test_an_export_over_a_read_only_file_leaves_it_alone(desk, tmp_path):
    """Writing through a temporary file renamed over the target must not get round a file
    the user made read-only (the rename needs only the folder's permission)."""
    from tests.test_hostile_inputs_4 import _run_without_permissions

    target = tmp_path / "kept.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o444)
    done = _run_without_permissions("--db", str(desk), "export", "--status", "unverified", "-o", str(target))
    assert done.returncode == 1 and b"cannot write (Permission denied)" in done.stderr, done.stderr
    assert target.read_text(encoding="utf-8") == "old\n"


# --- settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("toml, why", [
    ("[rating]\nbest = 3\nworst = 3\n", "best and worst are both 3: a scale needs two ends"),
    ("[rating]\nbest = 4.5\n", "best must be a whole number, not 4.5"),
    ("[rating]\nbest = 3\n", "[verdicts.true] value 5 is outside the rating scale (1 to 3)"),
])
def test_a_rating_scale_that_says_nothing_is_refused(tmp_path, monkeypatch, toml, why):
    """best = worst was taken (every ClaimReview rated on a scale of one point, and an import
    could read no verdict from it); best = 4.5 was cut to 4 without a word; a scale that left
    the verdicts' own values outside it exported ratingValue 5 with bestRating 3."""
    settings = tmp_path / "s.toml"
    settings.write_text(toml, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(settings))
    result = CliRunner().invoke(cli, ["config", "show"])
    assert result.exit_code == 1 and why in result.output, result.output


def test_a_scale_turned_round_with_its_verdicts_still_reads(tmp_path, monkeypatch):
    settings = tmp_path / "s.toml"
    settings.write_text("[rating]\nbest = 1\nworst = 5\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(settings))
    assert CliRunner().invoke(cli, ["config", "show"]).exit_code == 0
