"""outlets and reviewers stored by older versions under names that show alike are made one

Since 9cbe919 and b8a434d an outlet's and a reviewer's name is stored without the invisible
characters web text and chats carry (a zero-width space, a direction mark, a BOM, a soft
hyphen; the joiners U+200C and U+200D stay), and since the fix of issue 15's "noticed" list an
import or an ingest finds an outlet as `--outlet` does (case, NFKC width forms, straight or
curly apostrophes and hyphens). A desk written before holds 'Northline\\u200b News', 'CNN' and
'ＣＮＮ' as outlets of their own (triage counts a claim's spread over each), and 'ana\\u200b' as
a reviewer apart from 'ana' (who could neither release what it took nor undo its change).

- Outlets of one identity (the rule below, copied as it is at this step: case, width, straight
  or curly apostrophes and hyphens, runs of whitespace) become the first stored (lowest id): the others' articles are moved to it and they are deleted; its name loses
  its invisible characters. The claims seen in moved articles are marked for triage (their
  spread over outlets changed). An undone import's rows kept for redo name the outlet its
  article moved to. Each merge is an audit event (`claims history`: action 'merge-outlets',
  reviewer '(migration)') naming the outlets that went.
- Reviewers' names lose their invisible characters in `claim`, `event`, `claim_lock` and
  `repeat_seen` (where one reviewer then has two marks for a claim, the later is kept). A name
  that would show nothing is left as it is.

Downgrade leaves both: the version before reads one outlet and cleaned names as its own.

Revision ID: 0017
Revises: 0016
"""

import base64
import json
import unicodedata
import uuid
import zlib
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
          (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
_DROP = dict.fromkeys(c for lo, hi in RANGES for c in range(lo, hi + 1))
_INVISIBLE = {c: None for c in _DROP if c not in (0x200C, 0x200D)}  # joiners stay in a name
_STRAIGHT = str.maketrans({**dict.fromkeys("\u2019\u2018\u02bc", "'"), **dict.fromkeys("\u2010\u2011", "-")})
BATCH = 1000


def visible(name: str) -> str | None:
    """`name` as stored now (`claims.limits.visible_name`), or None when nothing is left."""
    return " ".join(name.translate(_INVISIBLE).split()) or None


def identity(name: str) -> str:
    """What makes two outlet names one (`db.textfold.outlet_identity`, which
    tests/test_outlet_identity.py keeps equal to this copy): the search fold, apostrophes and
    hyphens straight, whitespace one space. Without the last, 'Northline  News' (stored before
    names were made one line) was an outlet apart from 'Northline News', and renaming it to its
    cleaned name failed on UNIQUE(outlet.name): the upgrade, and so every command, failed."""
    folded = (unicodedata.normalize("NFKC", name.translate(_DROP)).casefold()
              .replace("i\u0307", "i").replace("\u0131", "i"))
    return " ".join(unicodedata.normalize("NFC", folded).translate(_STRAIGHT).split())


def _merge_outlets(bind, step: str = "0017") -> None:
    merged: dict[int, int] = {}
    groups: dict[str, list[tuple[int, str]]] = {}
    for row in bind.execute(sa.text("SELECT id, name FROM outlet ORDER BY id")):
        groups.setdefault(identity(row.name), []).append((row.id, row.name))
    for (keep, name), *others in groups.values():
        gone = [i for i, _ in others]
        if gone:
            _note_merge(bind, step, visible(name) or name, [n for _, n in others])
        merged.update(dict.fromkeys(gone, keep))
        for n in range(0, len(gone), BATCH):
            chunk = {"ids": gone[n:n + BATCH]}
            ids = sa.bindparam("ids", expanding=True)
            bind.execute(sa.text("INSERT INTO triage_dirty (claim_id) SELECT a.claim_id FROM appearance a "
                                 "JOIN article r ON r.id = a.article_id WHERE r.outlet_id IN :ids").bindparams(ids),
                         chunk)
            bind.execute(sa.text("UPDATE article SET outlet_id = :keep WHERE outlet_id IN :ids").bindparams(ids),
                         {"keep": keep, **chunk})
            bind.execute(sa.text("DELETE FROM outlet WHERE id IN :ids").bindparams(ids), chunk)
        cleaned = visible(name)
        if cleaned and cleaned != name:
            bind.execute(sa.text("UPDATE outlet SET name = :name WHERE id = :id"), {"name": cleaned, "id": keep})
    if merged:
        _repoint_undone_imports(bind, merged)


MIGRATION_REVIEWER = "(migration)"


def _note_merge(bind, step: str, kept: str, gone: list[str]) -> None:
    """An audit row (`claims history`) naming the outlets made one: which names went is not
    kept anywhere else (found in review of issue 15's noticed list)."""
    shown = ", ".join(repr(n) for n in gone)
    bind.execute(sa.text("INSERT INTO event (at, reviewer, action, field, old, new, note, batch, undone) "
                         "VALUES (:at, :reviewer, 'merge-outlets', 'outlet', :old, :new, :note, :batch, :undone)"),
                 {"at": datetime.now(UTC), "reviewer": MIGRATION_REVIEWER, "undone": False,
                  "old": json.dumps(gone, ensure_ascii=False), "new": kept, "batch": uuid.uuid4().hex,
                  "note": f"migration {step}: outlet(s) {shown} made one with {kept!r} (their articles moved to it)"})


PAYLOAD_PREFIX = "rows:"  # claims.services.import_undo's encoding, copied as it is at this step


def _repoint_undone_imports(bind, merged: dict[int, int]) -> None:
    """The rows an import's undo keeps for redo name the outlet of each article by id: one
    merged away here is named by the outlet it became, or redo failed (FOREIGN KEY) and the
    import could never be redone."""
    undos = bind.execute(sa.text("SELECT id, old FROM event WHERE action = 'undo' AND field = 'import' "
                                 "AND old LIKE 'rows:%'")).all()
    for event_id, old in undos:
        payload = json.loads(zlib.decompress(base64.b64decode(old[len(PAYLOAD_PREFIX):])))
        articles = payload.get("articles") or {"columns": [], "rows": []}
        if "outlet_id" not in articles["columns"]:
            continue
        at = articles["columns"].index("outlet_id")
        # An outlet the import made itself went with its undo, and redo makes it again: its id,
        # reused since on SQLite by an outlet merged here, is not that outlet (found in review).
        made = payload.get("outlets") or {"columns": [], "rows": []}
        own = {row[made["columns"].index("id")] for row in made["rows"]} if "id" in made["columns"] else set()
        moved = [row for row in articles["rows"] if row[at] in merged and row[at] not in own]
        if not moved:
            continue
        for row in moved:
            row[at] = merged[row[at]]
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        bind.execute(sa.text("UPDATE event SET old = :old WHERE id = :id"),
                     {"old": PAYLOAD_PREFIX + base64.b64encode(zlib.compress(raw, 1)).decode("ascii"), "id": event_id})


def _outside_ascii(bind, column: str) -> str:
    return f"{column} ~ '[^ -~]'" if bind.dialect.name == "postgresql" else f"{column} GLOB '*[^ -~]*'"


def _clean_reviewers(bind) -> None:
    for table in ("claim", "event", "claim_lock"):
        names = bind.execute(sa.text(f"SELECT DISTINCT reviewer FROM {table} "
                                     f"WHERE {_outside_ascii(bind, 'reviewer')}")).scalars().all()
        changes = [{"raw": raw, "cleaned": cleaned} for raw in names
                   if (cleaned := visible(raw)) is not None and cleaned != raw]
        if changes:
            bind.execute(sa.text(f"UPDATE {table} SET reviewer = :cleaned WHERE reviewer = :raw"), changes)
    rows = bind.execute(sa.text(f"SELECT claim_id, reviewer, seen_at FROM repeat_seen "
                                f"WHERE {_outside_ascii(bind, 'reviewer')}")).all()
    for claim_id, raw, seen_at in rows:
        cleaned = visible(raw)
        if cleaned is None or cleaned == raw:
            continue
        key = {"claim": claim_id, "cleaned": cleaned}
        other = bind.execute(sa.text("SELECT seen_at FROM repeat_seen WHERE claim_id = :claim AND reviewer = :cleaned"),
                             key).first()
        if other is None:
            bind.execute(sa.text("UPDATE repeat_seen SET reviewer = :cleaned WHERE claim_id = :claim AND reviewer = :raw"),
                         {**key, "raw": raw})
            continue
        if other.seen_at < seen_at:
            bind.execute(sa.text("UPDATE repeat_seen SET seen_at = :at WHERE claim_id = :claim AND reviewer = :cleaned"),
                         {**key, "at": seen_at})
        bind.execute(sa.text("DELETE FROM repeat_seen WHERE claim_id = :claim AND reviewer = :raw"),
                     {"claim": claim_id, "raw": raw})


def upgrade() -> None:
    bind = op.get_bind()
    _merge_outlets(bind)
    _clean_reviewers(bind)


def downgrade() -> None:
    pass  # the names as they were are not kept; the version before reads these as its own
