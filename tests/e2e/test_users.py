"""Issue 16 in a real browser at 1,366 × 768: the BKPSDM admin invites an operator for Dinas
Kominfo, the operator sets a password from the link and sees only Kominfo; the admin moves the
operator to Dinas Pendidikan and the operator's view changes; the admin deactivates them and the
operator's next page is the login page.

Expected names come from the database through the app's scope rule, never hard-coded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from formasi.accounts.models import User
from formasi.core.permissions import Action
from formasi.workforce.models import Employee
from tests import builders as build
from tests.e2e.builders import open_menu
from tests.e2e.conftest import login, submit_login
from tests.personas import World

pytestmark = pytest.mark.e2e

SCREEN = {"width": 1366, "height": 768}
NAME_LINKS = "[data-testid=employee-table] tbody tr td:first-child a"
NEW_PASSWORD = "Kominfo-Palangka-2026"


@pytest.fixture
def operator_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A second browser (its own cookies): the invited operator's."""
    context = browser.new_context(base_url=live_server.url, viewport=SCREEN, locale="id-ID")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _names_for(username: str) -> list[str]:
    """The active employees the user may see, by the app's own scope rule."""
    user = User.objects.get(username=username)
    return sorted(Employee.objects.visible_to(user, Action.VIEW).values_list("name", flat=True))


def _listed(page: Any, live_server: Any) -> list[str]:
    page.goto(live_server.url + reverse("workforce:employee_list"))
    return sorted(page.locator(NAME_LINKS).all_inner_texts())


def test_invite_move_and_deactivate_an_operator(
    page: Any, operator_page: Any, live_server: Any, world: World
) -> None:
    kominfo = build.unit(
        world.agency_a, "Dinas Komunikasi dan Informatika", region_obj=world.district_a,
        code="KOMINFO",
    )  # fmt: skip
    build.employee(kominfo, world.nurse_position, "Rudi Hartono", birth=date(1988, 2, 3))
    page.set_viewport_size(SCREEN)

    # The admin invites an operator for Dinas Kominfo from the Users page.
    login(page, live_server, "admin_a")
    open_menu(page, reverse("accounts:user_list"))
    page.get_by_test_id("user-add").click()
    page.fill("#id_username", "op_kominfo")
    page.fill("#id_full_name", "Operator Kominfo")
    page.select_option("#id_role", "opd_operator")
    page.select_option("#id_unit", str(kominfo.pk))
    page.get_by_role("button", name="Buat dan undang").click()
    link = page.get_by_test_id("invitation-link").input_value()
    assert link.startswith(live_server.url)

    # The operator sets a password from the link, logs in and sees only Kominfo.
    operator_page.goto(link)
    operator_page.fill("#id_new_password1", NEW_PASSWORD)
    operator_page.fill("#id_new_password2", NEW_PASSWORD)
    operator_page.get_by_role("button", name="Simpan kata sandi").click()
    expect(operator_page).to_have_url(live_server.url + reverse("accounts:login"))
    submit_login(operator_page, live_server, "op_kominfo", NEW_PASSWORD)
    expect(operator_page).to_have_url(live_server.url + reverse("workforce:dashboard"))
    kominfo_names = _names_for("op_kominfo")
    assert kominfo_names == ["Rudi Hartono"]
    assert _listed(operator_page, live_server) == kominfo_names
    operator_page.goto(link)  # the link works once
    assert operator_page.get_by_text("sudah dipakai").count() == 1

    # The admin moves the operator to Dinas Pendidikan: the operator's view changes.
    page.goto(live_server.url + reverse("accounts:user_list"))
    page.get_by_role("link", name="op_kominfo").click()
    page.select_option("#id_unit", str(world.disdik.pk))
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("op_kominfo")
    disdik_names = _names_for("op_kominfo")
    assert disdik_names and "Rudi Hartono" not in disdik_names
    assert _listed(operator_page, live_server) == disdik_names

    # The admin deactivates the operator: their session ends at once.
    page.locator("tr", has_text="op_kominfo").get_by_role("link", name="Nonaktifkan").click()
    page.get_by_role("button", name="Nonaktifkan").click()
    expect(page.get_by_role("alert")).to_contain_text("op_kominfo")
    operator_page.goto(live_server.url + reverse("workforce:employee_list"))
    assert operator_page.url.startswith(live_server.url + reverse("accounts:login"))
    assert not User.objects.get(username="op_kominfo").is_active
