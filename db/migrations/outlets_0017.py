"""Outlets of one identity made one, as migration 0017 does it: its code as it is at that step,
shared with 0018 (which makes one, again, the outlets written apart since 0017 before its unique
index). A migration is history: this module is not changed to follow the desk's rules, and a
later step that needs other code keeps its own copy. 0018 loaded 0017's file by its path, so a
migration depended on how the folder of migrations is laid out.
"""

import base64
import json
import unicodedata
import uuid
import zlib
from datetime import UTC, datetime

import sqlalchemy as sa

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
    """What makes two outlet names one (`db.folding.outlet_identity`, which
    tests/test_outlet_identity.py keeps equal to this copy): the search fold, apostrophes and
    hyphens straight, whitespace one space. Without the last, 'Northline  News' (stored before
    names were made one line) was an outlet apart from 'Northline News', and renaming it to its
    cleaned name failed on UNIQUE(outlet.name): the upgrade, and so every command, failed."""
    folded = (unicodedata.normalize("NFKC", name.translate(_DROP)).casefold()
              .replace("i\u0307", "i").replace("\u0131", "i"))
    return " ".join(unicodedata.normalize("NFC", folded).translate(_STRAIGHT).split())


def merge_outlets(bind, step: str = "0017") -> None:
    merged: dict[int, int] = {}
    groups: dict[str, list[tuple[int, str]]] = {}
    for row in bind.execute(sa.text("SELECT id, name FROM outlet ORDER BY id")):
        groups.setdefault(identity(row.name), []).append((row.id, row.name))
    for (keep, name), *others in groups.values():
        gone = [i for i, _ in others]
        if gone:
            note_merge(bind, step, visible(name) or name, [n for _, n in others])
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
        repoint_undone_imports(bind, merged)


MIGRATION_REVIEWER = "(migration)"


def note_merge(bind, step: str, kept: str, gone: list[str]) -> None:
    """An audit row (`claims history`) naming the outlets made one: which names went is not
    kept anywhere else (found in review of issue 15's noticed list)."""
    shown = ", ".join(repr(n) for n in gone)
    bind.execute(sa.text("INSERT INTO event (at, reviewer, action, field, old, new, note, batch, undone) "
                         "VALUES (:at, :reviewer, 'merge-outlets', 'outlet', :old, :new, :note, :batch, :undone)"),
                 {"at": datetime.now(UTC), "reviewer": MIGRATION_REVIEWER, "undone": False,
                  "old": json.dumps(gone, ensure_ascii=False), "new": kept, "batch": uuid.uuid4().hex,
                  "note": f"migration {step}: outlet(s) {shown} made one with {kept!r} (their articles moved to it)"})


PAYLOAD_PREFIX = "rows:"  # claims.services.import_undo's encoding, copied as it is at this step


def repoint_undone_imports(bind, merged: dict[int, int]) -> None:
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
