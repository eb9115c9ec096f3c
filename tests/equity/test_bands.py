"""Fixed fulfilment colours on the equity map (issue 17, item 6): a kecamatan at 71 % is in the
red band whatever its neighbours, 100 % is neutral, 130 % the second hue; a legend in the UI
language; the Lorenz chart says what it shows."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from formasi.equity import services
from formasi.organization.models import Region
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.equity.builders import add_equity_data, need
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("equity:index")


def _charts(html: str) -> dict[str, Any]:
    found = re.search(
        r'<script id="equity-charts" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no embedded chart data"
    return json.loads(found.group(1))


def _three_districts(world: World) -> None:
    """Rakumpit 5 staff for 7 (71 %), Pahandut 1 for 1 (100 %), Jekan Raya 13 for 10 (130 %)."""
    add_equity_data(world)
    PositionNeed.unscoped.filter(unit=world.puskesmas).update(count=4)
    need(world.dinkes, world.nurse_position, 1)
    jekan = build.region("62.71.03", "Jekan Raya", parent=world.district_a.parent)
    office = build.unit(world.agency_a, "Puskesmas Jekan Raya", kind="puskesmas", region_obj=jekan)
    need(office, world.nurse_position, 10)
    for i in range(13):
        build.employee(office, world.nurse_position, f"Perawat J{i}", birth=date(1985, 2, i + 1))
    for code, lat in (("62.71.01", -2.21), ("62.71.03", -2.2), ("62.71.05", -1.75)):
        Region.objects.filter(code=code).update(latitude=lat, longitude=113.8)


@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a", "evaluator_a", "leader_a"])
def test_the_band_of_each_area_is_fixed(client_for: Any, world: World, persona: str) -> None:
    _three_districts(world)
    response = client_for(persona).get(URL)
    assert response.status_code == 200
    areas = {a["name"]: a for a in _charts(response.content.decode())["areas"]}
    if persona in ("admin_a", "leader_a", "evaluator_a"):  # the whole city is theirs
        assert round(areas["Rakumpit"]["value"], 2) == 0.71
        assert (areas["Rakumpit"]["band"], areas["Pahandut"]["band"]) == ("short", "balanced")
        assert areas["Jekan Raya"]["band"] == "over"
    for area in areas.values():  # an OPD operator sees their units only: same rule
        assert area["band"] == services.fulfilment_band(area["value"])


def test_the_legend_in_indonesian_and_english(client_for: Any, world: World) -> None:
    _three_districts(world)
    client = client_for("leader_a")
    page = client.get(URL).content.decode()
    assert 'data-testid="bands-legend"' in page
    for label in (
        "di bawah 80 %",
        "80 % sampai di bawah 100 %",
        "100 % sampai 120 %",
        "di atas 120 %",
    ):
        assert label in page
    scale = _charts(page)["scale"]
    assert [p["band"] for p in scale["pieces"]] == ["short", "under", "balanced", "over"]
    assert scale["pieces"][0]["lt"] == 0.8 and scale["pieces"][-1]["gt"] == 1.2
    client.cookies["django_language"] = "en"
    with translation.override("en"):  # the request's language does not outlive the test
        english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "below 80 %" in english and "100 % to 120 %" in english


def test_thresholds_come_from_the_settings(client_for: Any, world: World) -> None:
    _three_districts(world)
    with override_settings(FORMASI_EQUITY_SHORT_BELOW=0.7, FORMASI_EQUITY_OVER_ABOVE=1.5):
        charts = _charts(client_for("leader_a").get(URL).content.decode())
        page = client_for("leader_a").get(URL).content.decode()
    areas = {a["name"]: a for a in charts["areas"]}
    assert (areas["Rakumpit"]["band"], areas["Jekan Raya"]["band"]) == ("under", "balanced")
    assert "di bawah 70 %" in page and "di atas 150 %" in page


def test_without_a_map_the_legend_sits_under_the_bars(client_for: Any, world: World) -> None:
    _three_districts(world)
    Region.objects.update(latitude=None, longitude=None)
    page = client_for("leader_a").get(URL).content.decode()
    assert 'data-testid="equity-no-map"' in page and page.count('data-testid="bands-legend"') == 1


def test_other_indicators_keep_their_own_scale(client_for: Any, world: World) -> None:
    _three_districts(world)
    page = client_for("leader_a").get(URL, {"indikator": "shortage"}).content.decode()
    assert _charts(page)["scale"] is None and 'data-testid="bands-legend"' not in page


def test_charts_are_titled_by_what_they_show(client_for: Any, world: World) -> None:
    _three_districts(world)
    page = client_for("leader_a").get(URL).content.decode()
    charts = _charts(page)
    # Pahandut alone has residents, so the curve is over the need (the fulfilment Gini).
    assert charts["lorenz"]["title"].startswith("Sebaran pegawai terhadap ")
    assert charts["lorenz"]["title"] in page
    assert "Keterisian (pegawai ÷ kebutuhan) per Kecamatan, dari yang terendah" in page
