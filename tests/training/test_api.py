"""The training API per role: the plan's lines (scoped and filtered), one employee's gaps, and
recording a competency level."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.training.models import CompetencyRecord
from tests.training import builders as build
from tests.training.builders import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: Any) -> dict:
    found = build.training_data(world)
    build.line(world.employee_dinkes, found["digital"])
    build.line(world.employee_puskesmas)
    build.line(world.employee_disdik)
    build.line(world.employee_b)
    return found


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin_a", 3), ("operator_dinkes_a", 2), ("operator_other_opd_a", 1), ("evaluator_a", 3),
     ("leader_a", 3), ("admin_b", 1)],
)  # fmt: skip
def test_plan_lines_are_scoped(world: Any, client_for: Any, data: Any, persona: str,
                               expected: int) -> None:  # fmt: skip
    response = client_for(persona).get(reverse("api:list_plan_lines"), {"year": YEAR})
    assert response.status_code == 200
    assert response.json()["count"] == expected


def test_plan_lines_filter_by_district_family_and_unit(world: Any, client_for: Any,
                                                        data: Any) -> None:  # fmt: skip
    client = client_for("admin_a")
    url = reverse("api:list_plan_lines")
    rakumpit = client.get(url, {"year": YEAR, "district_id": world.district_a2.pk}).json()
    # The puskesmas and the school stand in Rakumpit.
    assert {r["employee_id"] for r in rakumpit["items"]} == {
        world.employee_puskesmas.pk,
        world.employee_disdik.pk,
    }
    guru = client.get(url, {"year": YEAR, "family": "guru"}).json()
    assert [r["employee_id"] for r in guru["items"]] == [world.employee_disdik.pk]
    unit = client.get(url, {"year": YEAR, "unit_id": world.puskesmas.pk}).json()
    assert [r["employee_id"] for r in unit["items"]] == [world.employee_puskesmas.pk]
    assert client.get(url, {"year": YEAR, "unit_id": world.opd_b.pk}).status_code == 404
    assert client.get(url, {"year": YEAR - 1}).json()["count"] == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("operator_dinkes_a", 200), ("operator_other_opd_a", 404),
     ("evaluator_a", 200), ("leader_a", 200), ("admin_b", 404), ("anonymous", 401)],
)  # fmt: skip
def test_gaps_per_role(world: Any, client_for: Any, data: Any, persona: str, status: int) -> None:
    url = reverse("api:get_employee_gaps", args=[world.employee_dinkes.pk])
    response = client_for(persona).get(url)
    assert response.status_code == status
    if status == 200:
        gaps = {row["code"]: (row["required"], row["actual"], row["gap"]) for row in
                response.json()}  # fmt: skip
        assert gaps == {build.DIGITAL: (3, 1, 2), "MNJ-PP": (3, 3, 0), "SK-PB": (2, None, 2)}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 201), ("operator_dinkes_a", 201), ("operator_other_opd_a", 404),
     ("evaluator_a", 403), ("leader_a", 403), ("admin_b", 404), ("anonymous", 401)],
)  # fmt: skip
def test_record_per_role(world: Any, client_for: Any, data: Any, persona: str, status: int) -> None:
    body = {"employee_id": world.employee_puskesmas.pk, "competency_id": data["digital"].pk,
            "level": 2, "assessed_on": "2026-04-01"}  # fmt: skip
    response = client_for(persona).post(
        reverse("api:record_competency"), body, content_type="application/json"
    )
    assert response.status_code == status
    saved = CompetencyRecord.unscoped.filter(employee=world.employee_puskesmas).count()
    assert saved == (1 if status == 201 else 0)


def test_record_then_correct_and_bad_level(world: Any, client_for: Any, data: Any) -> None:
    client = client_for("operator_dinkes_a")
    url = reverse("api:record_competency")
    body = {"employee_id": world.employee_dinkes.pk, "competency_id": data["digital"].pk,
            "level": 3, "assessed_on": "2026-04-01"}  # fmt: skip
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["level"] == 3
    bad = client.post(url, {**body, "level": 6}, content_type="application/json")
    assert bad.status_code == 422
    other = build.competency(world.agency_b, "X-1", "Lain")
    foreign = client.post(url, {**body, "competency_id": other.pk},
                          content_type="application/json")  # fmt: skip
    assert foreign.status_code == 404


def test_an_unknown_district_lists_nothing(world: Any, client_for: Any, data: Any) -> None:
    """Found by schemathesis: a district id that is no region answered 500."""
    response = client_for("admin_a").get(
        reverse("api:list_plan_lines"), {"year": YEAR, "district_id": 10**9}
    )
    assert response.status_code == 200 and response.json()["count"] == 0


def test_development_hours_are_recorded_in_scope(world: Any, client_for: Any) -> None:
    from formasi.training.models import DevelopmentRecord

    url = reverse("api:record_development_hours")
    body = {"employee_id": world.employee_disdik.pk, "year": YEAR, "title": "Diklat daring",
            "hours": 12}  # fmt: skip
    done = client_for("operator_other_opd_a").post(url, body, content_type="application/json")
    assert done.status_code == 201 and done.json()["hours"] == 12
    assert (
        client_for("operator_dinkes_a").post(url, body, content_type="application/json").status_code
        == 404
    )
    assert (
        client_for("leader_a").post(url, body, content_type="application/json").status_code == 403
    )
    zero = client_for("admin_a").post(url, body | {"hours": 0}, content_type="application/json")
    assert zero.status_code == 422 and "hours" in zero.json()["errors"]
    assert DevelopmentRecord.unscoped.filter(employee=world.employee_disdik).count() == 1


def test_generating_the_plan_twice_adds_only_what_is_new(world: Any, client_for: Any) -> None:
    build.training_data(world)
    url = reverse("api:generate_training_plan")
    client = client_for("admin_a")
    first = client.post(url, {"year": YEAR}, content_type="application/json").json()
    assert first["from_gaps"] > 0 and first["kept"] == 0
    again = client.post(url, {"year": YEAR}, content_type="application/json").json()
    assert again == {"from_gaps": 0, "from_boxes": 0, "kept": first["from_gaps"]}
    refused = client_for("evaluator_a").post(url, {"year": YEAR}, content_type="application/json")
    assert refused.status_code == 403
