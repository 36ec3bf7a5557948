"""the search fold drops invisible characters: remake the search indexes made of it

Text copied from the web carries invisible characters inside words (a soft hyphen in
"bud\\u00adget", a zero-width space, direction marks): a stored "bud\\u00adget" was not found by
a search for `budget`. `db.textfold` now removes them before folding (`IGNORABLE`), and
reads a capital İ as i (Python case-folds it to i and a combining dot, so `istanbul` did not
find "İstanbul" on SQLite), so the indexes of folded text are made again:

- SQLite: the rows of `claim_search` (migration 0008) of the claims whose fold changes
  are deleted with their old folded values and inserted with the new ones (the
  table is contentless: a row is deleted by giving the values it was indexed with). The
  other rows fold as before.
- PostgreSQL: the trigram indexes on the folded text, speaker and role are made again with
  the new expression (a query uses an expression index only when it spells the same
  expression), where migration 0008 made them.

The character set and both folds are copied here as they were at this step.

Revision ID: 0013
Revises: 0012
"""

import sys
import unicodedata

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
          (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
_DROP = dict.fromkeys(c for lo, hi in RANGES for c in range(lo, hi + 1))
_CLASS = "[" + "".join(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in RANGES) + "]"
COLUMNS = {"text": "text", "speaker": "speaker", "role": "speaker_role"}  # index column: claim column
PG_INDEXES = {f"ix_claim_{name}_trgm": column for name, column in COLUMNS.items()}


def _fold_before(value):
    if value is None:
        return None
    return value.lower() if value.isascii() else unicodedata.normalize("NFKC", value).casefold()


def _fold_after(value):
    if value is None or value.isascii():
        return _fold_before(value)
    return unicodedata.normalize("NFKC", value.translate(_DROP)).casefold().replace("i\u0307", "i")


def _fold_changes(value) -> bool:
    return value is not None and not value.isascii() and _fold_before(value) != _fold_after(value)


def _pg_fold_before(x: str) -> str:
    return f"lower(CASE WHEN {x} IS NFKC NORMALIZED THEN {x} ELSE normalize({x}, NFKC) END)"


def _pg_fold_after(x: str) -> str:
    return (f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) "
            f"WHEN {x} ~ '{_CLASS}' THEN lower(normalize(regexp_replace({x}, '{_CLASS}', '', 'g'), NFKC)) "
            f"WHEN {x} IS NFKC NORMALIZED THEN lower({x}) ELSE lower(normalize({x}, NFKC)) END")


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
    raw.create_function("claims_0013_old", 1, old, deterministic=True)
    raw.create_function("claims_0013_new", 1, new, deterministic=True)
    raw.create_function("claims_0013_holds", 1, _fold_changes, deterministic=True)
    names = ", ".join(COLUMNS)
    where = " OR ".join(f"claims_0013_holds({c})" for c in COLUMNS.values())
    ids = [row[0] for row in bind.exec_driver_sql(f"SELECT id FROM claim WHERE {where}")]
    for i in range(0, len(ids), 500):
        chunk = ", ".join(str(int(cid)) for cid in ids[i:i + 500])
        values = ", ".join(f"claims_0013_old({c})" for c in COLUMNS.values())
        bind.exec_driver_sql(f"INSERT INTO claim_search (claim_search, rowid, {names}) "
                             f"SELECT 'delete', id, {values} FROM claim WHERE id IN ({chunk})")
        values = ", ".join(f"claims_0013_new({c})" for c in COLUMNS.values())
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
    for name, column in PG_INDEXES.items():
        if name in present:
            op.execute(f"DROP INDEX {name}")
            op.execute(f"CREATE INDEX {name} ON claim USING gin (({pg_new(column)}) gin_trgm_ops)")
