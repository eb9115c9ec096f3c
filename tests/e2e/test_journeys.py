"""What a person does in a real browser: log in, read the dashboard, filter, add, switch language.

Expected figures come from the database through the same scope rule the app uses
(`Employee.objects.visible_to`), never from hard-coded numbers.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from formasi.core.permissions import Action
from formasi.organization.models import Region
from formasi.workforce.models import Employee
from tests import builders as build
from tests.e2e.builders import CHARTS_DRAWN, log_out, open_menu, unfold_menu
from tests.e2e.conftest import login, submit_login
from tests.personas import PERSONAS, World

pytestmark = pytest.mark.e2e

LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]
NAME_LINKS = "[data-testid=employee-table] tbody tr td:first-child a"
# All four dashboard charts are ECharts instances whose entry animation has finished.


def _in_language(code: str, message: str) -> str:
    with translation.override(code):
        return gettext(message)


def _visible_active(user: Any) -> list[Employee]:
    qs = Employee.objects.visible_to(user, Action.VIEW).filter(active=True)
    return list(qs.select_related("unit__region__parent"))


def _district_of(region: Region | None) -> Region | None:
    while region is not None and region.level != Region.Level.DISTRICT:
        region = region.parent
    return region


def _listed_names(page: Any) -> list[str]:
    return sorted(page.locator(NAME_LINKS).all_inner_texts())


def _district_for(world: World, persona: str) -> Region:
    """A kecamatan of the persona's agency; in agency A the one whose puskesmas sits in a
    kelurahan, so the filter has to look one level up the region tree."""
    return world.opd_b.region if persona == "admin_b" else world.district_a2


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_persona_journey(page: Any, live_server: Any, world: World, persona: str) -> None:
    user = world.users[persona]
    visible = _visible_active(user)

    # Log in through the form and land on the dashboard with this persona's headcount.
    login(page, live_server, persona)
    total = page.locator("[data-testid=total]")
    expect(total).to_be_visible()
    assert int(re.sub(r"\D", "", total.inner_text())) == len(visible)

    # The employee list, from the navigation bar: exactly the persona's employees.
    open_menu(page, reverse("workforce:employee_list"))
    assert page.url.startswith(live_server.url + reverse("workforce:employee_list"))
    assert _listed_names(page) == sorted(e.name for e in visible)

    # Filter by kecamatan: htmx swaps the table in place (no page load) and pushes the URL.
    district = _district_for(world, persona)
    expected = sorted(e.name for e in visible if _district_of(e.unit.region) == district)
    page.evaluate(
        "window.__noReload = true;"
        "document.querySelector('#employee-table > .card').dataset.stale = '1';"
    )
    with page.expect_response(
        lambda r: "district=" in r.url and r.request.headers.get("hx-request") == "true"
    ) as hx:
        page.select_option("#id_district", str(district.pk))
    assert hx.value.status == 200
    page.wait_for_selector("#employee-table > .card:not([data-stale])", state="attached")
    assert page.evaluate("window.__noReload === true"), "the filter reloaded the whole page"
    assert _listed_names(page) == expected
    assert f"district={district.pk}" in page.url

    if persona == "admin_a":
        assert expected and len(expected) < len(visible), "the world should make the filter bite"
        # Back to the dashboard for a screenshot once the charts are drawn.
        with page.expect_navigation():
            page.click(".navbar-brand")
        page.wait_for_function(CHARTS_DRAWN)
        shot = Path(django_settings.DATA_DIR) / "dashboard.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))

    log_out(page, live_server)
    expect(page.locator("[data-testid=user-menu]")).to_have_count(0)
    page.goto(live_server.url + reverse("workforce:dashboard"))
    assert page.url.startswith(live_server.url + reverse("accounts:login"))


def test_operator_cannot_reach_another_opds_employee(
    page: Any, live_server: Any, world: World
) -> None:
    outsider = world.employee_disdik
    login(page, live_server, "operator_dinkes_a")

    response = page.goto(live_server.url + reverse("workforce:employee_detail", args=[outsider.pk]))
    assert response is not None and response.status == 404
    expect(page.locator(".empty-title")).to_have_text(_in_language("id", "Not found"))
    assert outsider.name not in page.content()

    page.goto(live_server.url + reverse("workforce:employee_list"))
    names = _listed_names(page)
    assert world.employee_dinkes.name in names  # the list itself works
    assert outsider.name not in names
    assert outsider.name not in page.content()

    page.goto(live_server.url + reverse("workforce:employee_list") + "?q=Dewi")
    assert _listed_names(page) == []


def test_admin_adds_employee_nip_must_match_birth_date(
    page: Any, live_server: Any, world: World
) -> None:
    born = date(1990, 1, 2)
    nip = build.nip_for(born, "M", tmt=(2015, 3), seq=7)
    before = Employee.unscoped.count()
    login(page, live_server, "admin_a")

    page.goto(live_server.url + reverse("workforce:employee_list"))
    with page.expect_navigation():
        page.click(f"a[href='{reverse('workforce:employee_add')}']")
    page.fill("#id_name", "Rizky Pratama")
    page.select_option("#id_status", "pns")
    page.fill("#id_nip", f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")
    page.select_option("#id_sex", "M")
    page.fill("#id_birth_place", "Palangka Raya")
    page.fill("#id_birth_date", "1991-01-02")  # NIP says 2 January 1990
    page.select_option("#id_position", str(world.nurse_position.pk))
    page.select_option("#id_unit", str(world.dinkes.pk))
    save = page.locator("form.card button[type=submit]")
    with page.expect_navigation():
        save.click()

    expect(page.locator("[data-testid=form-errors]")).to_be_visible()
    errors = page.locator(".invalid-feedback")
    expect(errors).to_have_count(1)
    expect(errors).to_have_attribute("data-field", "nip")
    expect(errors).to_contain_text("02-01-1990")
    expect(errors).to_contain_text("02-01-1991")
    assert Employee.unscoped.count() == before

    # The form kept what was typed; correct the birth date and save.
    expect(page.locator("#id_name")).to_have_value("Rizky Pratama")
    page.fill("#id_birth_date", born.isoformat())
    with page.expect_navigation():
        save.click()

    assert Employee.unscoped.count() == before + 1
    created = Employee.unscoped.get(nip=nip)
    assert created.birth_date == born
    assert page.url == live_server.url + reverse("workforce:employee_detail", args=[created.pk])
    expect(page.locator("h1.page-title")).to_have_text("Rizky Pratama")
    rows = page.locator("[data-testid=history] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(1)).to_have_text("admin_a")
    expect(rows.locator("td").nth(2)).to_have_text(_in_language("id", "created"))


def test_login_throttling_locks_out_after_five_failures(
    page: Any, live_server: Any, world: World, settings: Any
) -> None:
    settings.AXES_ENABLED = True  # tests/conftest.py turns it off for every other test
    wrong_message = page.locator(".alert-danger[role=alert]")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = submit_login(page, live_server, "admin_a", "wrong-password")
        assert response.status == 200
        expect(wrong_message).to_be_visible()
        expect(page.locator("[data-testid=locked-out]")).to_have_count(0)

    # The fifth failure reaches the limit: django-axes answers it with the lockout page ...
    response = submit_login(page, live_server, "admin_a", "wrong-password")
    assert response.status == 429
    expect(page.locator("[data-testid=locked-out]")).to_be_visible()
    # ... and the sixth attempt is refused even with the right password.
    response = submit_login(page, live_server, "admin_a")
    assert response.status == 429
    expect(page.locator("[data-testid=locked-out]")).to_be_visible()
    page.goto(live_server.url + reverse("workforce:dashboard"))
    assert page.url.startswith(live_server.url + reverse("accounts:login")), "not logged in"


def test_language_switcher(page: Any, live_server: Any, world: World) -> None:
    login(page, live_server, "leader_a")
    html = page.locator("html")
    title = page.locator("h1.page-title")
    expect(html).to_have_attribute("lang", "id")
    expect(title).to_have_text(_in_language("id", "Workforce dashboard"))

    for code in ("en", "id"):
        unfold_menu(page)
        with page.expect_navigation():
            page.select_option("select[name=language]", code)
        expect(html).to_have_attribute("lang", code)
        expect(title).to_have_text(_in_language(code, "Workforce dashboard"))
        assert page.url == live_server.url + reverse("workforce:dashboard")  # stays on the page
