"""Two operators editing the same employee: the second save is refused, nothing is lost."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from formasi.workforce.services import edit_version, save_employee


def edit_data(world, form, **changes):  # type: ignore[no-untyped-def]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["edit_version"] = form["edit_version"].value()
    data.update({"position": world.nurse_position.pk, "unit": world.dinkes.pk})
    data.update(changes)
    return data


def test_a_stale_form_is_refused_and_saves_nothing(world, client_for) -> None:  # type: ignore[no-untyped-def]
    employee = world.employee_dinkes
    url = reverse("workforce:employee_edit", args=[employee.pk])
    client = client_for("operator_dinkes_a")
    form = client.get(url).context["form"]
    # Meanwhile the admin saves a change.
    employee.golongan = "III/d"
    save_employee(employee=employee, actor=world.users["admin_a"])
    data = edit_data(world, form, golongan="III/a", birth_date=employee.birth_date.isoformat())
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    employee.refresh_from_db()
    assert employee.golongan == "III/d"


@pytest.mark.parametrize("version", [None, "", "abc"], ids=["removed", "blank", "garbled"])
def test_an_edit_without_its_version_is_refused_and_saves_nothing(
    world, client_for, version
) -> None:  # type: ignore[no-untyped-def]
    employee = world.employee_dinkes
    url = reverse("workforce:employee_edit", args=[employee.pk])
    client = client_for("operator_dinkes_a")
    form = client.get(url).context["form"]
    # Meanwhile the admin saves a change; this post carries no version to compare with.
    employee.golongan = "III/d"
    save_employee(employee=employee, actor=world.users["admin_a"])
    data = edit_data(world, form, golongan="III/a", birth_date=employee.birth_date.isoformat())
    if version is None:
        del data["edit_version"]
    else:
        data["edit_version"] = version
    with translation.override("id"):
        response = client.post(url, data)
    assert response.status_code == 200
    assert any("versi data pegawai" in e for e in response.context["form"].non_field_errors())
    employee.refresh_from_db()
    assert employee.golongan == "III/d"


def test_a_fresh_form_saves(world, client_for) -> None:  # type: ignore[no-untyped-def]
    employee = world.employee_dinkes
    url = reverse("workforce:employee_edit", args=[employee.pk])
    client = client_for("operator_dinkes_a")
    form = client.get(url).context["form"]
    data = edit_data(world, form, golongan="III/a", birth_date=employee.birth_date.isoformat())
    assert client.post(url, data).status_code == 302
    employee.refresh_from_db()
    assert employee.golongan == "III/a"


def test_api_if_match_guards_against_lost_updates(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    url = reverse("api:update_employee", args=[world.employee_dinkes.pk])
    etag = client.get(reverse("api:get_employee", args=[world.employee_dinkes.pk]))["ETag"]
    assert etag == f'"{edit_version(world.employee_dinkes)}"'
    first = client.patch(url, {"golongan": "III/b"}, "application/json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first["ETag"] != etag
    second = client.patch(url, {"golongan": "III/c"}, "application/json", HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    world.employee_dinkes.refresh_from_db()
    assert world.employee_dinkes.golongan == "III/b"
