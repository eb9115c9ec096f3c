"""Underserved areas in order, each with its reason codes and figures (no sentences)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from formasi.domain.equity.areas import (
    AreaIndicators,
    _or_none,
    indicator_arrays,
)
from formasi.domain.equity.indices import (
    FloatArray,
    IntArray,
)

# --------------------------------------------------------------------------- underserved


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an area is listed, as data (the Django layer words it).

    ``shortage``: value = shortage share, count = shortage, total = need.
    ``fulfilment``: value = staff/need, reference = median over all areas.
    ``per_1000``: value = staff per 1,000 residents, reference = median over all areas.
    ``family_shortage``: family, count = its shortage, total = its need, value = their ratio.
    ``facilities``: count = facilities under the threshold, total = facilities, value = share.
    """

    kind: Literal["shortage", "fulfilment", "per_1000", "family_shortage", "facilities"]
    value: float
    reference: float | None = None
    family: str = ""
    count: int = 0
    total: int = 0


@dataclass(frozen=True, slots=True)
class Underserved:
    """One listed area: its rank (1 = worst), score (its shortage share) and reasons."""

    code: str
    name: str
    rank: int
    score: float
    reasons: tuple[Reason, ...]


def median(values: Iterable[float | None]) -> float | None:
    """The median of the values that are neither ``None`` nor NaN; ``None`` if none are."""
    kept = [float(v) for v in values if v is not None and not math.isnan(v)]
    if not kept:
        return None
    return float(statistics.median(kept))


def _nanmedian(values: FloatArray) -> float | None:
    """:func:`median` of a float array: the median of its non-NaN entries, ``None`` if none.

    Equal to ``statistics.median`` of those values (for an even count both take the mean of
    the two middle values, ``(a + b) / 2``).
    """
    kept = values[~np.isnan(values)]
    if kept.size == 0:
        return None
    return float(np.median(kept))


def _reason_tuple(
    shortage: int,
    shortage_share: float | None,
    need: int,
    fulfilment: float | None,
    per_1000: float | None,
    family_short: Iterable[tuple[str, int, int]],
    facilities_under: int,
    facilities: int,
    facilities_under_share: float | None,
    median_fulfilment: float | None,
    median_per_1000: float | None,
) -> tuple[Reason, ...]:
    """The reasons of one listed area, in the documented order; the one copy of the rule.

    ``family_short`` holds ``(family, shortage, need)`` of the area's families (those with
    no shortage are skipped here).
    """
    reasons: list[Reason] = []
    if shortage > 0:
        share = 0.0 if shortage_share is None else shortage_share
        reasons.append(Reason("shortage", share, None, "", shortage, need))
    if fulfilment is not None and median_fulfilment is not None and fulfilment < median_fulfilment:
        reasons.append(Reason("fulfilment", fulfilment, median_fulfilment))
    if per_1000 is not None and median_per_1000 is not None and per_1000 < median_per_1000:
        reasons.append(Reason("per_1000", per_1000, median_per_1000))
    short = sorted((-count, family, need_f) for family, count, need_f in family_short if count > 0)
    for minus_count, family, need_f in short:
        count = -minus_count
        reasons.append(
            Reason(
                "family_shortage", count / need_f if need_f else 0.0, None, family, count, need_f
            )
        )
    if facilities_under > 0:
        share = 0.0 if facilities_under_share is None else facilities_under_share
        reasons.append(Reason("facilities", share, None, "", facilities_under, facilities))
    return tuple(reasons)


def _reasons(
    area: AreaIndicators, median_fulfilment: float | None, median_per_1000: float | None
) -> tuple[Reason, ...]:
    """The reasons of one listed area (see :func:`_reason_tuple`)."""
    family_need = area.family_need
    return _reason_tuple(
        area.shortage,
        area.shortage_share,
        area.need,
        area.fulfilment,
        area.per_1000,
        ((f, n, family_need.get(f, 0)) for f, n in area.family_shortage.items()),
        area.facilities_under,
        area.facilities,
        area.facilities_under_share,
        median_fulfilment,
        median_per_1000,
    )


def underserved_order(
    codes: Sequence[str] | npt.NDArray[np.str_],
    shortage: npt.ArrayLike,
    shortage_share: npt.ArrayLike,
    per_1000: npt.ArrayLike,
    *,
    per_1000_factor: float = 0.75,
) -> IntArray:
    """Positions of the underserved areas, worst first: the one copy of the ranking rule.

    An area is listed when ``shortage > 0`` or ``per_1000 < per_1000_factor * m``, ``m`` the
    median of the non-NaN ``per_1000`` (as :func:`median`; no cut-off when all are NaN).
    Listed areas are ordered by ``shortage_share`` descending (NaN last), then ``per_1000``
    ascending (NaN last), then code (by code point; ties keep the input order), with one
    ``np.lexsort``. NaN marks an undefined ratio (``indicator_arrays`` output as is). Codes
    must not end in ``"\\0"`` (numpy strings drop trailing NULs).
    """
    code_a = np.asarray(codes, dtype=str)
    short = np.asarray(shortage, dtype=np.float64)
    share = np.asarray(shortage_share, dtype=np.float64)
    per = np.asarray(per_1000, dtype=np.float64)
    if code_a.ndim != 1 or any(a.shape != code_a.shape for a in (short, share, per)):
        raise ValueError("codes, shortage, shortage_share and per_1000 must be 1-D of equal length")
    listed = short > 0
    median_per_1000 = _nanmedian(per)
    if median_per_1000 is not None:
        listed |= per < per_1000_factor * median_per_1000  # NaN compares False
    kept = np.flatnonzero(listed)
    if kept.size == 0:
        return kept
    share_k, per_k = share[kept], per[kept]
    share_nan, per_nan = np.isnan(share_k), np.isnan(per_k)
    order = np.lexsort(
        (
            code_a[kept],
            np.where(per_nan, 0.0, per_k),
            per_nan,
            -np.where(share_nan, 0.0, share_k),
            share_nan,  # the last key sorts first
        )
    )
    return kept[order]


def _ints(name: str, data: npt.ArrayLike, n: int) -> npt.NDArray[np.int64]:
    array = np.asarray(data, dtype=np.int64)
    if array.shape != (n,):
        raise ValueError(f"{name} must be 1-D with one entry per area ({n})")
    return array


def _underserved_rows(
    code_a: npt.NDArray[np.str_],
    names: Sequence[str],
    columns: Iterable[tuple[Any, ...]],
    fam_rows: Sequence[tuple[str, list[int], list[int]]],
    median_fulfilment: float | None,
    median_per_1000: float | None,
) -> list[Underserved]:
    """One :class:`Underserved` per listed area, in rank order, with its reason codes."""
    result: list[Underserved] = []
    for k, (i, short_i, need_i, share_i, fulfil_i, per_i, fac_i, under_i) in enumerate(columns):
        reasons = _reason_tuple(
            short_i,
            share_i,
            need_i,
            fulfil_i,
            per_i,
            ((family, s[k], nd[k]) for family, s, nd in fam_rows),
            under_i,
            fac_i,
            under_i / fac_i if fac_i else None,
            median_fulfilment,
            median_per_1000,
        )
        result.append(
            Underserved(
                code=str(code_a[i]),
                name=names[i],
                rank=k + 1,
                score=0.0 if share_i is None else share_i,
                reasons=reasons,
            )
        )
    return result


def underserved_from_arrays(
    codes: Sequence[str] | npt.NDArray[np.str_],
    names: Sequence[str],
    population: npt.ArrayLike,
    staff: npt.ArrayLike,
    need: npt.ArrayLike,
    shortage: npt.ArrayLike,
    *,
    limit: int | None,
    family_need: Mapping[str, npt.ArrayLike] | None = None,
    family_shortage: Mapping[str, npt.ArrayLike] | None = None,
    facilities: npt.ArrayLike | None = None,
    facilities_under: npt.ArrayLike | None = None,
    per_1000_factor: float = 0.75,
) -> tuple[IntArray, list[Underserved]]:
    """The underserved list from per-area arrays, objects only for the first ``limit``.

    The national path: ranks every area with :func:`underserved_order` on the
    :func:`indicator_arrays` ratios of the totals, and returns ``(order, top)``: ``order``
    the positions of all listed areas, worst first (``order.size`` is how many are listed),
    and ``top`` the :class:`Underserved` of the first ``limit`` of them (all when ``None``)
    with their reasons. Equal to ``underserved(area_indicators(areas), limit=limit)`` for
    the same areas: population NaN where unknown (``None`` in :class:`AreaStats`),
    ``family_need`` and ``family_shortage`` keyed by family (the same keys; 0 where the area
    lacks the family), ``facilities`` and ``facilities_under`` 0 when omitted.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit cannot be negative")
    family_need = {} if family_need is None else family_need
    family_shortage = {} if family_shortage is None else family_shortage
    if set(family_need) != set(family_shortage):
        raise ValueError("family_need and family_shortage must have the same families")
    n = len(names)
    code_a = np.asarray(codes, dtype=str)
    if code_a.shape != (n,):
        raise ValueError("codes and names must be 1-D of equal length")
    totals = indicator_arrays(population, staff, need, shortage)
    if totals["per_1000"].shape != (n,):
        raise ValueError("population, staff, need and shortage must have one entry per area")
    short_a = _ints("shortage", shortage, n)
    need_a = _ints("need", need, n)
    fac_a = np.zeros(n, np.int64) if facilities is None else _ints("facilities", facilities, n)
    under_a = (
        np.zeros(n, np.int64)
        if facilities_under is None
        else _ints("facilities_under", facilities_under, n)
    )
    per_1000, fulfilment, share = (
        totals["per_1000"],
        totals["fulfilment"],
        totals["shortage_share"],
    )
    order = underserved_order(code_a, short_a, share, per_1000, per_1000_factor=per_1000_factor)
    median_per_1000 = _nanmedian(per_1000)
    median_fulfilment = _nanmedian(fulfilment)

    top = order if limit is None else order[:limit]
    families = sorted(family_shortage)
    fam_rows = [
        (
            family,
            _ints(f"family_shortage[{family!r}]", family_shortage[family], n)[top].tolist(),
            _ints(f"family_need[{family!r}]", family_need[family], n)[top].tolist(),
        )
        for family in families
    ]
    columns = zip(
        top.tolist(),
        short_a[top].tolist(),
        need_a[top].tolist(),
        _or_none(share[top]),
        _or_none(fulfilment[top]),
        _or_none(per_1000[top]),
        fac_a[top].tolist(),
        under_a[top].tolist(),
        strict=True,
    )
    result = _underserved_rows(code_a, names, columns, fam_rows, median_fulfilment, median_per_1000)
    return order, result


def underserved(
    areas: Sequence[AreaIndicators],
    *,
    limit: int | None = None,
    per_1000_factor: float = 0.75,
) -> list[Underserved]:
    """The underserved areas, worst first.

    An area is underserved when it has a shortage, or when its staff per 1,000 residents is
    below ``per_1000_factor`` times the median over all areas. Ranked (from 1) by shortage
    share descending (``None`` last), then staff per 1,000 ascending (``None`` last), then
    code; ``score`` is the shortage share (0.0 when undefined). ``limit`` keeps the first
    ones. Reasons come in the order shortage, fulfilment, per_1000, family shortages (largest
    first, ties by family), facilities; each only when it applies (see :class:`Reason`).
    The ranking is :func:`underserved_order`; for all desa of a country, where building one
    :class:`AreaIndicators` per area is the slow part, use :func:`underserved_from_arrays`.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit cannot be negative")
    per_1000 = np.array(
        [math.nan if a.per_1000 is None else a.per_1000 for a in areas], dtype=np.float64
    )
    order = underserved_order(
        [a.code for a in areas],
        np.array([a.shortage for a in areas], dtype=np.float64),
        np.array(
            [math.nan if a.shortage_share is None else a.shortage_share for a in areas],
            dtype=np.float64,
        ),
        per_1000,
        per_1000_factor=per_1000_factor,
    )
    if limit is not None:
        order = order[:limit]
    median_per_1000 = _nanmedian(per_1000)
    median_fulfilment = median(a.fulfilment for a in areas)
    listed = [areas[i] for i in order.tolist()]
    return [
        Underserved(
            code=a.code,
            name=a.name,
            rank=rank,
            score=a.shortage_share if a.shortage_share is not None else 0.0,
            reasons=_reasons(a, median_fulfilment, median_per_1000),
        )
        for rank, a in enumerate(listed, start=1)
    ]
