"""Bar charts as geometry for inline SVG: the template draws the rectangles and labels.

Three small charts do not need a plotting library (and one that loads scripts or fonts from
the network would break the "no network needed" promise); the sizes are computed here,
escaping is left to the template.
"""

from __future__ import annotations

from dataclasses import dataclass

VERDICT_COLOURS = {
    "true": "#2e7d32", "mostly_true": "#66bb6a", "mixed": "#f9a825", "mostly_false": "#ef6c00",
    "false": "#c62828", "misleading": "#8e24aa", "unproven": "#757575",
}
PLAIN = "#1565c0"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    colour: str
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    width: int
    height: int
    bars: list[Bar]
    horizontal: bool
    baseline: tuple[float, float, float, float]  # the axis line: x1, y1, x2, y2

    @property
    def description(self) -> str:
        """The chart in words (the SVG's <desc>, for screen readers)."""
        return "; ".join(f"{b.label}: {b.value}" for b in self.bars) or "nothing to show"


def column_chart(id: str, title: str, items: list[tuple[str, int]], *, width: int = 640, height: int = 200,
                 colour: str = PLAIN) -> Chart:
    """Vertical bars, one per item, labels under them (every few when there are many)."""
    top, bottom, left, right = 20, 28, 8, 8
    n = max(1, len(items))
    slot = (width - left - right) / n
    peak = max([v for _, v in items] + [1])
    room = height - top - bottom
    every = max(1, round(n / 14))  # at most about 14 labels under the axis
    bars = []
    for i, (label, value) in enumerate(items):
        h = room * value / peak
        x = left + i * slot + slot * 0.15
        w = slot * 0.7
        bars.append(Bar(label if i % every == 0 or i == n - 1 else "", value, round(x, 1), round(top + room - h, 1),
                        round(w, 1), round(h, 1), colour, round(x + w / 2, 1), height - 10,
                        round(x + w / 2, 1), round(top + room - h - 4, 1)))
    return Chart(id, title, width, height, bars, False, (left, top + room, width - right, top + room))


def bar_chart(id: str, title: str, items: list[tuple[str, int]], *, colours: dict[str, str] | None = None,
              keys: list[str] | None = None, width: int = 640, row: int = 26) -> Chart:
    """Horizontal bars, one row per item, the label left of the axis and the value after the bar.
    `keys` (one per item) pick each bar's colour in `colours`."""
    label_room, value_room, pad = 190, 40, 6
    height = max(1, len(items)) * row + 2 * pad
    peak = max([v for _, v in items] + [1])
    room = width - label_room - value_room
    bars = []
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        w = room * value / peak
        key = keys[i] if keys else label
        bars.append(Bar(label, value, label_room, y + 4, round(w, 1), row - 8,
                        (colours or {}).get(key, PLAIN), label_room - 8, y + row / 2 + 4,
                        round(label_room + w + 6, 1), y + row / 2 + 4))
    return Chart(id, title, width, height, bars, True, (label_room, pad, label_room, height - pad))
