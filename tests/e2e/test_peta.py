"""The peta jabatan in a real browser on the demo city, at 1,366 × 768 (issue 17): the admin
finds the largest shortage of Dinas Kesehatan from the dashboard in at most four actions, and
the evaluator reads an ABK without being able to change it.

The expected shortage is computed here from the database (needs against active employees,
cell by cell), never copied from the page or the code under test.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from formasi.demo.loader import load_demo
from formasi.organization.models import OrgUnit
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed
from tests.e2e.conftest import submit_login

LAPTOP = {"width": 1366, "height": 768}


class Actions:
    """Clicks, selections and typing as a person does them, counted."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def click(self, locator: Any, *, navigates: bool = False) -> None:
        self.count += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
        else:
            locator.click()


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(seed=2026, size=1500)


def _largest_shortages(opd: OrgUnit) -> tuple[int, set[tuple[str, str]]]:
    """The largest shortage of one unit × position cell under the OPD, and the cells with it
    (unit name, position name)."""
    units = OrgUnit.unscoped.filter(path__startswith=opd.path)
    need = {
        (n.unit.name, n.position.name): n.count
        for n in PositionNeed.unscoped.filter(unit__in=units).select_related("unit", "position")
    }
    people = Counter(
        (e.unit.name, e.position.name)
        for e in Employee.unscoped.filter(unit__in=units, active=True).select_related(
            "unit", "position"
        )
    )
    short = {cell: count - people.get(cell, 0) for cell, count in need.items()}
    largest = max(short.values())
    return largest, {cell for cell, value in short.items() if value == largest}


def test_the_admin_finds_the_largest_shortage_of_dinkes_in_four_actions(
    page: Any, live_server: Any, demo: None
) -> None:
    page.set_viewport_size(LAPTOP)
    submit_login(page, live_server, "admin", "formasi-demo")
    assert page.url == live_server.url + reverse("workforce:dashboard")
    dinkes = OrgUnit.unscoped.get(name="Dinas Kesehatan", kind=OrgUnit.Kind.OPD)
    expected, cells = _largest_shortages(dinkes)
    assert expected > 0

    act = Actions(page)
    toggle = page.get_by_test_id("menu-toggle")
    if toggle.is_visible():  # folded below 1,400 px
        act.click(toggle)
    item = f"a.dropdown-item[href='{reverse('workload:peta')}']"
    peta_link = page.locator(f"#main-menu {item}")
    group = page.locator("#main-menu .dropdown").filter(has=page.locator(item))
    act.click(group.locator("a.dropdown-toggle").first)
    act.click(peta_link, navigates=True)
    act.click(
        page.get_by_test_id("opd-list").get_by_text("Dinas Kesehatan", exact=True), navigates=True
    )
    assert act.count <= 4

    first = page.get_by_test_id("top-shortage").get_by_test_id("top-shortage-item").first
    expect(first).to_be_visible()
    shown = int(re.sub(r"\D", "", first.get_by_test_id("top-count").inner_text()))
    assert shown == expected
    position = first.get_by_test_id("top-position").inner_text()
    unit = first.get_by_test_id("top-unit").inner_text()
    assert (unit, position) in cells
    expect(first).to_be_in_viewport()  # the summary is on the first screen

    # Its link opens the unit in the tree and shows the row.
    with page.expect_navigation():
        first.click()
    row = page.locator("tr[id^=row-]").filter(has_text=position).first
    expect(row).to_be_visible()
    expect(row.get_by_test_id("gap")).to_contain_text(str(expected))

    # The unit tree folds and opens in place (htmx), and a filter lives in the URL.
    page.goto(live_server.url + reverse("workload:peta_opd", args=[dinkes.pk]))
    toggle = page.locator("[data-testid^=toggle-]").first
    unit_id = toggle.get_attribute("data-testid").removeprefix("toggle-")
    body = page.get_by_test_id(f"peta-unit-{unit_id}")
    expect(body).to_have_attribute("data-open", "0")
    toggle.click()
    expect(body).to_have_attribute("data-open", "1")
    expect(body.locator("tr[id^=row-]").first).to_be_visible()
    page.get_by_test_id(f"toggle-{unit_id}").click()
    expect(body).to_have_attribute("data-open", "0")
    assert body.locator("tr[id^=row-]").count() == 0
    page.select_option("#id_gap", "short")
    page.wait_for_url(re.compile(r"gap=short"))
    expect(page.locator("#id_gap")).to_have_value("short")
    assert "gap=short" in page.get_by_test_id("peta-xlsx").get_attribute("href")


def test_the_evaluator_reads_an_abk_without_a_form(page: Any, live_server: Any, demo: None) -> None:
    page.set_viewport_size(LAPTOP)
    need = (
        PositionNeed.unscoped.filter(source="abk", tasks__isnull=False)
        .select_related("unit", "position")
        .order_by("unit__path", "position__name")
        .first()
    )
    assert need is not None
    submit_login(page, live_server, "evaluator", "formasi-demo")
    page.goto(live_server.url + reverse("workload:abk", args=[need.unit_id, need.position_id]))
    card = page.get_by_test_id("abk-read-only")
    expect(card).to_be_visible()
    first_task = need.tasks.order_by("order", "id").first()
    assert first_task is not None
    expect(card).to_contain_text(first_task.description)
    assert page.locator("#abk-form").count() == 0
    assert page.get_by_test_id("abk-save").count() == 0
    assert page.get_by_test_id("abk-upload").count() == 0
    expect(page.get_by_test_id("result-count")).to_have_text(str(need.count))
