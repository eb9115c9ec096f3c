"""Staff, need and facilities per area, cell by cell; indices over the areas."""

from __future__ import annotations

import pytest
from django.http import Http404

from formasi.domain.equity import Counts
from formasi.equity import services
from formasi.organization.models import Region
from tests.equity.builders import add_equity_data
from tests.personas import World

pytestmark = pytest.mark.django_db


def _by_code(areas):  # type: ignore[no-untyped-def]
    return {a.code: a for a in areas}


def test_areas_of_the_kota_add_cells_and_never_net(world: World) -> None:
    add_equity_data(world)
    level, areas = services.area_stats(world.users["admin_a"], world.agency_a)
    assert level == Region.Level.DISTRICT
    found = _by_code(areas)
    assert found["62.71.01"].total == Counts(staff=1, need=0, shortage=0, excess=1)
    # 1 + 3 nurses and 1 teacher; short 2 nurses and 1 teacher, 2 nurses too many elsewhere.
    assert found["62.71.05"].total == Counts(staff=5, need=6, shortage=3, excess=2)
    assert found["62.71.05"].by_family["guru"] == Counts(staff=1, need=2, shortage=1, excess=0)
    assert found["62.71.05"].by_family["kesehatan"] == Counts(staff=4, need=4, shortage=2, excess=2)


def test_population_is_the_latest_year_or_none(world: World) -> None:
    add_equity_data(world)
    found = _by_code(services.area_stats(world.users["admin_a"], world.agency_a)[1])
    assert found["62.71.01"].population == 100_000
    assert found["62.71.05"].population is None


def test_facilities_under_the_threshold_are_counted(world: World) -> None:
    add_equity_data(world)
    user = world.users["admin_a"]
    rakumpit = _by_code(services.area_stats(user, world.agency_a)[1])["62.71.05"]
    # Puskesmas 1/3 and school 1/2 are under 0.8; the pustu (3/1) is not.
    assert (rakumpit.facilities, rakumpit.facilities_under) == (3, 2)
    lax = _by_code(services.area_stats(user, world.agency_a, threshold=0.3)[1])["62.71.05"]
    assert lax.facilities_under == 0


def test_a_family_filter_keeps_that_family_only(world: World) -> None:
    add_equity_data(world)
    areas = services.area_stats(world.users["admin_a"], world.agency_a, family="guru")[1]
    rakumpit = _by_code(areas)["62.71.05"]
    assert rakumpit.total == Counts(staff=1, need=2, shortage=1, excess=0)
    assert set(rakumpit.by_family) == {"guru"}
    assert _by_code(areas)["62.71.01"].total == Counts()


def test_the_district_level_lists_its_kelurahan_and_the_units_standing_in_it(
    world: World,
) -> None:
    add_equity_data(world)
    rakumpit = Region.objects.get(code="62.71.05")
    found = services.collect(world.users["admin_a"], world.agency_a, rakumpit)
    assert found.level == Region.Level.VILLAGE
    villages = _by_code(found.children)
    assert villages["62.71.05.1001"].total == Counts(staff=4, need=4, shortage=2, excess=2)
    assert villages["62.71.05.1002"].total == Counts()
    assert [u.name for u in found.units_here] == ["SDN 1 Rakumpit"]


def test_a_village_lists_its_units(world: World) -> None:
    add_equity_data(world)
    village = Region.objects.get(code="62.71.05.1001")
    found = services.collect(world.users["leader_a"], world.agency_a, village)
    assert found.children == []
    assert {u.name for u in found.units_here} == {"Puskesmas Rakumpit", "Pustu Rakumpit"}
    assert {u.opd_id for u in found.units_here} == {world.dinkes.pk}


def test_an_opd_operator_counts_only_their_opd(world: World) -> None:
    add_equity_data(world)
    areas = services.area_stats(world.users["operator_other_opd_a"], world.agency_a)[1]
    assert _by_code(areas)["62.71.05"].total == Counts(staff=1, need=2, shortage=1, excess=0)


def test_the_kota_level_decomposes_kelurahan_within_districts(world: World) -> None:
    add_equity_data(world)
    report = services.report(world.users["admin_a"], world.agency_a, world.agency_a.region)
    fulfilment = [d for d in report.decomposition if d.measure == "fulfilment"]
    assert [d.index for d in fulfilment] == ["T", "L"]
    # Only Petuk Bukit has a need: one group, no inequality between kelurahan.
    assert fulfilment[0].total == pytest.approx(0.0) and fulfilment[0].groups == 1
    per_resident = [d for d in report.decomposition if d.measure == "per_resident"]
    assert all(d.total is None for d in per_resident)  # no kelurahan has residents


def test_indices_are_none_when_undefined(world: World) -> None:
    report = services.report(world.users["admin_a"], world.agency_a, world.agency_a.region)
    per_resident = next(i for i in report.indices if i.measure == "per_resident")
    assert per_resident.areas == 0 and per_resident.gini is None
    assert report.lorenz is None


def test_indices_and_lorenz_over_need(world: World) -> None:
    add_equity_data(world)
    report = services.report(world.users["admin_a"], world.agency_a, world.agency_a.region)
    fulfilment = next(i for i in report.indices if i.measure == "fulfilment")
    assert fulfilment.areas == 1 and fulfilment.gini == pytest.approx(0.0)
    assert report.lorenz is None  # one area with a need: no curve


@pytest.mark.parametrize(
    ("persona", "code"),
    [("admin_b", "62.71.05"), ("admin_a", "63.72"), ("admin_a", "62"), ("admin_a", "62.99")],
)
def test_areas_outside_the_agency_are_not_found(world: World, persona: str, code: str) -> None:
    with pytest.raises(Http404):
        services.resolve(world.users[persona], code)


def test_an_evaluator_gets_the_agency_of_the_area(world: World) -> None:
    agency, region = services.resolve(world.users["evaluator_a"], "62.71.05")
    assert agency == world.agency_a and region.code == "62.71.05"
