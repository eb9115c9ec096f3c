"""Parse and validate the Indonesian personal identifiers used by Formasi.

Pure Python (standard library only, no Django), so the rules can be tested and reused
anywhere. The Django layer translates failures by :attr:`InvalidIdentifier.code`.

Rules implemented
-----------------
NIP PNS, 18 digits ``YYYYMMDD YYYYMM G NNN``
    Peraturan Kepala BKN Nomor 22 Tahun 2007 tentang Nomor Identitas Pegawai Negeri Sipil
    (issuance in Perka BKN 43/2007). Digits 1-8 birth date, 9-14 year and month of TMT CPNS,
    15 sex (1 = pria/male, 2 = wanita/female), 16-18 sequence from 001. The explainer's
    example: Amir, born 1 Aug 1966, CPNS 1 Mar 1988, male -> ``19660801 198803 1 001``.
    Derived checks: a real birth date, TMT CPNS month 01-12 in a plausible year and at least
    18 years after birth (first-of-month comparison), sex digit 1 or 2, sequence not 000.

NI PPPK, 18 digits
    Only the length and the birth-date prefix (digits 1-8) are checked; the rest of the
    layout is unverified, so it is deliberately not validated.

NIK, 16 digits ``PP KK CC DDMMYY NNNN``
    Dukcapil (Kemendagri) population numbers, region codes per Permendagri 58/2021 (kode
    wilayah). Province 11-99; kabupaten 01-69 and kota 71-99 (so 00 and 70 are invalid);
    kecamatan not 00; day of birth + 40 for women (41-71); sequence from 0001. The two-digit
    year is resolved to the century that makes the person 0-100 years old on ``today``.

Masking the NIK (:func:`mask_nik`)
    Whoever may not see a NIK sees none of its digits. Digits 1-6 are the kecamatan of first
    registration (usually the region of origin or domicile, both on screen), digits 7-12 the
    birth date and sex (in the NIP and on screen), so every digit shown would narrow the
    remaining 4-digit sequence further: the old mask (digits 1-6 and 15-16 shown) left 100
    candidates, and the sequence is in practice small, so guessing recovered every NIK. The
    mask is a fixed string of :data:`NIK_MASK_CHAR` that does not depend on the NIK at all
    (not even its length); it says only that a NIK is recorded.

Separators people type (whitespace, dots, hyphens) are ignored; any other non-digit is an
error. Error codes are ``f"{kind}.{part}"``; the stable set is :data:`CODES`, with the parts
described in :data:`PARTS` and listed per kind in :data:`KIND_PARTS`.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "CODES",
    "KIND_PARTS",
    "NIK_MASK",
    "PARTS",
    "InvalidIdentifier",
    "Kind",
    "NikInfo",
    "NipInfo",
    "Part",
    "Sex",
    "mask_nik",
    "normalize_digits",
    "parse_nik",
    "parse_nip",
    "parse_nipppk",
]

Kind = Literal["nip", "nik", "nipppk"]
Sex = Literal["M", "F"]
Part = Literal[
    "characters",
    "length",
    "birth_date",
    "cpns_start",
    "sex",
    "sequence",
    "province",
    "regency",
    "district",
    "birth_month",
    "birth_day",
]

PARTS: Final[Mapping[Part, str]] = MappingProxyType(
    {
        "characters": "a character other than a digit, space, dot or hyphen",
        "length": "wrong number of digits (NIP and NI PPPK 18, NIK 16)",
        "birth_date": "the birth date is not a real date (NIK: not within 0-100 years of today)",
        "cpns_start": "TMT CPNS (NIP digits 9-14): bad month, implausible year, or under 18",
        "sex": "NIP digit 15 is not 1 (male) or 2 (female)",
        "sequence": "the sequence number is all zeros",
        "province": "NIK digits 1-2: province code outside 11-99",
        "regency": "NIK digits 3-4: regency/city code 00 or 70",
        "district": "NIK digits 5-6: district (kecamatan) code 00",
        "birth_month": "NIK digits 9-10: month outside 01-12",
        "birth_day": "NIK digits 7-8: day not 01-31 (men) or 41-71 (women), or not in that month",
    }
)
"""Every ``part`` an :class:`InvalidIdentifier` can carry, with a short English description."""

KIND_PARTS: Final[Mapping[Kind, tuple[Part, ...]]] = MappingProxyType(
    {
        "nip": ("characters", "length", "birth_date", "cpns_start", "sex", "sequence"),
        "nik": (
            "characters",
            "length",
            "province",
            "regency",
            "district",
            "birth_day",
            "birth_month",
            "birth_date",
            "sequence",
        ),
        "nipppk": ("characters", "length", "birth_date"),
    }
)
"""The parts each kind of identifier can fail on."""

CODES: Final[frozenset[str]] = frozenset(
    f"{kind}.{part}" for kind, parts in KIND_PARTS.items() for part in parts
)
"""The complete, stable set of error codes (``"nip.sex"``, ``"nik.regency"``, ...)."""

NIP_LENGTH: Final = 18
NIPPPK_LENGTH: Final = 18
NIK_LENGTH: Final = 16
#: Plausible TMT CPNS years (old NIPs of pensioners were converted, hence the low bound).
CPNS_MIN_YEAR: Final = 1900
CPNS_MAX_YEAR: Final = 2099
#: Minimum age at TMT CPNS, compared by year and month.
CPNS_MIN_AGE: Final = 18
#: NIK: women's day of birth is stored with this offset (41-71).
NIK_FEMALE_DAY_OFFSET: Final = 40
#: NIK: the oldest age (in whole years on ``today``) a two-digit year may resolve to.
NIK_MAX_AGE: Final = 100

_LABELS: Final[Mapping[Kind, str]] = MappingProxyType(
    {"nip": "NIP", "nik": "NIK", "nipppk": "NI PPPK"}
)
_ASCII_DIGITS: Final = frozenset("0123456789")
_PUNCTUATION_SEPARATORS: Final = frozenset(".-")
_NIP_SEX: Final[Mapping[str, Sex]] = MappingProxyType({"1": "M", "2": "F"})


class InvalidIdentifier(ValueError):
    """An identifier failed validation.

    ``kind`` is ``"nip"``, ``"nik"`` or ``"nipppk"``; ``part`` names the wrong part (a key of
    :data:`PARTS`); ``code`` is ``f"{kind}.{part}"`` (one of :data:`CODES`) for translation.
    ``str(exc)`` is an English message naming the part and the offending digits.
    """

    kind: Kind
    part: Part
    code: str

    def __init__(self, kind: Kind, part: Part, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.part = part
        self.code = f"{kind}.{part}"

    def __reduce__(self) -> tuple[type[InvalidIdentifier], tuple[Kind, Part, str]]:
        # Keep the exception picklable (args hold only the message).
        return (type(self), (self.kind, self.part, str(self)))


@dataclass(frozen=True)
class NipInfo:
    """A valid NIP PNS and what it encodes."""

    nip: str
    """The normalised 18 digits."""
    birth_date: date
    cpns_start: date
    """TMT CPNS: the first day of the month in digits 9-14."""
    sex: Sex
    sequence: int


@dataclass(frozen=True)
class NikInfo:
    """A valid NIK and what it encodes."""

    nik: str
    """The normalised 16 digits."""
    province: str
    regency: str
    district: str
    birth_date: date
    sex: Sex
    sequence: int


def normalize_digits(value: str) -> str:
    """Remove the separators people type inside identifiers: whitespace, dots and hyphens.

    Any other character is kept, so the parsers can reject it.
    """
    if value.isascii() and value.isdigit():  # the common case: nothing to remove
        return value
    return "".join(ch for ch in value if not (ch.isspace() or ch in _PUNCTUATION_SEPARATORS))


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _digits(value: str, kind: Kind, length: int) -> str:
    """Normalise ``value`` and check it is exactly ``length`` ASCII digits."""
    label = _LABELS[kind]
    digits = normalize_digits(value)
    bad = list(dict.fromkeys(ch for ch in digits if ch not in _ASCII_DIGITS))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad[:5]) + (", ..." if len(bad) > 5 else "")
        raise InvalidIdentifier(
            kind,
            "characters",
            f"{label} may contain only digits 0-9 (spaces, dots and hyphens are ignored),"
            f" got {shown}",
        )
    if len(digits) != length:
        raise InvalidIdentifier(
            kind,
            "length",
            f"{label} must be {length} digits long, got {len(digits)} digits ({_clip(digits)!r})",
        )
    return digits


def _yyyymmdd(digits: str) -> date | None:
    """The date written as ``YYYYMMDD``, or None if it is not a real calendar date."""
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _birth_date_prefix(digits: str, kind: Kind) -> date:
    birth = _yyyymmdd(digits[0:8])
    if birth is None:
        raise InvalidIdentifier(
            kind,
            "birth_date",
            f"{_LABELS[kind]} digits 1-8 (birth date) must be a real date YYYYMMDD,"
            f" got {digits[0:8]!r}",
        )
    return birth


def parse_nip(value: str) -> NipInfo:
    """Validate a NIP PNS (Perka BKN 22/2007) and return what it encodes.

    Raises :class:`InvalidIdentifier` with ``kind="nip"``.
    """
    nip = _digits(value, "nip", NIP_LENGTH)
    birth = _birth_date_prefix(nip, "nip")

    year_text, month_text = nip[8:12], nip[12:14]
    month = int(month_text)
    if not 1 <= month <= 12:
        raise InvalidIdentifier(
            "nip",
            "cpns_start",
            f"NIP digits 13-14 (TMT CPNS month) must be 01-12, got {month_text!r}",
        )
    year = int(year_text)
    if not CPNS_MIN_YEAR <= year <= CPNS_MAX_YEAR:
        raise InvalidIdentifier(
            "nip",
            "cpns_start",
            f"NIP digits 9-12 (TMT CPNS year) must be between {CPNS_MIN_YEAR} and"
            f" {CPNS_MAX_YEAR}, got {year_text!r}",
        )
    # First-of-month comparison: TMT CPNS >= first day of the birth month 18 years later.
    if (year, month) < (birth.year + CPNS_MIN_AGE, birth.month):
        raise InvalidIdentifier(
            "nip",
            "cpns_start",
            f"NIP digits 9-14 (TMT CPNS) must be at least {CPNS_MIN_AGE} years after the"
            f" birth month {birth.year:04d}-{birth.month:02d}, got {nip[8:14]!r}",
        )
    cpns_start = date(year, month, 1)

    sex = _NIP_SEX.get(nip[14])
    if sex is None:
        raise InvalidIdentifier(
            "nip", "sex", f"NIP digits 15 (sex) must be 1 or 2, got {nip[14]!r}"
        )

    if nip[15:18] == "000":
        raise InvalidIdentifier(
            "nip",
            "sequence",
            f"NIP digits 16-18 (sequence) must be 001-999, got {nip[15:18]!r}",
        )

    return NipInfo(
        nip=nip,
        birth_date=birth,
        cpns_start=cpns_start,
        sex=sex,
        sequence=int(nip[15:18]),
    )


def parse_nipppk(value: str) -> date:
    """Validate a NI PPPK and return the birth date in its first 8 digits.

    Only the length (18) and the birth-date prefix are checked: the rest of the layout is
    unverified. Raises :class:`InvalidIdentifier` with ``kind="nipppk"``.
    """
    digits = _digits(value, "nipppk", NIPPPK_LENGTH)
    return _birth_date_prefix(digits, "nipppk")


def _age_on(birth: date, today: date) -> int:
    """Age in whole years on ``today``."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _nik_birth_date(day: int, month: int, yy: int, today: date) -> date | None:
    """Resolve a two-digit year: the latest candidate that is a real date, not after
    ``today`` and at most :data:`NIK_MAX_AGE` years old, trying today's century first."""
    current_century = today.year - today.year % 100
    for century in (current_century, current_century - 100):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:  # 29 February of a non-leap year, or a year before 1
            continue
        if candidate <= today and _age_on(candidate, today) <= NIK_MAX_AGE:
            return candidate
    return None


def parse_nik(value: str, today: date | None = None) -> NikInfo:
    """Validate a NIK (Dukcapil; region codes per Permendagri 58/2021) and return what it
    encodes. ``today`` (default :meth:`date.today`) fixes the century of the birth year.

    Raises :class:`InvalidIdentifier` with ``kind="nik"``.
    """
    if today is None:
        today = date.today()
    elif isinstance(today, datetime):
        today = today.date()

    nik = _digits(value, "nik", NIK_LENGTH)
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    day_text, month_text, year_text, sequence_text = nik[6:8], nik[8:10], nik[10:12], nik[12:16]

    if not 11 <= int(province) <= 99:
        raise InvalidIdentifier(
            "nik",
            "province",
            f"NIK digits 1-2 (province code) must be 11-99, got {province!r}",
        )
    if regency in ("00", "70"):
        raise InvalidIdentifier(
            "nik",
            "regency",
            "NIK digits 3-4 (regency/city code) must be 01-69 (kabupaten) or 71-99 (kota),"
            f" got {regency!r}",
        )
    if district == "00":
        raise InvalidIdentifier(
            "nik",
            "district",
            f"NIK digits 5-6 (district code) must be 01-99, got {district!r}",
        )

    raw_day = int(day_text)
    sex: Sex
    if 1 <= raw_day <= 31:
        sex, day = "M", raw_day
    elif 1 + NIK_FEMALE_DAY_OFFSET <= raw_day <= 31 + NIK_FEMALE_DAY_OFFSET:
        sex, day = "F", raw_day - NIK_FEMALE_DAY_OFFSET
    else:
        raise InvalidIdentifier(
            "nik",
            "birth_day",
            "NIK digits 7-8 (birth day) must be 01-31 (men) or 41-71 (women, day + 40),"
            f" got {day_text!r}",
        )

    month = int(month_text)
    if not 1 <= month <= 12:
        raise InvalidIdentifier(
            "nik",
            "birth_month",
            f"NIK digits 9-10 (birth month) must be 01-12, got {month_text!r}",
        )
    # 2000 is a leap year, so this allows 29 February; the century decides later.
    if day > calendar.monthrange(2000, month)[1]:
        raise InvalidIdentifier(
            "nik",
            "birth_day",
            f"NIK digits 7-8 (birth day) {day_text!r} means day {day}, which month"
            f" {month_text} does not have",
        )

    birth = _nik_birth_date(day, month, int(year_text), today)
    if birth is None:
        raise InvalidIdentifier(
            "nik",
            "birth_date",
            f"NIK digits 7-12 (birth date) {nik[6:12]!r} is not a real date within"
            f" {NIK_MAX_AGE} years before {today.isoformat()}",
        )

    if sequence_text == "0000":
        raise InvalidIdentifier(
            "nik",
            "sequence",
            f"NIK digits 13-16 (sequence) must be 0001-9999, got {sequence_text!r}",
        )

    return NikInfo(
        nik=nik,
        province=province,
        regency=regency,
        district=district,
        birth_date=birth,
        sex=sex,
        sequence=int(sequence_text),
    )


NIK_MASK_CHAR: Final = "*"
#: What replaces a recorded NIK for whoever may not see it: no digit, always the same length.
NIK_MASK: Final = NIK_MASK_CHAR * NIK_LENGTH


def mask_nik(nik: str) -> str:
    """The NIK as shown to someone who may not see it: :data:`NIK_MASK` if one is recorded,
    ``""`` if not. Nothing of the NIK itself survives (see the module docstring)."""
    return NIK_MASK if nik else ""
