"""Fixed colour bands of fulfilment (staff ÷ need) for maps (issue 17, item 6).

A map coloured from the lowest to the highest area on screen paints a kelurahan at 71 % green
when its neighbours are at 60 %. The bands are fixed instead: below ``short_below`` (0.8, the
WISN ratio's usual cut-off) an area is **short**; from there up to 1.0 it is **under** (some
posts open, within tolerance); from 1.0 to ``over_above`` (1.2) **balanced**, the neutral
colour, 100 % included; above ``over_above`` **over** (staff beyond the need), a second hue.
An area without a need has no fulfilment: **none**. The apps name and colour the codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["BANDS", "Band", "Thresholds", "fulfilment_band"]

Band = Literal["short", "under", "balanced", "over", "none"]

#: The codes from low to high fulfilment ("none" last: no value).
BANDS: Final[tuple[Band, ...]] = ("short", "under", "balanced", "over", "none")

#: Where the neutral band starts: staff equal to the need.
FULL: Final = 1.0


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``short_below`` < 1 ≤ ``over_above`` (ratios, 0.8 and 1.2 by default)."""

    short_below: float = 0.8
    over_above: float = 1.2

    def __post_init__(self) -> None:
        if not 0 < self.short_below <= FULL <= self.over_above:
            raise ValueError(
                "fulfilment thresholds need 0 < short_below <= 1 <= over_above, got "
                f"{self.short_below} and {self.over_above}"
            )


def fulfilment_band(value: float | None, thresholds: Thresholds | None = None) -> Band:
    """The band of a fulfilment ratio (0.71 → "short", 1.0 → "balanced", 1.3 → "over")."""
    if value is None or math.isnan(value):
        return "none"
    t = thresholds or Thresholds()
    if value < t.short_below:
        return "short"
    if value < FULL:
        return "under"
    if value <= t.over_above:
        return "balanced"
    return "over"
