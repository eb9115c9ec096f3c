"""Updates through the API need If-Match (issue 13, finding 7): without it 428, with an old
version 412; nothing is saved either way."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed
from tests.personas import World

pytestmark = pytest.mark.django_db
TASKS = {"tasks": [{"description": "Asuhan keperawatan", "volume": 1200, "norm_minutes": 30}]}


def test_patch_without_if_match_is_428_and_saves_nothing(world: World, client_for: Any) -> None:
    employee = world.employee_dinkes
    response = client_for("admin_a").patch(
        reverse("api:update_employee", args=[employee.pk]),
        {"golongan": "III/c"},
        content_type="application/json",
    )
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert Employee.unscoped.get(pk=employee.pk).golongan != "III/c"


def test_patch_with_a_wildcard_if_match_is_428(world: World, client_for: Any) -> None:
    response = client_for("admin_a").patch(
        reverse("api:update_employee", args=[world.employee_dinkes.pk]),
        {"golongan": "III/c"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 428


def _abk_url(world: World) -> str:
    return reverse("api:put_abk", args=[world.puskesmas.pk, world.nurse_position.pk])


def test_put_abk_without_if_match_is_428(world: World, client_for: Any) -> None:
    response = client_for("admin_a").put(_abk_url(world), TASKS, content_type="application/json")
    assert response.status_code == 428
    assert not PositionNeed.unscoped.exists()


def test_put_abk_takes_the_etag_of_get_and_refuses_a_stale_one(
    world: World, client_for: Any
) -> None:
    client = client_for("admin_a")
    read = client.get(_abk_url(world))
    assert read.status_code == 200 and read.json() == {"need": None, "tasks": []}
    first = client.put(
        _abk_url(world), TASKS, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
    )
    assert first.status_code == 200 and first["ETag"] != read["ETag"]
    again = client.get(_abk_url(world))
    assert again["ETag"] == first["ETag"] and len(again.json()["tasks"]) == 1
    stale = client.put(
        _abk_url(world),
        {"tasks": []},
        content_type="application/json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert stale.status_code == 412
    assert PositionNeed.unscoped.get().tasks.count() == 1
