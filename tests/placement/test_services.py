"""Building the request from the database, computing a run, deciding and applying lines."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from formasi.core.models import AuditEvent
from formasi.placement import services
from formasi.placement.models import PlacementLine, PlacementRun
from formasi.workforce.models import Employee
from tests.personas import World
from tests.placement.builders import YEAR, add_placement_data, add_surplus, computed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    return add_placement_data(world)


def test_cells_are_the_open_posts_with_district_priority(world: World, people: Any) -> None:
    run = PlacementRun(agency=world.agency_a, kind="new_hires", year=YEAR, name="x")
    built = services.build_request(run)
    cells = {(c.unit, c.position): c for c in built.request.cells}
    nurse = cells[str(world.puskesmas.pk), str(world.nurse_position.pk)]
    assert (nurse.need, nurse.bezetting, nurse.open) == (3, 1, 2)
    assert nurse.village == "62.71.05.1001" and nurse.district == "62.71.05"
    assert nurse.location == (-1.80, 113.86)
    # Rakumpit: need 6, staff 2, short 4 -> priority 1 + 4/6.
    assert nurse.priority == pytest.approx(1.667, abs=1e-3)
    # The Dinas Kesehatan's nurse cell is full: not a cell of a new-hire run.
    assert (str(world.dinkes.pk), str(world.nurse_position.pk)) not in cells
    homes = {p.id: p for p in built.request.people}
    local = homes[f"a{people['nurse_local'].pk}"]
    assert (local.home_village, local.home_district) == ("62.71.05.1001", "62.71.05")
    centre = homes[f"a{people['nurse_centre'].pk}"]
    assert (centre.home_village, centre.home_district) == (None, "62.71.01")
    assert homes[f"a{people['nurse_outside'].pk}"].home_district is None


def test_areas_limit_the_cells(world: World, people: Any) -> None:
    run = PlacementRun(agency=world.agency_a, kind="new_hires", year=YEAR, areas=["62.71.01"])
    assert services.build_request(run).request.cells == ()


def test_new_hires_fill_open_posts_home_first(world: World, people: Any) -> None:
    run = computed_run(world)
    assert run.state == "done" and run.summary["status"] == "OPTIMAL"
    lines = {ln.applicant_id: ln for ln in PlacementLine.unscoped.filter(run=run)}
    assert len(lines) == 3  # two nurses for two posts, the one teacher for two posts
    assert lines[people["nurse_local"].pk].reason == "home_village"
    assert lines[people["teacher"].pk].reason == "home_district"
    assert lines[people["teacher"].pk].district.code == "62.71.05"
    assert run.summary["objective"]["key"] >= run.summary["greedy"]["key"]
    # The cell capacity holds: two nurses for two open posts, the third is not placed.
    assert sum(1 for ln in lines.values() if ln.position_id == world.nurse_position.pk) == 2
    assert [p["reason"] for p in run.summary["unplaced"]] == ["posts_taken"]
    assert run.summary["unfilled"][0]["count"] == 1  # one teacher post
    rakumpit = next(a for a in run.summary["areas"] if a["code"] == "62.71.05")
    assert (rakumpit["before"], rakumpit["after"], rakumpit["need"]) == (2, 5, 6)
    assert AuditEvent.objects.filter(action="formasi.placement.computed").exists()


def test_accepted_new_hires_are_not_placed_again(world: World, people: Any) -> None:
    run = computed_run(world)
    admin = world.users["admin_a"]
    assert services.decide(run=run, decision="accepted", actor=admin) == 3
    again = computed_run(world, name="Lagi")
    assert again.summary["people"] == 1  # only the nurse not placed
    # The promised posts count as filled: nothing is left for the third nurse.
    assert again.summary["lines"] == 0
    assert again.summary["unplaced"][0]["reason"] == "no_open_post"


def test_transfers_never_leave_a_cell_below_its_need(world: World, people: Any) -> None:
    add_surplus(world)
    run = computed_run(world, kind="transfers")
    lines = list(PlacementLine.unscoped.filter(run=run))
    assert len(lines) == 2 and {ln.from_unit_id for ln in lines} == {world.dinkes.pk}
    assert all(ln.to_unit_id == world.puskesmas.pk for ln in lines)
    # Dinas Kesehatan: 3 nurses, need 1 -> at most two leave.
    assert run.summary["people"] == 3


def test_keep_list_and_move_cap(world: World, people: Any) -> None:
    extra = add_surplus(world)
    kept = computed_run(world, kind="transfers", keep=[extra[0].nip], name="keep")
    moved = {ln.employee_id for ln in PlacementLine.unscoped.filter(run=kept)}
    assert extra[0].pk not in moved and len(moved) == 2
    capped = computed_run(world, kind="transfers", max_moves_per_unit=1, name="cap")
    assert PlacementLine.unscoped.filter(run=capped).count() == 1


def test_apply_accepted_moves_employees_with_history(world: World, people: Any) -> None:
    add_surplus(world)
    run = computed_run(world, kind="transfers", name="Mutasi 2026")
    admin = world.users["admin_a"]
    lines = list(PlacementLine.unscoped.filter(run=run).order_by("pk"))
    services.decide(run=run, decision="accepted", actor=admin, line_ids=[lines[0].pk])
    services.decide(run=run, decision="rejected", actor=admin, line_ids=[lines[1].pk])
    assert services.apply_accepted(run=run, actor=admin) == 1
    moved = Employee.unscoped.get(pk=lines[0].employee_id)
    assert moved.unit_id == world.puskesmas.pk
    record = moved.history.latest()
    assert record.history_change_reason == "Penempatan: Mutasi 2026"
    assert record.history_user == admin
    assert Employee.unscoped.get(pk=lines[1].employee_id).unit_id == world.dinkes.pk
    assert AuditEvent.objects.filter(action="formasi.placement.applied").exists()
    with pytest.raises(ValidationError):  # applied runs are final
        services.decide(run=run, decision="accepted", actor=admin)
    line = PlacementLine.unscoped.get(pk=lines[0].pk)
    assert line.history.latest().history_user == admin


def test_stale_lines_are_refused_and_nothing_moves(world: World, people: Any) -> None:
    extra = add_surplus(world)
    run = computed_run(world, kind="transfers")
    admin = world.users["admin_a"]
    services.decide(run=run, decision="accepted", actor=admin)
    Employee.unscoped.filter(pk=extra[1].pk).update(unit=world.disdik)
    with pytest.raises(services.StaleLinesError) as exc:
        services.apply_accepted(run=run, actor=admin)
    assert "Fajar Nugroho" in exc.value.messages[0]
    assert Employee.unscoped.get(pk=extra[0].pk).unit_id == world.dinkes.pk
    assert PlacementRun.unscoped.get(pk=run.pk).applied_at is None


def test_new_hire_runs_are_not_applied(world: World, people: Any) -> None:
    run = computed_run(world)
    admin = world.users["admin_a"]
    services.decide(run=run, decision="accepted", actor=admin)
    with pytest.raises(ValidationError):
        services.apply_accepted(run=run, actor=admin)


def test_only_the_admin_decides(world: World, people: Any) -> None:
    run = computed_run(world)
    with pytest.raises(PermissionDenied):
        services.decide(run=run, decision="accepted", actor=world.users["leader_a"])


def test_an_infeasible_request_fails_with_its_problems(
    world: World, people: Any, monkeypatch: Any
) -> None:
    from formasi.domain import placement as domain

    real = domain.place

    def broken(request: Any) -> Any:
        return real(domain.Request(people=list(request.people) * 2, cells=request.cells))

    monkeypatch.setattr(domain, "place", broken)
    run = computed_run(world)
    assert run.state == "failed" and "lebih dari sekali" in run.error
    assert run.summary["status"] == "INFEASIBLE"


def test_validate_run_rejects_foreign_districts_and_bad_nips(world: World) -> None:
    run = PlacementRun(
        agency=world.agency_a, name="x", kind="transfers", year=YEAR,
        areas=["63.72.02"], keep=["123"],
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.validate_run(run)
    assert set(exc.value.message_dict) == {"areas", "keep"}
