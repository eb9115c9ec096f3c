"""The workload panels of the dashboard: need and gap by kecamatan and family, and the largest
shortages, checked against cells counted here from the rows."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from formasi.domain.gaps import Gap
from formasi.workforce.models import Employee
from formasi.workload.dashboard import needs_panel
from formasi.workload.models import PositionNeed
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("workforce:dashboard")


def _need(world: World, unit: Any, position: Any, count: int) -> None:
    PositionNeed.unscoped.create(
        agency=unit.agency, unit=unit, position=position, source="entered", count=count
    )


def _story(client: Any) -> Any:
    return client.get(URL).context


@pytest.fixture
def needs(world: World) -> World:
    _need(world, world.puskesmas, world.nurse, 4)  # 1 there: 3 short
    _need(world, world.school, world.teacher_position, 3)  # 1 there: 2 short
    _need(world, world.dinkes, world.nurse, 0)  # 1 there: 1 beyond the need
    return world


def _panel(response: Any) -> str:
    html = response.content.decode()
    return html[html.index('data-testid="needs-story"') :]


def test_the_story_counts_cell_by_cell(needs: World, client_for: Any) -> None:
    panel = needs_panel(needs.users["leader_a"], date(2026, 6, 1))
    assert panel is not None
    # The excess at Dinas Kesehatan fills nothing at the puskesmas.
    assert panel.context["total"] == Gap(need=7, bezetting=3, shortage=5, excess=1)
    by_name = {row.name: row.gap for row in panel.context["districts"]}
    assert by_name["Rakumpit"] == Gap(need=7, bezetting=2, shortage=5, excess=0)
    assert by_name["Pahandut"] == Gap(need=0, bezetting=1, shortage=0, excess=1)
    html = _panel(client_for("leader_a").get(URL))
    districts = html[html.index('data-testid="needs-by-district"') :]
    rows = districts[: districts.index("</table>")]
    # Rakumpit (need 7, 2 filled: 29 %) first; the city offices (no kecamatan) last.
    assert rows.index("Rakumpit") < rows.index("Pahandut")


def test_families_read_in_the_reader_language(needs: World, client_for: Any) -> None:
    html = _panel(client_for("leader_a").get(URL))
    families = html[html.index('data-testid="needs-by-family"') :]
    families = families[: families.index("</table>")]
    assert "Guru" in families and "Kesehatan" in families and ">guru<" not in families


def test_the_operator_sees_the_need_of_their_own_opd(needs: World, client_for: Any) -> None:
    html = _panel(client_for("operator_dinkes_a").get(URL))
    districts = html[html.index('data-testid="needs-by-district"') :]
    assert "Rakumpit" in districts[: districts.index("</table>")]
    families = html[html.index('data-testid="needs-by-family"') :]
    assert "Guru" not in families[: families.index("</table>")]


def test_largest_shortages_link_to_the_peta_jabatan(needs: World, client_for: Any) -> None:
    groups = client_for("admin_a").get(URL).context["attention"]
    group = next(g for g in groups if g.key == "shortages")
    # Counted here: need minus people, per unit and position, largest first.
    held = Counter(Employee.unscoped.filter(active=True).values_list("unit_id", "position_id"))
    short = sorted(
        (
            (n.count - held[(n.unit_id, n.position_id)], n.unit_id)
            for n in PositionNeed.unscoped.all()
            if n.count > held[(n.unit_id, n.position_id)]
        ),
        reverse=True,
    )
    assert [re.sub(r"\D", "", item.figure) for item in group.items] == [str(n) for n, _u in short]
    first = group.items[0]
    assert world_unit_url(needs.dinkes.pk, needs.puskesmas.pk) == first.url
    assert client_for("admin_a").get(first.url).status_code == 200


def world_unit_url(opd: int, unit: int) -> str:
    return reverse("workload:peta_opd", args=[opd]) + f"#unit-{unit}"


def test_nothing_recorded_shows_no_story(world: World, client_for: Any) -> None:
    Employee.unscoped.all().delete()
    html = client_for("admin_a").get(URL).content.decode()
    assert 'data-testid="needs-story"' not in html
