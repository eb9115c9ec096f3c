"""The import journey in a real browser: upload, preview with an error, fix, commit, progress.

Tasks go through the real django-tasks-db queue; the worker runs in the test's own thread
(`run_worker`), so the page first shows the job waiting and its htmx poll then shows it
finish, as with the worker `formasi demo` starts beside the server.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from formasi.core.xlsx import write_table
from formasi.domain.tabular import read_table
from formasi.transfer.kinds import KINDS, Context
from formasi.workforce.models import Employee
from tests.e2e.builders import run_worker
from tests.e2e.conftest import login
from tests.personas import World


@pytest.fixture(autouse=True)
def _database_task_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _employee_file(world: World, tmp_path: Path, *, golongan: str, birth_date: Any) -> Path:
    """The admin's own export with one changed rank and, maybe, a bad birth date."""
    kind = KINDS["employees"]
    ctx = Context(
        user=world.users["admin_a"], agency=world.agency_a, filename="", today=date.today()
    )
    rows = list(kind.export_rows(ctx))
    target = next(r for r in rows if r["nip"] == world.employee_dinkes.nip)
    target["golongan"] = golongan
    target["birth_date"] = birth_date
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(write_table(kind.columns, rows, "xlsx"))
    return path


def test_upload_preview_fix_commit(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    login(page, live_server, "admin_a")
    nurse = world.employee_dinkes
    future = date(date.today().year + 1, 1, 1)

    # 1. A file with a birth date in the future: the preview lists the error, no commit.
    bad = _employee_file(world, tmp_path, golongan="III/c", birth_date=future)
    page.goto(live_server.url + reverse("transfer:index"))
    page.select_option("#id_kind", "employees")
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():
        page.click("[data-testid=upload-form] button[type=submit]")
    progress = page.locator("[data-testid=job-progress]")
    assert progress.get_attribute("data-state") == "queued"
    run_worker()
    page.wait_for_selector("[data-testid=row-errors]")  # the poll reloaded the page
    errors = page.locator("[data-testid=row-errors]").inner_text()
    assert "Tanggal Lahir" in errors and "masa mendatang" in errors
    assert page.locator("[data-testid=count-invalid]").inner_text() == "1"
    assert page.locator("[data-testid=commit]").count() == 0
    assert page.locator("[data-testid=cannot-commit]").is_visible()

    # 2. The corrected file: one change, no errors; commit and watch the progress finish.
    good = _employee_file(world, tmp_path, golongan="III/c", birth_date=nurse.birth_date)
    page.click("[data-testid=cannot-commit] a")
    page.select_option("#id_kind", "employees")
    page.set_input_files("#id_file", str(good))
    with page.expect_navigation():
        page.click("[data-testid=upload-form] button[type=submit]")
    run_worker()
    page.wait_for_selector("[data-testid=commit]")
    assert page.locator("[data-testid=count-changed]").inner_text() == "1"
    assert page.locator("[data-testid=count-invalid]").inner_text() == "0"
    with page.expect_navigation():
        page.click("[data-testid=commit]")
    assert page.locator("[data-testid=job-progress]").get_attribute("data-state") in (
        "commit_queued",
        "committing",
    )
    run_worker()
    page.wait_for_selector("[data-testid=job-done]")
    assert page.locator(".progress-bar").get_attribute("aria-valuenow") == "100"
    nurse.refresh_from_db()
    assert nurse.golongan == "III/c"
    latest = nurse.history.latest()
    assert latest.history_user == world.users["admin_a"]
    assert latest.history_change_reason == "Impor: pegawai.xlsx"
    assert Employee.unscoped.filter(agency=world.agency_a).count() == 3


def test_map_an_unknown_column_then_export(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    """An OPD's own header ("Nama Pegawai (sesuai SK)") is mapped on the page, the file is
    checked again, and the agency's next file with that header needs no mapping."""
    login(page, live_server, "admin_a")
    kind = KINDS["employees"]
    ctx = Context(
        user=world.users["admin_a"], agency=world.agency_a, filename="", today=date.today()
    )
    text = write_table(kind.columns, list(kind.export_rows(ctx)), "csv").decode("utf-8-sig")
    path = tmp_path / "opd.csv"
    path.write_text(text.replace("Nama,", "Nama Pegawai (sesuai SK),", 1), encoding="cp1252")

    def upload() -> None:
        page.goto(live_server.url + reverse("transfer:index"))
        page.select_option("#id_kind", "employees")
        page.set_input_files("#id_file", str(path))
        with page.expect_navigation():
            page.click("[data-testid=upload-form] button[type=submit]")
        run_worker()

    upload()
    page.wait_for_selector("[data-testid=file-errors]")
    assert "Nama" in page.locator("[data-testid=file-errors]").inner_text()
    with page.expect_navigation():
        page.click("[data-testid=file-errors] a")
    page.get_by_label("Nama Pegawai (sesuai SK)").select_option("name")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    run_worker()
    page.wait_for_selector("[data-testid=summary]")
    assert page.locator("[data-testid=count-unchanged]").inner_text() == "3"

    upload()  # remembered for this agency
    page.wait_for_selector("[data-testid=summary]")
    assert page.locator("[data-testid=nothing-to-do]").is_visible()

    page.goto(live_server.url + reverse("transfer:index"))
    with page.expect_download() as download:
        page.click("[data-testid=export-employees-xlsx]")
    exported = download.value.path().read_bytes()
    table = read_table(exported, "pegawai.xlsx")
    assert table.headers == tuple(c.header for c in kind.columns)
    assert len(table.rows) == 3
