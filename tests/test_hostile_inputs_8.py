"""An eighth hostile pass (issue 15's classes, other inputs than passes 1-7), with pass 7's
leftovers: a transcript label alone on its line, an aborted import's empty line, hosts no
link can go to, direction controls in stored text, "the week of", the search fold on
PostgreSQL. Each test fails before its fix."""

from __future__ import annotations

import json
import subprocess
import unicodedata

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.models import Article, Outlet
from tests.conftest import CLAIMS_BIN, SAMPLES
from tests.hostile import one_line_error, record_file, run, stored_claims
from tui.entry import cli

ARTICLE = "The mayor said the bridge carries 40,000 vehicles a day.\n"


# --- a transcript's label alone on its line -------------------------------------------------


@pytest.mark.parametrize("line", ["JONES:", "JONES:   ", "JONES: —", "JONES: ...", "JONES: - - -"])
def test_a_label_with_no_words_after_it_is_no_claim(line):
    """'JONES:' alone was stored as the claim "JONES:" (of the speaker before), and 'JONES: —'
    as the claim "—"; the label still says who speaks the lines after it."""
    from claims.transcripts import extract_transcript

    text = f"SMITH: Our plan cut waiting lists by 40 percent.\n{line}\nThe budget rose 12 percent last year.\n"
    got = [(r.speaker, r.text) for r in extract_transcript(text)]
    assert got == [("Smith", "Our plan cut waiting lists by 40 percent."),
                   ("Jones", "The budget rose 12 percent last year.")]


def test_a_heading_alone_on_its_line_is_no_speaker():
    """Found in review: with a label allowed alone on its line, a heading ("Key Findings:",
    an Arabic "he added, saying:") took over every line below it. Alone, a label is one in
    capitals or a name that speaks elsewhere in the transcript."""
    from claims.transcripts import extract_transcript

    text = ("JONES: We cut taxes by 40 percent in 2019.\nKey Findings:\nUnemployment fell to 3 percent.\n"
            "الوزير: ارتفعت الأسعار بنسبة 5 في المئة.\nوأضاف قائلا:\nانخفضت البطالة إلى 3 في المئة.\n"
            "Jones:\nThat is not what happened in 2019.\n")
    got = [r.speaker for r in extract_transcript(text)]
    assert got == ["Jones", "Jones", "الوزير", "الوزير", "Jones"]


def test_an_ingested_transcript_stores_no_label_as_a_claim(db, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("JONES:\nThe budget rose 12 percent last year.\nSMITH: —\n", encoding="utf-8")
    assert run(db, "ingest", "--transcript", str(path)).exit_code == 0
    assert [(c.speaker, c.text) for c in stored_claims(db)] == [("Jones", "The budget rose 12 percent last year.")]


# --- one line, not an empty one first ----------------------------------------------------


def test_an_interrupted_import_says_so_in_one_line(db, tmp_path, monkeypatch):
    """Ctrl-C during an import printed two empty lines before 'claims: aborted' on a stderr
    that is no terminal (click's, and Rich's progress stopped)."""
    import claims.cli.import_cmds as import_cmds

    def interrupted(*_a, **kw):
        kw["on_checked"](300)  # the bar would start here, as for a file of 300 records
        raise KeyboardInterrupt

    monkeypatch.setattr(import_cmds, "import_source", interrupted)
    result = CliRunner().invoke(cli, ["--db", db.url, "import", record_file(tmp_path)])
    assert result.exit_code == 130 and result.output == "claims: aborted\n", repr(result.output)


def test_an_ingest_of_a_folder_prints_no_empty_line_first(db_path):
    """Several articles show a bar; on a stderr that is no terminal Rich's stop printed an
    empty line before the summary."""
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(db_path), "ingest", str(SAMPLES)], capture_output=True,
                          timeout=300)
    err = done.stderr.decode()
    assert done.returncode == 0 and err.startswith("ingested 5 articles"), repr(err)


# --- hosts no link can go to ---------------------------------------------------------------


BAD_HOSTS = [
    ("http://example..com/x", "has an empty name between dots"),
    ("http://.example.com/", "has an empty name between dots"),
    ("https://例え..テスト/", "has an empty name between dots"),
    ("http://%65xample.com/", "holds '%'"),  # a browser reads it as example.com
    ("http://ex%00ample.com/", "holds '%'"),
    ("http://exa$mple.com/", "holds '$'"),
    ("http://" + "a" * 64 + ".com/", "longer than 63 characters"),
    ("http://" + ".".join(["a" * 60] * 5) + "/", "longer than 253 characters"),
    ("http://999.999.999.999/", "no IPv4 address"),
    ("http://1.2.3/", "no IPv4 address"),  # a browser goes to 1.2.0.3
    ("http://0x7f.1/", "no IPv4 address"),
    ("http://example.123/", "no IPv4 address"),
]


@pytest.mark.parametrize("url, why", BAD_HOSTS)
def test_a_host_no_link_can_go_to_is_refused(url, why):
    from claims.errors import ClaimsError
    from claims.links import check_url, safe_url

    with pytest.raises(ClaimsError, match="url: .* is not an http\\(s\\) URL \\(its host .*" + why.replace("$", "\\$")):
        check_url(url, "url")
    assert safe_url(url) == url  # one an older version stored is still shown (found in review)


@pytest.mark.parametrize("url", ["http://example.com./a", "https://a_b.example.com/", "http://[::1]:8080/",
                                 "http://127.0.0.1/x", "http://localhost/", "https://例え.テスト/",
                                 "https://2024.example.com/", "https://" + "a" * 63 + ".com/",
                                 # found in review: hosts browsers go to
                                 "http://-kyouko-.tumblr.com/", "http://col\u00b7legi.cat/",
                                 "http://ジャパン・タイムズ.jp/", "http://i\u2764.ws/", "http://例え。jp/"])
def test_hosts_a_link_can_go_to_are_kept(url):
    from claims.links import check_url

    assert check_url(url, "url") == url


def test_a_host_with_an_empty_name_is_refused_at_the_doors(db, tmp_path):
    one_line_error(run(db, "import", record_file(tmp_path, url="http://example..com/x")),
                    "line 1: url:", "empty name between dots")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    one_line_error(run(db, "ingest", "--url", "http://example..com/x", str(article)), "--url:", "empty name")
    assert stored_claims(db) == []


# --- direction controls --------------------------------------------------------------------

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def test_an_article_keeps_no_direction_control(db, tmp_path):
    """'\u202e' in an article (its text, Title:, Outlet:) was stored and shown by the desk
    and exports: 'the bridge carries 40,000 ...' could show with its figure reversed."""
    article = tmp_path / "a.txt"
    article.write_text(f"Title: Bridge {RLO}traffic{PDF}\nOutlet: The {LRI}Gazette{PDI}\n\n"
                       f"The mayor said the bridge carries {RLO}40,000{PDF} vehicles a day.\n", encoding="utf-8")
    assert run(db, "ingest", str(article)).exit_code == 0
    with db.session() as s:
        stored = [*s.exec(select(Article.title)), *s.exec(select(Article.text)), *s.exec(select(Outlet.name))]
    stored += [c.text for c in stored_claims(db)]
    assert "Bridge traffic" in stored and "The Gazette" in stored
    assert not any(ch in "".join(stored) for ch in (RLO, PDF, LRI, PDI)), stored


def test_a_transcript_speaker_keeps_no_direction_control(db, tmp_path):
    transcript = tmp_path / "t.txt"
    transcript.write_text(f"JO{RLO}NES: The budget rose 12 percent last year.\n", encoding="utf-8")
    assert run(db, "ingest", "--transcript", str(transcript)).exit_code == 0
    assert [(c.speaker, c.text) for c in stored_claims(db)] == [("Jones", "The budget rose 12 percent last year.")]


def test_an_import_keeps_no_direction_control(db, tmp_path):
    path = record_file(tmp_path, text=f"The bridge carries {RLO}40,000{PDF} vehicles a day.",
                       speaker=f"Ana {LRI}Lind{PDI}", outlet=f"{RLO}Gazette", title=f"Bridge {RLO}x",
                       status="verified", verdict="false", note=f"checked {RLO}records")
    assert run(db, "import", path).exit_code == 0
    (claim,) = stored_claims(db)
    assert (claim.text, claim.speaker, claim.verdict_note) == (
        "The bridge carries 40,000 vehicles a day.", "Ana Lind", "checked records")
    with db.session() as s:
        assert s.exec(select(Outlet.name)).one() == "Gazette" and s.exec(select(Article.title)).one() == "Bridge x"


def test_an_imported_reviewer_or_link_with_a_direction_control_is_still_refused(db, tmp_path):
    result = run(db, "import", record_file(tmp_path, status="verified", verdict="false", reviewer=f"bo{RLO}b"))
    one_line_error(result, "reviewer holds the direction control U+202E")
    result = run(db, "import", record_file(tmp_path, "u.jsonl", url=f"https://example.org/{RLO}gnp.exe"))
    one_line_error(result, "url:", "invisible character U+202E")
    assert stored_claims(db) == []


def test_typed_fields_keep_no_direction_control(db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run(db, "ingest", "--outlet", f"The {RLO}Gazette", "--title", f"{LRI}Bridge{PDI}", str(article)).exit_code == 0
    assert run(db, "set-status", "1", "--note", f"see {RLO}records").exit_code == 0
    assert run(db, "set-date", "1", f"{RLO}2024-04-14").exit_code == 0
    with db.session() as s:
        assert s.exec(select(Outlet.name)).one() == "The Gazette" and s.exec(select(Article.title)).one() == "Bridge"
    (claim,) = stored_claims(db)
    assert claim.verdict_note == "see records" and claim.claim_date == "2024-04-14"
    assert RLO not in (claim.date_text or "")


def test_right_to_left_text_is_kept_as_written(db, tmp_path):
    """Arabic and Hebrew need no direction control to show right; their marks (U+200F, U+061C)
    reorder nothing after them and are kept in a claim's text. A speaker is a name, stored as an
    outlet's is without the invisible characters that made one name two (pass 29)."""
    text = "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u0625\u0646 \u0627\u0644\u0645\u064a\u0632\u0627\u0646\u064a\u0629 \u0627\u0631\u062a\u0641\u0639\u062a 12\u200f% \u0647\u0630\u0627 \u0627\u0644\u0639\u0627\u0645"
    speaker = "\u05e9\u05e8 \u05d4\u05d0\u05d5\u05e6\u05e8\u061c"
    assert run(db, "import", record_file(tmp_path, text=text, speaker=speaker)).exit_code == 0
    (claim,) = stored_claims(db)
    assert (claim.text, claim.speaker) == (text, speaker.rstrip("\u061c"))


def test_a_direction_control_an_older_version_stored_is_shown_as_a_symbol():
    from claims.limits import printable

    assert printable(f"The bridge {RLO}carries") == "The bridge \ufffdcarries"
    assert printable("\u05e9\u05e8\u200f") == "\u05e9\u05e8\u200f"


# --- "the week of" ------------------------------------------------------------------------


def test_the_week_of_a_day_is_a_week_typed_too(db, tmp_path):
    """The desk's `w` and `claims set-date`: 'the week of 9 March 2026' was stored as a day."""
    import datetime as dt

    from claims.dates import read_typed_date

    assert read_typed_date("the week of 9 March 2026", base=dt.date(2026, 3, 20)) == ("2026-03-09", "week")
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "set-date", "1", "the week of 9 March 2026").exit_code == 0
    (claim,) = stored_claims(db)
    assert (claim.claim_date, claim.date_precision) == ("2026-03-09", "week")
    result = run(db, "set-date", "1", "the week of 9 April 2026 in March")
    assert result.exit_code == 1 and "is not a date (2026-04-09 is in April, not in March)" in result.output, result.output


# --- a CSV holding its header twice ----------------------------------------------------------


def test_a_header_row_repeated_inside_a_csv_is_a_bad_record(db, tmp_path):
    """Two CSV files joined: the second's header 'id,text' was imported as a claim "text"."""
    path = tmp_path / "joined.csv"
    path.write_text("id,text\nq1,The bridge carries 40000 vehicles a day\nid,text\n"
                    "q2,The tunnel carries 9000 cars a day\n", encoding="utf-8")
    one_line_error(run(db, "import", str(path)), "line 3: repeats the header row")
    assert stored_claims(db) == []
    assert run(db, "import", "--skip-bad", str(path)).exit_code == 0
    assert [c.text for c in stored_claims(db)] == ["The bridge carries 40000 vehicles a day",
                                             "The tunnel carries 9000 cars a day"]


# --- one fold on both backends ---------------------------------------------------------------

FOLDED = [
    ("s1", "Traffic on the Hauptstraße rose 12 percent", "Jürgen Groß"),
    ("s2", "Ο δήμαρχος είπε ότι ο προϋπολογισμός αυξήθηκε στην πόλη Σοφος", None),
    ("s3", "The mayor said the ᾳ budget rose 7 percent", None),
    ("s4", "The ǰ fee doubled, the council said", None),
    ("s5", "STRAẞENBAU costs rose 9 percent", None),
]


@pytest.mark.parametrize("args, expected", [
    (("--search", "strasse"), ["s1", "s5"]),
    (("--search", "STRASSE"), ["s1", "s5"]),
    (("--search", "straße"), ["s1", "s5"]),
    (("--search", "σοφοσ"), ["s2"]),
    (("--search", "ΣΟΦΟΣ"), ["s2"]),
    (("--search", "Σοφος"), ["s2"]),
    (("--search", "αι"), ["s3"]),
    (("--search", "ᾼ"), ["s3"]),
    (("--search", "ǰ"), ["s4"]),
    (("--search", "j"), []),  # as "e" does not find "é"
    (("--speaker", "gross"), ["s1"]),
    (("--speaker", "GROSS"), ["s1"]),
])
def test_search_folds_case_the_same_on_both_backends(db, tmp_path, args, expected):
    """On PostgreSQL `--search strasse` found no "Straße" and `σοφοσ` no "Σοφος" (lower()
    keeps ß and a final ς); on SQLite `j` found "ǰ" (casefold wrote it decomposed)."""
    path = tmp_path / "f.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "speaker": sp}) + "\n" for i, t, sp in FOLDED),
                    encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    result = run(db, "list", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(line)["external_id"] for line in result.output.splitlines()) == expected


def test_postgresql_folds_every_character_as_sqlite_does(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("compares PostgreSQL's fold with SQLite's (Python's); this is the SQLite run")
    from db.folding import fold_text, postgresql_fold

    values = [chr(c) for c in range(0x80, 0x30000) if unicodedata.category(chr(c)) not in ("Cs", "Cn", "Co", "Cc")]
    values += ["Hauptstraße", "ΣΟΦΟΣ σοφος", "İstanbul", "i\u0307x", "ᾈ", "bud\u00adget ß", "STRAẞE"]
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("CREATE TEMP TABLE fold_all (v text)")
        with cur.copy("COPY fold_all (v) FROM STDIN") as copy:
            for v in values:
                copy.write_row((v,))
        cur.execute(f"SELECT v, {postgresql_fold('v')} FROM fold_all")
        differ = [(v, got, fold_text(v)) for v, got in cur.fetchall() if got != fold_text(v)]
    finally:
        raw.rollback()
        raw.close()
    assert differ == [], differ[:20]


def _fold_of_0013(value):
    if value is None:
        return None
    if value.isascii():
        return value.lower()
    from db.ignorable import DROP_IGNORABLE

    return unicodedata.normalize("NFKC", value.translate(DROP_IGNORABLE)).casefold().replace("i\u0307", "i")


def test_migration_0014_remakes_the_sqlite_index(tmp_path):
    from sqlalchemy import create_engine, event

    from claims.services import narrowing
    from claims.services.queries import ClaimFilter
    from db import Database
    from tests.old_desks import desk_at

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, _fold_of_0013))
    with engine.begin() as conn:
        desk_at(conn, "0013", [{"id": i + 1, "text": t, "speaker": sp} for i, (_, t, sp) in enumerate(FOLDED)])
    engine.dispose()
    db = Database(str(path))
    try:
        with db.session() as session:
            assert narrowing.candidates(session, ClaimFilter(search="ǰ fee")) == [4]
            assert sorted(narrowing.candidates(session, ClaimFilter(search="strasse"))) == [1, 5]
            session.connection().exec_driver_sql(
                "INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 0)")
    finally:
        db.close()


def test_migration_0014_remakes_the_postgresql_indexes(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine, text

    from claims.services import paging
    from claims.services.queries import ClaimFilter
    from db import Database
    from tests.old_desks import desk_at

    url = fresh_pg_url("fold14")
    engine = create_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0013", [{"text": t, "speaker": sp} for _, t, sp in FOLDED])
        indexes = conn.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalar()
    engine.dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
        assert len(defs) == indexes and all("translate" in d for d in defs)
        assert len(paging.page_after(db, ClaimFilter(search="strasse"))) == 2
        assert len(paging.page_after(db, ClaimFilter(speaker="gross"))) == 1
    finally:
        db.close()


# --- comparing nothing ------------------------------------------------------------------------


@pytest.mark.parametrize("a, b, side", [("", "", "a"), ("The budget rose 4 percent", "— …", "b"), ("🎉", "🎉", "a")])
def test_a_text_of_no_word_is_not_compared(a, b, side):
    """`claims compare '' ''` scored 100: a likely duplicate of nothing."""
    result = CliRunner().invoke(cli, ["compare", a, b])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        f"claims: error: text {side} {(a if side == 'a' else b)!r} has no word in it: nothing to compare"]


# --- an export over a database -----------------------------------------------------------------


@pytest.mark.parametrize("args", [("export",), ("report",)])
def test_an_export_or_report_never_replaces_a_database(db_path, tmp_path, args):
    """`claims --db desk.db export -o desk.db` replaced the desk with a CSV of its verified
    claims (zero of them): every claim was lost, in one line that said 'wrote 0 claims'."""
    done = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")])
    assert done.exit_code == 0, done.output
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    backup = tmp_path / "backup.db"
    backup.write_bytes(db_path.read_bytes())
    side = tmp_path / "backup.db-wal"
    side.write_bytes(b"the last changes of backup.db")
    for target, why in ((db_path, "is an SQLite database"), (link, "is an SQLite database"),
                        (side, "side file SQLite keeps beside the database backup.db")):
        before = target.read_bytes()
        result = CliRunner().invoke(cli, ["--db", str(db_path), *args, "-o", str(target)])
        assert result.exit_code == 1 and why in result.output, result.output
        assert target.read_bytes() == before
    listed = CliRunner().invoke(cli, ["--db", str(db_path), "list", "--format", "jsonl"])
    assert listed.exit_code == 0 and listed.output.count("\n") > 0
