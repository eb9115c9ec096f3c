"""The planner's journey on the demo city at 1,366 × 768 (issue 17): from the menu, create a
scenario with a 25 % cap, read the warning that the staff alone exceed it, compare it with
the baseline (charts drawn) and download the plan PDF — in at most ten actions, counted.

An action is a click (counted in the browser: every trusted click, the menu's included) or a
field filled or a page left with the back button (counted here). Logging in is not part of
the journey; the task worker computing the scenario is the server's, not the planner's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from formasi.demo.loader import load_demo
from formasi.planning.models import Scenario
from tests.e2e.builders import open_menu, run_worker
from tests.e2e.conftest import submit_login

MOST_ACTIONS = 10
COUNT_CLICKS = """
document.addEventListener("click", (event) => {
  if (!event.isTrusted) return;
  const clicks = Number(sessionStorage.getItem("e2e-clicks") || 0);
  sessionStorage.setItem("e2e-clicks", String(clicks + 1));
}, true);
"""
COMPARE_CHARTS_DRAWN = """() => {
  const nodes = [...document.querySelectorAll('[data-testid=compare-charts] .chart')];
  return nodes.length === 3 && typeof echarts !== 'undefined' && nodes.every((node) => {
    const chart = echarts.getInstanceByDom(node);
    return chart && node.querySelector('canvas') && chart.getZr().animation.isFinished();
  });
}"""


@pytest.fixture(autouse=True)
def _database_task_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(seed=2026, size=1500)
    run_worker()  # the demo's baseline and what-if, as `formasi demo` computes them


class _Actions:
    """Fills and back-navigations counted here; clicks counted by the page (COUNT_CLICKS)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.here = 0
        page.evaluate("() => sessionStorage.setItem('e2e-clicks', '0')")

    def fill(self, selector: str, value: str) -> None:
        self.here += 1
        self.page.fill(selector, value)

    def back(self) -> None:
        self.here += 1
        with self.page.expect_navigation():
            self.page.go_back()

    @property
    def total(self) -> int:
        clicks = self.page.evaluate("() => Number(sessionStorage.getItem('e2e-clicks') || 0)")
        return self.here + int(clicks)


def test_create_a_25_percent_scenario_compare_and_download_the_pdf(
    page: Any, live_server: Any, demo: None
) -> None:
    page.add_init_script(COUNT_CLICKS)
    submit_login(page, live_server, "admin", "formasi-demo")
    actions = _Actions(page)

    open_menu(page, reverse("planning:plan"))  # 2-3 clicks: the fold, the group, the link
    page.wait_for_selector("[data-testid=scenario-form]")
    actions.fill("#id_name", "Batas 25 %")
    actions.fill("#id_cap_percent", "25")
    with page.expect_navigation():
        page.click("[data-testid=scenario-form] button[type=submit]")
    run_worker()
    page.wait_for_selector("[data-testid=yearly-table]", timeout=30_000)  # the poll reloaded
    what_if = Scenario.unscoped.get(name="Batas 25 %")
    assert what_if.state == "done"

    # The warning names the years the staff alone exceed the cap, and says why.
    over = [r["year"] for r in what_if.result["budget"]["rows"] if r["ratio_without_plan"] > 0.25]
    assert over, "the demo's staff alone exceed a 25 % cap in its first year"
    warning = page.locator("[data-testid=cap-warning]")
    expect(warning).to_be_visible()
    text = warning.inner_text()
    assert all(str(year) in text for year in over)
    assert "Pegawai yang ada saja sudah melampaui batas" in text
    # The recruitment table fits its card: it scrolls inside it, the year column stays.
    fits = page.evaluate(
        """() => {
      const scroll = document.querySelector('[data-testid=yearly-scroll]');
      const card = scroll.closest('.card').getBoundingClientRect();
      return card.right <= window.innerWidth && scroll.getBoundingClientRect().right <= card.right;
    }"""
    )
    assert fits
    expect(page.locator("[data-testid=lag-note]")).to_contain_text("tahun berikutnya")

    with page.expect_navigation():
        page.click("[data-testid=compare-link]")
    page.wait_for_function(COMPARE_CHARTS_DRAWN)
    table = page.locator("[data-testid=compare-table]").inner_text().lower()  # CSS uppercases
    baseline = Scenario.unscoped.get(is_baseline=True)
    assert "batas 25 %" in table and baseline.name.lower() in table

    actions.back()
    page.wait_for_selector("[data-testid=pdf-link]")
    page.click("[data-testid=pdf-link]")  # the PDF page asks the worker for it as it loads
    page.wait_for_selector("[data-testid=pdf-progress][data-state=queued]")
    run_worker()  # the server's worker, not the planner
    page.wait_for_selector("[data-testid=pdf-download]", timeout=60_000)  # the poll offers it
    with page.expect_download() as download:
        page.click("[data-testid=pdf-download]")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")

    assert actions.total <= MOST_ACTIONS, f"{actions.total} actions"
