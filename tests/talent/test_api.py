"""The talent API per role: SKP results (list, record) and the 9-box counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from formasi.talent.models import SkpResult
from tests.talent.builders import YEAR, skp, talent_data

pytestmark = pytest.mark.django_db

URL = "api:list_skp_results"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", 3),
        ("operator_dinkes_a", 2),  # the OPD nurse and the puskesmas nurse under it
        ("operator_other_opd_a", 1),
        ("evaluator_a", 3),
        ("leader_a", 3),
        ("admin_b", 1),
    ],
)
def test_the_list_is_scoped(world: Any, client_for: Any, persona: str, expected: int) -> None:
    for person in (world.employee_dinkes, world.employee_puskesmas, world.employee_disdik,
                   world.employee_b):  # fmt: skip
        skp(person)
    assert client_for(persona).get(reverse(URL)).json()["count"] == expected


def test_the_list_filters_by_year_and_unit(world: Any, client_for: Any) -> None:
    skp(world.employee_dinkes, year=2024)
    skp(world.employee_dinkes)
    skp(world.employee_puskesmas)
    client = client_for("admin_a")
    assert client.get(reverse(URL), {"year": 2024}).json()["count"] == 1
    unit = client.get(reverse(URL), {"year": YEAR, "unit_id": world.puskesmas.pk}).json()
    assert [row["employee_id"] for row in unit["items"]] == [world.employee_puskesmas.pk]


def test_a_unit_outside_scope_is_not_found(world: Any, client_for: Any) -> None:
    response = client_for("admin_a").get(reverse(URL), {"unit_id": world.opd_b.pk})
    assert response.status_code == 404


def _post(client: Any, body: dict[str, Any]) -> Any:
    return client.post(reverse(URL), body, content_type="application/json")


def test_recording_creates_then_corrects(world: Any, client_for: Any) -> None:
    client = client_for("operator_dinkes_a")
    body = {"employee_id": world.employee_puskesmas.pk, "year": YEAR, "result": "below",
            "behaviour": "above"}  # fmt: skip
    first = _post(client, body)
    assert (first.status_code, first.json()["predicate"]) == (201, "butuh_perbaikan")
    second = _post(client, {**body, "result": "as_expected"})
    assert (second.status_code, second.json()["predicate"]) == (200, "baik")
    assert SkpResult.unscoped.count() == 1


def test_an_unknown_rating_is_422(world: Any, client_for: Any) -> None:
    body = {"employee_id": world.employee_dinkes.pk, "year": YEAR, "result": "great",
            "behaviour": "above"}  # fmt: skip
    response = _post(client_for("admin_a"), body)
    assert response.status_code == 422
    assert "result" in response.json()["errors"]


def test_another_agencys_employee_is_not_found(world: Any, client_for: Any) -> None:
    body = {"employee_id": world.employee_b.pk, "year": YEAR, "result": "above",
            "behaviour": "above"}  # fmt: skip
    assert _post(client_for("admin_a"), body).status_code == 404


@time_machine.travel(date(2026, 3, 1), tick=False)
def test_the_nine_box_counts(world: Any, client_for: Any) -> None:
    talent_data(world)
    body = client_for("leader_a").get(reverse("api:get_nine_box"), {"year": YEAR}).json()
    assert body["boxes"]["9"] == 2 and body["boxes"]["5"] == 1
    assert sum(body["boxes"].values()) == 3
    assert (body["pool"], body["staff"], body["without_skp"]) == (1, 3, 0)
    assert body["agency"] == world.agency_a.code


@time_machine.travel(date(2026, 3, 1), tick=False)
def test_the_nine_box_of_an_opd_and_a_family(world: Any, client_for: Any) -> None:
    talent_data(world)
    client = client_for("admin_a")
    url = reverse("api:get_nine_box")
    opd = client.get(url, {"year": YEAR, "opd_id": world.disdik.pk}).json()
    assert opd["boxes"]["5"] == 1 and sum(opd["boxes"].values()) == 1
    family = client.get(url, {"year": YEAR, "family": "kesehatan"}).json()
    assert family["boxes"]["9"] == 2 and sum(family["boxes"].values()) == 2


def test_the_nine_box_of_an_opd_of_another_agency_is_not_found(world: Any, client_for: Any) -> None:
    response = client_for("admin_a").get(reverse("api:get_nine_box"), {"opd_id": world.opd_b.pk})
    assert response.status_code == 404
