"""Equity of staff across areas: inequality indices, their decomposition, area indicators.

Issue 6 asks how evenly civil servants are spread over the people they serve: are the
kelurahan of a kota's centre crowded while the periphery is short? The inputs are one value
per area (typically staff per resident) and one weight per area (its population), so every
index is *population-weighted*: it measures inequality between residents, each resident
carrying the staffing of their own area.

Indices (``p_i = w_i / sum w``, ``mu = sum p_i x_i``)
-----------------------------------------------------
* Gini coefficient, ``G = sum_i sum_j p_i p_j |x_i - x_j| / (2 mu)`` (the population form,
  no ``n / (n - 1)`` correction), computed in O(n log n) from the Lorenz curve:
  ``G = 1 - sum_k p_k (L_k + L_{k-1})`` over areas sorted by value. Cowell, *Measuring
  Inequality*, 3rd ed., Oxford 2011, ch. 2 and Technical Appendix A.
* Theil T, ``T = sum p_i (x_i / mu) ln(x_i / mu)`` (``0 ln 0 = 0``), which is
  ``sum s_i ln(s_i / p_i)`` with ``s_i = p_i x_i / mu`` the area's share of all staff:
  the divergence of the staff shares from the population shares. Theil, *Economics and
  Information Theory*, Amsterdam 1967, ch. 4.
* Theil L (mean log deviation), ``L = sum p_i ln(mu / x_i) = sum p_i ln(p_i / s_i)``. It is
  infinite (``math.inf``) as soon as a populated area has no staff at all.
* Coefficient of variation, ``CV = sqrt(sum p_i (x_i - mu)^2) / mu`` (population standard
  deviation).

Decomposition (Shorrocks, "The class of additively decomposable inequality measures",
*Econometrica* 48(3), 1980, 613-625; Cowell ch. 3.6): for groups ``g`` of areas (kecamatan,
kabupaten/kota, provinces) with population shares ``p_g``, staff shares ``s_g`` and means
``mu_g``::

    T = sum_g s_g T_g + sum_g s_g ln(mu_g / mu)        (within + between)
    L = sum_g p_g L_g + sum_g p_g ln(mu / mu_g)

Area indicators follow the WHO WISN ratio (staff in post / staff needed, WHO, *Workload
indicators of staffing need: user's manual*, 2010, step 8): ``fulfilment = staff / need``.
Shortages and excesses come in already summed cell by cell (see :mod:`formasi.domain.gaps`),
never netted. The underserved list returns structured :class:`Reason` values; the Django
layer writes the Indonesian text. Its ranking rule has one copy, :func:`underserved_order`
(vectorised); :func:`underserved` applies it to :class:`AreaIndicators` objects and
:func:`underserved_from_arrays` to plain per-area arrays, building objects only for the
areas shown (the national path: 83,762 desa ranked without 83,762 objects).

Inputs: values and weights finite and ``>= 0``, of equal length; entries of weight 0 are
dropped first. An empty input (after that), a negative or NaN entry, a length mismatch or a
weighted mean of 0 raises :class:`ValueError`. Pure numpy; no Django.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

__all__ = [
    "AreaIndicators",
    "AreaStats",
    "Counts",
    "Decomposition",
    "GroupShare",
    "Reason",
    "Underserved",
    "area_indicators",
    "coefficient_of_variation",
    "facility_under",
    "gini",
    "indicator_arrays",
    "lorenz_curve",
    "median",
    "theil_decomposition",
    "theil_l",
    "theil_t",
    "underserved",
    "underserved_from_arrays",
    "underserved_order",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


# --------------------------------------------------------------------------- input checks


def _vector(name: str, data: npt.ArrayLike) -> FloatArray:
    array = np.asarray(data, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got {array.ndim} dimensions")
    if np.isnan(array).any():
        raise ValueError(f"{name} must not contain NaN")
    if np.isinf(array).any():
        raise ValueError(f"{name} must be finite")
    if (array < 0).any():
        raise ValueError(f"{name} must not be negative")
    return array


def _prepare(
    values: npt.ArrayLike, weights: npt.ArrayLike | None
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Checked values and weights with zero-weight entries dropped, and the kept positions."""
    x = _vector("values", values)
    if weights is None:
        w = np.ones_like(x)
    else:
        w = _vector("weights", weights)
        if w.shape != x.shape:
            raise ValueError(f"values and weights differ in length ({x.size} and {w.size})")
    kept = np.flatnonzero(w > 0)
    if kept.size < x.size:
        x, w = x[kept], w[kept]
    if x.size == 0:
        raise ValueError("no values with a positive weight")
    if not (w * x).sum() > 0:
        raise ValueError("the weighted mean is 0: inequality is undefined")
    return x, w, kept


def _shares(values: npt.ArrayLike, weights: npt.ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    """Values and population shares ``p`` (summing to 1)."""
    x, w, _ = _prepare(values, weights)
    # The indices are scale-invariant: dividing by the largest value keeps tiny (subnormal)
    # inputs from underflowing to a zero or NaN mean.
    return x / float(x.max()), w / w.sum()


# --------------------------------------------------------------------------- indices


def gini(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Population-weighted Gini coefficient, ``sum p_i p_j |x_i - x_j| / (2 mu)``.

    Computed in O(n log n) as one minus twice the area under the Lorenz curve (trapezoids
    between consecutive areas sorted by value), which equals the mean-difference form exactly
    for a discrete distribution (Cowell 2011, Technical Appendix A). Unweighted ``[1, 2, 3, 4,
    5]`` gives 4/15 ≈ 0.2667 (no small-sample correction).
    """
    x, p = _shares(values, weights)
    order = np.argsort(x, kind="stable")
    p_sorted = p[order]
    mass = p_sorted * x[order]
    lorenz = np.cumsum(mass) / mass.sum()
    before = np.concatenate(([0.0], lorenz[:-1]))
    result = 1.0 - float(np.sum(p_sorted * (lorenz + before)))
    return max(result, 0.0)


def theil_t(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Theil's T (Theil 1967): ``sum p_i (x_i/mu) ln(x_i/mu)`` with ``0 ln 0 = 0``.

    Equal to ``sum s_i ln(s_i / p_i)`` with ``s_i`` the area's share of the total value (staff)
    and ``p_i`` its share of the weight (population). 0 when all values are equal; at most
    ``ln n`` unweighted (one area has everything).
    """
    x, p = _shares(values, weights)
    ratio = x / float(np.dot(p, x))
    positive = ratio > 0
    result = float(np.dot(p[positive] * ratio[positive], np.log(ratio[positive])))
    return max(result, 0.0)


def theil_l(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Theil's L, the mean log deviation: ``sum p_i ln(mu / x_i) = sum p_i ln(p_i / s_i)``.

    More sensitive than T at the bottom of the distribution. ``math.inf`` when an entry with
    positive weight has value 0 (a populated area without staff).
    """
    x, p = _shares(values, weights)
    if (x == 0).any():
        return math.inf
    mu = float(np.dot(p, x))
    result = float(np.dot(p, np.log(mu / x)))
    return max(result, 0.0)


def coefficient_of_variation(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Weighted population standard deviation over the weighted mean."""
    x, p = _shares(values, weights)
    mu = float(np.dot(p, x))
    return math.sqrt(float(np.dot(p, (x - mu) ** 2))) / mu


def lorenz_curve(
    values: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[FloatArray, FloatArray]:
    """The Lorenz curve: cumulative population share against cumulative value share.

    Areas are sorted by value ascending; point ``k`` is (share of the weight of the ``k``
    lowest areas, their share of ``sum w x``). Both arrays start at 0.0 and end at 1.0 and
    have one point more than there are entries of positive weight.
    """
    x, w, _ = _prepare(values, weights)
    order = np.argsort(x, kind="stable")
    w_sorted = w[order]
    mass = w_sorted * x[order]
    population = np.concatenate(([0.0], np.cumsum(w_sorted) / w_sorted.sum()))
    share = np.concatenate(([0.0], np.cumsum(mass) / mass.sum()))
    population[-1] = 1.0
    share[-1] = 1.0
    return population, share


# --------------------------------------------------------------------------- decomposition


@dataclass(frozen=True, slots=True)
class GroupShare:
    """One group of a decomposition: its shares of population and value, mean and own index."""

    group: str
    population_share: float
    value_share: float
    mean: float
    index: float


@dataclass(frozen=True, slots=True)
class Decomposition:
    """A Theil index split into the inequality within groups and between their means."""

    index: Literal["T", "L"]
    total: float
    within: float
    between: float
    groups: tuple[GroupShare, ...]


def theil_decomposition(
    values: npt.ArrayLike,
    groups: Sequence[str],
    weights: npt.ArrayLike | None = None,
    index: Literal["T", "L"] = "T",
) -> Decomposition:
    """Theil T or L split into within- and between-group parts (Shorrocks 1980).

    ``T = sum_g s_g T_g + sum_g s_g ln(mu_g/mu)`` with ``s_g`` the group's share of the total
    value; ``L = sum_g p_g L_g + sum_g p_g ln(mu/mu_g)`` with ``p_g`` its share of the
    weight. ``total == within + between`` up to rounding. Groups come back sorted by name,
    each with its own index ``T_g`` or ``L_g``. A group whose values are all 0 has index 0
    (no inequality inside it); for L its between term, and so the total, is then infinite.
    Vectorised (``np.unique`` + ``np.bincount``): linear after one sort of the group names.
    """
    if index not in ("T", "L"):
        raise ValueError(f"index must be 'T' or 'L', got {index!r}")
    labels = np.asarray(groups, dtype=str)
    if labels.ndim != 1:
        raise ValueError("groups must be one-dimensional")
    x, w, kept = _prepare(values, weights)
    if labels.size != np.asarray(values).size:
        raise ValueError(
            f"values and groups differ in length ({np.asarray(values).size} and {labels.size})"
        )
    names, inverse = np.unique(labels[kept], return_inverse=True)
    inverse = inverse.reshape(-1)
    n_groups = names.size

    weight_g = np.bincount(inverse, weights=w, minlength=n_groups)
    value_g = np.bincount(inverse, weights=w * x, minlength=n_groups)
    total_weight = float(weight_g.sum())
    total_value = float(value_g.sum())
    mu = total_value / total_weight
    p_g = weight_g / total_weight
    s_g = value_g / total_value
    mu_g = value_g / weight_g
    mu_i = mu_g[inverse]
    positive_g = mu_g > 0

    if index == "T":
        term = np.zeros_like(x)
        nonzero = x > 0
        term[nonzero] = w[nonzero] * x[nonzero] * np.log(x[nonzero] / mu_i[nonzero])
        own = np.zeros(n_groups)
        sums = np.bincount(inverse, weights=term, minlength=n_groups)
        own[positive_g] = sums[positive_g] / value_g[positive_g]
        within = float(np.dot(s_g, own))
        between_terms = np.zeros(n_groups)
        between_terms[positive_g] = s_g[positive_g] * np.log(mu_g[positive_g] / mu)
        between = float(between_terms.sum())
        total = theil_t(x, w)
    else:
        zero_i = x == 0
        zeros_g = np.bincount(inverse, weights=zero_i.astype(np.float64), minlength=n_groups)
        own = np.zeros(n_groups)
        safe = ~zero_i
        term = np.zeros_like(x)
        term[safe] = w[safe] * np.log(mu_i[safe] / x[safe])
        sums = np.bincount(inverse, weights=term, minlength=n_groups)
        clean = zeros_g == 0
        own[clean] = sums[clean] / weight_g[clean]
        own[(zeros_g > 0) & positive_g] = math.inf
        with np.errstate(divide="ignore"):
            between_terms = p_g * np.log(mu / mu_g)
        within = float(np.dot(p_g, own))
        between = float(between_terms.sum())
        total = theil_l(x, w)

    shares = tuple(
        GroupShare(
            group=str(name),
            population_share=float(p),
            value_share=float(s),
            mean=float(m),
            index=float(i),
        )
        for name, p, s, m, i in zip(names, p_g, s_g, mu_g, own, strict=True)
    )
    return Decomposition(index=index, total=total, within=within, between=between, groups=shares)


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
