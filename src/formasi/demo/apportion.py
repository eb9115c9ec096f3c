"""Largest-remainder apportionment (Hamilton's method): whole numbers that sum exactly."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def largest_remainder(total: int, weights: Mapping[K, float]) -> dict[K, int]:
    """Split ``total`` in proportion to ``weights``; ties go to the earlier key."""
    scale = total / sum(weights.values())
    exact = {k: w * scale for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    order = sorted(exact, key=lambda k: counts[k] - exact[k])  # stable: earlier key first
    for k in order[: total - sum(counts.values())]:
        counts[k] += 1
    return counts
