"""Plans that explain themselves (issue 17): the years over the cap and why, the optimiser's
result, the hiring lag and the rounding rule in words, and whole persons on the page and in
the API."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from formasi.planning import fiveyear
from formasi.planning.models import Scenario
from tests.personas import World
from tests.planning.builders import add_plan_data, baseline

pytestmark = pytest.mark.django_db
API = "/api/v1"
PERSON_FIELDS = (
    "need",
    "availability",
    "retirements",
    "contract_ends",
    "attrition",
    "shortage",
    "excess",
    "proposal",
    "recruits",
    "availability_with_plan",
    "shortage_with_plan",
)


@pytest.fixture
def plan_world(world: World) -> World:
    add_plan_data(world)  # counted spending 450 of 2,000 billion: 22.5 % of the APBD
    return world


@pytest.fixture
def tight(plan_world: World) -> Scenario:
    """A 20 % cap: the staff alone are over it until leavers and APBD growth make room."""
    baseline(plan_world)
    return baseline(plan_world, name="Batas 20 %", is_baseline=False, cap_percent=Decimal(20))


def _table(html: str, testid: str) -> list[list[str]]:
    body = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_years_over_the_cap_are_named_with_the_reason(
    client_for: Any, tight: Scenario, persona: str
) -> None:
    rows = tight.result["budget"]["rows"]
    over = [r["year"] for r in rows if r["ratio_without_plan"] > 0.20]
    assert over, "the world's staff must be over a 20 % cap in some year"
    html = client_for(persona).get(f"{reverse('planning:plan')}?skenario={tight.pk}")
    text = html.content.decode()
    warning = text.split('data-testid="cap-warning"', 1)[1].split("</div>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", warning, re.S)
    assert [int(i.split(":", 1)[0]) for i in items] == over
    for item, year in zip(items, over, strict=True):
        ratio = next(r["ratio_without_plan"] for r in rows if r["year"] == year)
        assert f"{ratio * 100:.2f}".replace(".", ",") in item  # the ratio, in the locale
        assert f"{(ratio - 0.20) * 100:.2f}".replace(".", ",") in item  # by how much
        assert "pegawai yang ada saja sudah melampaui batas" in item.lower()
        assert "tidak ada yang bisa direkrut" in item.lower()


def test_no_warning_under_the_cap(client_for: Any, plan_world: World) -> None:
    scenario = baseline(plan_world)
    assert all(r["ratio_with_plan"] <= 0.30 for r in scenario.result["budget"]["rows"])
    html = client_for("admin_a").get(reverse("planning:plan")).content.decode()
    assert 'data-testid="cap-warning"' not in html


def test_the_api_gives_the_years_over_the_cap_as_codes(client_for: Any, tight: Scenario) -> None:
    detail = client_for("evaluator_a").get(f"{API}/plan/scenarios/{tight.pk}").json()
    over = detail["result"]["budget"]["over_cap"]
    rows = tight.result["budget"]["rows"]
    assert [b["year"] for b in over] == [r["year"] for r in rows if r["ratio_with_plan"] > 0.20]
    assert {b["reason"] for b in over} == {"staff_over_cap"}
    assert all(b["excess"] > 0 and b["excess_amount"] > 0 for b in over)


def test_every_person_figure_in_the_api_is_whole(client_for: Any, tight: Scenario) -> None:
    result = client_for("admin_a").get(f"{API}/plan/scenarios/{tight.pk}").json()["result"]
    for row in result["totals"]:
        for name in PERSON_FIELDS:
            assert isinstance(row[name], int), (name, row[name])
    for area in result["by_area"]:
        assert all(isinstance(v, int) for v in area["shortage"] + area["shortage_with_plan"])
    for position in result["by_position"]:
        assert all(isinstance(v, int) for v in position["proposal"] + position["contract_ends"])
    after = result["year_after"]
    assert after["year"] == result["years"][-1] + 1
    assert isinstance(after["shortage"], int) and isinstance(after["shortage_with_plan"], int)


def test_every_person_figure_on_the_page_is_whole(client_for: Any, tight: Scenario) -> None:
    html = client_for("admin_a").get(f"{reverse('planning:plan')}?skenario={tight.pk}")
    text = html.content.decode()
    whole = re.compile(r"^\d{1,3}(\.\d{3})*$")  # 1.234 in Indonesian, never a decimal comma
    yearly = _table(text, "yearly-table")
    assert len(yearly) == len(tight.result["years"])
    for cells in yearly:
        # year, need, retirements, contract ends, shortage, hires, (cost), shortage with plan
        for value in cells[1:6] + cells[7:8]:
            assert whole.match(value), value
    for cells in _table(text, "area-table"):
        for value in cells[1:3]:
            assert whole.match(value), value
        for pair in cells[3:]:
            assert all(whole.match(v.strip()) for v in pair.split("/")), pair
    for cells in _table(text, "plan-lines"):
        assert whole.match(cells[3]), cells


def test_the_page_explains_the_lag_the_rounding_and_the_optimum(
    client_for: Any, plan_world: World
) -> None:
    scenario = baseline(plan_world)
    html = client_for("leader_a").get(reverse("planning:plan")).content.decode()
    years = scenario.result["years"]
    lag = html.split('data-testid="lag-note"', 1)[1].split("</p>", 1)[0]
    assert f"{years[-1]}" in lag and f"{years[-1] + 1}" in lag and "tahun berikutnya" in lag
    rounding = html.split('data-testid="rounding-note"', 1)[1].split("</p>", 1)[0]
    assert "dibulatkan per jabatan" in rounding and "terdekat" in rounding
    assert scenario.result["plan"]["status"] == "optimal"
    assert 'data-testid="solver-note" data-status="optimal"' in html
    assert "membuktikan" in html.split('data-testid="solver-note"', 1)[1].split("</div>", 1)[0]


def test_a_stopped_search_says_how_far_from_the_optimum_it_may_be(
    client_for: Any, plan_world: World
) -> None:
    scenario = baseline(plan_world)
    result = dict(scenario.result)
    result["plan"] = {**result["plan"], "status": "feasible", "gap": 0.0123}
    Scenario.unscoped.filter(pk=scenario.pk).update(result=result)
    html = client_for("admin_a").get(reverse("planning:plan")).content.decode()
    note = html.split('data-testid="solver-note"', 1)[1].split("</div>", 1)[0]
    assert "1,23 %" in note and "batas waktu" in note


def test_a_plan_stopped_by_a_tiny_time_limit_gives_its_gap(
    client_for: Any, plan_world: World, monkeypatch: Any
) -> None:
    monkeypatch.setattr(fiveyear, "SOLVER_SECONDS", 0.0)
    monkeypatch.setattr(fiveyear, "SOLVER_WALL_SECONDS", 0.0)
    scenario = baseline(plan_world)
    plan = scenario.result["plan"]
    assert plan["status"] == "feasible" and plan["gap"] is not None and 0 <= plan["gap"] < 1
    html = client_for("admin_a").get(reverse("planning:plan")).content.decode()
    note = html.split('data-testid="solver-note"', 1)[1].split("</div>", 1)[0]
    assert 'data-status="feasible"' in note and "batas waktu" in note and "%" in note


def test_the_retirement_table_names_families_in_words(client_for: Any, plan_world: World) -> None:
    from formasi.organization.models import Position

    scenario = baseline(plan_world)
    families = scenario.result["retirement_wave"]["families"]
    client = client_for("leader_a")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("planning:plan")).content.decode()
    body = html.split("<th>Year</th>", 3)
    heads = [
        re.findall(r'<th class="text-end">(.*?)</th>', part.split("</tr>", 1)[0])
        for part in body[1:]
    ]
    wave = next(h for h in heads if h and h[-1] == "Total")
    labels = dict(Position.Family.choices)
    assert families and wave[:-1] == [str(labels[f]) if f else "other" for f in families]
