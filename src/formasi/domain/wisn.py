"""Staffing need from workload: WHO WISN and the Indonesian ABK-Kes variant.

Pure Python (standard library only, no Django). Every time is in HOURS; workloads are
counts per year; results are fractional full-time persons and are never rounded here
(rounding to whole persons is a policy choice of the caller).

WHO Workload Indicators of Staffing Need (WISN)
------------------------------------------------
World Health Organization, *Workload indicators of staffing need: user's manual*, Geneva,
2010 (ISBN 978 92 4 150019 7). The manual's eight steps, and what this module computes:

1. Choose the priority staff category and facility type. (Caller's choice.)
2. Available working time, hours per year::

       AWT = (A - (B + C + D + E)) x F

   A possible working days in a year, B public holidays, C annual leave, D sick leave,
   E other leave (training etc.), F working hours per day. -> :func:`available_working_time`
3. Workload components: health-service activities (annual statistics exist), support
   activities done by every member of the category, additional activities done by some.
4. Activity standard: time a well-trained, motivated worker needs per unit of a
   health-service activity. -> :class:`Service` (``unit_time_hours``)
5. Standard workload of a health-service activity = AWT / unit time, i.e. units one worker
   can do in a year. -> :func:`standard_workload`
6. Allowance factors. Category allowance standards (CAS, % of working time spent on support
   activities) give ``CAF = 1 / (1 - sum(CAS%) / 100)``; individual allowance standards
   (IAS, hours per year of additional activities) give ``IAF = sum(IAS) / AWT``.
   -> :func:`allowance_percent`, :func:`category_allowance_factor`,
   :func:`individual_allowance_factor`
7. Required staff = sum(annual workload / standard workload) x CAF + IAF.
   -> :func:`required_staff`
8. Interpret against the existing staff: difference = existing - required (negative is a
   shortage) and WISN ratio = existing / required (< 1 shortage and workload pressure,
   = 1 balanced, > 1 more staff than the workload needs).
   -> :func:`difference`, :func:`ratio`, :func:`pressure`

Indonesia: ABK-Kes (Analisis Beban Kerja Kesehatan)
---------------------------------------------------
Peraturan Menteri Kesehatan Nomor 33 Tahun 2015 tentang Pedoman Penyusunan Perencanaan
Kebutuhan Sumber Daya Manusia Kesehatan, lampiran (metode ABK Kes), and Kemenkes Badan
PPSDM Kesehatan, *Buku Manual 1: Perencanaan Kebutuhan SDM Kesehatan berdasarkan Metode
ABK Kes*. Its six steps: (1) fasyankes and jenis SDMK, (2) waktu kerja tersedia (WKT,
same form as WISN step 2), (3) komponen beban kerja (tugas pokok, tugas penunjang) and
norma waktu, (4) standar beban kerja ``SBK = WKT / norma waktu``, (5) standar tugas
penunjang, (6) kebutuhan SDMK::

    FTP  = (waktu kegiatan penunjang per tahun / WKT) x 100       (per kegiatan, in %)
    STP  = 1 / (1 - sum(FTP) / 100)
    JKT  = sum(capaian tugas pokok per tahun / SBK)
    kebutuhan SDMK = JKT x STP

Naming note: in the Kemenkes form the *percentage* is the "faktor tugas penunjang" (FTP)
and the *multiplier* is the "standar tugas penunjang" (STP); some summaries swap the two.
This module takes the percentages (``support_task_percent``) and computes the multiplier
(:func:`support_task_standard`), so the naming cannot be confused at the call site.
ABK-Kes has no separate individual-allowance term: all tugas penunjang go into STP.
The guide rounds WKT for use (e.g. 1,113 h to 1,200 h); pass the figure you adopt.

Inputs must be finite; counts, times and percentages must not be negative. Anything else,
a non-positive AWT or unit time, absences exceeding working days, or allowance
percentages summing to 100 or more raise :class:`ValueError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Pressure",
    "Service",
    "abk_kes_required_staff",
    "allowance_percent",
    "available_working_time",
    "category_allowance_factor",
    "difference",
    "individual_allowance_factor",
    "pressure",
    "ratio",
    "required_staff",
    "standard_workload",
    "support_task_standard",
]

Pressure = Literal["shortage", "balanced", "surplus"]


def _non_negative(name: str, value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def _positive(name: str, value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def _all_non_negative(name: str, values: Iterable[float]) -> tuple[float, ...]:
    return tuple(_non_negative(name, v) for v in values)


# --------------------------------------------------------------------------- step 2


def available_working_time(
    *,
    working_days: float,
    public_holidays: float,
    annual_leave: float,
    sick_leave: float,
    other_leave: float,
    hours_per_day: float,
) -> float:
    """Hours per year a worker is available: ``(A - (B + C + D + E)) x F`` (WISN step 2).

    ``working_days`` is the number of possible working days in the year (e.g. 52 x 5 = 260);
    the four absences are days within them. In ABK-Kes the same form is used with
    B cuti, C libur nasional (+ cuti bersama), D pelatihan and E absen (sakit dll).
    """
    days = _non_negative("working_days", working_days)
    absences = math.fsum(
        (
            _non_negative("public_holidays", public_holidays),
            _non_negative("annual_leave", annual_leave),
            _non_negative("sick_leave", sick_leave),
            _non_negative("other_leave", other_leave),
        )
    )
    hours = _non_negative("hours_per_day", hours_per_day)
    if absences > days:
        raise ValueError(f"absences ({absences!r} days) exceed working_days ({days!r})")
    return (days - absences) * hours


# --------------------------------------------------------------------------- steps 3-5


@dataclass(frozen=True, slots=True)
class Service:
    """A health-service activity (tugas pokok): annual volume and its activity standard.

    ``annual_workload`` is the number of units done in a year (capaian per tahun);
    ``unit_time_hours`` is the activity standard (norma waktu) per unit, in hours.
    """

    annual_workload: float
    unit_time_hours: float

    def __post_init__(self) -> None:
        _non_negative("annual_workload", self.annual_workload)
        _positive("unit_time_hours", self.unit_time_hours)


def standard_workload(*, available_hours: float, unit_time_hours: float) -> float:
    """Units of one activity a worker can do in a year: AWT / unit time (WISN step 5, SBK)."""
    return _positive("available_hours", available_hours) / _positive(
        "unit_time_hours", unit_time_hours
    )


def _service_staff(available_hours: float, services: Iterable[Service]) -> float:
    """sum(workload / standard workload) = sum(workload x unit time) / AWT, one division."""
    awt = _positive("available_hours", available_hours)
    return math.fsum(s.annual_workload * s.unit_time_hours for s in services) / awt


# --------------------------------------------------------------------------- step 6


def allowance_percent(*, hours_per_year: float, available_hours: float) -> float:
    """Share of the year's working time taken by one support activity, in %.

    ``hours per year / AWT x 100``: WISN's CAS expressed as a percentage, and ABK-Kes's
    FTP of one tugas penunjang (waktu kegiatan / WKT x 100).
    """
    hours = _non_negative("hours_per_year", hours_per_year)
    return hours / _positive("available_hours", available_hours) * 100


def category_allowance_factor(percentages: Iterable[float]) -> float:
    """``1 / (1 - sum(CAS%) / 100)``; no percentages gives 1.0.

    Each CAS is the share of working time (in %) that every member of the category spends
    on a support activity. A total of 100 % or more leaves no time for services.
    """
    total = math.fsum(_all_non_negative("allowance percentage", percentages))
    if total >= 100:
        raise ValueError(f"allowance percentages sum to {total!r} %, must be below 100 %")
    return 1 / (1 - total / 100)


def individual_allowance_factor(*, hours: Iterable[float], available_hours: float) -> float:
    """``sum(IAS) / AWT``: staff needed for additional activities of some members."""
    total = math.fsum(_all_non_negative("individual allowance hours", hours))
    return total / _positive("available_hours", available_hours)


# --------------------------------------------------------------------------- step 7


def required_staff(
    *,
    available_hours: float,
    services: Iterable[Service],
    category_allowance_percent: Iterable[float] = (),
    individual_allowance_hours: Iterable[float] = (),
) -> float:
    """WISN required staff: ``sum(workload / standard workload) x CAF + sum(IAS) / AWT``.

    Exact (never rounded). ``available_hours`` is AWT in hours per year, the same unit as
    ``Service.unit_time_hours`` and the IAS hours.
    """
    caf = category_allowance_factor(category_allowance_percent)
    iaf = individual_allowance_factor(
        hours=individual_allowance_hours, available_hours=available_hours
    )
    return _service_staff(available_hours, services) * caf + iaf


# --------------------------------------------------------------------------- ABK-Kes


def support_task_standard(percentages: Iterable[float]) -> float:
    """STP, the ABK-Kes multiplier: ``1 / (1 - sum(FTP) / 100)``.

    Arithmetically the same as WISN's category allowance factor.
    """
    return category_allowance_factor(percentages)


def abk_kes_required_staff(
    *,
    available_hours: float,
    services: Iterable[Service],
    support_task_percent: Iterable[float] = (),
) -> float:
    """ABK-Kes kebutuhan SDMK: ``sum(capaian / SBK) x STP`` with SBK = WKT / norma waktu.

    ``support_task_percent`` are the FTP percentages of the tugas penunjang (see
    :func:`allowance_percent`); exact, never rounded.
    """
    stp = support_task_standard(support_task_percent)
    return _service_staff(available_hours, services) * stp


# --------------------------------------------------------------------------- step 8


def difference(existing: float, required: float) -> float:
    """``existing - required``: negative is a shortage, positive a surplus, in persons."""
    return _non_negative("existing", existing) - _non_negative("required", required)


def ratio(existing: float, required: float) -> float:
    """WISN ratio ``existing / required``.

    When nothing is required the ratio is undefined in the manual; here it is ``inf`` if
    staff exist (all of them are surplus) and ``1.0`` if there are none (nothing to do and
    nobody to do it: balanced), so :func:`pressure` reads both cases sensibly.
    """
    have = _non_negative("existing", existing)
    need = _non_negative("required", required)
    if need == 0:
        return math.inf if have > 0 else 1.0
    return have / need


def pressure(wisn_ratio: float, *, tolerance: float = 0.0) -> Pressure:
    """WHO's reading of a WISN ratio: below 1 shortage (workload pressure), 1 balanced,
    above 1 surplus. ``tolerance`` widens "balanced" to ``1 - tol <= ratio <= 1 + tol``.
    """
    if math.isnan(wisn_ratio) or wisn_ratio < 0:
        raise ValueError(f"a WISN ratio must be >= 0, got {wisn_ratio!r}")
    _non_negative("tolerance", tolerance)
    if 1 - tolerance <= wisn_ratio <= 1 + tolerance:
        return "balanced"
    return "shortage" if wisn_ratio < 1 else "surplus"
