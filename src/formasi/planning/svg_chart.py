"""The geometry of a small grouped bar chart drawn as inline SVG by a template (the plan PDF):
no JavaScript, no image file, nothing for WeasyPrint to fetch. Values are counts of people
(whole numbers); the axis starts at zero and its ticks are round numbers."""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT = 400, 190
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 8, 22
#: Fill colours of the series, in order (print-friendly, distinct in greyscale too).
COLOURS = ("#9aa5b1", "#1f6feb", "#2da44e", "#bf8700")


def nice_step(top: float, ticks: int = 4) -> int:
    """A round tick step (1, 2, 5 × 10ⁿ) so that about ``ticks`` steps reach ``top``."""
    if top <= 0:
        return 1
    raw = top / ticks
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(1, factor * magnitude)
    return 10 * magnitude  # pragma: no cover  (raw <= 10 * magnitude always holds)


def grouped_bars(categories: list[str], series: list[list[int]]) -> dict[str, Any]:
    """Bars of each series side by side per category: their rectangles, the value ticks and
    the category labels, in the SVG's own units (``width`` × ``height``)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max((v for values in series for v in values), default=0)
    step = nice_step(top)
    axis_top = max(step, -(-top // step) * step)
    group_w = plot_w / max(1, len(categories))
    bar_w = group_w * 0.8 / max(1, len(series))
    bars, labels = [], []
    for c, name in enumerate(categories):
        x0 = LEFT + c * group_w + group_w * 0.1
        labels.append({"x": round(x0 + group_w * 0.4, 1), "text": name})
        for s, values in enumerate(series):
            value = values[c] if c < len(values) else 0
            h = plot_h * max(0, value) / axis_top
            bars.append(
                {
                    "x": round(x0 + s * bar_w, 1),
                    "y": round(TOP + plot_h - h, 1),
                    "w": round(bar_w * 0.92, 1),
                    "h": round(h, 1),
                    "colour": COLOURS[s % len(COLOURS)],
                    "value": value,
                }
            )
    ticks = [
        {"y": round(TOP + plot_h - plot_h * v / axis_top, 1), "value": v}
        for v in range(0, int(axis_top) + 1, step)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": HEIGHT - 8,
        "bars": bars,
        "ticks": ticks,
        "labels": labels,
        "colours": COLOURS[: len(series)],
    }
