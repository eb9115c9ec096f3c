"""Hukuman disiplin (PP 94/2021): levels, the absence table at every edge, running and ending.

The absence table is written out from the article text (PASAL_9_11: Pasal 9(2), 10(2), 11(2)
as quoted, and PARAPUAN), not from the code. The date examples are hand-computed from the
rules in the module docstring and say so.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.discipline import (
    ABSENCE_TABLE,
    CONSECUTIVE_DISMISSAL_DAYS,
    DURATION_MONTHS,
    TUKIN_CUT_PERCENT,
    Level,
    PromotionPolicy,
    Sanction,
    SanctionRecord,
    absence_sanction,
    add_months,
    effective_date,
    is_running,
    level,
    promotion_blocks,
    sanction_end,
    severity,
)

PASAL_9_11 = "https://github.com/wawannug/disiplin-pns/blob/main/src/data/masukKerja.js"
PARAPUAN = (
    "https://parapuan.co/read/532917661/pns-bolos-10-hari-kerja-bakal-dipecat-ini-aturan-"
    "terbaru-pemerintah?page=3"
)
KOMPAS = "https://nasional.kompas.com/read/2021/09/14/14122101/twitter.com"


def test_each_sanction_has_its_pp_94_2021_level() -> None:
    """Pasal 8: ringan (three teguran), sedang (tukin cut), berat (three)."""
    expected = {
        "teguran_lisan": "ringan",
        "teguran_tertulis": "ringan",
        "pernyataan_tidak_puas": "ringan",
        "tukin_cut_6_months": "sedang",
        "tukin_cut_9_months": "sedang",
        "tukin_cut_12_months": "sedang",
        "penurunan_jabatan": "berat",
        "pembebasan_jabatan": "berat",
        "pdhtaps": "berat",
    }
    assert {s.value: level(s).value for s in Sanction} == expected
    assert level("pdhtaps") is Level.BERAT


def test_durations_and_the_tukin_cut() -> None:
    assert TUKIN_CUT_PERCENT == 25
    assert DURATION_MONTHS[Sanction.TUKIN_CUT_6_MONTHS] == 6
    assert DURATION_MONTHS[Sanction.TUKIN_CUT_9_MONTHS] == 9
    assert DURATION_MONTHS[Sanction.TUKIN_CUT_12_MONTHS] == 12
    assert DURATION_MONTHS[Sanction.PENURUNAN_JABATAN] == 12
    assert DURATION_MONTHS[Sanction.PEMBEBASAN_JABATAN] == 12
    assert DURATION_MONTHS[Sanction.PDHTAPS] is None


# (cumulative days in a year, sanction) at both edges of every row of the table (PASAL_9_11).
EDGES = [
    (0, None),
    (2, None),
    (3, "teguran_lisan"),
    (4, "teguran_tertulis"),
    (6, "teguran_tertulis"),
    (7, "pernyataan_tidak_puas"),
    (10, "pernyataan_tidak_puas"),
    (11, "tukin_cut_6_months"),
    (13, "tukin_cut_6_months"),
    (14, "tukin_cut_9_months"),
    (16, "tukin_cut_9_months"),
    (17, "tukin_cut_12_months"),
    (20, "tukin_cut_12_months"),
    (21, "penurunan_jabatan"),
    (24, "penurunan_jabatan"),
    (25, "pembebasan_jabatan"),
    (27, "pembebasan_jabatan"),
    (28, "pdhtaps"),
    (29, "pdhtaps"),
    (250, "pdhtaps"),
]


@pytest.mark.parametrize(("days", "expected"), EDGES)
def test_cumulative_absence_at_every_edge_of_the_table(days: int, expected: str | None) -> None:
    assert absence_sanction(days) == expected


@pytest.mark.parametrize(
    ("run", "expected"),
    [(9, "pernyataan_tidak_puas"), (10, "pdhtaps"), (11, "pdhtaps")],
)
def test_ten_working_days_in_a_row_is_pdhtaps(run: int, expected: str) -> None:
    """Pasal 11(2)d: 'secara terus menerus selama 10 (sepuluh) hari kerja' (KOMPAS); 10 days
    alone in the cumulative table would only be a pernyataan tidak puas."""
    assert CONSECUTIVE_DISMISSAL_DAYS == 10
    assert absence_sanction(run, consecutive_days=run) == expected


def test_nine_days_in_a_row_follow_the_cumulative_table() -> None:
    assert absence_sanction(9, consecutive_days=9) is Sanction.PERNYATAAN_TIDAK_PUAS


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_days_must_be_whole_and_not_negative(bad: object) -> None:
    with pytest.raises(ValueError):
        absence_sanction(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        absence_sanction(3, consecutive_days=bad)  # type: ignore[arg-type]


def test_the_table_rows_touch_without_gaps() -> None:
    for (_, last, _), (first, _, _) in pairwise(ABSENCE_TABLE):
        assert last is not None and first == last + 1


days_st = st.integers(0, 400)


@given(days_st, days_st)
def test_more_absence_never_gives_a_lighter_sanction(a: int, b: int) -> None:
    low, high = sorted((a, b))
    s_low, s_high = absence_sanction(low), absence_sanction(high)
    assert (severity(s_low) if s_low else 0) <= (severity(s_high) if s_high else 0)


@given(days_st, st.integers(0, 30))
def test_a_longer_run_never_gives_a_lighter_sanction(days: int, run: int) -> None:
    alone, with_run = absence_sanction(days), absence_sanction(days, consecutive_days=run)
    assert (severity(alone) if alone else 0) <= (severity(with_run) if with_run else 0)


# --- Dates (hand-computed) ---------------------------------------------------------------


def test_the_decision_takes_effect_on_the_fifteenth_day_after_receipt() -> None:
    assert effective_date(date(2025, 3, 1)) == date(2025, 3, 16)
    assert effective_date(date(2025, 3, 1), day=1) == date(2025, 3, 2)
    with pytest.raises(ValueError):
        effective_date(date(2025, 3, 1), day=0)


def test_add_months_clamps_to_the_end_of_a_short_month() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 3, 15), 12) == date(2026, 3, 15)
    assert add_months(date(2025, 11, 30), 1) == date(2025, 12, 30)


def test_a_six_month_tukin_cut_runs_until_the_day_before_its_end() -> None:
    start = date(2025, 3, 15)
    assert sanction_end("tukin_cut_6_months", start) == date(2025, 9, 15)
    assert not is_running("tukin_cut_6_months", start, date(2025, 3, 14))
    assert is_running("tukin_cut_6_months", start, start)
    assert is_running("tukin_cut_6_months", start, date(2025, 9, 14))
    assert not is_running("tukin_cut_6_months", start, date(2025, 9, 15))


def test_a_ringan_sanction_never_runs_and_pdhtaps_never_ends() -> None:
    start = date(2025, 3, 15)
    assert sanction_end("teguran_tertulis", start) == start
    assert not is_running("teguran_tertulis", start, start)
    assert sanction_end("pdhtaps", start) is None
    assert is_running("pdhtaps", start, date(2040, 1, 1))


@given(
    st.sampled_from(list(Sanction)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(-400, 800),
)
def test_running_means_between_effective_and_end(
    sanction: Sanction, start: date, offset: int
) -> None:
    on = start + timedelta(days=offset)
    months = DURATION_MONTHS[sanction]
    if months is None:
        assert is_running(sanction, start, on) == (on >= start)
    else:
        end = sanction_end(sanction, start)
        assert end is not None and end >= start
        assert (end - start).days <= 31 * months
        assert is_running(sanction, start, on) == (start <= on < end)


# --- Effect on promotion ---------------------------------------------------------------


def test_a_running_sedang_sanction_blocks_promotion_and_an_ended_one_does_not() -> None:
    record = SanctionRecord(Sanction.TUKIN_CUT_9_MONTHS, date(2025, 1, 10))
    assert promotion_blocks([record], date(2025, 6, 1)) == (("running_sanction", record),)
    assert promotion_blocks([record], date(2025, 10, 10)) == ()


def test_a_ringan_sanction_does_not_block_by_default() -> None:
    record = SanctionRecord(Sanction.TEGURAN_LISAN, date(2025, 1, 10))
    assert promotion_blocks([record], date(2025, 1, 10)) == ()


def test_a_look_back_policy_blocks_for_years_after_a_berat_sanction_ends() -> None:
    record = SanctionRecord(Sanction.PENURUNAN_JABATAN, date(2023, 1, 1))
    policy = PromotionPolicy(lookback_levels=frozenset({Level.BERAT}), lookback_years=2)
    assert promotion_blocks([record], date(2023, 6, 1), policy) == (("running_sanction", record),)
    assert promotion_blocks([record], date(2024, 1, 1), policy) == (("recent_sanction", record),)
    assert promotion_blocks([record], date(2025, 12, 31), policy) == (("recent_sanction", record),)
    assert promotion_blocks([record], date(2026, 1, 1), policy) == ()
    assert promotion_blocks([record], date(2024, 1, 1)) == ()


def test_severity_follows_pasal_8_order() -> None:
    assert [severity(s) for s in Sanction] == list(range(1, 10))
    with pytest.raises(ValueError, match="teguran_lisan"):
        severity("dipecat")


def test_the_buleleng_two_year_rule_as_a_policy() -> None:
    """https://simata.bulelengkab.go.id/tahapan/pemetaan-pegawai: not eligible if 'dalam 2
    (dua) tahun terakhir pernah atau sedang menjalani hukuman disiplin kategori sedang atau
    berat'. Hand-computed: a 6-month cut from 1 Feb 2024 ends 1 Aug 2024; it still counts on
    31 Jul 2026 and no longer on 1 Aug 2026."""
    policy = PromotionPolicy(
        lookback_levels=frozenset({Level.SEDANG, Level.BERAT}), lookback_years=2
    )
    record = SanctionRecord(Sanction.TUKIN_CUT_6_MONTHS, date(2024, 2, 1))
    assert promotion_blocks([record], date(2026, 7, 31), policy) == (("recent_sanction", record),)
    assert promotion_blocks([record], date(2026, 8, 1), policy) == ()
    ringan = SanctionRecord(Sanction.TEGURAN_TERTULIS, date(2026, 1, 1))
    assert promotion_blocks([ringan], date(2026, 1, 2), policy) == ()
