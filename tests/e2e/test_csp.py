"""The Content-Security-Policy (issue 13) blocks nothing the app itself needs: charts and their
tooltips, htmx swaps and its indicator, the language menu, the API docs (Swagger UI).

The `page` fixture fails the test on any console report of a blocked script or style."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.builders import CHARTS_DRAWN, unfold_menu
from tests.e2e.conftest import login
from tests.personas import World

pytestmark = pytest.mark.e2e


def test_pages_work_under_the_content_security_policy(
    page: Any, live_server: Any, world: World
) -> None:
    seen: list[str] = []
    page.on("response", lambda r: seen.append(r.headers.get("content-security-policy", "")))
    login(page, live_server, "admin_a")
    assert any("script-src 'self'" in policy for policy in seen)

    # Dashboard: every chart drawn, the OPD chart at the height the page asked for.
    page.wait_for_function(CHARTS_DRAWN)
    wanted = page.get_attribute("#chart-opd", "data-height")
    assert page.evaluate("getComputedStyle(document.querySelector('#chart-opd')).height") == (
        f"{wanted}px"
    )
    box = page.locator("#chart-opd").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20)  # a tooltip (HTML with styles)

    # Employee list: a filter swaps the table through htmx without reloading the page.
    page.goto(live_server.url + reverse("workforce:employee_list"))
    page.evaluate("window.__noReload = true")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as hx:
        page.select_option("#id_district", str(world.district_a2.pk))
    assert hx.value.status == 200
    expect(page.locator("#filter-spinner")).to_be_hidden()
    assert page.evaluate("window.__noReload === true")

    # The language menu submits itself (no inline onchange handler).
    unfold_menu(page)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The API docs: Swagger UI from our own static files renders the API's title.
    page.goto(live_server.url + reverse("api:openapi-view"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Formasi API")

    # Django's admin (its scripts are files with data attributes) and a change form.
    page.goto(live_server.url + reverse("admin:index"))
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(
        live_server.url + reverse("admin:organization_orgunit_change", args=[world.dinkes.pk])
    )
    expect(page.locator("#content-main form")).to_be_visible()
