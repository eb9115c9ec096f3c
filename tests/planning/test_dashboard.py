"""Plans over the cap in the dashboard's "needs attention" (registered by planning)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.planning.dashboard import worst_year
from formasi.planning.models import Scenario
from tests.personas import World

pytestmark = pytest.mark.django_db


def _scenario(world: World, name: str, ratios: list[float], cap: float, **extra: Any) -> Scenario:
    rows = [
        {"year": 2026 + i, "ratio_with_plan": r, "ratio_without_plan": r}
        for i, r in enumerate(ratios)
    ]
    return Scenario.unscoped.create(
        agency=extra.pop("agency", world.agency_a),
        name=name,
        base_year=2025,
        state=extra.pop("state", Scenario.State.DONE),
        result={"budget": {"cap": cap, "rows": rows}},
    )


def _group(client: Any) -> Any:
    groups = client.get(reverse("workforce:dashboard")).context["attention"]
    return next((g for g in groups if g.key == "plans_over_cap"), None)


def test_worst_year_is_the_highest_ratio_above_the_cap() -> None:
    rows = [
        {"year": 2026, "ratio_with_plan": 0.31},
        {"year": 2027, "ratio_with_plan": 0.33},
        {"year": 2028, "ratio_with_plan": None},
    ]
    assert worst_year(rows, 0.30) == (2027, 0.33)
    assert worst_year(rows, 0.33) is None
    assert worst_year([], 0.3) is None


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_scenarios_over_their_cap_are_listed_with_a_link(
    world: World, client_for: Any, persona: str
) -> None:
    over = _scenario(world, "Batas 25 %", [0.2869, 0.2599, 0.24], cap=0.25)
    _scenario(world, "Aman", [0.20, 0.21], cap=0.30)
    _scenario(world, "Belum dihitung", [0.9], cap=0.30, state=Scenario.State.QUEUED)
    _scenario(world, "Kota lain", [0.9], cap=0.30, agency=world.agency_b)
    group = _group(client_for(persona))
    assert [item.label for item in group.items] == ["Batas 25 %"]
    assert group.items[0].url == reverse("planning:plan") + f"?skenario={over.pk}"
    assert "2026" in group.items[0].figure


def test_no_plan_over_the_cap_says_so(world: World, client_for: Any) -> None:
    _scenario(world, "Aman", [0.20], cap=0.30)
    group = _group(client_for("admin_a"))
    assert group.items == [] and group.empty


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "operator_other_opd_a"])
def test_roles_without_the_plan_do_not_get_the_group(
    world: World, client_for: Any, persona: str
) -> None:
    _scenario(world, "Batas 25 %", [0.29], cap=0.25)
    assert _group(client_for(persona)) is None
