"""Equity indices, their decomposition, area indicators and the underserved list.

Published worked examples are cited per test (URL of the page that prints the figure); where
none could be found the arithmetic is done by hand in the docstring. Identities and
hypothesis properties cover the rest.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from formasi.domain.equity import (
    AreaIndicators,
    AreaStats,
    Counts,
    Reason,
    area_indicators,
    coefficient_of_variation,
    facility_under,
    gini,
    indicator_arrays,
    lorenz_curve,
    median,
    theil_decomposition,
    theil_l,
    theil_t,
    underserved,
    underserved_from_arrays,
    underserved_order,
)
from formasi.domain.equity.underserved import _nanmedian as nanmedian_of

INDICES = [gini, theil_t, theil_l, coefficient_of_variation]

# --------------------------------------------------------------------------- strategies

positive_values = st.lists(
    st.floats(min_value=0.01, max_value=1e4, allow_nan=False), min_size=1, max_size=30
)
int_weights = st.integers(min_value=1, max_value=6)


@st.composite
def weighted(draw: st.DrawFn) -> tuple[list[float], list[int]]:
    values = draw(positive_values)
    weights = draw(st.lists(int_weights, min_size=len(values), max_size=len(values)))
    return values, weights


def _close(a: float, b: float, tol: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


# --------------------------------------------------------------------------- published examples


def test_gini_of_ten_incomes_matches_a_published_worked_answer() -> None:
    """Ten incomes 8,000 … 115,000; published answer "The Gini coefficient is 0.384" from
    ``G = (1/n)(n + 1 - 2 sum (n + 1 - i) y_i / sum y_i)`` with sum y = 426,000 and
    sum (n+1-i) y_(i) = 1,526,000, i.e. (11 - 2 x 3.58216) / 10 = 0.38357:
    https://justaaa.com/economics/35719-imagine-that-we-start-with-the-distribution-of
    """
    incomes = [8000, 22000, 45000, 85000, 11000, 35000, 115000, 40000, 37000, 28000]
    assert gini(incomes) == pytest.approx(0.384, abs=5e-4)
    assert gini(incomes) == pytest.approx((11 - 2 * 1_526_000 / 426_000) / 10, rel=1e-12)


def test_gini_nine_poor_one_rich_matches_r_ineq() -> None:
    """R ``ineq``: ``f <- rep(c(10, 100), times = c(9, 1)); ineq(f)  ## [1] 0.4263158``
    (Gary Sutton, *Statistics Slam Dunk*, Manning 2024, §12.5, as summarised at
    https://livebook.manning.com/learn/concepts/ineq--library/statistics-slam-dunk).
    The same distribution given as two areas weighted 9 and 1 must agree.
    """
    assert gini([10] * 9 + [100]) == pytest.approx(0.4263158, abs=1e-7)
    assert gini([10, 100], [9, 1]) == pytest.approx(0.4263158, abs=1e-7)


def test_theil_l_matches_reat_stoermann_example() -> None:
    """R ``REAT::theil``, "Example from Stoermann (2009)": ``regincome <- c(10,10,10,20,50);
    theil(regincome)  # 0.2326302``
    (https://www.rdocumentation.org/packages/REAT/versions/2.1.0/topics/theil). That formula is
    the mean log deviation: mu = 20, (3 ln 2 + ln 1 + ln 0.4) / 5 = (2.07944 - 0.91629) / 5.
    """
    assert theil_l([10, 10, 10, 20, 50]) == pytest.approx(0.2326302, abs=1e-7)


def test_theil_t_of_one_owner_is_ln_n() -> None:
    """Wikipedia, "Theil index": "If one person has all the income, then the index = ln N"
    (https://en.wikipedia.org/wiki/Theil_index, Formula section)."""
    assert theil_t([0, 0, 0, 1]) == pytest.approx(math.log(4))
    assert theil_t([0, 5, 0, 0, 0, 0, 0]) == pytest.approx(math.log(7))


def test_theil_t_by_hand() -> None:
    """Hand computation for [10, 10, 10, 20, 50]: mu = 20, x/mu = 0.5, 0.5, 0.5, 1, 2.5;
    T = (3 x 0.5 ln 0.5 + 1 ln 1 + 2.5 ln 2.5) / 5 = (-1.039721 + 2.290727) / 5 = 0.250201."""
    expected = (3 * 0.5 * math.log(0.5) + 2.5 * math.log(2.5)) / 5
    assert theil_t([10, 10, 10, 20, 50]) == pytest.approx(expected)
    assert theil_t([10, 10, 10, 20, 50]) == pytest.approx(0.250201, abs=1e-6)


def test_lorenz_curve_two_people_matches_world_bank_example() -> None:
    """B. Essama-Nssah, "The Lorenz Model of the Size Distribution of Income", World Bank
    PRMPR, 2005, slide "Simple Example": incomes 25 and 75, cumulative frequency 0, 0.5, 1
    and cumulative share 0, 0.25, 1
    (https://pdfslide.us/documents/the-lorenz-model-of-the-size-distribution-of-outline-1-the-lorenz-curve-structure.html).
    """
    x, y = lorenz_curve([75, 25])
    assert x.tolist() == [0.0, 0.5, 1.0]
    assert y.tolist() == [0.0, 0.25, 1.0]
    # and its Gini, by hand: 1 - 0.5 x (0 + 0.25) - 0.5 x (0.25 + 1) = 0.25
    assert gini([25, 75]) == pytest.approx(0.25)


def test_gini_of_one_to_five_and_cv_by_hand() -> None:
    """[1..5]: sum over ordered pairs |xi - xj| = 2 x (4x1 + 3x2 + 2x3 + 1x4) = 40;
    G = 40 / (2 x 25 x 3) = 4/15. Variance (4+1+0+1+4)/5 = 2, CV = sqrt(2)/3."""
    assert gini([1, 2, 3, 4, 5]) == pytest.approx(4 / 15)
    assert coefficient_of_variation([1, 2, 3, 4, 5]) == pytest.approx(math.sqrt(2) / 3)


def test_weighted_cv_by_hand() -> None:
    """Values 2 and 8 with weights 3 and 1: p = 0.75, 0.25; mu = 1.5 + 2 = 3.5; variance
    0.75 x 2.25 + 0.25 x 20.25 = 6.75; CV = sqrt(6.75) / 3.5 = 0.742307."""
    assert coefficient_of_variation([2, 8], [3, 1]) == pytest.approx(math.sqrt(6.75) / 3.5)


def test_theil_l_is_infinite_when_a_populated_area_has_nothing() -> None:
    assert theil_l([0, 1, 2]) == math.inf
    assert theil_l([0, 1, 2], [0, 1, 1]) == pytest.approx(theil_l([1, 2]))


# --------------------------------------------------------------------------- identities


def _shares(values: list[float], weights: list[int]) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    p = w / w.sum()
    s = p * x / np.dot(p, x)
    return p, s


@given(weighted())
def test_theil_t_equals_the_share_form(case: tuple[list[float], list[int]]) -> None:
    values, weights = case
    p, s = _shares(values, weights)
    assert _close(theil_t(values, weights), float(np.sum(s * np.log(s / p))), 1e-7)


@given(weighted())
def test_theil_l_equals_the_share_form(case: tuple[list[float], list[int]]) -> None:
    values, weights = case
    p, s = _shares(values, weights)
    assert _close(theil_l(values, weights), float(np.sum(p * np.log(p / s))), 1e-7)


@given(weighted())
def test_weights_equal_replication(case: tuple[list[float], list[int]]) -> None:
    values, weights = case
    replicated = [v for v, w in zip(values, weights, strict=True) for _ in range(w)]
    for index in INDICES:
        assert _close(index(values, weights), index(replicated), 1e-7), index.__name__


@given(weighted())
def test_gini_equals_mean_difference_form(case: tuple[list[float], list[int]]) -> None:
    values, weights = case
    x = np.asarray(values)
    p = np.asarray(weights) / sum(weights)
    pairwise = float(np.sum(np.outer(p, p) * np.abs(x[:, None] - x[None, :])))
    assert _close(gini(values, weights), pairwise / (2 * np.dot(p, x)), 1e-7)


@given(weighted())
def test_lorenz_endpoints_monotone_and_gini(case: tuple[list[float], list[int]]) -> None:
    values, weights = case
    x, y = lorenz_curve(values, weights)
    assert x[0] == 0.0 and y[0] == 0.0 and x[-1] == 1.0 and y[-1] == 1.0
    assert len(x) == len(values) + 1
    assert np.all(np.diff(x) > 0) and np.all(np.diff(y) >= 0)
    assert np.all(y <= x + 1e-12)  # below the line of equality
    trapezoids = float(np.sum(np.diff(x) * (y[1:] + y[:-1])))
    assert _close(gini(values, weights), 1 - trapezoids, 1e-9)


@given(
    weighted(),
    st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=30, max_size=30),
    st.sampled_from(["T", "L"]),
)
def test_decomposition_adds_up(
    case: tuple[list[float], list[int]], labels: list[str], index: str
) -> None:
    values, weights = case
    groups = labels[: len(values)]
    d = theil_decomposition(values, groups, weights, index)  # type: ignore[arg-type]
    assert _close(d.total, d.within + d.between, 1e-9)
    assert d.total == pytest.approx((theil_t if index == "T" else theil_l)(values, weights))
    assert [g.group for g in d.groups] == sorted(set(groups))
    assert _close(sum(g.population_share for g in d.groups), 1.0)
    assert _close(sum(g.value_share for g in d.groups), 1.0)
    assert d.within >= -1e-12 and d.between >= -1e-12


def test_decomposition_by_hand() -> None:
    """Two kecamatan: centre {4, 4} and periphery {1, 3}, equal weights. mu = 3;
    centre mu 4, s = 8/12, T_c = 0; periphery mu 2, s = 4/12,
    T_p = 0.5 (0.5 ln 0.5) + 0.5 (1.5 ln 1.5) = 0.130812.
    within = 1/3 x 0.130812 = 0.043604; between = 2/3 ln(4/3) + 1/3 ln(2/3) = 0.056633.
    L: L_c = 0, L_p = 0.5 ln 2 + 0.5 ln(2/3) = 0.143841; within = 0.5 L_p = 0.071921;
    between = 0.5 ln(3/4) + 0.5 ln(3/2) = 0.058892."""
    t = theil_decomposition([4, 4, 1, 3], ["centre", "centre", "pinggir", "pinggir"])
    assert [g.group for g in t.groups] == ["centre", "pinggir"]
    centre, periphery = t.groups
    assert (centre.mean, periphery.mean) == (4.0, 2.0)
    assert centre.value_share == pytest.approx(2 / 3) and centre.population_share == 0.5
    assert centre.index == pytest.approx(0.0, abs=1e-15)
    assert periphery.index == pytest.approx(0.5 * 0.5 * math.log(0.5) + 0.5 * 1.5 * math.log(1.5))
    assert t.within == pytest.approx(0.043604, abs=1e-6)
    assert t.between == pytest.approx(2 / 3 * math.log(4 / 3) + 1 / 3 * math.log(2 / 3))
    el = theil_decomposition([4, 4, 1, 3], ["centre", "centre", "pinggir", "pinggir"], index="L")
    assert el.within == pytest.approx(0.5 * (0.5 * math.log(2) + 0.5 * math.log(2 / 3)))
    assert el.between == pytest.approx(0.5 * math.log(3 / 4) + 0.5 * math.log(3 / 2))
    assert el.total == pytest.approx(theil_l([4, 4, 1, 3]))


def test_decomposition_with_an_empty_group() -> None:
    t = theil_decomposition([0, 0, 2, 6], ["a", "a", "b", "b"], index="T")
    assert t.groups[0].index == 0.0 and t.groups[0].value_share == 0.0
    assert _close(t.total, t.within + t.between)
    el = theil_decomposition([0, 0, 2, 6], ["a", "a", "b", "b"], index="L")
    assert el.total == math.inf and el.between == math.inf and el.groups[0].index == 0.0
    el = theil_decomposition([0, 1, 2, 6], ["a", "a", "b", "b"], index="L")
    assert el.groups[0].index == math.inf and el.total == math.inf


def test_decomposition_ignores_zero_weights() -> None:
    d = theil_decomposition([1, 99, 3], ["a", "z", "b"], [1, 0, 1])
    assert [g.group for g in d.groups] == ["a", "b"]


# --------------------------------------------------------------------------- properties


@given(st.floats(min_value=0.01, max_value=1e6), st.integers(1, 30), st.lists(int_weights))
def test_equal_values_give_zero(value: float, n: int, weights: list[int]) -> None:
    values = [value] * n
    w = (weights + [1] * n)[:n]
    for index in INDICES:
        assert index(values, w) == pytest.approx(0.0, abs=1e-9), index.__name__


@given(weighted(), st.floats(min_value=1e-3, max_value=1e3))
def test_scale_invariance(case: tuple[list[float], list[int]], c: float) -> None:
    values, weights = case
    scaled = [v * c for v in values]
    for index in INDICES:
        assert _close(index(values, weights), index(scaled, weights), 1e-7), index.__name__


@given(weighted(), st.randoms(use_true_random=False))
def test_permutation_invariance(case: tuple[list[float], list[int]], rnd: object) -> None:
    values, weights = case
    pairs = list(zip(values, weights, strict=True))
    rnd.shuffle(pairs)  # type: ignore[attr-defined]
    shuffled, shuffled_w = [v for v, _ in pairs], [w for _, w in pairs]
    for index in INDICES:
        assert _close(index(values, weights), index(shuffled, shuffled_w), 1e-9), index.__name__


@given(st.lists(st.floats(min_value=0, max_value=1e4, allow_nan=False), min_size=1, max_size=30))
def test_gini_in_unit_interval_and_theil_t_at_most_ln_n(values: list[float]) -> None:
    assume(sum(values) > 0)
    assert 0.0 <= gini(values) < 1.0
    assert gini(values) <= 1 - 1 / len(values) + 1e-12
    assert theil_t(values) <= math.log(len(values)) + 1e-9


@given(weighted(), st.lists(st.floats(min_value=0, max_value=1e4), min_size=1, max_size=5))
def test_zero_weight_entries_change_nothing(
    case: tuple[list[float], list[int]], extra: list[float]
) -> None:
    values, weights = case
    more_values, more_weights = values + extra, weights + [0] * len(extra)
    for index in INDICES:
        assert index(values, weights) == index(more_values, more_weights), index.__name__
    assert np.array_equal(
        lorenz_curve(values, weights)[1], lorenz_curve(more_values, more_weights)[1]
    )


@given(
    st.lists(st.floats(min_value=0, max_value=1000), min_size=2, max_size=20),
    st.data(),
    st.floats(min_value=0.01, max_value=0.5),
)
def test_transfer_from_richer_to_poorer_lowers_gini(
    values: list[float], data: st.DataObject, fraction: float
) -> None:
    """Pigou-Dalton: moving d from x_j to x_i < x_j with 0 < d <= (x_j - x_i)/2 keeps the
    mean and lowers the mean difference (the pair (i, j) loses 2d x 2 p_i p_j, and no other
    pair sum |x_i - x_k| + |x_j - x_k| can grow as x_i and x_j move towards each other)."""
    i = data.draw(st.integers(0, len(values) - 1))
    j = data.draw(st.integers(0, len(values) - 1))
    assume(values[j] - values[i] >= 1.0)
    d = fraction * (values[j] - values[i])
    after = list(values)
    after[i] += d
    after[j] -= d
    assert gini(after) < gini(values)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("values", "weights", "message"),
    [
        ([], None, "no values"),
        ([1, 2], [0, 0], "no values"),
        ([1, -2], None, "negative"),
        ([1, math.nan], None, "NaN"),
        ([1, 2], [1, math.nan], "NaN"),
        ([1, 2], [1, -1], "negative"),
        ([1, 2], [1], "length"),
        ([0, 0, 0], None, "mean is 0"),
        ([0, 5], [1, 0], "mean is 0"),
        ([1, math.inf], None, "finite"),
    ],
)
def test_invalid_input_raises(
    values: list[float], weights: list[float] | None, message: str
) -> None:
    for index in [*INDICES, lorenz_curve]:
        with pytest.raises(ValueError, match=message):
            index(values, weights)


def test_decomposition_errors() -> None:
    with pytest.raises(ValueError, match="length"):
        theil_decomposition([1, 2, 3], ["a", "b"])
    with pytest.raises(ValueError, match="index"):
        theil_decomposition([1, 2], ["a", "b"], index="X")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        Counts(staff=-1)
    with pytest.raises(ValueError, match="facilities_under"):
        AreaStats("1", "x", 10, Counts(), facilities=1, facilities_under=2)


# --------------------------------------------------------------------------- area indicators


def test_facility_under() -> None:
    assert facility_under(3, 4)  # 0.75 < 0.8
    assert not facility_under(4, 5)  # 0.8 is not below 0.8
    assert not facility_under(0, 0)  # no need, nothing to be short of
    assert facility_under(4, 5, threshold=0.9)


def test_indicator_arrays_marks_undefined_with_nan() -> None:
    got = indicator_arrays([2000, 0, math.nan, 500], [10, 3, 4, 0], [8, 0, 5, 2], [0, 0, 1, 2])
    np.testing.assert_allclose(got["per_1000"], [5.0, np.nan, np.nan, 0.0])
    np.testing.assert_allclose(got["fulfilment"], [1.25, np.nan, 0.8, 0.0])
    np.testing.assert_allclose(got["shortage_share"], [0.0, np.nan, 0.2, 1.0])
    with pytest.raises(ValueError, match="equal length"):
        indicator_arrays([1, 2], [1], [1, 2], [1, 2])


def _city() -> list[AreaStats]:
    """A kota of five kelurahan: the centre crowded, the periphery short.

    per 1,000: centre 40/4000 = 10, pasar 30/5000 = 6, tepi 6/3000 = 2, hulu 4/2500 = 1.6,
    baru has no population figure. Median per 1,000 over the four known = (2 + 6)/2 = 4;
    the cut-off is 0.75 x 4 = 3. fulfilment: centre 40/30 = 1.333, pasar 30/30 = 1,
    tepi 6/12 = 0.5, hulu 4/10 = 0.4, baru 5/5 = 1; median = 1.
    """
    return [
        AreaStats(
            "01", "Pusat", 4000, Counts(40, 30, 0, 10),
            by_family={"guru": Counts(25, 20, 0, 5), "kesehatan": Counts(15, 10, 0, 5)},
            facilities=3,
        ),
        AreaStats(
            "02", "Pasar", 5000, Counts(30, 30, 2, 2),
            by_family={"guru": Counts(18, 20, 2, 0), "kesehatan": Counts(12, 10, 0, 2)},
            facilities=2, facilities_under=0,
        ),
        AreaStats(
            "03", "Tepi", 3000, Counts(6, 12, 6, 0),
            by_family={"guru": Counts(4, 8, 4, 0), "kesehatan": Counts(2, 4, 2, 0)},
            facilities=2, facilities_under=2,
        ),
        AreaStats(
            "04", "Hulu", 2500, Counts(4, 10, 6, 0),
            by_family={"kesehatan": Counts(1, 4, 3, 0), "guru": Counts(3, 6, 3, 0)},
            facilities=1, facilities_under=1,
        ),
        AreaStats("05", "Baru", None, Counts(5, 5, 0, 0)),
    ]  # fmt: skip


def test_area_indicators_of_the_city() -> None:
    pusat, pasar, tepi, hulu, baru = area_indicators(_city())
    assert pusat.per_1000 == 10.0 and pusat.fulfilment == pytest.approx(40 / 30)
    assert pusat.shortage_share == 0.0 and pusat.facilities_under_share == 0.0
    assert pasar.shortage_share == pytest.approx(2 / 30)
    assert tepi.family_per_1000 == {"guru": pytest.approx(4 / 3), "kesehatan": pytest.approx(2 / 3)}
    assert tepi.family_fulfilment == {"guru": 0.5, "kesehatan": 0.5}
    assert list(hulu.family_shortage) == ["guru", "kesehatan"]  # sorted by name
    assert hulu.family_need == {"guru": 6, "kesehatan": 4}
    assert baru.per_1000 is None and baru.population is None
    assert baru.family_per_1000 == {} and baru.facilities_under_share is None
    assert area_indicators([]) == []


def test_zero_population_and_need_give_none() -> None:
    (area,) = area_indicators([AreaStats("9", "Kosong", 0, Counts(0, 0, 0, 0))])
    assert (area.per_1000, area.fulfilment, area.shortage_share) == (None, None, None)


def test_median_ignores_none_and_nan() -> None:
    assert median([None, 3.0, math.nan, 1.0]) == 2.0
    assert median([None, math.nan]) is None
    assert median([]) is None


def test_underserved_city_ranking_and_reasons() -> None:
    """Listed: tepi (share 0.5) and hulu (0.6) and pasar (2/30) have shortages; pusat and baru
    neither, and no known per 1,000 is below the cut-off 3 except tepi (2) and hulu (1.6)
    which are listed anyway. Order by shortage share descending: hulu 0.6, tepi 0.5,
    pasar 0.067."""
    result = underserved(area_indicators(_city()))
    assert [(u.rank, u.code) for u in result] == [(1, "04"), (2, "03"), (3, "02")]
    hulu = result[0]
    assert hulu.score == pytest.approx(0.6)
    assert hulu.reasons == (
        Reason("shortage", pytest.approx(0.6), count=6, total=10),  # type: ignore[arg-type]
        Reason("fulfilment", 0.4, reference=1.0),
        Reason("per_1000", 1.6, reference=4.0),
        # guru 3 and kesehatan 3 tie: by family name
        Reason("family_shortage", 0.5, family="guru", count=3, total=6),
        Reason("family_shortage", 0.75, family="kesehatan", count=3, total=4),
        Reason("facilities", 1.0, count=1, total=1),
    )
    tepi = result[1]
    assert [r.kind for r in tepi.reasons] == [
        "shortage", "fulfilment", "per_1000", "family_shortage", "family_shortage", "facilities",
    ]  # fmt: skip
    assert [r.family for r in tepi.reasons if r.family] == ["guru", "kesehatan"]  # 4 before 2
    pasar = result[2]
    # fulfilment 1.0 is not below the median 1.0; per 1,000 6 is above the median 4
    assert [r.kind for r in pasar.reasons] == ["shortage", "family_shortage"]
    assert underserved(area_indicators(_city()), limit=1)[0].code == "04"


def _indicators(code: str, per_1000: float | None, shortage_share: float | None) -> AreaIndicators:
    need = 0 if shortage_share is None else 10
    shortage = 0 if shortage_share is None else round(shortage_share * 10)
    return AreaIndicators(
        code=code, name=code, population=None, staff=0, need=need, shortage=shortage, excess=0,
        per_1000=per_1000, fulfilment=None, shortage_share=shortage_share,
        family_per_1000={}, family_fulfilment={}, family_shortage={},
        facilities=0, facilities_under=0, facilities_under_share=None,
    )  # fmt: skip


def test_underserved_low_per_1000_without_shortage_and_none_last() -> None:
    """Median per 1,000 of (1, 2, 10, 10, 10, 10) is 10; the cut-off is 7.5. "a" and "b" are
    listed for low staffing (no shortage: share 0.0 and None); "c" for its shortage. Order:
    c (share 0.2), then a (share 0.0), then b (share None, last)."""
    areas = [
        _indicators("b", 1.0, None),
        _indicators("a", 2.0, 0.0),
        _indicators("c", 10.0, 0.2),
        _indicators("d", 10.0, 0.0),
        _indicators("e", 10.0, None),
        _indicators("f", 10.0, 0.0),
        _indicators("g", None, None),
    ]
    result = underserved(areas)
    assert [u.code for u in result] == ["c", "a", "b"]
    assert [u.score for u in result] == [0.2, 0.0, 0.0]
    assert result[2].reasons == (Reason("per_1000", 1.0, reference=10.0),)
    assert [u.code for u in underserved(areas, per_1000_factor=0.1)] == ["c"]


def test_underserved_ties_by_per_1000_then_code() -> None:
    areas = [
        _indicators("z", 5.0, 0.5),
        _indicators("y", None, 0.5),
        _indicators("x", 5.0, 0.5),
        _indicators("w", 3.0, 0.5),
    ]
    assert [u.code for u in underserved(areas)] == ["w", "x", "z", "y"]
    assert underserved([]) == []


# --------------------------------------------------------------------------- vectorised ranking


def _arrays(areas: list[AreaStats]) -> dict[str, object]:
    """The columns of ``areas`` as :func:`underserved_from_arrays` takes them."""
    families = sorted({f for a in areas for f in a.by_family})
    empty = Counts()
    return {
        "codes": [a.code for a in areas],
        "names": [a.name for a in areas],
        "population": [math.nan if a.population is None else a.population for a in areas],
        "staff": [a.total.staff for a in areas],
        "need": [a.total.need for a in areas],
        "shortage": [a.total.shortage for a in areas],
        "family_need": {f: [a.by_family.get(f, empty).need for a in areas] for f in families},
        "family_shortage": {
            f: [a.by_family.get(f, empty).shortage for a in areas] for f in families
        },
        "facilities": [a.facilities for a in areas],
        "facilities_under": [a.facilities_under for a in areas],
    }


def _from_arrays(areas: list[AreaStats], limit: int | None) -> tuple[list[int], list[object]]:
    order, top = underserved_from_arrays(**_arrays(areas), limit=limit)  # type: ignore[arg-type]
    return order.tolist(), list(top)


def test_underserved_from_arrays_on_the_city() -> None:
    """Same ranks, scores and reasons as the object path (hulu, tepi, pasar), for every
    limit; ``order`` holds the positions of all three listed areas."""
    city = _city()
    for limit in (None, 0, 1, 2, 3, 10):
        order, top = _from_arrays(city, limit)
        assert order == [3, 2, 1]
        assert top == underserved(area_indicators(city), limit=limit)
    _, (hulu, *_) = _from_arrays(city, 1)
    assert hulu.reasons[2] == Reason("per_1000", 1.6, reference=4.0)  # type: ignore[attr-defined]
    order, top = underserved_from_arrays([], [], [], [], [], [], limit=5)
    assert order.size == 0 and top == []


def test_underserved_from_arrays_errors() -> None:
    with pytest.raises(ValueError, match="limit"):
        underserved_from_arrays(["a"], ["A"], [1], [1], [1], [0], limit=-1)
    with pytest.raises(ValueError, match="same families"):
        underserved_from_arrays(
            ["a"], ["A"], [1], [1], [1], [0], limit=1, family_need={"guru": [1]}
        )
    with pytest.raises(ValueError, match="equal length"):
        underserved_from_arrays(["a", "b"], ["A"], [1], [1], [1], [0], limit=1)
    with pytest.raises(ValueError, match="facilities"):
        underserved_from_arrays(["a"], ["A"], [1], [1], [1], [0], limit=1, facilities=[1, 2])
    with pytest.raises(ValueError, match="equal length"):
        underserved_order(["a"], [1, 2], [0.1], [1.0])


counts = st.builds(
    lambda staff, need, short: Counts(staff, need, short, short + max(staff - need, 0)),
    st.integers(0, 12),
    st.integers(0, 12),
    st.integers(0, 6),
)


@st.composite
def area_lists(draw: st.DrawFn) -> list[AreaStats]:
    n = draw(st.integers(0, 12))
    codes = draw(
        st.lists(st.text("abc019.", min_size=1, max_size=3), min_size=n, max_size=n)
    )  # duplicates allowed: ties keep the input order on both paths
    areas = []
    for code in codes:
        facilities = draw(st.integers(0, 3))
        areas.append(
            AreaStats(
                code=code,
                name=code.upper(),
                population=draw(st.one_of(st.none(), st.integers(0, 5000))),
                total=draw(counts),
                by_family=draw(st.dictionaries(st.sampled_from(["guru", "nakes", "tu"]), counts)),
                facilities=facilities,
                facilities_under=draw(st.integers(0, facilities)),
            )
        )
    return areas


@given(area_lists(), st.one_of(st.none(), st.integers(0, 14)))
def test_underserved_from_arrays_equals_the_object_path(
    areas: list[AreaStats], limit: int | None
) -> None:
    order, top = _from_arrays(areas, limit)
    expected = underserved(area_indicators(areas), limit=limit)
    assert top == expected
    assert [areas[i].code for i in order][: len(expected)] == [u.code for u in expected]
    assert len(order) == len(underserved(area_indicators(areas)))


def _reference_order(areas: list[AreaIndicators], factor: float) -> list[str]:
    """The ranking rule written as a Python sort key (its definition before vectorising)."""
    median_per_1000 = median(a.per_1000 for a in areas)
    cut = -math.inf if median_per_1000 is None else factor * median_per_1000
    listed = [a for a in areas if a.shortage > 0 or (a.per_1000 is not None and a.per_1000 < cut)]
    listed.sort(
        key=lambda a: (
            a.shortage_share is None,
            -(a.shortage_share or 0.0),
            a.per_1000 is None,
            a.per_1000 or 0.0,
            a.code,
        )
    )
    return [a.code for a in listed]


ratio = st.one_of(st.none(), st.sampled_from([0.0, 0.5, 1.0, 2.5]), st.floats(0, 20))


@given(
    st.lists(
        st.tuples(st.text("xyz", min_size=1, max_size=2), st.integers(0, 3), ratio, ratio),
        max_size=15,
    ),
    st.sampled_from([0.1, 0.75, 1.0, 1.5]),
)
def test_underserved_order_equals_the_sort_key(
    rows: list[tuple[str, int, float | None, float | None]], factor: float
) -> None:
    areas = [
        dataclasses.replace(_indicators(code, per, share), shortage=shortage)
        for code, shortage, per, share in rows
    ]
    nan = math.nan
    order = underserved_order(
        [a.code for a in areas],
        [a.shortage for a in areas],
        [nan if a.shortage_share is None else a.shortage_share for a in areas],
        [nan if a.per_1000 is None else a.per_1000 for a in areas],
        per_1000_factor=factor,
    )
    expected = _reference_order(areas, factor)
    assert [areas[i].code for i in order.tolist()] == expected
    assert [u.code for u in underserved(areas, per_1000_factor=factor)] == expected


@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), max_size=20))
def test_nanmedian_equals_median(values: list[float | None]) -> None:
    array = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    assert nanmedian_of(array) == median(values)
