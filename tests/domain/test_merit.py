"""Penilaian mandiri sistem merit: framework, score, bands and auto-filled indicators.

The eight aspects come from Meritopedia (MERITOPEDIA); the bands from DOMAIN §9.1 ([U], IV
[P]) and the NISM bands from DOMAIN §9.2 ([P]). No published worked example of the score
was found: the examples are hand-computed from the module's stated formula and say so.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.merit import (
    DEFAULT_BANDS,
    DEFAULT_FRAMEWORK,
    NISM_BANDS,
    Aspect,
    Band,
    CoverageLevels,
    Framework,
    Indicator,
    MeritFacts,
    auto_answers,
    category,
    merit_score,
)

MERITOPEDIA = "https://meritopedia.kasn.go.id/tentang-sistem-merit/penilaian-sistem-merit"

CODES = [i.code for i in DEFAULT_FRAMEWORK.indicators]


def test_the_eight_aspects_of_meritopedia_in_order() -> None:
    assert [a.value for a in Aspect] == [
        "perencanaan_kebutuhan",
        "pengadaan",
        "pengembangan_karier",
        "promosi_mutasi",
        "manajemen_kinerja",
        "penggajian_penghargaan_disiplin",
        "perlindungan_pelayanan",
        "sistem_informasi",
    ]
    assert set(DEFAULT_FRAMEWORK.aspect_weights) == set(Aspect)
    assert sum(DEFAULT_FRAMEWORK.aspect_weights.values()) == 1


def test_the_auto_answered_indicators_sit_in_their_aspects() -> None:
    aspect_of = {i.code: i.aspect for i in DEFAULT_FRAMEWORK.indicators}
    assert aspect_of["needs_plan_abk"] is Aspect.PERENCANAAN
    assert aspect_of["talent_succession"] is Aspect.PENGEMBANGAN_KARIER
    assert aspect_of["open_selection"] is Aspect.PROMOSI_MUTASI
    assert aspect_of["performance_appraisal"] is Aspect.MANAJEMEN_KINERJA
    assert aspect_of["discipline_enforcement"] is Aspect.PENGGAJIAN_PENGHARGAAN_DISIPLIN


def test_all_ones_score_100_and_all_fours_score_400() -> None:
    assert merit_score(dict.fromkeys(CODES, 1)).total == 100
    assert merit_score(dict.fromkeys(CODES, 4)).total == 400


def test_worked_example_of_the_score() -> None:
    """Hand-computed: every indicator 3 except aspect 1's three indicators at 1, 2, 3 (mean 2):
    100 × (7/8 × 3 + 1/8 × 2) = 287.5 → III Baik."""
    answers = dict.fromkeys(CODES, 3)
    answers.update(peta_jabatan=1, needs_plan_abk=2, needs_fulfilment=3)
    result = merit_score(answers)
    assert result.by_aspect[Aspect.PERENCANAAN] == 2
    assert result.total == Fraction(575, 2)
    assert result.missing == ()
    assert category(result.total) == "baik"


def test_an_unanswered_indicator_leaves_the_total_open() -> None:
    answers = dict.fromkeys(CODES, 4)
    del answers["e_office"]
    result = merit_score(answers)
    assert result.total is None
    assert result.missing == ("e_office",)
    assert Aspect.SISTEM_INFORMASI not in result.by_aspect
    assert result.by_aspect[Aspect.PENGADAAN] == 4


@pytest.mark.parametrize("bad", [0, 5, 2.5, True])
def test_levels_outside_1_to_4_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="1 to 4"):
        merit_score({"peta_jabatan": bad})  # type: ignore[dict-item]


def test_unknown_indicators_are_refused() -> None:
    with pytest.raises(ValueError, match="no_such"):
        merit_score({"no_such": 3})


# (score, category) at every edge of the bands of DOMAIN §9.1.
BAND_EDGES = [
    (100, "buruk"),
    (174, "buruk"),
    (Fraction(349, 2), "buruk"),
    (175, "kurang"),
    (249, "kurang"),
    (250, "baik"),
    (324, "baik"),
    (325, "sangat_baik"),
    (400, "sangat_baik"),
]


@pytest.mark.parametrize(("score", "expected"), BAND_EDGES)
def test_category_at_every_band_edge(score: Fraction, expected: str) -> None:
    assert category(score) == expected


def test_float_scores_fall_in_the_band_they_print() -> None:
    assert category(0.41, NISM_BANDS) == "lanjutan"
    assert category(0.61, NISM_BANDS) == "menengah"
    assert category(325.0) == "sangat_baik"
    assert category(324.99) == "baik"


def test_a_score_below_100_has_no_category() -> None:
    with pytest.raises(ValueError):
        category(99)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, "dasar"),
        (0.40, "dasar"),
        (0.41, "lanjutan"),
        (0.61, "menengah"),
        (0.81, "tinggi"),
        (1, "tinggi"),
        (1.2, "maju"),
    ],
)
def test_nism_bands(index: float, expected: str) -> None:
    assert category(Fraction(str(index)), NISM_BANDS) == expected


def test_bands_must_ascend() -> None:
    with pytest.raises(ValueError):
        category(200, (Band("b", Fraction(200)), Band("a", Fraction(100))))
    with pytest.raises(ValueError):
        category(200, ())


def test_a_framework_checks_its_weights() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        Framework({Aspect.PENGADAAN: Fraction(1, 2)}, (Indicator("x", Aspect.PENGADAAN),))
    with pytest.raises(ValueError, match="no weighted indicator"):
        Framework({Aspect.PENGADAAN: Fraction(1)}, (Indicator("x", Aspect.PERENCANAAN),))
    with pytest.raises(ValueError, match="unique"):
        Framework(
            {Aspect.PENGADAAN: Fraction(1)},
            (Indicator("x", Aspect.PENGADAAN), Indicator("x", Aspect.PENGADAAN)),
        )


def test_an_agency_framework_with_weights() -> None:
    """Hand-computed: aspect weights 3/4 and 1/4; indicators a (weight 2) = 4, b (1) = 1 →
    aspect mean 3; c = 2 → 100 × (3/4 × 3 + 1/4 × 2) = 275."""
    framework = Framework(
        {Aspect.PENGADAAN: Fraction(3, 4), Aspect.SISTEM_INFORMASI: Fraction(1, 4)},
        (
            Indicator("a", Aspect.PENGADAAN, Fraction(2)),
            Indicator("b", Aspect.PENGADAAN),
            Indicator("c", Aspect.SISTEM_INFORMASI),
        ),
    )
    assert merit_score({"a": 4, "b": 1, "c": 2}, framework).total == 275


answers_st = st.fixed_dictionaries({c: st.integers(1, 4) for c in CODES})


@given(answers_st, st.sampled_from(CODES))
def test_raising_any_indicator_never_lowers_the_score(answers: dict[str, int], code: str) -> None:
    before = merit_score(answers).total
    raised = {**answers, code: min(4, answers[code] + 1)}
    after = merit_score(raised).total
    assert before is not None and after is not None
    assert 100 <= before <= after <= 400


@given(st.fractions(min_value=100, max_value=400), st.fractions(min_value=100, max_value=400))
def test_a_higher_score_never_has_a_lower_category(a: Fraction, b: Fraction) -> None:
    order = [band.code for band in DEFAULT_BANDS]
    low, high = sorted((a, b))
    assert order.index(category(low)) <= order.index(category(high))


# --- Auto-filled indicators -------------------------------------------------------------------


def _facts(**overrides: int) -> MeritFacts:
    base = {
        "need_cells": 200,
        "need_cells_from_abk": 200,
        "target_posts": 10,
        "target_posts_with_successor": 8,
        "talent_pool": 40,
        "jpt_filled": 4,
        "jpt_filled_by_open_selection": 2,
        "employees": 1000,
        "employees_with_skp": 990,
        "discipline_records": 0,
        "discipline_records_with_decision": 0,
    }
    return MeritFacts(**{**base, **overrides})


def test_auto_answers_carry_their_level_and_evidence() -> None:
    """Coverage 200/200 → 4; 8/10 → 3; 2/4 → 2; 990/1000 → 3; no discipline records → left
    out (nothing to judge by)."""
    answers = {a.indicator: a for a in auto_answers(_facts())}
    assert {k: a.level for k, a in answers.items()} == {
        "needs_plan_abk": 4,
        "talent_succession": 3,
        "open_selection": 2,
        "performance_appraisal": 3,
    }
    assert dict(answers["open_selection"].evidence) == {
        "jpt_filled_by_open_selection": 2,
        "jpt_filled": 4,
    }
    assert dict(answers["talent_succession"].evidence)["talent_pool"] == 40


def test_an_empty_talent_pool_is_level_1() -> None:
    answers = {a.indicator: a.level for a in auto_answers(_facts(talent_pool=0))}
    assert answers["talent_succession"] == 1


def test_coverage_levels_are_a_setting() -> None:
    strict = CoverageLevels(level_2=Fraction(9, 10), level_3=Fraction(99, 100), level_4=Fraction(1))
    answers = {a.indicator: a.level for a in auto_answers(_facts(), strict)}
    assert answers["performance_appraisal"] == 3
    assert answers["talent_succession"] == 1


def test_facts_refuse_a_part_larger_than_its_whole() -> None:
    with pytest.raises(ValueError, match="cannot exceed"):
        _facts(jpt_filled_by_open_selection=5)
    with pytest.raises(ValueError, match="whole number"):
        _facts(employees=-1)


def test_auto_answers_are_indicators_of_the_default_framework() -> None:
    codes = {
        a.indicator
        for a in auto_answers(_facts(discipline_records=3, discipline_records_with_decision=3))
    }
    assert codes <= set(CODES)
    assert len(codes) == 5


@given(st.integers(1, 500), st.integers(0, 500), st.integers(0, 500))
def test_more_coverage_never_lowers_an_auto_level(whole: int, a: int, b: int) -> None:
    low, high = sorted((min(a, whole), min(b, whole)))
    levels = CoverageLevels()
    assert 1 <= levels.level(low, whole) <= levels.level(high, whole) <= 4
