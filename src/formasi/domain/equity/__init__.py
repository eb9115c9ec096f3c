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

from formasi.domain.equity.areas import (
    AreaIndicators,
    AreaStats,
    Counts,
    area_indicators,
    facility_under,
    indicator_arrays,
)
from formasi.domain.equity.bands import BANDS, Band, Thresholds, fulfilment_band
from formasi.domain.equity.indices import (
    Decomposition,
    GroupShare,
    coefficient_of_variation,
    gini,
    lorenz_curve,
    theil_decomposition,
    theil_l,
    theil_t,
)
from formasi.domain.equity.underserved import (
    Reason,
    Underserved,
    median,
    underserved,
    underserved_from_arrays,
    underserved_order,
)

__all__ = [
    "BANDS",
    "AreaIndicators",
    "AreaStats",
    "Band",
    "Counts",
    "Decomposition",
    "GroupShare",
    "Reason",
    "Thresholds",
    "Underserved",
    "area_indicators",
    "coefficient_of_variation",
    "facility_under",
    "fulfilment_band",
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
