"""A fifth hostile pass (issue 15's classes, other inputs than passes 1-4): extraction of one
paragraph of thousands of quotes, JSON lines holding Unicode line separators, dates counted
past year 1 or 9999, look-alike hosts in links. Each fails before its fix."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.extraction import segments
from claims.extraction.extractor import extract_claims
from claims.models import Claim
from tests.hostile import record_file as _record_file
from tests.hostile import run as _run
from tui.entry import cli


class _CountingList(list):
    """A paragraph's sentences, counting each one read (walked or indexed)."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            _CountingList.reads += 1
            yield item

    def __getitem__(self, index):
        _CountingList.reads += 1
        return super().__getitem__(index)


def test_quotes_in_one_long_paragraph_find_their_sentence_without_walking_all(monkeypatch):
    """Each quote looked its sentence up by walking every sentence of its paragraph: 25,000
    quoted statements on one line (1 MB) took 25 s to extract, 72 of 75 s under a profiler
    in that walk. The reads per sentence must not grow with the paragraph."""
    split = segments.split_sentences
    monkeypatch.setattr(segments, "split_sentences", lambda *a: _CountingList(split(*a)))
    n = 1500
    text = " ".join(f'"The budget rose {i} percent," he said.' for i in range(n)) + "\n"
    _CountingList.reads = 0
    claims = extract_claims(text)
    assert len(claims) == n
    assert _CountingList.reads < 60 * n, _CountingList.reads  # was about 4.5 million


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_a_json_line_holding_a_unicode_line_separator_comes_back_whole(db, tmp_path, separator):
    """JSON allows U+2028, U+2029 and U+0085 raw inside a string, and `claims list --format
    jsonl` wrote them so; the import cut lines there (str.splitlines) and refused its own
    listing as broken JSON. (Since open items 17 the listing writes them escaped, `\\u2028`;
    an import still reads them raw, as other tools write them.)"""
    note = f"first part{separator}second part"
    source = tmp_path / "a.jsonl"
    source.write_text("".join(json.dumps({"id": f"x{i}", "text": f"The bridge carries {i},000 vehicles a day.",
                                          "status": "verified", "verdict": "false", "note": note}) + "\n"
                              for i in (1, 2)), encoding="utf-8")
    assert _run(db, "import", str(source)).exit_code == 0
    listed = _run(db, "list", "--format", "jsonl", "--status", "verified")
    assert separator not in listed.output and f"\\u{ord(separator):04x}" in listed.output
    assert listed.output.count("\n") == 2
    again = tmp_path / "again.jsonl"
    again.write_text(listed.output.replace('"external_id": "x', '"external_id": "y'), encoding="utf-8")
    result = _run(db, "import", str(again))
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Claim.verdict_note).where(Claim.external_id == "y1")).one() == note


def test_a_queries_file_line_holding_a_unicode_line_separator_is_one_query(db, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q1", "text": "The bridge carries\u202840,000 vehicles a day"}\n', encoding="utf-8")
    result = _run(db, "search", "--queries", str(queries), "--format", "jsonl")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("published, phrase", [("0001-06-01", "last year"), ("0001-06-01", "2 years ago"),
                                               ("9999-06-01", "next year")])
def test_a_date_counted_past_year_1_or_9999_is_no_date(published, phrase):
    """'last year' in an article of year 1 was dated '0000' ('2 years ago' '-001', 'next year'
    in 9999 '10000'): stored and exported, and the export's import refused it."""
    import datetime as dt

    from claims.dates import find_time_phrases, resolve_phrase

    day = dt.date.fromisoformat(published)
    assert resolve_phrase(phrase, published=day) is None
    (found,) = find_time_phrases(f"The mayor said {phrase} the budget rose 4 percent.", published=day)
    assert found.date is None


def test_a_claim_of_an_article_from_year_1_exports_and_imports_again(db, tmp_path):
    """An article of year 1 (a typo; `--published` refuses it since, but an older version
    stored it) exports, and imports again with its date: a machine-read date is not refused
    for its year (as no article's date since leftovers34: kept in `extra` as given)."""
    from datetime import date

    from claims.models import Appearance, Article

    article = tmp_path / "a.txt"
    article.write_text("The mayor said last year the budget rose 4 percent.\n", encoding="utf-8")
    result = _run(db, "ingest", "--published", "0001-06-01", str(article))
    assert result.exit_code == 1 and "before 1800" in result.output, result.output
    with db.session() as s:
        stored = Article(text=article.read_text(), content_hash="y1" * 32, source="a.txt", published=date(1, 6, 1))
        s.add(stored)
        s.flush()
        claim = Claim(text="the budget rose 4 percent", claim_date="0001-06-01", date_precision="day")
        s.add(claim)
        s.flush()
        s.add(Appearance(claim_id=claim.id, article_id=stored.id, quote="the budget rose 4 percent", start=25, end=50))
    assert _run(db, "set-status", str(claim.id), "--status", "verified", "--verdict", "false").exit_code == 0
    exported = tmp_path / "e.csv"
    assert _run(db, "export", "-o", str(exported)).exit_code == 0
    other = tmp_path / "other.db"
    result = CliRunner().invoke(cli, ["import", str(exported), "--db", str(other)])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(cli, ["list", "--format", "jsonl", "--db", str(other)])
    assert json.loads(listed.output)["date"] == "0001-06-01"
    assert json.loads(listed.output)["first_date"] is None  # a day before 1800 is no article's date
    assert json.loads(listed.output)["extra"]["first_date"] == "0001-06-01"


LOOK_ALIKES = ["https://\u0430pple.com/", "https://xn--pple-43d.com/", "https://\u03bf\u03b4\u03bf\u03c3-abc.gr/",
               "https://xn--/", "https://xn--zz-.com/",
               # all Cyrillic (or Greek) letters that read as Latin, under a Latin top-level domain
               "https://\u0430\u0440\u0440\u04cf\u0435.com/", "https://xn--80ak6aa92e.com/",
               "https://www.\u03bf\u03ba.com/"]


@pytest.mark.parametrize("url", LOOK_ALIKES)
def test_a_host_that_reads_as_another_is_no_link(url):
    """'https://аpple.com/' (a Cyrillic а among Latin letters) shows as apple.com and goes
    elsewhere; it was stored and exported as a link, as was its punycode and 'xn--' of no name."""
    from claims.errors import ClaimsError
    from claims.links import check_url, safe_url

    with pytest.raises(ClaimsError, match="is not an http"):
        check_url(url, "url")
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["https://例え.テスト/", "https://bücher.example/", "https://xn--bcher-kva.example/",
                                 "https://한국어abc.kr/", "https://ΟΔΟΣ.gr/", "https://xn--mgbh0fb.xn--kgbechtv/",
                                 "https://москва.com/", "https://\u0430\u0440\u0440\u04cf\u0435.рф/"])
def test_a_host_of_one_script_or_of_scripts_written_together_stays_a_link(url):
    from claims.links import check_url

    assert check_url(url, "url") == url


def test_a_look_alike_host_is_refused_at_the_doors(db, tmp_path):
    source = _record_file(tmp_path, "u.jsonl", url=LOOK_ALIKES[0])
    result = _run(db, "import", source)
    assert result.exit_code == 1 and "url:" in result.output and "mixes Cyrillic and Latin" in result.output
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    result = _run(db, "ingest", "--url", LOOK_ALIKES[1], str(article))
    assert result.exit_code == 1 and "--url" in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_the_csv_export_keeps_where_the_fact_check_is_published(db, tmp_path):
    """`claims set-url` was left out of the CSV export, so its import came back without it."""
    source = _record_file(tmp_path, "a.jsonl", status="verified", verdict="false",
                          fact_check_url="https://desk.example/checks/bridge")
    assert _run(db, "import", source).exit_code == 0
    exported = tmp_path / "e.csv"
    assert _run(db, "export", "-o", str(exported)).exit_code == 0
    other = tmp_path / "other.db"
    result = CliRunner().invoke(cli, ["import", str(exported), "--db", str(other)])
    assert result.exit_code == 0, result.output
    back = CliRunner().invoke(cli, ["export", "--format", "claimreview", "--db", str(other)])
    (review,) = json.loads(back.stdout)
    assert review["url"] == "https://desk.example/checks/bridge"


ESC = "\x1b]0;pwned\x07\x1b[2J"  # retitle the terminal window, clear the screen


@pytest.mark.parametrize("field", ["text", "speaker", "outlet", "title", "note", "reviewer", "id"])
def test_an_import_field_holding_terminal_control_characters_is_a_bad_record(db, tmp_path, field):
    """They were stored and printed raw by `claims show`, `list`, `history` and `taken`: a
    terminal acted on them (a team shares what one imports)."""
    fields = {"status": "verified", "verdict": "false", field: f"Ana {ESC} Bo"}
    if field == "text":
        fields[field] = f"The bridge carries {ESC} 40,000 vehicles a day."
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "The bridge carries 40,000 vehicles a day.", **fields}) + "\n",
                    encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 1 and "control character U+001B" in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_typed_names_and_notes_holding_control_characters_are_refused(db, tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    for args in (["--outlet", f"Paper{ESC}"], ["--title", f"Bridge{ESC}"]):
        result = _run(db, "ingest", *args, str(article))
        assert result.exit_code == 1 and "control character U+001B" in result.output, (args, result.output)
    result = _run(db, "ingest", "--title", "T" * 1001, str(article))
    assert result.exit_code == 1 and "--title: 1,001 characters; at most 1,000" in result.output, result.output
    assert _run(db, "ingest", str(article)).exit_code == 0
    result = CliRunner().invoke(cli, ["--reviewer", f"bo{ESC}", "take", "1", "--db", db.url])
    assert result.exit_code == 1 and "--reviewer: holds the control character U+001B" in result.output
    result = _run(db, "set-status", "1", "--note", f"checked {ESC}")
    assert result.exit_code == 1 and "control character" in result.output, result.output
    monkeypatch.setenv("CLAIMS_REVIEWER", "bo\x9b31m")  # C1's one-byte CSI
    result = _run(db, "take", "1")
    assert result.exit_code == 1 and "control character U+009B" in result.output, result.output
    with db.session() as s:
        assert s.get(Claim, 1).verdict_note is None


def test_a_header_title_or_outlet_an_import_would_refuse_is_left_out_with_a_warning(db, tmp_path):
    """A header Title: of 1,500 characters was stored, and the ClaimReview export of its claims
    ('headline') then refused by the import (at most 1,000)."""
    article = tmp_path / "a.txt"
    article.write_text(f"Title: {'T' * 1500}\nOutlet: Paper{ESC}\n\n"
                       "The mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    result = _run(db, "ingest", str(article))
    assert result.exit_code == 0, result.output
    assert "its title is left out (1,500 characters; at most 1,000)" in result.output
    assert "its outlet is left out (holds the control character U+001B" in result.output
    from claims.models import Article, Outlet

    with db.session() as s:
        assert s.exec(select(Article.title)).one() == "The mayor said the bridge carries 40,000 vehicles a day."
        assert s.exec(select(Outlet)).first() is None


def test_a_transcript_or_article_keeps_no_control_characters(db, tmp_path):
    transcript = tmp_path / "t.txt"
    transcript.write_text(f"MAYOR{ESC}: The bridge carries 40,000 vehicles a day.\n"
                          "CHIEF: We hired \x9b31m300 officers in 2020.\n", encoding="utf-8")
    assert _run(db, "ingest", "--transcript", str(transcript)).exit_code == 0
    with db.session() as s:
        stored = [(c.speaker or "") + c.text for c in s.exec(select(Claim))]
    assert stored and not any(ch in "".join(stored) for ch in "\x1b\x07\x9b")


@pytest.mark.parametrize("since", ["0001-01-01", "0001-01-01T00:00+14:00", "9999-12-31T23:59:59-12:00"])
@pytest.mark.parametrize("command", ["report", "repeats", "history"])
def test_a_since_at_either_end_of_the_calendar_is_read(db, since, command):
    """'--since 0001-01-01' was a traceback ('year 0 is out of range': the local zone's offset
    moved it out of the calendar), and '0001-01-01T00:00+14:00' one in UTC. (A start still
    to come, as the last day of the calendar is, is refused in one line since pass 23.)"""
    result = _run(db, command, "--since", since)
    if since.startswith("9999"):
        assert result.exit_code == 1 and "still to come" in result.output, result.output
    else:
        assert result.exit_code == 0 and result.exception is None, result.output


LONG = "z" * 300  # a file name longer than a file system takes (255 bytes)


@pytest.mark.parametrize("args", [
    ("--db", f"{LONG}.db", "list"),
    ("--db", f"sqlite:///{LONG}.db", "list"),
    ("db", "backup", f"{LONG}.db"),
    ("db", "copy", "--to", f"{LONG}.db"),
    ("report", "-o", f"{LONG}.html"),
    ("import", f"{LONG}.csv"),
    ("ingest", f"{LONG}.txt"),
    ("ingest", "--transcript", f"{LONG}.txt"),
    ("extract", f"{LONG}.txt"),
    ("watch", "add", f"{LONG}.xml"),
    ("ingest", "--feed", f"{LONG}.xml"),
])
def test_a_file_name_too_long_for_the_file_system_is_one_line(db_path, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    if "--db" not in args:
        args = ("--db", str(db_path), *args)
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.output.strip().splitlines()[-1].endswith(": File name too long"), result.output
    assert not any(LONG[:200] in p.name for p in tmp_path.iterdir())


def test_a_settings_file_name_too_long_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_CONFIG", str(tmp_path / f"{LONG}.toml"))
    for args in (["config", "show"], ["config", "init"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and result.output.strip().endswith(": File name too long"), result.output


@pytest.mark.parametrize("args", [("--db", "loop1", "list"), ("db", "backup", "loop1")])
def test_a_loop_of_symbolic_links_is_named_as_one(db_path, tmp_path, monkeypatch, args):
    """'--db loop1' (loop1 -> loop2 -> loop1) was reported as '~user naming no user', and
    'db backup loop1' was a traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    if "--db" not in args:
        args = ("--db", str(db_path), *args)
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1 and "symbolic links lead round in a loop" in result.output, result.output


def test_a_report_since_long_ago_draws_no_column_for_each_empty_day(db, tmp_path):
    """'claims report --since 0001-01-01' drew a column for each of 739,000 days: an 86 MB
    page after 22 s on an empty desk."""
    import datetime as dt

    from claims.report.data import MAX_CHART_DAYS, build_report

    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    assert _run(db, "ingest", str(article)).exit_code == 0
    report = build_report(db, since=dt.datetime(1, 1, 1, tzinfo=dt.UTC))
    assert len(report.per_day) == 14 and report.per_day[-1][1] == 1
    assert MAX_CHART_DAYS <= 366
    out = tmp_path / "r.html"
    assert _run(db, "report", "--since", "0001-01-01", "-o", str(out)).exit_code == 0
    assert out.stat().st_size < 200_000


@pytest.mark.parametrize("review, kept", [
    ({"itemReviewed": [{"@type": "Claim", "author": {"name": "Ana"}}]}, {"speaker": "Ana"}),
    ({"itemReviewed": {"author": [{"name": "Ana"}, {"name": "Bo"}]}}, {"speaker": "Ana", "extra": "Bo"}),
    ({"author": [{"name": "Desk A"}, {"name": "Desk B"}]}, {"reviewer": "Desk A", "extra": "Desk B"}),
    ({"itemReviewed": {"firstAppearance": [{"url": "https://a.example/1"}]}}, {"url": "https://a.example/1"}),
    ({"itemReviewed": [{"author": {"name": "Ana"}}, {"author": {"name": "Bo"}}]}, {"extra": "Bo"}),
    ({"reviewRating": [{"alternateName": "False"}]}, {"extra": "alternateName"}),
], ids=["claim-in-a-list", "two-speakers", "two-reviewers", "first-appearance-list", "two-claims", "rating-list"])
def test_claimreview_values_given_as_lists_are_read_or_kept(db, tmp_path, review, kept):
    """A list where one object was expected was dropped without a word: the speaker of an
    itemReviewed given as a list of one Claim, the second author, a firstAppearance list."""
    from claims.models import Appearance, Article

    record = {"@type": "ClaimReview", "claimReviewed": "The bridge carries 40,000 vehicles a day",
              "url": "https://desk.example/check/1", **review}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = _run(db, "import", str(path), "--format", "claimreview")
    assert result.exit_code == 0, result.output
    with db.session() as s:
        claim = s.exec(select(Claim)).one()
        urls = s.exec(select(Article.url).join(Appearance, Appearance.article_id == Article.id)).all()
    for field, value in kept.items():
        if field == "extra":
            assert value in (claim.extra or ""), claim.extra
        elif field == "url":
            assert value in urls
        else:
            assert getattr(claim, field) == value


def test_a_date_read_a_year_ahead_from_9999_is_no_date_not_a_traceback(db, tmp_path):
    """'will meet on June 1' in an article of 9999-12-20 is read a year ahead: year 10000 was a
    ValueError out of the article reader (ingest, extract and resolve-date tracebacks)."""
    import datetime as dt

    from claims.dates import find_time_phrases

    (found,) = find_time_phrases("The council will meet on June 1 to vote.", published=dt.date(9999, 12, 20))
    assert found.date is None
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the council will meet on June 1 to vote on 4 percent.\n", encoding="utf-8")
    result = _run(db, "ingest", "--published", "9999-12-20", "--allow-future", str(article))
    assert result.exit_code == 0 and result.exception is None, result.output


def test_a_report_written_through_a_symbolic_link_keeps_the_link(db, tmp_path):
    """'claims report -o link.html' replaced the link with a file; it writes the file the link
    points to, whole (hostile pass 5)."""
    target, link = tmp_path / "reports" / "week.html", tmp_path / "link.html"
    target.parent.mkdir()
    link.symlink_to(target)
    result = _run(db, "report", "--format", "html", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8").lstrip().startswith("<!")


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_a_reviewer_name_holding_a_direction_control_is_refused(db, tmp_path, monkeypatch, control):
    """A direction override in a reviewer's name reorders the audit log's line after it as
    shown ('ana\u202eevil' reads 'anaḷive'); typed, from $CLAIMS_REVIEWER or imported, it is
    refused in one line (hostile pass 5, left over). Right-to-left names need no such mark."""
    name = f"ana{control}lin"
    result = _run(db, "import", _record_file(tmp_path, reviewer=name))
    assert result.exit_code == 1 and "reviewer holds the direction control" in result.output
    result = _run(db, "--reviewer", name, "set-status", "1", "--status", "in_review")
    assert result.exit_code == 1 and "--reviewer: holds the direction control" in result.output
    assert _run(db, "import", _record_file(tmp_path, "ok.jsonl", reviewer="سارة")).exit_code == 0
    monkeypatch.setenv("CLAIMS_REVIEWER", name)
    result = _run(db, "set-status", "1", "--status", "in_review")
    assert result.exit_code == 1 and "$CLAIMS_REVIEWER: holds the direction control" in result.output
    assert "Traceback" not in result.output


def test_a_page_template_is_not_read_as_article_text():
    """What a page keeps in <template> is never shown as it stands; it was extracted and
    stored (as not_a_claim; hostile pass 5, left over)."""
    from claims.web.html import extract_page

    body = " ".join(f"<p>The council met on Monday to discuss item {i} of the harbour budget.</p>" for i in range(8))
    page = (f"<html><head><title>Harbour budget</title></head><body><article>{body}"
            "<template><p>The mayor said the secret fund holds 90 million dollars.</p></template>"
            "</article></body></html>")
    content = extract_page(page, source="page.html")
    assert "harbour budget" in content.text and "secret fund" not in content.text


def test_terminal_controls_an_older_version_stored_are_shown_not_run(db, tmp_path):
    """Rows stored before control characters were refused still print: shown as symbols (␛),
    never sent to the terminal as they are (show, list, search tables)."""
    assert _run(db, "import", _record_file(tmp_path)).exit_code == 0
    with db.session() as s:
        claim = s.exec(select(Claim)).one()
        claim.text = "The bridge \x1b]0;pwned\x07 carries 40,000 vehicles a day."
        claim.speaker = "Ana\x1b[31m"
    for args in (["show", "1"], ["list"], ["search", "bridge vehicles"]):
        result = _run(db, *args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "\u241b" in result.output, args  # ␛
