"""NIP, NI PPPK and NIK parsing (pure domain: no database, no Django)."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from formasi.domain.identifiers import (
    CODES,
    KIND_PARTS,
    PARTS,
    InvalidIdentifier,
    NikInfo,
    NipInfo,
    normalize_digits,
    parse_nik,
    parse_nip,
    parse_nipppk,
)

TODAY = date(2025, 6, 1)
SEPARATORS = ".-"


def is_separator(ch: str) -> bool:
    return ch.isspace() or ch in SEPARATORS


def assert_invalid(func: Any, value: str, kind: str, part: str, **kwargs: Any) -> InvalidIdentifier:
    with pytest.raises(InvalidIdentifier) as info:
        func(value, **kwargs)
    exc = info.value
    assert (exc.kind, exc.part, exc.code) == (kind, part, f"{kind}.{part}")
    assert exc.code in CODES
    return exc


# --------------------------------------------------------------------------- error codes


def test_codes_are_documented_and_small() -> None:
    assert {code.split(".")[1] for code in CODES} == set(PARTS)
    assert {code.split(".")[0] for code in CODES} == {"nip", "nik", "nipppk"}
    assert len(CODES) == sum(len(parts) for parts in KIND_PARTS.values()) == 18


def test_invalid_identifier_is_a_picklable_value_error() -> None:
    exc = InvalidIdentifier("nip", "sex", "NIP digits 15 (sex) must be 1 or 2, got '3'")
    assert isinstance(exc, ValueError)
    copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes)
    assert (copy.kind, copy.part, copy.code, str(copy)) == ("nip", "sex", "nip.sex", str(exc))


# --------------------------------------------------------------------------- NIP


def test_nip_amir_example() -> None:
    # Example from the explainer of Perka BKN 22/2007 (NIP PNS): Amir, born 1 August 1966,
    # TMT CPNS 1 March 1988, male, first of his kind -> 19660801 198803 1 001.
    assert parse_nip("19660801 198803 1 001") == NipInfo(
        nip="196608011988031001",
        birth_date=date(1966, 8, 1),
        cpns_start=date(1988, 3, 1),
        sex="M",
        sequence=1,
    )


def test_nip_female() -> None:
    info = parse_nip("198502142010122013")
    assert info.birth_date == date(1985, 2, 14)
    assert info.cpns_start == date(2010, 12, 1)
    assert info.sex == "F"
    assert info.sequence == 13


@pytest.mark.parametrize(
    "typed",
    [
        "196608011988031001",
        "19660801 198803 1 001",
        "19660801.198803.1.001",
        "1966-08-01 1988-03 1 001",
        "  19660801  198803 1 001\n",
        "19660801\t198803\u00a01 001",  # tab and no-break space pasted from a document
    ],
)
def test_nip_typed_separators_are_ignored(typed: str) -> None:
    assert parse_nip(typed).nip == "196608011988031001"


def test_normalize_digits() -> None:
    assert normalize_digits(" 19.66-08 01\t") == "19660801"
    assert normalize_digits("12a/3") == "12a/3"  # other characters are left for the parser


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("19660801198803100A", "characters"),
        ("19660801/198803/1/001", "characters"),
        ("1966080119880310\u0660\u0661", "characters"),  # Arabic-Indic digits are not 0-9
        ("", "length"),
        ("1966080119880310", "length"),
        ("1966080119880310011", "length"),
        ("196613011988031001", "birth_date"),  # month 13
        ("196602301988031001", "birth_date"),  # 30 February
        ("196502291988031001", "birth_date"),  # 1965 is not a leap year
        ("000001011988031001", "birth_date"),  # year 0000
        ("196608011988001001", "cpns_start"),  # month 00
        ("196608011988131001", "cpns_start"),  # month 13
        ("196608010000031001", "cpns_start"),  # implausible year
        ("196608011984071001", "cpns_start"),  # 17 years 11 months
        ("196608011966081001", "cpns_start"),  # TMT CPNS in the birth month
        ("196608011988033001", "sex"),
        ("196608011988030001", "sex"),
        ("196608011988031000", "sequence"),
    ],
)
def test_nip_invalid_parts(value: str, part: str) -> None:
    assert_invalid(parse_nip, value, "nip", part)


def test_nip_messages_name_the_part_and_digits() -> None:
    exc = assert_invalid(parse_nip, "196608011988033001", "nip", "sex")
    assert str(exc) == "NIP digits 15 (sex) must be 1 or 2, got '3'"
    exc = assert_invalid(parse_nip, "196602301988031001", "nip", "birth_date")
    assert "birth date" in str(exc) and "'19660230'" in str(exc)
    exc = assert_invalid(parse_nip, "196608011984071001", "nip", "cpns_start")
    assert "TMT CPNS" in str(exc) and "'198407'" in str(exc)
    exc = assert_invalid(parse_nip, "196608011988031000", "nip", "sequence")
    assert "sequence" in str(exc) and "'000'" in str(exc)


def test_nip_cpns_18_years_compares_first_of_month() -> None:
    # Born 31 Aug 1966: August 1984 is accepted (1 Aug 1984 >= 1 Aug 1984), July is not.
    assert parse_nip("196608311984081001").cpns_start == date(1984, 8, 1)
    assert_invalid(parse_nip, "196608311984071001", "nip", "cpns_start")


# --------------------------------------------------------------------------- NI PPPK


def test_nipppk_returns_birth_date_only() -> None:
    assert parse_nipppk("19900315 2023 21 2 001") == date(1990, 3, 15)
    # The rest of the layout is unverified: no further checks.
    assert parse_nipppk("199003159999999999") == date(1990, 3, 15)


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("19900315202321200x", "characters"),
        ("19900315202321200", "length"),
        ("199013152023212001", "birth_date"),
        ("199002302023212001", "birth_date"),
    ],
)
def test_nipppk_invalid_parts(value: str, part: str) -> None:
    assert_invalid(parse_nipppk, value, "nipppk", part)


# --------------------------------------------------------------------------- NIK


def test_nik_man() -> None:
    # Kab. Bandung (32 04), kecamatan 10, born 12 March 1990, male, sequence 0001.
    assert parse_nik("3204101203900001", today=TODAY) == NikInfo(
        nik="3204101203900001",
        province="32",
        regency="04",
        district="10",
        birth_date=date(1990, 3, 12),
        sex="M",
        sequence=1,
    )


def test_nik_woman_day_plus_40() -> None:
    # Kota Bandung (32 73), day 52 = 12 + 40 -> woman born 12 May 1995.
    info = parse_nik("32.73.01 520595 0002", today=TODAY)
    assert (info.nik, info.regency, info.birth_date, info.sex, info.sequence) == (
        "3273015205950002",
        "73",
        date(1995, 5, 12),
        "F",
        2,
    )
    assert parse_nik("3273017101950002", today=TODAY).birth_date == date(1995, 1, 31)


@pytest.mark.parametrize(
    ("today", "born"),
    [
        (date(2025, 6, 1), date(2005, 1, 1)),
        (date(2005, 1, 1), date(2005, 1, 1)),  # born today: 0 years old
        (date(2004, 12, 31), date(1905, 1, 1)),
        (date(2025, 3, 1), date(1925, 6, 15)),  # '25' but 15 June 2025 is still ahead
        (date(2025, 6, 15), date(2025, 6, 15)),
    ],
)
def test_nik_century_depends_on_today(today: date, born: date) -> None:
    nik = f"317101{born:%d%m%y}0001"
    assert parse_nik(nik, today=today).birth_date == born


def test_nik_today_may_be_a_datetime_and_defaults_to_now() -> None:
    assert parse_nik("3171010101050001", today=datetime(2025, 6, 1, 12)).birth_date == date(
        2005, 1, 1
    )
    assert parse_nik("3171011708450001").birth_date == date(1945, 8, 17)


@pytest.mark.parametrize(
    ("nik", "today", "born"),
    [
        ("3171012902000001", date(2025, 1, 1), date(2000, 2, 29)),
        ("3171016902000001", date(2025, 1, 1), date(2000, 2, 29)),  # woman
        ("3171012902040001", date(2003, 1, 1), date(1904, 2, 29)),
        ("3171012902960001", date(2100, 3, 1), date(2096, 2, 29)),
    ],
)
def test_nik_29_february(nik: str, today: date, born: date) -> None:
    assert parse_nik(nik, today=today).birth_date == born


@pytest.mark.parametrize(
    "today",
    [
        date(1999, 12, 31),  # 1900 is not a leap year (and 1800 neither)
        date(2000, 1, 15),  # 29 Feb 2000 is still ahead, and 1900-02-29 does not exist
        date(2125, 1, 1),  # 2100-02-29 does not exist and 2000 would be 125 years old
    ],
)
def test_nik_29_february_00_without_valid_century(today: date) -> None:
    exc = assert_invalid(parse_nik, "3171012902000001", "nik", "birth_date", today=today)
    assert "'290200'" in str(exc)


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("317101120390000X", "characters"),
        ("3171-01-12/03/90-0001", "characters"),
        ("317101120390001", "length"),
        ("31710112039000011", "length"),
        ("0071011203900001", "province"),
        ("1071011203900001", "province"),
        ("0971011203900001", "province"),
        ("3100011203900001", "regency"),
        ("3170011203900001", "regency"),
        ("3171001203900001", "district"),
        ("3171010003900001", "birth_day"),
        ("3171013203900001", "birth_day"),
        ("3171014003900001", "birth_day"),
        ("3171017203900001", "birth_day"),
        ("3171019903900001", "birth_day"),
        ("3171013002900001", "birth_day"),  # 30 February
        ("3171013104900001", "birth_day"),  # 31 April
        ("3171017102900001", "birth_day"),  # woman, 31 February
        ("3171011200900001", "birth_month"),
        ("3171011213900001", "birth_month"),
        ("3171011203900000", "sequence"),
    ],
)
def test_nik_invalid_parts(value: str, part: str) -> None:
    assert_invalid(parse_nik, value, "nik", part, today=TODAY)


def test_nik_kabupaten_and_kota_bounds() -> None:
    assert parse_nik("3169011203900001", today=TODAY).regency == "69"
    assert parse_nik("3171011203900001", today=TODAY).regency == "71"
    assert parse_nik("9999991203900001", today=TODAY).province == "99"
    assert parse_nik("1101011203900001", today=TODAY).province == "11"


# --------------------------------------------------------------------------- properties

SEX_DIGIT = {"M": "1", "F": "2"}


@st.composite
def nip_cases(draw: st.DrawFn) -> tuple[str, date, date, str, int]:
    birth = draw(st.dates(min_value=date(1850, 1, 1), max_value=date(2081, 12, 31)))
    first = max((birth.year + 18) * 12 + birth.month - 1, 1900 * 12)
    index = draw(st.integers(min_value=first, max_value=2099 * 12 + 11))
    cpns = date(index // 12, index % 12 + 1, 1)
    sex = draw(st.sampled_from(["M", "F"]))
    sequence = draw(st.integers(min_value=1, max_value=999))
    sep = draw(st.sampled_from(["", " ", ".", "-"]))
    text = sep.join([f"{birth:%Y%m%d}", f"{cpns:%Y%m}", SEX_DIGIT[sex], f"{sequence:03d}"])
    return text, birth, cpns, sex, sequence


@given(nip_cases())
def test_nip_round_trip(case: tuple[str, date, date, str, int]) -> None:
    text, birth, cpns, sex, sequence = case
    info = parse_nip(text)
    assert info.nip == normalize_digits(text)
    assert (info.birth_date, info.cpns_start, info.sex, info.sequence) == (
        birth,
        cpns,
        sex,
        sequence,
    )
    assert info.cpns_start.day == 1


@st.composite
def nik_cases(draw: st.DrawFn) -> tuple[str, date, date, str, int]:
    today = draw(st.dates(min_value=date(1901, 1, 1), max_value=date(2999, 12, 31)))
    # 36 500 days is just under 100 years, so the birth date is unambiguous.
    birth = today - timedelta(days=draw(st.integers(min_value=0, max_value=36_500)))
    sex = draw(st.sampled_from(["M", "F"]))
    province = draw(st.integers(min_value=11, max_value=99))
    regency = draw(st.one_of(st.integers(1, 69), st.integers(71, 99)))
    district = draw(st.integers(min_value=1, max_value=99))
    sequence = draw(st.integers(min_value=1, max_value=9999))
    day = birth.day + (40 if sex == "F" else 0)
    text = (
        f"{province:02d}{regency:02d}{district:02d}"
        f"{day:02d}{birth.month:02d}{birth.year % 100:02d}{sequence:04d}"
    )
    return text, today, birth, sex, sequence


@given(nik_cases())
@example(("3171016902000001", date(2025, 1, 1), date(2000, 2, 29), "F", 1))
def test_nik_round_trip(case: tuple[str, date, date, str, int]) -> None:
    text, today, birth, sex, sequence = case
    info = parse_nik(text, today=today)
    assert info.nik == text
    assert (info.birth_date, info.sex, info.sequence) == (birth, sex, sequence)
    assert (info.province, info.regency, info.district) == (text[0:2], text[2:4], text[4:6])


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.text("0123456789", min_size=10, max_size=10),
)
def test_nipppk_round_trip(birth: date, rest: str) -> None:
    assert parse_nipppk(f"{birth.year:04d}{birth:%m%d}{rest}") == birth


_bad_char = st.characters().filter(lambda ch: ch not in "0123456789" and not is_separator(ch))


@given(st.text(), _bad_char, st.text())
def test_any_foreign_character_is_rejected(before: str, bad: str, after: str) -> None:
    value = before + bad + after
    assert_invalid(parse_nip, value, "nip", "characters")
    assert_invalid(parse_nipppk, value, "nipppk", "characters")
    assert_invalid(parse_nik, value, "nik", "characters", today=TODAY)


def _only_invalid_identifier(func: Any, value: str, kind: str, **kwargs: Any) -> None:
    try:
        func(value, **kwargs)
    except InvalidIdentifier as exc:
        assert exc.kind == kind
        assert exc.code in CODES
        assert str(exc)


@given(st.one_of(st.text(), st.text("0123456789 .-", max_size=24)))
def test_parsers_raise_only_invalid_identifier(value: str) -> None:
    _only_invalid_identifier(parse_nip, value, "nip")
    _only_invalid_identifier(parse_nipppk, value, "nipppk")
    _only_invalid_identifier(parse_nik, value, "nik")


@given(st.text("0123456789", min_size=18, max_size=18))
def test_any_18_digits_parse_or_raise_invalid_identifier(value: str) -> None:
    _only_invalid_identifier(parse_nip, value, "nip")
    _only_invalid_identifier(parse_nipppk, value, "nipppk")


@given(st.text("0123456789", min_size=16, max_size=16), st.dates())
def test_any_16_digits_parse_or_raise_invalid_identifier(value: str, today: date) -> None:
    _only_invalid_identifier(parse_nik, value, "nik", today=today)
