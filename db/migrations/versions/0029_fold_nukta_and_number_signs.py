"""search and matching drop the Devanagari nukta, and search reads the Arabic percent sign and
separators as '%', '.' and ',': refold the stored search rows and remake the keys made of them

`claims list --search बेरोजगारी` missed a claim holding 'बेरोज़गारी' (written with the nukta,
U+093C, or the letter U+095B), and `claims search` too (its keys kept the nukta): Hindi writes
the nukta for a loan's sound and as often leaves it out. Both folds drop it now, and fold the
three letters NFC writes with it as one (ऩ ऱ ऴ are न र ळ): `db.folding._drop_marks` and
`claims.matching.normalize._clean`. `list --search 30%` missed '٣٠٪', `3.5` '۳٫۵' and `12500`
'١٢٬٥٠٠', which `claims search` found (its analysis reads U+066A-U+066C as '%', '.' and ','):
the search fold does too now (`db.folding.fold_text`). Copied here as they are at this step, the
folds before and after it. On both backends:

- SQLite: the rows of `claim_search` (migration 0008) of the claims whose text, speaker or role
  folds otherwise now are deleted with their old folded values and inserted with the new ones.
- PostgreSQL: the trigram indexes on the folded text, speaker and role are made again with the
  new expression, where migration 0008 made them.
- The matching keys: a key is the word itself where it holds a Devanagari letter (the stemmer
  and the stop words are English), so the keys of the claims whose text or title holds a nukta
  (or ऩ ऱ ऴ) are remade from the keys (`new_key`), as 0028 remade them: `claim_key` (the claim's own keys, `t:` title keys, and
  its `p:` pair keys made again of its new own keys), `key_stat` counts, `claim_keyset` rows.
  The index stays at its keys version (7); the matches stored are not computed again (`claims
  dupes --rebuild` finds the pairs the fold makes alike). A key of 64 characters (a longer word
  cut) that held a nukta is one character shorter than the analysis would cut it now: such a
  word (64 letters and more) is found by its start all the same. The number signs change no
  key (the analysis read them so already).
- Outlets: an outlet's identity (`db.folding.outlet_identity`) drops the nukta now (not the
  number signs: an identity keeps its digits as written), so an outlet whose name holds one gets
  its identity again, and outlets that are now one are made one as 0028 made them (the articles
  move to the outlet made first, an audit row names the others).

Downgrade: the search rows and indexes get the fold before again, the outlets their identities
before (outlets made one stay one); a key 'बेरोजगारी' does not say whether it was written with a
nukta, so where a stored claim or title holds one, the matching index is marked as made by
another version of the keys (`#keys-version` 0): `claims search` says so, and `claims dupes
--rebuild` remakes it.

Revision ID: 0029
Revises: 0028
"""

import hashlib
import re
import sys
import unicodedata
import uuid
import zlib
from collections import Counter

import sqlalchemy as sa
from alembic import op

from db.migrations.outlets_0017 import note_merge, repoint_undone_imports

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

# --- the search fold (`db.folding.fold_text`, `postgresql_fold`) before and after this step ---

IGNORABLE_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
                    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3),
                    (0xE0001, 0xE0001), (0xE0020, 0xE007F), (0xE0100, 0xE01EF))


def _escape(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _sql_text(value: str) -> str:  # ('%' escaped: the driver reads it as a placeholder's start)
    return "E'" + "".join(c if c.isascii() and c not in "'\\%" else _escape(ord(c)) for c in value) + "'"


def _sql_plain(value: str) -> str:
    """'value' as 0028 wrote its ASCII literals, or an E'' literal where it holds a '%'."""
    return _sql_text(value) if "%" in value else f"'{value}'"


_DROP_IGNORABLE = dict.fromkeys(c for lo, hi in IGNORABLE_RANGES for c in range(lo, hi + 1))
_SEARCH_DROP = {**_DROP_IGNORABLE, 0x0640: None}
SEARCH_DROP_CLASS = "[" + "".join(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}"
                                  for lo, hi in IGNORABLE_RANGES) + "\\u0640]"
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
DIGIT_CLASS = "[" + "".join(f"{_escape(z)}-{_escape(z + 9)}" for z in DIGIT_ZEROS) + "]"
_GREEK = re.compile("[\\u0370-\\u03ff\\u1f00-\\u1fff]")


class Fold:
    """The search fold of one step: the marks it drops, the letters it folds, the characters it
    writes as ASCII digits and signs; `marked` finds the text (as stored) holding a mark or letter."""

    def __init__(self, marks: str, letters: tuple[str, str], marked: str, numerals: tuple[str, str, str]):
        self.marks_class = f"[\\u0640{marks}]"
        self.greek_marked = f"([\\u0370-\\u03ff\\u1f00-\\u1fff])[\\u0300-\\u036f{marks}]+"
        self.letters_from, self.letters_to = letters
        self.marked_class = marked
        self.numeral_class, self.numerals_from, self.numerals_to = numerals
        self._marks, self._greek_marked = re.compile(self.marks_class), re.compile(self.greek_marked)
        self._marked, self._numeral = re.compile(marked), re.compile(self.numeral_class)
        self._letters = str.maketrans(*letters)
        self._numerals = str.maketrans(self.numerals_from, self.numerals_to)

    def letters(self, value: str, drop: dict = _SEARCH_DROP) -> str:
        folded = (unicodedata.normalize("NFKC", value.translate(drop)).casefold()
                  .replace("i\u0307", "i").replace("\u0131", "i"))
        return folded if unicodedata.is_normalized("NFC", folded) else unicodedata.normalize("NFC", folded)

    def drop_marks(self, folded: str) -> str:
        if self._marked.search(folded):
            folded = self._marks.sub("", folded).translate(self._letters)
            if not unicodedata.is_normalized("NFC", folded):
                folded = unicodedata.normalize("NFC", folded)
        if _GREEK.search(folded):
            folded = unicodedata.normalize("NFC", self._greek_marked.sub(r"\1", unicodedata.normalize("NFD", folded)))
        return folded

    def __call__(self, value):
        if value is None or value.isascii():
            return None if value is None else value.lower()
        folded = self.drop_marks(self.letters(value))
        return folded.translate(self._numerals) if self._numeral.search(folded) else folded

    def _pg_drop_marks(self, folded: str) -> str:
        return (f"normalize(translate(regexp_replace({folded}, '{self.marks_class}', '', 'g'), "
                f"{_sql_text(self.letters_from)}, {_sql_text(self.letters_to)}), NFC)")

    def sql(self, x: str) -> str:
        dropped = f"lower(normalize(regexp_replace({x}, '{SEARCH_DROP_CLASS}', '', 'g'), NFKC))"
        casefolded = (f"normalize(regexp_replace(replace(translate(replace(normalize({dropped}, NFD), "
                      f"{_sql_text('ß')}, 'ss'), {_sql_text(_FOLD_FROM)}, {_sql_text(_FOLD_TO)}), "
                      f"{_sql_text('i' + chr(0x307))}, 'i'), '{self.greek_marked}', '\\1', 'g'), NFC)")
        letters = (f"CASE WHEN {x} ~ '{_CASEFOLD}' THEN {self._pg_drop_marks(casefolded)} "
                   f"WHEN {x} ~ '{self.marked_class}' THEN {self._pg_drop_marks(dropped)} "
                   f"WHEN {x} ~ '{SEARCH_DROP_CLASS}' THEN {dropped} "
                   f"WHEN {x} IS NFKC NORMALIZED THEN lower({x}) ELSE lower(normalize({x}, NFKC)) END")
        return (f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) "
                f"ELSE translate({letters}, CASE WHEN {x} ~ '{self.numeral_class}' "
                f"THEN {_sql_text(self.numerals_from)} ELSE '' END, {_sql_plain(self.numerals_to)}) END")


MARKS_0028 = "\\u064b-\\u065f\\u0670\\u0591-\\u05bd\\u05bf\\u05c1\\u05c2\\u05c4\\u05c5\\u05c7"
ARABIC = ("\u0623\u0625\u0622\u0671\u06cc\u06a9", "\u0627\u0627\u0627\u0627\u064a\u0643")
MARKED_0028 = "\\u0591-\\u05c7\\u0622\\u0623\\u0625\\u0640\\u064b-\\u065f\\u0670-\\u0678\\u06a9\\u06cc"
PRESENTATION = "\\ufb1d-\\ufdff\\ufe70-\\ufeff"
# what this step adds: the nukta dropped, the three letters NFC writes with it folded, and
# U+0958-U+095F (NFKC writes them as letter and nukta) among what holds a mark; the number signs
NUKTA = "\u093c"
DEVANAGARI = ("\u0929\u0931\u0934", "\u0928\u0930\u0933")
NUMBER_SIGNS = ("\u066a\u066b\u066c", "%.,")

FOLD_BEFORE = Fold(MARKS_0028, ARABIC, f"[{MARKED_0028}{PRESENTATION}]", (DIGIT_CLASS, _DIGITS_FROM, _DIGITS_TO))
FOLD_AFTER = Fold(MARKS_0028 + "\\u093c", (ARABIC[0] + DEVANAGARI[0], ARABIC[1] + DEVANAGARI[1]),
                  f"[{MARKED_0028}\\u0929\\u0931\\u0934\\u093c\\u0958-\\u095f{PRESENTATION}]",
                  (DIGIT_CLASS[:-1] + "\\u066a-\\u066c]", _DIGITS_FROM + NUMBER_SIGNS[0], _DIGITS_TO + NUMBER_SIGNS[1]))
# the characters of a stored text whose fold this step changes (NFKC makes none of them of another)
_CHANGED = re.compile("[\u0929\u0931\u0934\u093c\u0958-\u095f\u066a-\u066c]")


def fold_before(value):
    """The search fold of 0028 (`db.folding.fold_text` before this step)."""
    return FOLD_BEFORE(value)


def fold_after(value):
    """The search fold from this step (`db.folding.fold_text`)."""
    return FOLD_AFTER(value)


def pg_fold_before(x: str) -> str:
    """`db.folding.postgresql_fold` before this step (0028's)."""
    return FOLD_BEFORE.sql(x)


def pg_fold_after(x: str) -> str:
    """`db.folding.postgresql_fold` from this step."""
    return FOLD_AFTER.sql(x)


def _fold_changes(value) -> bool:
    """Whether the fold of `value` is another from this step (most text is ASCII, and most of
    the rest holds none of the characters: the two folds are computed for the few that do)."""
    return (value is not None and not value.isascii() and _CHANGED.search(value) is not None
            and fold_before(value) != fold_after(value))


_STRAIGHT = str.maketrans({**dict.fromkeys("\u2019\u2018\u02bc", "'"), **dict.fromkeys("\u2010\u2011", "-")})


def identity(name: str, nukta: bool = True) -> str:
    """An outlet's identity as stored (`db.folding.outlet_identity_key`): from this step (or,
    not `nukta`, before it) the fold without the digit rule, the marks dropped (a name of marks
    alone keeps them), apostrophes and hyphens straight, whitespace one space; past 1,000 bytes
    its start and a SHA-256 of the whole."""
    if name.isascii():
        folded = name.lower()
    else:
        fold = FOLD_AFTER if nukta else FOLD_BEFORE
        folded = fold.letters(name, _DROP_IGNORABLE)
        dropped = fold.drop_marks(folded)
        folded = dropped if dropped.strip() else folded
    found = " ".join(folded.translate(_STRAIGHT).split())
    if len(found.encode()) <= 1000:
        return found
    return found[:100] + "\n#" + hashlib.sha256(found.encode()).hexdigest()


COLUMNS = {"text": "text", "speaker": "speaker", "role": "speaker_role"}  # index column: claim column
PG_INDEXES = {f"ix_claim_{name}_trgm": column for name, column in COLUMNS.items()}

# --- the matching keys (`claims.matching.normalize._clean`'s new step, word by word) ---------

TITLE_PREFIX = "t:"
PAIR_PREFIX = "p:"
SEPARATOR = "\x1f"  # claims.models.KEY_SEPARATOR (SQLite's keyset rows)
VERSION_KEY = "#keys-version"
_KEY_LETTERS = str.maketrans({NUKTA: None, **dict(zip(map(ord, DEVANAGARI[0]), DEVANAGARI[1], strict=True))})
# what a stored claim or title holds that makes a key this step folds (U+0958-U+095F: NFKC
# writes them with a nukta)
HOLDS_NUKTA = "[\\u0929\\u0931\\u0934\\u093c\\u0958-\\u095f]"
_HOLDS_NUKTA = re.compile(HOLDS_NUKTA)


def _holds_nukta_py(value) -> bool:
    return value is not None and not value.isascii() and _HOLDS_NUKTA.search(value) is not None


def new_key(key: str):
    """The key the analysis makes now of the word `key` was made of (None: no key; 'ज़' is now
    a lone letter, which is no key, as `claims.matching.normalize._term` has it; '०़' is '0')."""
    word = key.translate(_KEY_LETTERS)
    if word == key:
        return key
    rest = word[len(TITLE_PREFIX):] if word.startswith(TITLE_PREFIX) else word
    if not rest or (len(rest) < 2 and not rest[0].isdigit() and rest < "\u2e80"):
        return None
    return word


# claims.matching.candidates at this step: the bands of the pair keys, and what a number key is
_BANDS = ((0x9E3779B1, 0x7F4A7C15), (0x85EBCA77, 0x165667B1), (0xC2B2AE3D, 0x27D4EB2F))
_BANDS_INVERTED = tuple((a, c, pow(a, -1, 1 << 32)) for a, c in _BANDS)
_MASK = 0xFFFFFFFF
NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")


def pair_keys(keys) -> list[str]:
    """claims.matching.candidates.pair_keys at this step: a claim's pair keys, of its own keys."""
    crcs = {zlib.crc32(k.encode()) for k in keys if not (k[0].isdigit() and NUMBER_RE.match(k))}
    if len(crcs) < 2:
        return []
    pairs = set()
    for a, c, inverse in _BANDS_INVERTED:
        order = [(x * a + c) & _MASK for x in crcs]
        first = min(order)
        order.remove(first)
        x, y = ((first - c) * inverse) & _MASK, ((min(order) - c) * inverse) & _MASK
        pairs.add((min(x, y) << 32) | max(x, y))
    return [f"{PAIR_PREFIX}{code:016x}" for code in sorted(pairs)]


# --- upgrade, downgrade --------------------------------------------------------------------

def upgrade() -> None:
    bind = op.get_bind()
    _remake_search(bind, old=fold_before, new=fold_after, pg_new=pg_fold_after)
    _rekey(bind)
    _rekey_outlets(bind, nukta=True)


def downgrade() -> None:
    bind = op.get_bind()
    _remake_search(bind, old=fold_after, new=fold_before, pg_new=pg_fold_before)
    _rekey_outlets(bind, nukta=False)
    if _holds_nukta(bind):
        bind.execute(sa.text("UPDATE key_stat SET df = 0 WHERE key = :key"), {"key": VERSION_KEY})


def _remake_search(bind, old, new, pg_new) -> None:
    if bind.dialect.name == "postgresql":
        _remake_postgresql(pg_new)
    else:
        _remake_sqlite(bind, old, new)


def _remake_sqlite(bind, old, new) -> None:
    if not bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'claim_search'").first():
        return  # this SQLite has no FTS5: there is no index to remake
    raw = bind.connection.dbapi_connection
    # Names of this call's own (as 0024: SQLite refuses to define a function again on a
    # connection with a statement open).
    call = uuid.uuid4().hex
    fold_old, fold_new, changes = (f"claims_0029_{name}_{call}" for name in ("old", "new", "changes"))
    raw.create_function(fold_old, 1, old, deterministic=True)
    raw.create_function(fold_new, 1, new, deterministic=True)
    raw.create_function(changes, 1, _fold_changes, deterministic=True)
    names = ", ".join(COLUMNS)
    # (a GLOB of the characters took 5 s at 100,000 claims; `_fold_changes` 0.4 s)
    where = " OR ".join(f"{changes}({c})" for c in COLUMNS.values())
    ids = [row[0] for row in bind.exec_driver_sql(f"SELECT id FROM claim WHERE {where}")]
    for i in range(0, len(ids), 500):
        chunk = ", ".join(str(int(cid)) for cid in ids[i:i + 500])
        values = ", ".join(f"{fold_old}({c})" for c in COLUMNS.values())
        bind.exec_driver_sql(f"INSERT INTO claim_search (claim_search, rowid, {names}) "
                             f"SELECT 'delete', id, {values} FROM claim WHERE id IN ({chunk})")
        values = ", ".join(f"{fold_new}({c})" for c in COLUMNS.values())
        bind.exec_driver_sql(f"INSERT INTO claim_search (rowid, {names}) "
                             f"SELECT id, {values} FROM claim WHERE id IN ({chunk})")


def _remake_postgresql(pg_new) -> None:
    bind = op.get_bind()
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
            op.execute(f"CREATE INDEX {name}_0029 ON claim USING gin (({pg_new(column)}) gin_trgm_ops)")
    for name in PG_INDEXES:
        if name in present:
            op.execute(f"DROP INDEX {name}")
            op.execute(f"ALTER INDEX {name}_0029 RENAME TO {name}")


def _nukta_test(bind):
    """A function of a column's name: the SQL test of whether it holds `HOLDS_NUKTA` (on SQLite
    a Python function of this call's own: a GLOB of the class took 5 s at 100,000 claims)."""
    if bind.dialect.name == "postgresql":
        return lambda column: f"{column} ~ '{HOLDS_NUKTA}'"
    name = f"claims_0029_nukta_{uuid.uuid4().hex}"
    bind.connection.dbapi_connection.create_function(name, 1, _holds_nukta_py, deterministic=True)
    return lambda column: f"{name}({column})"


def _holds_nukta(bind) -> bool:
    """Whether a stored claim or article title holds what makes a key this step changes."""
    holds = _nukta_test(bind)
    return bind.exec_driver_sql(
        f"SELECT 1 WHERE EXISTS (SELECT 1 FROM claim WHERE {holds('text')}) "
        f"OR EXISTS (SELECT 1 FROM article WHERE {holds('title')})").first() is not None


def _rekey(bind) -> None:
    """The keys of the claims whose text or title (`claims.services.claim_titles`: an article
    they appeared in) holds a nukta: the keys are made of those alone, and reading them so is
    cheaper than testing every key (1.7M keys at 100,000 claims, 1.8 s on SQLite)."""
    holds = _nukta_test(bind)
    claims = sorted({row[0] for row in bind.exec_driver_sql(
        f"SELECT id FROM claim WHERE {holds('text')} UNION SELECT a.claim_id FROM appearance a "
        f"JOIN article r ON r.id = a.article_id WHERE {holds('r.title')}")})
    for i in range(0, len(claims), 500):
        _rekey_claims(bind, claims[i:i + 500])


def _rekey_claims(bind, claim_ids: list[int]) -> None:
    ids = sa.bindparam("ids", expanding=True)
    held: dict[int, list[str]] = {}
    for row in bind.execute(sa.text("SELECT claim_id, key FROM claim_key WHERE claim_id IN :ids")
                            .bindparams(ids), {"ids": claim_ids}):
        held.setdefault(row.claim_id, []).append(row.key)
    gone: list[dict] = []
    added: list[dict] = []
    counts: Counter = Counter()
    changed = [cid for cid, keys in held.items() if any(new_key(k) != k for k in keys)]
    for cid in changed:  # (a claim whose keys hold none, as 0028 left it: its pair keys too)
        keys = held[cid]
        before = set(keys)
        after = {n for k in keys if not k.startswith(PAIR_PREFIX) and (n := new_key(k))}
        after.update(pair_keys([k for k in after if not k.startswith(TITLE_PREFIX)]))
        for key in before - after:
            gone.append({"key": key, "cid": cid})
            counts[key] -= 1
        for key in after - before:
            added.append({"key": key, "cid": cid})
            counts[key] += 1
    for key in [k for k in counts if k.startswith(PAIR_PREFIX)]:
        del counts[key]  # a pair key's count is not kept
    if gone:
        bind.execute(sa.text("DELETE FROM claim_key WHERE key = :key AND claim_id = :cid"), gone)
    if added:
        bind.execute(sa.text("INSERT INTO claim_key (key, claim_id) VALUES (:key, :cid)"), added)
    for key, change in counts.items():
        if change:
            bind.execute(sa.text("INSERT INTO key_stat (key, df) VALUES (:key, :df) "
                                 "ON CONFLICT (key) DO UPDATE SET df = key_stat.df + excluded.df"),
                         {"key": key, "df": change})
    if counts:
        keys = sa.bindparam("keys", expanding=True)
        bind.execute(sa.text("DELETE FROM key_stat WHERE key IN :keys AND df <= 0").bindparams(keys),
                     {"keys": list(counts)})
    if changed:
        _rewrite_keysets(bind, changed)


def _rewrite_keysets(bind, claim_ids: list[int]) -> None:
    """Each claim's `claim_keyset` row with its keys remade (in their order, each once)."""
    postgresql = bind.dialect.name == "postgresql"
    ids = sa.bindparam("ids", expanding=True)
    for row in bind.execute(sa.text("SELECT claim_id, keys FROM claim_keyset WHERE claim_id IN :ids")
                            .bindparams(ids), {"ids": claim_ids}).all():
        keys = list(row.keys) if postgresql else row.keys.split(SEPARATOR)
        remade = [k for k in dict.fromkeys(map(new_key, keys)) if k]
        if not remade:
            bind.execute(sa.text("DELETE FROM claim_keyset WHERE claim_id = :cid"), {"cid": row.claim_id})
        elif remade != keys:
            bind.execute(sa.text("UPDATE claim_keyset SET keys = :keys WHERE claim_id = :cid"),
                         {"keys": remade if postgresql else SEPARATOR.join(remade), "cid": row.claim_id})


def _rekey_outlets(bind, *, nukta: bool) -> None:
    """The identity of each outlet whose name holds a nukta (or a letter with one) made again
    (`identity`); where `nukta` (the upgrade), outlets of one identity then are made one (the
    one made first kept), as 0028 made them."""
    rows = bind.execute(sa.text(f"SELECT id, name, identity FROM outlet WHERE {_nukta_test(bind)('name')} "
                                "ORDER BY id")).all()
    changed = {row.id: (row.name, key) for row in rows if (key := identity(row.name, nukta)) != row.identity}
    if not changed:
        return
    groups: dict[str, list[tuple[int, str]]] = {}
    for outlet_id, (name, key) in changed.items():
        groups.setdefault(key, []).append((outlet_id, name))
    keys = sa.bindparam("keys", expanding=True)
    for row in bind.execute(sa.text("SELECT id, name, identity FROM outlet WHERE identity IN :keys")
                            .bindparams(keys), {"keys": list(groups)}):
        if row.id not in changed:  # an outlet already of that identity
            groups[row.identity].append((row.id, row.name))
    merged: dict[int, int] = {}
    ids = sa.bindparam("ids", expanding=True)
    for members in groups.values():
        (keep, kept_name), *others = sorted(members)
        if others and nukta:
            gone = [i for i, _ in others]
            note_merge(bind, "0029", kept_name, [n for _, n in others])
            bind.execute(sa.text("INSERT INTO triage_dirty (claim_id) SELECT a.claim_id FROM appearance a "
                                 "JOIN article r ON r.id = a.article_id WHERE r.outlet_id IN :ids").bindparams(ids),
                         {"ids": gone})
            bind.execute(sa.text("UPDATE article SET outlet_id = :keep WHERE outlet_id IN :ids").bindparams(ids),
                         {"keep": keep, "ids": gone})
            bind.execute(sa.text("DELETE FROM outlet WHERE id IN :ids").bindparams(ids), {"ids": gone})
            merged.update(dict.fromkeys(gone, keep))
        # (a downgrade: the outlets an upgrade made one stay one, each with its old identity)
        for outlet_id in [keep] if nukta else [i for i, _ in members]:
            if outlet_id in changed:
                bind.execute(sa.text("UPDATE outlet SET identity = :identity WHERE id = :id"),
                             {"identity": changed[outlet_id][1], "id": outlet_id})
    if merged:
        repoint_undone_imports(bind, merged)
