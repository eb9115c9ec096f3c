"""Predikat kinerja (PermenPAN-RB 6/2022) and the curve by organisational predicate.

The nine cells are written out from the matrix in BKN's deck (BKN_DECK) and DOMAIN §11, not
from the code. No published worked example of the curve with head counts was found; the
examples below are hand-computed from the published percentages (CURVE) and say so.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.performance import (
    DEFAULT_CURVE,
    CurveBound,
    OrgPredicate,
    Predicate,
    Rating,
    check_distribution,
    predicate,
    predicate_rank,
    rating_rank,
)

BKN_DECK = "https://id.scribd.com/presentation/595717438/Poin-Penyempurnaan-Permenpan-6-22-Rev-I"
CURVE = (
    "https://naikpangkat.com/se-terbaru-menpan-rb-tetapkan-3-tahap-evaluasi-kinerja-asn-harus-"
    "lebih-waspada/3"
)

ratings = st.sampled_from(list(Rating))


def test_enums_keep_the_agreed_string_values() -> None:
    assert [r.value for r in Rating] == ["above", "as_expected", "below"]
    assert [p.value for p in Predicate] == [
        "sangat_baik",
        "baik",
        "butuh_perbaikan",
        "kurang",
        "sangat_kurang",
    ]
    assert [o.value for o in OrgPredicate] == [
        "istimewa",
        "baik",
        "butuh_perbaikan",
        "kurang",
        "sangat_kurang",
    ]


# (hasil kerja, perilaku kerja, predikat) — every cell of the matrix (BKN_DECK, DOMAIN §11).
MATRIX = [
    ("above", "above", "sangat_baik"),
    ("above", "as_expected", "baik"),
    ("above", "below", "kurang"),
    ("as_expected", "above", "baik"),
    ("as_expected", "as_expected", "baik"),
    ("as_expected", "below", "kurang"),
    ("below", "above", "butuh_perbaikan"),
    ("below", "as_expected", "butuh_perbaikan"),
    ("below", "below", "sangat_kurang"),
]


@pytest.mark.parametrize(("result", "behaviour", "expected"), MATRIX)
def test_each_cell_of_the_matrix_gives_the_published_predicate(
    result: str, behaviour: str, expected: str
) -> None:
    assert predicate(Rating(result), Rating(behaviour)) == Predicate(expected)
    assert predicate(result, behaviour) == expected  # type: ignore[arg-type]


def test_an_unknown_rating_is_refused_with_the_valid_values() -> None:
    with pytest.raises(ValueError, match="above, as_expected, below"):
        predicate("excellent", Rating.ABOVE)  # type: ignore[arg-type]


def test_ranks_follow_the_order_the_regulation_lists() -> None:
    assert [predicate_rank(p) for p in Predicate] == [5, 4, 3, 2, 1]
    assert [rating_rank(r) for r in Rating] == [3, 2, 1]


@given(ratings, ratings, ratings)
def test_a_better_hasil_kerja_never_lowers_the_predicate(
    low: Rating, high: Rating, b: Rating
) -> None:
    if rating_rank(low) > rating_rank(high):
        low, high = high, low
    assert predicate_rank(predicate(low, b)) <= predicate_rank(predicate(high, b))


@given(ratings, ratings, ratings)
def test_better_behaviour_never_lowers_the_predicate(r: Rating, low: Rating, high: Rating) -> None:
    if rating_rank(low) > rating_rank(high):
        low, high = high, low
    assert predicate_rank(predicate(r, low)) <= predicate_rank(predicate(r, high))


def test_only_the_top_cell_is_sangat_baik_and_only_the_bottom_cell_sangat_kurang() -> None:
    cells = {(r, b): predicate(r, b) for r in Rating for b in Rating}
    assert [k for k, v in cells.items() if v is Predicate.SANGAT_BAIK] == [
        (Rating.ABOVE, Rating.ABOVE)
    ]
    assert [k for k, v in cells.items() if v is Predicate.SANGAT_KURANG] == [
        (Rating.BELOW, Rating.BELOW)
    ]


# --- The curve (CURVE; hand-computed head counts) --------------------------------------------


def test_istimewa_unit_of_10_may_give_7_but_not_8_sangat_baik() -> None:
    """Max 70 % sangat baik: 70 % of 10 is 7 people."""
    assert check_distribution("istimewa", {"sangat_baik": 7, "baik": 3}) == ()
    (breach,) = check_distribution("istimewa", {"sangat_baik": 8, "baik": 2})
    assert (breach.code, breach.count, breach.limit, breach.staff) == ("above_max", 8, 7, 10)
    assert breach.predicates == (Predicate.SANGAT_BAIK,)


def test_a_baik_unit_must_have_someone_butuh_perbaikan_or_kurang() -> None:
    (breach,) = check_distribution("baik", {"baik": 7, "sangat_baik": 3})
    assert breach.code == "none_present"
    assert breach.predicates == (Predicate.BUTUH_PERBAIKAN, Predicate.KURANG)
    assert check_distribution("baik", {"baik": 7, "sangat_baik": 2, "kurang": 1}) == ()


def test_a_baik_unit_of_9_may_give_6_baik_as_70_percent_rounds_down() -> None:
    """70 % of 9 = 6.3 people: at most 6 whole people."""
    assert check_distribution("baik", {"baik": 6, "sangat_baik": 2, "butuh_perbaikan": 1}) == ()
    (breach,) = check_distribution("baik", {"baik": 7, "butuh_perbaikan": 2})
    assert (breach.code, breach.limit) == ("above_max", 6)


def test_butuh_perbaikan_unit_of_7_needs_5_butuh_perbaikan_and_no_sangat_baik() -> None:
    """Min 60 % of 7 = 4.2 → 5 people; max 10 % sangat baik of 7 = 0.7 → 0 people."""
    breaches = check_distribution(
        OrgPredicate.BUTUH_PERBAIKAN, {"butuh_perbaikan": 4, "sangat_baik": 1, "baik": 2}
    )
    assert [(b.code, b.limit) for b in breaches] == [("below_min", 5), ("above_max", 0)]
    assert check_distribution("butuh_perbaikan", {"butuh_perbaikan": 5, "baik": 2}) == ()


def test_kurang_unit_of_20() -> None:
    """Min 60 % kurang (12), min 10 % butuh perbaikan (2), max 10 % sangat baik (2)."""
    fine = {"kurang": 12, "butuh_perbaikan": 2, "sangat_baik": 2, "baik": 4}
    assert check_distribution("kurang", fine) == ()
    bad = {"kurang": 11, "butuh_perbaikan": 1, "sangat_baik": 3, "baik": 5}
    assert [(b.code, b.limit) for b in check_distribution("kurang", bad)] == [
        ("below_min", 12),
        ("below_min", 2),
        ("above_max", 2),
    ]


def test_sangat_kurang_unit_allows_no_sangat_baik_and_counts_kurang_with_butuh_perbaikan() -> None:
    fine = {"sangat_kurang": 6, "kurang": 0, "butuh_perbaikan": 1, "baik": 3}
    assert check_distribution("sangat_kurang", fine) == ()
    bad = {"sangat_kurang": 6, "baik": 3, "sangat_baik": 1}
    assert [(b.code, b.limit) for b in check_distribution("sangat_kurang", bad)] == [
        ("below_min", 1),
        ("above_max", 0),
    ]


def test_an_empty_unit_breaks_nothing() -> None:
    for org in OrgPredicate:
        assert check_distribution(org, {}) == ()


def test_counts_must_be_whole_and_not_negative() -> None:
    with pytest.raises(ValueError, match="whole number"):
        check_distribution("baik", {"baik": -1})
    with pytest.raises(ValueError, match="whole number"):
        check_distribution("baik", {"baik": 1.5})  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        check_distribution("baik", {"excellent": 1})


def test_an_agency_may_replace_the_curve() -> None:
    strict = {
        OrgPredicate.BAIK: (CurveBound(frozenset({Predicate.BAIK}), max_share=Fraction(1, 2)),)
    }
    (breach,) = check_distribution("baik", {"baik": 6, "kurang": 4}, strict)
    assert (breach.code, breach.limit) == ("above_max", 5)


def test_a_curve_bound_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        CurveBound(frozenset())
    with pytest.raises(ValueError):
        CurveBound(frozenset({Predicate.BAIK}), max_share=Fraction(3, 2))
    with pytest.raises(ValueError):
        CurveBound(frozenset({Predicate.BAIK}), min_share=Fraction(1, 2), max_share=Fraction(1, 4))


def test_the_default_curve_has_every_organisational_predicate() -> None:
    assert set(DEFAULT_CURVE) == set(OrgPredicate)


counts_st = st.dictionaries(st.sampled_from(list(Predicate)), st.integers(0, 60))


@given(st.sampled_from(list(OrgPredicate)), counts_st)
def test_limits_are_whole_people_from_the_published_shares(
    org: OrgPredicate, counts: dict[Predicate, int]
) -> None:
    staff = sum(counts.values())
    for breach in check_distribution(org, counts):
        assert breach.staff == staff
        assert sum(counts.get(p, 0) for p in breach.predicates) == breach.count
        if breach.code == "above_max":
            assert breach.count > breach.limit
            assert breach.limit <= math.floor(Fraction(7, 10) * staff)
        else:
            assert breach.count < breach.limit <= max(1, math.ceil(Fraction(6, 10) * staff))


@given(counts_st)
def test_adding_sangat_baik_never_fixes_a_sangat_baik_maximum(counts: dict[Predicate, int]) -> None:
    """More sangat baik in an istimewa unit never removes its above-max breach."""
    before = check_distribution("istimewa", counts)
    more = dict(counts)
    more[Predicate.SANGAT_BAIK] = more.get(Predicate.SANGAT_BAIK, 0) + 1
    if before:
        assert check_distribution("istimewa", more)
