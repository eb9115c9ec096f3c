"""Perawat and bidan of every demo puskesmas by the WHO WISN method, from its catchment.

The staffing plan (``staffing``) and the need side (``needs``) both read this module, so the
people the demo generates and the need it computes start from the same workload; the staffing
plan then crowds them in the centre.

A puskesmas's catchment is its kecamatan's 2024 population shared equally among the
kecamatan's puskesmas. Its yearly workload per activity is a utilisation rate per 1,000
residents (``WISN_SERVICES``) times the catchment; rawat inap activities count only where the
puskesmas has beds. The rates are **demo assumptions**, not the city's statistics: they are the
workloads of a rawat-inap puskesmas of the centre (24,000 outpatient visits a year for about
33,600 residents, 700 deliveries, …) turned into rates, plausible against the national
figures of about two outpatient visits per person a year in primary care and a crude birth
rate near 2 %. Activity standards in hours per activity, available working time and the
category allowances follow the WISN manual (WHO 2010): 260 possible days − 16 public
holidays − 12 annual leave − 6 sick − 6 training, 7 hours a day; 8 % for records and reports
and 5 % for meetings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from formasi.domain import wisn

WISN_AWT = wisn.available_working_time(
    working_days=260,
    public_holidays=16,
    annual_leave=12,
    sick_leave=6,
    other_leave=6,
    hours_per_day=7,
)
WISN_CATEGORY_ALLOWANCE = (8.0, 5.0)  # % of working time: records and reports; meetings


@dataclass(frozen=True)
class Activity:
    name: str
    hours: float  # activity standard: hours per unit of workload
    per_1000: float  # workload a year per 1,000 residents of the catchment
    inpatient_only: bool = False


# fmt: off
WISN_SERVICES: dict[str, tuple[Activity, ...]] = {
    "perawat": (
        Activity("Rawat jalan: kunjungan di poli umum", 0.25, 715),
        Activity("Tindakan keperawatan di unit gawat darurat", 0.75, 134),
        Activity("Rawat inap: hari rawat (asuhan keperawatan per pasien per hari)", 3.5, 113,
                 inpatient_only=True),
        Activity("Kunjungan rumah perawatan kesehatan masyarakat", 1.5, 36),
    ),
    "bidan": (
        Activity("Pemeriksaan kehamilan (ANC)", 0.5, 179),
        Activity("Pertolongan persalinan normal", 6.0, 21),
        Activity("Kunjungan nifas dan neonatal", 0.75, 83),
        Activity("Pelayanan KB", 0.4, 149),
        Activity("Rawat inap kebidanan: hari rawat", 2.5, 42, inpatient_only=True),
    ),
}
# fmt: on


def workloads(jenis: str, catchment: float, inpatient: bool) -> list[tuple[Activity, int]]:
    """The yearly workload of each activity of ``jenis`` for a catchment of residents."""
    return [
        (a, round(a.per_1000 * catchment / 1000))
        for a in WISN_SERVICES[jenis]
        if inpatient or not a.inpatient_only
    ]


def wisn_need(jenis: str, catchment: float, inpatient: bool) -> float:
    """Exact WISN requirement of ``jenis`` ("perawat" or "bidan") for one puskesmas."""
    services = [
        wisn.Service(annual_workload=volume, unit_time_hours=activity.hours)
        for activity, volume in workloads(jenis, catchment, inpatient)
    ]
    return wisn.required_staff(
        available_hours=WISN_AWT,
        services=services,
        category_allowance_percent=WISN_CATEGORY_ALLOWANCE,
    )


def catchments(
    puskesmas_district: Mapping[str, str], population: Mapping[str, float]
) -> dict[str, float]:
    """Residents per puskesmas: {puskesmas key: its kecamatan's population ÷ the number of
    puskesmas there}. ``puskesmas_district`` maps a puskesmas (any key) to a kecamatan code."""
    per_district: dict[str, int] = {}
    for district in puskesmas_district.values():
        per_district[district] = per_district.get(district, 0) + 1
    return {
        key: population.get(district, 0) / per_district[district]
        for key, district in puskesmas_district.items()
    }
