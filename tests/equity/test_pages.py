"""The equity page: map data, cards, drill-down, bad input, the before/after partial."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from formasi.organization.models import Region
from tests.equity.builders import add_equity_data
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("equity:index")


def _charts(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script id="equity-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "no embedded chart data"
    return json.loads(found.group(1))


def test_the_kota_page_shows_areas_cards_and_bubbles(client_for: Any, world: World) -> None:
    add_equity_data(world)
    Region.objects.filter(code="62.71.05").update(latitude=-1.75, longitude=113.66)
    response = client_for("leader_a").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="underserved-card"' in page and "Rakumpit" in page
    charts = _charts(response)
    assert charts["mode"] == "bubble"  # no boundary, one centre
    rakumpit = next(a for a in charts["areas"] if a["code"] == "62.71.05")
    assert (rakumpit["lng"], rakumpit["lat"]) == (113.66, -1.75)
    assert rakumpit["value"] == pytest.approx(5 / 6, abs=1e-4)
    assert rakumpit["url"] == "?wilayah=62.71.05"


def test_boundaries_make_a_feature_collection(client_for: Any, world: World) -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    Region.objects.filter(code__in=["62.71.01", "62.71.05"]).update(boundary=square)
    charts = _charts(client_for("admin_a").get(URL))
    assert charts["mode"] == "map"
    assert [f["properties"]["name"] for f in charts["geo"]["features"]] == ["62.71.01", "62.71.05"]


def test_the_underserved_card_speaks_indonesian(client_for: Any, world: World) -> None:
    add_equity_data(world)
    page = client_for("leader_a").get(URL).content.decode()
    assert "Rakumpit: kurang 2 tenaga kesehatan dan 1 guru" in page


def test_the_card_speaks_english_in_english(client_for: Any, world: World) -> None:
    add_equity_data(world)
    client = client_for("leader_a")
    client.cookies["django_language"] = "en"
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rakumpit: short of 2 health workers and 1 teacher" in page


def test_a_district_drills_down_to_kelurahan_and_its_units(client_for: Any, world: World) -> None:
    add_equity_data(world)
    client = client_for("leader_a")
    page = client.get(URL, {"wilayah": "62.71.05"}).content.decode()
    assert "Petuk Bukit" in page and "SDN 1 Rakumpit" in page  # a kelurahan; a unit here
    village = client.get(URL, {"wilayah": "62.71.05.1001"}).content.decode()
    assert 'data-testid="units-here"' in village
    assert f"?unit={world.puskesmas.pk}" in village
    assert reverse("workload:peta_opd", args=[world.dinkes.pk]) in village


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"indikator": "x"}, "Indikator tidak dikenal"),
        ({"keluarga": "x"}, "Rumpun jabatan tidak dikenal"),
        ({"ambang": "3"}, "Ambang harus berupa angka dari 0 sampai 2"),
        ({"ambang": "abc"}, "Ambang harus berupa angka dari 0 sampai 2"),
    ],
)
def test_bad_choices_fall_back_with_a_message(
    client_for: Any, world: World, query: dict[str, str], message: str
) -> None:
    response = client_for("admin_a").get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_threshold_override_is_used(client_for: Any, world: World) -> None:
    add_equity_data(world)
    page = client_for("admin_a").get(URL, {"ambang": "0,3"}).content.decode()
    assert "30 %" in page and 'value="0.3"' in page and "Ambang harus" not in page


@pytest.mark.parametrize("code", ["62.71.99", "63.72", "62", "bukan"])
def test_an_unknown_or_foreign_area_is_404(client_for: Any, world: World, code: str) -> None:
    assert client_for("admin_a").get(URL, {"wilayah": code}).status_code == 404


def test_admin_b_cannot_see_agency_a_areas(client_for: Any, world: World) -> None:
    assert client_for("admin_b").get(URL, {"wilayah": "62.71.05"}).status_code == 404


def test_the_before_after_partial_embeds_its_data() -> None:
    data = {
        "areas": [{"code": "62.71.01", "name": "Pahandut"}],
        "before": [0.5],
        "after": [0.8],
        "label": "Keterisian",
    }
    html = render_to_string("equity/partials/_before_after.html", {"data": data, "id": "ba-test"})
    assert 'data-before-after="ba-test"' in html and "Keterisian" in html
    found = re.search(r'<script id="ba-test" type="application/json">(.*?)</script>', html, re.S)
    assert found and json.loads(found.group(1)) == data
