"""The training pages' lists through the API (issue 21): the competency gaps, the training hours
and the competency standards, each scoped and filtered like its page, paged in a stable order;
and the employee id of one employee's gaps bounded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from formasi.core.api import MAX_ID
from tests.training import builders as build
from tests.training.builders import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: Any) -> dict:
    """The nurse standard; the Dinas Kesehatan nurse at digital 1 and service 3 with 8 JP done;
    the puskesmas nurse with no records and a 16 JP plan line."""
    found = build.training_data(world)
    build.hours(world.employee_dinkes, 8)
    build.line(world.employee_puskesmas)
    return found


def _items(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content[:300]
    return response.json()["items"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a", "leader_a", "evaluator_a"])
def test_gaps_add_up_the_nurses_gaps(world: Any, client_for: Any, data: Any, persona: str) -> None:
    """Both nurses (Dinas Kesehatan and its puskesmas) are held to the nurse standard: digital
    3 (gaps 2 and 3), service 3 (gaps 0 and 3), nation 2 (gaps 2 and 2, never recorded)."""
    rows = _items(client_for(persona).get(reverse("api:list_competency_gaps"), {"year": YEAR}))
    found = [(r["code"], r["people"], r["short"], r["total"], r["largest"]) for r in rows]
    assert found == [
        (build.DIGITAL, 2, 2, 5, 3),
        ("SK-PB", 2, 2, 4, 2),
        ("MNJ-PP", 2, 1, 3, 3),
    ]
    assert rows[0]["competency_id"] == data["digital"].pk and rows[2]["kind"] == "managerial"


def test_gaps_are_those_of_the_page(world: Any, client_for: Any, data: Any) -> None:
    client = client_for("admin_a")
    query = {"agency": world.agency_a.code, "tahun": YEAR, "opd": world.dinkes.pk}
    page = client.get(reverse("training:gaps"), query).context["rows"]
    rows = _items(client.get(reverse("api:list_competency_gaps"), {"unit_id": world.dinkes.pk}))
    assert [(r["code"], r["short"], r["total"]) for r in rows] == [
        (p.gap.code, p.gap.short, p.gap.total) for p in page
    ]


def test_gaps_are_scoped_and_filtered(world: Any, client_for: Any, data: Any) -> None:
    url = reverse("api:list_competency_gaps")
    assert _items(client_for("operator_other_opd_a").get(url)) == []  # no nurse in their OPD
    b = _items(client_for("admin_b").get(url))
    assert [(r["code"], r["people"], r["short"]) for r in b] == [(build.DIGITAL, 1, 1)]
    admin = client_for("admin_a")
    assert _items(admin.get(url, {"family": "guru"})) == []
    assert _items(admin.get(url, {"district_id": 10**9})) == []
    only_puskesmas = _items(admin.get(url, {"unit_id": world.puskesmas.pk}))
    assert {r["people"] for r in only_puskesmas} == {1}
    assert admin.get(url, {"unit_id": world.opd_b.pk}).status_code == 404
    assert admin.get(url, {"agency": world.agency_b.code}).status_code == 404
    assert admin.get(url, {"unit_id": MAX_ID + 1}).status_code == 422
    assert client_for("anonymous").get(url).status_code == 401


def test_hours_per_person_against_the_right(world: Any, client_for: Any, data: Any) -> None:
    client = client_for("operator_dinkes_a")
    with override_settings(FORMASI_TRAINING_RIGHT_HOURS=20):
        rows = _items(client.get(reverse("api:list_training_hours"), {"year": YEAR}))
    by_person = {r["employee_id"]: r for r in rows}
    assert set(by_person) == {world.employee_dinkes.pk, world.employee_puskesmas.pk}
    nurse = by_person[world.employee_dinkes.pk]
    assert (nurse["done"], nurse["planned"], nurse["right"], nurse["below"]) == (8, 0, 20, True)
    assert nurse["missing_after_plan"] == 12 and nurse["unit_id"] == world.dinkes.pk
    other = by_person[world.employee_puskesmas.pk]
    assert (other["done"], other["planned"], other["missing_after_plan"]) == (0, 16, 4)
    assert rows[0]["employee_id"] == world.employee_puskesmas.pk  # fewest done first


def test_hours_are_those_of_the_page(world: Any, client_for: Any, data: Any) -> None:
    client = client_for("admin_a")
    page = client.get(reverse("training:hours"), {"tahun": YEAR}).context
    url = reverse("api:list_training_hours")
    everyone = client.get(url, {"year": YEAR, "limit": 100}).json()
    assert everyone["count"] == page["staff"]
    below = client.get(url, {"year": YEAR, "below": True, "limit": 100}).json()
    assert below["count"] == page["below_count"]
    assert [r["employee_id"] for r in below["items"]] == [r.employee.pk for r in page["below"]]


def test_hours_pages_are_stable(world: Any, client_for: Any, data: Any) -> None:
    client = client_for("admin_a")
    url = reverse("api:list_training_hours")
    whole = [r["employee_id"] for r in client.get(url, {"limit": 100}).json()["items"]]
    paged = [
        r["employee_id"]
        for offset in range(len(whole))
        for r in client.get(url, {"limit": 1, "offset": offset}).json()["items"]
    ]
    assert len(whole) >= 3 and paged == whole
    assert client.get(url, {"year": 1999}).status_code == 422
    assert client_for("operator_other_opd_a").get(url).json()["count"] < len(whole)


def test_standards_by_position_then_kind(world: Any, client_for: Any, data: Any) -> None:
    url = reverse("api:list_competency_standards")
    rows = _items(client_for("leader_a").get(url))
    nurse = world.nurse_position
    assert [(r["position_id"], r["code"], r["level"]) for r in rows] == [
        (nurse.pk, "MNJ-PP", 3),  # managerial, socio_cultural, technical
        (nurse.pk, "SK-PB", 2),
        (nurse.pk, build.DIGITAL, 3),
    ]
    assert rows[0]["position"] == nurse.name and rows[0]["name"] == "Pelayanan publik"
    page = client_for("leader_a").get(reverse("training:standards")).context["rows"]
    assert [r["id"] for r in rows] == [s.pk for s in page]
    b = _items(client_for("admin_b").get(url))
    assert [r["code"] for r in b] == [build.DIGITAL] and b[0]["id"] not in {r["id"] for r in rows}


def test_standards_filter_and_errors(world: Any, client_for: Any, data: Any) -> None:
    url = reverse("api:list_competency_standards")
    client = client_for("admin_a")
    assert client.get(url, {"position_id": world.nurse_position.pk}).json()["count"] == 3
    assert client.get(url, {"position_id": world.employee_disdik.position_id}).json()["count"] == 0
    assert client.get(url, {"position_id": 0}).status_code == 422
    assert client.get(url, {"agency": "X" * 21}).status_code == 422
    assert client.get(url, {"agency": world.agency_b.code}).status_code == 404
    assert client_for("anonymous").get(url).status_code == 401


def test_employee_gaps_id_is_bounded(world: Any, client_for: Any, data: Any) -> None:
    client = client_for("admin_a")
    for bad in (0, MAX_ID + 1):
        response = client.get(reverse("api:get_employee_gaps", args=[bad]))
        assert response.status_code == 422 and "employee_id" in response.json()["errors"]
    assert client.get(reverse("api:get_employee_gaps", args=[MAX_ID])).status_code == 404
