"""An import in the audit log: one event per claim and a summary event (`ImportSummary`) naming
the rows it made besides the claims, which `claims undo` removes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

IMPORT_ACTION = "import"  # one event per claim imported, and the summary event below
IMPORT_FIELD = "import"  # the summary event's field: what the import added besides its claims


def id_ranges(ids) -> list[list[int]]:
    """Sorted ids as [first, last] runs: [1, 2, 3, 7] -> [[1, 3], [7, 7]]."""
    out: list[list[int]] = []
    for i in sorted(set(ids)):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def ids_of(ranges) -> list[int]:
    return [i for lo, hi in ranges for i in range(lo, hi + 1)]


@dataclass(slots=True)
class ImportSummary:
    """The summary event of an import: its source, and the rows it created besides the claims
    (articles and outlets by id; matches as the id range they were made in, (first, last])."""

    source: str
    format: str
    claims: int
    articles: list[int] = field(default_factory=list)
    outlets: list[int] = field(default_factory=list)
    matches: tuple[int, int] = (0, 0)

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "format": self.format, "claims": self.claims,
                           "articles": id_ranges(self.articles), "outlets": sorted(self.outlets),
                           "matches": list(self.matches)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> ImportSummary:
        data = json.loads(text or "{}")
        return cls(source=data.get("source", "?"), format=data.get("format", "?"),
                   claims=int(data.get("claims", 0)), articles=ids_of(data.get("articles", [])),
                   outlets=[int(i) for i in data.get("outlets", [])],
                   matches=tuple(data.get("matches", (0, 0))))

    def describe(self) -> str:
        return (f"imported {self.claims} claim{'s' * (self.claims != 1)} from {self.source}"
                f" ({self.format})")
