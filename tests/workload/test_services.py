"""Needs, bezetting and gaps of the peta jabatan; writing an ABK task list."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from formasi.domain.gaps import Gap
from formasi.workload.models import PositionNeed, WorkloadSettings
from formasi.workload.services import peta_jabatan, save_abk_tasks
from tests.personas import World
from tests.workload.builders import TASKS

# Three tasks of a nurse (hand-computed): 1,200 × 30 + 600 × 45 + 300 × 60 = 81,000 minutes
# of workload; ÷ 75,000 = 1.08 persons (PermenPAN-RB 1/2020 effective time).


def test_saving_tasks_stores_the_exact_and_the_rounded_need(world: World) -> None:
    admin = world.users["admin_a"]
    need = save_abk_tasks(
        unit=world.puskesmas, position=world.nurse_position, tasks=TASKS, actor=admin
    )
    assert need.source == PositionNeed.Source.ABK
    assert need.exact == Decimal("1.0800")
    assert need.count == 1
    assert [t.description for t in need.tasks.all()] == [t["description"] for t in TASKS]
    assert need.history.latest().history_user == admin


def test_the_agency_rounding_rule_applies(world: World) -> None:
    WorkloadSettings.objects.create(agency=world.agency_a, rounding="ceil")
    need = save_abk_tasks(
        unit=world.puskesmas,
        position=world.nurse_position,
        tasks=TASKS,
        actor=world.users["admin_a"],
    )
    assert need.count == 2


@pytest.mark.parametrize("persona", ["operator_other_opd_a", "evaluator_a", "leader_a", "admin_b"])
def test_only_who_may_change_the_unit_saves_tasks(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        save_abk_tasks(
            unit=world.puskesmas,
            position=world.nurse_position,
            tasks=TASKS,
            actor=world.users[persona],
        )
    assert not PositionNeed.unscoped.exists()


def test_the_peta_jabatan_keeps_shortage_and_excess_apart(world: World) -> None:
    admin = world.users["admin_a"]
    # The puskesmas has one nurse (employee_puskesmas); the ABK says 2 with ceil.
    WorkloadSettings.objects.create(agency=world.agency_a, rounding="ceil")
    save_abk_tasks(unit=world.puskesmas, position=world.nurse_position, tasks=TASKS, actor=admin)
    PositionNeed.unscoped.create(
        agency=world.agency_a,
        unit=world.dinkes,
        position=world.nurse_position,
        source=PositionNeed.Source.ENTERED,
        count=0,
    )
    peta = {p.unit.pk: p for p in peta_jabatan(admin, world.dinkes)}
    pkm = peta[world.puskesmas.pk]
    assert [(r.position.pk, r.gap) for r in pkm.rows] == [
        (world.nurse_position.pk, Gap(need=2, bezetting=1, shortage=1, excess=0))
    ]
    assert pkm.rows[0].grade is not None  # EJ 1.08 with one nurse: A
    top = peta[world.dinkes.pk]
    assert top.own == Gap(need=0, bezetting=1, shortage=0, excess=1)
    assert top.total == Gap(need=2, bezetting=2, shortage=1, excess=1)


def test_an_operator_sees_only_their_opd(world: World) -> None:
    rows = peta_jabatan(world.users["operator_other_opd_a"], world.dinkes)
    assert rows == []


def test_gap_summary_per_agency_never_nets(world: World) -> None:
    from formasi.workload.services import gap_summary

    admin = world.users["admin_a"]
    WorkloadSettings.objects.create(agency=world.agency_a, rounding="ceil")
    save_abk_tasks(unit=world.puskesmas, position=world.nurse_position, tasks=TASKS, actor=admin)
    PositionNeed.unscoped.create(
        agency=world.agency_a,
        unit=world.dinkes,
        position=world.nurse_position,
        source=PositionNeed.Source.ENTERED,
        count=0,
    )
    summary = gap_summary([world.agency_a.pk, world.agency_b.pk])
    peta_total = peta_jabatan(admin, world.dinkes)[0].total
    disdik = peta_jabatan(admin, world.disdik)[0].total
    assert summary[world.agency_a.pk] == peta_total + disdik
    assert summary[world.agency_b.pk] == Gap(need=0, bezetting=1, shortage=0, excess=1)
    assert gap_summary([]) == {}


def test_needs_by_area_groups_cells_by_district_and_kelurahan(world: World) -> None:
    """Rakumpit (hand-computed from the world): the puskesmas (in kelurahan Petuk Bukit) needs
    3 nurses and has 1; SDN 1 Rakumpit (kecamatan level) needs 2 teachers and has 1 — and a
    surplus teacher elsewhere in the city cannot fill those."""
    from formasi.workload.services import needs_by_area

    def need(unit: object, position: object, count: int) -> None:
        PositionNeed.unscoped.create(
            agency=world.agency_a,
            unit=unit,
            position=position,
            source=PositionNeed.Source.STANDARD,
            count=count,
        )

    need(world.puskesmas, world.nurse_position, 3)
    need(world.school, world.teacher_position, 2)
    areas = {a.region.code: a for a in needs_by_area(world.users["admin_a"], world.agency_a)}
    rakumpit = areas[world.district_a2.code]
    assert rakumpit.total == Gap(need=5, bezetting=2, shortage=3, excess=0)
    assert rakumpit.by_family["guru"] == Gap(need=2, bezetting=1, shortage=1, excess=0)
    [village] = rakumpit.children
    assert village.region.code == world.puskesmas.region.code
    assert village.total == Gap(need=3, bezetting=1, shortage=2, excess=0)
    # Pahandut holds the Dinas Kesehatan office: one nurse, no need: excess, not a credit.
    assert areas[world.district_a.code].total == Gap(need=0, bezetting=1, shortage=0, excess=1)
    # An operator sees only their OPD's units.
    operator = {
        a.region.code: a for a in needs_by_area(world.users["operator_other_opd_a"], world.agency_a)
    }
    assert set(operator) == {world.district_a2.code}
    assert operator[world.district_a2.code].total == Gap(need=2, bezetting=1, shortage=1, excess=0)
