"""Browser test of the equity map (issue 6) on the demo city: the leader opens the map, reads
the underserved cards, clicks Bukit Batu on the map, then one of its kelurahan, and follows a
unit there to its people."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from formasi.demo.loader import load_demo
from tests.e2e.builders import open_menu
from tests.e2e.conftest import submit_login

CENTRE_OF = """(code) => {
  const chart = window.formasiEquityMap;
  const data = JSON.parse(document.getElementById("equity-charts").textContent);
  const area = data.areas.find((a) => a.code === code);
  return chart.convertToPixel({seriesIndex: 0}, [area.lng, area.lat]);
}"""


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(seed=2026, size=1500)


def _click_area(page: Any, code: str) -> None:
    page.wait_for_function("() => window.formasiEquityMap !== undefined")
    x, y = page.evaluate(CENTRE_OF, code)
    box = page.locator("#equity-map").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)


def test_leader_drills_down_from_the_map_to_the_people(
    page: Any, live_server: Any, demo: None
) -> None:
    submit_login(page, live_server, "pimpinan", "formasi-demo")
    login_done = live_server.url + reverse("workforce:dashboard")
    assert page.url == login_done
    open_menu(page, reverse("equity:index"))
    page.wait_for_selector("[data-testid=equity-map][data-mode=map]")
    assert page.locator("[data-testid=underserved-card]").count() >= 2
    cards = page.locator("[data-testid=underserved-card]").all_inner_texts()
    assert any("Bukit Batu" in c or "Rakumpit" in c for c in cards[:2])
    assert "kurang" in " ".join(cards)

    _click_area(page, "62.71.02")  # Bukit Batu, clicked on the map
    assert "wilayah=62.71.02" in page.url
    assert page.locator("[data-testid=equity-title]").inner_text() == "Bukit Batu"
    page.wait_for_selector("[data-testid=equity-map][data-mode=map]")
    codes = page.evaluate(
        """() => JSON.parse(document.getElementById("equity-charts").textContent)
                 .areas.filter((a) => a.staff > 0 && a.lng !== null).map((a) => a.code)"""
    )
    assert codes and all(c.startswith("62.71.02.") for c in codes)

    _click_area(page, codes[0])  # a kelurahan with staff
    assert f"wilayah={codes[0]}" in page.url
    units = page.locator("[data-testid=units-here]")
    assert units.is_visible()
    link = units.locator("[data-testid=unit-people]").first
    href = link.get_attribute("href")
    assert re.search(r"\?unit=\d+$", href)
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(href)
    page.wait_for_selector("table")
    assert "Pegawai" in page.content()


def test_leader_sees_the_whole_city_by_kelurahan(page: Any, live_server: Any, demo: None) -> None:
    submit_login(page, live_server, "pimpinan", "formasi-demo")
    page.goto(live_server.url + reverse("equity:index"))
    with page.expect_navigation():
        page.click("[data-testid=equity-levels] [data-level=desa]")
    assert "tingkat=desa" in page.url
    page.wait_for_selector("[data-testid=equity-map][data-mode=map]")
    codes = page.evaluate(
        """() => JSON.parse(document.getElementById("equity-charts").textContent)
                 .areas.map((a) => a.code)"""
    )
    assert len(codes) == 30 and all(len(c) == 13 for c in codes)  # every kelurahan of the city
    assert {c[:8] for c in codes} == {f"62.71.0{i}" for i in range(1, 6)}
    assert page.locator("[data-testid=equity-areas] tbody tr").count() == 30

    # Fixed bands: each kelurahan takes its band's colour, whatever the others on screen.
    painted = page.evaluate(
        """() => {
             const chart = window.formasiEquityMap;
             const data = JSON.parse(document.getElementById("equity-charts").textContent);
             const colour = {};
             data.scale.pieces.forEach((p) => (colour[p.band] = p.color));
             colour.none = data.scale.none.color;
             return data.areas.map((a, i) => [a.band, colour[a.band],
               chart.getVisual({seriesIndex: 0, dataIndex: i}, "color")]);
           }"""
    )
    assert {band for band, _want, _got in painted} >= {"short"}  # the periphery is short
    assert all(want == got for _band, want, got in painted)
    legend = page.locator("[data-testid=bands-legend]").inner_text()
    assert "di bawah 80 %" in legend and "di atas 120 %" in legend
    # Numbers as the tables write them (Indonesian), charts included.
    shown = page.evaluate(
        """() => [formasiFormat.number(2500), formasiFormat.number(1234.5, 1),
                  formasiFormat.percent(0.853), formasiFormat.number(null),
                  echarts.getInstanceByDom(document.getElementById("equity-bars"))
                    .getOption().xAxis[0].axisLabel.formatter(0.8)]"""
    )
    assert shown == ["2.500", "1.234,5", "85 %", "–", "80 %"]

    kelurahan = page.evaluate(
        """() => JSON.parse(document.getElementById("equity-charts").textContent)
                 .areas.filter((a) => a.staff > 0 && a.code.startsWith("62.71.05."))[0].code"""
    )
    _click_area(page, kelurahan)  # a Rakumpit kelurahan, clicked on the city-wide map
    assert f"wilayah={kelurahan}" in page.url and "tingkat" not in page.url
    assert page.locator("[data-testid=units-here]").is_visible()
    assert page.locator("[data-testid=equity-levels]").count() == 0
