"""The 9-box (PermenPAN-RB 3/2020), the talent score with both presets, and the pool.

The nine boxes are written out from the grid as BKN and public implementations draw it
(DOMAIN §10; BKN_KMS for kotak 7–9, BOXES_1_TO_6 for the rest). The talent score examples are
hand-computed from the published BKN weights (SIMATA_SUMMARY) and say so.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.performance import Predicate, Rating, rating_rank
from formasi.domain.talent import (
    DEVELOPMENT_ACTIONS,
    NATIONAL_SUCCESSION_BOXES,
    PREDICATE_SCORE,
    PRESETS,
    SUCCESSION_BOXES,
    YEARLY_TRAINING_HOURS,
    Action,
    AssessmentWeights,
    AxisBands,
    Component,
    Education,
    Potential,
    WeightPreset,
    assessed_potential,
    box_axes,
    nine_box,
    performance_level,
    pool_exclusions,
    talent_score,
)

BKN_KMS = (
    "https://github.com/Collopus23/KBS-CORPU-VERSIONCLONE/blob/main/resources/views/kms/"
    "artikel2.blade.php"
)
BOXES_1_TO_6 = (
    "https://github.com search: 'Kotak 8', 'Kinerja sesuai ekspektasi dan potensial tinggi'"
)
SIMATA_SUMMARY = (
    "https://summarytube.com/summary/sosialisasi-sistem-manajemen-talenta-asn-simata-asn-cmr4"
)

POTENTIAL_RANK = {Potential.LOW: 1, Potential.MEDIUM: 2, Potential.HIGH: 3}

# (kinerja, potensi, box) — all nine cells.
GRID = [
    ("above", "low", 4),
    ("above", "medium", 7),
    ("above", "high", 9),
    ("as_expected", "low", 2),
    ("as_expected", "medium", 5),
    ("as_expected", "high", 8),
    ("below", "low", 1),
    ("below", "medium", 3),
    ("below", "high", 6),
]


@pytest.mark.parametrize(("kinerja", "potensi", "box"), GRID)
def test_each_cell_has_its_permenpan_3_2020_box_number(
    kinerja: str, potensi: str, box: int
) -> None:
    assert nine_box(Rating(kinerja), Potential(potensi)) == box
    assert box_axes(box) == (Rating(kinerja), Potential(potensi))


def test_the_succession_groups_are_boxes_7_8_9_and_nationally_9() -> None:
    """BKN_KMS: 'kotak 9 (sembilan), 8 (delapan), dan 7 (tujuh)'; nasional 'kotak 9'."""
    assert sorted(SUCCESSION_BOXES) == [7, 8, 9]
    assert sorted(NATIONAL_SUCCESSION_BOXES) == [9]
    cells = {nine_box(r, p) for r in Rating for p in Potential}
    assert cells == set(range(1, 10))


@pytest.mark.parametrize("bad", [0, 10, -1, True])
def test_box_axes_refuses_a_number_outside_1_to_9(bad: int) -> None:
    with pytest.raises(ValueError):
        box_axes(bad)


def test_nine_box_refuses_unknown_levels() -> None:
    with pytest.raises(ValueError):
        nine_box("excellent", Potential.HIGH)  # type: ignore[arg-type]


@given(
    st.sampled_from(list(Rating)), st.sampled_from(list(Rating)), st.sampled_from(list(Potential))
)
def test_better_kinerja_never_lowers_the_box(a: Rating, b: Rating, p: Potential) -> None:
    low, high = sorted((a, b), key=rating_rank)
    assert nine_box(low, p) <= nine_box(high, p)


@given(
    st.sampled_from(list(Rating)),
    st.sampled_from(list(Potential)),
    st.sampled_from(list(Potential)),
)
def test_higher_potential_never_lowers_the_box(r: Rating, a: Potential, b: Potential) -> None:
    low, high = sorted((a, b), key=POTENTIAL_RANK.__getitem__)
    assert nine_box(r, low) <= nine_box(r, high)


def test_every_box_has_recommended_actions_and_only_9_is_national() -> None:
    assert set(DEVELOPMENT_ACTIONS) == set(range(1, 10))
    assert all(DEVELOPMENT_ACTIONS[b] for b in range(1, 10))
    national = {b for b, acts in DEVELOPMENT_ACTIONS.items() if Action.SUCCESSION_NASIONAL in acts}
    instansi = {b for b, acts in DEVELOPMENT_ACTIONS.items() if Action.SUCCESSION_INSTANSI in acts}
    assert national == {9}
    assert instansi == {7, 8, 9}


# --- Talent score --------------------------------------------------------------------------


def test_bkn_preset_has_the_published_weights() -> None:
    """SIMATA_SUMMARY: 50/50 axes; kinerja 60 utama + 40 penguat; potensi 40/25/20/15."""
    bkn = PRESETS["bkn_2025"]
    assert bkn.performance_share == Fraction(1, 2)
    assert dict(bkn.performance) == {
        Component.KINERJA_UTAMA: Fraction(60, 100),
        Component.PENGUAT: Fraction(40, 100),
    }
    assert dict(bkn.potential) == {
        Component.KOMPETENSI: Fraction(40, 100),
        Component.POTENSI: Fraction(25, 100),
        Component.KUALIFIKASI: Fraction(20, 100),
        Component.INTEGRITAS: Fraction(15, 100),
    }


def test_bkn_preset_worked_example() -> None:
    """Hand-computed: kinerja 0.6×100 + 0.4×50 = 80; potensi 0.4×80 + 0.25×70 + 0.2×60 +
    0.15×100 = 76.5; total 0.5×80 + 0.5×76.5 = 78.25; 80 → high kinerja (di atas), 76.5 →
    medium potensi: kotak 7."""
    scores = {
        "kinerja_utama": 100,
        "penguat": 50,
        "kompetensi": 80,
        "potensi": 70,
        "kualifikasi": 60,
        "integritas": 100,
    }
    result = talent_score(scores, "bkn_2025")
    assert result.performance_score == 80
    assert result.potential_score == Fraction(153, 2)
    assert result.total == Fraction(313, 4)
    assert (result.performance, result.potential, result.box) == (
        Rating.ABOVE,
        Potential.MEDIUM,
        7,
    )


def test_permenpan_preset_worked_example() -> None:
    """Hand-computed with the [U] equal weights: kinerja = SKP score 80 (baik), which reaches
    the high band (80); potensi (90 + 70 + 50 + 30) / 4 = 60 → medium; total 70; kotak 7."""
    scores = {
        "kinerja_utama": PREDICATE_SCORE[Predicate.BAIK],
        "potensi": 90,
        "kompetensi": 70,
        "rekam_jejak": 50,
        "pertimbangan_lain": 30,
    }
    result = talent_score(scores, PRESETS["permenpan_3_2020"])
    assert (result.performance_score, result.potential_score, result.total) == (80, 60, 70)
    assert result.performance is Rating.ABOVE
    assert result.box == 7


def test_the_bands_are_a_setting() -> None:
    scores = {
        "kinerja_utama": 80,
        "potensi": 60,
        "kompetensi": 60,
        "rekam_jejak": 60,
        "pertimbangan_lain": 60,
    }
    strict = AxisBands(medium_from=Fraction(70), high_from=Fraction(90))
    result = talent_score(scores, "permenpan_3_2020", strict)
    assert (result.performance, result.potential, result.box) == (
        Rating.AS_EXPECTED,
        Potential.LOW,
        2,
    )
    with pytest.raises(ValueError):
        AxisBands(medium_from=Fraction(90), high_from=Fraction(80))


def test_missing_or_out_of_range_components_are_refused() -> None:
    with pytest.raises(ValueError, match="penguat"):
        talent_score({"kinerja_utama": 100}, "bkn_2025")
    full = dict.fromkeys([c.value for c in Component], 50)
    with pytest.raises(ValueError, match="0 to 100"):
        talent_score({**full, "potensi": 101}, "bkn_2025")
    with pytest.raises(ValueError):
        talent_score({**full, "unknown": 1}, "bkn_2025")
    with pytest.raises(ValueError, match="bkn_2025"):
        talent_score(full, "no_such_preset")


def test_float_scores_are_read_as_the_decimals_they_print() -> None:
    """79.9 stays below the high band and 80.0 reaches it."""
    base = {"potensi": 50.0, "kompetensi": 50.0, "rekam_jejak": 50.0, "pertimbangan_lain": 50.0}
    assert talent_score(
        {**base, "kinerja_utama": 79.9}, "permenpan_3_2020"
    ).performance_score == Fraction(799, 10)
    assert (
        talent_score({**base, "kinerja_utama": 80.0}, "permenpan_3_2020").performance
        is Rating.ABOVE
    )


def test_a_preset_whose_weights_do_not_sum_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        WeightPreset(
            "bad",
            Fraction(1, 2),
            {Component.KINERJA_UTAMA: Fraction(1)},
            {Component.POTENSI: Fraction(1, 2)},
        )


component_scores = st.fixed_dictionaries({c.value: st.integers(0, 100) for c in Component})


@given(
    component_scores,
    st.sampled_from(list(Component)),
    st.integers(0, 100),
    st.sampled_from(list(PRESETS)),
)
def test_raising_any_component_never_lowers_the_score_or_box(
    scores: dict[str, int], which: Component, bump: int, preset: str
) -> None:
    before = talent_score(scores, preset)
    raised = dict(scores)
    raised[which.value] = min(100, scores[which.value] + bump)
    after = talent_score(raised, preset)
    assert after.total >= before.total
    assert after.performance_score >= before.performance_score
    assert after.potential_score >= before.potential_score
    assert after.box >= before.box


@given(component_scores, st.sampled_from(list(PRESETS)))
def test_scores_stay_between_0_and_100(scores: dict[str, int], preset: str) -> None:
    result = talent_score(scores, preset)
    for value in (result.performance_score, result.potential_score, result.total):
        assert 0 <= value <= 100


# --- Kinerja level from a predicate, and the pool -----------------------------------------


@pytest.mark.parametrize(
    ("pred", "level"),
    [
        ("sangat_baik", "above"),
        ("baik", "as_expected"),
        ("butuh_perbaikan", "below"),
        ("kurang", "below"),
        ("sangat_kurang", "below"),
    ],
)
def test_a_predicate_alone_gives_a_kinerja_level(pred: str, level: str) -> None:
    assert performance_level(pred) == level


def test_pool_exclusions_name_each_reason() -> None:
    assert pool_exclusions(box=9, running_sanction=False) == ()
    assert pool_exclusions(box=7, running_sanction=True) == ("running_sanction",)
    assert pool_exclusions(box=6, running_sanction=False) == ("box_outside_pool",)
    assert pool_exclusions(box=1, running_sanction=True) == ("box_outside_pool", "running_sanction")
    with pytest.raises(ValueError):
        pool_exclusions(box=0, running_sanction=False)


# --- Potential from assessment results (hand-computed, [U] weights) -------------------------


def test_assessed_potential_worked_example() -> None:
    """Competency 80, S1 (70), 10 of 20 JP: 0.5×80 + 0.25×70 + 0.25×50 = 70."""
    assert YEARLY_TRAINING_HOURS == 20
    assert assessed_potential(competency=80, education="s1_d4", training_hours=10) == 70


def test_training_beyond_the_yearly_hours_earns_no_more() -> None:
    full = assessed_potential(competency=50, education=Education.S2, training_hours=20)
    assert assessed_potential(competency=50, education=Education.S2, training_hours=80) == full


def test_assessed_potential_refuses_bad_input() -> None:
    with pytest.raises(ValueError):
        assessed_potential(competency=120, education="s1_d4", training_hours=0)
    with pytest.raises(ValueError):
        assessed_potential(competency=50, education="s1_d4", training_hours=-1)
    with pytest.raises(ValueError):
        assessed_potential(competency=50, education="phd", training_hours=0)
    with pytest.raises(ValueError):
        AssessmentWeights(competency=Fraction(1), education=Fraction(1, 4))


EDUCATION_ORDER = list(Education)


@given(
    st.integers(0, 100),
    st.integers(0, 100),
    st.sampled_from(EDUCATION_ORDER),
    st.sampled_from(EDUCATION_ORDER),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_assessed_potential_is_monotone_in_each_input(
    c1: int, c2: int, e1: Education, e2: Education, h1: int, h2: int
) -> None:
    low = assessed_potential(
        competency=min(c1, c2),
        education=min(e1, e2, key=EDUCATION_ORDER.index),
        training_hours=min(h1, h2),
    )
    high = assessed_potential(
        competency=max(c1, c2),
        education=max(e1, e2, key=EDUCATION_ORDER.index),
        training_hours=max(h1, h2),
    )
    assert 0 <= low <= high <= 100
