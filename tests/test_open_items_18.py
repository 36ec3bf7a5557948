"""The open items of issue 15 (hardening) the last session noticed but left, each with the case
that failed before its fix, through the real CLI on both backends where storage is involved:

- `claims compare`: `1 000` grouped by a no-break, narrow no-break or thin space was three
  numbers against `1000` (a conflict); `10⁶` was `106` and `2²` was `22` (duplicates); `1e6`
  and `2e6` were words (a duplicate); `5‰` was a bare 5 (a duplicate of `5%`). Digits grouped
  by those spaces are one number, a superscript after a number is its power, `1e6` is a
  million, and `‰` is a unit of its own;
- `US$40m` and `A$40m` (C$, NZ$, HK$, S$) were the same dollars: each country's dollars are a
  currency, and a bare `$` names none (it agrees with any dollars);
- a vertical tab, form feed, NEL or U+2028 inside an article header's value ended the line
  there: the block was no header, its lines stored as the article's first paragraph; the
  header's lines end at a line feed, the value folded to one line;
- an import's `reviewed_at` was read by Python's ISO reader (`2024-W15-1`, `20240414T0930`
  stored; `0001-01-01T00:00+14:00` a traceback): the one date reader reads it now;
- `db backup x.db/` wrote `x.db` (so did `export -o`, `db copy --to`, `--db`): refused;
- two imports at once sharing ids: the later said "another change stored one of these ids
  meanwhile" where, run after the first, it names the id: the ids are checked again under the
  lock that serialises imports, and named as then.
"""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.errors import ClaimsError
from claims.models import Article, Outlet
from tests.hostile import one_line_error, run, stored_claims
from tui.entry import cli


def _ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def _compared(a: str, b: str) -> dict:
    return json.loads(_ok(CliRunner().invoke(cli, ["compare", "--format", "jsonl", "--", a, b])))


# --- 1. numbers written with spaces, superscripts, exponents and per mille -------------------------

HEAD = "The ministry said on Monday that the new programme will create"
TAIL = "jobs in the northern region next year"
RATE = "Official figures show that unemployment in the northern region rose by {} over the year"


@pytest.mark.parametrize(("a", "b", "decision"), [
    # digits grouped by a no-break, narrow no-break or thin space are one number
    (f"{HEAD} 1\u00a0000 {TAIL}", f"{HEAD} 1000 {TAIL}", "duplicate"),
    (f"{HEAD} 1\u202f000 {TAIL}", f"{HEAD} 1000 {TAIL}", "duplicate"),
    (f"{HEAD} 1\u2009000 {TAIL}", f"{HEAD} 1,000 {TAIL}", "duplicate"),
    (f"{HEAD} 12\u00a0500\u00a0000 {TAIL}", f"{HEAD} 12.5 million {TAIL}", "duplicate"),
    (f"{HEAD} 1\u00a0500 {TAIL}", f"{HEAD} 2500 {TAIL}", "conflict"),
    # a superscript after a number is its power, not digits glued on
    (f"{HEAD} 10⁶ {TAIL}", f"{HEAD} 106 {TAIL}", "conflict"),
    (f"{HEAD} 2² {TAIL}", f"{HEAD} 22 {TAIL}", "conflict"),
    (f"{HEAD} 10⁶ {TAIL}", f"{HEAD} 1 million {TAIL}", "duplicate"),
    (f"{HEAD} 2² {TAIL}", f"{HEAD} 4 {TAIL}", "duplicate"),
    # a number in exponent notation
    (f"{HEAD} 1e6 {TAIL}", f"{HEAD} 2e6 {TAIL}", "conflict"),
    (f"{HEAD} 1.5E6 {TAIL}", f"{HEAD} 2.5e6 {TAIL}", "conflict"),
    (f"{HEAD} 1e6 {TAIL}", f"{HEAD} 1 million {TAIL}", "duplicate"),
    # per mille is not per cent
    (RATE.format("5‰"), RATE.format("5%"), "conflict"),
    (RATE.format("5‰"), RATE.format("5 per mille"), "duplicate"),
    (RATE.format("5‱"), RATE.format("5 basis points"), "duplicate"),
    (RATE.format("5‱"), RATE.format("5%"), "conflict"),
])
def test_numbers_written_every_way_are_read_as_meant(a, b, decision):
    assert _compared(a, b)["decision"] == decision


# --- 2. dollars of different countries -------------------------------------------------------------

DEAL = "The government spent {} on the new national stadium project last year"


@pytest.mark.parametrize("other", ["A$40m", "C$40m", "NZ$40m", "HK$40m", "S$40m", "AUD 40m",
                                   "40 million Australian dollars", "40 million Hong Kong dollars"])
def test_dollars_of_another_country_are_another_currency(other):
    result = _compared(DEAL.format("US$40m"), DEAL.format(other))
    assert result["decision"] == "conflict", result
    assert _compared(DEAL.format(other), DEAL.format("€40m"))["decision"] == "conflict"


@pytest.mark.parametrize(("a", "b"), [
    ("US$40m", "$40m"), ("A$40m", "$40m"), ("US$40m", "40 million dollars"), ("NZ$40m", "40 million dollars"),
    ("US$40m", "USD 40m"), ("A$40m", "40 million Australian dollars"), ("US$40m", "40 million US dollars"),
    ("C$40m", "CAD 40m"), ("HK$40m", "40 million Hong Kong dollars"),
    # a word before a bare dollar sign is no country: "a $40m" is dollars
    ("a $40m", "US$40m"),
])
def test_a_bare_dollar_agrees_with_any_dollars(a, b):
    assert _compared(DEAL.format(a), DEAL.format(b))["decision"] in ("duplicate", "suggested")


# --- 3. a header value holding a vertical tab or a form feed ------------------------------------------

BODY = "The city spent 40 million euros on the new bridge last year, the mayor said on Monday.\n"


@pytest.mark.parametrize("space", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_a_header_value_is_one_line_whatever_space_it_holds(db, tmp_path, space):
    path = tmp_path / "a.txt"
    path.write_text(f"Title: Budget{space}vote passes\nOutlet: North{space}News\nAuthor: Ana{space}Lind\n"
                    f"Published: 2024-03-01\n\n" + BODY, encoding="utf-8")
    _ok(run(db, "ingest", str(path)))
    with db.session() as s:
        articles = [(a.title, a.author, a.outlet_id and s.get(Outlet, a.outlet_id).name, str(a.published))
                    for a in s.exec(select(Article))]
    assert articles == [("Budget vote passes", "Ana Lind", "North News", "2024-03-01")]
    assert [c.text for c in stored_claims(db)] == ["The city spent 40 million euros on the new bridge last year"]


# --- 4. an import's reviewed_at is read by the one date reader ---------------------------------------


def _reviewed(db, tmp_path, given: str):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": CLAIM, "verdict": "false", "reviewer": "ana",
                                "reviewed_at": given}) + "\n", encoding="utf-8")
    return run(db, "import", str(path))


CLAIM = "The city spent 40 million euros on the new bridge last year"


@pytest.mark.parametrize(("given", "why"), [
    # Python's ISO reader took these, which no other date field reads
    ("2024-W15-1", "is not a date"), ("20240414", "is not a date"), ("20240414T0930", "is not a date"),
    ("2024-04-14T09", "is not a date"),
    # a month or a year is no moment of a review, as before
    ("2024-04", "not a day"), ("2024-02-30T10:00", "no such day"), ("2024-04-14T25:00", "not a time of day"),
    ("yesterday", "is not a date"),
    # its UTC time is before the calendar: a traceback on storing it
    ("0001-01-01T00:00+14:00", "out of range"),
])
def test_reviewed_at_is_read_as_every_date_is(db, tmp_path, given, why):
    one_line_error(_reviewed(db, tmp_path, given), "line 1", "reviewed_at", repr(given), why)
    assert stored_claims(db) == []


def _stored_review(db) -> str:
    [claim] = stored_claims(db)
    stamp = claim.reviewed_at
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


@pytest.mark.parametrize(("given", "stored"), [
    ("2024-04-14T09:30:00Z", "2024-04-14T09:30:00+00:00"),
    ("2024-04-14 09:30:00 +0100", "2024-04-14T08:30:00+00:00"),
    ("2024-04-14T09:30:00.5+05:30", "2024-04-14T04:00:00.500000+00:00"),
    ("2024-04-14", "2024-04-14T00:00:00+00:00"),
    ("14 April 2024", "2024-04-14T00:00:00+00:00"),  # as the claim's own date reads it
])
def test_reviewed_at_keeps_what_the_date_reader_reads(db, tmp_path, given, stored):
    _ok(_reviewed(db, tmp_path, given))
    assert _stored_review(db) == stored


# --- 5. a file named with a trailing separator ---------------------------------------------------------


@pytest.mark.parametrize("command", [["db", "backup"], ["export", "-o"], ["db", "copy", "--to"]])
def test_a_file_named_as_a_folder_is_refused(db, tmp_path, command):
    _ok(run(db, "import", _jsonl_claim(tmp_path)))
    target = tmp_path / "out"
    target.mkdir()
    for given in (f"{target}/x.db/", f"{target}/x.db//"):
        one_line_error(run(db, *command, given), given, "a folder")
    assert sorted(p.name for p in target.iterdir()) == []  # nothing written, under either name


@pytest.mark.sqlite_only
def test_a_desk_named_as_a_folder_is_refused(tmp_path):
    given = f"{tmp_path}/desk.db/"
    done = CliRunner().invoke(cli, ["--db", given, "db", "init"])
    one_line_error(done, repr(given), "a folder")
    assert list(tmp_path.iterdir()) == []


def test_backup_to_a_folder_is_refused(db, tmp_path):
    (tmp_path / "d.db").mkdir()
    done = run(db, "db", "backup", str(tmp_path / "d.db"))  # as before: click's usage error
    assert done.exit_code == 2 and "Traceback" not in done.output, done.output
    assert len(done.output.strip().splitlines()) == 1 and "is a directory" in done.output
    assert list((tmp_path / "d.db").iterdir()) == []


def _jsonl_claim(tmp_path) -> str:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "b1", "text": CLAIM}) + "\n", encoding="utf-8")
    return str(path)


# --- 6. two imports at once sharing ids -------------------------------------------------------------------


def _records(tmp_path, name: str, ids: list[str]) -> str:
    path = tmp_path / name
    path.write_text("".join(json.dumps({"id": i, "text": f"The port handled {n + 3} million tonnes of "
                                        f"grain in the year {1990 + n}, the harbour office said"}) + "\n"
                            for n, i in enumerate(ids)), encoding="utf-8")
    return str(path)


def _import_while_checked(db, monkeypatch, late: str, first: str, **options):
    """`late` imported in a thread that stops right after its id check, while `first` is
    imported whole (through the CLI) and committed: what the late import then raises, or
    its report."""
    import threading

    from claims.services import importer

    checked, go = threading.Event(), threading.Event()
    real = importer._already_stored

    def check_then_wait(*args, **kwargs):
        found = real(*args, **kwargs)
        if threading.current_thread().name == "late":
            checked.set()
            assert go.wait(timeout=300), "the first import did not finish"
        return found

    monkeypatch.setattr(importer, "_already_stored", check_then_wait)
    outcome: list = []

    def late_import():
        try:
            outcome.append(importer.import_source(db, late, **options))
        except Exception as exc:  # noqa: BLE001 - what it raised is the outcome
            outcome.append(exc)

    thread = threading.Thread(target=late_import, name="late")
    thread.start()
    try:
        assert checked.wait(timeout=300), "the late import did not reach its id check"
        _ok(run(db, "import", first))
    finally:
        go.set()
        thread.join(timeout=300)
    assert not thread.is_alive()
    return outcome[0]


def test_an_import_racing_another_names_the_shared_id(db, tmp_path, monkeypatch):
    first = _records(tmp_path, "a.jsonl", ["a1", "s1", "a2"])
    late = _records(tmp_path, "b.jsonl", ["b1", "b2", "s1", "b3"])
    raised = _import_while_checked(db, monkeypatch, late, first)
    assert isinstance(raised, ClaimsError), raised
    assert sorted(c.external_id for c in stored_claims(db)) == ["a1", "a2", "s1"]  # the late one stored nothing
    stored_as = next(c.id for c in stored_claims(db) if c.external_id == "s1")
    said = f"duplicate id 's1': already stored as claim {stored_as}"
    assert "line 3: " + said in str(raised), raised
    # what the same import says run after the first, word for word
    assert str(raised) == one_line_error(run(db, "import", late), said).removeprefix("claims: error: ")


def test_an_import_racing_another_skips_the_shared_id_when_told(db, tmp_path, monkeypatch):
    first = _records(tmp_path, "a.jsonl", ["a1", "s1", "a2"])
    late = _records(tmp_path, "b.jsonl", ["b1", "b2", "s1", "b3"])
    report = _import_while_checked(db, monkeypatch, late, first, skip_bad=True)
    assert not isinstance(report, Exception), report
    assert report.imported == 3 and [str(b) for b in report.bad] == [
        f"line 3: duplicate id 's1': already stored as claim "
        f"{next(c.id for c in stored_claims(db) if c.external_id == 's1')}"]
    assert sorted(c.external_id for c in stored_claims(db)) == ["a1", "a2", "b1", "b2", "b3", "s1"]
