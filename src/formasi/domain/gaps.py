"""Need against bezetting: the gap of each unit × position cell and totals that never net.

Issue 4's peta jabatan shows, for every unit and position, the need (from ABK, a staffing
standard, WISN or entered), the bezetting (the people there now) and the gap. A unit's total
must not let one position's surplus hide another position's shortage (three surplus
administrators do not make up for two missing teachers), so totals carry the shortage and the
excess separately and the net only beside them.

Rules implemented
-----------------
* A cell's need is the whole number of posts (rounded by the agency's rule before it gets
  here, see :func:`formasi.domain.abk.round_staff`); its exact fraction may be kept beside it.
* ``shortage = max(need − bezetting, 0)``, ``excess = max(bezetting − need, 0)``, and
  ``gap = bezetting − need`` (negative: short), as the Perban BKN 9/2022 tables print
  "kurang" and "lebih".
* Totals add needs, bezetting, shortages and excesses over cells; ``net`` is only their
  difference. A roll-up gives each unit the totals of its own cells and of every unit below it.

Pure Python; no Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Cell", "Gap", "cell_gap", "roll_up", "total"]


@dataclass(frozen=True)
class Cell:
    """One unit × position of a peta jabatan."""

    unit: Hashable
    position: Hashable
    need: int
    bezetting: int

    def __post_init__(self) -> None:
        if self.need < 0 or self.bezetting < 0:
            raise ValueError("need and bezetting cannot be negative")


@dataclass(frozen=True)
class Gap:
    """Need, bezetting, and the shortage and excess kept apart."""

    need: int = 0
    bezetting: int = 0
    shortage: int = 0
    excess: int = 0

    @property
    def net(self) -> int:
        """bezetting − need over everything counted (negative: short overall)."""
        return self.bezetting - self.need

    def __add__(self, other: Gap) -> Gap:
        return Gap(
            need=self.need + other.need,
            bezetting=self.bezetting + other.bezetting,
            shortage=self.shortage + other.shortage,
            excess=self.excess + other.excess,
        )


def cell_gap(need: int, bezetting: int) -> Gap:
    """The gap of one cell."""
    if need < 0 or bezetting < 0:
        raise ValueError("need and bezetting cannot be negative")
    return Gap(
        need=need,
        bezetting=bezetting,
        shortage=max(need - bezetting, 0),
        excess=max(bezetting - need, 0),
    )


def total(cells: Iterable[Cell]) -> Gap:
    """Shortages and excesses summed cell by cell, never netted against each other."""
    result = Gap()
    for cell in cells:
        result = result + cell_gap(cell.need, cell.bezetting)
    return result


def roll_up(
    cells: Iterable[Cell], parent_of: Mapping[Hashable, Hashable | None]
) -> dict[Hashable, Gap]:
    """Each unit's totals over its own cells and those of every unit below it.

    ``parent_of`` maps a unit to its parent (``None`` at the top); every unit of a cell must
    be in it. A loop in ``parent_of`` raises ``ValueError``.
    """
    own: dict[Hashable, Gap] = {}
    for cell in cells:
        if cell.unit not in parent_of:
            raise ValueError(f"unit {cell.unit!r} is not in the tree")
        own[cell.unit] = own.get(cell.unit, Gap()) + cell_gap(cell.need, cell.bezetting)
    result: dict[Hashable, Gap] = {unit: Gap() for unit in parent_of}
    for unit, gap in own.items():
        seen: set[Hashable] = set()
        current: Hashable | None = unit
        while current is not None:
            if current in seen:
                raise ValueError(f"the unit tree loops at {current!r}")
            if current not in result:
                raise ValueError(f"unit {current!r} is not in the tree")
            seen.add(current)
            result[current] = result[current] + gap
            current = parent_of.get(current)
    return result
