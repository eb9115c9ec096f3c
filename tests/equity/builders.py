"""Needs, people and residents for the personas' world, small enough to count by hand.

Pahandut (62.71.01, 100,000 residents in 2024): Dinas Kesehatan, 1 nurse, no need (excess 1);
Dinas Pendidikan, no people.
Rakumpit (62.71.05, no population figure): Puskesmas Rakumpit in kelurahan Petuk Bukit,
1 nurse for a need of 3 (short 2); Pustu Rakumpit (under the Dinas Kesehatan) in Petuk Bukit,
3 nurses for a need of 1 (excess 2); SDN 1 Rakumpit in the kecamatan itself, 1 teacher for a
need of 2 (short 1). So Rakumpit is short 3 and has an excess of 2: never netted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from formasi.organization.models import RegionPopulation
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.personas import World


def need(unit: Any, position: Any, count: int) -> PositionNeed:
    return PositionNeed.unscoped.create(
        agency=unit.agency, unit=unit, position=position, source="entered", count=count
    )


def add_equity_data(world: World) -> Any:
    build.region("62.71.05.1002", "Bukit Sua", parent=world.district_a2)
    kel = build.region("62.71.05.1001")
    pustu = build.unit(
        world.agency_a, "Pustu Rakumpit", kind="puskesmas", parent=world.dinkes,
        region_obj=kel, code="PUSTU-RKP",
    )  # fmt: skip
    for i in range(3):
        build.employee(pustu, world.nurse_position, f"Perawat {i}", birth=date(1990, 1, i + 1))
    need(world.puskesmas, world.nurse_position, 3)
    need(pustu, world.nurse_position, 1)
    need(world.school, world.teacher_position, 2)
    for year, population in ((2023, 90_000), (2024, 100_000)):
        RegionPopulation.objects.create(
            region=world.district_a, year=year, population=population, source="BPS"
        )
    return pustu
