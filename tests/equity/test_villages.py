"""The level toggle (``?tingkat=desa``): at a kabupaten/kota every desa/kelurahan below it at
once, grouped by kecamatan for the decomposition; the page, the exports and the API follow it.

On top of ``add_equity_data``: kelurahan Langkai (62.71.01.1001, Pahandut) with Pustu Langkai,
1 nurse for a need of 3, and 4,000 residents.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from formasi.domain.equity import Counts
from formasi.equity import services, views
from formasi.organization.models import Region, RegionPopulation
from tests import builders as build
from tests.equity.builders import add_equity_data, need
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("equity:index")
API = "/api/v1/equity/areas"
VILLAGES = ["62.71.01.1001", "62.71.05.1001", "62.71.05.1002"]


def add_langkai(world: World) -> Any:
    add_equity_data(world)
    langkai = build.region("62.71.01.1001", "Langkai", parent=world.district_a)
    RegionPopulation.objects.create(region=langkai, year=2024, population=4_000, source="BPS")
    pustu = build.unit(world.agency_a, "Pustu Langkai", kind="puskesmas", parent=world.dinkes,
                   region_obj=langkai, code="PUSTU-LKI")  # fmt: skip
    build.employee(pustu, world.nurse_position, "Perawat Langkai", birth=date(1991, 2, 3))
    need(pustu, world.nurse_position, 3)
    return pustu


def _charts(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script id="equity-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- services


def test_the_kota_lists_every_village_grouped_by_district(world: World) -> None:
    add_langkai(world)
    found = services.collect(
        world.users["admin_a"], world.agency_a, world.agency_a.region, villages=True
    )
    assert found.villages and found.level == Region.Level.VILLAGE
    assert found.group_level == Region.Level.DISTRICT
    by_code = {a.code: a for a in found.children}
    assert list(by_code) == VILLAGES
    assert by_code["62.71.05.1001"].total == Counts(staff=4, need=4, shortage=2, excess=2)
    assert by_code["62.71.01.1001"].total == Counts(staff=1, need=3, shortage=2, excess=0)
    assert by_code["62.71.01.1001"].population == 4_000
    assert found.group_names["62.71.05.1002"] == "Rakumpit"
    # Units in the kecamatan themselves stand in no village: listed apart, not on the map.
    assert {u.name for u in found.units_here} == {
        "Dinas Kesehatan", "Dinas Pendidikan", "SDN 1 Rakumpit",
    }  # fmt: skip


def test_the_village_level_decomposes_by_district(world: World) -> None:
    add_langkai(world)
    report = services.report(
        world.users["admin_a"], world.agency_a, world.agency_a.region, villages=True
    )
    fulfilment = [d for d in report.decomposition if d.measure == "fulfilment"]
    assert [d.groups for d in fulfilment] == [2, 2]  # Pahandut and Rakumpit
    assert fulfilment[0].total is not None and fulfilment[0].between is not None
    assert next(i for i in report.indices if i.measure == "fulfilment").areas == 2
    assert [u.code for u in report.underserved][:1] == ["62.71.01.1001"]


def test_the_toggle_is_ignored_below_a_kota(world: World) -> None:
    add_langkai(world)
    rakumpit = Region.objects.get(code="62.71.05")
    found = services.collect(world.users["admin_a"], world.agency_a, rakumpit, villages=True)
    assert not found.villages
    assert [a.code for a in found.children] == ["62.71.05.1001", "62.71.05.1002"]
    assert not services.villages_apply(rakumpit, "desa")
    assert services.villages_apply(world.agency_a.region, "desa")


def test_an_operator_sees_their_opd_only_at_the_village_level(world: World) -> None:
    add_langkai(world)
    level, areas = services.area_stats(
        world.users["operator_other_opd_a"], world.agency_a, villages=True
    )
    assert level == Region.Level.VILLAGE
    assert all(a.total == Counts() for a in areas)  # the school stands in the kecamatan


# --------------------------------------------------------------------------- page


def test_the_page_shows_every_village_and_links_to_it(client_for: Any, world: World) -> None:
    add_langkai(world)
    response = client_for("leader_a").get(URL, {"tingkat": "desa"})
    assert response.status_code == 200
    page = response.content.decode()
    charts = _charts(response)
    assert [a["code"] for a in charts["areas"]] == VILLAGES
    langkai = charts["areas"][0]
    assert langkai["url"] == "?wilayah=62.71.01.1001"  # the kelurahan itself: its units
    assert langkai["group"] == "Pahandut"
    assert 'data-testid="equity-levels"' in page
    assert 'data-level="desa"' in page and 'aria-current="true" data-level="desa"' in page
    assert '<input type="hidden" name="tingkat" value="desa">' in page
    assert "tingkat=desa" in page.split('data-testid="equity-exports"')[1]
    assert "dikelompokkan per Kecamatan" in page
    assert "Langkai: " in page  # its underserved card
    assert "di luar semua desa/kelurahan" in page  # units standing in no village


def test_the_default_page_offers_the_toggle(client_for: Any, world: World) -> None:
    add_langkai(world)
    response = client_for("leader_a").get(URL)
    page = response.content.decode()
    assert 'href="?wilayah=62.71&tingkat=desa"' in page.replace("&amp;", "&")
    assert [a["code"] for a in _charts(response)["areas"]] == ["62.71.01", "62.71.05"]


def test_no_toggle_below_a_kota(client_for: Any, world: World) -> None:
    add_langkai(world)
    response = client_for("leader_a").get(URL, {"wilayah": "62.71.05", "tingkat": "desa"})
    page = response.content.decode()
    assert 'data-testid="equity-levels"' not in page
    assert [a["code"] for a in _charts(response)["areas"]] == ["62.71.05.1001", "62.71.05.1002"]


def test_an_unknown_level_falls_back_with_a_message(client_for: Any, world: World) -> None:
    response = client_for("admin_a").get(URL, {"tingkat": "rt"})
    assert response.status_code == 200
    assert "Tingkat tidak dikenal" in response.content.decode()


def test_many_areas_keep_the_lowest_and_highest_bars(
    client_for: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_langkai(world)
    kel = build.region("62.71.05.1003", "Gaung Baru", parent=world.district_a2)
    unit = build.unit(world.agency_a, "Pustu Gaung", kind="puskesmas", parent=world.dinkes,
                  region_obj=kel)  # fmt: skip
    need(unit, world.nurse_position, 4)  # 0 of 4
    monkeypatch.setattr(views, "BARS_EACH_END", 1)
    bars = _charts(client_for("admin_a").get(URL, {"tingkat": "desa"}))["bars"]
    assert bars["names"] == ["Gaung Baru", "…", "Petuk Bukit"]
    assert bars["values"][1] is None
    assert bars["note"] == "1 terendah dan 1 tertinggi dari 3 wilayah."


# --------------------------------------------------------------------------- export, API


def test_the_area_export_follows_the_toggle(client_for: Any, world: World) -> None:
    add_langkai(world)
    url = reverse("equity:export", args=["wilayah", "csv"])
    response = client_for("leader_a").get(url, {"tingkat": "desa"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == VILLAGES
    assert rows[1][1:7] == ["Langkai", "4000", "1", "3", "2", "0"]
    assert 'filename="pemerataan-wilayah-62.71-desa.csv"' in response["Content-Disposition"]


def test_the_api_follows_the_toggle(client_for: Any, world: World) -> None:
    add_langkai(world)
    body = client_for("admin_a").get(API, {"tingkat": "desa"}).json()
    assert body["level"] == "desa_kelurahan" and body["tingkat"] == "desa"
    assert [a["code"] for a in body["areas"]] == VILLAGES
    assert {d["groups"] for d in body["decomposition"] if d["measure"] == "fulfilment"} == {2}
    below = client_for("admin_a").get(API, {"tingkat": "desa", "wilayah": "62.71.05"}).json()
    assert below["tingkat"] == "anak" and below["level"] == "desa_kelurahan"


def test_the_api_rejects_an_unknown_level(client_for: Any, world: World) -> None:
    response = client_for("admin_a").get(API, {"tingkat": "rt"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Tingkat tidak dikenal")
