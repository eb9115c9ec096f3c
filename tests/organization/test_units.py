"""The unit tree keeps its materialised paths right when units are added and moved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from formasi.organization.models import OrgUnit
from formasi.organization.services import district_of, save_unit
from tests import builders as build


def test_new_unit_gets_path_and_opd(world) -> None:  # type: ignore[no-untyped-def]
    unit = OrgUnit(
        agency=world.agency_a,
        parent=world.dinkes,
        code="PKM-2",
        name="Puskesmas Kereng",
        kind="puskesmas",
        region=world.district_a,
    )
    save_unit(unit=unit, actor=world.users["admin_a"])
    assert unit.path == f"{world.dinkes.path}{unit.pk}/"
    assert unit.opd_id == world.dinkes.pk


def test_moving_a_unit_moves_its_subtree(world) -> None:  # type: ignore[no-untyped-def]
    child = OrgUnit(
        agency=world.agency_a,
        parent=world.puskesmas,
        code="PUSTU",
        name="Pustu",
        kind="sub_unit",
        region=world.district_a2,
    )
    save_unit(unit=child, actor=world.users["admin_a"])
    world.puskesmas.parent = world.disdik
    save_unit(unit=world.puskesmas, actor=world.users["admin_a"])
    child.refresh_from_db()
    assert child.path == f"{world.disdik.path}{world.puskesmas.pk}/{child.pk}/"
    assert child.opd_id == world.disdik.pk


def test_a_unit_cannot_move_under_itself(world) -> None:  # type: ignore[no-untyped-def]
    world.dinkes.parent = world.puskesmas
    with pytest.raises(ValidationError):
        save_unit(unit=world.dinkes, actor=world.users["admin_a"])
    world.dinkes.refresh_from_db()
    assert world.dinkes.parent is None


def test_a_parent_from_another_agency_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    unit = OrgUnit(
        agency=world.agency_a,
        parent=world.opd_b,
        code="X",
        name="X",
        kind="sub_unit",
        region=world.district_a,
    )
    root = build.user("root", None, is_superuser=True)  # may change both agencies' units
    with pytest.raises(ValidationError):
        save_unit(unit=unit, actor=root)
    assert unit.pk is None


def test_the_district_of_a_village_is_its_parent(world) -> None:  # type: ignore[no-untyped-def]
    village = world.puskesmas.region
    assert district_of(village) == world.district_a2
    assert district_of(world.district_a2) == world.district_a2
    assert district_of(world.district_a2.parent) is None
