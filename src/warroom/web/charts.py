"""Server-rendered SVG charts: geometry computed here, drawn by `_charts.html`.

No JavaScript and nothing from the network; every chart's numbers are also in a table
next to it (screen readers, copy and paste). Bars are horizontal so long Korean labels
read on a phone; the SVG scales to the width of the screen (viewBox in px units).
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 600
LABEL_W = 170
VALUE_W = 90
ROW = 26


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown (e.g. "1h 5m", "83% (5/6)")
    y: int
    width: float


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    label_w: int = LABEL_W
    width: int = WIDTH


def bar_chart(
    title: str, rows: list[tuple[str, float, str]], *, top: float | None = None
) -> BarChart:
    """Rows of (label, value, shown text); lengths relative to `top` or the largest value."""
    peak = top if top is not None else max((v for _l, v, _t in rows), default=0.0)
    room = WIDTH - LABEL_W - VALUE_W
    bars = [
        Bar(
            label=label if len(label) <= 22 else label[:21] + "…",
            value=value,
            text=text,
            y=i * ROW,
            width=0.0 if peak <= 0 else round(max(0.0, value) / peak * room, 1),
        )
        for i, (label, value, text) in enumerate(rows)
    ]
    return BarChart(title=title, bars=bars, height=max(ROW, len(bars) * ROW))
