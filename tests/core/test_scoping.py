"""visible_to decides which rows each role sees; the guard catches queries that skip it."""

from __future__ import annotations

import pytest

from formasi.core.scoping import UnscopedQueryError, scope_guard
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.workforce.models import Employee
from tests import builders as build


def names(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return set(qs.values_list("name", flat=True))


def test_admin_sees_every_employee_of_their_agency_only(world):  # type: ignore[no-untyped-def]
    visible = names(Employee.objects.visible_to(world.users["admin_a"]))
    assert visible == {"Siti Rahmawati", "Yohanes Ahang", "Dewi Lestari"}


def test_opd_operator_sees_their_opd_subtree_only(world):  # type: ignore[no-untyped-def]
    visible = names(Employee.objects.visible_to(world.users["operator_dinkes_a"]))
    assert visible == {"Siti Rahmawati", "Yohanes Ahang"}  # Dinkes and its puskesmas
    units = names(OrgUnit.objects.visible_to(world.users["operator_dinkes_a"]))
    assert units == {"Dinas Kesehatan", "Puskesmas Rakumpit"}


def test_opd_operator_reads_the_agency_position_master(world):  # type: ignore[no-untyped-def]
    assert Position.objects.visible_to(world.users["operator_dinkes_a"]).count() == 2


def test_evaluator_sees_assigned_agencies_only(world):  # type: ignore[no-untyped-def]
    evaluator = world.users["evaluator_a"]
    assert names(Agency.objects.visible_to(evaluator)) == {"Pemerintah Kota Palangka Raya"}
    assert "Ahmad Fauzi" not in names(Employee.objects.visible_to(evaluator))
    evaluator.assigned_agencies.add(world.agency_b)
    assert "Ahmad Fauzi" in names(Employee.objects.visible_to(evaluator))


def test_evaluator_and_leader_may_not_change(world):  # type: ignore[no-untyped-def]
    for persona in ("evaluator_a", "leader_a"):
        assert not Employee.objects.visible_to(world.users[persona], "change").exists()


def test_user_without_role_sees_nothing(world):  # type: ignore[no-untyped-def]
    nobody = build.user("nobody", None, agency_obj=world.agency_a)
    assert not Employee.objects.visible_to(nobody).exists()


def test_inactive_user_sees_nothing(world):  # type: ignore[no-untyped-def]
    admin = world.users["admin_a"]
    admin.is_active = False
    assert not Employee.objects.visible_to(admin).exists()


def test_superuser_sees_everything(world):  # type: ignore[no-untyped-def]
    root = build.user("root", None, is_superuser=True)
    assert Employee.objects.visible_to(root).count() == 4


def test_guard_refuses_unscoped_queries_inside_a_request(world):  # type: ignore[no-untyped-def]
    with scope_guard(True):
        with pytest.raises(UnscopedQueryError):
            Employee.objects.all()
        assert Employee.objects.visible_to(world.users["admin_a"]).count() == 3
        assert Employee.unscoped.count() == 4  # the explicit escape hatch for services


def test_guard_is_off_outside_requests(world):  # type: ignore[no-untyped-def]
    assert Employee.objects.count() == 4
