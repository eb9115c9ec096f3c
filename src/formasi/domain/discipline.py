"""Hukuman disiplin PNS: levels, sanctions, the absence table, and when a sanction runs.

Pure Python (standard library only, no Django). Days are whole working days (hari kerja);
dates are :class:`datetime.date`; sanctions and levels are codes the Django layer words.

Rules implemented
-----------------
PP 94/2021 Pasal 8 — levels and kinds of sanction (DOMAIN §13, [V])
    * ringan: teguran lisan; teguran tertulis; pernyataan tidak puas secara tertulis;
    * sedang: pemotongan tunjangan kinerja **25 %** for **6**, **9** or **12** months;
    * berat: penurunan jabatan setingkat lebih rendah for 12 months; pembebasan dari jabatan
      menjadi jabatan pelaksana for 12 months; pemberhentian dengan hormat tidak atas permintaan
      sendiri sebagai PNS (PDHTAPS).

PP 94/2021 Pasal 9(2), 10(2), 11(2) — tidak Masuk Kerja tanpa alasan yang sah (DOMAIN §13, [V])
    Cumulative working days in one year: 3 → teguran lisan; 4–6 → teguran tertulis; 7–10 →
    pernyataan tidak puas; 11–13 → tukin −25 % 6 months; 14–16 → 9 months; 17–20 → 12 months;
    21–24 → penurunan jabatan; 25–27 → pembebasan jabatan; **28 or more** → PDHTAPS. Ten
    working days **in a row** → PDHTAPS whatever the cumulative count. Fewer than 3 days: no
    sanction in the table. Article text seen at
    https://github.com/wawannug/disiplin-pns (``src/data/masukKerja.js``) and
    https://parapuan.co/read/532917661/pns-bolos-10-hari-kerja-bakal-dipecat-ini-aturan-terbaru-pemerintah?page=3

Berlakunya keputusan hukuman disiplin ([P])
    "Keputusan Hukuman Disiplin berlaku pada hari ke-15 sejak diterima" (PP 94/2021 as
    summarised in ``wawannug/disiplin-pns`` ``src/data/berlaku.js``); with an upaya
    administratif it runs from that decision instead (the app passes that date). Day 1 is taken
    to be the day after receipt — the counting convention is **[U]** and is a parameter.

Running and ending ([P])
    A sanction with a duration runs from its effective date for that many calendar months; the
    end date is exclusive (a 6-month sanction effective 15 Mar 2025 runs through 14 Sep 2025).
    A ringan sanction has no duration: it is recorded but never "running". PDHTAPS ends the
    employment and has no end date.

Effect on promotion ([P])
    Kenaikan pangkat and appointment to a jabatan require that the PNS is "tidak sedang
    menjalani hukuman disiplin" (the condition appears in kenaikan pangkat and selection
    requirements throughout BKN practice). The levels that block, and an optional look-back
    for past sedang/berat sanctions, are a :class:`PromotionPolicy` (a setting; default: any
    running sanction blocks, no look-back).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "ABSENCE_TABLE",
    "CONSECUTIVE_DISMISSAL_DAYS",
    "DURATION_MONTHS",
    "TUKIN_CUT_PERCENT",
    "Level",
    "PromotionPolicy",
    "Sanction",
    "SanctionRecord",
    "absence_sanction",
    "add_months",
    "effective_date",
    "is_running",
    "level",
    "promotion_blocks",
    "sanction_end",
    "severity",
]


class Level(StrEnum):
    """Tingkat hukuman disiplin."""

    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


class Sanction(StrEnum):
    """Jenis hukuman disiplin, lightest first (PP 94/2021 Pasal 8)."""

    TEGURAN_LISAN = "teguran_lisan"
    TEGURAN_TERTULIS = "teguran_tertulis"
    PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas"
    TUKIN_CUT_6_MONTHS = "tukin_cut_6_months"
    TUKIN_CUT_9_MONTHS = "tukin_cut_9_months"
    TUKIN_CUT_12_MONTHS = "tukin_cut_12_months"
    PENURUNAN_JABATAN = "penurunan_jabatan"
    PEMBEBASAN_JABATAN = "pembebasan_jabatan"
    PDHTAPS = "pdhtaps"


_S = Sanction

_LEVEL: Final[Mapping[Sanction, Level]] = MappingProxyType(
    {
        _S.TEGURAN_LISAN: Level.RINGAN,
        _S.TEGURAN_TERTULIS: Level.RINGAN,
        _S.PERNYATAAN_TIDAK_PUAS: Level.RINGAN,
        _S.TUKIN_CUT_6_MONTHS: Level.SEDANG,
        _S.TUKIN_CUT_9_MONTHS: Level.SEDANG,
        _S.TUKIN_CUT_12_MONTHS: Level.SEDANG,
        _S.PENURUNAN_JABATAN: Level.BERAT,
        _S.PEMBEBASAN_JABATAN: Level.BERAT,
        _S.PDHTAPS: Level.BERAT,
    }
)

#: How long a sanction runs, in months (0: no duration; None: ends the employment).
DURATION_MONTHS: Final[Mapping[Sanction, int | None]] = MappingProxyType(
    {
        _S.TEGURAN_LISAN: 0,
        _S.TEGURAN_TERTULIS: 0,
        _S.PERNYATAAN_TIDAK_PUAS: 0,
        _S.TUKIN_CUT_6_MONTHS: 6,
        _S.TUKIN_CUT_9_MONTHS: 9,
        _S.TUKIN_CUT_12_MONTHS: 12,
        _S.PENURUNAN_JABATAN: 12,
        _S.PEMBEBASAN_JABATAN: 12,
        _S.PDHTAPS: None,
    }
)

#: The cut of tunjangan kinerja in a sedang sanction (PP 94/2021 Pasal 8(3)).
TUKIN_CUT_PERCENT: Final = 25

#: (first day, last day or None for "or more", sanction) — cumulative days in one year.
ABSENCE_TABLE: Final[tuple[tuple[int, int | None, Sanction], ...]] = (
    (3, 3, _S.TEGURAN_LISAN),
    (4, 6, _S.TEGURAN_TERTULIS),
    (7, 10, _S.PERNYATAAN_TIDAK_PUAS),
    (11, 13, _S.TUKIN_CUT_6_MONTHS),
    (14, 16, _S.TUKIN_CUT_9_MONTHS),
    (17, 20, _S.TUKIN_CUT_12_MONTHS),
    (21, 24, _S.PENURUNAN_JABATAN),
    (25, 27, _S.PEMBEBASAN_JABATAN),
    (28, None, _S.PDHTAPS),
)

#: Working days absent in a row that lead to PDHTAPS (PP 94/2021 Pasal 11(2)d).
CONSECUTIVE_DISMISSAL_DAYS: Final = 10


def _sanction(value: Sanction | str) -> Sanction:
    try:
        return Sanction(value)
    except ValueError:
        valid = ", ".join(s.value for s in Sanction)
        raise ValueError(f"unknown sanction {value!r}; expected one of: {valid}") from None


def level(sanction: Sanction | str) -> Level:
    """The tingkat (ringan, sedang, berat) of a sanction."""
    return _LEVEL[_sanction(sanction)]


def severity(sanction: Sanction | str) -> int:
    """1 (teguran lisan) to 9 (PDHTAPS): the order of PP 94/2021 Pasal 8."""
    return list(Sanction).index(_sanction(sanction)) + 1


def _days(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of days ≥ 0, not {value!r}")
    return value


def absence_sanction(cumulative_days: int, consecutive_days: int = 0) -> Sanction | None:
    """The sanction for unexcused absence: cumulative working days in a year, and the longest run.

    None below 3 cumulative days (and fewer than 10 in a row). Raises ``ValueError`` for a
    negative or non-whole count.
    """
    total = _days("cumulative_days", cumulative_days)
    run = _days("consecutive_days", consecutive_days)
    if run >= CONSECUTIVE_DISMISSAL_DAYS:
        return Sanction.PDHTAPS
    for first, last, sanction in ABSENCE_TABLE:
        if total >= first and (last is None or total <= last):
            return sanction
    return None


def effective_date(received: date, day: int = 15) -> date:
    """The day a keputusan hukuman disiplin takes effect: the ``day``-th day after receipt.

    Day 1 is the day after ``received`` ([U] convention), so the default gives receipt + 15 days.
    """
    if isinstance(day, bool) or not isinstance(day, int) or day < 1:
        raise ValueError(f"day must be a whole number ≥ 1, not {day!r}")
    return received + timedelta(days=day)


def add_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months, the day clamped to the end of a shorter month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def sanction_end(sanction: Sanction | str, effective: date) -> date | None:
    """The first day the sanction no longer runs; ``effective`` for ringan; None for PDHTAPS."""
    months = DURATION_MONTHS[_sanction(sanction)]
    if months is None:
        return None
    return add_months(effective, months)


def is_running(sanction: Sanction | str, effective: date, on: date) -> bool:
    """Whether the sanction is being served on ``on`` (effective ≤ on < end).

    A ringan sanction never runs; PDHTAPS runs from its effective date on (the person is out).
    """
    if on < effective:
        return False
    end = sanction_end(sanction, effective)
    return end is None or on < end


@dataclass(frozen=True)
class SanctionRecord:
    """A sanction decided for one person, as the app stores it."""

    sanction: Sanction
    effective: date


@dataclass(frozen=True)
class PromotionPolicy:
    """Which sanctions block a promotion or appointment (a setting).

    ``running_levels``: levels that block while running. ``lookback_levels`` and
    ``lookback_years``: levels that still block for that many years after the sanction ends
    (0: no look-back).
    """

    running_levels: frozenset[Level] = field(
        default_factory=lambda: frozenset({Level.SEDANG, Level.BERAT})
    )
    lookback_levels: frozenset[Level] = field(default_factory=frozenset)
    lookback_years: int = 0


def promotion_blocks(
    records: Iterable[SanctionRecord],
    on: date,
    policy: PromotionPolicy | None = None,
) -> tuple[tuple[str, SanctionRecord], ...]:
    """Reasons (code, record) why these sanctions bar a promotion on ``on``; empty if none.

    Codes: ``"running_sanction"`` (being served) and ``"recent_sanction"`` (ended within the
    policy's look-back). Records are taken in the order given.
    """
    rules = policy or PromotionPolicy()
    found: list[tuple[str, SanctionRecord]] = []
    for record in records:
        tier = level(record.sanction)
        if tier in rules.running_levels and is_running(record.sanction, record.effective, on):
            found.append(("running_sanction", record))
            continue
        end = sanction_end(record.sanction, record.effective)
        if (
            rules.lookback_years > 0
            and tier in rules.lookback_levels
            and end is not None
            and end <= on < add_months(end, 12 * rules.lookback_years)
        ):
            found.append(("recent_sanction", record))
    return tuple(found)
