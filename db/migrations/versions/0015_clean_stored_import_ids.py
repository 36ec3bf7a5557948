"""import ids stored before they were cleaned are cleaned as an import cleans them now

Since cc59fde an import stores a claim's id (`claim.external_id`) cleaned: without the
invisible characters search ignores (zero-width space, soft hyphen, direction marks, variation
selectors, BOM), accents composed (NFC), a line break or tab a space, ends stripped (b956c53:
a run of spaces kept). A desk written before holds ids as the file gave them ('q\\u200b1',
'Cafe\\u0301-9'): an import of the cleaned id ('q1', 'Café-9') looked only for that, and
since deca453 looks for the raw form too, but `claims show`, an export and every later
import see two spellings of one id. Each such id is cleaned here, by the rule copied as it
is at this step.

An id is left as it is when its cleaned form would be another claim's id (stored so, or
cleaned first here: claims in id order), so no claim loses its id and no two claims are
made one without a person: `claims db check` lists such pairs, and a merge of the two (or
their being one cluster already) ends the report. An id that cleans to nothing visible, or to
more than 200 characters, is left too (an import refuses such an id now).

Downgrade leaves the ids cleaned: the raw forms are not kept, and the version before reads
cleaned ids as any it stored itself since cc59fde.

Revision ID: 0015
Revises: 0014
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
          (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
_DROP = dict.fromkeys(c for lo, hi in RANGES for c in range(lo, hi + 1))
_SPACE_LIKE = re.compile(r"\r\n|\s")
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_UNSEEN = ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me", "Cn")
MAX_ID_CHARS = 200
BATCH = 1000


def clean(given: str) -> str | None:
    """`given` cleaned, or None when the cleaned id shows nothing or is too long."""
    cleaned = _SPACE_LIKE.sub(" ", unicodedata.normalize("NFC", given.translate(_DROP))).strip()
    if len(cleaned) > MAX_ID_CHARS or all(
            ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in _UNSEEN for ch in cleaned):
        return None
    return cleaned


def upgrade() -> None:
    bind = op.get_bind()
    # only an id with a character outside printable ASCII can change
    outside = ("external_id ~ '[^ -~]'" if bind.dialect.name == "postgresql"
               else "external_id GLOB '*[^ -~]*'")
    rows = bind.execute(sa.text(f"SELECT id, external_id FROM claim WHERE {outside} ORDER BY id")).all()
    changes = {row.id: cleaned for row in rows
               if (cleaned := clean(row.external_id)) is not None and cleaned != row.external_id}
    if not changes:
        return
    wanted = sorted(set(changes.values()))
    taken: set[str] = set()
    for i in range(0, len(wanted), BATCH):
        chunk = wanted[i:i + BATCH]
        taken.update(bind.execute(sa.text("SELECT external_id FROM claim WHERE external_id IN :ids")
                                  .bindparams(sa.bindparam("ids", expanding=True)), {"ids": chunk}).scalars())
    updates = []
    for claim_id, cleaned in changes.items():  # in claim id order
        if cleaned not in taken:
            taken.add(cleaned)
            updates.append({"id": claim_id, "cleaned": cleaned})
    if updates:
        bind.execute(sa.text("UPDATE claim SET external_id = :cleaned WHERE id = :id"), updates)


def downgrade() -> None:
    pass  # the raw ids are not kept; cleaned ones are what the version before stores too
