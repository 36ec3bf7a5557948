"""`claims import` is one action in the audit log: undo removes exactly what it added, redo
puts it back, each in one transaction; an undo that would break later work is refused."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select as sa_select
from sqlalchemy import text
from sqlmodel import select

from claims.errors import ClaimsError
from claims.models import (
    Appearance,
    Article,
    Claim,
    ClaimKey,
    ClaimKeyset,
    Event,
    KeyStat,
    Match,
    Outlet,
)
from claims.services import matching
from claims.services.importer import import_text
from claims.services.ingest import ingest_source
from claims.services.review import set_status
from claims.services.team import release, take
from claims.services.undo import redo_last, undo_last
from claims.sources import ArticleSource

RIVER = "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987"
BRIDGE = "The council report found that the new bridge cost 3 million euros in all"
STORY = f"Flooding hit the valley on Saturday. {BRIDGE}. Officials said the river peaked at 7 metres."


def jsonl(*records) -> str:
    return "\n".join(json.dumps(r) for r in records) + "\n"


TABLES = (Outlet, Article, Claim, Appearance, Match, ClaimKey, ClaimKeyset, KeyStat)


def snapshot(db) -> dict[str, set]:
    """Every row of the desk's tables but the audit log (key_stat without keys nobody holds;
    claims without version and update time: undo and redo are changes of the older claims)."""
    out = {}
    with db.session() as s:
        for model in TABLES:
            table = model.__table__
            columns = [c for c in table.c if not (model is Claim and c.key in ("version", "updated_at"))]
            rows = s.execute(sa_select(*columns)).all()
            if model is KeyStat:
                rows = [r for r in rows if r.df or r.key.startswith("#")]
            if model is ClaimKeyset:  # a list of keys, in no particular order
                rows = [(r.claim_id, tuple(sorted(r.keys))) for r in rows]
            out[table.name] = {tuple(r) for r in rows}
    return out


def seed(db) -> int:
    """An older desk: an article with a claim, and an unreviewed claim the import will match."""
    ingest_source(db, ArticleSource(source="t", text=STORY, header={"outlet": "Valley Ledger"}),
                  url="https://ledger.example/bridge")
    with db.session() as s:
        claim = Claim(text=RIVER)
        s.add(claim)
        s.flush()
        matching.match_new_claims(s, [claim])
        return claim.id


IMPORT = jsonl(
    # lands in the stored article (its URL, its words), with an outlet that exists
    {"id": "fc-1", "text": BRIDGE, "url": "https://ledger.example/bridge", "outlet": "Valley Ledger"},
    # a new article and a new outlet; a verdict, and the same claim as the older unreviewed one
    {"id": "fc-2", "text": "The river had peaked at 7.4 metres on Friday, the highest level recorded since 1987",
     "url": "https://courier.example/river", "outlet": "Harbour Courier", "verdict": "false"},
    # no appearance; a likely duplicate of the next one (a suggestion within the import)
    {"id": "fc-3", "text": "Ridership on the valley line fell by 18 percent last year, the operator said"},
    {"id": "fc-4", "text": "Ridership on the valley line fell by 18 percent"},
)


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_undo_removes_exactly_what_the_import_added_and_redo_restores_it(db, bulk, monkeypatch):
    if bulk:  # the blocked pass large imports take (it may move older claims into new clusters)
        monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 1)
    river = seed(db)
    before = snapshot(db)
    report = import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    assert report.matches.duplicates >= 1
    after = snapshot(db)
    with db.session() as s:
        older = s.get(Claim, river)
        head = older.canonical_id or older.id
        assert s.get(Claim, head).verdict == "false"  # the finding reached the older claim's cluster
        events = s.exec(select(Event).where(Event.batch == report.batch)).all()
    assert {e.claim_id for e in events if e.action == "import" and e.claim_id} == set(report.claim_ids)
    with db.session() as s:  # fc-1 stands in the stored article; fc-2 got an article of its own
        placed = {a.claim_id: s.get(Article, a.article_id).source for a in s.exec(select(Appearance))}
        assert placed[report.claim_ids[0]] == "t"
        assert placed[report.claim_ids[1]] == "import:checks.jsonl:line 2"

    result = undo_last(db, reviewer="ana")
    assert result.summary == ("undid the import of checks.jsonl: removed 4 claims, 1 article, 1 outlet and "
                              f"{len(after['match']) - len(before['match'])} matches")
    assert snapshot(db) == before
    with db.session() as s:
        assert s.get(Claim, river).verdict is None and s.get(Claim, river).canonical_id is None
        assert all(e.undone for e in s.exec(select(Event).where(Event.batch == report.batch)))

    assert redo_last(db, reviewer="ana").summary.startswith("redid the import of checks.jsonl: restored 4 claims")
    assert snapshot(db) == after

    undo_last(db, reviewer="ana")  # and again: the same state as before the import
    assert snapshot(db) == before


def test_history_shows_the_import_and_its_undo(db):
    report = import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    from claims.services.team import history

    events = history(db, report.claim_ids[0])
    assert [(e.action, e.note) for e in events] == [("import", "checks.jsonl line 1")]
    undo_last(db, reviewer="ana")
    last = history(db, limit=1)[0]
    assert last.action == "undo" and last.field == "import"
    assert last.old == "(the removed rows, kept for redo)"  # not megabytes of kept rows
    assert "removed 4 claims" in last.note


def _counts(db) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot(db).items()}


def test_undo_is_refused_when_a_reviewer_changed_an_imported_claim(db):
    report = import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    set_status(db, [report.claim_ids[2]], reviewer="bo", status="in_review")
    counts = _counts(db)
    with pytest.raises(ClaimsError) as info:
        undo_last(db, reviewer="ana")
    message = str(info.value)
    assert message.startswith("cannot undo the import of checks.jsonl: claim ")
    assert "has changed since (bo: set-status" in message and message.endswith("nothing was changed")
    assert "\n" not in message
    assert _counts(db) == counts


def test_undo_is_refused_while_someone_has_taken_an_imported_claim(db):
    report = import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    taken = report.claim_ids[2]
    take(db, taken, reviewer="bo")
    with pytest.raises(ClaimsError, match=r"is taken by bo \(`claims release \d+` gives it back\)"):
        undo_last(db, reviewer="ana")
    assert _counts(db)["claim"] == 4
    release(db, taken, reviewer="bo")  # taken and given back: nothing changed, the undo goes ahead
    undo_last(db, reviewer="ana")
    assert _counts(db)["claim"] == 0
    redo_last(db, reviewer="ana")
    from claims.services.team import history

    assert [e.action for e in history(db, taken)] == ["import", "take", "release"]


def test_undo_is_refused_when_a_later_claim_was_merged_into_an_imported_one(db):
    import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    # bo's article repeats an imported claim: merged into it automatically
    ingest_source(db, ArticleSource(source="later", text=f"Meanwhile, officials said that {RIVER}.", header={}))
    with pytest.raises(ClaimsError, match=r"cannot undo the import of checks.jsonl: claims \d+ and \d+ "
                                          r"were matched since \(confirmed\)"):
        undo_last(db, reviewer="ana")


def test_a_later_suggestion_goes_and_comes_back_with_the_import(db):
    import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    later = import_text(db, jsonl({"text": "Valley line ridership fell by 18 percent"}),
                        name="more.jsonl", reviewer="bo")
    assert later.matches.suggestions
    undo_last(db, reviewer="ana")
    with db.session() as s:
        assert s.execute(select(Match)).all() == []
        assert [c.id for c in s.exec(select(Claim))] == later.claim_ids
    redo_last(db, reviewer="ana")
    with db.session() as s:
        mine = set(later.claim_ids)
        assert any({m.claim_a_id, m.claim_b_id} & mine for m in s.exec(select(Match)))


def test_undo_is_refused_when_an_older_claim_its_merge_changed_was_changed_since(db):
    river = seed(db)
    import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    with db.session() as s:
        older = s.get(Claim, river)
        head = older.canonical_id or older.id
    set_status(db, [head], reviewer="bo", status="verified", verdict="mostly_false")
    with pytest.raises(ClaimsError, match="has changed since"):
        undo_last(db, reviewer="ana")
    with db.session() as s:
        assert s.get(Claim, head).verdict == "mostly_false"


def test_redo_is_refused_when_the_ids_were_given_away(db):
    import_text(db, IMPORT, name="checks.jsonl", reviewer="ana")
    undo_last(db, reviewer="ana")
    import_text(db, jsonl({"id": "fc-1", "text": "Something else entirely, as the minister claimed on Monday"}),
                name="other.jsonl", reviewer="bo")
    counts = _counts(db)
    with pytest.raises(ClaimsError) as info:
        redo_last(db, reviewer="ana")
    message = str(info.value)
    assert message.startswith("cannot redo the import of checks.jsonl: ") and message.endswith("nothing was changed")
    # SQLite gives the freed ids out again; PostgreSQL's sequences do not, but the external id is taken.
    assert "since the undo" in message
    assert _counts(db) == counts


def test_import_then_undo_through_the_cli(invoke, tmp_path, db_path):
    f = tmp_path / "checks.jsonl"
    f.write_text(IMPORT)
    first = invoke("import", str(f), "--reviewer", "ana")
    assert first.exit_code == 0, first.output
    assert "imported 4 claims from" in first.stderr
    history = invoke("history", "--format", "jsonl").output
    assert [json.loads(line)["action"] for line in history.splitlines()].count("import") == 5
    listed = invoke("list", "--format", "jsonl").output
    undone = invoke("undo", "--reviewer", "ana")
    assert undone.exit_code == 0
    assert undone.stderr == (f"undid the import of {f}: removed 4 claims, 2 articles, 2 outlets and 1 match\n")
    assert invoke("list", "--format", "jsonl").output == ""
    redone = invoke("redo", "--reviewer", "ana")
    assert redone.stderr.startswith(f"redid the import of {f}: restored 4 claims")
    assert invoke("list", "--format", "jsonl").output == listed
    invoke("set-status", "1", "--status", "in_review", "--reviewer", "bo")
    refused = invoke("undo", "--reviewer", "ana")
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.output
    assert "claims: error: cannot undo the import of" in refused.stderr
    check = invoke("db", "check")
    assert check.exit_code == 0, check.output


def test_a_failed_import_logs_nothing(db):
    with pytest.raises(ClaimsError):
        import_text(db, jsonl({"text": "fine"}, {"date": "2024-01-01"}), name="bad.jsonl", reviewer="ana")
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM event")).scalar() == 0
