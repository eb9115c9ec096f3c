"""Staffing norms ("standar ketenagaan") as versioned data, and the calculators that use them.

Pure Python (standard library only, no Django). A norm is data with its regulation attached
(:class:`Norm`), so a page can say where a number comes from; :data:`NORMS` lists the built-in
ones. Results are exact fractions of a person (``float``); rounding is the caller's policy.
Sources are the ones in DOMAIN.md section 14; tags there say how well each fact was verified.

Rules implemented
-----------------
Puskesmas minimum staffing (:data:`PUSKESMAS_MINIMUM`, :func:`puskesmas_need`)
    Permenkes 75/2014 tentang Pusat Kesehatan Masyarakat, Lampiran (standar ketenagaan):
    minimum head count of 11 jenis tenaga by setting (perkotaan, perdesaan, terpencil; the
    terpencil and sangat terpencil columns are identical) and by rawat inap. Column totals
    22/31 (perkotaan), 19/27 (perdesaan), 19/27 (terpencil) for non-RI/RI. Unit: persons.
    Whether Permenkes 43/2019 and the 2024 Puskesmas regulation keep the table is an open item
    (DOMAIN appendix B item 8); a newer table is a new :class:`PuskesmasNorm` value.

Teachers (units: JP = jam pelajaran per week; persons)
    * :func:`guru_mapel` -- subject teachers = Σ JP per rombel × rombel ÷ 24, the minimum
      teaching load of Permendikbud 15/2018 (24 JTM/week; 40 hours at the home school).
    * :func:`guru_kelas_sd` -- one guru kelas per SD rombel.
    * :func:`sd_minimum_specialists` -- each SD has at least one guru agama and one guru PJOK.
    * :func:`guru_bk` -- one guru BK per 150 (full load) to 225 (most allowed) students.
    These three are the rules Dinas Pendidikan apply (Juknis Penataan dan Pemerataan Guru PNS,
    2011; reproduced in the blog sources cited below).

Rombel (:data:`ROMBEL_MAXIMA`, :func:`rombel_needed`)
    Maximum students per rombongan belajar, Permendikbudristek 47/2023 Pasal 8 ayat (2),
    kept unchanged by Permendikdasmen 26/2025: PAUD 10/12/15 by age, SD 28, SMP 32, SMA/SMK 36,
    SDLB 5, SMPLB/SMALB 8, Paket A/B/C 20/25/30. Maximum rombel per school, Permendikdasmen
    26/2025 Pasal 9 ayat (1): PAUD 16, SD 24, SDLB 30, SMP 33, SMA 36, SMK 72, kesetaraan 36.

Agency-defined ratios (:class:`RatioNorm`, :func:`ratio_need`)
    Norms an agency sets itself, such as "2 staff per 1,000 residents of a kelurahan":
    need = base ÷ per × staff, in the unit of ``base``.

``Norm.valid_from`` is ``None`` where the date the regulation took effect was not verified.
Bad input raises :class:`ValueError` naming the argument.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

__all__ = [
    "BK_STUDENTS_MAX",
    "BK_STUDENTS_MIN",
    "JENIS_TENAGA",
    "NORMS",
    "PUSKESMAS_MINIMUM",
    "PUSKESMAS_SETTINGS",
    "ROMBEL_MAXIMA",
    "ROMBEL_PER_SCHOOL_MAXIMA",
    "TEACHING_LOAD_JP",
    "Norm",
    "PuskesmasNorm",
    "RatioNorm",
    "RombelNorm",
    "guru_bk",
    "guru_kelas_sd",
    "guru_mapel",
    "puskesmas_need",
    "ratio_need",
    "rombel_needed",
    "sd_minimum_specialists",
]


@dataclass(frozen=True)
class Norm:
    """A staffing norm and the regulation it comes from."""

    key: str
    """Stable identifier, the key in :data:`NORMS`."""
    title: str
    """Short English description."""
    regulation: str
    """The regulation and article or annex, as a page should cite it."""
    valid_from: date | None
    """When the regulation took effect; ``None`` if not verified."""
    source_url: str
    """Where the numbers were read (often a secondary copy; see DOMAIN.md)."""


# --- Puskesmas -------------------------------------------------------------------------------

PUSKESMAS_SETTINGS: Final = ("perkotaan", "perdesaan", "terpencil")
"""The columns of the Permenkes table; ``"sangat_terpencil"`` is accepted as ``"terpencil"``."""

_SETTING_ALIASES: Final[Mapping[str, str]] = MappingProxyType({"sangat_terpencil": "terpencil"})

JENIS_TENAGA: Final[Mapping[str, str]] = MappingProxyType(
    {
        "dokter": "Dokter atau dokter layanan primer",
        "dokter_gigi": "Dokter gigi",
        "perawat": "Perawat",
        "bidan": "Bidan",
        "kesmas": "Tenaga kesehatan masyarakat",
        "kesling": "Tenaga kesehatan lingkungan",
        "atlm": "Ahli teknologi laboratorium medik",
        "gizi": "Tenaga gizi",
        "farmasi": "Tenaga kefarmasian",
        "administrasi": "Tenaga administrasi",
        "pekarya": "Pekarya",
    }
)
"""The 11 jenis tenaga of the Puskesmas table, code -> official term (table order)."""


@dataclass(frozen=True)
class PuskesmasNorm(Norm):
    """A Puskesmas staffing table: (setting, rawat inap) -> {jenis tenaga: minimum persons}."""

    minimum: Mapping[tuple[str, bool], Mapping[str, int]]


def _column(*counts: int) -> Mapping[str, int]:
    """One column of the table, the counts in :data:`JENIS_TENAGA` order."""
    return MappingProxyType(dict(zip(JENIS_TENAGA, counts, strict=True)))


PUSKESMAS_MINIMUM: Final = PuskesmasNorm(
    key="puskesmas_minimum",
    title="Minimum staffing of a Puskesmas by setting and rawat inap",
    regulation="Permenkes 75/2014 tentang Pusat Kesehatan Masyarakat, Lampiran (ketenagaan)",
    valid_from=None,
    source_url="https://www.scribd.com/document/331243410/Standar-Ketenagaan-Puskesmas",
    minimum=MappingProxyType(
        {
            # dokter, drg, perawat, bidan, kesmas, kesling, atlm, gizi, farmasi, admin, pekarya
            ("perkotaan", False): _column(1, 1, 5, 4, 2, 1, 1, 1, 1, 3, 2),
            ("perkotaan", True): _column(2, 1, 8, 7, 2, 1, 1, 2, 2, 3, 2),
            ("perdesaan", False): _column(1, 1, 5, 4, 1, 1, 1, 1, 1, 2, 1),
            ("perdesaan", True): _column(2, 1, 8, 7, 1, 1, 1, 2, 1, 2, 1),
            ("terpencil", False): _column(1, 1, 5, 4, 1, 1, 1, 1, 1, 2, 1),
            ("terpencil", True): _column(2, 1, 8, 7, 1, 1, 1, 2, 1, 2, 1),
        }
    ),
)


def puskesmas_need(
    setting: str, inpatient: bool, norm: PuskesmasNorm = PUSKESMAS_MINIMUM
) -> dict[str, int]:
    """Minimum staff of one Puskesmas, {jenis tenaga code: persons}.

    ``setting`` is ``"perkotaan"``, ``"perdesaan"``, ``"terpencil"`` or ``"sangat_terpencil"``;
    ``inpatient`` is whether the Puskesmas has rawat inap. Unknown settings raise ValueError.
    """
    column = _SETTING_ALIASES.get(setting, setting)
    try:
        counts = norm.minimum[column, inpatient]
    except KeyError:
        known = ", ".join(dict.fromkeys([*(s for s, _ in norm.minimum), *_SETTING_ALIASES]))
        raise ValueError(f"setting: unknown Puskesmas setting {setting!r} ({known})") from None
    return dict(counts)


# --- Teachers --------------------------------------------------------------------------------

TEACHING_LOAD_JP: Final = 24
"""Minimum weekly teaching load of a guru kelas or guru mapel (Permendikbud 15/2018)."""

BK_STUDENTS_MIN: Final = 150
"""A guru BK with this many students carries a full load (the equivalent of 24 JP)."""
BK_STUDENTS_MAX: Final = 225
"""The most students one guru BK may carry."""


def _non_negative(name: str, value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}: must be a finite number >= 0, got {value!r}")


def guru_mapel(
    jp_per_rombel: Mapping[str, float] | float,
    rombel: int,
    teaching_load: float = TEACHING_LOAD_JP,
) -> float:
    """Subject teachers needed: Σ JP per rombel × rombel ÷ teaching load (an exact fraction).

    ``jp_per_rombel`` is the weekly JP of the subject in one rombel, or a mapping of the parts
    one kind of teacher covers (for example IPA as ``{"fisika": 3, "biologi": 2}``), which are
    summed. Grades with different rombel counts or JP: call once per grade and add the results
    (the formula is linear). Example: 9 rombel × 5 JP = 45 JP ÷ 24 = 1.875.
    """
    parts = jp_per_rombel.values() if isinstance(jp_per_rombel, Mapping) else [jp_per_rombel]
    for part in parts:
        _non_negative("jp_per_rombel", part)
    _non_negative("rombel", rombel)
    if not math.isfinite(teaching_load) or teaching_load <= 0:
        raise ValueError(f"teaching_load: must be a finite number > 0, got {teaching_load!r}")
    return sum(parts) * rombel / teaching_load


def guru_kelas_sd(rombel: int) -> int:
    """Guru kelas an SD needs: one per rombel."""
    _non_negative("rombel", rombel)
    return rombel


def sd_minimum_specialists(schools: int = 1) -> dict[str, int]:
    """Teachers every SD needs besides guru kelas: at least 1 guru agama and 1 guru PJOK each.

    More than one religion among the pupils needs more guru agama (by JP, :func:`guru_mapel`).
    """
    _non_negative("schools", schools)
    return {"guru_agama": schools, "guru_pjok": schools}


def guru_bk(students: int, ratio: int = BK_STUDENTS_MIN) -> float:
    """Guru BK (bimbingan dan konseling) needed: students ÷ students per guru BK.

    A guru BK serves 150 students at the least (that is a full 24 JP load) and 225 at the most.
    The default, 150, gives the larger need, every guru BK at a full but not heavier load; 225
    gives the fewest guru BK the rule allows. Any ``ratio`` in 150..225 is accepted.
    """
    _non_negative("students", students)
    if not BK_STUDENTS_MIN <= ratio <= BK_STUDENTS_MAX:
        raise ValueError(
            f"ratio: students per guru BK must be {BK_STUDENTS_MIN}..{BK_STUDENTS_MAX}, "
            f"got {ratio!r}"
        )
    return students / ratio


# --- Rombel ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RombelNorm(Norm):
    """Rombel limits: {level: number}, students per rombel or rombel per school."""

    maxima: Mapping[str, int]


ROMBEL_MAXIMA: Final = RombelNorm(
    key="rombel_max_students",
    title="Maximum students per rombongan belajar by level",
    regulation=(
        "Permendikbudristek 47/2023 Pasal 8 ayat (2); unchanged in Permendikdasmen 26/2025"
    ),
    valid_from=None,
    source_url="https://www.pontendik.com/2023/08/ketentuan-jumlah-peserta-didik-per.html",
    maxima=MappingProxyType(
        {
            "paud_0_2": 10,
            "paud_2_4": 12,
            "paud_4_6": 15,
            "sd": 28,
            "smp": 32,
            "sma": 36,
            "smk": 36,
            "sdlb": 5,
            "smplb": 8,
            "smalb": 8,
            "paket_a": 20,
            "paket_b": 25,
            "paket_c": 30,
        }
    ),
)

ROMBEL_PER_SCHOOL_MAXIMA: Final = RombelNorm(
    key="rombel_max_per_school",
    title="Maximum rombongan belajar per school by level",
    regulation="Permendikdasmen 26/2025 Pasal 9 ayat (1)",
    valid_from=None,
    source_url="https://www.pasal.id/peraturan/permen/permendikdasmen-no-26-tahun-2025/koreksi/9409582",
    maxima=MappingProxyType(
        {
            "paud": 16,
            "sd": 24,
            "sdlb": 30,
            "smp": 33,
            "smplb": 33,
            "sma": 36,
            "smalb": 36,
            "smk": 72,
            "kesetaraan": 36,
        }
    ),
)


def rombel_needed(students: int, level: str, norm: RombelNorm = ROMBEL_MAXIMA) -> int:
    """Fewest rombel that keep every rombel within the maximum: ceil(students ÷ maximum).

    ``level`` is a key of ``norm.maxima`` (``"sd"``, ``"smp"``, ``"sma"``, ``"smk"``, ...).
    Count per grade (tingkat) and add: pupils of different grades do not share a rombel.
    """
    _non_negative("students", students)
    try:
        maximum = norm.maxima[level]
    except KeyError:
        known = ", ".join(norm.maxima)
        raise ValueError(f"level: unknown level {level!r} ({known})") from None
    return -(-students // maximum)


# --- Agency-defined ratios -------------------------------------------------------------------


@dataclass(frozen=True)
class RatioNorm:
    """A norm an agency defines: ``staff`` persons per ``per`` units of some base.

    For example ``RatioNorm("kelurahan_staff", "Staff per 1,000 residents", per=1000, staff=2)``.
    """

    key: str
    title: str
    per: float
    staff: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.per) or self.per <= 0:
            raise ValueError(f"per: must be a finite number > 0, got {self.per!r}")
        _non_negative("staff", self.staff)


def ratio_need(norm: RatioNorm, base: float) -> float:
    """Staff needed for ``base`` units (residents, km², ...): base ÷ per × staff."""
    _non_negative("base", base)
    return base / norm.per * norm.staff


# --- Registry --------------------------------------------------------------------------------

_TEACHER_RULES: Final = (
    "Juknis Penataan dan Pemerataan Guru PNS (2011), as applied by Dinas Pendidikan"
)

NORMS: Final[Mapping[str, Norm]] = MappingProxyType(
    {
        norm.key: norm
        for norm in (
            PUSKESMAS_MINIMUM,
            Norm(
                key="guru_teaching_load",
                title="Minimum teaching load of 24 JP per week (guru mapel and guru kelas)",
                regulation="Permendikbud 15/2018 tentang pemenuhan beban kerja guru",
                valid_from=None,
                source_url="https://www.akoenksembilantujuh.com/2021/07/rasioperhitungan-kebutuhan-guru.html",
            ),
            Norm(
                key="guru_kelas_sd",
                title="One guru kelas per SD rombel",
                regulation=_TEACHER_RULES,
                valid_from=None,
                source_url="https://fadillahrahmayani.blogspot.com/2019/09/perhitungan-kebutuhan-guru-di-seiap.html",
            ),
            Norm(
                key="sd_minimum_specialists",
                title="At least one guru agama and one guru PJOK per SD",
                regulation=_TEACHER_RULES,
                valid_from=None,
                source_url="https://fadillahrahmayani.blogspot.com/2019/09/perhitungan-kebutuhan-guru-di-seiap.html",
            ),
            Norm(
                key="guru_bk",
                title="One guru BK per 150 (full load) to 225 (maximum) students",
                regulation=_TEACHER_RULES,
                valid_from=None,
                source_url="https://fadillahrahmayani.blogspot.com/2019/09/perhitungan-kebutuhan-guru-di-seiap.html",
            ),
            ROMBEL_MAXIMA,
            ROMBEL_PER_SCHOOL_MAXIMA,
        )
    }
)
"""The built-in norms by key, each with its regulation and source."""
