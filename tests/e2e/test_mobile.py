"""A leader reads the dashboard and the equity map on a 390 × 844 phone (issue 17, "Done
when"): nothing wider than the screen, the key figures, the story, the round's deadlines
(issue 18), the map and its scale in view. Tables too wide for the phone scroll inside their
card (``.table-responsive``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from formasi.demo.loader import load_demo
from tests.e2e.conftest import submit_login

PHONE = {"width": 390, "height": 844}
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# The ECharts scale (visualMap) of the map: its box inside the chart, in chart pixels.
SCALE_BOX = """() => {
  const chart = window.formasiEquityMap;
  const model = chart.getModel().getComponent("visualMap");
  if (!model || model.get("show") === false) return null;
  const group = chart.getViewOfComponentModel(model).group;
  const box = group.getBoundingRect();
  return {x: box.x + group.x, y: box.y + group.y, width: box.width, height: box.height,
          chartWidth: chart.getWidth(), chartHeight: chart.getHeight()};
}"""


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(seed=2026, size=1500)


def _fits(page: Any) -> None:
    width = page.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"{page.url}: the page is {width} px wide on a 390-px phone"


def _on_screen(element: Any) -> None:
    expect(element).to_be_visible()
    box = element.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_leader_reads_dashboard_and_equity_map_on_a_phone(
    page: Any, live_server: Any, demo: None
) -> None:
    page.set_viewport_size(PHONE)
    submit_login(page, live_server, "pimpinan", "formasi-demo")
    assert page.url == live_server.url + reverse("workforce:dashboard")

    # Dashboard: the headcount, the "needs attention" list and the story, no sideways scroll.
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("total")).to_be_visible()
    assert page.get_by_test_id("total").inner_text().strip()
    attention = page.get_by_test_id("attention")
    attention.scroll_into_view_if_needed()
    _on_screen(attention)
    for testid in ("needs-by-district", "needs-by-family"):
        table = page.get_by_test_id(testid)
        table.scroll_into_view_if_needed()
        # Wide tables scroll inside their card; the name, the share of the need filled and the
        # shortage of the least served row are on screen without scrolling sideways.
        _on_screen(page.locator(".table-responsive").filter(has=table))
        first = table.locator("tbody tr").first
        for cell in range(3):
            _on_screen(first.locator("td").nth(cell))
    story = page.get_by_test_id("needs-by-district").inner_text()
    assert "Bukit Batu" in story and "Rakumpit" in story
    # The round's deadlines (issue 18): every step, its date and days left on screen, the next
    # one marked.
    card = page.get_by_test_id("round-deadlines")
    card.scroll_into_view_if_needed()
    _on_screen(card)
    for row in card.get_by_test_id("deadline").all():
        row.scroll_into_view_if_needed()
        _on_screen(row.get_by_test_id("days-left"))
        _on_screen(row.locator("time"))
    expect(card.get_by_test_id("next-deadline")).to_have_count(1)
    _fits(page)

    # The equity map: the map and its scale inside the screen.
    page.goto(live_server.url + reverse("equity:index"))
    page.wait_for_selector("[data-testid=equity-map][data-mode=map]")
    page.wait_for_function("() => window.formasiEquityMap !== undefined")
    chart = page.get_by_test_id("equity-map")
    chart.scroll_into_view_if_needed()
    _on_screen(chart)
    legend = page.get_by_test_id("bands-legend")
    if legend.count():
        # Fixed fulfilment bands: the legend is the page's own, under the map, and wraps on a
        # phone; every band in it is inside the screen.
        legend.scroll_into_view_if_needed()
        _on_screen(legend)
        bands = legend.locator("[data-band]")
        assert bands.count() >= 2, "the bands legend lists no bands"
        for index in range(bands.count()):
            _on_screen(bands.nth(index))
    else:
        scale = page.evaluate(SCALE_BOX)
        assert scale is not None, "the map shows no colour scale"
        assert (
            scale["width"] > 100
            and scale["x"] >= 0
            and scale["x"] + scale["width"] <= scale["chartWidth"]
        ), scale
        assert scale["y"] >= 0 and scale["y"] + scale["height"] <= scale["chartHeight"], scale
    _fits(page)
