"""The small open items of issue 15 (hardening) left by the last session, each with the case
that failed before its fix, through the real CLI on both backends where the code differs:

- a ClaimReview export of a claim seen in three outlets came back from `claims import` seen in
  one (the other two kept as bare URLs in `extra`), and the next export wrote no `appearance`;
- "N duplicate(s) merged" (import, ingest, `dupes --rebuild`) counted the pairs matching
  confirmed (20 identical claims: 85), not the claims merged into another (19);
- `watch add --reviewer` said the reviewer is "recorded in the audit log", but neither
  `watch add` nor `watch remove` wrote an event (and `watch remove` took no reviewer);
- `db copy --to X`, X a hard link of the desk, opened the desk under a second name: a 0-byte
  `X-wal` was left beside it (SQLite names the log after the path), after which `db backup
  --overwrite` onto X refused; the desk itself under any name is refused before anything opens it;
- a store whose canonical ids form a cycle (set by SQL): `show` pointed only to `db check`, whose
  line said no more than the cycle, and on PostgreSQL `claims unmerge 1`, which repairs it,
  failed ("a cycle of merged claims: run `claims db check`"); a cycle of three was also listed
  as three chains to "unmerge and merge again";
- a PostgreSQL URL's `?options=-csearch_path%3Dother` (or `-c search_path=...`, `--search-path=...`)
  put the desk's tables in another schema of the same database.
"""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import text
from sqlmodel import select

from claims.models import Appearance, Article, Outlet
from tests.conftest import SAMPLES, run_claims
from tests.hostile import one_line_error, run

CLAIM = "The city spent 40 million euros on the new bridge last year"


def _ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def _sql(db, *statements: str) -> list:
    with db.engine.begin() as conn:
        return [conn.execute(text(s)).all() if s.lstrip().upper().startswith("SELECT") else conn.execute(text(s))
                for s in statements]


def _other_desk(db, tmp_path, fresh_pg_url, tag: str) -> str:
    """A second, empty desk on the test desk's backend."""
    return fresh_pg_url(tag) if db.is_postgresql else str(tmp_path / f"{tag}.db")


class _Desk:  # `tests.hostile.run` on a desk given by its URL
    def __init__(self, url: str) -> None:
        self.url = url


# --- 1. a ClaimReview round trip keeps every appearance ---------------------------------------------

SEEN = [("https://a.example/one", "Alpha News", "Bridge costs", "2024-03-02"),
        ("https://b.example/two", "Beta Post", "Mayor on bridge", "2024-03-05"),
        ("https://c.example/three", "Gamma Daily", "Bridge again", "2024-03-09")]


def _three_outlets(tmp_path) -> str:
    """One claim in three outlets, as three records merged into one claim (the first checked)."""
    lines = []
    for n, (url, outlet, title, day) in enumerate(SEEN, start=1):
        record = {"id": f"c{n}", "text": CLAIM, "speaker": "Mayor Ana", "url": url, "outlet": outlet,
                  "title": title, "first_date": day}
        if n == 1:
            record |= {"date": "2024-03-01", "verdict": "false", "fact_check_url": "https://desk.example/check/1"}
        lines.append(json.dumps(record))
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _works(review: dict) -> list[tuple]:
    item = review["itemReviewed"]
    works = [item["firstAppearance"], *item.get("appearance", [])]
    return [(w.get("url"), w.get("publisher", {}).get("name"), w.get("headline"), w.get("datePublished"))
            for w in works]


def _appearances(url: str) -> list[tuple]:
    from db import Database

    desk = Database(url)
    try:
        with desk.session() as s:
            rows = s.exec(select(Article.url, Outlet.name, Article.title, Article.published)
                          .join(Appearance, Appearance.article_id == Article.id)
                          .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
                          .order_by(Article.id)).all()
    finally:
        desk.close()
    return [(u, o, t, p.isoformat() if p else None) for u, o, t, p in rows]


def test_a_claimreview_round_trip_keeps_every_appearance(db, tmp_path, fresh_pg_url):
    _ok(run(db, "import", _three_outlets(tmp_path)))
    first = tmp_path / "first.json"
    _ok(run(db, "export", "--format", "claimreview", "-o", str(first)))
    exported = json.loads(first.read_text(encoding="utf-8"))
    assert len(exported) == 1 and _works(exported[0]) == SEEN  # (held before)

    other = _Desk(_other_desk(db, tmp_path, fresh_pg_url, "again"))
    out = _ok(run(other, "import", str(first), "--format", "claimreview"))
    assert "kept fields" not in out, out  # nothing left over in extra
    # each appearance a real one of the claim: its outlet, headline and date, not only its URL
    assert _appearances(other.url) == SEEN
    assert "3 appearance(s)" in _ok(run(other, "show", "1"))
    second = tmp_path / "second.json"
    _ok(run(other, "export", "--format", "claimreview", "-o", str(second)))
    assert json.loads(second.read_text(encoding="utf-8")) == exported
    # and undoing that import removes the articles and outlets it made for them
    assert "3 articles, 3 outlets" in _ok(run(other, "undo"))


def test_other_appearances_an_earlier_import_kept_as_urls_are_written_out(db, tmp_path):
    """A desk whose import (before this fix) kept the other appearances' URLs in `extra`."""
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://desk.example/check/1",
              "claimReviewed": CLAIM, "reviewRating": {"@type": "Rating", "alternateName": "False"},
              "itemReviewed": {"@type": "Claim", "firstAppearance": {"@type": "CreativeWork",
                                                                     "url": SEEN[0][0]}}}
    path = tmp_path / "one.json"
    path.write_text(json.dumps([review]), encoding="utf-8")
    _ok(run(db, "import", str(path), "--format", "claimreview"))
    kept = json.dumps({"appearance_urls": [SEEN[1][0], "javascript:alert(1)", SEEN[2][0]]})
    _sql(db, f"UPDATE claim SET extra = '{kept}' WHERE id = 1")
    out = tmp_path / "out.json"
    _ok(run(db, "export", "--format", "claimreview", "-o", str(out)))
    item = json.loads(out.read_text(encoding="utf-8"))[0]["itemReviewed"]
    assert [w["url"] for w in item["appearance"]] == [SEEN[1][0], SEEN[2][0]]  # http(s) only


def _review_seen_also(tmp_path, appearance: dict) -> str:
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://desk.example/check/1",
              "claimReviewed": CLAIM, "reviewRating": {"@type": "Rating", "alternateName": "False"},
              "itemReviewed": {"@type": "Claim", "firstAppearance": {"url": SEEN[0][0]},
                               "appearance": [appearance]}}
    path = tmp_path / "review.json"
    path.write_text(json.dumps([review]), encoding="utf-8")
    return str(path)


def test_an_other_appearance_of_a_month_is_stored_its_date_kept_as_given(db, tmp_path):
    _ok(run(db, "import", _review_seen_also(tmp_path, {"url": SEEN[1][0], "datePublished": "2024-03"}),
            "--format", "claimreview"))
    assert [a[0] for a in _appearances(db.url)] == [SEEN[0][0], SEEN[1][0]]
    extra = json.loads(_sql(db, "SELECT extra FROM claim")[0][0][0])
    assert extra == {"other_appearance_dates": [{"url": SEEN[1][0], "first_date": "2024-03"}]}


@pytest.mark.parametrize(("field", "given", "problem"), [
    ("datePublished", "2999-01-01", "is in the future"),
    ("datePublished", "2024-02-30", ""),
    ("datePublished", "N/A", ""),
    ("url", "https://a.example/" + "x" * 5000, "http(s) URL"),
    ("url", 12, ""),
    ("url", "data:text/html,hi", "http(s) URL"),
])
def test_an_other_appearances_field_that_fails_its_check_is_left_out_and_said(db, tmp_path, field, given, problem):
    """Review of pass 18: another organisation's markup with a date to come (or none at all) in
    an other appearance cost the whole claim, where the version before imported it; a URL that
    failed for another reason than its scheme (5,000 characters, a number) was dropped unsaid."""
    appearance = {"url": SEEN[1][0], "publisher": {"name": "Beta Post"}, "datePublished": "2024-03-05"}
    appearance[field] = given
    out = _ok(run(db, "import", _review_seen_also(tmp_path, appearance), "--format", "claimreview"))
    assert "imported 1 claim" in out and "other_appearances_left_out (1)" in out, out
    left = json.loads(_sql(db, "SELECT extra FROM claim")[0][0][0])["other_appearances_left_out"]
    name = {"datePublished": "first_date", "url": "url"}[field]
    assert [(x["appearance"], x["field"], x["value"]) for x in left] == [(1, name, str(given)[:200])]
    assert problem in left[0]["problem"]
    stored = _appearances(db.url)
    assert len(stored) == 2 and stored[1][1] == "Beta Post"  # the appearance kept, without that field


def test_a_csv_cell_of_bare_urls_is_other_appearances(db, tmp_path):
    path = tmp_path / "seen.csv"
    path.write_text(f'id,text,url,other_appearances\nc1,"{CLAIM}",{SEEN[0][0]},"{SEEN[1][0]} {SEEN[2][0]}"\n',
                    encoding="utf-8")
    _ok(run(db, "import", str(path)))
    assert [a[0] for a in _appearances(db.url)] == [SEEN[0][0], SEEN[1][0], SEEN[2][0]]


# --- 2. "N duplicate(s) merged" counts claims, not pairs ---------------------------------------------


def test_the_duplicates_merged_are_claims_not_pairs(db, tmp_path):
    path = tmp_path / "twenty.jsonl"
    path.write_text("".join(json.dumps({"text": CLAIM}) + "\n" for _ in range(20)), encoding="utf-8")
    out = _ok(run(db, "import", str(path)))
    pairs = _sql(db, "SELECT COUNT(*) FROM \"match\" WHERE state = 'confirmed'")[0][0][0]
    assert pairs > 19 and f"matching: 19 duplicate(s) merged ({pairs} automatic matches), " in out, out
    assert _sql(db, "SELECT COUNT(*) FROM claim WHERE canonical_id IS NOT NULL")[0][0][0] == 19
    # a rebuild remakes the automatic matches and merges nothing again
    out = _ok(run(db, "dupes", "--rebuild"))
    assert f"rebuilt matches: 0 duplicate(s) merged ({pairs} automatic matches), " in out, out


def test_an_ingest_counts_the_claims_it_merged(db, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for outlet in ("Alpha", "Beta", "Gamma", "Delta"):
        (folder / f"{outlet}.txt").write_text(
            f"Title: Bridge\nOutlet: {outlet}\n\nThe {outlet} reporter was at the council meeting.\n\n"
            f'"{CLAIM}," Mayor Ana Lopez said on Sunday.\n', encoding="utf-8")
    out = _ok(run(db, "ingest", str(folder)))
    assert "4 claims, 4 appearances; matching: 3 duplicate(s) merged (6 automatic matches)," in out, out


# --- 3. watching a source is in the audit log ----------------------------------------------------------


def test_watch_add_and_remove_are_in_the_history(db):
    _ok(run(db, "watch", "add", "https://news.example/feed.xml", "--every", "2h", "--outlet", "Alpha",
            "--reviewer", "ana"))
    _ok(run(db, "watch", "remove", "1", "--reviewer", "bo"))
    events = [json.loads(line) for line in _ok(run(db, "history", "--format", "jsonl")).splitlines()]
    assert [(e["reviewer"], e["action"], e["claim_id"], e["old"], e["new"], e["note"]) for e in events] == [
        ("ana", "watch-add", None, None, "https://news.example/feed.xml", "source 1, every 2h, outlet Alpha"),
        ("bo", "watch-remove", None, "https://news.example/feed.xml", None, "source 1, every 2h, outlet Alpha")]
    # no claim changed: undo passes them by (it would have "undone" them, changing nothing)
    result = run(db, "undo", "--reviewer", "ana")
    assert result.exit_code == 1 and "nothing to undo for reviewer ana" in result.output, result.output
    # a source removed meanwhile is named, and no event written for it
    result = run(db, "watch", "remove", "1", "--reviewer", "bo")
    assert result.exit_code == 1 and "source 1: no such watched source" in result.output
    assert _sql(db, "SELECT COUNT(*) FROM event")[0][0][0] == 2


# --- 4. `db copy` onto the desk's own file under another name ------------------------------------------


def test_db_copy_onto_a_hard_link_of_the_desk_is_refused_before_anything_is_written(db, db_path, tmp_path):
    _ok(run(db, "import", _three_outlets(tmp_path)))
    before = sorted(p.name for p in tmp_path.iterdir())
    link = tmp_path / "link.db"
    os.link(db_path, link)
    symlink = tmp_path / "sym.db"
    symlink.symlink_to(db_path)
    for target, named in ((link, f"(the same file as {db_path}: a link to it)"), (symlink, ""), (db_path, "")):
        result = run(db, "db", "copy", "--to", str(target))
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        lines = result.output.strip().splitlines()
        assert lines == [f"claims: error: db copy: the target {os.path.realpath(target)} is the desk itself"
                         + (f" {named}" if named else "") + "; nothing was written: copy into a new, empty "
                         "database"], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "link.db", "sym.db"])  # no link.db-wal
    assert "ok (" in _ok(run(db, "db", "check"))
    # and a backup may replace that name (the desk keeps its own)
    assert "backed up 3 claims" in _ok(run(db, "db", "backup", str(link), "--overwrite"))
    assert os.stat(link).st_ino != os.stat(db_path).st_ino and "ok (" in _ok(run(db, "db", "check"))


# --- 5. a cycle of merged claims: the messages name the repair, and the repair works ------------------

THREE = [f"Claim {word} about the {thing} rising {n} percent in March" for word, thing, n in
         (("alpha", "river", 3), ("beta", "taxes", 12), ("gamma", "fares", 40))]


def _three_claims(db, tmp_path) -> None:
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in THREE), encoding="utf-8")
    _ok(run(db, "import", str(path)))
    assert _sql(db, "SELECT COUNT(*) FROM claim WHERE canonical_id IS NOT NULL")[0][0][0] == 0


def _check_lines(db) -> list[str]:
    result = run(db, "db", "check")
    return result.output.strip().splitlines()


def test_a_cycle_of_two_names_claims_unmerge_which_repairs_it(db, tmp_path):
    _three_claims(db, tmp_path)
    _sql(db, "UPDATE claim SET canonical_id = 2 WHERE id = 1", "UPDATE claim SET canonical_id = 1 WHERE id = 2")
    one_line_error(run(db, "show", "1"), "claim 1: merged claims form a cycle (1 -> 2 -> 1)",
                   "`claims unmerge 1` repairs it")
    one_line_error(run(db, "show", "2"), "(2 -> 1 -> 2)", "`claims unmerge 2` repairs it")
    lines = _check_lines(db)
    assert lines[0] == "canonical_id cycle: 1 -> 2 -> 1 (merged claims leading round in a loop): " \
                       "`claims unmerge 1` repairs it" and len(lines) == 2, lines
    assert "unmerged 1 claim(s) from claim 2: 1" in _ok(run(db, "unmerge", "1"))  # (PostgreSQL: refused)
    assert "ok (" in _ok(run(db, "db", "check"))
    assert _sql(db, "SELECT id, canonical_id FROM claim ORDER BY id")[0] == [(1, None), (2, 1), (3, None)]


def test_a_cycle_of_three_is_one_problem_and_its_repair_works(db, tmp_path):
    _three_claims(db, tmp_path)
    _sql(db, "UPDATE claim SET canonical_id = 2 WHERE id = 1", "UPDATE claim SET canonical_id = 3 WHERE id = 2",
         "UPDATE claim SET canonical_id = 1 WHERE id = 3")
    lines = _check_lines(db)
    # one problem, not the cycle and its three claims again as chains to unmerge and merge again
    assert lines[:-1] == ["canonical_id cycle: 1 -> 2 -> 3 -> 1 (merged claims leading round in a loop): "
                          "`claims unmerge 1` then `claims unmerge 2` repair it"], lines
    assert "1 problem(s) found" in lines[-1]
    one_line_error(run(db, "show", "3"), "(3 -> 1 -> 2 -> 3)", "`claims unmerge 3` then `claims unmerge 1` repair it")
    _ok(run(db, "unmerge", "1"))
    _ok(run(db, "unmerge", "2"))
    assert "ok (" in _ok(run(db, "db", "check"))
    assert _sql(db, "SELECT id, canonical_id FROM claim ORDER BY id")[0] == [(1, None), (2, None), (3, 1)]


def test_unmerge_of_a_claim_under_a_cycle_names_the_repair(db, tmp_path):
    _three_claims(db, tmp_path)
    _sql(db, "UPDATE claim SET canonical_id = 2 WHERE id = 1", "UPDATE claim SET canonical_id = 1 WHERE id = 2",
         "UPDATE claim SET canonical_id = 1 WHERE id = 3")
    if db.is_postgresql:  # (SQLite's unmerge reads no head: claim 3 simply leaves)
        one_line_error(run(db, "unmerge", "3"), "claim 3: merged claims form a cycle (1 -> 2 -> 1)",
                       "`claims unmerge 1` repairs it")
    one_line_error(run(db, "show", "3"), "claim 3: merged claims form a cycle (1 -> 2 -> 1)",
                   "`claims unmerge 1` repairs it")


# --- 6. a PostgreSQL URL's `options` may not set search_path ------------------------------------------

SEARCH_PATHS = ["-csearch_path=other", "-c search_path=other", "--search_path=other", "--search-path=other",
                "-c SEARCH_PATH=other", "-c Search-Path=other", "-c search\\_path=other", "-Ec search_path=other",
                "-c statement_timeout=0 -c search_path=other", "-c  search_path=other"]


def _tables_by_schema(url: str) -> dict[str, set[str]]:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT table_schema, table_name FROM information_schema.tables "
                                     "WHERE table_schema IN ('public', 'other')")).all()
    finally:
        engine.dispose()
    found: dict[str, set[str]] = {}
    for schema, table in rows:
        found.setdefault(schema, set()).add(table)
    return found


@pytest.mark.parametrize("options", SEARCH_PATHS)
def test_options_setting_search_path_are_refused(options):
    from sqlalchemy.engine import make_url

    from db import DatabaseError
    from db.urls import resolve_url

    url = make_url("postgresql://postgres@127.0.0.1/claims").update_query_dict({"options": options})
    with pytest.raises(DatabaseError, match="the query key 'options' sets search_path"):
        resolve_url(url.render_as_string(False))


def database_with_schema_other(fresh_pg_url, name: str):
    """A new, empty PostgreSQL database holding an empty schema "other" (its URL, plain driver)."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    named = make_url(fresh_pg_url(name)).set(drivername="postgresql")
    engine = create_engine(named.set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.execute(text("CREATE SCHEMA other"))
    engine.dispose()
    return named


def test_a_url_putting_the_desk_in_another_schema_is_refused(fresh_pg_url):
    named = database_with_schema_other(fresh_pg_url, "schema")
    plain = named.render_as_string(False)
    for options in ("-csearch_path=other", "-c search_path=other", "--search-path=other"):
        url = named.update_query_dict({"options": options}).render_as_string(False)
        done = run_claims("--db", url, "ingest", str(SAMPLES))
        err = done.stderr.decode()
        assert done.returncode == 1 and "Traceback" not in err, (url, err)
        assert err.strip().splitlines() == [err.strip()] and "the query key 'options' sets search_path" in err
        assert _tables_by_schema(plain) == {}, url  # nothing built, in either schema
    # other options keep working, and the desk is in the database's own schema
    url = named.update_query_dict({"options": "-c statement_timeout=600s -c application_name=claims-test"})
    done = run_claims("--db", url.render_as_string(False), "ingest", str(SAMPLES))
    assert done.returncode == 0, done.stderr.decode()
    assert "claim" in _tables_by_schema(plain)["public"] and "other" not in _tables_by_schema(plain)
