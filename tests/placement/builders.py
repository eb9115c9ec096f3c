"""A small placement world on top of the personas (agency A, Palangka Raya):

* needs: 3 nurses in the Rakumpit puskesmas (1 there: 2 open), 3 teachers in the Rakumpit
  school (1 there: 2 open), 1 nurse in the Dinas Kesehatan (Pahandut);
* applicants of ``YEAR``: three nurses (from Petuk Bukit, the puskesmas' own kelurahan; from
  Pahandut; from outside the city) and a teacher from Rakumpit;
* for transfer runs, ``add_surplus`` puts two more nurses in the Dinas Kesehatan.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from formasi.organization.models import Region
from formasi.placement import services
from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.personas import World

YEAR = 2026
COORDS = {
    "62.71": (-2.21, 113.92),
    "62.71.01": (-2.21, 113.92),
    "62.71.05": (-1.85, 113.85),
    "62.71.05.1001": (-1.80, 113.86),
}


def add_placement_data(world: World) -> dict[str, Any]:
    a = world.agency_a
    for code, (lat, lng) in COORDS.items():
        Region.objects.filter(code=code).update(latitude=lat, longitude=lng)
    for unit, position, count in (
        (world.puskesmas, world.nurse_position, 3),
        (world.school, world.teacher_position, 3),
        (world.dinkes, world.nurse_position, 1),
    ):
        PositionNeed.unscoped.create(
            agency=a, unit=unit, position=position, source="abk", exact=count, count=count
        )
    outside = build.region(
        "62.01", "Kabupaten Kotawaringin Barat", parent=world.agency_a.region.parent
    )
    petuk_bukit = Region.objects.get(code="62.71.05.1001")
    nurse, teacher = world.nurse_position, world.teacher_position
    return {
        "nurse_local": _applicant(world, "26000001", "Ani Lestari", nurse, petuk_bukit),
        "nurse_centre": _applicant(world, "26000002", "Budi Hartono", nurse, world.district_a),
        "nurse_outside": _applicant(world, "26000003", "Citra Dewi", nurse, outside),
        "teacher": _applicant(world, "26000004", "Dedi Kurnia", teacher, world.district_a2),
    }


def _applicant(world: World, number: str, name: str, position: Any, home: Any) -> Applicant:
    return Applicant.unscoped.create(
        agency=world.agency_a,
        year=YEAR,
        registration_number=number,
        name=name,
        status="cpns",
        position=position,
        home_region=home,
    )


def add_surplus(world: World) -> list[Employee]:
    """Two more nurses in the Dinas Kesehatan (need 1): two can move."""
    petuk_bukit = Region.objects.get(code="62.71.05.1001")
    return [
        build.employee(world.dinkes, world.nurse_position, "Eka Putri", sex="F",
                   birth=date(1990, 1, 2), origin_region=petuk_bukit),
        build.employee(world.dinkes, world.nurse_position, "Fajar Nugroho",
                   birth=date(1988, 5, 6), origin_region=world.district_a),
    ]  # fmt: skip


def computed_run(world: World, **fields: Any) -> PlacementRun:
    fields.setdefault("kind", PlacementRun.Kind.NEW_HIRES)
    fields.setdefault("year", YEAR)
    fields.setdefault("name", "Uji")
    run = PlacementRun.unscoped.create(agency=world.agency_a, **fields)
    return services.compute(run)


def accept_all(client: Any, run: PlacementRun) -> int:
    """Accept every pending line of ``run`` through the page, confirming their number;
    returns how many lines the run has."""
    lines = PlacementLine.unscoped.filter(run=run).count()
    client.post(
        reverse("placement:decide_all", args=[run.pk]), {"decision": "accepted", "count": lines}
    )
    return lines


def matrix_run(world: World) -> PlacementRun:
    """A computed new-hire run of agency A with lines (created once per test)."""
    found = PlacementRun.unscoped.filter(name="Matriks").first()
    if found is not None:
        return found
    add_placement_data(world)
    return computed_run(world, name="Matriks")


def matrix_line(world: World) -> list[int]:
    run = matrix_run(world)
    return [run.pk, run.lines.order_by("pk").values_list("pk", flat=True)[0]]


def decided_proposal(
    world: World,
    items: list[tuple[Any, Any, str, int]],
    *,
    state: str = "decided",
    education: str = "",
) -> Any:
    """Agency A's proposal of ``YEAR − 1`` (whose formasi a run of ``YEAR`` fills), in
    ``state``, with one item per (unit, position, status, decided count), each requiring
    ``education`` (none by default: any applicant of the status fits)."""
    from formasi.proposals.models import Proposal, ProposalItem, ProposalPart

    proposal = Proposal.unscoped.create(agency=world.agency_a, year=YEAR - 1, state=state)
    for unit, position, status, decided in items:
        part, _ = ProposalPart.unscoped.get_or_create(
            proposal=proposal, org_unit=unit.opd or unit, defaults={"state": "accepted"}
        )
        ProposalItem.unscoped.create(
            part=part,
            org_unit=unit,
            position=position,
            status=status,
            education=education,
            count=decided,
            bkn_verdict="approved",
            bkn_count=decided,
            decided_count=decided,
        )
    return proposal
