"""How many people of which track sit in each unit: the situation the city describes.

Every unit has fixed posts (its head; camat with sekcam and kasi; lurah with sekretaris
kelurahan; one senior guru ahli utama and one young Pol PP pemula as anchors so every jenjang
appears) and weighted tracks. The weights start from a need-like base (rombel for SD, the
published SMP teacher counts, the Permenkes 75/2014 puskesmas table in DOMAIN §14.1) and are
then multiplied by a crowding factor: staff crowd in Pahandut and Jekan Raya while Bukit Batu
and Rakumpit are short.

The weights of each family group (teachers, health, the rest) are scaled to that group's share
of ``size`` with the largest-remainder method, so the totals are exact and deterministic.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import mean

from formasi.demo import health
from formasi.demo.apportion import largest_remainder
from formasi.demo.organisation import SMP_ROMBEL, PlannedUnit
from formasi.demo.positions import TRACKS
from formasi.demo.regions import DATA_DIR
from formasi.organization.models import Position

# Staff per unit of need, by kecamatan (Pahandut, Bukit Batu, Jekan Raya, Sabangau, Rakumpit).
CROWDING = {"62.71.01": 1.25, "62.71.02": 0.6, "62.71.03": 1.3, "62.71.04": 0.85, "62.71.05": 0.5}
FACILITY_ROLES = frozenset({"sd", "smp", "puskesmas", "kecamatan", "kelurahan"})
# Shares of the workforce by family group: teachers about 45 %, health about 6 %
# (the puskesmas near their WISN need).
GROUP_SHARES = {"guru": 0.45, "kesehatan": 0.06, "other": 0.49}
# Anchors: (unit code, position code) so every jenjang is present at any size.
ANCHORS = [
    ("DISDIK.SMPN.01", "JF.GURU-MAPEL.AHLI-UTAMA"),
    ("DISDIK.SDN.PAHANDUT-1", "JF.GURU-KELAS.AHLI-UTAMA"),
    ("SATPOLPP.TIBUM", "JF.POLPP-T.PEMULA"),
]
EXTRA_POSTS = {
    "kecamatan": ["ADM.SEKCAM", "PENGAWAS.KASI", "PENGAWAS.KASI", "PENGAWAS.KASI"],
    "kelurahan": ["PENGAWAS.SEKLUR"],
}

# Base weights of the tracks every unit of a role employs; a unit's own JF tracks (from the
# organisation tree) come on top with TRACK_WEIGHT each.
# fmt: off
ROLE_TEMPLATES: dict[str, dict[str, float]] = {
    "opd": {"PENGELOLA-UMUM": 1, "OPERATOR": 1},
    "asisten": {"PENGADMINISTRASI": 1},
    "sekretariat": {"PERENCANA": 1, "ANALIS-KEUANGAN": 1, "PENGADMINISTRASI": 3,
                    "PENATA-LAYANAN": 1.5, "PENGELOLA-LAYANAN": 1, "ARSIPARIS-T": 0.5,
                    "PRAKOM-T": 0.5},
    "subbagian": {"PENGADMINISTRASI": 3, "PENGELOLA-UMUM": 4, "OPERATOR": 2, "ANALIS-SDM": 0.7,
                  "TEKNISI": 0.5},
    "bidang": {"ANALIS-KEBIJAKAN": 0.5, "PENGADMINISTRASI": 2, "PENELAAH": 1.5,
               "PENGELOLA-LAYANAN": 1, "OPERATOR": 0.5},
    "upt": {"PENGADMINISTRASI": 1.5, "OPERATOR": 1, "TEKNISI": 1},
    "kecamatan": {"ANALIS-KEBIJAKAN": 1.5, "PENGADMINISTRASI": 5, "PENELAAH": 2, "OPERATOR": 3,
                  "PENGELOLA-UMUM": 3, "PENGELOLA-LAYANAN": 2, "POLPP-T": 2, "ARSIPARIS-T": 0.5,
                  "PRAKOM-T": 0.5},
    "kelurahan": {"PENGADMINISTRASI": 2.5, "OPERATOR": 2, "PENGELOLA-UMUM": 1.5,
                  "PENGELOLA-LAYANAN": 1.5, "PENELAAH": 0.8},
    # SD: guru kelas = rombel (added per school); guru agama and PJOK as guru mata pelajaran.
    "sd": {"GURU-MAPEL": 2, "OPERATOR": 1, "PENGELOLA-UMUM": 1},
    "smp": {"PENGADMINISTRASI": 2, "OPERATOR": 1, "PENGELOLA-UMUM": 1.5, "TEKNISI": 0.5},
}
# fmt: on
TRACK_WEIGHT = {"sekretariat": 1.5, "bidang": 3.0, "upt": 4.0}


def _puskesmas_weights(attributes: dict, catchment: float) -> dict[str, float]:
    """Permenkes 75/2014 minimum staffing (DOMAIN §14.1) split over the JF tracks, with
    perawat and bidan from the WISN workload of the catchment (``health``) where it asks for
    more than the minimum, as the need side computes them."""
    ri = bool(attributes.get("rawat_inap"))
    urban = attributes.get("puskesmas_type") == "perkotaan"
    doctor, nurse, midwife = (2, 8, 7) if ri else (1, 5, 4)
    nurses = max(nurse, health.wisn_need("perawat", catchment, ri))
    midwives = max(midwife, health.wisn_need("bidan", catchment, ri))
    nutrition, pharmacy = (2, 2 if urban else 1) if ri else (1, 1)
    admin, helper = (3, 2) if urban else (2, 1)
    return {
        "DOKTER": doctor, "DOKTER-GIGI": 1,
        "PERAWAT": 0.35 * nurses, "PERAWAT-T": 0.65 * nurses,
        "BIDAN": 0.3 * midwives, "BIDAN-T": 0.7 * midwives,
        "PENYULUH-KESMAS": 2 if urban else 1,
        "SANITARIAN": 0.4, "SANITARIAN-T": 0.6, "PLK": 0.3, "PLK-T": 0.7,
        "NUTRISIONIS": 0.5 * nutrition, "NUTRISIONIS-T": 0.5 * nutrition,
        "APOTEKER": 0.5 * pharmacy, "ASISTEN-APOTEKER": pharmacy,
        "PENGADMINISTRASI": 0.5 * admin, "OPERATOR": 0.3 * admin, "PENATA-LAYANAN": 0.2 * admin,
        "PENGELOLA-UMUM": helper,  # pekarya
    }  # fmt: skip


def _smp_teachers_per_school() -> dict[str, float | None]:
    """Published SMP negeri teachers per school by kecamatan (None where not published)."""
    with open(DATA_DIR / "facilities.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["facility_type"] == "SMP"]
    published = {r["code"]: (r["teachers_negeri"], r["count_negeri"]) for r in rows}
    return {code: int(t) / int(n) if t else None for code, (t, n) in published.items()}


def unit_weights(
    plan: PlannedUnit, smp_teachers: dict[str, float | None], catchment: float = 0.0
) -> dict[str, float]:
    """Weighted tracks of one unit, crowding included (``catchment``: residents a puskesmas
    serves)."""
    weights = dict(ROLE_TEMPLATES.get(plan.role, {}))
    for track in plan.tracks:
        weights[track] = weights.get(track, 0.0) + TRACK_WEIGHT.get(plan.role, 2.0)
    attributes = plan.unit.attributes
    if plan.role == "sd":
        weights["GURU-KELAS"] = float(attributes["rombel"])
    if plan.role == "puskesmas":
        weights.update(_puskesmas_weights(attributes, catchment))
    crowd = CROWDING[plan.district_code] if plan.role in FACILITY_ROLES else 1.0
    weights = {track: w * crowd for track, w in weights.items()}
    if plan.role == "smp":
        # The published counts already show the crowding: keep their per-school average and
        # vary it with school size. Sabangau has none: 1.6 teachers per rombel, crowded.
        per_school, rombel = smp_teachers.get(plan.district_code), attributes["rombel"]
        if per_school:
            teachers = per_school * rombel / mean(SMP_ROMBEL[plan.remoteness])
        else:
            teachers = rombel * 1.6 * CROWDING[plan.district_code]
        weights["GURU-MAPEL"] = 0.92 * teachers
        weights["GURU-BK"] = 0.08 * teachers
    return weights


@dataclass(frozen=True)
class Seat:
    """One person to generate: a fixed post (``position``) or a track to fill in ``plan``."""

    plan: PlannedUnit
    position: str = ""
    track: str = ""

    @property
    def fixed(self) -> bool:
        return bool(self.position)


def _group(family: str) -> str:
    return family if family in ("guru", "kesehatan") else "other"


def plan_seats(
    units: list[PlannedUnit],
    positions: dict[str, Position],
    size: int,
    population: Mapping[str, float],
) -> list[Seat]:
    """Fixed posts first, then the scaled tracks (``population``: residents by kecamatan
    code). Raises ValueError when ``size`` cannot hold the fixed posts of a family group."""
    by_code = {p.unit.code: p for p in units}
    fixed: list[Seat] = []
    for plan in units:
        for code in [plan.head, *EXTRA_POSTS.get(plan.role, [])]:
            fixed.append(Seat(plan, position=code))
    fixed += [Seat(by_code[unit], position=code) for unit, code in ANCHORS]

    smp_teachers = _smp_teachers_per_school()
    catchments = health.catchments(
        {p.unit.code: p.district_code for p in units if p.role == "puskesmas"}, population
    )
    weights: dict[str, dict[tuple[int, str], float]] = defaultdict(dict)
    for index, plan in enumerate(units):
        catchment = catchments.get(plan.unit.code, 0.0)
        for track, w in unit_weights(plan, smp_teachers, catchment).items():
            weights[_group(TRACKS[track].family)][(index, track)] = w

    targets = largest_remainder(size, GROUP_SHARES)
    fixed_per_group: dict[str, int] = defaultdict(int)
    for seat in fixed:
        fixed_per_group[_group(positions[seat.position].family)] += 1
    seats = list(fixed)
    for group, target in targets.items():
        free = target - fixed_per_group[group]
        if free < 0:
            raise ValueError(f"size {size} is too small for the demo organisation")
        counts = largest_remainder(free, weights[group])
        for (index, track), n in sorted(counts.items()):
            seats += [Seat(units[index], track=track)] * n
    return seats
