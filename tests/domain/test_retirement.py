"""BUP and TMT pensiun (pure domain: no database).

Ages come from UU 20/2023 Pasal 55 and PP 11/2017 Pasal 239(2) / 240 (DOMAIN §4.1); the text
of Pasal 239–240 was read at PP11 below. The TMT rule and its worked example come from
DOMAIN §4.2 (moneynesia, secondary); the edge cases are our reading of the same rule.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.retirement import (
    FAMILY_BUP,
    Jenjang,
    PositionKind,
    bup,
    retirement_age,
    retirement_date,
)

PP11 = (
    "http://dirbkpsdm.parigimoutongkab.go.id/index.php/pemberhentian/dasar-pemberhentian/"
    "pemberhentian-karena-mencapai-batas-usia-pensiun"
)
MONEYNESIA = "https://moneynesia.com/pensiun/cara-menghitung-masa-kerja-pensiun-pns"

# --- Enums keep the string values other code stores ----------------------------------------


def test_enums_have_exactly_the_agreed_string_values() -> None:
    assert [k.value for k in PositionKind] == [
        "jpt_utama",
        "jpt_madya",
        "jpt_pratama",
        "administrator",
        "pengawas",
        "pelaksana",
        "fungsional",
    ]
    assert [j.value for j in Jenjang] == [
        "ahli_utama",
        "ahli_madya",
        "ahli_muda",
        "ahli_pertama",
        "penyelia",
        "mahir",
        "terampil",
        "pemula",
    ]


# --- Structural kinds: UU 20/2023 Pasal 55 -------------------------------------------------

STRUCTURAL = {
    "jpt_utama": 60,
    "jpt_madya": 60,
    "jpt_pratama": 60,
    "administrator": 58,
    "pengawas": 58,
    "pelaksana": 58,
}


@pytest.mark.parametrize(("kind", "age"), STRUCTURAL.items())
def test_structural_kinds_retire_at_the_uu_20_2023_age(kind: str, age: int) -> None:
    """UU 20/2023 Pasal 55: JPT 60; administrator, pengawas and pelaksana 58."""
    assert retirement_age(kind) == age
    assert retirement_age(PositionKind(kind)) == age


@pytest.mark.parametrize("kind", STRUCTURAL)
@pytest.mark.parametrize("jenjang", list(Jenjang))
def test_a_jenjang_does_not_change_a_structural_age(kind: str, jenjang: Jenjang) -> None:
    assert retirement_age(kind, jenjang) == STRUCTURAL[kind]


# --- Fungsional: PP 11/2017 Pasal 239(2) jo PP 17/2020 -------------------------------------

FUNGSIONAL = {
    Jenjang.AHLI_UTAMA: 65,
    Jenjang.AHLI_MADYA: 60,
    Jenjang.AHLI_MUDA: 58,
    Jenjang.AHLI_PERTAMA: 58,
    Jenjang.PENYELIA: 58,
    Jenjang.MAHIR: 58,
    Jenjang.TERAMPIL: 58,
    Jenjang.PEMULA: 58,
}


@pytest.mark.parametrize(("jenjang", "age"), FUNGSIONAL.items())
def test_fungsional_retire_by_jenjang_per_pp_11_2017(jenjang: Jenjang, age: int) -> None:
    """PP 11/2017 Pasal 239(2): 58 ahli pertama, ahli muda, keterampilan; 60 ahli madya;
    65 ahli utama. Source: PP11."""
    assert retirement_age("fungsional", jenjang) == age
    assert retirement_age(PositionKind.FUNGSIONAL, jenjang.value) == age


@pytest.mark.parametrize("jenjang", list(Jenjang))
def test_guru_retire_at_60_whatever_the_jenjang(jenjang: Jenjang) -> None:
    """UU 14/2005 Pasal 30(4), applied through PP 11/2017 Pasal 240 ("berlaku ketentuan sesuai
    dengan Batas Usia Pensiun yang ditetapkan dalam Undang-Undang"): guru ahli utama too."""
    assert retirement_age("fungsional", jenjang, family="guru") == 60


@pytest.mark.parametrize("jenjang", list(Jenjang))
def test_dosen_retire_at_65_whatever_the_jenjang(jenjang: Jenjang) -> None:
    """UU 14/2005 Pasal 67(4) via PP 11/2017 Pasal 240."""
    assert retirement_age("fungsional", jenjang, family="dosen") == 65


def test_a_family_fixed_by_law_needs_no_jenjang() -> None:
    assert retirement_age("fungsional", family="guru") == 60
    assert retirement_age("fungsional", family=" Dosen ") == 65
    assert FAMILY_BUP == {"guru": 60, "dosen": 65}


def test_a_family_without_a_special_law_follows_the_jenjang() -> None:
    assert retirement_age("fungsional", "ahli_madya", family="pranata_komputer") == 60


def test_a_special_law_family_on_a_structural_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="fungsional"):
        retirement_age("administrator", family="guru")


@pytest.mark.parametrize(
    ("kind", "jenjang", "message"),
    [
        ("kepala", None, "unknown position kind 'kepala'"),
        ("JPT_UTAMA", None, "unknown position kind"),
        ("fungsional", "ahli", "unknown jenjang 'ahli'"),
        ("pelaksana", "madya", "unknown jenjang"),
        ("fungsional", None, "needs a jenjang"),
    ],
)
def test_bad_kind_or_jenjang_raises_a_clear_error(
    kind: str, jenjang: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        retirement_age(kind, jenjang)


# --- Overrides -----------------------------------------------------------------------------


def test_an_override_wins_over_the_rule() -> None:
    """A dosen professor (70, UU 14/2005 Pasal 67(5), unverified) is entered as an override."""
    assert bup(70, "fungsional", "ahli_utama", "dosen") == 70
    assert bup(62, "fungsional") == 62  # no jenjang needed when the position sets its BUP


def test_no_override_uses_the_rule() -> None:
    assert bup(None, "fungsional", "ahli_madya") == 60
    assert bup(None, "jpt_pratama") == 60


@pytest.mark.parametrize("override", [0, -58, 101, True])
def test_a_nonsense_override_is_refused(override: int) -> None:
    with pytest.raises(ValueError, match="override"):
        bup(override, "pelaksana")


# --- TMT pensiun ---------------------------------------------------------------------------


def test_the_published_example_retires_on_1_april_2025() -> None:
    """Born 15 Mar 1967, BUP 58 → 58 on 15 Mar 2025 → TMT 1 Apr 2025 (DOMAIN §4.2; MONEYNESIA)."""
    assert retirement_date(date(1967, 3, 15), 58) == date(2025, 4, 1)


@pytest.mark.parametrize(
    ("born", "age", "tmt"),
    [
        (date(1967, 3, 1), 58, date(2025, 4, 1)),  # born on the 1st: still the next month
        (date(1967, 3, 31), 58, date(2025, 4, 1)),  # month end
        (date(1966, 12, 31), 58, date(2025, 1, 1)),  # December: January of the next year
        (date(1966, 12, 1), 60, date(2027, 1, 1)),
        (date(1968, 2, 29), 58, date(2026, 3, 1)),  # 29 Feb, BUP year not a leap year
        (date(1964, 2, 29), 60, date(2024, 3, 1)),  # 29 Feb, BUP year a leap year
        (date(1960, 1, 31), 65, date(2025, 2, 1)),
    ],
)
def test_retirement_date_edge_cases(born: date, age: int, tmt: date) -> None:
    assert retirement_date(born, age) == tmt


@pytest.mark.parametrize("age", [-1, True, 58.0])
def test_a_bad_age_is_refused(age: int) -> None:
    with pytest.raises(ValueError, match="age"):
        retirement_date(date(1970, 1, 1), age)


def _birthday(born: date, age: int) -> date:
    """The BUP birthday; 29 Feb falls on 28 Feb in a common year (only the month matters)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return born.replace(year=born.year + age, day=28)


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31)),
    age=st.sampled_from([58, 60, 65]),
)
def test_retirement_date_is_a_first_within_a_month_after_the_birthday(born: date, age: int) -> None:
    tmt = retirement_date(born, age)
    birthday = _birthday(born, age)
    assert tmt.day == 1
    assert birthday < tmt <= birthday + timedelta(days=31)
    assert (tmt.year * 12 + tmt.month) - (birthday.year * 12 + birthday.month) == 1
