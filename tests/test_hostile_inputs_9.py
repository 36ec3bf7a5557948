"""A ninth hostile pass (issue 15's classes, other inputs than passes 1-8), with pass 8's
leftovers: direction controls in an import's other fields, "week of" without "the", an
export beside a file that is no database, a pairs file's line numbers. Each test fails
before its fix."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlmodel import select

from tests.hostile import one_line_error, record_file, run, stored_claims
from tui.entry import cli

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


# --- direction controls in the fields claims has no column for ------------------------------


def test_an_imports_other_fields_keep_no_direction_control(db, tmp_path):
    """Every door removed them but `extra`: a field's name, its text, a list's items and an
    object's names and values kept U+202E."""
    path = record_file(tmp_path, section=f"Ne{RLO}ws", tags=[f"a{LRI}b{PDI}", {f"k{RLO}": f"v{PDF}"}],
                       **{f"sou{RLO}rce": "wire"}, claim=f"The {RLO}bridge")  # 'claim': a second name for text
    assert run(db, "import", path).exit_code == 0
    (claim,) = stored_claims(db)
    assert json.loads(claim.extra) == {"section": "News", "tags": ["ab", {"k": "v"}], "source": "wire",
                                       "claim": "The bridge"}


def test_a_field_name_that_is_another_once_cleaned_is_refused(db, tmp_path):
    path = record_file(tmp_path, ab="one", **{f"a{RLO}b": "two"})
    one_line_error(run(db, "import", path), "line 1:", "is 'ab' once its direction controls are removed")
    assert stored_claims(db) == []


def test_a_terminal_control_deep_in_an_other_field_is_refused(db, tmp_path):
    one_line_error(run(db, "import", record_file(tmp_path, tags=["ok", "\x1b[2J"])),
                    "tags holds the control character U+001B")
    assert stored_claims(db) == []


# --- typed dates: "week of", and words counting from a calendar date --------------------------


@pytest.mark.parametrize("typed", ["week of 9 March 2026", "Week of March 9, 2026", "week beginning 9 March 2026",
                                   "week starting 9 March 2026"])
def test_week_of_without_the_is_a_week(typed):
    """'the week of 9 March 2026' was a week, 'week of 9 March 2026' a day."""
    import datetime as dt

    from claims.dates import read_typed_date

    assert read_typed_date(typed, base=dt.date(2026, 3, 20)) == ("2026-03-09", "week")


@pytest.mark.parametrize("typed, word", [
    ("the day after 9 March 2026", "after"),  # was 9 March
    ("2 days before 9 March 2026", "before"),  # was 9 March
    ("a week after 9 March 2026", "after"),
    ("9 March 2026 ago", "ago"),
    ("next month 9 March 2026", "month"),
    ("week 9 March 2026", "week"),  # was a day
    ("the day after 9 March", "after"),
])
def test_a_word_counting_from_a_calendar_date_is_not_dropped(db, tmp_path, typed, word):
    """The phrase reader looks for a date inside a sentence; typed, 'the day after 9 March
    2026' was stored as 9 March. Refused at set-date, and at import's date field."""
    import datetime as dt

    from claims.dates import read_typed_date

    with pytest.raises(ValueError, match=f"{word!r} does not fit a date given by the calendar"):
        read_typed_date(typed, base=dt.date(2026, 3, 20))
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-date", "1", typed), f"{typed!r} is not a date (")
    (claim,) = stored_claims(db)
    assert claim.claim_date is None


@pytest.mark.parametrize("typed, expected", [
    ("the week of 9 March 2026", ("2026-03-09", "week")), ("the year 2025", ("2025", "year")),
    ("the month of March 2026", ("2026-03", "month")), ("Monday 9 March 2026", ("2026-03-09", "day")),
    ("early March 2026", ("2026-03", "month")), ("last March", ("2025-03", "month")),  # said in March: a year back (pass 35b)
    ("2 days ago", ("2026-03-18", "day")), ("the 9th of March 2026", ("2026-03-09", "day")),
])
def test_calendar_and_relative_dates_still_read(typed, expected):
    import datetime as dt

    from claims.dates import read_typed_date

    assert read_typed_date(typed, base=dt.date(2026, 3, 20)) == expected


def test_an_imported_date_counting_from_another_is_refused(db, tmp_path):
    one_line_error(run(db, "import", record_file(tmp_path, date="the day after 9 March 2026")),
                    "line 1: date:", "'after' does not fit")
    assert stored_claims(db) == []


# --- -o beside a file that is no database -------------------------------------------------------


@pytest.mark.parametrize("args", [("export",), ("report",)])
def test_an_export_beside_a_text_file_of_the_same_stem_is_written(db_path, tmp_path, args):
    """`export -o notes-wal` was refused when a text file `notes` existed."""
    (tmp_path / "notes").write_text("my notes\n", encoding="utf-8")
    target = tmp_path / "notes-wal"
    target.write_text("an older export\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") != "an older export\n"


def test_a_side_file_of_a_new_empty_database_is_still_kept(db_path, tmp_path):
    """A new database's pages may all be in its write-ahead log, its main file empty."""
    (tmp_path / "new.db").write_bytes(b"")
    side = tmp_path / "new.db-wal"
    side.write_bytes(b"the pages of new.db")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export", "-o", str(side)])
    assert result.exit_code == 1 and "side file SQLite keeps beside the database new.db" in result.output
    assert side.read_bytes() == b"the pages of new.db"


# --- a pairs file's line numbers -----------------------------------------------------------------


def test_a_bad_pair_is_named_by_its_line(tmp_path):
    """The message said 'pair 2' of a file whose bad row is on line 4 (a header, a blank line)."""
    path = tmp_path / "pairs.tsv"
    path.write_text("text_a\ttext_b\nThe budget rose 4 percent\tThe budget rose 5 percent\n\n"
                    "Taxes fell 3 percent\t— …\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"claims: error: {path}: line 4: text b '— …' has no word in it: nothing to compare"]


@pytest.mark.parametrize("value, kind", [(None, "null"), (["x"], "a list"), ({"t": "x"}, "an object"),
                                         (True, "true or false")])
def test_a_pair_that_is_no_text_is_refused(tmp_path, value, kind):
    """`{"a": null}` was compared as the text 'None', a list as its Python repr."""
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"a": "Taxes fell 3 percent", "b": "Taxes fell 4 percent"}) + "\n"
                    + json.dumps({"a": value, "b": "Taxes fell 3 percent"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"claims: error: {path}: line 2: a is {kind}, not text"]


def test_a_search_for_no_word_is_refused(db, tmp_path):
    """`claims search '🎉'` answered an empty table, as if nothing like it had been checked."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "search", "🎉"), "text '🎉' has no word in it: nothing to search for")
    queries = tmp_path / "q.tsv"
    queries.write_text("id\ttext\nq1\tbridge traffic\nq2\t— …\n", encoding="utf-8")
    one_line_error(run(db, "search", "--queries", str(queries)), "line 3: query 'q2': text '— …' has no word")


# --- database URLs --------------------------------------------------------------------------


def test_a_template_database_gets_no_desk(fresh_pg_url):
    """`--db postgresql://postgres@host/template1` made the whole schema in template1, which
    PostgreSQL copies into every database `createdb` makes after."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url

    url = fresh_pg_url("tmpl")
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" IS_TEMPLATE true'))
    try:
        for args in (("list",), ("db", "init")):
            one_line_error(CliRunner().invoke(cli, ["--db", url, *args]), f"the database {name!r} is a template")
        engine = create_engine(url)
        try:
            assert inspect(engine).get_table_names() == []
        finally:
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" IS_TEMPLATE false'))
        admin.dispose()


@pytest.mark.parametrize("name", ["x;touch pwned", "x $(id)"])
def test_a_hint_to_paste_is_quoted_for_the_shell(name):
    """'create it (`createdb -h 127.0.0.1 x;touch pwned`)': pasted, the hint ran the rest."""
    import shlex

    from sqlalchemy.exc import OperationalError

    from db.engine import describe_error

    url = f"postgresql+psycopg://postgres@127.0.0.1/{name}"
    exc = OperationalError("connect", {}, Exception(f'FATAL:  database "{name}" does not exist'))
    assert f"`createdb -h 127.0.0.1 {shlex.quote(name)}`" in describe_error(url, exc)


def test_a_new_desk_hint_is_quoted_for_the_shell(tmp_path):
    import shlex

    path = tmp_path / "no such $(id)" / "x.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "list"])
    one_line_error(result, f"`claims db init --db {shlex.quote(str(path))}`")


# --- names are one line ---------------------------------------------------------------------


def test_an_imported_name_is_one_line(db, tmp_path):
    """'Ana\\nLind' was stored as given: shown on two lines of every table, and `--speaker
    'ana lind'` did not find it."""
    path = record_file(tmp_path, speaker="Ana\nLind", speaker_role="Port\r\n chief", outlet="Daily\tNews",
                       title="Line one\u2028line two", claim_type="stat\nistic")
    assert run(db, "import", path).exit_code == 0
    (claim,) = stored_claims(db)
    assert (claim.speaker, claim.speaker_role, claim.claim_type) == ("Ana Lind", "Port chief", "stat istic")
    from claims.models import Article, Outlet

    with db.session() as s:
        assert s.exec(select(Outlet.name)).one() == "Daily News"
        assert s.exec(select(Article.title)).one() == "Line one line two"
    listed = run(db, "list", "--speaker", "ana lind", "--format", "jsonl")
    assert listed.exit_code == 0 and listed.output.count("\n") == 1, listed.output


def test_a_typed_name_is_one_line(db, tmp_path):
    from claims.models import Article, Event, Outlet

    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    assert run(db, "ingest", "--outlet", "Daily\nNews", "--title", "T1\nT2\tT3", str(article)).exit_code == 0
    # a reviewer's name with a line break is refused, as README says of a control character
    # (issue 15, review of noticed 18): it was folded into 'bo b'
    refused = CliRunner().invoke(cli, ["--db", db.url, "--reviewer", "bo\nb", "set-status", "1", "--note", "x"])
    assert refused.exit_code != 0 and "--reviewer: holds the control character U+000A" in refused.output
    with db.session() as s:
        assert s.exec(select(Outlet.name)).one() == "Daily News" and s.exec(select(Article.title)).one() == "T1 T2 T3"
        assert "bo b" not in {e.reviewer for e in s.exec(select(Event))}


# --- a watched source's outlet ------------------------------------------------------------------


@pytest.mark.parametrize("outlet, why", [("Evil\x1b[2J", "--outlet: holds the control character U+001B"),
                                         ("x" * 201, "--outlet: 201 characters; at most 200"),
                                         ("A\udcffB", "--outlet: holds a lone surrogate")])
def test_a_watched_sources_outlet_is_checked_as_ingest_checks_it(db, outlet, why):
    """`watch add --outlet` stored anything: a terminal's ESC, 500 characters (each article the
    source brought would then be refused), and bytes no UTF-8 (a traceback)."""
    one_line_error(run(db, "watch", "add", "--outlet", outlet, "https://example.org/feed.xml"), why)
    listed = run(db, "watch", "list", "--format", "jsonl")
    assert listed.exit_code == 0 and listed.output.strip() in ("", "[]"), listed.output


def test_a_watched_sources_outlet_keeps_no_direction_control(db):
    assert run(db, "watch", "add", "--outlet", f"The {RLO}Gazette\nDaily", "https://example.org/feed.xml"
               ).exit_code == 0
    from claims.models import WatchSource

    with db.session() as s:
        assert s.exec(select(WatchSource.outlet)).one() == "The Gazette Daily"


# --- a filter of bytes that are no UTF-8 --------------------------------------------------------


@pytest.mark.parametrize("args", [("list", "--search"), ("list", "--speaker"), ("list", "--outlet"),
                                  ("export", "--outlet")])
def test_a_filter_of_bytes_no_utf8_is_one_line(db, tmp_path, args):
    """A terminal in Latin-1 gives `--search $'caf\\xe9'` as a lone surrogate: the driver's
    UnicodeEncodeError was a traceback."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, *args, "caf\udce9"), f"{args[1]}: holds bytes that are not UTF-8 text")


# --- an import's dates in the future ------------------------------------------------------------


def test_an_imported_publication_date_in_the_future_is_refused(db, tmp_path):
    """`first_date: 2099-01-01` made an article published in 2099; `ingest --published` refuses
    a date after today."""
    one_line_error(run(db, "import", record_file(tmp_path, first_date="2099-01-01", outlet="Gazette")),
                    "line 1: first_date: '2099-01-01' is in the future")
    assert stored_claims(db) == []
    import datetime as dt

    today = dt.date.today().isoformat()
    assert run(db, "import", record_file(tmp_path, "ok.jsonl", first_date=today, outlet="Gazette")).exit_code == 0


def test_an_imported_review_in_the_future_is_refused(db, tmp_path):
    path = record_file(tmp_path, status="verified", verdict="false", reviewed_at="2099-01-01T00:00:00Z")
    one_line_error(run(db, "import", path), "line 1: reviewed_at: '2099-01-01T00:00:00Z' is in the future")
    assert stored_claims(db) == []


# --- the short-claim rule in Chinese and Japanese -------------------------------------------------


@pytest.mark.parametrize("text, words", [("市长说预算增长了很多", 5), ("东京市政府的预算在去年增长了百分之十二点五，市长在新闻发布会上说", 16),
                                         ("東京都の予算は昨年十二パーセント増加したと知事は記者会見で述べた", 15)])
def test_ideographs_count_as_words_a_reader_counts(text, words):
    """Each ideograph counted a word: 10 for a claim of 5."""
    from claims.matching.normalize import analyze

    assert analyze(text).word_count == words


def test_a_short_chinese_claim_is_only_suggested():
    """'市长说预算增长了很多' and the same with '啊' were merged as duplicates; their English
    twins of five words are only suggested (a claim under 8 words)."""
    result = CliRunner().invoke(cli, ["compare", "市长说预算增长了很多", "市长说预算增长了很多啊", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert (got["decision"], got["reason"]) == ("suggested", "a claim under 8 words")


# --- an article header with a key it does not know -----------------------------------------------


@pytest.mark.parametrize("head, why", [("Title: Bridge\nDate: 9 March 2026", "header line 2: 'Date' is no header key"),
                                       ("Title: Bridge\nTitle: Tunnel", "header line 2: 'Title' is named twice")])
def test_a_header_with_a_key_it_does_not_know_is_refused(db, tmp_path, head, why):
    """'Title:' then 'Date:' was read as the first paragraph: the date lost without a word, the
    title 'Title: Bridge Date: 9 March 2026'."""
    article = tmp_path / "a.txt"
    article.write_text(f"{head}\n\nThe mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    one_line_error(run(db, "ingest", str(article)), f"{article}: {why}")
    assert stored_claims(db) == []


def test_an_article_beginning_with_a_colon_line_is_still_text(db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Note: figures are provisional.\nTitle: none\n\nThe mayor said the bridge carries 40,000 "
                       "vehicles a day.\n", encoding="utf-8")
    assert run(db, "ingest", str(article)).exit_code == 0
    assert len(stored_claims(db)) == 1


# --- a formula in a listing's CSV ----------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example","click") the bridge carries 40000 cars'


def test_a_listing_as_csv_guards_formulas_and_imports_back(db, tmp_path):
    """`claims export` guards a cell a spreadsheet would run; `claims list --format csv` wrote
    '=HYPERLINK(...)' as is, a link in the spreadsheet. Guarded, and undone on import."""
    import csv
    import io

    path = record_file(tmp_path, text=FORMULA, speaker="@SUM(1+1)", status="verified", verdict="false",
                       note="+cmd|calc")
    assert run(db, "import", path).exit_code == 0
    listed = run(db, "list", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    (row,) = list(csv.DictReader(io.StringIO(listed.output)))
    assert (row["text"], row["speaker"], row["verdict_note"]) == ("'" + FORMULA, "'@SUM(1+1)", "'+cmd|calc")
    assert row["priority"].startswith("-") or not row["priority"].startswith("'")  # a number stays one
    again = tmp_path / "listed.csv"
    again.write_text(listed.output, encoding="utf-8")
    from db import Database

    second = Database(str(tmp_path / "second.db"))
    try:
        done = CliRunner().invoke(cli, ["--db", second.url, "import", str(again)])
        assert done.exit_code == 0, done.output
        (claim,) = stored_claims(second)
        assert (claim.text, claim.speaker, claim.verdict_note) == (FORMULA, "@SUM(1+1)", "+cmd|calc")
    finally:
        second.close()
