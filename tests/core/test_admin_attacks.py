"""Issue 13, finding 1: the attacks on the Django admin, replayed. Each failed on the code before
the fix (history detail pages answered and saved for rows of other OPDs; the employee history
detail page crashed with UnscopedQueryError; the services saved moves across scope)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from formasi.organization.models import OrgUnit, Position
from formasi.organization.services import save_unit
from formasi.workforce.models import Employee
from formasi.workforce.services import save_employee
from formasi.workload.models import PositionNeed
from tests import builders as build


def _need(unit: Any, position: Any) -> PositionNeed:
    need = PositionNeed.unscoped.create(
        agency=unit.agency, unit=unit, position=position, source="entered", count=3
    )
    return need


def _history_url(obj: Any) -> str:
    opts = obj._meta
    record = obj.history.order_by("-history_id").first()
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.pk]
    )


def _unit_form(unit: OrgUnit, **changes: Any) -> dict[str, Any]:
    data = {
        "agency": unit.agency_id,
        "parent": unit.parent_id or "",
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "region": unit.region_id,
        "attributes": "{}",
        "active": "on",
    }
    return {**data, **changes}


def test_operator_cannot_open_another_opds_unit_history_detail(world, client_for):  # type: ignore[no-untyped-def]
    response = client_for("operator_dinkes_a").get(_history_url(world.disdik))
    assert response.status_code == 404


def test_operator_cannot_rename_and_move_another_opds_unit_through_its_history(  # type: ignore[no-untyped-def]
    world, client_for
):
    before = OrgUnit.unscoped.values().get(pk=world.disdik.pk)
    response = client_for("operator_dinkes_a").post(
        _history_url(world.disdik),
        _unit_form(world.disdik, name="Dinas Pendidikan (diretas)", parent=world.dinkes.pk),
    )
    assert response.status_code == 404
    assert OrgUnit.unscoped.values().get(pk=world.disdik.pk) == before
    # The operator's scope did not widen: the teacher stays out of reach.
    employees = Employee.unscoped.visible_to(world.users["operator_dinkes_a"], "view")
    assert not employees.filter(pk=world.employee_disdik.pk).exists()


def test_nobody_reverts_a_unit_through_its_history_page(world, client_for):  # type: ignore[no-untyped-def]
    """Reverting skips the services (SIMPLE_HISTORY_REVERT_DISABLED): even the agency's
    admin, who may change the unit, gets 403 and the unit stays as it was."""
    before = OrgUnit.unscoped.values().get(pk=world.disdik.pk)
    response = client_for("admin_a").post(
        _history_url(world.disdik), _unit_form(world.disdik, name="Dinas Pendidikan Baru")
    )
    assert response.status_code == 403
    assert OrgUnit.unscoped.values().get(pk=world.disdik.pk) == before


def test_operator_cannot_move_another_opds_need_into_their_opd(world, client_for):  # type: ignore[no-untyped-def]
    need = _need(world.school, world.teacher_position)
    client = client_for("operator_dinkes_a")
    assert client.get(_history_url(need)).status_code == 404
    response = client.post(
        _history_url(need),
        {
            "unit": world.puskesmas.pk,
            "position": world.teacher_position.pk,
            "source": "entered",
            "exact": "3",
            "count": "3",
            "basis": "",
        },
    )
    assert response.status_code == 404
    need.refresh_from_db()
    assert need.unit_id == world.school.pk


def test_operator_cannot_rename_an_agency_wide_position_they_may_only_read(  # type: ignore[no-untyped-def]
    world, client_for
):
    position = world.nurse_position
    client = client_for("operator_dinkes_a")
    assert client.get(_history_url(position)).status_code == 200  # they may read it
    response = client.post(
        _history_url(position),
        {
            "agency": position.agency_id,
            "code": position.code,
            "name": "Perawat (diretas)",
            "kind": position.kind,
            "jenjang": position.jenjang,
            "family": position.family,
            "active": "on",
        },
    )
    assert response.status_code == 403
    change = client.post(
        reverse("admin:organization_position_change", args=[position.pk]),
        {"name": "Perawat (diretas)"},
    )
    assert change.status_code == 403
    assert Position.unscoped.get(pk=position.pk).name == "Perawat Ahli Pertama"


@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a"])
def test_employee_history_detail_opens_for_who_may_see_the_employee(  # type: ignore[no-untyped-def]
    world, client_for, persona
):
    response = client_for(persona).get(_history_url(world.employee_dinkes))
    assert response.status_code == 200
    assert "Siti Rahmawati" in response.text


def test_employee_history_detail_is_404_outside_scope(world, client_for):  # type: ignore[no-untyped-def]
    response = client_for("operator_other_opd_a").get(_history_url(world.employee_dinkes))
    assert response.status_code == 404


# --------------------------------------------------------------------------- services


def test_save_unit_refuses_a_move_by_who_cannot_change_both_places(world) -> None:  # type: ignore[no-untyped-def]
    unit = OrgUnit.unscoped.get(pk=world.disdik.pk)
    unit.parent = world.dinkes
    with pytest.raises(PermissionDenied):
        save_unit(unit=unit, actor=world.users["operator_dinkes_a"])
    assert OrgUnit.unscoped.get(pk=world.disdik.pk).parent_id is None


def test_save_unit_refuses_a_parent_outside_the_actors_scope(world) -> None:  # type: ignore[no-untyped-def]
    """admin_b may change their own unit but not put it under agency A's Dinas Kesehatan."""
    unit = OrgUnit.unscoped.get(pk=world.opd_b.pk)
    unit.parent = world.dinkes
    with pytest.raises(PermissionDenied):
        save_unit(unit=unit, actor=world.users["admin_b"])
    assert OrgUnit.unscoped.get(pk=world.opd_b.pk).parent_id is None


def test_save_employee_refuses_taking_an_employee_from_another_opd(world) -> None:  # type: ignore[no-untyped-def]
    """The row ends inside the operator's subtree, but it started outside it."""
    employee = Employee.unscoped.get(pk=world.employee_disdik.pk)
    employee.unit = world.puskesmas
    with pytest.raises(PermissionDenied):
        save_employee(employee=employee, actor=world.users["operator_dinkes_a"])
    assert Employee.unscoped.get(pk=world.employee_disdik.pk).unit_id == world.school.pk


def test_save_need_refuses_moving_a_need_across_opds(world) -> None:  # type: ignore[no-untyped-def]
    from formasi.workload.services import save_need

    theirs = _need(world.school, world.teacher_position)
    theirs.unit = world.puskesmas
    with pytest.raises(PermissionDenied):
        save_need(need=theirs, actor=world.users["operator_dinkes_a"])
    ours = _need(world.puskesmas, world.nurse_position)
    ours.unit = world.school
    with pytest.raises(PermissionDenied):
        save_need(need=ours, actor=world.users["operator_dinkes_a"])
    rows = dict(PositionNeed.unscoped.values_list("pk", "unit_id"))
    assert rows == {theirs.pk: world.school.pk, ours.pk: world.puskesmas.pk}


# --------------------------------------------------------------------------- forms


def test_need_form_offers_only_units_the_operator_may_change(world, client_for):  # type: ignore[no-untyped-def]
    response = client_for("operator_dinkes_a").get(reverse("admin:workload_positionneed_add"))
    assert response.status_code == 200
    units = set(response.context["adminform"].form.fields["unit"].queryset)
    assert units == {world.dinkes, world.puskesmas}


def test_unit_form_offers_only_parents_the_admin_may_change(world, client_for):  # type: ignore[no-untyped-def]
    response = client_for("admin_b").get(
        reverse("admin:organization_orgunit_change", args=[world.opd_b.pk])
    )
    assert response.status_code == 200
    fields = response.context["adminform"].form.fields
    assert set(fields["parent"].queryset) == {world.opd_b}
    assert set(fields["agency"].queryset) == {world.agency_b}


def test_raw_id_box_does_not_name_another_agencys_position(world, client_for):  # type: ignore[no-untyped-def]
    theirs = build.position(world.agency_b, "Pranata Komputer Rahasia")
    url = reverse("admin:placement_applicant_add") + f"?position={theirs.pk}"
    response = client_for("admin_a").get(url)
    assert response.status_code == 200
    assert "Pranata Komputer Rahasia" not in response.text
