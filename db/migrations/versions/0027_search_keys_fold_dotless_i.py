"""the archive search's keys fold the Turkish dotless ı to i, as `claims list --search` does:
remake the stored keys that hold one

`claims search 'Yildirim'` missed a claim reading 'Yıldırım' (nor did 'IŞIK', folded 'işik',
find 'Işık', folded 'işık'), though `claims list --search Yildirim` found it: the list's fold writes ı
as i since migration 0016, the matching analysis (`claims.matching.normalize`), whose words
are the keys `claims search` and `claims dupes` look claims up by, did not. It does now; it
differed from the list's fold in no other letter (every code point compared between two
letters: ı and the mathematical 𝚤, which NFKC makes ı).

A key is the word itself where it holds ı (the stemmer is English: it leaves a word beyond
ASCII as it is), so the keys are remade from the keys, with what the analysis does to a word
(`_term`, copied here as it is at this step): ı is i; a word that is then an English stop word
('ın' is 'in') is no key; one that is then ASCII is stemmed ('kırmızıs' is 'kirmizi'). On both
backends, for each claim holding such a key (and its `t:` title keys alike):

- `claim_key`: its old keys are deleted and the new ones inserted, once (a claim saying both
  'Yildirim' and 'Yıldırım' holds 'yildirim' once);
- `key_stat`: the counts of the old keys go down (a row at 0 is deleted), of the new ones up;
- `claim_keyset` (migration 0019): its row is written again with the new keys;
- its pair keys (`p:`, the crc32 of two of its own keys per band: `pair_keys`, copied here as it
  is at this step) are made again of its new own keys, as an import makes them.

So the index needs no `claims dupes --rebuild` (it stays at its keys version, 7). The matches
stored are not computed again: two claims the fold now makes alike ('Yildirim' and 'Yıldırım'
said the same) are found a pair by the next `claims dupes --rebuild`, which recomputes the
matches of a current index without remaking it. A key of 64 characters is read as a longer
word cut (not stemmed), as the analysis cuts one.

Downgrade: a key 'yildirim' does not say whether it was written 'Yıldırım'; where a stored
claim or title holds ı (or 𝚤), the index is marked as made by another version of the keys
(`#keys-version` 0): `claims search` then says so, and `claims dupes --rebuild` remakes it.

Revision ID: 0027
Revises: 0026
"""

import re
import zlib
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

DOTLESS_I = "\u0131"
MATH_DOTLESS_I = "\U0001d6a4"  # NFKC: ı
TITLE_PREFIX = "t:"
PAIR_PREFIX = "p:"
SEPARATOR = "\x1f"  # claims.models.KEY_SEPARATOR (SQLite's keyset rows)
VERSION_KEY = "#keys-version"
MAX_TERM_CHARS = 64
# claims.matching.normalize.STOP_WORDS at this step, those holding an i (what a word with ı can become)
STOP_WORDS_WITH_I = frozenset((
    "again", "against", "being", "did", "doing", "during", "having", "him", "himself", "his", "i", "if", "in", "into",
    "is", "it", "its", "itself", "might", "their", "theirs", "this", "until", "via", "which", "while", "will", "with"))
_VOWELS = frozenset("aeiou")


def _is_consonant(word: str, i: int) -> bool:
    ch = word[i]
    if ch in _VOWELS:
        return False
    if ch == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    m, prev_vowel = 0, False
    for i in range(len(stem)):
        vowel = not _is_consonant(stem, i)
        if prev_vowel and not vowel:
            m += 1
        prev_vowel = vowel
    return m


def _has_vowel(stem: str) -> bool:
    return any(not _is_consonant(stem, i) for i in range(len(stem)))


def stem(word: str) -> str:
    """claims.matching.stem.stem at this step (Porter's step 1; English, ASCII words only)."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("sses") or word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    else:
        for suffix in ("ed", "ing"):
            if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
                word = word[: -len(suffix)]
                if word.endswith(("at", "bl", "iz")):
                    word += "e"
                elif len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1) \
                        and word[-1] not in "lsz":
                    word = word[:-1]
                elif _measure(word) == 1 and len(word) >= 3 and _is_consonant(word, len(word) - 3) \
                        and not _is_consonant(word, len(word) - 2) and _is_consonant(word, len(word) - 1) \
                        and word[-1] not in "wxy":
                    word += "e"
                break
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    return word


def new_key(key: str) -> str | None:
    """The key the analysis makes now of the word `key` was made of (None: no key)."""
    prefix = TITLE_PREFIX if key.startswith(TITLE_PREFIX) else ""
    word = key[len(prefix):].replace(DOTLESS_I, "i")
    if word in STOP_WORDS_WITH_I:
        return None
    if len(word) < MAX_TERM_CHARS:
        word = stem(word)
    return prefix + word


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


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT claim_id, key FROM claim_key WHERE key LIKE :pattern"),
                        {"pattern": f"%{DOTLESS_I}%"}).all()
    claims = sorted({row.claim_id for row in rows})
    for i in range(0, len(claims), 500):
        _rekey(bind, claims[i:i + 500])


def _rekey(bind, claim_ids: list[int]) -> None:
    ids = sa.bindparam("ids", expanding=True)
    held: dict[int, list[str]] = {}
    for row in bind.execute(sa.text("SELECT claim_id, key FROM claim_key WHERE claim_id IN :ids")
                            .bindparams(ids), {"ids": claim_ids}):
        held.setdefault(row.claim_id, []).append(row.key)
    gone: list[dict] = []
    added: list[dict] = []
    counts: Counter = Counter()
    for cid, keys in held.items():
        before = set(keys)
        after = {k for k in keys if DOTLESS_I not in k and not k.startswith(PAIR_PREFIX)}
        after.update(n for k in keys if DOTLESS_I in k and (n := new_key(k)))
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
    _rewrite_keysets(bind, claim_ids)


def _rewrite_keysets(bind, claim_ids: list[int]) -> None:
    """Each claim's `claim_keyset` row with its keys remade (in their order, each once)."""
    postgresql = bind.dialect.name == "postgresql"
    ids = sa.bindparam("ids", expanding=True)
    for row in bind.execute(sa.text("SELECT claim_id, keys FROM claim_keyset WHERE claim_id IN :ids")
                            .bindparams(ids), {"ids": claim_ids}).all():
        keys = list(row.keys) if postgresql else row.keys.split(SEPARATOR)
        if not any(DOTLESS_I in k for k in keys):
            continue
        remade = [k for k in dict.fromkeys(new_key(k) if DOTLESS_I in k else k for k in keys) if k]
        if not remade:
            bind.execute(sa.text("DELETE FROM claim_keyset WHERE claim_id = :cid"), {"cid": row.claim_id})
            continue
        bind.execute(sa.text("UPDATE claim_keyset SET keys = :keys WHERE claim_id = :cid"),
                     {"keys": remade if postgresql else SEPARATOR.join(remade), "cid": row.claim_id})


def downgrade() -> None:
    bind = op.get_bind()
    held = bind.execute(sa.text(
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM claim WHERE text LIKE :a OR text LIKE :b) "
        "OR EXISTS (SELECT 1 FROM article WHERE title LIKE :a OR title LIKE :b)"),
        {"a": f"%{DOTLESS_I}%", "b": f"%{MATH_DOTLESS_I}%"}).first()
    if held:
        bind.execute(sa.text("UPDATE key_stat SET df = 0 WHERE key = :key"), {"key": VERSION_KEY})
