"""The placement API per role: list, detail with lines, create."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.placement.models import PlacementLine, PlacementRun
from formasi.workforce.models import Employee
from tests.personas import World
from tests.placement.builders import YEAR, add_placement_data, add_surplus, computed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(world: World) -> PlacementRun:
    add_placement_data(world)
    return computed_run(world, name="Penempatan 2026")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin_a", 1), ("evaluator_a", 1), ("leader_a", 1), ("admin_b", 0)],
)
def test_list_runs_is_scoped(
    client_for: Any, run: PlacementRun, persona: str, expected: int
) -> None:
    body = client_for(persona).get(reverse("api:list_placement_runs")).json()
    assert body["count"] == expected


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "operator_other_opd_a"])
def test_operators_may_not_read_runs(client_for: Any, run: PlacementRun, persona: str) -> None:
    client = client_for(persona)
    assert client.get(reverse("api:list_placement_runs")).status_code == 403
    assert client.get(reverse("api:get_placement_run", args=[run.pk])).status_code == 403


def test_detail_has_lines_and_summary(client_for: Any, run: PlacementRun) -> None:
    body = client_for("leader_a").get(reverse("api:get_placement_run", args=[run.pk])).json()
    assert body["state"] == "done" and body["summary"]["status"] == "OPTIMAL"
    assert len(body["lines"]) == 3 and {ln["decision"] for ln in body["lines"]} == {"pending"}
    assert (
        client_for("admin_b").get(reverse("api:get_placement_run", args=[run.pk])).status_code
        == 404
    )
    assert (
        client_for("anonymous").get(reverse("api:get_placement_run", args=[run.pk])).status_code
        == 401
    )


def test_create_run(client_for: Any, world: World, django_capture_on_commit_callbacks: Any) -> None:
    add_placement_data(world)
    url = reverse("api:create_placement_run")
    body = {"kind": "new_hires", "year": YEAR, "areas": ["62.71.05"], "name": "API"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin_a").post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    run = PlacementRun.unscoped.get(pk=response.json()["id"])
    assert run.state == "done" and run.summary["lines"] == 3
    bad = client_for("admin_a").post(
        url, {"year": YEAR, "areas": ["99.99"]}, content_type="application/json"
    )
    assert bad.status_code == 422 and "areas" in bad.json()["errors"]
    leader = client_for("leader_a").post(url, body, content_type="application/json")
    assert leader.status_code == 403


def _post(client: Any, name: str, args: list[int], body: dict[str, Any]) -> Any:
    return client.post(reverse(name, args=args), body, content_type="application/json")


def test_deciding_one_line_and_the_rest(client_for: Any, run: PlacementRun) -> None:
    admin = client_for("admin_a")
    first, *rest = PlacementLine.unscoped.filter(run=run).order_by("pk")
    one = _post(admin, "api:decide_placement_line", [run.pk, first.pk], {"decision": "rejected"})
    assert one.status_code == 200 and one.json()["decision"] == "rejected"
    url = "api:decide_placement_lines"
    stale = _post(admin, url, [run.pk], {"decision": "accepted", "expected": len(rest) + 1})
    assert stale.status_code == 422  # one line was decided since that count was read
    assert PlacementLine.unscoped.filter(run=run, decision="accepted").count() == 0
    done = _post(admin, url, [run.pk], {"decision": "accepted", "expected": len(rest)})
    assert done.json() == {"changed": len(rest)}
    assert PlacementLine.unscoped.filter(run=run, decision="accepted").count() == len(rest)


def test_a_line_of_another_run_is_404(client_for: Any, world: World, run: PlacementRun) -> None:
    other = computed_run(world, name="Lain")
    line = PlacementLine.unscoped.filter(run=other).first()
    assert line is not None
    response = _post(
        client_for("admin_a"), "api:decide_placement_line", [run.pk, line.pk],
        {"decision": "accepted"},
    )  # fmt: skip
    assert response.status_code == 404


def test_applying_a_transfer_run_moves_the_accepted(client_for: Any, world: World) -> None:
    add_placement_data(world)
    add_surplus(world)
    run = computed_run(world, kind="transfers", name="Mutasi")
    admin = client_for("admin_a")
    line = PlacementLine.unscoped.filter(run=run).order_by("pk").first()
    assert line is not None
    _post(admin, "api:decide_placement_line", [run.pk, line.pk], {"decision": "accepted"})
    leader = _post(client_for("leader_a"), "api:apply_placement_run", [run.pk], {"expected": 1})
    assert leader.status_code == 403
    response = _post(admin, "api:apply_placement_run", [run.pk], {"expected": 1})
    assert response.status_code == 200 and response.json() == {"changed": 1}
    assert Employee.unscoped.get(pk=line.employee_id).unit_id == line.to_unit_id


def test_new_hires_are_not_applied(client_for: Any, run: PlacementRun) -> None:
    response = _post(client_for("admin_a"), "api:apply_placement_run", [run.pk], {"expected": 0})
    assert response.status_code == 422 and response.json()["detail"]


def test_the_applicant_pool_is_scoped(client_for: Any, world: World) -> None:
    add_placement_data(world)
    url = reverse("api:list_applicants")
    body = client_for("admin_a").get(url, {"year": YEAR}).json()
    numbers = [a["registration_number"] for a in body["items"]]
    assert body["count"] == len(numbers) > 0 and numbers == sorted(numbers)
    assert client_for("admin_a").get(url, {"year": YEAR - 5}).json()["count"] == 0
    assert client_for("admin_b").get(url).json()["count"] == 0
    other = client_for("admin_b").get(url, {"agency": world.agency_a.code})
    assert other.status_code == 404
    assert client_for("operator_dinkes_a").get(url).status_code == 403
