"""The dashboard page for every role: headcounts, the panels other apps register, the
"needs attention" list, retirements next year and the per-1,000 warning."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from formasi.domain.retirement import retirement_date
from formasi.organization.models import RegionPopulation
from formasi.workforce.models import Employee
from tests import builders as build
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("workforce:dashboard")
READERS = ["admin_a", "operator_dinkes_a", "operator_other_opd_a", "evaluator_a", "leader_a"]


def _group(response: Any, key: str) -> Any:
    return next((g for g in response.context["attention"] if g.key == key), None)


@pytest.mark.parametrize("persona", READERS)
def test_every_reader_gets_the_dashboard_with_the_story(
    world: World, client_for: Any, persona: str
) -> None:
    response = client_for(persona).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="needs-story"' in html and 'data-testid="attention"' in html
    assert _group(response, "retirements") is not None
    assert _group(response, "shortages") is not None


def test_anonymous_is_sent_to_log_in(world: World, client_for: Any) -> None:
    response = client_for("anonymous").get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_several_agencies_see_need_by_agency(world: World, client_for: Any) -> None:
    world.users["evaluator_a"].assigned_agencies.add(world.agency_b)
    response = client_for("evaluator_a").get(URL)
    html = response.content.decode()
    assert 'data-testid="needs-by-agency"' in html and world.agency_b.name in html
    assert _group(response, "shortages") is None  # chosen per agency on the peta jabatan


def _retiring(year: int, visible: list[Employee]) -> int:
    """Counted independently: each PNS/CPNS's TMT pensiun from the domain rule."""
    return sum(
        1
        for e in visible
        if e.active
        and e.status in ("pns", "cpns")
        and retirement_date(e.birth_date, e.position.retirement_age).year == year
    )


def test_retirements_next_year_are_counted_and_linked(world: World, client_for: Any) -> None:
    year = timezone.localdate().year + 1
    bup = world.nurse.retirement_age
    build.employee(world.puskesmas, world.nurse, "Pensiun Juni", birth=date(year - bup, 6, 15))
    build.employee(
        world.puskesmas, world.nurse, "Lahir Desember", birth=date(year - bup - 1, 12, 3)
    )
    build.employee(
        world.puskesmas, world.nurse, "Desember Tahun Ini", birth=date(year - bup, 12, 3)
    )
    build.employee(
        world.puskesmas, world.nurse, "PPPK", status="pppk", birth=date(year - bup, 6, 1)
    )
    everyone = list(Employee.unscoped.select_related("position"))
    expected = _retiring(year, [e for e in everyone if e.agency_id == world.agency_a.pk])
    assert expected == 2
    response = client_for("admin_a").get(URL)
    group = _group(response, "retirements")
    assert [str(expected) in item.figure for item in group.items] == [True]
    listed = client_for("admin_a").get(group.items[0].url)
    names = {e.name for e in listed.context["page"].object_list}
    assert names == {"Pensiun Juni", "Lahir Desember"}
    # The Dinas Pendidikan operator sees none of them (they work under Dinas Kesehatan).
    other = _group(client_for("operator_other_opd_a").get(URL), "retirements")
    assert other.items == [] and other.empty


def test_a_tiny_population_is_marked_beside_its_figures_per_thousand(
    world: World, client_for: Any, settings: Any
) -> None:
    settings.FORMASI_SMALL_POPULATION = 5000
    RegionPopulation.objects.create(
        region=world.district_a2, year=2025, population=3100, source="BPS"
    )
    RegionPopulation.objects.create(
        region=world.district_a, year=2025, population=100_000, source="BPS"
    )
    html = client_for("leader_a").get(URL).content.decode()
    table = html[html.index('data-testid="district-table"') :]
    table = table[: table.index("</table>")]
    row = table[table.index("Rakumpit") :]
    assert 'data-testid="small-population"' in row[: row.index("</tr>")]
    big = table[table.index("Pahandut") :]
    assert 'data-testid="small-population"' not in big[: big.index("</tr>")]
    settings.FORMASI_SMALL_POPULATION = 3000
    assert 'data-testid="small-population"' not in client_for("leader_a").get(URL).content.decode()
