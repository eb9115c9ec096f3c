"""The scenario comparison (issue 17): charts of need and availability, ratio against the
cap and hires per year for each scenario, and the comparison as csv and xlsx."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.planning.models import Scenario
from tests.personas import World
from tests.planning.builders import add_plan_data, baseline

pytestmark = pytest.mark.django_db
READERS = ["admin_a", "evaluator_a", "leader_a"]


@pytest.fixture
def pair(world: World) -> tuple[Scenario, Scenario]:
    add_plan_data(world)
    base = baseline(world)
    tight = baseline(world, name="Batas 20 %", is_baseline=False, cap_percent=Decimal(20))
    return base, tight


def _query(pair: tuple[Scenario, Scenario]) -> dict[str, str]:
    return {"a": str(pair[0].pk), "b": str(pair[1].pk)}


def _charts(html: str) -> dict[str, Any]:
    data = html.split('id="compare-charts" type="application/json">', 1)[1]
    return json.loads(data.split("</script>", 1)[0])  # type: ignore[no-any-return]


@pytest.mark.parametrize("persona", READERS)
def test_the_comparison_draws_each_scenario(
    client_for: Any, pair: tuple[Scenario, Scenario], persona: str
) -> None:
    response = client_for(persona).get(reverse("planning:compare"), _query(pair))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="compare-charts"' in html and "plan_charts.js" in html
    charts = _charts(html)
    assert charts["years"] == pair[0].result["years"]
    names = [s.name for s in pair]
    assert [s["name"] for s in charts["hires"]["series"]] == names
    for series, scenario in zip(charts["hires"]["series"], pair, strict=True):
        assert series["data"] == scenario.result["plan"]["hires_by_year"]
    for series, scenario in zip(charts["ratio"]["series"], pair, strict=True):
        rows = scenario.result["budget"]["rows"]
        assert series["data"] == [round(r["ratio_with_plan"] * 100, 2) for r in rows]
    assert [c["value"] for c in charts["ratio"]["caps"]] == [30.0, 20.0]
    availability = charts["supply"]["availability"]
    for series, scenario in zip(availability, pair, strict=True):
        totals = scenario.result["totals"]
        assert series["data"] == [t["availability_with_plan"] for t in totals]
    # Titles say what each chart shows, in the reader's language.
    assert charts["hires"]["title"] == "Rekrutmen per tahun, orang"
    assert "terhadap batas" in charts["ratio"]["title"]
    # The 20 % scenario's years over the cap are named on the comparison too.
    assert 'data-testid="compare-cap-warning"' in html
    assert ('data-testid="compare-xlsx"' in html) and ('data-testid="compare-csv"' in html)


def test_the_comparison_for_an_operator_is_403(
    client_for: Any, pair: tuple[Scenario, Scenario]
) -> None:
    client = client_for("operator_dinkes_a")
    assert client.get(reverse("planning:compare"), _query(pair)).status_code == 403
    url = reverse("planning:compare_export", args=["csv"])
    assert client.get(url, _query(pair)).status_code == 403


@pytest.mark.parametrize("persona", READERS)
def test_the_comparison_as_csv(
    client_for: Any, pair: tuple[Scenario, Scenario], persona: str
) -> None:
    url = reverse("planning:compare_export", args=["csv"])
    response = client_for(persona).get(url, _query(pair))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Skenario", "Batas (%)", "Tahun"]
    assert len(body) == 2 * len(pair[0].result["years"])
    hires = header.index("Rekrutmen")
    for scenario in pair:
        mine = [r for r in body if r[0] == scenario.name]
        assert [int(r[hires]) for r in mine] == scenario.result["plan"]["hires_by_year"]


def test_the_comparison_as_xlsx(client_for: Any, pair: tuple[Scenario, Scenario]) -> None:
    url = reverse("planning:compare_export", args=["xlsx"])
    response = client_for("leader_a").get(url, _query(pair))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    need = rows[0].index("Kebutuhan")
    totals = {(s.name, t["year"]): t["need"] for s in pair for t in s.result["totals"]}
    assert {(r[0], r[2]): r[need] for r in rows[1:]} == totals


def test_the_comparison_file_without_a_choice_holds_the_agency_s_scenarios(
    client_for: Any, pair: tuple[Scenario, Scenario]
) -> None:
    url = reverse("planning:compare_export", args=["csv"])
    body = client_for("admin_a").get(url).content.decode("utf-8-sig")
    assert {r[0] for r in list(csv.reader(io.StringIO(body)))[1:]} == {s.name for s in pair}
    assert client_for("admin_b").get(url, _query(pair)).status_code == 404  # not theirs
    assert (
        client_for("admin_a").get(reverse("planning:compare_export", args=["pdf"])).status_code
        == 404
    )
