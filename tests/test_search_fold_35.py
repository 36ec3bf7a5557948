"""The archive search (`claims search`, over the matching keys) folds as `claims list --search`
does: `claims search Yildirim` missed 'Yıldırım' (issue 15 class 8, pass 34), the Turkish
dotless ı being an i for the list's fold only (migration 0016). Migration 0027 remakes the
stored keys that held one (tests/test_search_keys_migration_27.py)."""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict

from claims.matching import index_keys
from claims.matching.normalize import clean
from db.folding import fold_text
from tests.hostile import run

TURKISH = [
    "Ömer Yıldırım said the budget of Kıbrıs rose 40 percent.",
    "Yildirim and Yıldırım are one name written two ways, the minister said.",
    "IŞIK: the kırmızıs were banned in ın schools.",
    "Nothing Turkish here: the council spent 12 million on roads.",
]


def test_the_search_keys_fold_the_dotless_i():
    assert index_keys("Yıldırım") == index_keys("Yildirim") == index_keys("YILDIRIM") == ["yildirim"]
    assert index_keys("Işık") == index_keys("IŞIK") == ["işik"]
    assert index_keys("\U0001d6a4zmir") == index_keys("izmir")  # mathematical ı: NFKC makes it ı


def _letters_in(text: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def test_search_and_list_fold_every_letter_alike():
    """Two words `list --search` folds alike (a letter between two) are one word for the archive
    search too: over the BMP and the mathematical letters, every letter or digit."""
    groups: dict[str, set[str]] = defaultdict(set)
    for cp in [*range(0x80, 0xD800), *range(0xF900, 0x10000), *range(0x1D400, 0x1D800)]:
        word = f"a{chr(cp)}b"
        folded = fold_text(word)
        if _letters_in(folded[1:-1]):
            groups[folded].add(" ".join(clean(word).split()))
    parted = {folded: forms for folded, forms in groups.items() if len(forms) > 1}
    assert not parted


def test_claims_search_finds_a_dotless_i_by_its_i(db, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(TURKISH)),
                    encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0

    def searched(text: str) -> list[str]:
        done = run(db, "search", text, "--format", "jsonl")
        assert done.exit_code == 0, done.output
        return sorted(json.loads(line)["external_id"] for line in done.output.splitlines() if line.startswith("{"))

    assert searched("Yildirim") == searched("Yıldırım") == ["t0", "t1"]
    assert searched("Kibris") == ["t0"]
    listed = run(db, "list", "--search", "Yildirim", "--format", "jsonl")
    assert sorted(json.loads(x)["external_id"] for x in listed.output.splitlines() if x.startswith("{")) == ["t0", "t1"]
