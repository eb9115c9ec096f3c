"""SIASN's values (formasi.domain.siasn) and the date, delimiter and numbering rules its
export needs (formasi.domain.importing, formasi.domain.tabular)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.importing import TWO_DIGIT_YEAR_PIVOT, CellError, parse_date
from formasi.domain.siasn import (
    EXPORT_COLUMNS,
    PPPK_LEGAL_STATUS,
    education_level,
    employee_status,
    strip_apostrophe,
)
from formasi.domain.tabular import TableError, read_table

ID_MONTHS = "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split()  # noqa: SIM905
EN_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905


@pytest.mark.parametrize(
    ("flag", "legal_id", "legal_name", "expected"),
    [
        ("P", "01", "Aktif", "pns"),
        ("C", "01", "Aktif", "cpns"),
        ("P", "03", "Tugas Belajar", "pns"),  # a PNS state that is not "aktif" is still PNS
        ("", "71", "PPPK Aktif", "pppk"),
        ("P", "71", "", "pppk"),  # the PPPK id wins over a stray flag
        ("", "72", "", "pppk"),
        ("", "73", "PPPK Paruh Waktu", "pppk_pw"),
        ("", "'73", "", "pppk_pw"),
        ("", "", "PPPK Paruh Waktu", "pppk_pw"),  # an id Formasi does not know: the name
        ("", "99", "PPPK", "pppk"),
        ("", "", "", None),
        ("X", "01", "Aktif", None),
    ],
)
def test_status_from_status_cpns_pns_and_kedudukan_hukum(flag, legal_id, legal_name, expected):
    assert employee_status(flag, legal_id, legal_name) == expected


@given(st.sampled_from(sorted(PPPK_LEGAL_STATUS)), st.sampled_from(["P", "C", "", None]))
def test_a_pppk_kedudukan_hukum_decides_whatever_the_flag(legal_id, flag):
    assert employee_status(flag, legal_id, None) == PPPK_LEGAL_STATUS[legal_id]


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("Strata I", "s1"), ("STRATA II", "s2"), ("Strata III", "s3"),
        ("Diploma III/Sarjana Muda", "d3"), ("Diploma IV", "d4"), ("Diploma I", "d1"),
        ("SLTA Kejuruan", "sma"), ("SLTA", "sma"), ("SLTP", "smp"), ("Sekolah Dasar", "sd"),
        ("  strata   i ", "s1"), ("Sarjana Hukum", None),
    ],
)  # fmt: skip
def test_siasn_education_names(name, level):
    assert education_level(name) == level


def test_leading_apostrophes_are_dropped():
    assert strip_apostrophe("'199001172015031001") == "199001172015031001"
    assert strip_apostrophe(" \u2019123 ") == "123"
    assert strip_apostrophe("O'Neil") == "O'Neil"


def test_the_export_layout_has_65_distinct_columns():
    assert len(EXPORT_COLUMNS) == len(set(EXPORT_COLUMNS)) == 65
    for column in ("KEDUDUKAN HUKUM ID", "STATUS CPNS PNS", "UNOR ID", "JABATAN ID"):
        assert column in EXPORT_COLUMNS


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-Apr-1990", date(1990, 4, 17)),
        ("17-Agu-1990", date(1990, 8, 17)),
        ("17-Aug-1990", date(1990, 8, 17)),
        ("1-Mei-1990", date(1990, 5, 1)),
        ("05-Okt-1990", date(1990, 10, 5)),
        ("24-Des-1990", date(1990, 12, 24)),
        ("17 Apr. 1990", date(1990, 4, 17)),
        ("1990-04-17T00:00:00Z", date(1990, 4, 17)),
        ("1990-04-17T00:00:00.000+07:00", date(1990, 4, 17)),
        ("17/4/90", date(1990, 4, 17)),
        ("17/4/68", date(2068, 4, 17)),  # below the pivot: 20xx, as POSIX strptime %y
        ("17/4/69", date(1969, 4, 17)),
        ("17-Apr-90", date(1990, 4, 17)),
    ],
)
def test_siasn_and_printed_form_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["1990-04-17T10:30:00Z", "17-Foo-1990", "17/4/990"])
def test_other_date_texts_are_refused(text):
    with pytest.raises(CellError):
        parse_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_every_date_style_reads_back(day):
    assert parse_date(f"{day.day:02d}-{EN_MONTHS[day.month - 1]}-{day.year}") == day
    assert parse_date(f"{day.day}-{ID_MONTHS[day.month - 1]}-{day.year}") == day
    assert parse_date(f"{day:%Y-%m-%d}T00:00:00Z") == day
    two_digit = parse_date(f"{day.day}/{day.month}/{day.year % 100:02d}")
    century = 2000 if day.year % 100 < TWO_DIGIT_YEAR_PIVOT else 1900
    assert two_digit == day.replace(year=century + day.year % 100)


# --------------------------------------------------------------------------- delimiters, numbering


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_known_delimiter_is_sniffed(delimiter):
    text = delimiter.join(["NIP BARU", "NAMA", "TANGGAL LAHIR"]) + "\n"
    text += delimiter.join(["'199001172015031001", "A, B", "17-Apr-1990"]).replace(
        "A, B", '"A, B"' if delimiter == "," else "A, B"
    )
    table = read_table(text.encode(), "x.csv")
    assert table.delimiter == delimiter
    assert table.headers == ("NIP BARU", "NAMA", "TANGGAL LAHIR")
    assert table.rows[0][1] == "A, B"


def test_an_unknown_delimiter_is_named():
    with pytest.raises(TableError) as refused:
        read_table(b"NIP BARU#NAMA#TANGGAL LAHIR\n1#2#3\n", "x.csv")
    assert refused.value.code == "csv.delimiter"
    assert refused.value.detail == {"tried": [",", ";", "\t", "|"], "found": ["#"]}


def test_a_single_column_without_other_punctuation_is_no_delimiter_error():
    table = read_table(b"NAMA\nBudi\n", "x.csv")
    assert table.headers == ("NAMA",)


def test_a_row_of_column_numbers_under_the_header_is_skipped():
    table = read_table(b"A|B|C\n1|2|3\nx|y|z\n", "x.csv")
    assert table.rows == (("x", "y", "z"),)
    assert table.first_row_number == 3
    bracketed = read_table(b"A;B;C\n(1);(2);(3)\nx;y;z\n", "x.csv")
    assert bracketed.rows == (("x", "y", "z"),)


@pytest.mark.parametrize("second", [b"1|2|4", b"1|2|", b"2|3|4", b"3|2|1"])
def test_numbers_that_are_not_the_column_numbers_are_data(second):
    table = read_table(b"A|B|C\n" + second + b"\nx|y|z\n", "x.csv")
    assert len(table.rows) == 2
    assert table.first_row_number == 2
