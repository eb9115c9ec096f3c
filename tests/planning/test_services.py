"""The writers of the five-year plan (issue 14): a scenario is created and made the baseline
by one function each, which the page and the API both call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from formasi.planning import services
from formasi.planning.models import Scenario
from tests.personas import World
from tests.planning.builders import BASE_YEAR, add_plan_data, baseline

pytestmark = pytest.mark.django_db
API = "/api/v1"

#: Fields that differ between two rows however they were made.
OWN_FIELDS = {"id", "created_at", "updated_at"}

ASSUMPTIONS = {
    "base_year": BASE_YEAR,
    "horizon": 4,
    "attrition_percent": "1.50",
    "renewal_percent": "0.50",
    "need_growth_percent": "2.00",
    "apbd_growth_percent": "3.00",
    "cap_percent": "25.00",
    "pppk_percent": "60.00",
    "max_hires_per_year": 40,
}
WEIGHTS = {
    "guru": 1.0,
    "kesehatan": 0.9,
    "ti": 0.8,
    "teknis": 0.7,
    "administrasi": 0.4,
    "other": 0.5,
}


def _fields(scenario: Scenario) -> dict[str, Any]:
    return {
        f.attname: getattr(scenario, f.attname)
        for f in Scenario._meta.concrete_fields
        if f.attname not in OWN_FIELDS
    }


@pytest.fixture
def with_baseline(world: World) -> Scenario:
    add_plan_data(world)
    return baseline(world, area_weights={"62.71.01": 0.7})


def test_the_page_and_the_api_create_identical_scenarios(
    client_for: Any, world: World, with_baseline: Scenario
) -> None:
    client = client_for("admin_a")
    form = {
        "name": "Sama",
        **{k: "" if v is None else str(v) for k, v in ASSUMPTIONS.items()},
        **{f"weight_{k}": str(v) for k, v in WEIGHTS.items()},
    }
    page = client.post(reverse("planning:scenario_create"), form)
    assert page.status_code == 302, page.content
    api = client.post(
        f"{API}/plan/scenarios",
        {"name": "Sama", **ASSUMPTIONS, "family_weights": WEIGHTS},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    from_page, from_api = Scenario.unscoped.filter(name="Sama").order_by("id")
    assert _fields(from_page) == _fields(from_api)
    assert from_api.area_weights == {"62.71.01": 0.7}  # the baseline's, as the page always did
    assert not from_api.is_baseline and from_api.state == Scenario.State.QUEUED


def test_the_first_scenario_of_an_agency_becomes_its_baseline(world: World) -> None:
    created = services.create_scenario(
        agency=world.agency_a,
        actor=world.users["admin_a"],
        assumptions={"name": "Pertama", "base_year": BASE_YEAR},
    )
    assert created.is_baseline and created.area_weights == {}
    assert created.created_by == world.users["admin_a"]


def test_given_area_weights_replace_the_baselines(world: World, with_baseline: Scenario) -> None:
    created = services.create_scenario(
        agency=world.agency_a,
        actor=world.users["admin_a"],
        assumptions={"name": "Lain", "base_year": BASE_YEAR},
        area_weights={"62.71.02": 0.2},
    )
    assert created.area_weights == {"62.71.02": 0.2} and not created.is_baseline


def test_create_scenario_refuses_a_role_that_may_not_and_bad_assumptions(
    world: World,
) -> None:
    with pytest.raises(PermissionDenied):
        services.create_scenario(
            agency=world.agency_a,
            actor=world.users["leader_a"],
            assumptions={"name": "X", "base_year": BASE_YEAR},
        )
    with pytest.raises(PermissionDenied):
        services.create_scenario(
            agency=world.agency_b,
            actor=world.users["admin_a"],
            assumptions={"name": "X", "base_year": BASE_YEAR},
        )
    with pytest.raises(ValidationError):
        services.create_scenario(
            agency=world.agency_a,
            actor=world.users["admin_a"],
            assumptions={"name": "X", "base_year": BASE_YEAR, "cap_percent": Decimal(500)},
        )
    assert not Scenario.unscoped.exists()


def test_set_baseline_leaves_exactly_one(world: World, with_baseline: Scenario) -> None:
    other = services.create_scenario(
        agency=world.agency_a,
        actor=world.users["admin_a"],
        assumptions={"name": "Lain", "base_year": BASE_YEAR},
    )
    services.set_baseline(scenario=other, actor=world.users["admin_a"])
    assert list(Scenario.unscoped.filter(is_baseline=True)) == [other]
    with pytest.raises(PermissionDenied):
        services.set_baseline(scenario=with_baseline, actor=world.users["leader_a"])
