"""ABK workbook layouts: header classification, the norm's unit, periods and their factors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain import abk
from formasi.domain.abk_layout import (
    PeriodBasis,
    classify_headers,
    is_column_numbers,
    norm_minutes,
    norm_unit,
    per_year,
    period_of,
)

KEMENPAN = ("No", "Uraian Tugas", "Hasil Kerja (Satuan Hasil)", "Jumlah Hasil",
            "Waktu Penyelesaian (Jam)", "Waktu Efektif", "Kebutuhan Pegawai")  # fmt: skip
FORMASI = ("No", "Uraian tugas", "Satuan hasil", "Beban kerja (volume)", "Norma waktu (menit)",
           "Waktu penyelesaian (menit)")  # fmt: skip
PERIOD = ("No", "Uraian Tugas", "Satuan Hasil", "Volume", "Satuan Waktu", "Norma Waktu")
PERMENDAGRI = ("No", "Rincian tugas/kegiatan", "Satuan", "Jumlah volume kerja", "Norma waktu",
               "Peralatan", "Ket.")  # fmt: skip


def test_the_kemenpan_form_is_read_in_hours() -> None:
    found = classify_headers(KEMENPAN)
    assert dict(found.columns) == {
        "no": 0, "description": 1, "output_unit": 2, "volume": 3, "norm": 4, "effective": 5
    }  # fmt: skip
    assert found.unit == "hours" and found.layout == "kemenpan" and not found.missing


def test_formasi_reads_the_norm_not_the_yearly_total() -> None:
    found = classify_headers(FORMASI)
    assert found.columns["norm"] == 4 and found.unit == "minutes" and found.layout == "formasi"


def test_a_period_column_and_an_unsaid_unit() -> None:
    found = classify_headers(PERIOD)
    assert found.columns["period"] == 4 and found.layout == "period" and found.unit is None


def test_permendagri_words_with_a_bare_norm() -> None:
    found = classify_headers(PERMENDAGRI)
    assert found.columns == {"no": 0, "description": 1, "output_unit": 2, "volume": 3, "norm": 4}
    assert found.unit is None


def test_missing_columns_are_named_by_field() -> None:
    assert classify_headers(("No", "Uraian Tugas", "Satuan")).missing == ("volume", "norm")


@pytest.mark.parametrize(
    ("header", "unit"),
    [("Norma Waktu (Menit)", "minutes"), ("Norma waktu (jam)", "hours"),
     ("Waktu Penyelesaian (JAM)", "hours"), ("NORMA WAKTU (menit/satuan)", "minutes"),
     ("Norma Waktu", None), ("Waktu Penyelesaian", None), ("Standar waktu", None)],
)  # fmt: skip
def test_the_norm_unit_comes_only_from_the_header(header: str, unit: str | None) -> None:
    assert norm_unit(header) == unit


@pytest.mark.parametrize(
    ("text", "period"),
    [("Tahun", "year"), ("per bulan", "month"), ("/minggu", "week"), ("Pekan", "week"),
     ("HARI", "day"), ("Harian", "day"), ("jam", "hour"), ("Semester", None), ("", None)],
)  # fmt: skip
def test_period_words(text: str, period: str | None) -> None:
    assert period_of(text) == period


def test_period_factors_of_the_defaults() -> None:
    # DOMAIN §1.3: 235 effective days a year on a five-day week; 1,250 jam effective a year.
    basis = PeriodBasis()
    assert [per_year(p, basis) for p in ("year", "month", "week", "day", "hour")] == [
        1, 12, 47, 235, 1250
    ]  # fmt: skip
    six_day = PeriodBasis(effective_days=287, working_days_per_week=6)
    assert per_year("week", six_day) == Decimal(287) / 6


def test_a_basis_must_be_positive() -> None:
    with pytest.raises(ValueError, match="effective_days"):
        PeriodBasis(effective_days=0)


@given(
    volume=st.integers(min_value=0, max_value=10**6),
    quarter_hours=st.integers(min_value=1, max_value=4 * 40),
)
def test_hours_and_minutes_give_the_same_need(volume: int, quarter_hours: int) -> None:
    """volume × hours ÷ 1,250 jam equals volume × minutes ÷ 75,000 menit."""
    hours = Decimal(quarter_hours) / 4
    minutes = norm_minutes(hours, "hours")
    by_minutes = abk.required_staff([abk.Task(volume, float(minutes))])
    assert by_minutes == pytest.approx(volume * float(hours) / 1250)


@given(count=st.integers(min_value=0, max_value=10**4), minutes=st.integers(1, 600))
def test_a_volume_per_hour_needs_count_times_minutes_over_sixty(count: int, minutes: int) -> None:
    """Work arriving every effective hour: v tasks an hour of n minutes keep v·n/60 people busy."""
    yearly = Decimal(count) * per_year("hour", PeriodBasis())
    need = abk.required_staff([abk.Task(float(yearly), minutes)])
    assert need == pytest.approx(count * minutes / 60)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [([1, 2, 3, 4, 5], True), (["1", "2", "3"], True), ([1.0, 2.0, 3.0], True),
     ([1, 2], False), ([1, "Surat", 3], False), ([1, 3, 4], False), ([None, 1, 2, 3, None], True)],
)  # fmt: skip
def test_a_row_of_column_numbers(cells: list[object], expected: bool) -> None:
    assert is_column_numbers(cells) is expected
