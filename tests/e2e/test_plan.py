"""Browser test of the five-year plan: the admin creates a what-if scenario with a 25 % cap,
the task worker (in the test's thread) computes it, the page's htmx poll shows the result,
then the comparison and the PDF (made by the worker while its page shows the progress)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from formasi.planning.models import Scenario
from tests.e2e.builders import run_worker
from tests.e2e.conftest import login
from tests.personas import World
from tests.planning.builders import add_plan_data, baseline


@pytest.fixture(autouse=True)
def _database_task_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_what_if_scenario_compare_and_pdf(page: Any, live_server: Any, world: World) -> None:
    add_plan_data(world)
    base = baseline(world)
    login(page, live_server, "admin_a")
    page.goto(live_server.url + reverse("planning:plan"))
    page.wait_for_selector("[data-testid=yearly-table]")
    page.fill("#id_name", "Batas 25 %")
    page.fill("#id_cap_percent", "25")
    with page.expect_navigation():
        page.click("[data-testid=scenario-form] button[type=submit]")
    progress = page.locator("[data-testid=scenario-progress]")
    assert progress.get_attribute("data-state") == "queued"
    run_worker()
    page.wait_for_selector("[data-testid=yearly-table]")  # the poll reloaded the page
    what_if = Scenario.unscoped.get(name="Batas 25 %")
    assert what_if.state == "done" and what_if.result["budget"]["cap"] == 0.25

    page.click("[data-testid=compare-link]")
    page.wait_for_selector("[data-testid=compare-table]")
    table = page.locator("[data-testid=compare-table]").inner_text().lower()  # CSS uppercases
    assert "batas 25 %" in table and base.name.lower() in table

    page.goto(live_server.url + f"{reverse('planning:plan')}?skenario={what_if.pk}")
    page.click("[data-testid=pdf-link]")  # the PDF page asks the worker for it as it loads
    page.wait_for_selector("[data-testid=pdf-progress][data-state=queued]")
    run_worker()
    page.wait_for_selector("[data-testid=pdf-download]")  # the poll shows the download
    with page.expect_download() as download:
        page.click("[data-testid=pdf-download]")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    from tests.planning.builders import pdf_text

    title, text = pdf_text(data)
    flat = " ".join(text.split())
    assert "Rencana Kebutuhan" in title and world.agency_a.name in title
    assert "Rencana Kebutuhan ASN" in flat and world.agency_a.name in flat
    assert "Batas 25 %" in flat
