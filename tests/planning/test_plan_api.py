"""API of the five-year plan (issue 5): scenarios and the vacancy forecast."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from formasi.planning import fiveyear
from formasi.planning.models import Scenario
from formasi.planning.tables import next_october
from tests.personas import World
from tests.planning.builders import BASE_YEAR, add_plan_data, baseline

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def scenario(world: World) -> Scenario:
    add_plan_data(world)
    return baseline(world)


def test_list_and_detail(client_for: Any, scenario: Scenario) -> None:
    items = client_for("evaluator_a").get(f"{API}/plan/scenarios").json()["items"]
    assert [i["id"] for i in items] == [scenario.pk] and "result" not in items[0]
    assert client_for("admin_b").get(f"{API}/plan/scenarios").json()["items"] == []
    detail = client_for("leader_a").get(f"{API}/plan/scenarios/{scenario.pk}").json()
    assert detail["state"] == "done" and detail["cap_percent"] == "30.00"
    assert detail["result"]["years"] == scenario.result["years"]
    assert client_for("admin_b").get(f"{API}/plan/scenarios/{scenario.pk}").status_code == 404
    assert client_for("operator_dinkes_a").get(f"{API}/plan/scenarios").status_code == 403


def test_create_queues_and_computes(
    client_for: Any, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    body = {"name": "Batas 25 %", "base_year": BASE_YEAR, "cap_percent": "25"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin_a").post(
            f"{API}/plan/scenarios", body, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    created = Scenario.unscoped.get(pk=response.json()["id"])
    assert not created.is_baseline and created.state == "done"
    assert created.result["budget"]["cap"] == 0.25
    bad = client_for("admin_a").post(
        f"{API}/plan/scenarios", {**body, "cap_percent": "500"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "cap_percent" in bad.json()["errors"]
    denied = client_for("leader_a").post(
        f"{API}/plan/scenarios", body, content_type="application/json"
    )
    assert denied.status_code == 403


def test_vacancies(client_for: Any, world: World) -> None:
    add_plan_data(world)
    today = date.today()
    data = client_for("leader_a").get(f"{API}/plan/vacancies").json()
    assert data["on"] == next_october(today).isoformat() and data["agency"] == "62.71"
    report = fiveyear.vacancy_report([world.agency_a.pk], today=today, on=next_october(today))
    assert data["levels"][0]["newly_empty"] == report.levels[0].newly_empty == 1
    assert data["posts"][0]["leaving"][0]["reason"] == "retirement"
    assert client_for("leader_a").get(f"{API}/plan/vacancies?on=2000-01-01").status_code == 422
    assert client_for("admin_a").get(f"{API}/plan/vacancies?agency=63.72").status_code == 404


def test_another_scenario_becomes_the_baseline(client_for: Any, scenario: Scenario) -> None:
    other = Scenario.unscoped.create(agency=scenario.agency, name="Batas 25 %", base_year=2025)
    url = reverse("api:set_baseline_scenario", args=[other.pk])
    assert client_for("leader_a").post(url).status_code == 403
    assert client_for("admin_b").post(url).status_code == 404
    response = client_for("admin_a").post(url)
    assert response.status_code == 200 and response.json()["is_baseline"] is True
    baselines = Scenario.unscoped.filter(agency=scenario.agency, is_baseline=True)
    assert list(baselines.values_list("pk", flat=True)) == [other.pk]
