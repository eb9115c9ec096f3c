"""The talent API's reads of the employee page and the pool page, per role: one employee's
SKP, assessment and 9-box box of a year, and the succession pool a page at a time. Each is
checked against what the page shows for the same person (statuses per persona are in
tests/core/test_permission_matrix.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests import builders as build
from tests.talent.builders import YEAR, assessment, skp, talent_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)  # the puskesmas nurse's sanction (from 1 January 2026) is running


def _employee(client: Any, person: Any, year: int = YEAR) -> Any:
    return client.get(reverse("api:get_employee_talent", args=[person.pk, year]))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("operator_dinkes_a", 200), ("operator_other_opd_a", 404),
     ("evaluator_a", 200), ("leader_a", 200), ("admin_b", 404)],
)  # fmt: skip
def test_the_employee_is_read_in_the_pages_scope(world, client_for, persona, status) -> None:  # type: ignore[no-untyped-def]
    client = client_for(persona)
    page = client.get(reverse("talent:employee", args=[world.employee_dinkes.pk, YEAR]))
    response = _employee(client, world.employee_dinkes)
    assert response.status_code == page.status_code == status
    if status == 404:
        assert set(response.json()) == {"detail"}


def test_the_employee_carries_the_pages_figures(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent_data(world)
    skp(world.employee_dinkes, year=YEAR - 1, result="as_expected", behaviour="below")
    client = client_for("operator_dinkes_a")
    body = _employee(client, world.employee_dinkes).json()
    page = client.get(reverse("talent:employee", args=[world.employee_dinkes.pk, YEAR]))
    # above/above is "sangat baik", high potential: the top right box (PermenPAN-RB 3/2020).
    assert body["skp"]["predicate"] == page.context["skp"].predicate == "sangat_baik"
    assert body["assessment"]["potential"] == page.context["assessment"].potential == "high"
    assert body["box"] == page.context["box"] == 9
    assert body["history"] == [
        {"year": YEAR, "predicate": "sangat_baik"},
        {"year": YEAR - 1, "predicate": "kurang"},  # PermenPAN-RB 6/2022,
    ]
    assert body["may_change"] is True
    assert _employee(client_for("evaluator_a"), world.employee_dinkes).json()["may_change"] is False


def test_the_box_uses_the_latest_assessment_up_to_the_year(world, client_for) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_disdik, result="as_expected", behaviour="as_expected")
    assessment(world.employee_disdik, year=YEAR - 1, potential="medium", score="70")
    body = _employee(client_for("admin_a"), world.employee_disdik).json()
    # "baik" with medium potential is the centre box; the year has no assessment of its own.
    assert (body["box"], body["assessment"]) == (5, None)


def test_a_year_without_data_answers_nulls(world, client_for) -> None:  # type: ignore[no-untyped-def]
    body = _employee(client_for("admin_a"), world.employee_dinkes).json()
    assert (body["skp"], body["assessment"], body["box"], body["history"]) == (None, None, None, [])


@time_machine.travel(TODAY, tick=False)
def test_years_outside_the_pages_range(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    assert _employee(client, world.employee_dinkes, TODAY.year + 1).status_code == 404  # the page's
    assert _employee(client, world.employee_dinkes, 1999).status_code == 422  # before FIRST_YEAR
    assert _employee(client, world.employee_dinkes, 2101).status_code == 422  # unbounded
    response = client.get(f"/api/v1/talent/employees/{2**31}/years/{YEAR}")
    assert response.status_code == 422 and "detail" in response.json()


def test_anonymous_is_401(world, client) -> None:  # type: ignore[no-untyped-def]
    assert _employee(client, world.employee_dinkes).status_code == 401
    assert client.get(reverse("api:list_talent_pool")).status_code == 401


def _pool(client: Any, **query: Any) -> Any:
    return client.get(reverse("api:list_talent_pool"), {"year": YEAR, **query})


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("persona", "members", "barred"),
    [
        ("admin_a", ["Siti Rahmawati"], ["Yohanes Ahang"]),
        ("operator_dinkes_a", ["Siti Rahmawati"], ["Yohanes Ahang"]),
        ("operator_other_opd_a", [], []),  # the teacher is in box 5
        ("evaluator_a", ["Siti Rahmawati"], ["Yohanes Ahang"]),
        ("leader_a", ["Siti Rahmawati"], ["Yohanes Ahang"]),
        ("admin_b", ["Ahmad Fauzi"], []),
    ],
)
def test_the_pool_per_role_as_the_page(world, client_for, persona, members, barred) -> None:  # type: ignore[no-untyped-def]
    talent_data(world)
    client = client_for(persona)
    body = _pool(client).json()
    page = client.get(reverse("talent:pool"), {"tahun": YEAR})
    names = [p["name"] for p in body["items"]]
    assert names == [p.employee.name for p in page.context["members"]] == members
    assert body["count"] == page.context["size"] == len(members)
    assert [p["name"] for p in body["barred"]] == [p.employee.name for p in page.context["barred"]]
    assert [p["name"] for p in body["barred"]] == barred
    assert all(p["box"] in (7, 8, 9) for p in body["items"])


@time_machine.travel(TODAY, tick=False)
def test_the_pool_pages_by_name_then_id(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent_data(world)
    for name in ("Zainal", "Agus", "Agus"):
        person = build.employee(world.dinkes, world.nurse_position, name)
        skp(person)
        assessment(person)
    client = client_for("admin_a")
    everyone = _pool(client, limit=10).json()
    assert everyone["count"] == 4
    ids = [p["employee_id"] for p in everyone["items"]]
    assert [p["name"] for p in everyone["items"]] == ["Agus", "Agus", "Siti Rahmawati", "Zainal"]
    assert ids[0] < ids[1]  # equal names: by id
    pages = [_pool(client, limit=2, offset=o).json()["items"] for o in (0, 2)]
    assert [p["employee_id"] for page in pages for p in page] == ids
    sizes = {(s["family"], s["kind"]): s["count"] for s in everyone["sizes"]}
    assert sum(sizes.values()) == 4


@pytest.mark.parametrize(
    "query",
    [{"limit": 0}, {"limit": 100_000}, {"offset": -1}, {"year": 1999}, {"family": "x" * 21},
     {"opd_id": 0}],
)  # fmt: skip
def test_the_pools_bounds(world, client_for, query) -> None:  # type: ignore[no-untyped-def]
    response = _pool(client_for("admin_a"), **query)
    assert response.status_code == 422 and response.json()["detail"]


def test_another_agencys_opd_is_not_found(world, client_for) -> None:  # type: ignore[no-untyped-def]
    assert _pool(client_for("admin_a"), opd_id=world.opd_b.pk).status_code == 404
    assert _pool(client_for("admin_a"), agency="63.72").status_code == 404
