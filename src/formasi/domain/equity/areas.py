"""Per-area counts and indicators (staff per population, facilities under standard)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from formasi.domain.equity.indices import (
    FloatArray,
)

# --------------------------------------------------------------------------- area indicators


@dataclass(frozen=True, slots=True)
class Counts:
    """Staff, need, and the shortage and excess summed cell by cell (never netted)."""

    staff: int = 0
    need: int = 0
    shortage: int = 0
    excess: int = 0

    def __post_init__(self) -> None:
        if min(self.staff, self.need, self.shortage, self.excess) < 0:
            raise ValueError("staff, need, shortage and excess cannot be negative")


@dataclass(frozen=True, slots=True)
class AreaStats:
    """What is known of one area (desa/kelurahan, kecamatan …): its people, staff and need.

    ``by_family`` splits the totals by job family (guru, tenaga kesehatan …). ``facilities``
    counts the service facilities standing in the area (puskesmas, schools, kantor kelurahan
    …) and ``facilities_under`` those of them that :func:`facility_under` flags.
    """

    code: str
    name: str
    population: int | None
    total: Counts
    by_family: Mapping[str, Counts] = field(default_factory=dict)
    facilities: int = 0
    facilities_under: int = 0

    def __post_init__(self) -> None:
        if self.population is not None and self.population < 0:
            raise ValueError("population cannot be negative")
        if not 0 <= self.facilities_under <= self.facilities:
            raise ValueError("facilities_under must be between 0 and facilities")


def facility_under(staff: int, need: int, threshold: float = 0.8) -> bool:
    """Whether a facility is under-staffed: ``need > 0`` and ``staff / need < threshold``.

    ``staff / need`` is the WISN ratio (WHO 2010, step 8); 0.8 is the default cut-off.
    """
    return need > 0 and staff / need < threshold


@dataclass(frozen=True, slots=True)
class AreaIndicators:
    """An area's counts and ratios; ``None`` where a ratio is undefined.

    ``family_need`` (an addition to the issue's list, needed for the ``total`` of a
    ``family_shortage`` reason) holds each family's need.
    """

    code: str
    name: str
    population: int | None
    staff: int
    need: int
    shortage: int
    excess: int
    per_1000: float | None
    fulfilment: float | None
    shortage_share: float | None
    family_per_1000: dict[str, float | None]
    family_fulfilment: dict[str, float | None]
    family_shortage: dict[str, int]
    facilities: int
    facilities_under: int
    facilities_under_share: float | None
    family_need: dict[str, int] = field(default_factory=dict)


def indicator_arrays(
    population: npt.ArrayLike,
    staff: npt.ArrayLike,
    need: npt.ArrayLike,
    shortage: npt.ArrayLike,
) -> dict[str, FloatArray]:
    """Per-area ratios, vectorised; NaN where undefined.

    ``per_1000 = staff * 1000 / population`` (NaN when the population is missing, NaN or 0),
    ``fulfilment = staff / need`` and ``shortage_share = shortage / need`` (NaN when need is
    0). The one copy of this arithmetic: :func:`area_indicators` uses it.
    """
    pop = np.asarray(population, dtype=np.float64)
    arrays = [np.asarray(a, dtype=np.float64) for a in (staff, need, shortage)]
    if any(a.shape != pop.shape for a in arrays) or pop.ndim != 1:
        raise ValueError("population, staff, need and shortage must be 1-D of equal length")
    staff_a, need_a, shortage_a = arrays

    def ratio(numerator: FloatArray, denominator: FloatArray, scale: float) -> FloatArray:
        out = np.full(pop.shape, np.nan)
        ok = np.isfinite(denominator) & (denominator > 0)
        np.divide(numerator * scale, denominator, out=out, where=ok)
        return out

    return {
        "per_1000": ratio(staff_a, pop, 1000.0),
        "fulfilment": ratio(staff_a, need_a, 1.0),
        "shortage_share": ratio(shortage_a, need_a, 1.0),
    }


def _or_none(values: FloatArray) -> list[float | None]:
    return [v if v == v else None for v in values.tolist()]  # v != v only for NaN


def area_indicators(areas: Sequence[AreaStats]) -> list[AreaIndicators]:
    """Indicators of each area, in the given order (ratios through :func:`indicator_arrays`).

    Each area's family dicts have the families of its own ``by_family``, sorted by name.
    """
    population = [math.nan if a.population is None else a.population for a in areas]
    totals = indicator_arrays(
        population,
        [a.total.staff for a in areas],
        [a.total.need for a in areas],
        [a.total.shortage for a in areas],
    )
    per_1000 = _or_none(totals["per_1000"])
    fulfilment = _or_none(totals["fulfilment"])
    shortage_share = _or_none(totals["shortage_share"])

    families = sorted({family for a in areas for family in a.by_family})
    family_per_1000: dict[str, list[float | None]] = {}
    family_fulfilment: dict[str, list[float | None]] = {}
    empty = Counts()
    for family in families:
        counts = [a.by_family.get(family, empty) for a in areas]
        arrays = indicator_arrays(
            population,
            [c.staff for c in counts],
            [c.need for c in counts],
            [c.shortage for c in counts],
        )
        family_per_1000[family] = _or_none(arrays["per_1000"])
        family_fulfilment[family] = _or_none(arrays["fulfilment"])

    result: list[AreaIndicators] = []
    for i, area in enumerate(areas):
        own = area.by_family
        per_1000_f: dict[str, float | None] = {}
        fulfilment_f: dict[str, float | None] = {}
        shortage_f: dict[str, int] = {}
        need_f: dict[str, int] = {}
        for family in sorted(own):
            c = own[family]
            per_1000_f[family] = family_per_1000[family][i]
            fulfilment_f[family] = family_fulfilment[family][i]
            shortage_f[family] = c.shortage
            need_f[family] = c.need
        total = area.total
        result.append(
            AreaIndicators(
                code=area.code,
                name=area.name,
                population=area.population,
                staff=total.staff,
                need=total.need,
                shortage=total.shortage,
                excess=total.excess,
                per_1000=per_1000[i],
                fulfilment=fulfilment[i],
                shortage_share=shortage_share[i],
                family_per_1000=per_1000_f,
                family_fulfilment=fulfilment_f,
                family_shortage=shortage_f,
                facilities=area.facilities,
                facilities_under=area.facilities_under,
                facilities_under_share=(
                    area.facilities_under / area.facilities if area.facilities else None
                ),
                family_need=need_f,
            )
        )
    return result
