"""the search fold drops every default-ignorable character met inside words (an ideographic
variation selector, a Hangul filler, a tag, ...): refold the stored search rows and remake the
outlets' identities made of it

`claims list --search 葛飾区` did not find '葛\\U000E0100飾区' (an ideographic variation
selector, as Japanese place and person names are written), nor the other way round, on both
backends, while `claims search` found it: the fold dropped U+FE00-FE0F but not the
supplementary variation selectors, nor the other Default_Ignorable_Code_Point characters met
inside words (`db.ignorable.IGNORABLE` lists them, and why two kinds are left out). The search
fold and an outlet's identity now drop them too; stored text and names keep them (a name's
glyph). What was stored with the fold before is made again, as migration 0024 made it:

- SQLite: the rows of `claim_search` (migration 0008) of the claims holding such a character
  are deleted with their old folded values and inserted with the new ones.
- PostgreSQL: the trigram indexes on the folded text, speaker and role are made again with the
  new expression, where migration 0008 made them.
- Both: an outlet whose name holds such a character gets its identity again (migration 0018
  stored it with the fold before); outlets that are now one (a '葛\\U000E0100飾 Times' and a
  '葛飾 Times' made apart) are made one as 0017 made them: the articles move to the outlet made
  first, the others are deleted, and an audit row names them (`claims history`). A downgrade
  gives the identities back their old form; outlets made one stay one.
- Both: an outlet whose name shows nothing with that fold (a Hangul filler, tags alone) is no
  outlet, as `claims.limits.visible_name` takes such a name now: its articles are left without
  one and it is deleted, named by an audit row (else all such became one outlet of the empty
  identity, which no `--outlet` could name). A downgrade does not bring them back.

Matching's stored keys (`claim_key`, `claim_keyset`) of a claim holding such a character are
not made again here (as 0013 did not): `claims dupes --rebuild` makes them.

Both folds are copied here as they are at this step.

Revision ID: 0026
Revises: 0025
"""

import hashlib
import json
import re
import sys
import unicodedata
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from db.migrations.outlets_0017 import MIGRATION_REVIEWER, note_merge, repoint_undone_imports

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

RANGES_BEFORE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
                 (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
RANGES_AFTER = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
                (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3),
                (0xE0001, 0xE0001), (0xE0020, 0xE007F), (0xE0100, 0xE01EF))


def _escape(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _drop(ranges) -> dict:
    return dict.fromkeys(c for lo, hi in ranges for c in range(lo, hi + 1))


def _class(ranges) -> str:
    return "[" + "".join(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}" for lo, hi in ranges) + "]"


TATWEEL = "\u0640"
_DROP_BEFORE, _DROP_AFTER = _drop(RANGES_BEFORE), _drop(RANGES_AFTER)
_SEARCH_DROP_BEFORE = {**_DROP_BEFORE, ord(TATWEEL): None}
_SEARCH_DROP_AFTER = {**_DROP_AFTER, ord(TATWEEL): None}
_CLASS_BEFORE = _class(RANGES_BEFORE)[:-1] + "\\u0640]"
_CLASS_AFTER = _class(RANGES_AFTER)[:-1] + "\\u0640]"
_ADDED = frozenset(set(_DROP_AFTER) - set(_DROP_BEFORE))  # what the fold drops since this step
_CASEFOLD = ("[\\u00df\\u0131\\u0307\\u0345\\u0370-\\u03ff\\u13a0-\\u13ff\\u1c80-\\u1c88\\u1e9e\\u1f00-\\u1fff"
             "\\uab70-\\uabbf\\U0001d400-\\U0001d7ff]")
_FOLD_FROM = "\u03c2\u0345" + "".join(map(chr, [*range(0x1C80, 0x1C89), *range(0xAB70, 0xABC0),
                                                  *range(0x13F8, 0x13FE)]))
_FOLD_TO = "".join(c.casefold() for c in _FOLD_FROM) + "i"
_FOLD_FROM += "\u0131"
DIGIT_ZEROS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
               0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
               0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
               0xAA50, 0xABF0, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450,
               0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60,
               0x16AC0, 0x16B50, 0x1E140, 0x1E2F0, 0x1E950)
_DIGITS_FROM = "".join(chr(zero + d) for zero in DIGIT_ZEROS for d in range(10))
_DIGITS_TO = "0123456789" * len(DIGIT_ZEROS)
_TO_ASCII = str.maketrans(_DIGITS_FROM, _DIGITS_TO)
DIGIT_CLASS = "[" + "".join(f"{_escape(z)}-{_escape(z + 9)}" for z in DIGIT_ZEROS) + "]"
_DIGIT = re.compile(DIGIT_CLASS)
_STRAIGHT = str.maketrans({**dict.fromkeys("\u2019\u2018\u02bc", "'"), **dict.fromkeys("\u2010\u2011", "-")})
COLUMNS = {"text": "text", "speaker": "speaker", "role": "speaker_role"}  # index column: claim column
PG_INDEXES = {f"ix_claim_{name}_trgm": column for name, column in COLUMNS.items()}


def _letters(value: str, drop: dict) -> str:
    folded = (unicodedata.normalize("NFKC", value.translate(drop)).casefold()
              .replace("i\u0307", "i").replace("\u0131", "i"))
    return folded if unicodedata.is_normalized("NFC", folded) else unicodedata.normalize("NFC", folded)


def _fold(value, drop: dict):
    if value is None or value.isascii():
        return None if value is None else value.lower()
    folded = _letters(value, drop)
    return folded.translate(_TO_ASCII) if _DIGIT.search(folded) else folded


def _fold_before(value):
    """The search fold of 0024 (`db.folding.fold_text` before this step)."""
    return _fold(value, _SEARCH_DROP_BEFORE)


def _fold_after(value):
    """The search fold from this step (`db.folding.fold_text`)."""
    return _fold(value, _SEARCH_DROP_AFTER)


def _fold_changes(value) -> bool:
    return value is not None and not value.isascii() and not _ADDED.isdisjoint(map(ord, value))


def _sql_text(value: str) -> str:
    return "E'" + "".join(c if c.isascii() and c not in "'\\" else _escape(ord(c)) for c in value) + "'"


def _pg_letters(x: str, drop_class: str) -> str:
    full = f"lower(normalize(regexp_replace({x}, '{drop_class}', '', 'g'), NFKC))"
    casefolded = (f"normalize(replace(translate(replace(normalize({full}, NFD), {_sql_text('ß')}, 'ss'), "
                  f"{_sql_text(_FOLD_FROM)}, {_sql_text(_FOLD_TO)}), {_sql_text('i' + chr(0x307))}, 'i'), NFC)")
    return (f"CASE WHEN {x} ~ '{_CASEFOLD}' THEN {casefolded} "
            f"WHEN {x} ~ '{drop_class}' THEN lower(normalize(regexp_replace({x}, '{drop_class}', '', 'g'), NFKC)) "
            f"WHEN {x} IS NFKC NORMALIZED THEN lower({x}) ELSE lower(normalize({x}, NFKC)) END")


def _pg_fold(x: str, drop_class: str) -> str:
    letters = _pg_letters(x, drop_class)
    return (f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) "
            f"WHEN {x} ~ '{DIGIT_CLASS}' THEN translate({letters}, {_sql_text(_DIGITS_FROM)}, '{_DIGITS_TO}') "
            f"ELSE {letters} END")


def _pg_fold_before(x: str) -> str:
    return _pg_fold(x, _CLASS_BEFORE)


def _pg_fold_after(x: str) -> str:
    return _pg_fold(x, _CLASS_AFTER)


def _key(name: str, drop: dict) -> str:
    """An outlet's identity as stored (`db.folding.outlet_identity_key`, with the drop of one side
    of this step): the fold without the digit and tatweel rule, apostrophes and hyphens straight,
    whitespace one space; past 1,000 bytes its start and a SHA-256 of the whole."""
    folded = name.lower() if name.isascii() else _letters(name, drop)
    found = " ".join(folded.translate(_STRAIGHT).split())
    if len(found.encode()) <= 1000:
        return found
    return found[:100] + "\n#" + hashlib.sha256(found.encode()).hexdigest()


def key(name: str) -> str:
    """An outlet's identity from this step (tests/test_fold_31.py keeps it equal to the code's)."""
    return _key(name, _DROP_AFTER)


def upgrade() -> None:
    bind = op.get_bind()
    _remake(bind, old=_fold_before, new=_fold_after, pg_new=_pg_fold_after)
    _rekey_outlets(bind, _DROP_AFTER, merge=True)


def downgrade() -> None:
    bind = op.get_bind()
    _remake(bind, old=_fold_after, new=_fold_before, pg_new=_pg_fold_before)
    _rekey_outlets(bind, _DROP_BEFORE, merge=False)


def _remake(bind, old, new, pg_new) -> None:
    if bind.dialect.name == "postgresql":
        _remake_postgresql(bind, pg_new)
    else:
        _remake_sqlite(bind, old, new)


def _remake_sqlite(bind, old, new) -> None:
    if not bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'claim_search'").first():
        return  # this SQLite has no FTS5: there is no index to remake
    raw = bind.connection.dbapi_connection
    # Names of this call's own (as 0024: SQLite refuses to define a function again on a
    # connection with a statement open).
    call = uuid.uuid4().hex
    fold_old, fold_new, holds = (f"claims_0026_{name}_{call}" for name in ("old", "new", "holds"))
    raw.create_function(fold_old, 1, old, deterministic=True)
    raw.create_function(fold_new, 1, new, deterministic=True)
    raw.create_function(holds, 1, _fold_changes, deterministic=True)
    names = ", ".join(COLUMNS)
    where = " OR ".join(f"{holds}({c})" for c in COLUMNS.values())
    ids = [row[0] for row in bind.exec_driver_sql(f"SELECT id FROM claim WHERE {where}")]
    for i in range(0, len(ids), 500):
        chunk = ", ".join(str(int(cid)) for cid in ids[i:i + 500])
        values = ", ".join(f"{fold_old}({c})" for c in COLUMNS.values())
        bind.exec_driver_sql(f"INSERT INTO claim_search (claim_search, rowid, {names}) "
                             f"SELECT 'delete', id, {values} FROM claim WHERE id IN ({chunk})")
        values = ", ".join(f"{fold_new}({c})" for c in COLUMNS.values())
        bind.exec_driver_sql(f"INSERT INTO claim_search (rowid, {names}) "
                             f"SELECT id, {values} FROM claim WHERE id IN ({chunk})")


def _remake_postgresql(bind, pg_new) -> None:
    names = ", ".join(f"'{name}'" for name in PG_INDEXES)
    present = {row[0] for row in bind.exec_driver_sql(
        f"SELECT indexname FROM pg_indexes WHERE tablename = 'claim' AND indexname IN ({names})")}
    if not present:
        return  # no pg_trgm on this server (migration 0008 made no index)
    claims = bind.exec_driver_sql("SELECT count(*) FROM claim").scalar_one()
    if claims >= 100_000:
        print(f"claims: indexing the text of {claims:,} claims for search again (once; about a "
              "minute per 300,000 claims)", file=sys.stderr, flush=True)
    # each new index under another name first, the old one dropped only then (as 0024)
    for name, column in PG_INDEXES.items():
        if name in present:
            op.execute(f"CREATE INDEX {name}_0026 ON claim USING gin (({pg_new(column)}) gin_trgm_ops)")
    for name in PG_INDEXES:
        if name in present:
            op.execute(f"DROP INDEX {name}")
            op.execute(f"ALTER INDEX {name}_0026 RENAME TO {name}")


def _rekey_outlets(bind, drop: dict, *, merge: bool) -> None:
    """The identity of each outlet whose name holds a character of `_ADDED` made again with
    `drop`; where `merge`, outlets of one identity then are made one (the one made first kept)."""
    outside = "name ~ '[^ -~]'" if bind.dialect.name == "postgresql" else "name GLOB '*[^ -~]*'"
    rows = bind.execute(sa.text(f"SELECT id, name, identity FROM outlet WHERE {outside} ORDER BY id")).all()
    changed = {row.id: (row.name, new_key) for row in rows if not _ADDED.isdisjoint(map(ord, row.name))
               and (new_key := _key(row.name, drop)) != row.identity}
    if merge and (blank := {i: name for i, (name, new_key) in changed.items() if not new_key}):
        _detach_blank_outlets(bind, blank)
        changed = {i: v for i, v in changed.items() if i not in blank}
    if not changed:
        return
    groups: dict[str, list[tuple[int, str]]] = {}
    for outlet_id, (name, new_key) in changed.items():
        groups.setdefault(new_key, []).append((outlet_id, name))
    keys = sa.bindparam("keys", expanding=True)
    for row in bind.execute(sa.text("SELECT id, name, identity FROM outlet WHERE identity IN :keys")
                            .bindparams(keys), {"keys": list(groups)}):
        if row.id not in changed:  # an outlet already of that identity
            groups[row.identity].append((row.id, row.name))
    merged: dict[int, int] = {}
    for new_key, members in groups.items():
        (keep, kept_name), *others = sorted(members)
        if others and merge:
            gone = [i for i, _ in others]
            note_merge(bind, "0026", kept_name, [n for _, n in others])
            ids = sa.bindparam("ids", expanding=True)
            bind.execute(sa.text("INSERT INTO triage_dirty (claim_id) SELECT a.claim_id FROM appearance a "
                                 "JOIN article r ON r.id = a.article_id WHERE r.outlet_id IN :ids").bindparams(ids),
                         {"ids": gone})
            bind.execute(sa.text("UPDATE article SET outlet_id = :keep WHERE outlet_id IN :ids").bindparams(ids),
                         {"keep": keep, "ids": gone})
            bind.execute(sa.text("DELETE FROM outlet WHERE id IN :ids").bindparams(ids), {"ids": gone})
            merged.update(dict.fromkeys(gone, keep))
        if keep in changed:
            bind.execute(sa.text("UPDATE outlet SET identity = :identity WHERE id = :id"),
                         {"identity": new_key, "id": keep})
    if merged:
        repoint_undone_imports(bind, merged)


def _detach_blank_outlets(bind, blank: dict[int, str]) -> None:
    """Outlets whose names show nothing once the fold drops what it drops now (a Hangul filler,
    tags alone): a name that shows nothing is no outlet (`claims.limits.visible_name`), so their
    articles have none, as an ingest stores them now; else they became one outlet of the empty
    identity, which no `--outlet` could name. An audit row names them (`claims history`)."""
    ids = sa.bindparam("ids", expanding=True)
    gone = sorted(blank)
    shown = ", ".join(repr(blank[i]) for i in gone)
    bind.execute(sa.text("INSERT INTO event (at, reviewer, action, field, old, new, note, batch, undone) "
                         "VALUES (:at, :reviewer, 'merge-outlets', 'outlet', :old, NULL, :note, :batch, :undone)"),
                 {"at": datetime.now(UTC), "reviewer": MIGRATION_REVIEWER, "undone": False,
                  "old": json.dumps([blank[i] for i in gone], ensure_ascii=False), "batch": uuid.uuid4().hex,
                  "note": f"migration 0026: outlet(s) {shown} named with nothing visible: their articles have "
                          "no outlet now"})
    bind.execute(sa.text("INSERT INTO triage_dirty (claim_id) SELECT a.claim_id FROM appearance a "
                         "JOIN article r ON r.id = a.article_id WHERE r.outlet_id IN :ids").bindparams(ids), {"ids": gone})
    bind.execute(sa.text("UPDATE article SET outlet_id = NULL WHERE outlet_id IN :ids").bindparams(ids), {"ids": gone})
    bind.execute(sa.text("DELETE FROM outlet WHERE id IN :ids").bindparams(ids), {"ids": gone})
    repoint_undone_imports(bind, dict.fromkeys(gone))
