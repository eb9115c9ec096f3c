"""A scenario's numbers are checked once, in the model, for the page and the API alike; a
computation that fails shows a generic message, never the exception (issue 13, finding 5)."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from formasi.planning import fiveyear
from formasi.planning.models import Scenario
from tests.personas import World
from tests.planning.builders import BASE_YEAR, add_plan_data, baseline, scenario_form

pytestmark = pytest.mark.django_db
API = "/api/v1/plan/scenarios"


@pytest.fixture
def scenario(world: World) -> Scenario:
    add_plan_data(world)
    return baseline(world)


@pytest.mark.parametrize("year", [0, 387, 1999, 2101, 3593])
def test_api_refuses_a_base_year_out_of_range(
    client_for: Any, scenario: Scenario, year: int, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API, {"name": "Salah tahun", "base_year": year}, content_type="application/json"
        )
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == ["base_year"]
    assert not Scenario.unscoped.filter(name="Salah tahun").exists()


@pytest.mark.parametrize("year", [387, 3593])
def test_page_refuses_a_base_year_out_of_range(
    client_for: Any, scenario: Scenario, year: int
) -> None:
    response = client_for("admin_a").post(
        reverse("planning:scenario_create"),
        scenario_form(base_year=str(year)),
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["base_year"]
    assert not Scenario.unscoped.filter(name="Batas 25 %").exists()


@pytest.mark.parametrize(
    "weights",
    [{"guru": 5}, {"guru": -1}, {"guru": "tinggi"}, {"": 0.5}],
)
def test_api_refuses_priorities_out_of_range(
    client_for: Any, scenario: Scenario, weights: dict[str, Any]
) -> None:
    for field in ("family_weights", "area_weights"):
        response = client_for("admin_a").post(
            API,
            {"name": "Bobot", "base_year": BASE_YEAR, field: weights},
            content_type="application/json",
        )
        assert response.status_code == 422, (field, weights, response.content)
    assert not Scenario.unscoped.filter(name="Bobot").exists()


def test_a_failed_computation_shows_no_internal_error(
    client_for: Any, scenario: Scenario, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    internal = "(34, 'Numerical result out of range')"
    with (
        mock.patch.object(fiveyear, "run", side_effect=OverflowError(internal)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for("admin_a").post(
            API, {"name": "Gagal", "base_year": BASE_YEAR}, content_type="application/json"
        )
    assert response.status_code == 201
    failed = Scenario.unscoped.get(name="Gagal")
    assert failed.state == "failed" and failed.error
    assert internal not in failed.error
    assert internal in caplog.text  # logged for the administrator
    detail = client_for("admin_a").get(f"{API}/{failed.pk}").json()
    assert internal not in str(detail)
    page = client_for("admin_a").get(reverse("planning:plan"), {"skenario": failed.pk})
    assert 'data-testid="scenario-error"' in page.content.decode()
    assert "Numerical result" not in page.content.decode()
