"""Batas Usia Pensiun (BUP): the retirement age of a PNS and the date the pension starts.

Pure Python (standard library only, no Django). Ages are whole years; dates are
:class:`datetime.date`. Position kinds and jenjang are codes (:class:`PositionKind`,
:class:`Jenjang`); the Django layer turns them into Indonesian labels.

Rules implemented
-----------------
UU 20/2023 Pasal 55 (DOMAIN §4.1)
    JPT utama, madya, pratama **60**; administrator and pengawas **58**; pelaksana **58**;
    fungsional "per the specific regulation".

PP 11/2017 Pasal 239(2) jo PP 17/2020 (DOMAIN §4.1)
    **58** for pejabat administrasi, JF ahli pertama, JF ahli muda and JF keterampilan
    (penyelia, mahir, terampil, pemula); **60** for JPT and JF ahli madya; **65** for JF ahli
    utama. Text seen at
    http://dirbkpsdm.parigimoutongkab.go.id/index.php/pemberhentian/dasar-pemberhentian/pemberhentian-karena-mencapai-batas-usia-pensiun

PP 11/2017 Pasal 240 and UU 14/2005 (special laws)
    Pasal 240: "Batas Usia Pensiun bagi PNS yang menduduki JF yang ditentukan dalam
    Undang-Undang, berlaku ketentuan sesuai dengan Batas Usia Pensiun yang ditetapkan dalam
    Undang-Undang yang bersangkutan" (same page as above). The law wins over the jenjang
    table, so a **guru** retires at **60** (UU 14/2005 Pasal 30(4)) whatever the jenjang,
    guru ahli utama included, and a **dosen** at **65** (Pasal 67(4)) whatever the jenjang.
    Dosen with jabatan profesor (70, Pasal 67(5)) is not verified (DOMAIN §4.1 [U]); use
    :func:`bup` with an override. Other JF with their own PermenPAN-RB rule are the same:
    BUP is an attribute of the JF master table, and the override carries it.

TMT pensiun (DOMAIN §4.2, practice [P])
    The pension starts on the **1st day of the month after the month of the BUP birthday**:
    born 15 Mar 1967, BUP 58 → 58 on 15 Mar 2025 → 1 Apr 2025. Born on the 1st of a month →
    still the next month; born 29 Feb → the birthday month is February, whether or not the
    BUP year is a leap year.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

__all__ = [
    "FAMILY_BUP",
    "Jenjang",
    "PositionKind",
    "bup",
    "retirement_age",
    "retirement_date",
]


class PositionKind(StrEnum):
    """Jenis jabatan as UU 20/2023 groups them for BUP."""

    JPT_UTAMA = "jpt_utama"
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    PELAKSANA = "pelaksana"
    FUNGSIONAL = "fungsional"


class Jenjang(StrEnum):
    """Jenjang of a jabatan fungsional: keahlian (ahli …) and keterampilan."""

    AHLI_UTAMA = "ahli_utama"
    AHLI_MADYA = "ahli_madya"
    AHLI_MUDA = "ahli_muda"
    AHLI_PERTAMA = "ahli_pertama"
    PENYELIA = "penyelia"
    MAHIR = "mahir"
    TERAMPIL = "terampil"
    PEMULA = "pemula"


#: BUP by position kind (UU 20/2023 Pasal 55); fungsional is decided by jenjang or family.
KIND_BUP: dict[PositionKind, int] = {
    PositionKind.JPT_UTAMA: 60,
    PositionKind.JPT_MADYA: 60,
    PositionKind.JPT_PRATAMA: 60,
    PositionKind.ADMINISTRATOR: 58,
    PositionKind.PENGAWAS: 58,
    PositionKind.PELAKSANA: 58,
}

#: BUP of a jabatan fungsional by jenjang (PP 11/2017 Pasal 239(2) jo PP 17/2020).
JENJANG_BUP: dict[Jenjang, int] = {
    Jenjang.AHLI_UTAMA: 65,
    Jenjang.AHLI_MADYA: 60,
    Jenjang.AHLI_MUDA: 58,
    Jenjang.AHLI_PERTAMA: 58,
    Jenjang.PENYELIA: 58,
    Jenjang.MAHIR: 58,
    Jenjang.TERAMPIL: 58,
    Jenjang.PEMULA: 58,
}

#: JF whose BUP a law fixes whatever the jenjang (PP 11/2017 Pasal 240; UU 14/2005
#: Pasal 30(4) guru, Pasal 67(4) dosen). Keys are lower-case family codes.
FAMILY_BUP: dict[str, int] = {"guru": 60, "dosen": 65}


def _kind(kind: PositionKind | str) -> PositionKind:
    try:
        return PositionKind(kind)
    except ValueError:
        valid = ", ".join(k.value for k in PositionKind)
        raise ValueError(f"unknown position kind {kind!r}; expected one of: {valid}") from None


def _jenjang(jenjang: Jenjang | str) -> Jenjang:
    try:
        return Jenjang(jenjang)
    except ValueError:
        valid = ", ".join(j.value for j in Jenjang)
        raise ValueError(f"unknown jenjang {jenjang!r}; expected one of: {valid}") from None


def retirement_age(
    kind: PositionKind | str,
    jenjang: Jenjang | str | None = None,
    family: str | None = None,
) -> int:
    """The BUP in whole years of a PNS in a position of this kind, jenjang and family.

    ``family`` names a JF whose BUP a law fixes (see :data:`FAMILY_BUP`; matched without
    regard to case or surrounding spaces). A family not in that table has no special law
    known here and follows the jenjang rule; a position with its own PermenPAN-RB BUP should
    use :func:`bup` with an override. ``jenjang`` is checked when given but only decides the
    age of a fungsional; a special-law family only applies to a fungsional.

    Raises ``ValueError`` for an unknown kind or jenjang, a fungsional with neither a jenjang
    nor a special-law family, and a special-law family on a non-fungsional kind.
    """
    position_kind = _kind(kind)
    level = _jenjang(jenjang) if jenjang is not None else None
    special = FAMILY_BUP.get(family.strip().lower()) if family is not None else None
    if position_kind is not PositionKind.FUNGSIONAL:
        if special is not None:
            raise ValueError(
                f"family {family!r} is a jabatan fungsional; kind {position_kind.value!r} "
                "cannot take its special BUP"
            )
        return KIND_BUP[position_kind]
    if special is not None:
        return special
    if level is None:
        raise ValueError("a jabatan fungsional needs a jenjang (or a family fixed by law)")
    return JENJANG_BUP[level]


def bup(
    override: int | None,
    kind: PositionKind | str,
    jenjang: Jenjang | str | None = None,
    family: str | None = None,
) -> int:
    """The BUP of a position: its own override when set, else :func:`retirement_age`.

    The override is a whole number of years from 1 to 100 (a position's own rule, e.g. a JF
    with a PermenPAN-RB BUP or a professor); anything else raises ``ValueError``. With an
    override the other arguments are not checked.
    """
    if override is None:
        return retirement_age(kind, jenjang, family)
    if isinstance(override, bool) or not isinstance(override, int):
        raise ValueError(f"BUP override must be a whole number of years, not {override!r}")
    if not 1 <= override <= 100:
        raise ValueError(f"BUP override {override} is outside 1–100 years")
    return override


def retirement_date(birth_date: date, age: int) -> date:
    """TMT pensiun: the 1st of the month after the month in which the PNS turns ``age``.

    Only the birth month matters, so 29 February needs no leap-year rule: the BUP birthday
    falls in February and the pension starts on 1 March. December births retire on 1 January
    of the year after the BUP year.
    """
    if isinstance(age, bool) or not isinstance(age, int) or age < 0:
        raise ValueError(f"age must be a non-negative whole number, not {age!r}")
    year = birth_date.year + age
    if birth_date.month == 12:
        return date(year + 1, 1, 1)
    return date(year, birth_date.month + 1, 1)
