"""Undoing and redoing an import: `claims undo` right after `claims import`, and `claims redo`.

An import is one batch in the audit log (see `importer.import_text`): an `import` event per
claim it added, the field changes its automatic merges made (on its own claims and on claims
stored before), and a summary event naming the articles and outlets it created and the id
range of the matches it made.

Undo removes exactly those rows (claims, their appearances and index postings, the articles
and outlets the import created, the matches it made) and puts back what its merges changed on
older claims, in one transaction. Because the rows are gone, the undo event keeps them
(compressed, `PAYLOAD_PREFIX`), and redo puts them back with their ids, again in one
transaction. Undo is refused, with one line and nothing changed, when anything done since
builds on the import: a change to one of its claims, a merge into one, a decided match, a
claim someone has taken, another claim's appearance in one of its articles, or a later change
to an older claim its merges changed. Suggestions later claims got against the imported ones
go and come back with them (a suggestion towards a claim that is gone means nothing). Redo
is refused when the ids or external ids have been given to other claims since (SQLite reuses
the highest ids after a delete): import the file again instead.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import NoReturn

from sqlalchemy import Date as SADate
from sqlalchemy import DateTime, TypeDecorator, bindparam, delete, insert, or_, select, update
from sqlmodel import Session

from claims.errors import ClaimsError
from claims.limits import visible_name
from claims.matching import is_pair_key
from claims.models import (
    Appearance,
    Article,
    Claim,
    ClaimKey,
    ClaimKeyset,
    ClaimLock,
    Event,
    FeedEntry,
    KeyStat,
    Match,
    Outlet,
)
from claims.services.audit import CLAIM_FIELDS, UndoResult, decode_field, new_batch, record, touch
from claims.services.flat_clusters import refuse_chains
from claims.services.id_reads import chunks
from claims.services.import_audit import IMPORT_ACTION, IMPORT_FIELD, ImportSummary, id_ranges
from claims.services.team import lock_heads, replay_take
from db.sequences import advance_sequences

PAYLOAD_PREFIX = "rows:"  # an undo event's `old` holding the rows it removed (kept for redo)
RANGES_PER_QUERY = 200
_NO_CHANGE = ("take", "release")  # events that name a claim without changing it
IDS_PER_QUERY = 500


def _own_batches(conn, batch: str) -> list[str]:
    """The import's batch and those of its own undos and redos."""
    ev = Event.__table__
    return [batch, *conn.execute(select(ev.c.batch).where(
        ev.c.action.in_(("undo", "redo")), ev.c.field == IMPORT_FIELD, ev.c.new == batch)).scalars()]


def is_import_batch(session: Session, batch: str) -> bool:
    ev = Event.__table__
    return session.execute(select(ev.c.id).where(
        ev.c.batch == batch, ev.c.action == IMPORT_ACTION, ev.c.field == IMPORT_FIELD).limit(1)).first() is not None


# -- helpers ------------------------------------------------------------------------------------


def _in_ranges(column, ranges: Sequence[Sequence[int]]):
    return or_(*(column == lo if lo == hi else column.between(lo, hi) for lo, hi in ranges))


def _conds(column, ids: Iterable[int]) -> list:
    """`column IN ids` as a few conditions: runs of ids (`BETWEEN`), a few hundred per statement."""
    return [_in_ranges(column, chunk) for chunk in chunks(id_ranges(ids), RANGES_PER_QUERY)]


def _when(at: datetime | None) -> str:
    return f"{at.astimezone():%Y-%m-%d %H:%M}" if at else "?"


def _kind(column) -> str | None:
    t = column.type
    base = t.impl if isinstance(t, TypeDecorator) else t
    if isinstance(base, DateTime):
        return "datetime"
    if isinstance(base, SADate):
        return "date"
    return None


def _dump_rows(conn, table, conds: Sequence) -> dict:
    columns = [c.key for c in table.c]
    rows: list[list] = []
    for cond in conds:
        for r in conn.execute(select(*table.c).where(cond).order_by(table.c[columns[0]])).all():
            rows.append([v.isoformat() if isinstance(v, datetime | date) else v for v in r])
    return {"columns": columns, "rows": rows}


def _load_rows(table, dumped: dict) -> list[dict]:
    kinds = {name: _kind(table.c[name]) for name in dumped["columns"]}
    out = []
    for row in dumped["rows"]:
        values = {}
        for name, value in zip(dumped["columns"], row, strict=True):
            if value is not None and kinds[name] == "datetime":
                value = datetime.fromisoformat(value)
            elif value is not None and kinds[name] == "date":
                value = date.fromisoformat(value)
            values[name] = value
        out.append(values)
    return out


def encode_payload(data: dict) -> str:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return PAYLOAD_PREFIX + base64.b64encode(zlib.compress(raw, 1)).decode("ascii")


def decode_payload(text: str | None) -> dict | None:
    if not text or not text.startswith(PAYLOAD_PREFIX):
        return None
    return json.loads(zlib.decompress(base64.b64decode(text[len(PAYLOAD_PREFIX):])))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


# -- undo ---------------------------------------------------------------------------------------


def undo_import(session: Session, batch: str, *, reviewer: str) -> UndoResult:
    """Remove what the import logged as `batch` added (see the module doc), in `session`'s
    transaction; ClaimsError (and nothing changed) when something since builds on it."""
    conn = session.connection()
    ev, cl, mt = Event.__table__, Claim.__table__, Match.__table__
    summary_row = conn.execute(select(ev.c.new).where(
        ev.c.batch == batch, ev.c.action == IMPORT_ACTION, ev.c.field == IMPORT_FIELD)).first()
    summary = ImportSummary.from_json(summary_row.new)
    events = conn.execute(select(ev.c.id, ev.c.claim_id, ev.c.match_id, ev.c.action, ev.c.field, ev.c.old,
                                 ev.c.new).where(ev.c.batch == batch).order_by(ev.c.id)).all()
    imported = sorted({e.claim_id for e in events if e.action == IMPORT_ACTION and e.claim_id is not None})
    imported_set = set(imported)
    claim_conds = _conds(cl.c.id, imported)

    def refuse(reason: str) -> NoReturn:
        raise ClaimsError(f"cannot undo the import of {summary.source}: {reason}; nothing was changed")

    pg = conn.dialect.name == "postgresql"
    if pg:  # the imported claims are ours until the end (SQLite: BEGIN IMMEDIATE already)
        # Their clusters' main claims first, in id order, as every change takes them (whoever
        # moves or deletes a member holds its head): taken in plain id order, a member before
        # its head, the claims deadlocked with a merge holding that head and naming the member.
        lock_heads(conn, imported)
        for cond in claim_conds:
            conn.execute(select(cl.c.id).where(cond).order_by(cl.c.id).with_for_update()).all()

    # Anything done since that builds on the import refuses the undo. Taking a claim and giving
    # it back changes nothing: those events lose their link to the claim with it (and get it back
    # on redo), but a claim someone holds now is theirs.
    lk = ClaimLock.__table__
    for cond in _conds(lk.c.claim_id, imported):
        taken = conn.execute(select(lk.c.claim_id, lk.c.reviewer).where(cond).limit(1)).first()
        if taken is not None:
            refuse(f"claim {taken.claim_id} is taken by {taken.reviewer} (`claims release "
                   f"{taken.claim_id}` gives it back)")
    linked = list(events)
    for cond in _conds(ev.c.claim_id, imported):
        for later in conn.execute(select(ev.c.id, ev.c.claim_id, ev.c.match_id, ev.c.reviewer, ev.c.action, ev.c.at)
                                  .where(cond, ev.c.batch != batch).order_by(ev.c.id)):
            if later.action not in _NO_CHANGE:
                refuse(f"claim {later.claim_id} has changed since ({later.reviewer}: {later.action} at "
                       f"{_when(later.at)})")
            linked.append(later)
    older = [e for e in events if e.claim_id is not None and e.claim_id not in imported_set
             and e.field in CLAIM_FIELDS]
    if older:
        first_id = min(e.id for e in older)
        changed = {(e.claim_id, e.field) for e in older}
        own = _own_batches(conn, batch)
        for chunk in chunks(sorted({e.claim_id for e in older}), IDS_PER_QUERY):
            for later in conn.execute(select(ev.c.claim_id, ev.c.field, ev.c.reviewer, ev.c.action, ev.c.at)
                                      .where(ev.c.claim_id.in_(chunk), ev.c.id > first_id,
                                             ev.c.batch.not_in(own)).order_by(ev.c.id)):
                if (later.claim_id, later.field) in changed:
                    refuse(f"claim {later.claim_id}, which its merges changed, has changed since "
                           f"({later.reviewer}: {later.action} {later.field} at {_when(later.at)})")
    lo, hi = summary.matches
    matches: dict[int, object] = {}
    for column in (mt.c.claim_a_id, mt.c.claim_b_id):
        for cond in _conds(column, imported):
            matches.update((r.id, r) for r in conn.execute(select(mt.c.id, mt.c.claim_a_id, mt.c.claim_b_id,
                                                                  mt.c.state).where(cond)))
    for m in matches.values():
        if not lo < m.id <= hi and m.state != "suggested":
            refuse(f"claims {m.claim_a_id} and {m.claim_b_id} were matched since ({m.state})")
    for cond in _conds(ev.c.match_id, matches):
        decided = conn.execute(select(ev.c.match_id, ev.c.reviewer, ev.c.action, ev.c.at)
                               .where(cond, ev.c.batch != batch).limit(1)).first()
        if decided is not None:
            refuse(f"match {decided.match_id} of an imported claim was decided since ({decided.reviewer}: "
                   f"{decided.action} at {_when(decided.at)})")
    ap, ar, fe = Appearance.__table__, Article.__table__, FeedEntry.__table__
    for cond in _conds(ap.c.article_id, summary.articles):
        for article_id, claim_id in conn.execute(select(ap.c.article_id, ap.c.claim_id).where(cond)):
            if claim_id not in imported_set:
                refuse(f"article {article_id}, which it created, now also holds claim {claim_id}")
    for cond in _conds(fe.c.article_id, summary.articles):
        entry = conn.execute(select(fe.c.article_id, fe.c.feed).where(cond).limit(1)).first()
        if entry is not None:
            refuse(f"article {entry.article_id}, which it created, is an entry of feed {entry.feed}")

    # What its merges changed on older claims goes back (latest change first).
    undo_batch = new_batch()
    touched: set[int] = set()
    if older:
        touched |= _replay_on_older(session, older, batch=undo_batch, reviewer=reviewer, undo=True)
    _replay_takes(session, events, imported_set, batch=undo_batch, reviewer=reviewer, undo=True)
    for e in reversed(events):
        if e.match_id is not None and e.field == "state" and e.match_id not in matches:
            conn.execute(update(mt).where(mt.c.id == e.match_id).values(state=e.old))
            record(session, batch=undo_batch, reviewer=reviewer, action="undo", claim_id=e.claim_id,
                   match_id=e.match_id, field="state", old=e.new, new=e.old, note=f"undo of {e.action}")
    session.flush()
    for cond in _conds(cl.c.canonical_id, imported):
        for claim_id, canonical_id in conn.execute(select(cl.c.id, cl.c.canonical_id).where(cond)):
            if claim_id not in imported_set:
                refuse(f"claim {claim_id} was merged into imported claim {canonical_id} since")

    # Keep every row that goes, for redo.
    outlet_ids = _unused_outlets(conn, summary.outlets, summary.articles)
    payload = {
        "batch": batch,
        "claims": _dump_rows(conn, cl, claim_conds),
        "appearances": _dump_rows(conn, ap, _conds(ap.c.claim_id, imported)),
        "articles": _dump_rows(conn, ar, _conds(ar.c.id, summary.articles)),
        "outlets": _dump_rows(conn, Outlet.__table__, _conds(Outlet.__table__.c.id, outlet_ids)),
        "matches": _dump_rows(conn, mt, _conds(mt.c.id, matches)),
        "links": [[e.id, e.claim_id if e.claim_id in imported_set else None,
                   e.match_id if e.match_id in matches else None]
                  for e in linked if e.claim_id in imported_set or e.match_id in matches],
    }

    # Remove: links of its own events first, then the rows, children before parents.
    for cond in _conds(ev.c.claim_id, imported):  # its own events, and takes and releases
        conn.execute(update(ev).where(cond).values(claim_id=None))
    for cond in _conds(ev.c.match_id, matches):
        conn.execute(update(ev).where(cond, ev.c.batch == batch).values(match_id=None))
    for cond in _conds(mt.c.id, matches):
        conn.execute(delete(mt).where(cond))
    payload["keys"] = _unindex(session, imported)
    for cond in _conds(ap.c.claim_id, imported):
        conn.execute(delete(ap).where(cond))
    for cond in claim_conds:
        conn.execute(update(cl).where(cond, cl.c.canonical_id.is_not(None)).values(canonical_id=None))
    for cond in claim_conds:
        conn.execute(delete(cl).where(cond))
    for cond in _conds(ar.c.id, summary.articles):
        conn.execute(delete(ar).where(cond))
    for cond in _conds(Outlet.__table__.c.id, outlet_ids):
        conn.execute(delete(Outlet.__table__).where(cond))
    conn.execute(update(ev).where(ev.c.batch == batch).values(undone=True))
    removed = (f"removed {_plural(len(imported), 'claim')}, {_plural(len(summary.articles), 'article')}, "
               f"{_plural(len(outlet_ids), 'outlet')} and {_plural(len(matches), 'match')}"
               .replace("matchs", "matches"))
    record(session, batch=undo_batch, reviewer=reviewer, action="undo", field=IMPORT_FIELD,
           old=encode_payload(payload), new=batch, note=f"undo of import from {summary.source}: {removed}")
    session.flush()
    for obj in list(session.identity_map.values()):  # ORM copies of rows changed underneath
        if isinstance(obj, Claim | Match | Event):
            session.expire(obj)
    return UndoResult(action=IMPORT_ACTION, batch=undo_batch, changes=len(imported), claim_ids=sorted(touched),
                      summary=f"undid the import of {summary.source}: {removed}")


def _unused_outlets(conn, outlets: Sequence[int], articles: Sequence[int]) -> list[int]:
    """The outlets the import created that no article but its own names, and that are still
    there (migration 0017 merged some away: 'removed 1 outlet' said of one no longer stored)."""
    ar, ot = Article.__table__, Outlet.__table__
    own = set(articles)
    stored: set[int] = set()
    for chunk in chunks(sorted(outlets), IDS_PER_QUERY):
        stored.update(conn.execute(select(ot.c.id).where(ot.c.id.in_(chunk))).scalars())
    outlets = [o for o in outlets if o in stored]
    used = set()
    for chunk in chunks(sorted(outlets), IDS_PER_QUERY):
        for article_id, outlet_id in conn.execute(select(ar.c.id, ar.c.outlet_id).where(ar.c.outlet_id.in_(chunk))):
            if article_id not in own:
                used.add(outlet_id)
    return [o for o in sorted(outlets) if o not in used]


_UPSERT_DF = ("INSERT INTO key_stat (key, df) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET df = key_stat.df + excluded.df")


def _executemany(conn, sql: str, rows: list[tuple]) -> None:
    if rows:
        marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(sql.replace("?", marker), rows)


def _unindex(session: Session, claim_ids: Sequence[int]) -> list[list]:
    """Take claims out of the matching index: their postings, and the counts of their keys.
    Returns each claim's keys as [claim id, [keys]] (what redo puts back)."""
    from claims.services.store_index import DOCS_KEY

    conn = session.connection()
    ck, ks, ksets = ClaimKey.__table__, KeyStat.__table__, ClaimKeyset.__table__
    counts: Counter = Counter()
    keys_of: dict[int, list[str]] = {}
    for cond in _conds(ck.c.claim_id, claim_ids):
        for key, claim_id in conn.execute(select(ck.c.key, ck.c.claim_id).where(cond)).all():
            if not is_pair_key(key):  # a pair key has no count (see StoreIndex.add)
                counts[key] += 1
            keys_of.setdefault(claim_id, []).append(key)
        conn.execute(delete(ck).where(cond))
    for cond in _conds(ksets.c.claim_id, claim_ids):
        conn.execute(delete(ksets).where(cond))
    if keys_of:
        _executemany(conn, _UPSERT_DF, [(k, -n) for k, n in counts.items()] + [(DOCS_KEY, -len(keys_of))])
        for chunk in chunks(sorted(counts), IDS_PER_QUERY):
            conn.execute(delete(ks).where(ks.c.key.in_(chunk), ks.c.df <= 0))
    return [[cid, keys] for cid, keys in sorted(keys_of.items())]


# -- redo ---------------------------------------------------------------------------------------


def redo_import(session: Session, batch: str, *, reviewer: str) -> UndoResult:
    """Put back what undoing the import `batch` removed, with the same ids, in `session`'s
    transaction; ClaimsError (and nothing changed) when its ids are taken meanwhile."""
    conn = session.connection()
    ev, cl, mt, ar, ap = Event.__table__, Claim.__table__, Match.__table__, Article.__table__, Appearance.__table__
    ot = Outlet.__table__
    summary = ImportSummary.from_json(conn.execute(select(ev.c.new).where(
        ev.c.batch == batch, ev.c.action == IMPORT_ACTION, ev.c.field == IMPORT_FIELD)).scalar())

    def refuse(reason: str) -> NoReturn:
        raise ClaimsError(f"cannot redo the import of {summary.source}: {reason}; nothing was changed")

    undo_event = conn.execute(select(ev.c.id, ev.c.old).where(
        ev.c.action == "undo", ev.c.field == IMPORT_FIELD, ev.c.new == batch).order_by(ev.c.id.desc()).limit(1)).first()
    payload = decode_payload(undo_event.old if undo_event else None)
    if payload is None:
        refuse("the rows its undo removed are no longer kept (import the file again)")
    claims = _load_rows(cl, payload["claims"])
    articles = _load_rows(ar, payload["articles"])
    outlets = _load_rows(ot, payload["outlets"])
    appearances = _load_rows(ap, payload["appearances"])
    matches = _load_rows(mt, payload["matches"])
    claim_ids = [c["id"] for c in claims]

    # Nothing may stand where the rows go back.
    for table, rows, what in ((cl, claims, "claim"), (ar, articles, "article"), (mt, matches, "match")):
        for cond in _conds(table.c.id, [r["id"] for r in rows]):
            taken = conn.execute(select(table.c.id).where(cond).limit(1)).scalar()
            if taken is not None:
                refuse(f"{what} id {taken} was given to another {what} since the undo "
                       "(import the file again instead)")
    external = [c["external_id"] for c in claims if c["external_id"]]
    for chunk in chunks(external, IDS_PER_QUERY):
        taken = conn.execute(select(cl.c.external_id, cl.c.id).where(cl.c.external_id.in_(chunk)).limit(1)).first()
        if taken is not None:
            refuse(f"external id {taken.external_id!r} is claim {taken.id}'s since the undo")
    events = conn.execute(select(ev.c.id, ev.c.claim_id, ev.c.match_id, ev.c.action, ev.c.field, ev.c.old,
                                 ev.c.new).where(ev.c.batch == batch).order_by(ev.c.id)).all()
    restored = set(claim_ids)
    older = [e for e in events if e.claim_id is not None and e.claim_id not in restored and e.field in CLAIM_FIELDS]
    if older:
        changed = {(e.claim_id, e.field) for e in older}
        own = _own_batches(conn, batch)
        for chunk in chunks(sorted({e.claim_id for e in older}), IDS_PER_QUERY):
            for later in conn.execute(select(ev.c.claim_id, ev.c.field, ev.c.reviewer, ev.c.action, ev.c.at)
                                      .where(ev.c.claim_id.in_(chunk), ev.c.id > undo_event.id,
                                             ev.c.batch.not_in(own))):
                if (later.claim_id, later.field) in changed:
                    refuse(f"claim {later.claim_id}, which its merges changed, has changed since the undo "
                           f"({later.reviewer}: {later.action} {later.field} at {_when(later.at)})")
    others = {m["claim_a_id"] for m in matches} | {m["claim_b_id"] for m in matches}
    others -= restored
    present: set[int] = set()
    for chunk in chunks(sorted(others), IDS_PER_QUERY):
        present.update(conn.execute(select(cl.c.id).where(cl.c.id.in_(chunk))).scalars())
    # A suggestion towards a claim deleted meanwhile has nothing left to suggest.
    known = restored | present
    matches = [m for m in matches if m["claim_a_id"] in known and m["claim_b_id"] in known]

    # Outlets: one that is the same (as an import finds it: `outlet_of_name`) made since
    # stands in for the one removed; an exact match made 'cnn' again beside 'CNN'.
    from claims.services.outlets import find_or_create_outlet, lock_new_outlets

    lock_new_outlets(session, [o["name"] for o in outlets])

    def put_back(o: dict) -> int:  # with its id where that is free (its identity from its name)
        if conn.execute(select(ot.c.id).where(ot.c.id == o["id"])).first() is None:
            conn.execute(insert(ot).values(**{k: v for k, v in o.items() if k != "identity"}))
            return o["id"]
        return conn.execute(insert(ot).values(name=o["name"], domain=o["domain"]).returning(ot.c.id)).scalar()

    outlet_map: dict[int, int] = {}
    put_back_outlets = 0  # (one found stored, made since the undo, was counted as restored)
    for o in outlets:
        o["name"] = visible_name(o["name"]) or o["name"]
        outlet_map[o["id"]], created = find_or_create_outlet(session, o["name"], lambda o=o: put_back(o))
        put_back_outlets += created
    for a in articles:
        a["outlet_id"] = outlet_map.get(a["outlet_id"], a["outlet_id"])
    gone = {a["outlet_id"] for a in articles} - set(outlet_map.values()) - {None}
    for chunk in chunks(sorted(gone), IDS_PER_QUERY):
        gone -= set(conn.execute(select(ot.c.id).where(ot.c.id.in_(chunk))).scalars())
    if gone:  # (migration 0017 names the outlet a merged one became)
        refuse(f"outlet {min(gone)} of its articles was removed since the undo (import the file again instead)")
    if articles:
        conn.execute(insert(ar), articles)
    canonical = [{"_id": c["id"], "_canon": c["canonical_id"]} for c in claims if c["canonical_id"] is not None]
    restored = {c["id"] for c in claims}
    older_heads = {c["_canon"] for c in canonical} - restored
    # Claims of before the import the restored ones go back under, and those its merges
    # changed, locked together (heads in id order) and held until commit.
    to_lock = sorted(older_heads | {e.claim_id for e in older})
    if to_lock:
        from claims.services.team import lock_clusters  # team builds on audit

        lock_clusters(session, to_lock)
    for chunk in chunks(claims, 5000):
        conn.execute(insert(cl), [{**c, "canonical_id": None} for c in chunk])
    if canonical:
        conn.execute(update(cl).where(cl.c.id == bindparam("_id")).values(canonical_id=bindparam("_canon")),
                     canonical)
    # Appearance ids: nothing refers to them; kept where they are free, given afresh where not.
    ids_free = all(conn.execute(select(ap.c.id).where(cond).limit(1)).first() is None
                   for cond in _conds(ap.c.id, [a["id"] for a in appearances]))
    for chunk in chunks(appearances, 5000):
        conn.execute(insert(ap), chunk if ids_free else [{k: v for k, v in a.items() if k != "id"} for a in chunk])
    if matches:
        conn.execute(insert(mt), matches)
    _reindex(session, payload.get("keys"), claims)
    pointed = {c["_id"] for c in canonical}
    kept = {m["id"] for m in matches}
    claim_links = [{"_id": eid, "_to": cid} for eid, cid, _ in payload["links"] if cid is not None]
    match_links = [{"_id": eid, "_to": mid} for eid, _, mid in payload["links"] if mid in kept]
    for links, column in ((claim_links, "claim_id"), (match_links, "match_id")):
        if links:
            conn.execute(update(ev).where(ev.c.id == bindparam("_id")).values({column: bindparam("_to")}), links)

    # What its merges changed on older claims, again.
    redo_batch = new_batch()
    touched: set[int] = set()
    if older:
        touched |= _replay_on_older(session, older, batch=redo_batch, reviewer=reviewer, undo=False)
        session.flush()
        pointed |= {c for c in touched if session.get(Claim, c).canonical_id is not None}
    _replay_takes(session, events, restored, batch=redo_batch, reviewer=reviewer, undo=False)
    if pointed:
        refuse_chains(conn, pointed, refuse)
    for e in events:
        if e.match_id is not None and e.field == "state":
            conn.execute(update(mt).where(mt.c.id == e.match_id).values(state=e.new))
            record(session, batch=redo_batch, reviewer=reviewer, action="redo", claim_id=e.claim_id,
                   match_id=e.match_id, field="state", old=e.old, new=e.new, note=f"redo of {e.action}")
    conn.execute(update(ev).where(ev.c.batch == batch).values(undone=False))
    # Back with their own ids: PostgreSQL's sequences past them (after `db copy` of a desk
    # with an undone import they were below, and every later import failed on a taken id)
    advance_sequences(conn, [cl.name, ar.name, ot.name, ap.name, mt.name])
    # The rows are back where they belong; a new undo keeps them afresh.
    conn.execute(update(ev).where(ev.c.id == undo_event.id).values(old=None))
    restored_text = (f"restored {_plural(len(claims), 'claim')}, {_plural(len(articles), 'article')}, "
                     f"{_plural(put_back_outlets, 'outlet')} and {_plural(len(matches), 'match')}"
                     .replace("matchs", "matches"))
    record(session, batch=redo_batch, reviewer=reviewer, action="redo", field=IMPORT_FIELD, new=batch,
           note=f"redo of import from {summary.source}: {restored_text}")
    session.flush()
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Claim | Match | Event):
            session.expire(obj)
    return UndoResult(action=IMPORT_ACTION, batch=redo_batch, changes=len(claims), claim_ids=sorted(touched),
                      summary=f"redid the import of {summary.source}: {restored_text}")


def _reindex(session: Session, keys: list[list] | None, claims: list[dict]) -> None:
    """The claims back in the matching index, under the keys they had."""
    from claims.matching import index_keys, pair_keys
    from claims.services.store_index import StoreIndex

    items = [(cid, list(k)) for cid, k in keys] if keys is not None else [
        (c["id"], own + pair_keys(own)) for c in claims for own in [index_keys(c["text"])]]
    if items:
        StoreIndex(session).add(items)


def _replay_takes(session: Session, events: list, imported: set[int], *, batch: str, reviewer: str,
                  undo: bool) -> None:
    """Put back (undo) or move again (redo) the takes its merges moved onto the clusters
    they joined (`team.follow_takes`): a take given or taken since stays as it is."""
    for e in reversed(events) if undo else events:
        if e.claim_id is not None and e.claim_id not in imported and replay_take(session, e, reverse=undo):
            record(session, batch=batch, reviewer=reviewer, action="undo" if undo else "redo", claim_id=e.claim_id,
                   field=e.field, old=e.new if undo else e.old, new=e.old if undo else e.new,
                   note=f"{'undo' if undo else 'redo'} of {e.action}")


def _replay_on_older(session: Session, older: list, *, batch: str, reviewer: str, undo: bool) -> set[int]:
    """Put back (undo) or apply again (redo) what the import's merges changed on claims it did
    not add, logged as one more batch; returns the claims touched."""
    from claims.services.team import lock_clusters  # team builds on audit

    lock_clusters(session, sorted({e.claim_id for e in older}))
    touched: set[int] = set()
    for e in reversed(older) if undo else older:
        claim = session.get(Claim, e.claim_id)
        old, new = (e.new, e.old) if undo else (e.old, e.new)
        setattr(claim, e.field, decode_field(e.field, new))
        record(session, batch=batch, reviewer=reviewer, action="undo" if undo else "redo",
               claim_id=claim.id, field=e.field, old=old, new=new,
               note=f"{'undo' if undo else 'redo'} of {e.action}")
        touched.add(claim.id)
    for claim_id in sorted(touched):
        touch(session.get(Claim, claim_id))
    return touched
