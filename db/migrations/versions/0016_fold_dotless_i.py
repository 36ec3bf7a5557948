"""the search fold makes the Turkish dotless ı an i: remake the search indexes made of it

Unicode's case folding knows no language: it made 'IŞIK' 'işik' and 'Işık' 'işık', so
`--speaker 'ÖMER IŞIK'` (or a name typed without ı, 'Yildirim') missed 'Ömer Işık' and
'Yıldırım'. `db.textfold`'s fold now writes ı as i on both backends, as it writes İ. The
indexes of folded text are made again, as migration 0014 made them:

- SQLite: the rows of `claim_search` (migration 0008) of the claims holding ı are deleted
  with their old folded values and inserted with the new ones; the other rows fold as before.
- PostgreSQL: the trigram indexes on the folded text, speaker and role are made again with
  the new expression, where migration 0008 made them.

Both folds are copied here as they are at this step.

Revision ID: 0016
Revises: 0015
"""

import sys
import unicodedata

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

DOTLESS_I = "\u0131"
RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
          (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
_DROP = dict.fromkeys(c for lo, hi in RANGES for c in range(lo, hi + 1))
_CLASS = "[" + "".join(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in RANGES) + "]"
_CASEFOLD_BEFORE = ("[\\u00df\\u0307\\u0345\\u0370-\\u03ff\\u13a0-\\u13ff\\u1c80-\\u1c88\\u1e9e\\u1f00-\\u1fff"
                    "\\uab70-\\uabbf\\U0001d400-\\U0001d7ff]")
_CASEFOLD_AFTER = _CASEFOLD_BEFORE.replace("\\u00df", "\\u00df\\u0131", 1)
_FROM_BEFORE = "\u03c2\u0345" + "".join(map(chr, [*range(0x1C80, 0x1C89), *range(0xAB70, 0xABC0),
                                                    *range(0x13F8, 0x13FE)]))
_TO_BEFORE = "".join(c.casefold() for c in _FROM_BEFORE)
COLUMNS = {"text": "text", "speaker": "speaker", "role": "speaker_role"}  # index column: claim column
PG_INDEXES = {f"ix_claim_{name}_trgm": column for name, column in COLUMNS.items()}


def _fold_before(value):
    if value is None or value.isascii():
        return None if value is None else value.lower()
    folded = unicodedata.normalize("NFKC", value.translate(_DROP)).casefold().replace("i\u0307", "i")
    return folded if unicodedata.is_normalized("NFC", folded) else unicodedata.normalize("NFC", folded)


def _fold_after(value):
    folded = _fold_before(value)
    return folded if folded is None or value.isascii() else folded.replace(DOTLESS_I, "i")


def _fold_changes(value) -> bool:
    return value is not None and DOTLESS_I in _fold_before(value)


def _sql_text(value: str) -> str:
    return "E'" + "".join(c if c.isascii() and c not in "'\\" else f"\\u{ord(c):04x}" for c in value) + "'"


def _pg_fold(x: str, casefold_class: str, fold_from: str, fold_to: str) -> str:
    full = f"lower(normalize(regexp_replace({x}, '{_CLASS}', '', 'g'), NFKC))"
    casefolded = (f"normalize(replace(translate(replace(normalize({full}, NFD), {_sql_text('ß')}, 'ss'), "
                  f"{_sql_text(fold_from)}, {_sql_text(fold_to)}), {_sql_text('i' + chr(0x307))}, 'i'), NFC)")
    return (f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) "
            f"WHEN {x} ~ '{casefold_class}' THEN {casefolded} "
            f"WHEN {x} ~ '{_CLASS}' THEN lower(normalize(regexp_replace({x}, '{_CLASS}', '', 'g'), NFKC)) "
            f"WHEN {x} IS NFKC NORMALIZED THEN lower({x}) ELSE lower(normalize({x}, NFKC)) END")


def _pg_fold_before(x: str) -> str:
    return _pg_fold(x, _CASEFOLD_BEFORE, _FROM_BEFORE, _TO_BEFORE)


def _pg_fold_after(x: str) -> str:
    return _pg_fold(x, _CASEFOLD_AFTER, _FROM_BEFORE + DOTLESS_I, _TO_BEFORE + "i")


def upgrade() -> None:
    _remake(old=_fold_before, new=_fold_after, pg_new=_pg_fold_after)


def downgrade() -> None:
    _remake(old=_fold_after, new=_fold_before, pg_new=_pg_fold_before)


def _remake(old, new, pg_new) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _remake_postgresql(bind, pg_new)
    else:
        _remake_sqlite(bind, old, new)


def _remake_sqlite(bind, old, new) -> None:
    if not bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'claim_search'").first():
        return  # this SQLite has no FTS5: there is no index to remake
    raw = bind.connection.dbapi_connection
    raw.create_function("claims_0016_old", 1, old, deterministic=True)
    raw.create_function("claims_0016_new", 1, new, deterministic=True)
    raw.create_function("claims_0016_holds", 1, _fold_changes, deterministic=True)
    names = ", ".join(COLUMNS)
    # instr first: most claims hold no ı, and need no Python call to say so
    where = " OR ".join(f"(instr({c}, '{DOTLESS_I}') > 0 AND claims_0016_holds({c}))" for c in COLUMNS.values())
    ids = [row[0] for row in bind.exec_driver_sql(f"SELECT id FROM claim WHERE {where}")]
    for i in range(0, len(ids), 500):
        chunk = ", ".join(str(int(cid)) for cid in ids[i:i + 500])
        values = ", ".join(f"claims_0016_old({c})" for c in COLUMNS.values())
        bind.exec_driver_sql(f"INSERT INTO claim_search (claim_search, rowid, {names}) "
                             f"SELECT 'delete', id, {values} FROM claim WHERE id IN ({chunk})")
        values = ", ".join(f"claims_0016_new({c})" for c in COLUMNS.values())
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
    # Each new index is built under another name first (a build takes a lock that lets the
    # desk read on); the old one is dropped only then (as migration 0014 does).
    for name, column in PG_INDEXES.items():
        if name in present:
            op.execute(f"CREATE INDEX {name}_0016 ON claim USING gin (({pg_new(column)}) gin_trgm_ops)")
    for name in PG_INDEXES:
        if name in present:
            op.execute(f"DROP INDEX {name}")
            op.execute(f"ALTER INDEX {name}_0016 RENAME TO {name}")
