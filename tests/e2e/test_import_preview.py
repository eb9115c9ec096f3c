"""Issue 15 in a real browser at 1,366×768: upload a file with changes and one invalid
row, see the changes old → new under "Diubah", leave the invalid row out, write the rest."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from formasi.core.xlsx import write_table
from formasi.transfer.kinds import KINDS, Context
from formasi.workforce.models import Employee
from tests.e2e.builders import run_worker
from tests.e2e.conftest import login
from tests.personas import World

SCREEN = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def _database_task_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_preview_filter_leave_out_and_commit(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    page.set_viewport_size(SCREEN)  # a common office laptop
    login(page, live_server, "admin_a")
    kind = KINDS["employees"]
    ctx = Context(
        user=world.users["admin_a"], agency=world.agency_a, filename="", today=date.today()
    )
    rows = list(kind.export_rows(ctx))
    nurse = next(r for r in rows if r["nip"] == world.employee_dinkes.nip)
    nurse["golongan"] = "III/c"
    teacher = next(r for r in rows if r["nip"] == world.employee_disdik.nip)
    teacher["birth_date"] = date(date.today().year + 1, 1, 1)  # invalid: in the future
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(write_table(kind.columns, rows, "xlsx"))

    page.goto(live_server.url + reverse("transfer:index"))
    page.select_option("#id_kind", "employees")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("[data-testid=upload-form] button[type=submit]")
    run_worker()
    page.wait_for_selector("[data-testid=preview]")

    # "Diubah": the nurse's rank, old → new.
    with page.expect_navigation():
        page.click("[data-testid=filter-changed]")
    listed = page.locator("[data-testid=preview-row]")
    assert listed.count() == 1
    change = listed.first.locator("[data-testid=change]").inner_text()
    assert "Golongan" in change and "III/c" in change and "→" in change
    assert world.employee_dinkes.name in listed.first.inner_text()

    # The preview fits the screen's width (its table scrolls inside the card if need be).
    box = page.locator("[data-testid=preview]").bounding_box()
    assert box is not None and box["x"] + box["width"] <= SCREEN["width"]

    # The invalid row is listed by name; leave it out and write the rest.
    leave_out = page.locator("[data-testid=leave-out]")
    assert world.employee_disdik.name in leave_out.inner_text()
    assert page.locator("[data-testid=commit]").count() == 0
    page.check("[data-testid=leave-out-confirm]")
    with page.expect_navigation():
        page.click("[data-testid=commit-others]")
    run_worker()
    page.wait_for_selector("[data-testid=job-done]")
    employee = Employee.unscoped.get(pk=world.employee_dinkes.pk)
    assert employee.golongan == "III/c"
    untouched = Employee.unscoped.get(pk=world.employee_disdik.pk)
    assert untouched.birth_date == world.employee_disdik.birth_date
