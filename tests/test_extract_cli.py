"""`claims resolve-date`, `claims set-article`, transcripts and --min-score, through the CLI."""

from __future__ import annotations

import json

from sqlmodel import select

from claims.models import Appearance, Article, Claim, Event
from db import Database
from tui.entry import cli

TRANSCRIPT = """HOLT: Good evening from Hofstra University.
CLINTON: We have created 15 million jobs since the recession. Thank you.
That is more than any other country.
TRUMP: Our jobs are fleeing the country. Thank you.
"""

ARTICLE = """Officials count the cost of the flood

Mayor Ana Ruiz said on Sunday that the flood destroyed 340 homes in the valley.

"We will rebuild every one of them by next spring," Ruiz told reporters.

In 2019, the river authority said the levee had passed its inspection.
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- resolve-date ----------------------------------------------------------------------


def test_resolve_date_json(runner):
    text = "He said late Saturday that talks began last week."
    result = runner.invoke(cli, ["resolve-date", text, "--published", "2024-04-14"])
    assert result.exit_code == 0, result.output
    phrases = json.loads(result.stdout)
    assert [(p["text"], p["date"], p["precision"]) for p in phrases] == [
        ("late Saturday", "2024-04-13", "day"),
        ("last week", "2024-04-07", "week"),
    ]
    for p in phrases:
        assert text[p["start"] : p["end"]] == p["text"]


def test_resolve_date_without_published_keeps_relative_phrases_unresolved(runner):
    result = runner.invoke(cli, ["resolve-date", "On Sunday, in 2019", "--format", "json"])
    assert result.exit_code == 0
    got = {p["text"]: p["date"] for p in json.loads(result.stdout)}
    assert got == {"On Sunday": None, "in 2019": "2019"}


def test_resolve_date_none_found_is_an_empty_list(runner):
    result = runner.invoke(cli, ["resolve-date", "We may march on.", "--published", "2024-04-14"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_resolve_date_table(runner):
    result = runner.invoke(cli, ["resolve-date", "It happened yesterday.", "--published", "2024-04-14",
                                 "--format", "table"])
    assert result.exit_code == 0
    assert "yesterday" in result.stdout and "2024-04-13" in result.stdout


def test_resolve_date_bad_published_is_one_line(runner):
    result = runner.invoke(cli, ["resolve-date", "Sunday", "--published", "not a date"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "--published" in result.stderr


# --- extract --transcript / --min-score ---------------------------------------------------


def test_extract_transcript_every_sentence_with_its_speaker(runner, tmp_path):
    path = _write(tmp_path, "debate.txt", TRANSCRIPT)
    result = runner.invoke(cli, ["extract", "--transcript", path, "--published", "2016-09-26"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["speaker"], r["text"]) for r in records] == [
        ("Holt", "Good evening from Hofstra University."),
        ("Clinton", "We have created 15 million jobs since the recession."),
        ("Clinton", "Thank you."),
        ("Clinton", "That is more than any other country."),
        ("Trump", "Our jobs are fleeing the country."),
        ("Trump", "Thank you."),
    ]
    for r in records:
        assert TRANSCRIPT[r["start"] : r["end"]] == r["quote"]
        assert r["date"] == "2016-09-26" and 0 <= r["checkworthiness"] <= 1


def test_extract_transcript_min_score(runner, tmp_path):
    path = _write(tmp_path, "debate.txt", TRANSCRIPT)
    result = runner.invoke(cli, ["extract", "--transcript", path, "--min-score", "0.8"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == ["We have created 15 million jobs since the recession."]
    assert all(r["checkworthiness"] >= 0.8 for r in records)


def test_extract_article_min_score(runner, tmp_path):
    path = _write(tmp_path, "flood.txt", ARTICLE)
    every = runner.invoke(cli, ["extract", path, "--format", "json"])
    assert every.exit_code == 0
    scores = [r["checkworthiness"] for r in json.loads(every.stdout)]
    assert len(set(scores)) > 1
    cut = max(scores)
    some = runner.invoke(cli, ["extract", path, "--format", "json", "--min-score", str(cut)])
    assert some.exit_code == 0
    kept = json.loads(some.stdout)
    assert len(kept) == sum(s >= cut for s in scores) and 0 < len(kept) < len(scores)


def test_extract_needs_one_input(runner, tmp_path):
    path = _write(tmp_path, "debate.txt", TRANSCRIPT)
    neither = runner.invoke(cli, ["extract"])
    both = runner.invoke(cli, ["extract", path, "--transcript", path])
    assert neither.exit_code == both.exit_code == 2
    bad = runner.invoke(cli, ["extract", "--transcript", path, "--min-score", "2"])
    assert bad.exit_code == 2


# --- ingest --transcript ----------------------------------------------------------------


def test_ingest_transcript_stores_each_sentence_with_its_speaker(invoke, tmp_path, db_path):
    path = _write(tmp_path, "debate.txt", TRANSCRIPT)
    result = invoke("ingest", "--transcript", path, "--published", "2016-09-26", "--outlet", "NBC")
    assert result.exit_code == 0, result.stderr
    assert "ingested 1 article: 6 claims, 6 appearances" in result.stderr
    db = Database(str(db_path))
    try:
        with db.session() as session:
            (article,) = session.exec(select(Article)).all()
            assert article.text == TRANSCRIPT  # stored as read: offsets index it
            apps = session.exec(select(Appearance).order_by(Appearance.start)).all()
            assert len(apps) == 6
            for app in apps:
                assert article.text[app.start : app.end] == app.quote
                assert app.date_resolved == "2016-09-26" and app.date_is_reporting
            claims = {(c.speaker, c.text) for c in session.exec(select(Claim))}
    finally:
        db.close()
    # the same words from two speakers are two claims
    assert ("Clinton", "Thank you.") in claims and ("Trump", "Thank you.") in claims
    again = invoke("ingest", "--transcript", path)
    assert again.exit_code == 0 and "already ingested" in again.stderr


def test_ingest_transcript_min_score_and_articles_together(invoke, tmp_path):
    debate = _write(tmp_path, "debate.txt", TRANSCRIPT)
    article = _write(tmp_path, "flood.txt", ARTICLE)
    result = invoke("ingest", article, "--transcript", debate, "--min-score", "0.2",
                    "--published", "2024-04-14")
    assert result.exit_code == 0, result.stderr
    assert "ingested 2 articles" in result.stderr
    listed = json.loads(invoke("list", "--format", "json").stdout)
    assert listed and all(r["checkworthiness"] >= 0.2 for r in listed)
    assert any(r["speaker"] == "Clinton" for r in listed)


# --- set-article --------------------------------------------------------------------------


def _claim_dates(db_path):
    db = Database(str(db_path))
    try:
        with db.session() as session:
            apps = {a.quote: (a.date_text, a.date_resolved, a.date_precision, a.date_is_reporting)
                    for a in session.exec(select(Appearance))}
            claims = {c.text: (c.claim_date, c.date_precision, c.date_text, c.version)
                      for c in session.exec(select(Claim))}
            events = [(e.action, e.field, e.old, e.new, e.reviewer) for e in session.exec(select(Event))]
            published = session.exec(select(Article.published)).one()
    finally:
        db.close()
    return apps, claims, events, published


def test_set_article_resolves_kept_phrases(invoke, tmp_path, db_path):
    path = _write(tmp_path, "flood.txt", ARTICLE)
    assert invoke("ingest", path).exit_code == 0
    apps, claims, _, published = _claim_dates(db_path)
    assert published is None
    sunday = next(k for k in claims if "340 homes" in k)
    assert claims[sunday][:3] == (None, None, "on Sunday")  # the phrase kept, unresolved

    result = invoke("set-article", "1", "--published", "14 April 2024", "--reviewer", "ana")
    assert result.exit_code == 0, result.stderr
    assert "article 1: published 2024-04-14" in result.stdout
    apps, claims, events, published = _claim_dates(db_path)
    assert published.isoformat() == "2024-04-14"
    assert claims[sunday][:3] == ("2024-04-14", "day", "on Sunday")
    assert claims[sunday][3] == 2  # one version step for the change
    levee = next(k for k in claims if "levee" in k)
    assert claims[levee][:3] == ("2019", "year", "In 2019")  # resolved without a date, unchanged
    rebuild = next(k for k in claims if "rebuild" in k)
    assert claims[rebuild][:3] == ("2024-04-14", "day", None)  # now the reporting date
    assert any(a == ("on Sunday", "2024-04-14", "day", False) for a in apps.values())
    assert any(a == (None, "2024-04-14", "day", True) for a in apps.values())
    assert ("set-article", "claim_date", None, "2024-04-14", "ana") in events

    # a new date moves the relative phrases with it
    assert invoke("set-article", "1", "--published", "2024-04-20").exit_code == 0
    _, claims, _, _ = _claim_dates(db_path)
    assert claims[sunday][:3] == ("2024-04-14", "day", "on Sunday")  # Sunday before Sat 20th
    assert claims[rebuild][:3] == ("2024-04-20", "day", None)
    assert invoke("set-article", "1", "--published", "2024-04-23").exit_code == 0
    _, claims, _, _ = _claim_dates(db_path)
    assert claims[sunday][:3] == ("2024-04-21", "day", "on Sunday")


def test_set_article_leaves_a_hand_dated_claim(invoke, tmp_path, db_path):
    path = _write(tmp_path, "flood.txt", ARTICLE)
    assert invoke("ingest", path, "--published", "2024-04-14").exit_code == 0
    db = Database(str(db_path))
    try:
        with db.session() as session:
            claim = next(c for c in session.exec(select(Claim)) if "340 homes" in c.text)
            claim.claim_date, claim.date_precision, claim.date_text = "2024-04-01", "day", None
            session.add(claim)
    finally:
        db.close()
    assert invoke("set-article", "1", "--published", "2024-04-23").exit_code == 0
    _, claims, _, _ = _claim_dates(db_path)
    sunday = next(k for k in claims if "340 homes" in k)
    assert claims[sunday][:3] == ("2024-04-01", "day", None)


def test_set_article_errors(invoke, tmp_path):
    missing = invoke("set-article", "7", "--published", "2024-04-14")
    assert missing.exit_code == 1 and "article 7" in missing.stderr
    path = _write(tmp_path, "flood.txt", ARTICLE)
    assert invoke("ingest", path).exit_code == 0
    bad = invoke("set-article", "1", "--published", "soon-ish")
    assert bad.exit_code == 1 and bad.stderr.strip().count("\n") == 0
