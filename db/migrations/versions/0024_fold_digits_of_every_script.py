"""the search fold writes the decimal digits of every script as ASCII digits and drops the
Arabic tatweel: remake the search indexes made of it

`claims list --search 2024` did not find '٢٠٢٤' (Arabic-Indic digits), nor `--search १२`
(Devanagari) a stored '12': Arabic, Persian, Hindi, Bengali, Thai or Myanmar news writes its
figures in its own digits, and a fact-checker types whichever the keyboard gives. `db.folding`'s
fold now writes each of those digits as its ASCII digit on both backends, and drops the tatweel
(U+0640), the stroke that draws an Arabic word out: `--search الميزانية` did not find 'الميـزانية'
(matching reads them as one word). Outlets' stored identities keep both (migration 0018's
`outlet.identity` is unchanged). The indexes of folded text are made again, as migration 0016
made them:

- SQLite: the rows of `claim_search` (migration 0008) of the claims holding such a digit or a
  tatweel are
  deleted with their old folded values and inserted with the new ones; the others fold as before.
- PostgreSQL: the trigram indexes on the folded text, speaker and role are made again with
  the new expression, where migration 0008 made them.

Both folds are copied here as they are at this step.

Revision ID: 0024
Revises: 0023
"""

import re
import sys
import unicodedata
import uuid

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
          (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
_DROP = dict.fromkeys(c for lo, hi in RANGES for c in range(lo, hi + 1))
_CLASS = "[" + "".join(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in RANGES) + "]"
TATWEEL = "\u0640"
_DROP_AFTER = {**_DROP, ord(TATWEEL): None}
_CLASS_AFTER = _CLASS[:-1] + "\\u0640]"
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


def _escape(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


DIGIT_CLASS = "[" + "".join(f"{_escape(z)}-{_escape(z + 9)}" for z in DIGIT_ZEROS) + "]"
_DIGIT = re.compile(DIGIT_CLASS)
COLUMNS = {"text": "text", "speaker": "speaker", "role": "speaker_role"}  # index column: claim column
PG_INDEXES = {f"ix_claim_{name}_trgm": column for name, column in COLUMNS.items()}


def _fold_before(value, drop=_DROP):
    if value is None or value.isascii():
        return None if value is None else value.lower()
    folded = (unicodedata.normalize("NFKC", value.translate(drop)).casefold()
              .replace("i\u0307", "i").replace("\u0131", "i"))
    return folded if unicodedata.is_normalized("NFC", folded) else unicodedata.normalize("NFC", folded)


def _fold_after(value):
    folded = _fold_before(value, _DROP_AFTER)
    return folded if folded is None or value.isascii() else folded.translate(_TO_ASCII)


def _fold_changes(value) -> bool:
    return value is not None and not value.isascii() and (TATWEEL in value or _DIGIT.search(value) is not None)


def _sql_text(value: str) -> str:
    return "E'" + "".join(c if c.isascii() and c not in "'\\" else _escape(ord(c)) for c in value) + "'"


def _pg_letters(x: str, drop_class: str = _CLASS) -> str:
    full = f"lower(normalize(regexp_replace({x}, '{drop_class}', '', 'g'), NFKC))"
    casefolded = (f"normalize(replace(translate(replace(normalize({full}, NFD), {_sql_text('ß')}, 'ss'), "
                  f"{_sql_text(_FOLD_FROM)}, {_sql_text(_FOLD_TO)}), {_sql_text('i' + chr(0x307))}, 'i'), NFC)")
    return (f"CASE WHEN {x} ~ '{_CASEFOLD}' THEN {casefolded} "
            f"WHEN {x} ~ '{drop_class}' THEN lower(normalize(regexp_replace({x}, '{drop_class}', '', 'g'), NFKC)) "
            f"WHEN {x} IS NFKC NORMALIZED THEN lower({x}) ELSE lower(normalize({x}, NFKC)) END")


def _pg_fold_before(x: str) -> str:
    # 0016's expression: the ASCII case, then the other cases of `_pg_letters` ("CASE " dropped)
    return f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) {_pg_letters(x)[len('CASE '):]}"


def _pg_fold_after(x: str) -> str:
    letters = _pg_letters(x, _CLASS_AFTER)
    return (f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) "
            f"WHEN {x} ~ '{DIGIT_CLASS}' THEN translate({letters}, {_sql_text(_DIGITS_FROM)}, '{_DIGITS_TO}') "
            f"ELSE {letters} END")


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
    # Names of this call's own: SQLite refuses to define a function again on a connection with
    # a statement open ('Error creating function'), as a downgrade after an upgrade on one
    # pooled connection did (alembic loads this file anew for each command: no counter here lasts).
    call = uuid.uuid4().hex
    fold_old, fold_new, holds = (f"claims_0024_{name}_{call}" for name in ("old", "new", "holds"))
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
    # Each new index is built under another name first (a build takes a lock that lets the
    # desk read on); the old one is dropped only then (as migrations 0014 and 0016 do).
    for name, column in PG_INDEXES.items():
        if name in present:
            op.execute(f"CREATE INDEX {name}_0024 ON claim USING gin (({pg_new(column)}) gin_trgm_ops)")
    for name in PG_INDEXES:
        if name in present:
            op.execute(f"DROP INDEX {name}")
            op.execute(f"ALTER INDEX {name}_0024 RENAME TO {name}")
