"""Browser test of the placement: the admin starts a new-hire run, the task worker (in the
test's thread) computes it, the page's htmx poll shows "optimal", the maps use the fixed
fulfilment bands, the admin rejects one line, accepts the rest after a dialog that names how
many, and downloads the SK draft xlsx."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.placement.models import PlacementLine, PlacementRun
from tests.e2e.builders import open_menu, run_worker
from tests.e2e.conftest import login
from tests.personas import World
from tests.placement.builders import YEAR, add_placement_data


@pytest.fixture(autouse=True)
def _database_task_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_new_hire_run_accept_all_and_xlsx(page: Any, live_server: Any, world: World) -> None:
    add_placement_data(world)
    login(page, live_server, "admin_a")
    open_menu(page, reverse("placement:run_list"))
    page.wait_for_selector("[data-testid=run-form]")
    page.fill("#id_name", "Formasi 2026")
    page.fill("#id_year", str(YEAR))
    page.click("[data-placement-toggle-areas]")  # tick every kecamatan
    with page.expect_navigation():
        page.click("[data-testid=run-form] button[type=submit]")
    assert page.locator("[data-testid=run-progress]").get_attribute("data-state") == "queued"
    run_worker()
    page.wait_for_selector("[data-testid=solver-status]")  # the poll reloaded the page
    status = page.locator("[data-testid=solver-status]").inner_text()
    assert "optimal" in status.lower()
    assert page.locator("[data-testid=line]").count() == 3
    page.wait_for_selector("[data-testid=before-after] canvas, [data-testid=before-after] svg")
    # The before/after maps (bubbles: the test regions have centres, no boundaries).
    for side in ("before", "after"):
        page.wait_for_selector(f"[data-testid=map-{side}] canvas, [data-testid=map-{side}] svg")
    drawn = page.evaluate(
        """() => ["before", "after"].map((k) => {
             const c = window.formasiBeforeAfterMaps && window.formasiBeforeAfterMaps[k];
             return c ? c.getOption().series[0].data.length : 0; })"""
    )
    assert drawn == [2, 2]

    # The maps are coloured by the fixed bands; the legend is in Indonesian.
    assert "di bawah 80 %" in page.locator("[data-testid=bands-legend]").inner_text()
    pieces = page.evaluate(
        "() => window.formasiBeforeAfterMaps.before.getOption().visualMap[0].pieces.length"
    )
    assert pieces == 4

    # One line by htmx, then the rest with "accept all": the dialog names the two left.
    first = page.locator("[data-testid=line]").first
    first.locator("[data-testid=reject]").click()
    page.wait_for_selector("[data-testid=line][data-decision=rejected]")
    page.click("[data-testid=accept-all]")
    dialog = page.locator("#confirm-accept-all")
    dialog.wait_for(state="visible")
    assert "Terima 2 baris usulan penempatan?" in dialog.inner_text()
    assert PlacementLine.unscoped.filter(decision="accepted").count() == 0  # nothing yet
    with page.expect_navigation():
        page.click("[data-testid=confirm-accept-all-submit]")
    decisions = PlacementLine.unscoped.filter(run__name="Formasi 2026").values_list(
        "decision", flat=True
    )
    assert sorted(decisions) == ["accepted", "accepted", "rejected"]
    assert page.locator("[data-testid=line][data-decision=accepted]").count() == 2

    with page.expect_download() as download:
        page.click("[data-testid=xlsx-link]")
    data = Path(download.value.path()).read_bytes()
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "No")
    decision = rows[top].index("Keputusan")
    lines = [r for r in rows[top + 1 :] if isinstance(r[0], int)]
    assert sorted(r[decision] for r in lines) == ["diterima", "diterima", "ditolak"]
    assert rows[top][:5] == ("No", "Nomor peserta / NIP", "Nama", "Status", "Golongan/ruang")
    run = PlacementRun.unscoped.get(name="Formasi 2026")
    assert run.state == "done" and sorted(run.areas) == ["62.71.01", "62.71.05"]
