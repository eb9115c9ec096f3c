"""Analisis Beban Kerja (ABK): staffing need from workload, job effectiveness and its grade.

Pure Python (standard library only, no Django). Every function takes plain numbers and
returns plain numbers or a grade letter; nothing is rounded unless the caller asks for it
with :func:`round_staff`. The Django layer stores the exact fraction and turns grade
letters into Indonesian labels.

Rules implemented
-----------------
Kebutuhan pegawai, tugas per tugas jabatan (PermenPAN-RB 1/2020, inherited from
Kepmenpan KEP/75/M.PAN/7/2004; BKN slides "Analisis Beban Kerja")
    ``need = Σ (beban kerja × norma waktu) ÷ waktu kerja efektif``, all in the same time
    unit. Here: beban kerja (volume) is output units **per year**, norma waktu is
    **minutes** per unit, waktu kerja efektif is **minutes per year**. BKN's wording:
    ``ISI KERJA = BEBAN KERJA × NORMA WAKTU``; "Jumlah kebutuhan pegawai per jabatan =
    norma waktu × beban kerja ÷ jam kerja efektif" (:func:`required_staff`,
    :func:`workload_minutes`).

The other three approaches of the same Permen (DOMAIN §1.2)
    hasil kerja: ``volume ÷ standar kemampuan rata-rata per pegawai`` (:func:`output_based`);
    objek kerja: ``objek ÷ objek yang dapat dilayani per pegawai`` (:func:`object_based`);
    peralatan kerja: ``alat × pegawai per alat × shift`` (:func:`equipment_based`; the shift
    factor is partly verified only).

Waktu kerja efektif (WKE), DOMAIN §0, §1.3 and §2. Bases are passed explicitly by callers;
an agency may set its own.
    * PermenPAN-RB 1/2020 practice as BKN derives it: **1,250 jam = 75,000 menit** a year
      (235 days × "5 jam 30 menit" = 1,245 jam, rounded to 1,250; the printed arithmetic is
      inconsistent, so the constant is normative and never recomputed here).
    * Perka BKN 19/2011: 1,200 jam = 72,000 menit a year; 6,000 a month (20 days), 1,500 a
      week (5 days), 300 a day (5 jam after a 30 % allowance).
    * Kepmenpan KEP/75/M.PAN/7/2004 (attributed): 1,300 jam = 78,000 menit.
    * Departemen Keuangan 2002 internal standard: 1,507 jam = 90,420 menit.

Efektivitas/efisiensi jabatan (EJ) and prestasi kerja jabatan (PJ), Permendagri 12/2008
"Form D" and Depkeu 2002 (DOMAIN §1.4)
    ``EJ = Σ beban kerja ÷ (pegawai yang ada × WKE)`` (:func:`job_effectiveness`); the same
    formula over all tasks and staff of a unit gives the unit's EU. With no staff in post the
    EJ is ``math.inf`` when there is work (any workload is more than zero people can carry)
    and ``0.0`` when there is none (nothing to do, nobody to do it).
    Grades (:func:`performance_grade`), lower bound of each band:

    ======  ========================  =======================
    grade   :data:`PERMENDAGRI_BANDS`  :data:`DEPKEU_BANDS`
    ======  ========================  =======================
    A       EJ > 1.00                 EJ > 1.00
    B       0.90 ≤ EJ ≤ 1.00          0.81 ≤ EJ ≤ 1.00
    C       0.70 ≤ EJ < 0.90          0.66 ≤ EJ < 0.81
    D       0.50 ≤ EJ < 0.70          0.50 ≤ EJ < 0.66
    E       EJ < 0.50                 EJ < 0.50
    ======  ========================  =======================

    The printed tables use two decimals ("C 0.70–0.89"); an exact EJ that falls between two
    printed ranges (0.895) belongs to the lower band, because the upper band starts at its
    printed lower bound. Callers who want the "as printed" reading round EJ to two decimals
    first. The Permendagri column is only partly verified (DOMAIN §1.4), the Depkeu column is
    verified; an agency may pass its own bands.

    :func:`assess` gives EJ and grade only where both mean something: a position with no task
    described yet (:data:`NO_TASKS`) has no workload to measure (its EJ of 0 is not an "E"),
    and one with nobody in post (:data:`NO_STAFF`) has no one to grade. It returns the reason
    as a code; the app words it.

Rounding (DOMAIN §1.5: no rule found in the regulation)
    :func:`round_staff` offers ``"nearest"`` (half up: 1.5 → 2, 2.5 → 3, never banker's
    rounding), ``"ceil"`` and ``"floor"``. Float noise: a value within
    :data:`ROUNDING_TOLERANCE` (1e-9 person) of a whole number is that number, and a
    fraction within it of one half counts as one half, so ``2.0000000000004`` rounds up to 2
    and a sum that should be 2.5 but prints as 2.4999999999999996 rounds to 3. Band edges in
    :func:`performance_grade` use the same tolerance (:data:`GRADE_TOLERANCE`), so an EJ of
    1.0000000000000002 is still B, not A.

Volumes given per day, week or month (:func:`annual_volume`)
    Multiplying by 250 / 50 / 12 (:data:`TOOL_PERIODS_PER_YEAR`) is a **convention of Pemda
    tool authors**, not found in the Permen text (DOMAIN §1.3, tagged [P]); it matches
    1,250 jam ≈ 5 jam a day, 25 jam a week, 104 jam a month. :data:`BKN_2011_PERIODS_PER_YEAR`
    (240 / 48 / 12) is derived from the Perka BKN 19/2011 figures (72,000 ÷ 300, ÷ 1,500,
    ÷ 6,000).

Units: volumes per year (after :func:`annual_volume`), times in minutes, staff in persons
(fractions allowed), EJ dimensionless. Inputs must be finite non-negative numbers; anything
else raises :class:`ValueError` naming the argument.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType
from typing import Final, Literal, NamedTuple

__all__ = [
    "BKN_2011_PERIODS_PER_YEAR",
    "DEPKEU_2002_MINUTES_PER_YEAR",
    "DEPKEU_BANDS",
    "EFFECTIVE_MINUTES_PER_DAY",
    "EFFECTIVE_MINUTES_PER_MONTH",
    "EFFECTIVE_MINUTES_PER_WEEK",
    "EFFECTIVE_MINUTES_PER_YEAR",
    "GRADES",
    "GRADE_TOLERANCE",
    "KEPMENPAN_75_2004_MINUTES_PER_YEAR",
    "MINUTES_PER_HOUR",
    "NO_STAFF",
    "NO_TASKS",
    "PERIODS",
    "PERKA_BKN_19_2011_MINUTES_PER_DAY",
    "PERKA_BKN_19_2011_MINUTES_PER_MONTH",
    "PERKA_BKN_19_2011_MINUTES_PER_WEEK",
    "PERKA_BKN_19_2011_MINUTES_PER_YEAR",
    "PERMENDAGRI_BANDS",
    "ROUNDING_RULES",
    "ROUNDING_TOLERANCE",
    "TOOL_PERIODS_PER_YEAR",
    "Assessment",
    "Band",
    "Period",
    "RoundingRule",
    "Task",
    "annual_volume",
    "assess",
    "equipment_based",
    "job_effectiveness",
    "object_based",
    "output_based",
    "performance_grade",
    "required_staff",
    "round_staff",
    "workload_minutes",
]

MINUTES_PER_HOUR: Final = 60

# --- Waktu kerja efektif (minutes) -------------------------------------------------------

#: PermenPAN-RB 1/2020 as BKN derives it: 1,250 jam a year. The default everywhere.
EFFECTIVE_MINUTES_PER_YEAR: Final = 75_000
#: 1,250 jam split by the tool-author convention (×12 / ×50 / ×250), DOMAIN §1.3 [P].
EFFECTIVE_MINUTES_PER_MONTH: Final = 6_250
EFFECTIVE_MINUTES_PER_WEEK: Final = 1_500
EFFECTIVE_MINUTES_PER_DAY: Final = 300

#: Perka BKN 19/2011: 1,200 jam a year (240 days × 5 jam), 20 days a month, 5 days a week.
PERKA_BKN_19_2011_MINUTES_PER_YEAR: Final = 72_000
PERKA_BKN_19_2011_MINUTES_PER_MONTH: Final = 6_000
PERKA_BKN_19_2011_MINUTES_PER_WEEK: Final = 1_500
PERKA_BKN_19_2011_MINUTES_PER_DAY: Final = 300

#: Kepmenpan KEP/75/M.PAN/7/2004 (attributed): 1,300 jam a year.
KEPMENPAN_75_2004_MINUTES_PER_YEAR: Final = 78_000
#: Departemen Keuangan 2002: 237 days × 510 menit − 25.2 % = 90,420 menit (1,507 jam).
DEPKEU_2002_MINUTES_PER_YEAR: Final = 90_420

# --- Periods ------------------------------------------------------------------------------

Period = Literal["day", "week", "month", "year"]
PERIODS: Final[tuple[Period, ...]] = ("day", "week", "month", "year")

#: Tool-author convention (not in the Permen): 250 working days, 50 weeks, 12 months.
TOOL_PERIODS_PER_YEAR: Final[Mapping[Period, float]] = MappingProxyType(
    {"day": 250, "week": 50, "month": 12, "year": 1}
)
#: Derived from Perka BKN 19/2011 (72,000 ÷ 300 / 1,500 / 6,000 menit).
BKN_2011_PERIODS_PER_YEAR: Final[Mapping[Period, float]] = MappingProxyType(
    {"day": 240, "week": 48, "month": 12, "year": 1}
)

# --- Rounding and grading -----------------------------------------------------------------

RoundingRule = Literal["nearest", "ceil", "floor"]
ROUNDING_RULES: Final[tuple[RoundingRule, ...]] = ("nearest", "ceil", "floor")

#: Float noise allowance, in persons. Staff counts stay far below 1e6, where the spacing of
#: floats is about 1e-10, so 1e-9 absorbs accumulated noise without ever hiding a real
#: fraction a planner could enter (the forms print three decimals).
ROUNDING_TOLERANCE: Final = 1e-9
#: The same allowance for comparing an EJ with a band's lower bound.
GRADE_TOLERANCE: Final = 1e-9

GRADES: Final[tuple[str, ...]] = ("A", "B", "C", "D", "E")


class Band(NamedTuple):
    """One row of a grade table: EJ above ``lower`` (or equal to it when ``inclusive``)."""

    lower: float
    inclusive: bool
    grade: str


#: Permendagri 12/2008 style, as used in Pemda "Form D" (DOMAIN §1.4, partly verified).
PERMENDAGRI_BANDS: Final[tuple[Band, ...]] = (
    Band(1.00, False, "A"),  # Sangat Baik: EJ > 1.00
    Band(0.90, True, "B"),  # Baik: 0.90-1.00
    Band(0.70, True, "C"),  # Cukup: 0.70-0.89
    Band(0.50, True, "D"),  # Sedang: 0.50-0.69
    Band(0.00, True, "E"),  # Kurang: < 0.50
)
#: Departemen Keuangan 2002 "Standar penilaian prestasi kerja" (JLA - Tugino 2002).
DEPKEU_BANDS: Final[tuple[Band, ...]] = (
    Band(1.00, False, "A"),  # > 1
    Band(0.81, True, "B"),  # 0.81 >= - <= 1.00
    Band(0.66, True, "C"),  # 0.66 >= - <= 0.80
    Band(0.50, True, "D"),  # 0.50 >= - <= 0.65
    Band(0.00, True, "E"),  # < 0.50
)


# --- Validation helpers -------------------------------------------------------------------


def _number(name: str, value: float) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _non_negative(name: str, value: float) -> float:
    number = _number(name, value)
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return number


def _positive(name: str, value: float) -> float:
    number = _number(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be greater than zero, got {value!r}")
    return number


# --- Tugas per tugas jabatan --------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One task (uraian tugas) of a position.

    ``volume`` is the beban kerja: units of output per year. ``norm_minutes`` is the norma
    waktu (waktu penyelesaian): minutes a competent person needs per unit. Both must be
    finite and non-negative.
    """

    volume: float
    norm_minutes: float

    def __post_init__(self) -> None:
        _non_negative("volume", self.volume)
        _non_negative("norm_minutes", self.norm_minutes)

    @property
    def minutes(self) -> float:
        """Isi kerja of this task: volume × norma waktu, in minutes per year."""
        return self.volume * self.norm_minutes


def workload_minutes(tasks: Iterable[Task]) -> float:
    """Σ volume × norma waktu over ``tasks``, in minutes per year (exactly summed)."""
    total = math.fsum(task.minutes for task in tasks)
    if not math.isfinite(total):
        raise ValueError("workload is too large to represent")
    return total


def required_staff(
    tasks: Iterable[Task], effective_minutes: float = EFFECTIVE_MINUTES_PER_YEAR
) -> float:
    """Kebutuhan pegawai: Σ volume × norma waktu ÷ waktu kerja efektif. Never rounded.

    ``effective_minutes`` is the yearly effective working time in minutes (default 1,250 jam).
    """
    effective = _positive("effective_minutes", effective_minutes)
    return workload_minutes(tasks) / effective


def round_staff(value: float, rule: str = "nearest") -> int:
    """Round a non-negative staffing need to whole persons.

    ``"nearest"`` rounds halves up (2.5 → 3), ``"ceil"`` up, ``"floor"`` down. A value within
    :data:`ROUNDING_TOLERANCE` of a whole number is that number under every rule, and a
    fraction within it of one half counts as a half. Unknown rules raise ValueError.
    """
    if rule not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; use one of {', '.join(ROUNDING_RULES)}")
    number = _non_negative("value", value)
    whole = round(number)
    if abs(number - whole) <= ROUNDING_TOLERANCE:
        return int(whole)
    lower = math.floor(number)
    if rule == "floor":
        return lower
    if rule == "ceil":
        return lower + 1
    # number - lower is exact in binary floating point, so no 0.49999999999999994 + 0.5 trap.
    return lower + 1 if number - lower >= 0.5 - ROUNDING_TOLERANCE else lower


# --- Efektivitas jabatan and its grade ----------------------------------------------------


def job_effectiveness(
    tasks: Iterable[Task],
    existing: float,
    effective_minutes: float = EFFECTIVE_MINUTES_PER_YEAR,
) -> float:
    """EJ = Σ volume × norma waktu ÷ (pegawai yang ada × waktu kerja efektif).

    1.0 means the staff in post exactly carry the workload, above 1 they are overloaded,
    below 1 there is idle capacity. With ``existing == 0`` the result is ``math.inf`` when
    there is any workload and ``0.0`` when there is none.
    """
    staff = _non_negative("existing", existing)
    effective = _positive("effective_minutes", effective_minutes)
    workload = workload_minutes(tasks)
    if staff == 0:
        return math.inf if workload > 0 else 0.0
    return workload / (staff * effective)


def _check_bands(bands: Sequence[tuple[float, bool, str]]) -> tuple[Band, ...]:
    rows = tuple(Band(*band) for band in bands)
    if not rows:
        raise ValueError("bands must not be empty")
    for band in rows:
        if math.isnan(band.lower) or band.lower == math.inf:
            raise ValueError(f"band lower bound must be a number below infinity: {band!r}")
        if not isinstance(band.grade, str) or not band.grade:
            raise ValueError(f"band grade must be a non-empty string: {band!r}")
    for upper, lower in pairwise(rows):
        descending = upper.lower > lower.lower or (
            upper.lower == lower.lower and not upper.inclusive and lower.inclusive
        )
        if not descending:
            raise ValueError(
                f"bands must run from the highest lower bound down: {upper!r}, {lower!r}"
            )
    last = rows[-1]
    if last.lower > 0 or (last.lower == 0 and not last.inclusive):
        raise ValueError(f"the last band must cover EJ = 0 (lower bound 0, inclusive): {last!r}")
    return rows


def performance_grade(
    ej: float, bands: Sequence[tuple[float, bool, str]] = PERMENDAGRI_BANDS
) -> str:
    """Prestasi kerja jabatan: the grade of the first band whose lower bound ``ej`` meets.

    ``bands`` run from the highest lower bound down; each is ``(lower, inclusive, grade)``
    (a :class:`Band` or a plain tuple). ``ej`` must be non-negative (``math.inf``, the EJ of
    a position with work and no staff, takes the top grade). Comparisons allow
    :data:`GRADE_TOLERANCE` for float noise: within it of a bound counts as on the bound.
    """
    if isinstance(ej, bool) or not isinstance(ej, int | float) or math.isnan(ej):
        raise ValueError(f"ej must be a number, got {ej!r}")
    if ej < 0:
        raise ValueError(f"ej must not be negative, got {ej!r}")
    for band in _check_bands(bands):
        if band.inclusive:
            meets = ej >= band.lower - GRADE_TOLERANCE
        else:
            meets = ej > band.lower + GRADE_TOLERANCE
        if meets:
            return band.grade
    raise AssertionError("unreachable: the last band covers every non-negative EJ")


#: Why :func:`assess` gives no grade: no task is described yet / nobody is in post.
NO_TASKS: Final = "no_tasks"
NO_STAFF: Final = "no_staff"


@dataclass(frozen=True)
class Assessment:
    """EJ and PJ of one position, or the reason (:data:`NO_TASKS`, :data:`NO_STAFF`) why
    there are none."""

    effectiveness: float | None
    grade: str | None
    reason: str | None = None


def assess(
    tasks: Iterable[Task],
    existing: float,
    effective_minutes: float = EFFECTIVE_MINUTES_PER_YEAR,
    bands: Sequence[tuple[float, bool, str]] = PERMENDAGRI_BANDS,
) -> Assessment:
    """EJ (:func:`job_effectiveness`) and its grade (:func:`performance_grade`) when the
    position has at least one task and someone in post; otherwise no figures and the reason
    (no tasks first: without tasks there is nothing to measure, staffed or not)."""
    rows = list(tasks)
    staff = _non_negative("existing", existing)
    _positive("effective_minutes", effective_minutes)
    if not rows:
        return Assessment(None, None, NO_TASKS)
    if staff == 0:
        return Assessment(None, None, NO_STAFF)
    ej = job_effectiveness(rows, staff, effective_minutes)
    return Assessment(ej, performance_grade(ej, bands))


# --- The other three approaches -----------------------------------------------------------


def output_based(volume: float, standard_output_per_person: float) -> float:
    """Hasil kerja: volume of output ÷ standar kemampuan rata-rata per person (same period)."""
    return _non_negative("volume", volume) / _positive(
        "standard_output_per_person", standard_output_per_person
    )


def object_based(objects: float, objects_per_person: float) -> float:
    """Objek kerja: number of objects served ÷ objects one person can serve."""
    return _non_negative("objects", objects) / _positive("objects_per_person", objects_per_person)


def equipment_based(equipment: float, staff_per_unit: float, shifts: float = 1) -> float:
    """Peralatan kerja: units of equipment × staff needed per unit × shifts (pergantian jaga)."""
    return (
        _non_negative("equipment", equipment)
        * _non_negative("staff_per_unit", staff_per_unit)
        * _non_negative("shifts", shifts)
    )


# --- Period conversion --------------------------------------------------------------------


def annual_volume(
    volume: float, period: str, per_year: Mapping[Period, float] = TOOL_PERIODS_PER_YEAR
) -> float:
    """Convert a volume counted per day/week/month/year to a yearly volume.

    The default factors (×250 / ×50 / ×12) are a **tool-author convention**, not a rule of
    PermenPAN-RB 1/2020 (DOMAIN §1.3 [P]); pass :data:`BKN_2011_PERIODS_PER_YEAR` or an
    agency's own mapping to use another.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    factor = _positive(f"per_year[{period!r}]", per_year[period])
    return _non_negative("volume", volume) * factor
